"""Chrome rules that name only an id or a class word are skipped on pages without it
(``sharepoint.CHROME_NEEDS``, ``article.strip_chrome``): the page must come out exactly as when
every rule scans the whole page."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from conftest import CORPUS
from lxml import etree

from converter.extract import article, sharepoint
from converter.extract.sharepoint import XPath, cls, needs
from converter.load.page import load, parse_html

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "samples").glob("*.html"))
CORPUS_PAGES = sorted(CORPUS.glob("*.html")) + sorted(CORPUS.glob("wide/*/*.html")) if CORPUS.is_dir() else []


def _stripped(root: lxml.html.HtmlElement, monkeypatch: pytest.MonkeyPatch | None = None) -> bytes:
    if monkeypatch is not None:  # every rule scans: the behaviour before the skipping
        monkeypatch.setattr(article, "CHROME_NEEDS", (None,) * len(sharepoint.CHROME))
    article.strip_chrome(root)
    if monkeypatch is not None:
        monkeypatch.undo()
    return bytes(etree.tostring(root, encoding="utf-8"))


def test_a_rule_needs_its_word_only_when_it_tests_nothing_else() -> None:
    assert needs(XPath("//*[@id='suiteBar']")) == ("id", "suiteBar")
    assert needs(XPath(f"//*[{cls('ms-hide')}]")) == ("class", "ms-hide")
    for path in ("//script", "//*[@id='a' or @id='b']", f"//*[{cls('noindex')}][not({cls('ms-WPBody')})]",
                 f"//div[{cls('x')}]", "//*[@data-automation-id='pageFooter']", f"//*[not({cls('x')})]",
                 "//*[@id='x']//a", "//*[@id!='x']"):
        assert needs(XPath(path)) is None, path
    assert sum(need is not None for need in sharepoint.CHROME_NEEDS) >= 20  # most rules name one word


def test_class_words_are_read_as_xpath_reads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tabs and newlines separate class words for XPath as for str.split(); a longer word that
    # starts with a rule's word is another word; a non-breaking space joins words for XPath.
    html = ("<html><body><div class='a\tms-hide\n'>hidden</div><div class='ms-hide-not'>kept</div>"
            "<div class='b\u00a0s4-die'>kept too</div><div id='suiteBar'>bar</div><p>text</p></body></html>")
    skipped, scanned = parse_html(html, "t.html"), parse_html(html, "t.html")
    assert _stripped(skipped) == _stripped(scanned, monkeypatch)
    assert skipped.xpath("//div/text()") == ["kept", "kept too"]


@pytest.mark.parametrize("page", PAGES + CORPUS_PAGES, ids=lambda p: p.name)
def test_skipping_rules_changes_nothing_on_a_real_page(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _stripped(load(page).root) == _stripped(load(page).root, monkeypatch)
