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

from ..diagnostics import Diagnostic
from ..errors import PortalconvError
from ..writers import REGISTRY, listed

if TYPE_CHECKING:
    from .config import BulletinOptions
    from .model import Bulletin, FrontMatter

# What a bulletin can be written in: the registry's rows that say so, by file suffix.
FORMATS = {spec.extension: name for name, spec in REGISTRY.items() if spec.bulletin}


def build_bulletin(inputs: Sequence[Path], front: FrontMatter, options: BulletinOptions
                   ) -> tuple[Bulletin, list[Diagnostic]]:
    """The bulletin of every article found in ``inputs`` (files or folders), and the readers' warnings."""
    from .assemble import assemble, find_pages, read_articles

    items, warnings = read_articles(find_pages(inputs))
    return assemble(items, front, options), warnings


def render(bulletin: Bulletin, fmt: str, options: BulletinOptions) -> tuple[bytes, list[Diagnostic]]:
    """The bytes of the bulletin in ``fmt`` (a registry row with ``bulletin=True``): ``bulletin/FMT.py``'s
    ``build``, imported only now."""
    import importlib

    if fmt not in FORMATS.values():
        raise PortalconvError(f"a bulletin is written as {listed(FORMATS.values())}, not {fmt!r}")
    build = importlib.import_module(f"{__name__}.{fmt}").build
    data, warnings = build(bulletin, options)
    return data, warnings


def write_bulletin(bulletin: Bulletin, target: Path, options: BulletinOptions, fmt: str | None = None
                   ) -> list[Diagnostic]:
    """Write the bulletin to ``target`` (format from its suffix unless given); nothing half-written."""
    fmt = fmt or FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise PortalconvError(f"{target}: name the bulletin {listed(FORMATS.values(), suffix=True)}")
    from ..atomic import write_bytes_atomically  # tempfile: not for the CLI's help text

    data, warnings = render(bulletin, fmt, options)
    write_bytes_atomically(target, data)  # the library's writer: long names fit, nothing half-written
    return warnings
