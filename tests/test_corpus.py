"""Real SharePoint pages (../shared/corpus): each meets the expectations written by reading it.

Every page of the corpus has ``tests/corpus/NAME.toml``: title, date, authors, category, views,
figures and each caption, texts that must appear (first and last body sentence at least) and
chrome that must not, or ``article = false`` for listings, home pages and empty forms. A few
``batch-stc/`` pages are in ``tests/corpus/batch-stc.toml``; every batch page must convert or be
refused as "no article", never crash. Skipped when the corpus folder is absent.
"""

from __future__ import annotations

import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS

from converter import read
from converter.api import Result
from converter.errors import NoArticleError
from converter.model import Article
from converter.walk import block_text, figures, iter_blocks, plain_text

EXPECT = Path(__file__).resolve().parent / "corpus"
PAGES = sorted(p for p in EXPECT.glob("*.toml") if p.stem != "batch-stc")
# corpus/wide/SITE/NAME.html ↔ tests/corpus/wide/SITE/NAME.toml (46 pages of four more sites).
WIDE = sorted(EXPECT.glob("wide/*/*.toml"))
BATCH = tomllib.loads((EXPECT / "batch-stc.toml").read_text(encoding="utf-8"))["page"]

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")


def squash(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).split())


def model_text(art: Article) -> str:
    md = art.metadata
    parts = [md.title, md.subtitle, md.lead, *(f"{f.label} {f.value}" for f in md.fields)]
    parts += [block_text(b) for b in iter_blocks(art.blocks)]
    return squash(" ".join(parts))


_cache: dict[Path, Result | NoArticleError] = {}


def convert(path: Path) -> Result | NoArticleError:
    if path not in _cache:
        try:
            _cache[path] = read(path)
        except NoArticleError as exc:
            _cache[path] = exc
    return _cache[path]


def check_article(result: Result | NoArticleError, exp: dict[str, Any]) -> None:
    assert isinstance(result, Result), f"expected an article, got: {result}"
    art = result.article
    md = art.metadata
    assert md.title == exp["title"]
    for key in ("subtitle", "lead", "category", "language"):
        if key in exp:
            assert getattr(md, key) == exp[key], key
    if "published_text" in exp:
        assert (md.published.text if md.published else "") == exp["published_text"]
    if exp.get("published"):
        assert md.published is not None and md.published.value is not None
        assert md.published.value.isoformat() == exp["published"]
    elif "published" in exp:  # the page gives no date: none is invented
        assert md.published is None or md.published.value is None
    if "authors" in exp:
        assert list(md.authors) == exp["authors"]
    if "views" in exp:
        assert md.views == (None if exp["views"] == -1 else exp["views"])
    figs = figures(art.blocks)
    assert len(figs) == exp["figures"]
    # Compared as the page shows them: a no-break space between two words reads as a space.
    assert [squash(plain_text(f.caption)) for f in figs] == [squash(c) for c in exp["captions"]]
    text = model_text(art)
    for phrase in [*exp.get("with", []), *exp.get("fields", [])]:
        assert squash(phrase) in text, phrase
    for chrome in exp.get("without", []):
        assert squash(chrome) not in text, chrome
    # A caption appears once: never also as a body paragraph.
    paragraphs = {squash(block_text(b)) for b in iter_blocks(art.blocks) if type(b).__name__ == "Paragraph"}
    for fig in figs:
        assert not plain_text(fig.caption) or squash(plain_text(fig.caption)) not in paragraphs


def test_every_corpus_page_has_written_expectations() -> None:
    pages = {p.stem for p in CORPUS.glob("*.html")}
    assert pages == {p.stem for p in PAGES}


@pytest.mark.parametrize("expect", PAGES, ids=[p.stem[:2] for p in PAGES])
def test_corpus_page_meets_its_expectations(expect: Path) -> None:
    exp = tomllib.loads(expect.read_text(encoding="utf-8"))
    result = convert(CORPUS / f"{expect.stem}.html")
    if exp["article"]:
        check_article(result, exp)
    else:
        assert isinstance(result, NoArticleError), f"{expect.stem} is a {exp['why']}, not an article"
        assert result.exit_code == 4 and "no article found" in str(result)


def test_every_wide_corpus_page_has_written_expectations() -> None:
    pages = {p.relative_to(CORPUS / "wide").with_suffix("") for p in CORPUS.glob("wide/*/*.html")}
    assert pages == {p.relative_to(EXPECT / "wide").with_suffix("") for p in WIDE}


@pytest.mark.parametrize("expect", WIDE, ids=[f"{p.parent.name[:6]}-{p.stem[:2]}" for p in WIDE])
def test_wide_corpus_page_meets_its_expectations(expect: Path) -> None:
    exp = tomllib.loads(expect.read_text(encoding="utf-8"))
    result = convert(CORPUS / "wide" / expect.parent.name / f"{expect.stem}.html")
    if exp["article"]:
        check_article(result, exp)
    else:
        assert isinstance(result, NoArticleError), f"{expect.stem} is a {exp['why']}, not an article"
        assert result.exit_code == 4 and "no article found" in str(result)


@pytest.mark.parametrize("exp", BATCH, ids=[p["file"][:40] for p in BATCH])
def test_batch_page_meets_its_expectations(exp: dict[str, Any]) -> None:
    result = convert(CORPUS / "batch-stc" / exp["file"])
    if exp["article"]:
        check_article(result, exp)
    else:
        assert isinstance(result, NoArticleError), f"{exp['file']} is a {exp['why']}, not an article"


def test_no_article_pages_name_the_file_and_have_their_own_exit_code() -> None:
    result = convert(CORPUS / "04-iata-press-releases-index.html")
    assert isinstance(result, NoArticleError)
    assert "04-iata-press-releases-index.html" in str(result) and result.exit_code == 4


def test_every_batch_page_converts_or_is_refused_as_no_article() -> None:
    """Never a crash and never a stray warning: only missing images are worth a warning here."""
    for page in sorted((CORPUS / "batch-stc").glob("*.html")):
        result = convert(page)
        if isinstance(result, Result):
            assert result.article.metadata.title, page.name
            assert {w.code for w in result.warnings} <= {"missing-image"}, page.name


def test_warnings_on_real_articles_are_only_about_lost_images_and_media() -> None:
    for expect in PAGES:
        result = convert(CORPUS / f"{expect.stem}.html")
        if isinstance(result, Result):
            assert {w.code for w in result.warnings} <= {"missing-image", "unsupported-element"}, expect.stem
