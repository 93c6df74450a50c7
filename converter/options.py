"""Frozen option objects with their defaults; the CLI builds them, the library consumes them.

Reading and writing are apart, as pandoc's ReaderOptions and WriterOptions are: ``ReadOptions``
say how a page is read into an article, ``WriteOptions`` how an article is written. Closed sets
(paper sizes, PDF standards) are typed and checked once, when the options are made, so that every
writer sees the same valid value (an unknown paper used to give an A4 DOCX silently and a warned
A4 PDF); a bad value is a ``UsageError`` with a one-line message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, get_args

from .errors import UsageError
from .records import dataclass

Paper = Literal["A4", "A5", "Letter"]
PdfStandard = Literal["pdf/a-3u", "pdf/ua-1"]  # archival; accessible
PAPERS: tuple[Paper, ...] = get_args(Paper)
PDF_STANDARDS: tuple[PdfStandard, ...] = get_args(PdfStandard)
MIN_IMAGE_DPI = 72


def paper_size(name: str) -> Paper:
    """The paper called ``name`` in any case ("a4", "LETTER"); UsageError for any other name."""
    by_key = {p.lower(): p for p in PAPERS}
    if not isinstance(name, str) or name.strip().lower() not in by_key:
        raise UsageError(f"unknown paper size {name!r}; choose {', '.join(PAPERS[:-1])} or {PAPERS[-1]}")
    return by_key[name.strip().lower()]


def pdf_standard(name: str | None) -> PdfStandard | None:
    """The standard called ``name`` in any case; None for none; UsageError for any other name."""
    if name is None:
        return None
    by_key = {s: s for s in PDF_STANDARDS}
    key = name.strip().lower() if isinstance(name, str) else ""
    if key not in by_key:
        raise UsageError(f"unknown PDF standard {name!r}; choose {' or '.join(PDF_STANDARDS)}")
    return by_key[key]


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How a saved page is read (``converter.read``)."""

    whole_page: bool = False  # keep the main zone of pages that are not articles (--whole-page)
    fetch_remote: bool = False  # fetch http(s) images the page links to (limits in load/remote.py)
    root: Path | None = None  # resources may come from this folder (a mirror's top), not just the page's


@dataclass(frozen=True, slots=True)
class WriteOptions:
    """How an article is written (``converter.write``); checked when made (UsageError)."""

    paper: Paper = "A4"  # page size for PDF and DOCX
    css: Path | None = None  # extra stylesheet appended after the default (PDF, EPUB)
    cover: bool = True  # EPUB: a cover page (the lead photo, else one drawn from the metadata)
    reference_docx: Path | None = None  # DOCX: a user template (.docx/.dotx) whose styles are used
    image_dpi: int | None = None  # PDF photo resolution cap; None: 300 for print, 150 with screen
    screen: bool = False  # PDF meant for reading on screen: smaller photos (150 dpi)
    pdf_standard: PdfStandard | None = None  # "pdf/a-3u" (archival) or "pdf/ua-1" (accessible)
    source: Path | None = None  # the saved page read; PDF/A-3 embeds it (convert() sets it)

    def __post_init__(self) -> None:
        # Names are normalised here ("a4" is A4), so no writer needs its own fallback.
        object.__setattr__(self, "paper", paper_size(self.paper))
        object.__setattr__(self, "pdf_standard", pdf_standard(self.pdf_standard))
        if self.image_dpi is not None and (isinstance(self.image_dpi, bool) or not isinstance(self.image_dpi, int)
                                           or self.image_dpi < MIN_IMAGE_DPI):
            raise UsageError(f"image resolution {self.image_dpi!r} is not a whole number of at least "
                             f"{MIN_IMAGE_DPI} dpi")
