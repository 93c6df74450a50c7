"""The DOCX writer: content, figures and captions, lists, tables, links, properties, determinism."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.shared import Mm, Twips
from factories import photo_bytes, resource, rich_article
from lxml import etree
from PIL import Image as PILImage

from converter import model as m
from converter.labels import label
from converter.options import WriteOptions
from converter.render.meta import record_rows
from converter.resources import style_path
from converter.verify import verify
from converter.walk import iter_blocks, plain_text
from converter.writers import REGISTRY
from converter.writers.docx import render, write
from converter.writers.docx.language import word_language
from converter.writers.docx.styles import USED_STYLES

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
# Word stores the page and margins in twips: 11906 wide, 1417 each side.
A4_TEXT_WIDTH = Twips(11906 - 2 * 1417)


def written(article: m.Article, tmp_path: Path, name: str = "out.docx") -> Path:
    target = tmp_path / name
    write(article, target, WriteOptions())
    return target


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(name))


def opened(path: Path) -> Document:
    return docx.Document(str(path))


def style_of(p: etree._Element) -> str:
    found = p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS)
    return str(found) or "Normal"


def p_text(p: etree._Element) -> str:
    return "".join(str(t) for t in p.xpath(".//w:t/text()", namespaces=NS))


def body_paragraphs(path: Path) -> list[etree._Element]:
    return list(part(path, "word/document.xml").iterfind(f"{{{W}}}body/{{{W}}}p"))


def seq_numbers(p: etree._Element) -> list[str]:
    """Cached results of the SEQ Figure fields in one paragraph (runs between separate and end)."""
    out: list[str] = []
    state = ""
    for r in p.iterfind(f"{{{W}}}r"):
        fld = r.find(f"{{{W}}}fldChar")
        instr = r.find(f"{{{W}}}instrText")
        if fld is not None:
            kind = fld.get(f"{{{W}}}fldCharType")
            state = "result" if kind == "separate" and state == "seq" else ("" if kind == "end" else state)
            if kind == "begin":
                state = "instr"
        elif instr is not None and state == "instr" and "SEQ Figure" in (instr.text or ""):
            state = "seq"
        elif state == "result":
            out.append("".join(r.itertext()))
    return out


def captions(path: Path) -> list[etree._Element]:
    return [p for p in body_paragraphs(path) if p.xpath(".//w:instrText[contains(., 'SEQ Figure')]",
                                                       namespaces=NS)]


# --------------------------------------------------------------------------- content


def test_every_paragraph_of_the_model_appears_in_the_document(article: m.Article, tmp_path: Path) -> None:
    doc = opened(written(article, tmp_path))
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    joined = "\n".join(texts)
    for block in iter_blocks(article.blocks):
        if isinstance(block, m.Paragraph | m.Heading | m.Signature):
            assert plain_text(block.children) in texts
        elif isinstance(block, m.Figure | m.Table):
            inlines = block.caption
            assert plain_text(inlines) in joined
        if isinstance(block, m.Table):
            for row in block.rows:
                for cell in row.cells:
                    assert plain_text(cell.children) in joined


def test_the_title_subtitle_metadata_and_lead_come_before_the_body(article: m.Article,
                                                                   tmp_path: Path) -> None:
    doc = opened(written(article, tmp_path))
    paragraphs = [(p.style.name if p.style else "", p.text) for p in doc.paragraphs]
    md = article.metadata
    assert paragraphs[0] == ("Title", md.title)
    assert paragraphs[1] == ("Subtitle", md.subtitle)
    metadata = [text for style, text in paragraphs if style == "Metadata"]
    assert f"{label('published', 'vi')}: Thứ 6, Ngày 08/10/2021, 19:00" in metadata
    assert f"{label('source', 'vi')}: {md.source_url}" in metadata
    lead_at = paragraphs.index(("Lead", md.lead))
    first_body = paragraphs.index(("Body Text", plain_text(article.blocks[0].children)))  # type: ignore[union-attr]
    assert lead_at < first_body


def test_headings_map_to_word_heading_styles(article: m.Article, tmp_path: Path) -> None:
    styles = {p.text: p.style.name for p in opened(written(article, tmp_path)).paragraphs if p.style}
    assert styles["Tiêu đề cấp một"] == "Heading 1"
    assert styles["Tiêu đề cấp hai"] == "Heading 2"


def test_quote_signature_and_rule_have_their_formatting(article: m.Article, tmp_path: Path) -> None:
    path = written(article, tmp_path)
    by_text = {p_text(p): p for p in body_paragraphs(path)}
    assert style_of(by_text["Trích dẫn lời phát biểu của đồng chí Bí thư."]) == "Quote"
    assert style_of(by_text["THU THẢO"]) == "Signature"
    rules = [p for p in body_paragraphs(path) if style_of(p) == "HorizontalRule"]
    assert len(rules) == 1 and p_text(rules[0]) == ""
    # The border comes from the style (w:pPr/w:pBdr/w:bottom), so a template can restyle rules.
    styles = part(path, "word/styles.xml")
    assert styles.xpath("w:style[@w:styleId='HorizontalRule']/w:pPr/w:pBdr/w:bottom", namespaces=NS)


def test_inline_formatting_becomes_run_properties(article: m.Article, tmp_path: Path) -> None:
    doc = opened(written(article, tmp_path))
    first = next(p for p in doc.paragraphs if p.text.startswith("Văn bản thường"))
    runs = {r.text: r for r in first.runs}
    assert runs["đậm"].bold and runs["nghiêng"].italic and runs["gạch chân"].underline
    subs = [r for r in first.runs if r.text == "2"]
    assert [bool(r.font.subscript) for r in subs] == [True, False]
    assert [bool(r.font.superscript) for r in subs] == [False, True]
    assert runs["mã_nguồn()"].style is not None and runs["mã_nguồn()"].style.name == "Verbatim Char"
    assert "\n" in first.text  # the line break is a w:br
    assert first.text.endswith("dòng mới sau ngắt dòng.")


def test_links_are_hyperlinks_with_an_external_relationship(article: m.Article, tmp_path: Path) -> None:
    path = written(article, tmp_path)
    rels = part(path, "word/_rels/document.xml.rels")
    by_id = {r.get("Id"): r for r in rels}
    links = part(path, "word/document.xml").xpath("//w:hyperlink", namespaces=NS)
    targets = {}
    for link in links:
        rel = by_id[link.get(f"{{{NS['r']}}}id")]
        assert rel.get("TargetMode") == "External"
        targets["".join(link.itertext())] = rel.get("Target")
    assert targets["liên kết"] == "https://example.gov.vn/tin-tuc/bai-1.aspx"


def test_formatting_nests_inside_links_and_relative_links_stay_text(tmp_path: Path) -> None:
    para = m.Paragraph((
        m.Link((m.Text("xem "), m.Strong((m.Emphasis((m.Text("chi tiết"),)),))), "https://a.vn/x y"),
        m.Text(" và "),
        m.Link((m.Text("trang nội bộ"),), "../Pages/khac.aspx"),
    ))
    path = written(m.article("Liên kết", para, language="vi"), tmp_path)
    root = part(path, "word/document.xml")
    (link,) = root.xpath("//w:hyperlink", namespaces=NS)
    bold_italic = link.xpath(".//w:r[w:rPr/w:b and w:rPr/w:i]//w:t/text()", namespaces=NS)
    assert bold_italic == ["chi tiết"]
    # Arabic (complex-script) text takes its bold and italic from w:bCs / w:iCs, not w:b / w:i.
    assert link.xpath(".//w:r[w:rPr/w:bCs and w:rPr/w:iCs]//w:t/text()", namespaces=NS) == ["chi tiết"]
    rels = part(path, "word/_rels/document.xml.rels")
    assert [r.get("Target") for r in rels if r.get("TargetMode")] == ["https://a.vn/x%20y"]
    # A relative link leads nowhere in the document: its text stays, followed by the target it had.
    assert "và trang nội bộ [../Pages/khac.aspx]" in "".join(root.itertext())


def test_lists_use_word_numbering_with_a_nested_level(article: m.Article, tmp_path: Path) -> None:
    path = written(article, tmp_path)
    levels = {}
    for p in body_paragraphs(path):
        num = p.find(f"{{{W}}}pPr/{{{W}}}numPr")
        if num is not None:
            levels[p_text(p)] = (int(num.find(f"{{{W}}}ilvl").get(f"{{{W}}}val")),
                                 int(num.find(f"{{{W}}}numId").get(f"{{{W}}}val")))
    assert levels["Mục một"][0] == 0 and levels["Mục con A"][0] == 1
    assert levels["Mục một"][1] == levels["Mục hai"][1] != levels["Mục con A"][1]
    numbering = part(path, "word/numbering.xml")
    formats = {}
    for text, (level, num_id) in levels.items():
        abstract = numbering.xpath(f"string(w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val)",
                                   namespaces=NS)
        formats[text] = numbering.xpath(
            f"string(w:abstractNum[@w:abstractNumId='{abstract}']/w:lvl[@w:ilvl='{level}']/w:numFmt/@w:val)",
            namespaces=NS)
    assert formats["Mục một"] == "bullet"
    assert formats["Mục con A"] == "lowerLetter"
    assert formats["Bước đầu"] == "decimal"


def test_each_ordered_list_restarts_at_its_own_start(tmp_path: Path) -> None:
    first = m.bullet_list("một", "hai", ordered=True)
    second = dataclasses.replace(m.bullet_list("ba", "bốn", ordered=True), start=5)
    path = written(m.article("Danh sách", first, m.para("giữa"), second), tmp_path)
    num_ids = [p.xpath("string(w:pPr/w:numPr/w:numId/@w:val)", namespaces=NS)
               for p in body_paragraphs(path) if p_text(p) in {"một", "ba"}]
    assert num_ids[0] != num_ids[1]
    numbering = part(path, "word/numbering.xml")
    starts = [numbering.xpath(f"string(w:num[@w:numId='{n}']/w:lvlOverride/w:startOverride/@w:val)",
                              namespaces=NS) for n in num_ids]
    assert starts == ["1", "5"]


# --------------------------------------------------------------------------- tables


def test_tables_use_table_grid_with_a_repeating_header_and_the_caption_above(article: m.Article,
                                                                            tmp_path: Path) -> None:
    path = written(article, tmp_path)
    body = part(path, "word/document.xml").find(f"{{{W}}}body")
    assert body is not None
    children = list(body)
    first = next(i for i, el in enumerate(children) if el.tag == f"{{{W}}}tbl")
    table = children[first]
    assert table.xpath("string(w:tblPr/w:tblStyle/@w:val)", namespaces=NS) == "TableGrid"
    rows = table.findall(f"{{{W}}}tr")
    assert [r.find(f"{{{W}}}trPr/{{{W}}}tblHeader") is not None for r in rows] == [True, False, False]
    caption = children[first - 1]
    assert style_of(caption) == "Caption" and p_text(caption) == "Bảng số liệu dịch bệnh"
    assert caption.find(f"{{{W}}}pPr/{{{W}}}keepNext") is not None


def test_spanning_cells_are_merged(tmp_path: Path) -> None:
    cell = m.TableCell
    table = m.Table((
        m.TableRow((cell(m.text("gộp ngang"), header=True, colspan=2), cell(m.text("gộp dọc"), rowspan=2))),
        m.TableRow((cell(m.text("a")), cell(m.text("b")))),
    ), header_rows=1)
    doc = opened(written(m.article("Bảng", table), tmp_path))
    out = doc.tables[0]
    assert len(out.columns) == 3
    assert [c.text for c in out.rows[0].cells] == ["gộp ngang", "gộp ngang", "gộp dọc"]
    assert [c.text for c in out.rows[1].cells] == ["a", "b", "gộp dọc"]
    assert out.rows[0].cells[0].paragraphs[0].runs[0].bold


def test_record_rows_close_the_document_as_a_two_column_table(article: m.Article, tmp_path: Path) -> None:
    path = written(article, tmp_path)
    body = part(path, "word/document.xml").find(f"{{{W}}}body")
    assert body is not None
    last = [el for el in body if el.tag != f"{{{W}}}sectPr"][-1]
    assert last.tag == f"{{{W}}}tbl"
    rows = [[p_text(p) for p in tr.iterfind(f".//{{{W}}}p")] for tr in last.iterfind(f"{{{W}}}tr")]
    assert rows == [list(r) for r in record_rows(article.metadata)]
    assert [label("content_type", "vi"), "Tin Tức Mở Rộng"] in rows and ["Số Trang", "1"] in rows


# --------------------------------------------------------------------------- figures


def test_each_caption_directly_follows_the_paragraph_holding_its_picture(article: m.Article,
                                                                         tmp_path: Path) -> None:
    paragraphs = body_paragraphs(written(article, tmp_path))
    pictures = [i for i, p in enumerate(paragraphs) if p.find(f".//{{{W}}}drawing") is not None]
    assert len(pictures) == 2
    for i in pictures:
        assert style_of(paragraphs[i + 1]) == "Caption"
        assert seq_numbers(paragraphs[i + 1])
        assert paragraphs[i].find(f"{{{W}}}pPr/{{{W}}}keepNext") is not None


def test_figure_captions_have_seq_fields_numbered_in_order(article: m.Article, tmp_path: Path) -> None:
    caps = captions(written(article, tmp_path))
    assert [seq_numbers(p) for p in caps] == [["1"], ["2"], ["3"]]
    assert all(style_of(p) == "Caption" for p in caps)
    begin = caps[0].xpath("w:r/w:fldChar/@w:fldCharType", namespaces=NS)
    assert begin == ["begin", "separate", "end"]
    names = caps[0].xpath("w:bookmarkStart/@w:name", namespaces=NS)
    assert names == ["_RefFigure1"]


def test_caption_text_is_label_number_caption_and_credit(article: m.Article, tmp_path: Path) -> None:
    caps = [p_text(p) for p in captions(written(article, tmp_path))]
    fig = label("figure", "vi")
    assert caps == [
        f"{fig} 1. Quang cảnh buổi làm việc (Ảnh: Thu Thảo)",
        f"{fig} 2. Sơ đồ tổ chức",
        f"{fig} 3. Ảnh không còn trên đĩa",
    ]


def test_pictures_fit_the_text_width_keep_their_aspect_and_are_never_enlarged(article: m.Article,
                                                                               tmp_path: Path) -> None:
    root = part(written(article, tmp_path), "word/document.xml")
    extents = [(int(e.get("cx")), int(e.get("cy")))
               for e in root.xpath("//wp:inline/wp:extent", namespaces=NS)]
    (big_cx, big_cy), (small_cx, small_cy) = extents
    # 640 × 427 px at 96 dpi is wider than 16 cm; at that width it would be taller than the PDF's
    # 85 mm photo limit, which the DOCX shares: the height limit decides.
    assert big_cx < A4_TEXT_WIDTH and big_cy == Mm(85)
    assert abs(big_cy - big_cx * 427 / 640) <= 1
    assert (small_cx, small_cy) == (300 * 914400 // 96, 200 * 914400 // 96)  # natural size at 96 dpi


def test_the_image_resolution_sets_the_natural_size(tmp_path: Path) -> None:
    img = PILImage.new("RGB", (300, 150), (10, 20, 30))
    buf = io.BytesIO()
    img.save(buf, format="PNG", dpi=(300, 300))
    res = resource(buf.getvalue(), "image/png")
    fig = m.Figure(m.Image("x.png", "nhỏ", res.key))
    article = m.Article(m.Metadata(title="Độ phân giải"), (fig,), (res,))
    root = part(written(article, tmp_path), "word/document.xml")
    extent = root.xpath("//wp:inline/wp:extent", namespaces=NS)[0]
    assert (int(extent.get("cx")), int(extent.get("cy"))) == (914400, 457200)  # one inch by half


def test_alt_text_is_the_picture_description(article: m.Article, tmp_path: Path) -> None:
    root = part(written(article, tmp_path), "word/document.xml")
    descr = [str(d) for d in root.xpath("//wp:inline/wp:docPr/@descr", namespaces=NS)]
    # The PNG has no alt text: its caption describes it instead.
    assert descr == ["Ảnh quang cảnh", "Sơ đồ tổ chức"]
    ids = [str(i) for i in root.xpath("//wp:inline/wp:docPr/@id", namespaces=NS)]
    assert len(set(ids)) == len(ids)


def test_a_missing_image_gives_a_placeholder_its_caption_and_a_warning(article: m.Article,
                                                                       tmp_path: Path) -> None:
    target = tmp_path / "out.docx"
    warnings = write(article, target, WriteOptions())
    assert [(w.code, w.where) for w in warnings] == [("missing-image", "bai_files/mat-anh.jpg")]
    paragraphs = body_paragraphs(target)
    # The file name is isolated (U+2068 … U+2069) so that it keeps its order inside right-to-left text.
    placeholder = f"[{label('missing_image', 'vi')}: \u2068mat-anh.jpg\u2069]"
    at = next(i for i, p in enumerate(paragraphs) if p_text(p).startswith(placeholder))
    assert p_text(paragraphs[at]) == placeholder + "Ảnh bị thiếu"  # the alt text on its own line
    assert style_of(paragraphs[at]) == "ImagePlaceholder"
    assert paragraphs[at].find(f"{{{W}}}pPr/{{{W}}}keepNext") is not None
    assert p_text(paragraphs[at + 1]) == f"{label('figure', 'vi')} 3. Ảnh không còn trên đĩa"
    # A box: the style borders all four sides.
    styles = part(target, "word/styles.xml")
    sides = styles.xpath("w:style[@w:styleId='ImagePlaceholder']/w:pPr/w:pBdr/*", namespaces=NS)
    assert [etree.QName(el).localname for el in sides] == ["top", "left", "bottom", "right"]


def test_undecodable_image_bytes_give_a_placeholder_and_a_warning(tmp_path: Path) -> None:
    res = m.Resource("img-broken.jpg", "image/jpeg", b"not really a jpeg")
    article = m.Article(m.Metadata(title="Hỏng", language="en"),
                        (m.Figure(m.Image("a/broken.jpg", resource=res.key), m.text("Cap")),), (res,))
    target = tmp_path / "out.docx"
    warnings = write(article, target, WriteOptions())
    assert [w.code for w in warnings] == ["unreadable-image"]
    assert f"[{label('missing_image', 'en')}: \u2068broken.jpg\u2069]" in [p_text(p) for p in body_paragraphs(target)]


def test_formats_word_cannot_embed_are_converted_to_png(tmp_path: Path) -> None:
    buf = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 0, 0)).save(buf, format="WEBP")
    res = m.Resource("img-x.webp", "image/webp", buf.getvalue())
    article = m.Article(m.Metadata(title="WebP"), (m.Figure(m.Image("x.webp", resource=res.key)),), (res,))
    target = tmp_path / "out.docx"
    assert write(article, target, WriteOptions()) == []
    with zipfile.ZipFile(target) as zf:
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
        assert len(media) == 1 and zf.read(media[0]).startswith(b"\x89PNG")


# --------------------------------------------------------------------------- document-wide


def test_core_properties_come_from_the_article(article: m.Article, tmp_path: Path) -> None:
    props = opened(written(article, tmp_path)).core_properties
    md = article.metadata
    assert md.published is not None and md.published.value is not None
    assert md.modified is not None and md.modified.value is not None
    assert props.title == md.title
    assert props.author == "Thu Thảo"
    assert props.subject == md.subtitle  # Word's "Subtitle" quick part shows dc:subject
    assert props.comments == md.lead
    assert props.keywords == "Xây dựng Đảng; COVID-19; Dân vận"
    assert props.category == md.category
    assert props.created == md.published.value
    assert props.modified == md.modified.value
    assert props.last_modified_by == "Biên tập viên"
    assert props.identifier == md.source_url
    assert props.language == "vi-VN"
    assert props.revision == 1
    assert props.version == md.version
    assert props.content_status == "Đã duyệt"  # from the list form's "Trạng thái" field


def test_without_dates_the_properties_have_no_dates_neither_invented_nor_from_the_clock(tmp_path: Path) -> None:
    props = opened(written(m.article("Không ngày", m.para("Nội dung.")), tmp_path)).core_properties
    assert props.created is None and props.modified is None
    assert props.author == "" and props.last_modified_by == ""  # nothing left from the template


def test_the_default_run_language_is_the_article_language(article: m.Article, tmp_path: Path) -> None:
    styles = part(written(article, tmp_path), "word/styles.xml")
    assert styles.xpath("string(w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val)", namespaces=NS) == "vi-VN"
    fonts = styles.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", namespaces=NS)[0]
    assert fonts.get(f"{{{W}}}ascii") == fonts.get(f"{{{W}}}hAnsi") == "Times New Roman"


def test_an_english_article_gets_figure_labels_and_en_us(tmp_path: Path) -> None:
    path = written(rich_article("en"), tmp_path)
    styles = part(path, "word/styles.xml")
    assert styles.xpath("string(w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val)", namespaces=NS) == "en-US"
    assert label("figure", "en") == "Figure"
    assert [p_text(p).split(".")[0] for p in captions(path)] == ["Figure 1", "Figure 2", "Figure 3"]
    footer = "".join(str(t) for t in part(path, "word/footer1.xml").xpath("//w:t/text()", namespaces=NS))
    assert footer == f"{label('page', 'en')} 1 {label('of', 'en')} 1"


@pytest.mark.parametrize(("tag", "word"), [("vi", "vi-VN"), ("en", "en-US"), ("en-gb", "en-GB"),
                                           ("", "en-US"), ("xx", "xx")])
def test_language_tags_get_the_region_word_expects(tag: str, word: str) -> None:
    assert word_language(tag) == word


def test_the_page_is_a4_with_margins(article: m.Article, tmp_path: Path) -> None:
    section = opened(written(article, tmp_path)).sections[0]
    # Word stores twips, so millimetres come back rounded to the nearest twip.
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm, 1) == round(section.right_margin.mm, 1) == 25


def test_the_same_article_gives_byte_identical_files(article: m.Article, tmp_path: Path) -> None:
    first = written(article, tmp_path, "a.docx").read_bytes()
    second = written(rich_article(), tmp_path, "b.docx").read_bytes()
    assert first == second


def test_zip_entries_have_fixed_times_and_content_types_come_first(article: m.Article,
                                                                   tmp_path: Path) -> None:
    with zipfile.ZipFile(written(article, tmp_path)) as zf:
        infos = zf.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert zf.testzip() is None


def test_every_style_the_document_uses_exists_in_it(article: m.Article, tmp_path: Path) -> None:
    path = written(article, tmp_path)
    root = part(path, "word/document.xml")
    used = {str(v) for v in root.xpath("//w:pStyle/@w:val | //w:rStyle/@w:val | //w:tblStyle/@w:val",
                                       namespaces=NS)}
    defined = {str(v) for v in part(path, "word/styles.xml").xpath("w:style/@w:styleId", namespaces=NS)}
    assert used and used <= defined
    names = {p.style.name for p in opened(path).paragraphs if p.style is not None}
    assert names <= {s.name for s in opened(path).styles}


def test_the_reference_template_defines_every_style_the_writer_uses() -> None:
    template = docx.Document(str(style_path("reference.docx")))
    defined = {s.name for s in template.styles}
    assert set(USED_STYLES) <= defined
    assert not template.paragraphs  # the body is filled by the writer only


def test_the_registry_loads_this_writer() -> None:
    assert REGISTRY["docx"].load() is render
    assert REGISTRY["docx"].extension == ".docx"


def test_a_minimal_article_with_no_metadata_is_written(tmp_path: Path) -> None:
    article = m.Article(m.Metadata(), (m.Rule(),), (resource(photo_bytes(8, 8)),))
    target = tmp_path / "out.docx"
    assert write(article, target, WriteOptions()) == []
    assert opened(target).core_properties.title == ""


def test_a_long_lead_is_clipped_in_the_properties_but_kept_whole_in_the_text(tmp_path: Path) -> None:
    lead = "Tóm tắt dài. " * 40
    article = m.article("Dài", m.para("Nội dung."), lead=lead.strip())
    doc = opened(written(article, tmp_path))
    assert len(doc.core_properties.comments) == 255 and doc.core_properties.comments.endswith("…")
    assert lead.strip() in [p.text for p in doc.paragraphs]


def test_control_characters_xml_cannot_hold_do_not_abort_the_conversion(tmp_path: Path) -> None:
    article = m.article("Ký tự\x0b lạ", m.Paragraph((m.Text("trang\x0cmới"),)))
    doc = opened(written(article, tmp_path))
    assert "trangmới" in [p.text for p in doc.paragraphs]


def _photos_one_uncaptioned() -> m.Article:
    res = m.Resource("img-a.jpg", "image/jpeg", photo_bytes(60, 40))
    return m.Article(m.Metadata(title="Ảnh", language="vi"), (
        m.Figure(m.Image("a.jpg", resource=res.key)),  # the page gave this photo no caption
        m.Figure(m.Image("a.jpg", resource=res.key), m.text("Toàn cảnh hội nghị")),
    ), (res,))


def test_an_uncaptioned_photo_gets_no_label_and_the_next_caption_is_figure_1(tmp_path: Path) -> None:
    path = written(_photos_one_uncaptioned(), tmp_path)
    captions = [p_text(p) for p in body_paragraphs(path) if style_of(p) == "Caption"]
    assert captions == [f"{label('figure', 'vi')} 1. Toàn cảnh hội nghị"]
    assert [style_of(p) for p in body_paragraphs(path)].count("Figure") == 2
    assert verify(_photos_one_uncaptioned(), path).complete
