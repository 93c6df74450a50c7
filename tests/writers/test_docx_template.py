"""DOCX templates: the shipped reference.docx defines every style used; ``--reference-docx`` brings a user's."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Cm, Pt
from lxml import etree
from typer.testing import CliRunner

from converter import api
from converter import model as m
from converter.cli import app
from converter.errors import InputError
from converter.options import WriteOptions
from converter.resources import style_path
from converter.writers.docx import write
from converter.writers.docx.styles import USED_STYLES

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.html"))


def styles_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("word/styles.xml"))


def used_style_ids(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as zf:
        names = [n for n in zf.namelist() if n in {"word/document.xml"} or n.startswith("word/footer")]
        roots = [etree.fromstring(zf.read(n)) for n in names]
    return {str(v) for root in roots
            for v in root.xpath("//w:pStyle/@w:val | //w:rStyle/@w:val | //w:tblStyle/@w:val", namespaces=NS)}


def user_template(tmp_path: Path, *, numbering: bool = True, name: str = "mine.docx") -> Path:
    """python-docx's own default template with a restyled Normal: a stand-in for a user's file."""
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Arial"  # type: ignore[union-attr]
    normal.font.size = Pt(11)  # type: ignore[union-attr]
    document.add_paragraph("Placeholder text of the template that must not reach the output.")
    document.sections[0].left_margin = Cm(3)
    if not numbering:
        for r_id, rel in list(document.part.rels.items()):
            if rel.reltype == RT.NUMBERING:
                document.part.drop_rel(r_id)
    path = tmp_path / name
    document.save(str(path))
    return path


def rich_list_article() -> m.Article:
    return m.article("Mẫu", m.para("Đoạn."), m.bullet_list("một", "hai"), m.bullet_list("ba", ordered=True),
                     language="vi")


# --------------------------------------------------------------------------- the shipped template


def test_the_shipped_template_defines_every_style_name_the_writer_uses() -> None:
    template = docx.Document(str(style_path("reference.docx")))
    defined = {s.name for s in template.styles}
    assert set(USED_STYLES) <= defined
    assert not template.paragraphs and not template.tables  # the writer fills the body alone


@pytest.mark.parametrize("page", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_every_style_a_sample_uses_is_listed_and_defined(page: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.docx"
    api.write(api.read(page).article, target, "docx")
    used = used_style_ids(target)
    # Each style id used resolves to a name in USED_STYLES: the list the template test checks is complete.
    document = docx.Document(str(target))
    names = {s.style_id: s.name for s in document.styles}
    assert used and {names[i] for i in used} <= set(USED_STYLES)


def test_list_styles_carry_no_numbering_of_their_own() -> None:
    # The writer numbers each list itself; a w:numPr in the style would tie every list to one count.
    root = styles_xml(style_path("reference.docx"))
    assert not root.xpath("w:style[w:name/@w:val='List Bullet' or w:name/@w:val='List Number']/w:pPr/w:numPr",
                          namespaces=NS)


def test_table_grid_has_borders_and_a_header_row_format() -> None:
    root = styles_xml(style_path("reference.docx"))
    (grid,) = root.xpath("w:style[@w:styleId='TableGrid']", namespaces=NS)
    sides = [etree.QName(el).localname for el in grid.xpath("w:tblPr/w:tblBorders/*", namespaces=NS)]
    assert sides == ["top", "left", "bottom", "right", "insideH", "insideV"]
    assert grid.xpath("w:tblStylePr[@w:type='firstRow']/w:rPr/w:b", namespaces=NS)


# --------------------------------------------------------------------------- --reference-docx


def test_a_user_template_gives_its_styles_and_missing_ones_fall_back_with_a_warning(tmp_path: Path) -> None:
    template = user_template(tmp_path)
    target = tmp_path / "out.docx"
    warnings = write(rich_list_article(), target, WriteOptions(reference_docx=template))
    assert [w.code for w in warnings] == ["reference-docx-style"]
    assert "Lead" in warnings[0].message and "Metadata" in warnings[0].message
    assert "Caption" not in warnings[0].message  # python-docx's template has one: the user's is kept
    out = docx.Document(str(target))
    assert set(USED_STYLES) <= {s.name for s in out.styles}
    assert out.styles["Normal"].font.name == "Arial"  # type: ignore[union-attr]
    assert used_style_ids(target) <= {s.style_id for s in out.styles}
    texts = [p.text for p in out.paragraphs]
    assert "Đoạn." in texts and not any("Placeholder text" in t for t in texts)
    assert round(out.sections[0].left_margin.cm, 1) == 3.0  # type: ignore[union-attr]
    with zipfile.ZipFile(target) as zf:  # not "Microsoft Macintosh Word" with the template's page count
        assert b"<Application>portalconv</Application>" in zf.read("docProps/app.xml")


def test_a_user_template_that_defines_every_style_gives_no_warning(tmp_path: Path) -> None:
    target = tmp_path / "out.docx"
    assert write(rich_list_article(), target, WriteOptions(reference_docx=style_path("reference.docx"))) == []


def test_a_template_without_a_numbering_part_still_gets_real_lists(tmp_path: Path) -> None:
    template = user_template(tmp_path, numbering=False)
    target = tmp_path / "out.docx"
    write(rich_list_article(), target, WriteOptions(reference_docx=template))
    with zipfile.ZipFile(target) as zf:
        numbering = etree.fromstring(zf.read("word/numbering.xml"))
    assert len(numbering.findall(f"{{{W}}}num")) == 2


def test_a_dotx_template_is_accepted(tmp_path: Path) -> None:
    source = user_template(tmp_path)
    dotx = tmp_path / "mine.dotx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(dotx, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(info, data)
    target = tmp_path / "out.docx"
    write(rich_list_article(), target, WriteOptions(reference_docx=dotx))
    assert docx.Document(str(target)).styles["Normal"].font.name == "Arial"  # type: ignore[union-attr]


def test_a_template_that_is_not_a_word_file_is_an_input_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.docx"
    bogus.write_bytes(b"not a zip at all")
    with pytest.raises(InputError) as err:
        write(rich_list_article(), tmp_path / "out.docx", WriteOptions(reference_docx=bogus))
    assert "bogus.docx" in str(err.value) and err.value.hint


def test_the_template_custom_properties_are_replaced_by_the_article(tmp_path: Path) -> None:
    from converter.writers.docx.properties import CUSTOM_PART, custom_xml

    template = tmp_path / "props.docx"
    first = tmp_path / "first.docx"
    write(m.article("A", m.para("x"), views=7, content_type="Old type"), first, WriteOptions())
    first.rename(template)  # an earlier output as the template: it has a custom part already
    target = tmp_path / "out.docx"
    write(m.article("B", m.para("y"), views=9), target, WriteOptions(reference_docx=template))
    with zipfile.ZipFile(target) as zf:
        assert [n for n in zf.namelist() if n == CUSTOM_PART.lstrip("/")] == ["docProps/custom.xml"]
        assert zf.read("docProps/custom.xml") == custom_xml([("Views", "i4", "9")])


def test_the_cli_takes_a_reference_docx(tmp_path: Path) -> None:
    page = tmp_path / "bai.html"
    page.write_text("<html><body><table id='tableforprint'><tr><td><p class='Title'>Tiêu đề</p></td></tr>"
                    "<tr><td><div class='ExternalClass1'><p>Nội dung mẫu của bài.</p></div></td></tr></table>"
                    "</body></html>", encoding="utf-8")
    template = user_template(tmp_path)
    result = CliRunner().invoke(app, [str(page), "--to", "docx", "--reference-docx", str(template)])
    assert result.exit_code == 0, result.output
    assert "reference-docx-style" in result.output
    out = docx.Document(io.BytesIO(page.with_suffix(".docx").read_bytes()))
    assert out.styles["Normal"].font.name == "Arial"  # type: ignore[union-attr]


def _settings(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("word/settings.xml"))


def _without_compat(tmp_path: Path) -> Path:
    """A user template whose settings part has no w:compat at all."""
    source = user_template(tmp_path, name="source.docx")
    path = tmp_path / "no-compat.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/settings.xml":
                root = etree.fromstring(data)
                for compat in root.findall(f"{{{W}}}compat"):
                    root.remove(compat)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, data)
    return path


@pytest.mark.parametrize("template", ["shipped", "user", "user-without-compat"])
def test_lines_ended_by_a_break_are_not_stretched_in_justified_text(tmp_path: Path, template: str) -> None:
    reference = {"shipped": None, "user": user_template(tmp_path),
                 "user-without-compat": _without_compat(tmp_path)}[template]
    target = tmp_path / "out.docx"
    write(rich_list_article(), target, WriteOptions(reference_docx=reference))
    settings = _settings(target)
    (compat,) = settings.findall(f"{{{W}}}compat")
    flags = compat.findall(f"{{{W}}}doNotExpandShiftReturn")
    assert len(flags) == 1
    # Schema order: the flag precedes w:useFELayout and every w:compatSetting; w:compat precedes w:rsids.
    children = [etree.QName(el).localname for el in compat]
    later = [i for i, name in enumerate(children) if name in {"useFELayout", "compatSetting"}]
    assert all(children.index("doNotExpandShiftReturn") < i for i in later)
    order = [etree.QName(el).localname for el in settings]
    if "rsids" in order:
        assert order.index("compat") < order.index("rsids")
