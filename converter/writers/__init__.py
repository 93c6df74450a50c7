"""Writer registry: format name → module and file extension.

Modules are imported only when their format is used, so ``--help`` or a DOCX conversion never pays
for WeasyPrint. Each module defines ``write(article, target, options) -> list[Warning]`` and writes
the complete file at ``target`` (the caller makes that a temporary name and renames it).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports this registry for --help; keep it free of the model's import cost
    from ..diagnostics import Warning
    from ..model import Article
    from ..options import WriteOptions

WriterFn = Callable[["Article", Path, "WriteOptions"], "list[Warning]"]


@dataclass(frozen=True, slots=True)
class WriterSpec:
    module: str
    extension: str

    def load(self) -> WriterFn:
        fn: WriterFn = importlib.import_module(self.module).write
        return fn


REGISTRY: dict[str, WriterSpec] = {
    "docx": WriterSpec("converter.writers.docx", ".docx"),
    "pdf": WriterSpec("converter.writers.pdf", ".pdf"),
    "epub": WriterSpec("converter.writers.epub", ".epub"),
    "json": WriterSpec("converter.writers.json", ".json"),
}
