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
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ..records import dataclass

if TYPE_CHECKING:  # the CLI imports this registry for --help; keep it free of the model's import cost
    from ..diagnostics import Diagnostic
    from ..model import Article
    from ..options import WriteOptions

__all__ = ["REGISTRY", "VERIFIABLE", "RenderFn", "Rendered", "WriterSpec", "listed", "write_rendered"]


@dataclass(frozen=True, slots=True)
class Rendered:
    """What a writer makes of an article: the complete file's bytes and the warnings met."""

    data: bytes
    warnings: tuple[Diagnostic, ...] = ()


RenderFn = Callable[["Article", "WriteOptions"], Rendered]


@dataclass(frozen=True, slots=True)
class WriterSpec:
    """One output format, every property in one row: adding a format is adding a row (and its module)."""

    module: str
    extension: str
    title: str = ""  # how help texts name it ("DOCX"); default: the name in capitals
    verifiable: bool = False  # `verify` reads it back (a reader in verify/readers.py READERS)
    bulletin: bool = False  # a bulletin can be written in it (bulletin/__init__.py builds it)

    def load(self) -> RenderFn:
        fn: RenderFn = importlib.import_module(self.module).render
        return fn


REGISTRY: dict[str, WriterSpec] = {
    "docx": WriterSpec("converter.writers.docx", ".docx", "DOCX", verifiable=True, bulletin=True),
    "pdf": WriterSpec("converter.writers.pdf", ".pdf", "PDF", verifiable=True, bulletin=True),
    "epub": WriterSpec("converter.writers.epub", ".epub", "EPUB", verifiable=True, bulletin=True),
    "json": WriterSpec("converter.writers.json", ".json", "JSON"),
}

# The formats `portalconv verify` (and a batch's --verify) can read back.
VERIFIABLE = frozenset(name for name, spec in REGISTRY.items() if spec.verifiable)


def listed(names: Iterable[str], last: str = "or", suffix: bool = False) -> str:
    """Formats named for a help text or message, in registry order: "DOCX, PDF, EPUB or JSON"."""
    wanted = set(names)
    shown = [(REGISTRY[n].extension if suffix else (REGISTRY[n].title or n.upper())) for n in REGISTRY if n in wanted]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} {last} {shown[-1]}"


def write_rendered(render: RenderFn, article: Article, target: str | os.PathLike[str],
                   options: WriteOptions) -> list[Diagnostic]:
    """``render`` the article and write its bytes to ``target`` atomically; the warnings."""
    from ..atomic import write_bytes_atomically

    rendered = render(article, options)
    write_bytes_atomically(target, rendered.data)
    return list(rendered.warnings)
