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
from .readers import READERS, Damaged


def verify(article: Article, output: Path) -> Report:
    """Compare ``output`` (.docx, .epub or .pdf) with ``article``.

    An output that cannot be read back (truncated, not a zip or PDF, a part missing) holds nothing
    we can show, so it is reported incomplete rather than raised: it is a bad output, not a bug.
    """
    suffix = output.suffix.lower().lstrip(".")
    reader = READERS.get(suffix)
    if reader is None:
        raise InputError(f"{output}: cannot verify .{suffix} files (choose .docx, .epub or .pdf)")
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
    return compare(expected(article), found, str(output))


def _unreadable(exc: Exception) -> bool:
    """Whether ``exc`` says the file is damaged (as opposed to a bug in the reader)."""
    import zipfile
    import zlib

    from lxml import etree

    damaged = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, etree.XMLSyntaxError, Damaged)
    # pypdf's own errors (PdfReadError, EmptyFileError ...) all derive from PyPdfError; checked by
    # module so that a DOCX-only run does not import pypdf for this.
    return isinstance(exc, damaged) or type(exc).__module__.startswith("pypdf.")


__all__ = ["Report", "verify"]
