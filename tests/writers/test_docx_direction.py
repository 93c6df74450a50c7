"""Right-to-left articles in Word: base direction on the defaults, the section and the tables;
labels in the article's language; left-to-right articles untouched."""

from __future__ import annotations

import zipfile
from pathlib import Path

from factories import rich_article
from lxml import etree

from converter.options import WriteOptions
from converter.writers.docx import write

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _parts(tmp_path: Path, language: str) -> dict[str, etree._Element]:
    target = tmp_path / f"{language}.docx"
    write(rich_article(language), target, WriteOptions())
    with zipfile.ZipFile(target) as zf:
        return {name: etree.fromstring(zf.read(name))
                for name in ("word/styles.xml", "word/document.xml", "word/footer1.xml")}


def test_an_arabic_article_runs_right_to_left_everywhere(tmp_path: Path) -> None:
    parts = _parts(tmp_path, "ar")
    ppr = parts["word/styles.xml"].xpath("w:docDefaults/w:pPrDefault/w:pPr", namespaces=NS)[0]
    children = [etree.QName(c).localname for c in ppr]
    assert "bidi" in children
    # Schema order: w:bidi before w:spacing, w:ind and w:jc, or Word refuses the file.
    assert all(children.index("bidi") < children.index(t) for t in ("spacing", "ind", "jc") if t in children)
    doc = parts["word/document.xml"]
    assert doc.xpath("count(//w:sectPr[w:bidi])", namespaces=NS) == doc.xpath("count(//w:sectPr)", namespaces=NS) > 0
    tables = doc.xpath("//w:tbl/w:tblPr", namespaces=NS)
    assert tables and all(t.find(f"{{{W}}}bidiVisual") is not None for t in tables)


def test_an_arabic_article_is_labelled_in_arabic(tmp_path: Path) -> None:
    parts = _parts(tmp_path, "ar")
    footer = "".join(parts["word/footer1.xml"].xpath("//w:t/text()", namespaces=NS))
    assert footer == "صفحة 1 من 1"
    body = "".join(parts["word/document.xml"].xpath("//w:t/text()", namespaces=NS))
    assert "الشكل 1" in body


def test_a_vietnamese_article_has_no_right_to_left_marks(tmp_path: Path) -> None:
    parts = _parts(tmp_path, "vi")
    for root in parts.values():
        assert not root.xpath("//w:bidi | //w:bidiVisual", namespaces=NS)


def _title_spacing(parts: dict[str, etree._Element]) -> list[str]:
    return [str(v) for v in parts["word/styles.xml"].xpath(
        "w:style[@w:styleId='Title' or @w:styleId='Subtitle']/w:rPr/w:spacing/@w:val", namespaces=NS)]


def test_arabic_titles_are_not_letter_spaced_latin_ones_keep_theirs(tmp_path: Path) -> None:
    assert _title_spacing(_parts(tmp_path, "ar")) == []  # spacing would pull joined letters apart
    assert _title_spacing(_parts(tmp_path, "vi")) != []
