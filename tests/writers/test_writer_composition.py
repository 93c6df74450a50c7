"""A bulletin is many articles through one writer: converter/bulletin composes the writers only
through what each writer package declares public (``__all__``), single pages go through the same
builders, and the package's import graph has no cycle."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from factories import rich_article

from converter.options import WriteOptions

PACKAGE = Path(__file__).resolve().parents[2] / "converter"
WRITER_PACKAGES = ("docx", "pdf", "epub")


def _module_name(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    return ".".join(parts[:-1] if is_package else parts), is_package


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The module an ``import from`` names, resolved against ``module``."""
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _writer_imports() -> list[tuple[str, str, str]]:
    """(bulletin file, module, name) of every name a bulletin module imports from converter.writers."""
    found = []
    for path in sorted((PACKAGE / "bulletin").glob("*.py")):
        module, is_package = _module_name(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(path.name, a.name, "") for a in node.names if a.name.startswith("converter.writers")]
            elif isinstance(node, ast.ImportFrom):
                source = _absolute(node, module, is_package)
                if source == "converter.writers" or source.startswith("converter.writers."):
                    found += [(path.name, source, a.name) for a in node.names]
    return found


def test_every_writer_package_declares_its_composition_interface() -> None:
    for fmt in WRITER_PACKAGES:
        package = importlib.import_module(f"converter.writers.{fmt}")
        public = package.__all__
        assert "render" in public and "write" in public, fmt
        assert all(hasattr(package, name) and not name.startswith("_") for name in public), fmt


def test_the_bulletin_imports_only_what_the_writers_declare_public() -> None:
    imports = _writer_imports()
    assert imports, "the bulletin composes the writers"
    for file, source, name in imports:
        fmt = source.removeprefix("converter.writers").lstrip(".")
        # A writer package's public names, or the registry's (converter.writers itself: which formats exist).
        assert fmt in (*WRITER_PACKAGES, ""), f"{file} imports {source}: a writer's internal module"
        public = importlib.import_module(source).__all__
        assert name in public and not name.startswith("_"), f"{file} imports {name} from {source}, not in __all__"


def _import_graph(*, lazy: bool) -> dict[str, set[str]]:
    """Module → the converter modules it imports: at import time, or (``lazy``) anywhere in it."""
    modules = {_module_name(p)[0]: p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if lazy:
            nodes = list(ast.walk(tree))
        else:  # statements run when the module is imported: if/try blocks at the top, not TYPE_CHECKING's
            nodes, todo = [], list(tree.body)
            while todo:
                node = todo.pop()
                nodes.append(node)
                if isinstance(node, ast.If):
                    typing_only = "TYPE_CHECKING" in ast.unparse(node.test)
                    todo += [*([] if typing_only else node.body), *node.orelse]
                elif isinstance(node, ast.Try):
                    todo += [*node.body, *node.orelse, *node.finalbody, *(s for h in node.handlers for s in h.body)]
        edges: set[str] = set()
        for node in nodes:
            if isinstance(node, ast.ImportFrom):
                source = _absolute(node, name, is_package)
                for alias in node.names:
                    full = f"{source}.{alias.name}"
                    edges.add(full if full in modules else source)
            elif isinstance(node, ast.Import):
                edges |= {a.name for a in node.names}
        graph[name] = {e for e in edges if e in modules and e != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_package_import_graph_has_no_cycle() -> None:
    assert _cycles(_import_graph(lazy=False)) == []


def test_no_import_cycle_runs_through_the_writers_or_the_bulletin_even_deferred() -> None:
    # Imports inside functions load late, but a cycle through them still ties the layers together.
    tangled = [c for c in _cycles(_import_graph(lazy=True))
               if any(m.startswith(("converter.writers", "converter.bulletin", "converter.api")) for m in c)]
    assert tangled == []


def test_a_single_docx_is_a_one_article_document_of_the_builder(monkeypatch: pytest.MonkeyPatch) -> None:
    from converter.writers import docx

    added = []
    original = docx.DocumentBuilder.add_article

    def spy(self: docx.DocumentBuilder, article: object, **kw: object) -> docx.Added:
        added.append(article)
        return original(self, article, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(docx.DocumentBuilder, "add_article", spy)
    article = rich_article()
    assert docx.render(article, WriteOptions()).data[:2] == b"PK"
    assert added == [article]


def test_a_single_epub_is_packaged_as_a_bulletin_is(monkeypatch: pytest.MonkeyPatch) -> None:
    from converter.writers import epub

    packaged = []
    original = epub.package

    def spy(*args: object) -> bytes:
        packaged.append(args)
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(epub, "package", spy)
    assert epub.render(rich_article(), WriteOptions()).data[:2] == b"PK"
    assert len(packaged) == 1


def test_each_format_is_one_registry_row_that_the_rest_follows() -> None:
    """Whether a format can be verified or hold a bulletin is said once, in its registry row; the
    verify readers, the batch, the bulletin and the help texts follow that row."""
    import importlib

    from converter.batch import manifest, worker
    from converter.bulletin import FORMATS
    from converter.verify.readers import READERS
    from converter.writers import REGISTRY, VERIFIABLE, listed

    assert set(READERS) == VERIFIABLE == {n for n, spec in REGISTRY.items() if spec.verifiable}
    assert worker.VERIFIABLE is VERIFIABLE and manifest.VERIFIABLE is VERIFIABLE
    assert set(FORMATS.values()) == {n for n, spec in REGISTRY.items() if spec.bulletin}
    for suffix, name in FORMATS.items():
        assert suffix == REGISTRY[name].extension
        assert callable(importlib.import_module(f"converter.bulletin.{name}").build)
    assert listed(["json", "docx", "pdf"]) == "DOCX, PDF or JSON"  # registry order, titles
    assert listed(["pdf"], suffix=True) == ".pdf"
