"""Bulletins: many articles in one print-ready document (``portalconv bulletin``).

``build_bulletin(inputs, front, options)`` reads and assembles the pages; ``write_bulletin``
writes the result as PDF, DOCX or EPUB, atomically like ``converter.write``. The format modules
(``pdf``, ``docx``, ``epub``) and the readers are imported only when used, so that importing this
package (the CLI does, for its help text) stays cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Warning
from ..errors import PortalconvError

if TYPE_CHECKING:
    from .config import BulletinOptions
    from .model import Bulletin, FrontMatter

FORMATS = {".pdf": "pdf", ".docx": "docx", ".epub": "epub"}


def build_bulletin(inputs: Sequence[Path], front: FrontMatter, options: BulletinOptions
                   ) -> tuple[Bulletin, list[Warning]]:
    """The bulletin of every article found in ``inputs`` (files or folders), and the readers' warnings."""
    from .assemble import assemble, find_pages, read_articles

    items, warnings = read_articles(find_pages(inputs))
    return assemble(items, front, options), warnings


def render(bulletin: Bulletin, fmt: str, options: BulletinOptions) -> tuple[bytes, list[Warning]]:
    """The bytes of the bulletin in ``fmt`` (pdf, docx or epub)."""
    if fmt == "pdf":
        from .pdf import build as build_pdf

        return build_pdf(bulletin, options)
    if fmt == "docx":
        from .docx import build as build_docx

        return build_docx(bulletin, options)
    if fmt == "epub":
        from .epub import build as build_epub

        return build_epub(bulletin, options)
    raise PortalconvError(f"a bulletin is written as PDF, DOCX or EPUB, not {fmt!r}")


def write_bulletin(bulletin: Bulletin, target: Path, options: BulletinOptions, fmt: str | None = None
                   ) -> list[Warning]:
    """Write the bulletin to ``target`` (format from its suffix unless given); nothing half-written."""
    fmt = fmt or FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise PortalconvError(f"{target}: name the bulletin .pdf, .docx or .epub")
    from ..atomic import write_bytes_atomically  # tempfile: not for the CLI's help text

    data, warnings = render(bulletin, fmt, options)
    write_bytes_atomically(target, data)  # the library's writer: long names fit, nothing half-written
    return warnings
