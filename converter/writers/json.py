"""JSON writer: the article model, lossless (see ``converter.jsonio``)."""

from __future__ import annotations

import os

from ..diagnostics import Diagnostic
from ..jsonio import dumps
from ..model import Article
from ..options import WriteOptions
from . import Rendered, write_rendered


def render(article: Article, options: WriteOptions) -> Rendered:
    """The article as UTF-8 JSON; nothing is written."""
    return Rendered(dumps(article).encode("utf-8"))


def write(article: Article, target: str | os.PathLike[str], options: WriteOptions) -> list[Diagnostic]:
    """:func:`render` written to ``target`` atomically."""
    return write_rendered(render, article, target, options)
