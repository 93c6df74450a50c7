"""Text as verification compares it: NFC, white space collapsed, invisible characters gone."""

from __future__ import annotations

from ..normalise import clean


def norm(s: str) -> str:
    return " ".join(clean(s).split())
