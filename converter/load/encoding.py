"""Bytes of a saved page → text: BOM, declared charset, then a detector only when needed.

Vietnamese pages saved as windows-1258 compose letters from base + combining marks, so every
decoded text is NFC-normalised before anything else sees it.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..diagnostics import Warning

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# <meta charset=x>, <meta http-equiv=Content-Type content="text/html; charset=x">, <?xml encoding=x?>
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)


def _lookup(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_encoding(data: bytes) -> str | None:
    """The encoding named by the page itself in its first 4 KB, if Python knows it."""
    head = data[:4096]
    # A UTF-16 page without BOM still declares itself in ASCII-compatible units; drop NULs to see it.
    if b"\x00" in head[:200]:
        head = head.replace(b"\x00", b"")
    m = _DECLARED.search(head)
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii", "replace")
    found = _lookup(name)
    # Pages declared UTF-16 but read as ASCII bytes here are really single-byte; BOM handles real UTF-16.
    if found and found.startswith("utf-16") and b"\x00" not in data[:200]:
        return None
    return found


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: every other byte of ASCII markup is NUL."""
    sample = data[:200]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4:
        return "utf-16-le"
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4:
        return "utf-16-be"
    return None


def decode(data: bytes, where: str = "") -> tuple[str, str, list[Warning]]:
    """Decode page bytes; returns (NFC text, encoding used, warnings)."""
    warnings: list[Warning] = []
    text: str | None = None
    used = ""
    for bom, name in _BOMS:
        if data.startswith(bom):
            text, used = data[len(bom) :].decode(name, errors="replace"), name
            break
    if text is None:
        sniffed = _sniff_utf16(data)
        candidates = [c for c in (sniffed, declared_encoding(data)) if c]
        for name in candidates:
            try:
                text, used = data.decode(name), name
                break
            except UnicodeDecodeError:
                warnings.append(
                    Warning("wrong-charset", f"page declares {name} but is not valid {name}; detecting", where)
                )
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
                warnings.append(Warning("undecodable", "some bytes could not be decoded", where))
    return unicodedata.normalize("NFC", text), used, warnings
