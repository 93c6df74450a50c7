"""Frozen option objects with their defaults; the CLI builds them, the library consumes them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class WriteOptions:
    paper: str = "A4"  # PDF page size: A4, A5 or Letter
    css: Path | None = None  # extra stylesheet appended after the default (PDF, EPUB)
