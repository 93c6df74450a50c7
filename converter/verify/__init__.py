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
from .readers import READERS


def verify(article: Article, output: Path) -> Report:
    """Compare ``output`` (.docx, .epub or .pdf) with ``article``."""
    suffix = output.suffix.lower().lstrip(".")
    reader = READERS.get(suffix)
    if reader is None:
        raise InputError(f"{output}: cannot verify .{suffix} files (choose .docx, .epub or .pdf)")
    if not output.is_file():
        raise InputError(f"{output}: no such file")
    return compare(expected(article), reader(output, article), str(output))


__all__ = ["Report", "verify"]
