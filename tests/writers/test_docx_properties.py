"""DOCX document properties (core and custom) and the document's language, from the article alone."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import docx
import pytest
from factories import rich_article
from lxml import etree

from converter import model as m
from converter.options import WriteOptions
from converter.writers.docx import write
from converter.writers.docx.language import language_of
from converter.writers.docx.properties import PUBLISHED, content_status, custom_properties

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
NS = {"w": W, "c": CUSTOM, "vt": VT, "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
      "ct": "http://schemas.openxmlformats.org/package/2006/content-types"}


def written(article: m.Article, tmp_path: Path) -> Path:
    target = tmp_path / "out.docx"
    write(article, target, WriteOptions())
    return target


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(name))


# --------------------------------------------------------------------------- custom properties


def test_custom_properties_hold_the_record_values_and_every_list_form_field(tmp_path: Path) -> None:
    root = part(written(rich_article(), tmp_path), "docProps/custom.xml")
    props = [(p.get("name"), etree.QName(p[0]).localname, p[0].text) for p in root.iterfind(f"{{{CUSTOM}}}property")]
    assert props == [
        ("Views", "i4", "252"),
        ("Content Type", "lpwstr", "Tin Tức Mở Rộng"),
        ("Version", "lpwstr", "3.0"),
        ("Site", "lpwstr", "Cổng thông tin điện tử tỉnh"),
        ("Created By", "lpwstr", "Quản trị viên"),
        ("Created", "filetime", "2021-10-08T11:40:00Z"),  # 18:40 in Hà Nội, in UTC
        ("Số Trang", "lpwstr", "1"),
        ("Trạng thái", "lpwstr", "Đã duyệt"),
    ]
    pids = [p.get("pid") for p in root.iterfind(f"{{{CUSTOM}}}property")]
    assert pids == [str(n) for n in range(2, 2 + len(props))]  # 0 and 1 are reserved
    assert {p.get("fmtid") for p in root} == {"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"}


def test_the_custom_part_is_related_from_the_package_with_its_content_type(tmp_path: Path) -> None:
    path = written(rich_article(), tmp_path)
    rels = part(path, "_rels/.rels")
    targets = {r.get("Type").rsplit("/", 1)[-1]: r.get("Target") for r in rels}
    assert targets["custom-properties"] == "docProps/custom.xml"
    types = part(path, "[Content_Types].xml")
    override = types.xpath("ct:Override[@PartName='/docProps/custom.xml']/@ContentType", namespaces=NS)
    assert override == ["application/vnd.openxmlformats-officedocument.custom-properties+xml"]
    docx.Document(str(path))  # python-docx still opens it


def test_same_named_fields_get_distinct_property_names() -> None:
    md = m.Metadata(views=3, fields=(m.Field("Views", "x"), m.Field("Ghi chú", "a"), m.Field("ghi chú", "b"),
                                     m.Field("Trống", "  ")))
    assert [name for name, _, _ in custom_properties(md)] == ["Views", "Views (2)", "Ghi chú", "ghi chú (2)"]


def test_an_article_without_record_values_gets_no_custom_part(tmp_path: Path) -> None:
    with zipfile.ZipFile(written(m.article("Trống", m.para("x")), tmp_path)) as zf:
        assert "docProps/custom.xml" not in zf.namelist()


def test_long_field_values_are_clipped_to_what_word_edits() -> None:
    (row,) = custom_properties(m.Metadata(fields=(m.Field("Nội dung", "chữ " * 200),)))
    assert len(row[2]) == 255 and row[2].endswith("…")


# --------------------------------------------------------------------------- core properties


@pytest.mark.parametrize(("fields", "published", "status"), [
    ((m.Field("Approval Status", "Approved", "_ModerationStatus"),), True, "Approved"),
    ((), True, PUBLISHED),
    ((), False, ""),
])
def test_content_status_comes_from_the_approval_field_else_the_publication(
        fields: tuple[m.Field, ...], published: bool, status: str) -> None:
    md = m.Metadata(fields=fields, published=m.DateValue("1/1/2024") if published else None)
    assert content_status(md) == status


def test_core_properties_fall_back_to_the_list_item_creator_and_category(tmp_path: Path) -> None:
    article = m.article("Tin", m.para("x"), created_by="Nguyễn Văn A", category="Thời sự")
    props = docx.Document(str(written(article, tmp_path))).core_properties
    assert props.author == "Nguyễn Văn A"
    assert props.subject == "Thời sự"


# --------------------------------------------------------------------------- language


def test_styles_and_runs_carry_the_article_language(tmp_path: Path) -> None:
    path = written(rich_article(), tmp_path)
    styles = part(path, "word/styles.xml")
    for style in styles.xpath("w:style[@w:type='paragraph' or @w:type='character']", namespaces=NS):
        assert style.xpath("string(w:rPr/w:lang/@w:val)", namespaces=NS) == "vi-VN", style.get(f"{{{W}}}styleId")
    document = part(path, "word/document.xml")
    runs = document.xpath("//w:r[w:t]", namespaces=NS)
    assert runs and all(r.xpath("string(w:rPr/w:lang/@w:val)", namespaces=NS) == "vi-VN" for r in runs)
    # w:lang sits after the other run properties, as CT_RPr orders them.
    bold = document.xpath("//w:r[w:rPr/w:b]/w:rPr", namespaces=NS)[0]
    assert [etree.QName(c).localname for c in bold] == ["b", "bCs", "lang"]
    settings = part(path, "word/settings.xml")
    assert settings.xpath("string(w:themeFontLang/@w:val)", namespaces=NS) == "vi-VN"


@pytest.mark.parametrize(("tag", "attr", "font_attr", "font"), [
    ("zh-TW", "eastAsia", "eastAsia", "PMingLiU"),
    ("ja", "eastAsia", "eastAsia", "MS Mincho"),
    ("km", "bidi", "cs", "Khmer UI"),
    ("th", "bidi", "cs", "Tahoma"),
])
def test_east_asian_and_complex_scripts_get_their_language_slot_and_font(
        tag: str, attr: str, font_attr: str, font: str, tmp_path: Path) -> None:
    article = rich_article()
    article = dataclasses.replace(article, metadata=dataclasses.replace(article.metadata, language=tag))
    styles = part(written(article, tmp_path), "word/styles.xml")
    word_tag = language_of(tag).tag
    lang = styles.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang", namespaces=NS)[0]
    assert lang.get(f"{{{W}}}val") == word_tag and lang.get(f"{{{W}}}{attr}") == word_tag
    fonts = styles.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", namespaces=NS)[0]
    assert fonts.get(f"{{{W}}}{font_attr}") == font
    assert fonts.get(f"{{{W}}}ascii") == "Times New Roman"  # Latin text keeps the template's font
    # Headings name their own fonts; the script's slot is overridden there too.
    heading = styles.xpath("w:style[@w:styleId='Heading1']/w:rPr/w:rFonts", namespaces=NS)[0]
    assert heading.get(f"{{{W}}}{font_attr}") == font


def test_latin_script_languages_set_only_the_main_language() -> None:
    vi = language_of("vi")
    assert (vi.tag, vi.east_asia, vi.bidi, vi.fonts) == ("vi-VN", "", "", ())
