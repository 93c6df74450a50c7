"""Text as verification compares it: NFC, white space collapsed, invisible characters gone."""

from __future__ import annotations

from ..normalise import clean


def norm(s: str) -> str:
    # A soft hyphen (U+00AD) is a hyphenation hint: invisible unless the line breaks there, and then a
    # PDF reads back a hyphen or nothing. Compared without it, on both sides.
    return " ".join(clean(s).replace("\u00ad", "").split())
