"""Files the user hands us besides pages (``--css``, ``--icc-profile``): read once, checked for what they claim.

A wrong file given here would otherwise go into the output unnoticed: random bytes as the EPUB's
stylesheet break the book's validity, a PDF/X whose output intent is not an ICC profile is not PDF/X.
"""

from __future__ import annotations

from pathlib import Path

from .errors import InputError

# ICC.1 header: the signature 'acsp' at offset 36; the data colour space at offset 16.
_ICC_SIGNATURE = slice(36, 40)
_ICC_COLOUR_SPACE = slice(16, 20)
_ICC_HEADER_BYTES = 128


def _read(path: Path, what: str, option: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the {what} ({exc.strerror or exc})", hint=f"check {option}") from exc


def read_stylesheet(path: Path) -> str:
    """The text of a ``--css`` file: UTF-8 (a BOM is allowed), and text rather than binary data."""
    data = _read(path, "stylesheet", "--css")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not a UTF-8 stylesheet (byte {exc.start} cannot be decoded)",
                         hint="check --css") from None
    if "\x00" in text:
        raise InputError(f"{path}: not a stylesheet (binary data)", hint="check --css")
    return text


def read_icc_profile(path: Path) -> bytes:
    """The bytes of an ``--icc-profile`` file; refused unless it is a CMYK ICC profile (PDF/X output intent)."""
    data = _read(path, "ICC profile", "--icc-profile")
    if len(data) < _ICC_HEADER_BYTES or data[_ICC_SIGNATURE] != b"acsp":
        raise InputError(f"{path}: not an ICC colour profile", hint="your printer names the profile to use, e.g. "
                         "ISO Coated v2 (FOGRA39)")
    space = data[_ICC_COLOUR_SPACE].decode("latin-1").strip()
    if space != "CMYK":
        raise InputError(f"{path}: a {space or 'unknown'} ICC profile; PDF/X needs the printing condition's "
                         "CMYK profile")
    return data
