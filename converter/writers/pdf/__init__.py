"""PDF writer: the shared XHTML laid out by WeasyPrint with the shipped stylesheet and fonts.

WeasyPrint, and through it the Pango and cairo system libraries, is imported only inside
``write``: the registry imports this package lazily, and even then a machine without Pango gets a
``DependencyError`` with install instructions rather than a traceback.

Output is reproducible: dates come from the article, the PDF ``/ID`` from a digest of the model,
fonts from ``styles/fonts`` (never the system), so the same article gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from ...diagnostics import Warning
from ...labels import label
from ...model import Article
from ...options import WriteOptions
from ...resources import style_path, styles_dir
from ...user_files import read_stylesheet
from ...walk import figures, plain_text
from .bounds import large_tables
from .document import GENERATOR, PAPERS, page_css, paper_geometry, pdf_identifier, source_date_epoch, xhtml
from .engine import RENDER_LOCK, collect_renderer_messages, import_weasyprint, pinned_source_date_epoch
from .images import downsample, sanitise_drawings
from .standards import check_standard

# Photo resolution caps (``--image-dpi`` overrides): 300 ppi is what offset and office printers
# resolve; 150 ppi is sharp on a screen at 100-150 % zoom and halves the file again.
PRINT_DPI = 300
SCREEN_DPI = 150

def _missing_image_warnings(article: Article) -> list[Warning]:
    lang = article.metadata.language or "en"
    return [
        Warning(
            "missing-image",
            f"image not found in the saved page; printed a '{label('missing_image', lang)}' placeholder",
            fig.image.src,
        )
        for fig in figures(article.blocks)
        if article.resource(fig.image.resource) is None
    ]


@dataclass(frozen=True, slots=True)
class _Job:
    """Everything one render needs, prepared before taking the render lock."""

    article: Article  # as given: the /ID and the archived model JSON come from it
    printed: Article  # with downsampled photos: what WeasyPrint lays out
    resolutions: dict[str, float]  # image-resolution of each downsampled photo
    generated_css: str
    user_css: tuple[str, Path] | None
    standard: str | None
    source: Path | None


def _render(weasyprint: ModuleType, job: _Job) -> tuple[bytes, list[str]]:
    """The PDF bytes and the URLs the fetcher refused; print.css, then generated, then user CSS."""
    from weasyprint.text.fonts import FontConfiguration

    from .fetcher import ArticleFetcher
    from .standards import (
        artifact_margin_boxes,
        attachments,
        figure_boxes_in_points,
        no_interpolation,
        one_annotation_per_link,
        set_metadata,
        unique_associated_files,
        xmp_fields,
    )

    article = job.article
    fetcher = ArticleFetcher(job.printed.resources, styles_dir())
    # One FontConfiguration for every stylesheet of the document, as WeasyPrint requires.
    fonts = FontConfiguration()
    styles_url = styles_dir().resolve().as_uri() + "/"
    stylesheets = [
        weasyprint.CSS(filename=style_path("print.css"), url_fetcher=fetcher, font_config=fonts),
        weasyprint.CSS(string=job.generated_css, base_url=styles_url, url_fetcher=fetcher, font_config=fonts),
    ]
    if job.user_css is not None:
        text, path = job.user_css
        # Relative URLs of the user's file resolve beside it, where the fetcher refuses them.
        user_url = path.resolve().as_uri()
        stylesheets.append(
            weasyprint.CSS(string=text, base_url=user_url, url_fetcher=fetcher, font_config=fonts)
        )
    # No base URL: the document has only absolute URLs, and a relative one must not resolve
    # against the current directory.
    html = weasyprint.HTML(string=xhtml(job.printed, job.resolutions), encoding="utf-8", url_fetcher=fetcher)
    producer = f"{GENERATOR} (WeasyPrint {weasyprint.__version__})"
    identifier = pdf_identifier(article)

    def finish(document: Any, pdf: Any) -> None:
        # WeasyPrint names itself as producer; name portalconv (keeping the renderer) in /Info
        # and in an XMP packet that agrees with /Info, as PDF/A requires.
        set_metadata(pdf, xmp_fields(document, producer, identifier, article.metadata.source_url, job.standard))
        # Repairs of WeasyPrint's tagging and PDF/A output (each explained where it is defined).
        artifact_margin_boxes(pdf)
        figure_boxes_in_points(pdf)
        one_annotation_per_link(pdf)
        unique_associated_files(pdf)
        if job.standard == "pdf/a-3u":
            no_interpolation(pdf)

    data: bytes = html.write_pdf(
        stylesheets=stylesheets,
        font_config=fonts,
        finisher=finish,
        pdf_identifier=identifier,
        # A tagged PDF (structure tree) gives screen readers and reflow the headings, lists,
        # tables and image alt texts, for a few kilobytes. PDF/UA-1 requires it anyway.
        pdf_tags=True,
        pdf_variant=job.standard,
        attachments=attachments(weasyprint, article, job.source, fetcher) if job.standard == "pdf/a-3u" else None,
    )
    return data, fetcher.refused


def _figures_without_alt(article: Article) -> list[Warning]:
    return [
        Warning("figure-without-alt", "photo has neither alt text nor caption; its figure number stands in "
                "as the PDF/UA alternate description", fig.image.src)
        for fig in figures(article.blocks)
        if fig.image.resource is not None and not (fig.image.alt.strip() or plain_text(fig.caption).strip())
    ]


def write(article: Article, target: Path, options: WriteOptions) -> list[Warning]:
    """Write ``article`` as a PDF at ``target``; warnings for missing images and renderer problems."""
    weasyprint = import_weasyprint()
    standard = check_standard(options.pdf_standard)
    warnings = _missing_image_warnings(article)
    generated_css, paper_warnings = page_css(article, options.paper)
    warnings += paper_warnings
    warnings += large_tables(article)
    if standard == "pdf/ua-1":
        warnings += _figures_without_alt(article)
    user_css = None if options.css is None else (read_stylesheet(options.css), options.css)
    dpi = options.image_dpi or (SCREEN_DPI if options.screen else PRINT_DPI)
    smaller = downsample(sanitise_drawings(article), paper_geometry(options.paper) or PAPERS["a4"], dpi)
    job = _Job(article, smaller.article, smaller.resolutions, generated_css, user_css, standard, options.source)

    with (
        RENDER_LOCK,
        collect_renderer_messages() as collector,
        pinned_source_date_epoch(source_date_epoch(article)),
    ):
        data, refused = _render(weasyprint, job)

    warnings += [Warning("resource-refused", "not served to the PDF renderer", url) for url in refused]
    warnings += [
        Warning("pdf-renderer", message)
        for message in collector.messages
        # A refused URL was already reported above; WeasyPrint's own line about it adds nothing.
        if not any(url in message for url in refused)
    ]
    target.write_bytes(data)  # an OSError becomes api.write's OutputError, which names the real output
    return warnings
