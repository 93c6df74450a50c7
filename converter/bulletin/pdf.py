"""The bulletin as one PDF: every article through the PDF writer's XHTML, one WeasyPrint render.

Reused from ``writers.pdf``: the per-article XHTML (``document.xhtml``: image URLs under the
private scheme, PDF/UA alt texts, record-table scopes, right-to-left direction), the photo
downsampler, the URL fetcher that serves only the images and the shipped styles, the render lock
and log collector, the XMP/``/Info`` finishing and the tagging repairs.

One document, not one per article: ``target-counter`` page numbers in the contents, running heads
and outlines then come from WeasyPrint itself. Measured (``benchmarks/bulletin.py``): 200 articles
(the samples replicated), 486 pages, build in about 40 s with a peak of 0.45 GB, growing linearly
(50 articles: 0.17 GB), so rendering in parts and re-assembling them with pikepdf (which would
lose the structure tree and the outline, and need the page numbers patched) is not needed.
"""

from __future__ import annotations

import base64
import re
import uuid
from dataclasses import replace
from types import ModuleType
from typing import Any

from lxml import etree

from ..diagnostics import Warning
from ..errors import InputError, PortalconvError
from ..labels import label
from ..model import Article, DateValue, Metadata
from ..resources import style_path, styles_dir
from ..user_files import read_icc_profile, read_stylesheet
from ..writers import moments
from ..writers.pdf.document import GENERATOR, PAPERS, Paper, css_string, resource_url, xhtml
from ..writers.pdf.engine import RENDER_LOCK, collect_renderer_messages, import_weasyprint, pinned_source_date_epoch
from ..writers.pdf.images import downsample
from ..writers.pdf.standards import PDF_STANDARDS
from . import html
from .config import BulletinOptions
from .model import Bulletin, Entry

_X = "{http://www.w3.org/1999/xhtml}"
# Duplex margins (mm): top, outer, bottom, inner. The inner margin is wider: binding (staples,
# glue) takes a few millimetres at the spine. Their sum equals the writer's two side margins,
# so the text width, and with it the photo downsampling, is the same as for a single article.
_DUPLEX = {"a4": (22.0, 17.0, 24.0, 23.0), "a5": (16.0, 12.0, 18.0, 16.0)}


def check_standard(name: str | None, weasyprint: ModuleType | None = None) -> str | None:
    """The normalised standard: the PDF writer's (PDF/A-3u, PDF/UA-1) or a PDF/X variant of WeasyPrint."""
    if name is None:
        return None
    key = name.strip().lower()
    if key in PDF_STANDARDS:
        return key
    variants: tuple[str, ...] = ()
    if weasyprint is not None:
        from weasyprint.pdf import VARIANTS

        variants = tuple(v for v in VARIANTS if v.startswith("pdf/x-"))
    if key in variants or (weasyprint is None and key.startswith("pdf/x-")):
        return key
    raise PortalconvError(f"unknown PDF standard {name!r}; choose {', '.join((*PDF_STANDARDS, *variants))}")


def paper(options: BulletinOptions) -> Paper:
    """The writer's geometry for the paper, with duplex margins when they are mirrored."""
    base = PAPERS[options.paper.lower()]
    if not options.mirrored:
        return base
    top, outer, bottom, inner = _DUPLEX[options.paper.lower()]
    # Paper.margins is (top, right, bottom, left): the right-hand page's right margin is outer.
    return replace(base, margins=(top, outer, bottom, inner))


def page_css(bulletin: Bulletin, options: BulletinOptions, geometry: Paper) -> str:
    """Size, margins (mirrored for duplex), bleed and marks, running heads, page numbers."""
    top, right, bottom, left = geometry.margins
    lang = bulletin.language
    head = css_string(" · ".join(p for p in (bulletin.title, html.issue_line(bulletin)) if p))
    rules = [f"@page {{ size: {geometry.css_size}; margin: {top}mm {right}mm {bottom}mm {left}mm; }}",
             f"figure img {{ max-height: {geometry.figure_max_height}mm; }}"]
    if options.bleed:
        # The marks are drawn by writers.pdf.marks in a slug outside the bleed, not by WeasyPrint,
        # whose marks sit inside the bleed where the guillotine cuts them off.
        rules.append(f"@page {{ bleed: {options.bleed}; marks: none; }}")
    if options.mirrored:
        # Left-hand pages: the bulletin's name at the outer (left) edge; right-hand pages: the
        # section. Page numbers at the outer corners, where a thumb finds them.
        rules += [
            f"@page :left {{ margin-left: {right}mm; margin-right: {left}mm;"
            f" @top-left {{ content: {head}; }} @top-right {{ content: none; }}"
            " @bottom-left { content: counter(page); } @bottom-center { content: none; } }",
            "@page :right { @top-right { content: string(section); } @top-left { content: none; }"
            " @bottom-right { content: counter(page); } @bottom-center { content: none; } }",
        ]
    else:
        page, of = css_string(label("page", lang) + " "), css_string(" " + label("of", lang) + " ")
        rules += [f"@page {{ @top-left {{ content: {head}; }} @top-right {{ content: string(section); }}"
                  f" @bottom-center {{ content: {page} counter(page) {of} counter(pages); }} }}"]
    if options.icc_profile is not None:
        # The output intent of PDF/X (ISO 15930): WeasyPrint takes it from the device-cmyk profile.
        # A data: URL, because the fetcher serves no file outside the styles folder.
        icc = base64.b64encode(read_icc_profile(options.icc_profile)).decode("ascii")
        rules.append(f"@color-profile device-cmyk {{ src: url(data:application/vnd.iccprofile;base64,{icc});"
                     " components: cyan, magenta, yellow, black; }")
    if options.start_on == "right":
        rules.append("section.front-matter, section.bulletin-section, .entry + .entry { break-before: right; }")
    return "\n".join(rules) + "\n" + geometry.extra_css


def _article_element(entry: Entry, resolutions: dict[str, float]) -> etree._Element:
    """The entry's ``<article>`` as the PDF writer renders it, renumbered for the bulletin."""
    root = etree.fromstring(xhtml(entry.article, resolutions))
    article = root.find(f".//{_X}article")
    assert article is not None, "render.html always writes an article element"
    html.renumber(article, entry, f"{entry.anchor}-")
    if root.get("dir"):
        article.set("dir", root.get("dir", ""))
    return article


def document(bulletin: Bulletin, resolutions: dict[str, float], dates_required: bool = False) -> bytes:
    """The bulletin XHTML: the writer's head (title, dates, keywords) over the bulletin body.

    An undated bulletin has no dates in its head, so none in the PDF. ``dates_required`` (PDF/X:
    ISO 15930 requires ``/CreationDate`` and ``/ModDate``, and WeasyPrint fills missing ones from
    the clock) dates it ``moments.NO_DATE`` instead.
    """
    own = bulletin.as_article()
    if dates_required and own.metadata.published is None:
        own = replace(own, metadata=replace(own.metadata, published=DateValue("", moments.NO_DATE)))
    root = etree.fromstring(xhtml(replace(own, resources=())))
    old = root.find(f"{_X}body")
    assert old is not None
    root.remove(old)
    logo = resource_url(bulletin.front.logo) if bulletin.front.logo is not None else None
    root.append(html.body(bulletin, lambda e: _article_element(e, resolutions), logo))
    return b"<!DOCTYPE html>\n" + etree.tostring(root, encoding="utf-8")


def identifier(bulletin: Bulletin) -> bytes:
    """The first half of the PDF ``/ID``, from the content (equal bulletins, equal IDs)."""
    return bulletin.digest()[:32].encode("ascii")


def _stable_document_id(pdf: Any, ident: bytes) -> None:
    """Replace the random ``xmpMM:DocumentID`` WeasyPrint (70) writes for PDF/X-4 with one from the content."""
    reference = pdf.catalog.get("Metadata")
    if reference is None:
        return
    text = reference.decode() if isinstance(reference, bytes) else str(reference)
    stream = pdf.objects[int(text.split()[0])]
    stable = f"xmp.did:{uuid.UUID(hex=ident.decode('ascii'))}".encode("ascii")
    stream.stream = [re.sub(rb"xmp\.did:[0-9a-f-]{36}", stable, chunk) if isinstance(chunk, bytes) else chunk
                     for chunk in stream.stream]


def _render(weasyprint: ModuleType, bulletin: Bulletin, source: bytes, css: list[tuple[str, str]],
            resources: Any, standard: str | None, marks: tuple[str, ...] = ()) -> tuple[bytes, list[str]]:
    """PDF bytes and refused URLs; ``css`` is (text, base URL) after print.css and bulletin.css."""
    from weasyprint.text.fonts import FontConfiguration

    from ..writers.pdf.fetcher import ArticleFetcher
    from ..writers.pdf.marks import add_marks
    from ..writers.pdf.standards import (
        artifact_margin_boxes,
        figure_boxes_in_points,
        no_interpolation,
        one_annotation_per_link,
        set_metadata,
        unique_associated_files,
        xmp_fields,
    )

    fetcher = ArticleFetcher(resources, styles_dir())
    fonts = FontConfiguration()  # one for every stylesheet of the document, as WeasyPrint requires
    # Like fonts, colour profiles (@color-profile) are collected across the stylesheets and then
    # handed to the document: that is how the PDF/X output intent reaches it.
    profiles: dict[str, Any] = {}
    sheets = [weasyprint.CSS(filename=style_path(name), url_fetcher=fetcher, font_config=fonts,
                             color_profiles=profiles) for name in ("print.css", "bulletin.css")]
    sheets += [weasyprint.CSS(string=text, base_url=base, url_fetcher=fetcher, font_config=fonts,
                              color_profiles=profiles) for text, base in css]
    producer = f"{GENERATOR} (WeasyPrint {weasyprint.__version__})"
    ident = identifier(bulletin)

    def finish(document: Any, pdf: Any) -> None:
        # PDF/X: WeasyPrint's own XMP carries the PDF/X claim and agrees with its /Info; ours
        # would drop the claim. Every other PDF gets the writer's agreeing /Info and XMP.
        if (standard or "").startswith("pdf/x-"):
            _stable_document_id(pdf, ident)
        else:
            set_metadata(pdf, xmp_fields(document, producer, ident, "", standard))
        artifact_margin_boxes(pdf)
        figure_boxes_in_points(pdf)
        one_annotation_per_link(pdf)
        unique_associated_files(pdf)
        if standard is not None and standard.startswith("pdf/a"):
            no_interpolation(pdf)
        add_marks(pdf, marks)

    page = weasyprint.HTML(string=source, encoding="utf-8", url_fetcher=fetcher)
    data: bytes = page.write_pdf(stylesheets=sheets, font_config=fonts, color_profiles=profiles, finisher=finish,
                                 pdf_identifier=ident, pdf_tags=True, pdf_variant=standard)
    return data, fetcher.refused


def build(bulletin: Bulletin, options: BulletinOptions) -> tuple[bytes, list[Warning]]:
    """The PDF's bytes and the renderer's warnings."""
    weasyprint = import_weasyprint()
    standard = check_standard(options.pdf_standard, weasyprint)
    if standard is not None and standard.startswith("pdf/x-") and options.icc_profile is None:
        raise InputError(f"{standard.upper()} needs the printing condition's CMYK ICC profile as output intent",
                         hint="give it with --icc-profile FILE (your printer names it, e.g. ISO Coated v2 / FOGRA39)")
    geometry = paper(options)
    # One downsampling pass over every figure of the bulletin: a shared photo is resampled once.
    blocks = tuple(block for entry in bulletin.entries() for block in entry.article.blocks)
    smaller = downsample(Article(Metadata(), blocks, bulletin.resources), geometry, options.image_dpi)
    source = document(bulletin, smaller.resolutions, dates_required=(standard or "").startswith("pdf/x-"))
    styles_url = styles_dir().resolve().as_uri() + "/"
    css = [(page_css(bulletin, options, geometry), styles_url)]
    if options.css is not None:
        css.append((read_stylesheet(options.css), options.css.resolve().as_uri()))
    epoch = max(0, int((bulletin.moment() or moments.NO_DATE).timestamp()))  # font timestamps need one
    with RENDER_LOCK, collect_renderer_messages() as collector, pinned_source_date_epoch(epoch):
        data, refused = _render(weasyprint, bulletin, source, css, smaller.article.resources, standard,
                                options.marks)
    warnings = [Warning("resource-refused", "not served to the PDF renderer", url) for url in refused]
    warnings += [Warning("pdf-renderer", message) for message in collector.messages
                 if not any(url in message for url in refused)]
    return data, warnings
