"""JSON writer: the article model, lossless (see ``converter.jsonio``)."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Warning
from ..jsonio import dumps
from ..model import Article
from ..options import WriteOptions


def write(article: Article, target: Path, options: WriteOptions) -> list[Warning]:
    target.write_text(dumps(article), encoding="utf-8")
    return []
