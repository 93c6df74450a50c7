"""Writer registry: format name → module and file extension.

Modules are imported only when their format is used, so ``--help`` or a DOCX conversion never pays
for WeasyPrint. Writers are pure: each module defines ``render(article, options) -> Rendered``,
the file's bytes and the warnings met, and touches no file. ``converter.api.write`` puts the bytes
on disk through the one atomic writer (``converter.atomic``). Each module's ``write(article,
target, options)`` is the same two steps, kept for callers that want a file.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports this registry for --help; keep it free of the model's import cost
    from ..diagnostics import Warning
    from ..model import Article
    from ..options import WriteOptions

__all__ = ["REGISTRY", "RenderFn", "Rendered", "WriterSpec", "write_rendered"]


@dataclass(frozen=True, slots=True)
class Rendered:
    """What a writer makes of an article: the complete file's bytes and the warnings met."""

    data: bytes
    warnings: tuple[Warning, ...] = ()


RenderFn = Callable[["Article", "WriteOptions"], Rendered]


@dataclass(frozen=True, slots=True)
class WriterSpec:
    module: str
    extension: str

    def load(self) -> RenderFn:
        fn: RenderFn = importlib.import_module(self.module).render
        return fn


REGISTRY: dict[str, WriterSpec] = {
    "docx": WriterSpec("converter.writers.docx", ".docx"),
    "pdf": WriterSpec("converter.writers.pdf", ".pdf"),
    "epub": WriterSpec("converter.writers.epub", ".epub"),
    "json": WriterSpec("converter.writers.json", ".json"),
}


def write_rendered(render: RenderFn, article: Article, target: str | os.PathLike[str],
                   options: WriteOptions) -> list[Warning]:
    """``render`` the article and write its bytes to ``target`` atomically; the warnings."""
    from ..atomic import write_bytes_atomically

    rendered = render(article, options)
    write_bytes_atomically(target, rendered.data)
    return list(rendered.warnings)
