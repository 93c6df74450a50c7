"""Files the user hands us besides pages (``--css``, ``--icc-profile``, ``--reference-docx``, the bulletin's
``--config`` and logo): read once, checked for what they claim.

A wrong file given here would otherwise go into the output unnoticed: random bytes as the EPUB's
stylesheet break the book's validity, a PDF/X whose output intent is not an ICC profile is not PDF/X.
Like pages, they are read only when they are regular files within a size limit: ``/dev/zero`` would
fill the memory and a FIFO nobody writes to would hang the conversion.
"""

from __future__ import annotations

from pathlib import Path

from .errors import InputError
from .load.reads import read_regular

# Far above any real file of each kind (a stylesheet of a few KB, a Word template of a few MB with
# embedded fonts, an ICC profile of a few hundred KB; a logo as large as a page's photo may be).
MAX_STYLESHEET_BYTES = 5 * 2**20
MAX_TEMPLATE_BYTES = 50 * 2**20
MAX_ICC_BYTES = 16 * 2**20
MAX_CONFIG_BYTES = 2**20
MAX_LOGO_BYTES = 64 * 2**20

# ICC.1 header: the signature 'acsp' at offset 36; the data colour space at offset 16.
_ICC_SIGNATURE = slice(36, 40)
_ICC_COLOUR_SPACE = slice(16, 20)
_ICC_HEADER_BYTES = 128


def read_option_file(path: Path, what: str, option: str, limit: int) -> bytes:
    """The bytes of a file named by ``option``; InputError (exit 3) unless a regular file of at most ``limit`` bytes."""
    try:
        info, data = read_regular(path, limit)
    except OSError as exc:
        raise InputError(f"{path}: cannot read the {what} named by {option} ({exc.strerror or exc})",
                         hint=f"check {option}") from None
    if data is None:
        raise InputError(f"{path}: the {what} named by {option} is larger than {_size(limit)} "
                         f"({_size(info.st_size)})", hint=f"check {option}") from None
    return data


def _size(n: int) -> str:
    return f"{n / 2**20:.3g} MB" if n >= 2**20 else f"{n} bytes"


def read_stylesheet(path: Path, option: str = "--css") -> str:
    """The text of a ``--css`` file: UTF-8 (a BOM is allowed), and text rather than binary data.

    ``option`` is what named the file, for the message (a configuration file's key, say).
    """
    data = read_option_file(path, "stylesheet", option, MAX_STYLESHEET_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not a UTF-8 stylesheet (byte {exc.start} cannot be decoded)",
                         hint=f"check {option}") from None
    if "\x00" in text:
        raise InputError(f"{path}: not a stylesheet (binary data)", hint=f"check {option}")
    return text


def read_icc_profile(path: Path, option: str = "--icc-profile") -> bytes:
    """The bytes of an ``--icc-profile`` file; refused unless it is a CMYK ICC profile (PDF/X output intent)."""
    data = read_option_file(path, "ICC profile", option, MAX_ICC_BYTES)
    if len(data) < _ICC_HEADER_BYTES or data[_ICC_SIGNATURE] != b"acsp":
        raise InputError(f"{path}: not an ICC colour profile", hint="your printer names the profile to use, e.g. "
                         "ISO Coated v2 (FOGRA39)")
    space = data[_ICC_COLOUR_SPACE].decode("latin-1").strip()
    if space != "CMYK":
        raise InputError(f"{path}: a {space or 'unknown'} ICC profile; PDF/X needs the printing condition's "
                         "CMYK profile")
    return data
