"""Access to packaged files (styles, fonts, the DOCX template) that ship inside the wheel.

The wheel carries the repository's top-level ``styles/`` as ``converter/styles`` (see
pyproject.toml); an editable install or a source checkout reads ``styles/`` beside the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def styles_dir() -> Path:
    packaged = Path(__file__).resolve().parent / "styles"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "styles"


def style_path(name: str) -> Path:
    """Path of one file under ``styles/`` (for example ``print.css`` or ``fonts/NotoSerif-Regular.ttf``)."""
    return styles_dir() / name
