"""PDF writer: the shared XHTML laid out by WeasyPrint with the shipped stylesheet and fonts.

WeasyPrint, and through it the Pango and cairo system libraries, is imported only inside
``render``: the registry imports this package lazily, and even then a machine without Pango gets a
``DependencyError`` with install instructions rather than a traceback.

Output is reproducible: dates come from the article, the PDF ``/ID`` from a digest of the model,
fonts from ``styles/fonts`` (never the system), so the same article gives the same bytes.
"""

from __future__ import annotations

import os
from types import ModuleType
from typing import Any

from ...diagnostics import Diagnostic
from ...labels import label
from ...model import Article
from ...options import WriteOptions
from ...resources import styles_dir
from ...user_files import read_stylesheet
from ...walk import figures, plain_text
from .. import Rendered, write_rendered
from ..moments import NO_DATE
from .bounds import large_tables
from .document import (
    PAPERS,
    Paper,
    css_string,
    page_css,
    paper_geometry,
    pdf_identifier,
    resource_url,
    source_date_epoch,
    xhtml,
)
from .engine import import_weasyprint
from .images import Downsampled, downsample, sanitise_drawings
from .layout import Layout, render_layout
from .standards import attachments, check_standard

# What a document made of several articles (a bulletin) composes with: each article's XHTML,
# the paper geometries, photo downsampling, and one render of the composed document.
__all__ = [
    "NO_DATE",
    "PAPERS",
    "Downsampled",
    "Layout",
    "Paper",
    "css_string",
    "downsample",
    "import_weasyprint",
    "render",
    "render_layout",
    "resource_url",
    "write",
    "xhtml",
]

# Photo resolution caps (``--image-dpi`` overrides): 300 ppi is what offset and office printers
# resolve; 150 ppi is sharp on a screen at 100-150 % zoom and halves the file again.
PRINT_DPI = 300
SCREEN_DPI = 150


def _missing_image_warnings(article: Article) -> list[Diagnostic]:
    lang = article.metadata.language or "en"
    return [
        Diagnostic(
            "missing-image",
            f"image not found in the saved page; printed a '{label('missing_image', lang)}' placeholder",
            fig.image.src,
        )
        for fig in figures(article.blocks)
        if article.resource(fig.image.resource) is None
    ]


def _figures_without_alt(article: Article) -> list[Diagnostic]:
    return [
        Diagnostic("figure-without-alt", "photo has neither alt text nor caption; its figure number stands in "
                "as the PDF/UA alternate description", fig.image.src)
        for fig in figures(article.blocks)
        if fig.image.resource is not None and not (fig.image.alt.strip() or plain_text(fig.caption).strip())
    ]


def render(article: Article, options: WriteOptions) -> Rendered:
    """The PDF of ``article``; warnings for missing images and renderer problems. Nothing is written.

    A one-article document laid out by :func:`render_layout`, as a bulletin is a many-article one.
    """
    import_weasyprint()  # a machine without Pango learns it before any work is done
    standard = check_standard(options.pdf_standard)
    warnings = _missing_image_warnings(article)
    generated_css, paper_warnings = page_css(article, options.paper)
    warnings += paper_warnings
    warnings += large_tables(article)
    if standard == "pdf/ua-1":
        warnings += _figures_without_alt(article)
    css = [(generated_css, styles_dir().resolve().as_uri() + "/")]
    if options.css is not None:
        css.append((read_stylesheet(options.css), options.css.resolve().as_uri()))
    dpi = options.image_dpi or (SCREEN_DPI if options.screen else PRINT_DPI)
    smaller = downsample(sanitise_drawings(article), paper_geometry(options.paper) or PAPERS["a4"], dpi)
    source = options.source

    def archive(weasyprint: ModuleType, fetcher: Any) -> list[Any]:
        return attachments(weasyprint, article, source, fetcher)

    # The /ID and the archived model JSON come from the article as given; WeasyPrint lays out the
    # one with downsampled photos.
    layout = Layout(xhtml(smaller.article, smaller.resolutions), smaller.article.resources, tuple(css),
                    pdf_identifier(article), source_date_epoch(article), standard=standard,
                    source_url=article.metadata.source_url, archive=archive if standard == "pdf/a-3u" else None)
    data, more = render_layout(layout)
    return Rendered(data, tuple(warnings + more))


def write(article: Article, target: str | os.PathLike[str], options: WriteOptions) -> list[Diagnostic]:
    """:func:`render` written to ``target`` atomically."""
    return write_rendered(render, article, target, options)
