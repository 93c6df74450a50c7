"""One WeasyPrint render, whatever the document: a single article or a bulletin of many.

The caller composes the XHTML (``document.xhtml`` of each article) and the page CSS; this lays it
out with ``print.css`` and the shipped fonts, serves only the document's own resources and the
styles folder, pins the timestamps, and finishes the PDF: ``/Info`` and XMP that agree and name
portalconv, the tagging repairs, PDF/A's rules (each explained where it is defined).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from types import ModuleType
from typing import Any

from ...diagnostics import Diagnostic
from ...model import Resource
from ...records import dataclass
from ...resources import style_path, styles_dir
from .document import GENERATOR
from .engine import RENDER_LOCK, collect_renderer_messages, import_weasyprint, pinned_source_date_epoch

# (weasyprint, fetcher) → the files a PDF/A-3 document embeds.
Archive = Callable[[ModuleType, Any], list[Any]]


@dataclass(frozen=True, slots=True)
class Layout:
    """Everything one render needs, prepared before taking the render lock."""

    source: bytes  # the XHTML document
    resources: tuple[Resource, ...]  # what the fetcher serves under the private scheme
    css: tuple[tuple[str, str], ...]  # (text, base URL) of each stylesheet after the shipped ones
    identifier: bytes  # first half of the PDF /ID, from the content
    epoch: int  # SOURCE_DATE_EPOCH while rendering (font timestamps)
    shipped: tuple[str, ...] = ("print.css",)  # shipped stylesheets, first
    standard: str | None = None  # pdf/a-3u, pdf/ua-1 or a PDF/X variant
    source_url: str = ""  # the page's address, for the XMP
    archive: Archive | None = None  # PDF/A-3 attachments
    color_profiles: bool = False  # collect @color-profile rules (the PDF/X output intent)
    marks: tuple[str, ...] = ()  # printer's marks drawn in a slug outside the bleed (marks.py)
    # False for a piece of a larger PDF (a bulletin rendered in parts): structure trees of
    # separate renders cannot simply be joined, so the pieces are untagged.
    tags: bool = True


# Called with WeasyPrint's laid-out Document before it is written: what a caller needs to know
# about the pages (their count, names, bookmarks) that the PDF bytes do not say cheaply.
Inspect = Callable[[Any], None]


def stable_document_id(pdf: Any, ident: bytes) -> None:
    """Replace the random ``xmpMM:DocumentID`` WeasyPrint (70) writes for PDF/X-4 with one from the content."""
    reference = pdf.catalog.get("Metadata")
    if reference is None:
        return
    text = reference.decode() if isinstance(reference, bytes) else str(reference)
    stream = pdf.objects[int(text.split()[0])]
    stable = f"xmp.did:{uuid.UUID(hex=ident.decode('ascii'))}".encode("ascii")
    stream.stream = [re.sub(rb"xmp\.did:[0-9a-f-]{36}", stable, chunk) if isinstance(chunk, bytes) else chunk
                     for chunk in stream.stream]


def _render(weasyprint: ModuleType, layout: Layout, inspect: Inspect | None) -> tuple[bytes, list[str]]:
    """The PDF bytes and the URLs the fetcher refused."""
    from weasyprint.text.fonts import FontConfiguration

    from .fetcher import ArticleFetcher
    from .marks import add_marks
    from .standards import (
        artifact_margin_boxes,
        figure_boxes_in_points,
        no_interpolation,
        one_annotation_per_link,
        set_metadata,
        unique_associated_files,
        xmp_fields,
    )

    fetcher = ArticleFetcher(layout.resources, styles_dir())
    # One FontConfiguration for every stylesheet of the document, as WeasyPrint requires. Like
    # fonts, colour profiles (@color-profile) are collected across the stylesheets and then handed
    # to the document: that is how a PDF/X output intent reaches it.
    fonts = FontConfiguration()
    profiles: dict[str, Any] = {}
    collect: dict[str, Any] = {"color_profiles": profiles} if layout.color_profiles else {}
    sheets = [weasyprint.CSS(filename=style_path(name), url_fetcher=fetcher, font_config=fonts, **collect)
              for name in layout.shipped]
    # Relative URLs of a user's file resolve beside it (its base URL), where the fetcher refuses them.
    sheets += [weasyprint.CSS(string=text, base_url=base, url_fetcher=fetcher, font_config=fonts, **collect)
               for text, base in layout.css]
    producer = f"{GENERATOR} (WeasyPrint {weasyprint.__version__})"
    standard = layout.standard

    def finish(document: Any, pdf: Any) -> None:
        # WeasyPrint names itself as producer; name portalconv (keeping the renderer) in /Info and
        # in an XMP packet that agrees with /Info, as PDF/A requires. PDF/X: WeasyPrint's own XMP
        # carries the PDF/X claim and agrees with its /Info; ours would drop the claim.
        if (standard or "").startswith("pdf/x-"):
            stable_document_id(pdf, layout.identifier)
        else:
            set_metadata(pdf, xmp_fields(document, producer, layout.identifier, layout.source_url, standard))
        artifact_margin_boxes(pdf)
        figure_boxes_in_points(pdf)
        one_annotation_per_link(pdf)
        unique_associated_files(pdf)
        if (standard or "").startswith("pdf/a"):
            no_interpolation(pdf)
        if layout.marks:
            add_marks(pdf, layout.marks)

    # No base URL: the document has only absolute URLs, and a relative one must not resolve
    # against the current directory.
    html = weasyprint.HTML(string=layout.source, encoding="utf-8", url_fetcher=fetcher)
    options: dict[str, Any] = dict(
        pdf_identifier=layout.identifier,
        # A tagged PDF (structure tree) gives screen readers and reflow the headings, lists,
        # tables and image alt texts, for a few kilobytes. PDF/UA-1 requires it anyway.
        pdf_tags=layout.tags,
        pdf_variant=standard,
        attachments=layout.archive(weasyprint, fetcher) if layout.archive is not None else None,
    )
    # HTML.write_pdf is render() then Document.write_pdf(); done in two steps to show the caller
    # the laid-out pages in between.
    document = html.render(stylesheets=sheets, font_config=fonts, **collect, **options)
    if inspect is not None:
        inspect(document)
    data: bytes = document.write_pdf(finisher=finish, **options)
    return data, fetcher.refused


def render_layout(layout: Layout, inspect: Inspect | None = None) -> tuple[bytes, list[Diagnostic]]:
    """The PDF's bytes and the warnings: resources refused, the renderer's own messages.

    ``inspect`` sees the laid-out document before it is written.
    """
    weasyprint = import_weasyprint()
    with RENDER_LOCK, collect_renderer_messages() as collector, pinned_source_date_epoch(layout.epoch):
        data, refused = _render(weasyprint, layout, inspect)
    warnings = [Diagnostic("resource-refused", "not served to the PDF renderer", url) for url in refused]
    warnings += [
        Diagnostic("pdf-renderer", message)
        for message in collector.messages
        # A refused URL was already reported above; WeasyPrint's own line about it adds nothing.
        if not any(url in message for url in refused)
    ]
    return data, warnings
