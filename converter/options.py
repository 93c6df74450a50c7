"""Frozen option objects with their defaults; the CLI builds them, the library consumes them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class WriteOptions:
    paper: str = "A4"  # page size for PDF and DOCX: A4, A5 or Letter
    css: Path | None = None  # extra stylesheet appended after the default (PDF, EPUB)
    cover: bool = True  # EPUB: a cover page (the lead photo, else one drawn from the metadata)
    reference_docx: Path | None = None  # DOCX: a user template (.docx/.dotx) whose styles are used
    image_dpi: int | None = None  # PDF photo resolution cap; None: 300 for print, 150 with screen
    screen: bool = False  # PDF meant for reading on screen: smaller photos (150 dpi)
    pdf_standard: str | None = None  # "pdf/a-3u" (archival) or "pdf/ua-1" (accessible)
    source: Path | None = None  # the saved page read; PDF/A-3 embeds it (convert() sets it)
    whole_page: bool = False  # reading: keep the main zone of pages that are not articles (--whole-page)
    fetch_remote: bool = False  # reading: fetch http(s) images the page links to (limits in load/remote.py)
    root: Path | None = None  # reading: resources may come from this folder (a mirror's top), not just the page's
