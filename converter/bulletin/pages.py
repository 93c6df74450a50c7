"""Page numbers for the DOCX contents: measured by laying the document out, else estimated.

A DOCX holds no pages; they exist only once a word processor lays the text out. To pre-fill the
contents with numbers that are right, the bulletin is laid out by LibreOffice (headless, its own
profile) and exported to PDF with every bookmark as a named destination; the page of each
``_Toc…`` bookmark is read back with pikepdf. Every article opens a section on a new page, so an
article's first page can differ between LibreOffice and Word only if an earlier article takes a
different number of pages in each; the template's fonts are Times New Roman and Arial, for which
LibreOffice uses the metric-compatible Liberation fonts, so lines break alike and they rarely do.

Without LibreOffice, numbers are estimated from the amount of text and the number of photos
(with a warning); Word's "Update field" (F9) on the contents corrects them.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..model import Article
from ..walk import block_text, figures

SOFFICE_TIMEOUT = 900  # seconds; a 200-article bulletin takes about a minute
# What one A4 page of the DOCX writer's layout holds (Body Text 11 pt, 2.5 cm margins), and what
# a photo with its caption takes of it; A5 holds about half. Rough, and only a fallback.
_CHARS_PER_PAGE = {"A4": 3300, "A5": 1500}
_FIGURE_SHARE = {"A4": 0.4, "A5": 0.6}
# Environment variable naming the LibreOffice binary; "none" turns measuring off (tests, CI).
SOFFICE_ENV = "PORTALCONV_SOFFICE"


def soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed (or switched off)."""
    chosen = os.environ.get(SOFFICE_ENV)
    if chosen is not None:
        return None if chosen.lower() == "none" else chosen
    return shutil.which("soffice") or shutil.which("libreoffice")


def destination_name(bookmark: str) -> str:
    """The PDF destination LibreOffice writes for a bookmark: non-alphanumerics as hex ("_" → "5F")."""
    return "".join(c if c.isascii() and c.isalnum() else f"{ord(c):02X}" for c in bookmark)


def measure(docx: bytes, bookmarks: Sequence[str], command: str) -> dict[str, int] | None:
    """The page (1-based) of each bookmark as LibreOffice lays ``docx`` out; None if that fails."""
    import pikepdf

    with tempfile.TemporaryDirectory(prefix="portalconv-pages-") as tmp:
        folder = Path(tmp)
        source = folder / "bulletin.docx"
        source.write_bytes(docx)
        # A profile of our own: a user's running LibreOffice would otherwise take the request.
        profile = (folder / "profile").as_uri()
        export = ("pdf:writer_pdf_Export:{"
                  # Every bookmark as a named destination, and the blank left-hand pages that
                  # odd-page section breaks insert kept, so that PDF page n is page n.
                  '"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"},'
                  '"IsSkipEmptyPages":{"type":"boolean","value":"false"}}')
        try:
            subprocess.run([command, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                            "--convert-to", export, "--outdir", str(folder), str(source)],
                           check=True, capture_output=True, timeout=SOFFICE_TIMEOUT)
            pdf = pikepdf.open(folder / "bulletin.pdf")
        except (OSError, subprocess.SubprocessError, pikepdf.PdfError):
            return None
        with pdf:
            pages: dict[object, int] = {page.objgen: n for n, page in enumerate(pdf.pages, 1)}
            dests = pdf.Root.get("/Dests")
            found: dict[str, int] = {}
            for bookmark in bookmarks:
                dest = dests.get("/" + destination_name(bookmark)) if dests is not None else None
                if dest is None:
                    return None
                array = dest if isinstance(dest, pikepdf.Array) else dest.get("/D")
                page = pages.get(array[0].objgen) if array is not None else None
                if page is None:
                    return None
                found[bookmark] = page
    return found


def article_pages(article: Article, paper: str) -> int:
    """A rough count of the pages an article takes in the DOCX layout (at least one)."""
    chars = len(article.metadata.title) + len(article.metadata.lead) + 400  # metadata rows, record
    chars += sum(len(block_text(b)) for b in article.blocks)  # block_text includes nested blocks
    size = _CHARS_PER_PAGE.get(paper.upper(), _CHARS_PER_PAGE["A4"])
    share = _FIGURE_SHARE.get(paper.upper(), _FIGURE_SHARE["A4"])
    return max(1, math.ceil(chars / size + share * len(figures(article.blocks))))


def estimate(starts: Sequence[tuple[str, int]], first_page: int, right_only: bool) -> dict[str, int]:
    """Pages from counts: ``starts`` is (bookmark, pages of what it opens), in document order."""
    out: dict[str, int] = {}
    page = first_page
    for bookmark, count in starts:
        if right_only and page % 2 == 0:
            page += 1  # an odd-page section break leaves a blank left-hand page
        out[bookmark] = page
        page += count
    return out


def pages_or_estimate(docx: bytes, estimated: Mapping[str, int]) -> tuple[dict[str, int], bool]:
    """Measured pages when LibreOffice is available and succeeds, else the estimate; and which."""
    command = soffice()
    measured = measure(docx, list(estimated), command) if command else None
    return (measured, True) if measured is not None else (dict(estimated), False)
