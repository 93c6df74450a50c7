"""Every real page in ../shared/corpus (batch-stc/ included) loads and reads without an uncaught exception.

A page without an article raises NoArticleError, which is a fine answer; anything else is a bug.
Skipped when the corpus folder is absent (a checkout without ../shared).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS

from converter import read
from converter.errors import NoArticleError
from converter.load.page import load

PAGES = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix.lower() in {".html", ".htm", ".mht"}) \
    if CORPUS.is_dir() else []


@pytest.mark.skipif(not PAGES, reason=f"no corpus at {CORPUS}")
@pytest.mark.parametrize("path", PAGES, ids=[str(p.relative_to(CORPUS)) for p in PAGES])
def test_every_corpus_page_loads_and_reads(path: Path) -> None:
    page = load(path)
    assert page.root is not None and page.root.tag == "html"
    try:
        result = read(path)
    except NoArticleError:
        return
    assert result.article.metadata.title
    for warning in result.warnings:
        assert warning.code and warning.message

