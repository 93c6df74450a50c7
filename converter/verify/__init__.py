"""Prove that an output holds the whole article: re-read the written file and compare with the model.

``verify(article, path)`` never looks at the writer's inputs, only at the file on disk, so a damaged or
incomplete output is caught whatever produced it.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Article
from .compare import Report, compare
from .expected import expected
from .pagetext import PageText, Reading, read_for_verify
from .readers import READERS, Damaged


def verify(article: Article, output: Path, page_text: PageText | None = None) -> Report:
    """Compare ``output`` (.docx, .epub or .pdf) with ``article`` and, when given, with the page's own
    text (``pagetext.read_for_verify``): lines of the article zone that neither the model nor the
    output holds are reported as "page text missing".

    An output that cannot be read back (truncated, not a zip or PDF, a part missing) holds nothing
    we can show, so it is reported incomplete rather than raised: it is a bad output, not a bug.
    """
    suffix = output.suffix.lower().lstrip(".")
    reader = READERS.get(suffix)
    if reader is None:
        from ..writers import VERIFIABLE, listed

        raise InputError(f"{output}: cannot verify .{suffix} files (choose {listed(VERIFIABLE, suffix=True)})")
    if not output.exists():
        raise InputError(f"{output}: no such file")
    if not output.is_file():  # a folder, FIFO or device: reading it could block or never end
        raise InputError(f"{output}: not a regular file")
    try:
        found = reader(output, article)
    except Exception as exc:
        if not _unreadable(exc):
            raise
        return Report(str(output), missing=[f"everything: the file cannot be read back ({type(exc).__name__}: {exc})"])
    report = compare(expected(article), found, str(output))
    if page_text is not None and page_text.checked:
        lost = page_text.missing_from(found.text)
        report.rows.append(("page text", page_text.checked - len(lost), page_text.checked))
        report.missing += [f"page text missing: {_short(line)}" for line in lost]
    return report


def _unreadable(exc: Exception) -> bool:
    """Whether ``exc`` says the file is damaged (as opposed to a bug in the reader)."""
    import zipfile
    import zlib

    from lxml import etree

    damaged = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, etree.XMLSyntaxError, Damaged)
    # pypdf's own errors (PdfReadError, EmptyFileError ...) all derive from PyPdfError; checked by
    # module so that a DOCX-only run does not import pypdf for this.
    return isinstance(exc, damaged) or type(exc).__module__.startswith("pypdf.")


def _short(s: str, n: int = 70) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


__all__ = ["PageText", "Reading", "Report", "read_for_verify", "verify"]
