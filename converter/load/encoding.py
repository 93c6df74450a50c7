"""Bytes of a saved page → text: BOM, declared charset, then a detector only when needed.

A declared label means what it means to a browser (the WHATWG Encoding Standard, kept by the
``webencodings`` package), not to Python: "iso-8859-1", "latin1" and "ascii" all name windows-1252,
so the smart quotes and dashes of a page saved from Word (bytes 0x93, 0x94, 0x96) come out as “ ” –
and not as the C1 control characters Python's latin-1 codec would give.

Vietnamese pages saved as windows-1258 compose letters from base + combining marks, so every
decoded text is NFC-normalised before anything else sees it.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import webencodings

from ..diagnostics import Diagnostic
from ..patterns import compiled

# The WHATWG byte order marks (UTF-8, UTF-16LE/BE), plus UTF-32's, which no browser reads but Python
# does: a UTF-32 page is better read than shown as UTF-16 noise. UTF-32-LE's mark starts with
# UTF-16-LE's, so it is tried first.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# <meta charset=x>, <meta http-equiv=Content-Type content="text/html; charset=x">, <?xml encoding=x?>
_DECLARED = compiled(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)


def _whatwg(label: str) -> webencodings.Encoding | None:
    """The encoding a browser reads for ``label``; None for a label it does not know.

    The "replacement" encoding (labels of ISO-2022-KR, HZ and other encodings browsers refuse to
    decode) turns a whole page into U+FFFD: it is treated as unknown so that detection reads the text.
    """
    found = webencodings.lookup(label)
    return None if found is None or found.name == "replacement" else found


def declared_label(data: bytes) -> str | None:
    """The charset label the page declares in its first 4 KB, as written."""
    head = data[:4096]
    # A UTF-16 page without BOM still declares itself in ASCII-compatible units; drop NULs to see it.
    if b"\x00" in head[:200]:
        head = head.replace(b"\x00", b"")
    m = _DECLARED.search(head)
    if not m:
        return None
    return (m.group(1) or m.group(2)).decode("ascii", "replace")


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: every other byte of ASCII markup is NUL."""
    sample = data[:200]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4:
        return "utf-16-le"
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4:
        return "utf-16-be"
    return None


# Legacy encodings of more than one byte a letter: valid UTF-8 is no evidence against them.
_MULTI_BYTE = frozenset({"utf-8", "utf-16le", "utf-16be", "gbk", "gb18030", "big5", "euc-jp", "iso-2022-jp",
                         "shift_jis", "euc-kr", "x-user-defined"})


def _c1_controls(error: UnicodeError) -> tuple[str, int]:
    """WHATWG's windows-1252 maps the five bytes Python's cp1252 leaves undefined to U+0081 … U+009D."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("portalconv-whatwg-1252", _c1_controls)


def _decode_declared(data: bytes, label: str, where: str, warnings: list[Diagnostic]) -> tuple[str, str] | None:
    """The page read in the encoding its label names to a browser, or None (with a warning) to detect."""
    found = _whatwg(label)
    if found is None:
        warnings.append(Diagnostic("wrong-charset", f"page declares charset {label!r}, which browsers do not know; "
                                                 "detecting", where))
        return None
    # Pages declared UTF-16 but read as ASCII bytes here are really single-byte; BOM handles real UTF-16.
    if found.name.startswith("utf-16") and b"\x00" not in data[:200]:
        return None
    name = str(found.codec_info.name)
    if found.name not in _MULTI_BYTE and not data.isascii():
        # A page saved as UTF-8 under an old single-byte declaration: the browser shows mojibake
        # ("Ã©"), but valid UTF-8 with multi-byte letters is next to impossible in real single-byte text.
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            warnings.append(Diagnostic("wrong-charset", f"page declares {label} but is UTF-8; read as UTF-8", where))
            return text, "utf-8"
    errors = "portalconv-whatwg-1252" if found.name == "windows-1252" else "strict"
    try:
        return found.codec_info.decode(data, errors)[0], name
    except UnicodeDecodeError:
        warnings.append(Diagnostic("wrong-charset", f"page declares {label} but is not valid {found.name}; detecting",
                                where))
        return None


def decode(data: bytes, where: str = "") -> tuple[str, str, list[Diagnostic]]:
    """Decode page bytes; returns (NFC text, encoding used, warnings)."""
    warnings: list[Diagnostic] = []
    text: str | None = None
    used = ""
    for bom, name in _BOMS:
        if data.startswith(bom):
            text, used = data[len(bom) :].decode(name, errors="replace"), name
            break
    if text is None:
        sniffed = _sniff_utf16(data)
        if sniffed:
            try:
                text, used = data.decode(sniffed), sniffed
            except UnicodeDecodeError:
                warnings.append(Diagnostic("wrong-charset",
                                           f"page looks {sniffed} but is not valid {sniffed}; detecting", where))
    if text is None:
        label = declared_label(data)
        read = _decode_declared(data, label, where, warnings) if label else None
        if read is not None:
            text, used = read
    if text is None:
        try:
            text, used = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            from charset_normalizer import from_bytes

            best = from_bytes(data).best()
            if best is not None:
                text, used = str(best), best.encoding
            else:
                text, used = data.decode("utf-8", errors="replace"), "utf-8"
                warnings.append(Diagnostic("undecodable", "some bytes could not be decoded", where))
    return unicodedata.normalize("NFC", text), used, warnings
