"""docs/promises.md cannot rot: every promise names at least one test, and every test it names exists.

The tests are found by reading the test files' syntax trees (module-level and class-level ``test_``
functions), not by importing them, so this check is quick and imports nothing heavy.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROMISES = ROOT / "docs" / "promises.md"
TEST_ID = re.compile(r"tests/[\w/]+\.py::\w+")
SEPARATOR = re.compile(r"^\|\s*:?-{3,}")


def rows() -> list[tuple[str, str, list[str]]]:
    """(section, promise, test ids) for each row of the tables, header and separator lines left out."""
    out: list[tuple[str, str, list[str]]] = []
    section, header_seen = "", False
    for line in PROMISES.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section, header_seen = line[3:].strip(), False
            continue
        if not line.startswith("|") or SEPARATOR.match(line):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if not header_seen:  # the first row of each table is its header
            header_seen = True
            assert cells == ["Promise", "Where documented", "Test(s)"], f"{section}: unexpected header {cells}"
            continue
        assert len(cells) == 3, f"{section}: a row needs three cells: {line[:80]}"
        out.append((section, cells[0], TEST_ID.findall(cells[2])))
    return out


def defined_tests() -> set[str]:
    """Every ``tests/FILE.py::test_name`` defined at module level or in a class of a test file."""
    found: set[str] = set()
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        scopes = [tree.body, *(node.body for node in tree.body if isinstance(node, ast.ClassDef))]
        rel = path.relative_to(ROOT).as_posix()
        for body in scopes:
            for node in body:
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_"):
                    found.add(f"{rel}::{node.name}")
    return found


def test_the_table_is_grouped_by_docs_page_and_not_empty() -> None:
    table = rows()
    sections = {section for section, _, _ in table}
    assert {"README", "cli.md", "formats.md", "batch.md", "bulletin.md", "safety.md", "library.md"} <= sections
    assert len(table) >= 60


def test_every_promise_names_at_least_one_test() -> None:
    bare = [f"{section}: {promise}" for section, promise, tests in rows() if not tests]
    assert bare == [], "promises without a test:\n" + "\n".join(bare)


def test_every_test_named_exists() -> None:
    known = defined_tests()
    missing = sorted({f"{test} (row: {section}: {promise[:60]})" for section, promise, tests in rows()
                      for test in tests if test not in known})
    assert missing == [], "docs/promises.md names tests that do not exist:\n" + "\n".join(missing)


def test_each_promise_is_listed_once() -> None:
    promises = [promise for _, promise, _ in rows()]
    assert len(promises) == len(set(promises))


def test_the_index_itself_sees_a_missing_test() -> None:
    assert "tests/test_promises_index.py::test_every_test_named_exists" in defined_tests()
    assert "tests/test_promises_index.py::test_that_does_not_exist" not in defined_tests()
