"""One row per SharePoint flavour: every property of a flavour is in its Profile, the order in which
flavours are tried is the table's, and every flavour the locator and the judge know is a row."""

from __future__ import annotations

import dataclasses
import re
import typing
from pathlib import Path

from lxml import etree, html

from converter import model as m
from converter.extract import locate
from converter.extract import sharepoint as sp
from converter.extract.judge import judge
from converter.extract.page_shape import not_the_article
from converter.extract.sharepoint import BY_NAME, FLAVOUR_ORDER, FLAVOURS, Profile

XPATH_FIELDS = ("body", "title", "date", "category", "byline", "lead", "fields")
EXTRACT = Path(sp.__file__).parent


def test_every_profile_has_every_property() -> None:
    names = [f.name for f in dataclasses.fields(Profile)]
    assert set(XPATH_FIELDS) | {"name", "dominant", "dedicated", "finder", "header", "header_in_main"} == set(names)
    finders = set(typing.get_args(sp.Finder))
    for p in FLAVOURS:
        assert p.name and isinstance(p.name, str)
        for key in XPATH_FIELDS:
            assert isinstance(getattr(p, key), tuple), (p.name, key)
        for key in ("dominant", "dedicated", "header", "header_in_main"):
            assert isinstance(getattr(p, key), bool), (p.name, key)
        assert p.finder in finders
        # A flavour found by its zones has zone XPaths; one found by code or on request has none.
        assert bool(p.body) == (p.finder == "zones"), p.name
        # A header searched inside the main zone must be searched relative to it.
        if p.header_in_main:
            assert all(xp.path.startswith(".") for key in XPATH_FIELDS for xp in getattr(p, key)), p.name
        assert p.header or not any(getattr(p, key) for key in XPATH_FIELDS[1:]), p.name


def test_the_order_is_the_tables_total_and_stable() -> None:
    names = [p.name for p in FLAVOURS]
    assert len(names) == len(set(names))  # a total order: no two rows share a name
    assert [p.name for p in FLAVOUR_ORDER] == [p.name for p in FLAVOURS if p.finder != "request"]
    assert {p.name for p in FLAVOURS} - {p.name for p in FLAVOUR_ORDER} == {"whole-page"}
    assert {p.name: p for p in FLAVOURS} == BY_NAME
    # The scored fallback, which takes any page's densest prose, is tried last.
    assert FLAVOUR_ORDER[-1].name == "fallback"
    # A list form's rich-text cell is itself an ms-rtestate-field: forms come before those zones.
    order = [p.name for p in FLAVOUR_ORDER]
    assert order.index("list-form") < order.index("publishing") < order.index("content-editor") \
        < order.index("list-item")


def test_every_flavour_the_locator_and_the_judge_know_is_a_row() -> None:
    assert set(locate.ITEM_FINDERS) == {p.name for p in FLAVOURS if p.finder == "code"}
    named = {n for f in EXTRACT.glob("*.py") for n in re.findall(r'BY_NAME\["([^"]+)"\]', f.read_text("utf-8"))}
    assert named and named <= set(BY_NAME)
    # No module outside the table tests a flavour by its name.
    for f in EXTRACT.glob("*.py"):
        if f.name != "sharepoint.py":
            text = f.read_text("utf-8")
            for p in FLAVOURS:
                assert not re.search(rf'(?:==|!=|\bin\b)\s*\(?"{re.escape(p.name)}"', text), (f.name, p.name)
    root = html.fromstring("<html><body><main><p>Nothing here but a line.</p></main></body></html>")
    assert locate.whole_page(root).profile is BY_NAME["whole-page"]


def test_xpaths_are_compiled_once() -> None:
    rules = [xp for p in FLAVOURS for key in XPATH_FIELDS for xp in getattr(p, key)]
    rules += [*sp.CHROME, *sp.MAIN_ZONES, *sp.SECTION_XPATHS, *sp.SITE_NAME_XPATHS, *sp.VIEW_XPATHS,
              *sp.HIT_COUNTERS, sp.CHROME_KEEP, sp.LABELLED_ZONES, sp.RELATED_ENTRY_DATE, sp.FORM_ROWS,
              sp.FORM_LABEL, sp.FORM_BODY]
    assert rules and all(isinstance(xp, etree.XPath) for xp in rules)
    root = html.fromstring('<html><body><div class="ms-wikicontent"><p>Wiki text</p></div></body></html>')
    assert [el.get("class") for el in BY_NAME["wiki"].body[0](root)] == ["ms-wikicontent"]


def test_a_dedicated_zone_is_the_article_whatever_it_holds() -> None:
    """The row says whether a flavour's zone also fills home pages: the judge and the page-shape
    check read that, not a list of names."""
    blocks: list[m.Block] = [m.Paragraph((m.Text("A short notice."),))]
    for p in FLAVOURS:
        assert (judge(blocks, p) == "") == p.dedicated, p.name
    main = html.fromstring("<div><div id='z'>Short zone.</div><p>" + "Other text of the page. " * 40 + "</p></div>")
    zone = main.find(".//div[@id='z']")
    assert zone is not None
    for p in FLAVOURS:
        verdict, _ = not_the_article(p, [zone], main)
        assert (verdict == "") == p.dedicated, p.name


def test_class_predicate_matches_whole_class_names_only() -> None:
    # cls() tests the cheap substring first; the answer must stay the whole-word one.
    doc = html.fromstring(
        "<div>"
        "<p class='ms-rtestate-field'>a</p>"
        "<p class='ms-rtestate-field-x'>b</p>"
        "<p class='x-ms-rtestate-field'>c</p>"
        "<p class='first\tms-rtestate-field\n last'>d</p>"
        "<p class='  ms-rtestate-field  '>e</p>"
        "<p class='ms-rtestate-fieldms-rtestate-field'>f</p>"
        "<p>g</p>"
        "</div>")
    found = etree.XPath(f"//p[{sp.cls('ms-rtestate-field')}]")(doc)
    assert [p.text for p in found] == ["a", "d", "e"]
