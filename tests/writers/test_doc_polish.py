"""Document polish (issue 17, "Documents"): what an editor would otherwise fix by hand in the
DOCX, PDF and EPUB outputs — photo sizes, captions kept with their photos, repeated metadata,
Office markup, table column widths, and the EPUB cover."""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from docx.shared import Mm
from factories import photo_bytes, portal_page, resource
from lxml import etree

from converter import model as m
from converter.api import read
from converter.bulletin import docx as bulletin_docx
from converter.bulletin import epub as bulletin_epub
from converter.bulletin import pdf_source as bulletin_pdf_source
from converter.bulletin.assemble import assemble
from converter.bulletin.config import BulletinOptions
from converter.bulletin.model import Bulletin, FrontMatter
from converter.jsonio import dumps
from converter.options import WriteOptions
from converter.render.html import document as render_document
from converter.resources import style_path
from converter.writers.docx import write as write_docx
from converter.writers.epub import build as build_epub
from converter.writers.pdf.document import PAPERS

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS = {"w": W, "wp": WP}


def docx_part(article: m.Article, tmp_path: Path, paper: str = "A4", name: str = "word/document.xml") -> etree._Element:
    target = tmp_path / "out.docx"
    write_docx(article, target, WriteOptions(paper=paper))
    with zipfile.ZipFile(target) as zf:
        return etree.fromstring(zf.read(name))


def photo_article(width: int, height: int) -> m.Article:
    photo = resource(photo_bytes(width, height), "image/jpeg")
    fig = m.Figure(m.Image("anh.jpg", "Ảnh", photo.key, width, height), m.text("Chú thích ảnh"))
    return m.Article(m.Metadata(title="Bài có ảnh", language="vi"), (m.para("Đoạn văn."), fig), (photo,))


# --------------------------------------------------------------------------- 1. DOCX photo size


@pytest.mark.parametrize("paper", ["A4", "A5", "LETTER"])
def test_a_portrait_photo_in_the_docx_is_no_taller_than_the_pdf_allows(tmp_path: Path, paper: str) -> None:
    doc = docx_part(photo_article(1000, 1560), tmp_path, paper)
    (extent,) = doc.iterfind(".//wp:inline/wp:extent", NS)
    cx, cy = int(extent.get("cx")), int(extent.get("cy"))
    limit = Mm(PAPERS[paper.lower()].figure_max_height)
    assert cy <= limit and cy >= limit - 2  # capped at the PDF's limit, not shrunk further
    assert abs(cx / cy - 1000 / 1560) < 0.01  # the aspect ratio is kept


def test_a_landscape_photo_in_the_docx_still_fills_the_text_width(tmp_path: Path) -> None:
    doc = docx_part(photo_article(1600, 800), tmp_path)
    (extent,) = doc.iterfind(".//wp:inline/wp:extent", NS)
    text_width = Mm(210) - 2 * Mm(25)
    assert abs(int(extent.get("cx")) - text_width) < Mm(1)
    assert int(extent.get("cy")) < Mm(PAPERS["a4"].figure_max_height)


def test_an_inline_photo_has_no_distance_from_the_text_around_it(tmp_path: Path) -> None:
    doc = docx_part(photo_article(1600, 900), tmp_path)
    (inline,) = doc.iterfind(".//wp:inline", NS)
    assert {k: inline.get(k) for k in ("distT", "distB", "distL", "distR")} == dict.fromkeys(
        ("distT", "distB", "distL", "distR"), "0")


# --------------------------------------------------------------------------- 6. DOCX details


def _style(p: etree._Element) -> str:
    style = p.find("w:pPr/w:pStyle", NS)
    return "" if style is None else str(style.get(f"{{{W}}}val"))


def test_two_missing_photos_in_a_row_are_two_boxes_not_one(tmp_path: Path) -> None:
    missing = (m.Figure(m.Image("mot.jpg", "")), m.Figure(m.Image("hai.jpg", "")))
    doc = docx_part(m.Article(m.Metadata(title="T", language="vi"), (m.para("Đoạn."), *missing)), tmp_path)
    body = [p for p in doc.iterfind(".//w:body/w:p", NS)]
    boxes = [i for i, p in enumerate(body) if _style(p) == "ImagePlaceholder"]
    assert len(boxes) == 2
    # Not adjacent: an unbordered paragraph between them keeps Word from merging the borders.
    assert boxes[1] - boxes[0] == 2
    between = body[boxes[0] + 1]
    assert between.find("w:pPr/w:pBdr", NS) is None and _style(between) != "ImagePlaceholder"


def test_a_lone_missing_photo_gets_no_spacer(tmp_path: Path) -> None:
    blocks = (m.Figure(m.Image("mot.jpg", "")), m.para("Giữa."), m.Figure(m.Image("hai.jpg", "")))
    doc = docx_part(m.Article(m.Metadata(title="T", language="vi"), blocks), tmp_path)
    body = list(doc.iterfind(".//w:body/w:p", NS))
    styles = [_style(p) for p in body]
    first = styles.index("ImagePlaceholder")
    assert styles[first + 1] == "BodyText"


def _grid(doc: etree._Element) -> list[int]:
    return [int(g.get(f"{{{W}}}w")) for g in doc.iterfind(".//w:tblGrid/w:gridCol", NS)]


def test_table_columns_are_sized_by_what_they_hold(tmp_path: Path) -> None:
    long = ("Tổ chức hội nghị triển khai nhiệm vụ năm 2024 với sự tham gia của các sở, ban, ngành và "
            "ủy ban nhân dân các huyện, thị xã, thành phố trong tỉnh")
    rows = [m.TableRow((m.TableCell(m.text("STT"), header=True), m.TableCell(m.text("Nội dung"), header=True),
                        m.TableCell(m.text("Thời gian"), header=True)))]
    rows += [m.TableRow((m.TableCell(m.text(str(n))), m.TableCell(m.text(long)), m.TableCell(m.text("Quý I"))))
             for n in range(1, 4)]
    art = m.Article(m.Metadata(title="T", language="vi"), (m.Table(tuple(rows), header_rows=1),))
    doc = docx_part(art, tmp_path)
    grid = _grid(doc)
    assert len(grid) == 3
    assert grid[1] > 2 * grid[0] and grid[1] > 2 * grid[2]  # "Nội dung" gets the room
    assert abs(sum(grid) - 9071) <= 3  # the text width in twips (16 cm), filled exactly
    assert min(grid) >= 0.08 * 9071 - 1  # no column squeezed to nothing
    # Word lays out by the cell widths: every row agrees with the grid.
    for tr in doc.iterfind(".//w:tbl/w:tr", NS):
        assert [int(tc.get(f"{{{W}}}w")) for tc in tr.iterfind("w:tc/w:tcPr/w:tcW", NS)] == grid
    # Deterministic: the same table gives the same widths.
    assert _grid(docx_part(art, tmp_path)) == grid


def test_a_cell_spanning_columns_is_as_wide_as_them(tmp_path: Path) -> None:
    rows = (m.TableRow((m.TableCell(m.text("Tiêu đề chung"), colspan=2),)),
            m.TableRow((m.TableCell(m.text("a")), m.TableCell(m.text("một đoạn văn bản dài hơn nhiều")))))
    doc = docx_part(m.Article(m.Metadata(title="T"), (m.Table(rows),)), tmp_path)
    grid = _grid(doc)
    first = doc.find(".//w:tbl/w:tr/w:tc/w:tcPr/w:tcW", NS)
    assert first is not None and int(first.get(f"{{{W}}}w")) == sum(grid)


# --------------------------------------------------------------------------- 2. EPUB figures


def css_rules(css: str) -> dict[str, dict[str, list[str]]]:
    """selector → property → values (every declaration, in order) of a flat stylesheet."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules: dict[str, dict[str, list[str]]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        for selector in selectors.split(","):
            props = rules.setdefault(" ".join(selector.split()), {})
            for decl in body.split(";"):
                if ":" in decl:
                    name, value = decl.split(":", 1)
                    props.setdefault(name.strip(), []).append(value.strip())
    return rules


def test_an_epub_figure_keeps_its_caption_on_the_screen_of_its_photo() -> None:
    rules = css_rules(style_path("epub.css").read_text(encoding="utf-8"))
    figure, img, caption = rules[".figure"], rules[".figure img"], rules["figcaption"]
    assert figure["break-inside"] == ["avoid"] and figure["page-break-inside"] == ["avoid"]
    assert caption["break-before"] == ["avoid"] and caption["page-break-before"] == ["avoid"]
    (height,) = img["max-height"]
    assert height.endswith("vh") and float(height.removesuffix("vh")) <= 80  # room for the caption


# --------------------------------------------------------------------------- 7. EPUB cover

OPF = {"opf": "http://www.idpf.org/2007/opf", "h": "http://www.w3.org/1999/xhtml"}


def epub_parts(article: m.Article) -> dict[str, etree._Element]:
    data, _ = build_epub(article, WriteOptions())
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name.removeprefix("EPUB/"): etree.fromstring(zf.read(name))
                for name in zf.namelist() if name.endswith((".xhtml", ".opf"))}


def test_a_lead_photo_cover_carries_the_title_and_the_shelf_image_is_the_drawn_title_cover() -> None:
    photo = resource(photo_bytes(800, 600), "image/jpeg")
    md = m.Metadata(title="Hội nghị tổng kết năm", category="Tin tức", language="vi")
    art = m.Article(md, (m.Figure(m.Image("anh.jpg", "Quang cảnh", photo.key), m.text("Quang cảnh")),
                         m.para("Nội dung.")), (photo,))
    parts = epub_parts(art)
    page = parts["cover.xhtml"]
    assert page.xpath("//h:h1[@class='cover-title']/text()", namespaces=OPF) == [md.title]
    assert page.xpath("//h:img/@src", namespaces=OPF) == [f"images/{photo.key}"]
    shelf = parts["content.opf"].xpath("//opf:item[contains(@properties,'cover-image')]/@href", namespaces=OPF)
    assert shelf == ["images/cover.png"]


def test_a_lead_photo_whose_title_cannot_be_drawn_is_the_shelf_image_and_the_page_names_the_book() -> None:
    photo = resource(photo_bytes(800, 600), "image/jpeg")
    md = m.Metadata(title="نائب العضو المنتدب", language="ar")
    art = m.Article(md, (m.Figure(m.Image("a.jpg", "", photo.key)), m.para("نص")), (photo,))
    parts = epub_parts(art)
    shelf = parts["content.opf"].xpath("//opf:item[contains(@properties,'cover-image')]/@href", namespaces=OPF)
    assert shelf == [f"images/{photo.key}"]
    assert parts["cover.xhtml"].xpath("//h:h1/text()", namespaces=OPF) == [md.title]


@pytest.mark.parametrize(("language", "cover"), [("ar", "الغلاف"), ("fr", "Couverture"), ("vi", "Bìa"),
                                                 ("en", "Cover")])
def test_the_cover_page_is_titled_in_the_book_s_language(language: str, cover: str) -> None:
    parts = epub_parts(m.Article(m.Metadata(title="T", language=language), (m.para("x"),)))
    assert parts["cover.xhtml"].xpath("//h:title/text()", namespaces=OPF) == [cover]
    nav = parts["nav.xhtml"]
    assert cover in nav.xpath("//h:nav//h:a/text()", namespaces=OPF)
    assert "Landmarks" not in "".join(nav.itertext()) or language == "en"


# --------------------------------------------------------------------------- 3. editorial noise

X = "{http://www.w3.org/1999/xhtml}"


def _news(n: int, category: str = "Tin tức") -> tuple[str, m.Article]:
    md = m.Metadata(title=f"Bài số {n} về hội nghị", category=category, language="vi", authors=("Thu Thảo",),
                    fields=(m.Field("Chuyên mục", category, "Category"), m.Field("Số trang", "2", "SoTrang")))
    return f"bai-{n}.html", m.Article(md, (m.para("Nội dung của bài viết."),))


def _bulletin(grouped: bool = True) -> Bulletin:
    return assemble([_news(1), _news(2), _news(3, "Thời sự")], FrontMatter(title="Bản tin", language="vi"),
                    BulletinOptions(group_by="category" if grouped else None))


def _texts(root: etree._Element, xpath: str) -> list[str]:
    return [" ".join("".join(el.itertext()).split()) for el in root.iterfind(xpath)]


def test_in_a_section_of_its_category_an_article_does_not_repeat_the_category() -> None:
    root = etree.fromstring(bulletin_pdf_source.document(_bulletin(), {}))
    text = " ".join(root.itertext())
    # The contents' section line and the section heading: the category's two places.
    assert sorted(_texts(root, f".//{X}h1[@class='section-title']")) == ["Thời sự", "Tin tức"]
    assert text.count("Tin tức") == 2, text
    for article in root.iterfind(f".//{X}article"):
        assert article.find(f".//{X}p[@class='category']") is None  # no kicker
        assert not any(t.startswith("Chuyên mục:") for t in _texts(article, f".//{X}li"))
        assert "Số trang" in " ".join(article.itertext())  # other fields stay
    for line in _texts(root, f".//{X}p[@class='toc-meta']"):
        assert "Tin tức" not in line and "Thời sự" not in line
    # The running head still names the section.
    assert {e.get("data-running") for e in root.iterfind(f".//{X}div[@class='entry']")} == {"Tin tức", "Thời sự"}


def test_without_sections_an_article_keeps_its_category() -> None:
    root = etree.fromstring(bulletin_pdf_source.document(_bulletin(grouped=False), {}))
    assert len(root.findall(f".//{X}article//{X}p[@class='category']")) == 3
    assert all("Tin tức" in t or "Thời sự" in t for t in _texts(root, f".//{X}p[@class='toc-meta']"))


def test_the_bulletin_docx_and_epub_drop_the_category_line_under_its_section() -> None:
    bulletin = _bulletin()
    data, _ = bulletin_docx.build(bulletin, BulletinOptions(group_by="category"))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        doc = etree.fromstring(zf.read("word/document.xml"))
    paragraphs = ["".join(p.itertext()) for p in doc.iterfind(".//w:body/w:p", NS)]
    # Section headings, contents lines; the "Chuyên mục:" lines only in the closing details table.
    assert not any(p.startswith("Chuyên mục:") for p in paragraphs)
    data, _ = bulletin_epub.build(bulletin, BulletinOptions(group_by="category"))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        chapters = [etree.fromstring(zf.read(n)) for n in zf.namelist() if "/article-" in n]
    assert len(chapters) == 3
    for chapter in chapters:
        assert chapter.find(f".//{X}p[@class='category']") is None
        assert "Chuyên mục" not in " ".join(chapter.find(f"{X}body").itertext())


def _article_html(article: m.Article) -> etree._Element:
    return etree.fromstring(render_document(article, lambda res: res.key, []))


def test_a_lead_that_repeats_the_title_is_printed_once_and_kept_in_the_model(tmp_path: Path) -> None:
    md = m.Metadata(title="Hội nghị tổng kết năm 2024", lead="  hội nghị TỔNG KẾT\nnăm 2024 ", language="vi")
    art = m.Article(md, (m.para("Nội dung."),))
    assert _article_html(art).find(f".//{X}p[@class='lead']") is None
    doc = docx_part(art, tmp_path)
    assert "Lead" not in [_style(p) for p in doc.iterfind(".//w:body/w:p", NS)]
    assert json.loads(dumps(art))["article"]["metadata"]["lead"] == md.lead  # nothing lost
    other = m.Article(replace(md, lead="Sáng nay, hội nghị tổng kết đã diễn ra."), ())
    assert _texts(_article_html(other), f".//{X}p[@class='lead']") == ["Sáng nay, hội nghị tổng kết đã diễn ra."]


def test_the_record_table_leaves_out_what_the_metadata_block_shows(tmp_path: Path) -> None:
    md = m.Metadata(title="Hội nghị", category="Tin tức", authors=("Thu Thảo",), language="vi", views=2,
                    content_type="Tin tức mở rộng", published=m.DateValue("14/03/2024 09:30"),
                    fields=(m.Field("Tiêu đề", "Hội nghị", "Title"), m.Field("Ngày xuất bản", "14/03/2024 09:30", "D"),
                            m.Field("Chuyên mục", "Tin tức", "Category"), m.Field("Tác giả", "Thu Thảo", "Author"),
                            m.Field("Số trang", "2", "SoTrang"), m.Field("Trạng thái", "Đã duyệt", "Status")))
    art = m.Article(md, (m.para("Nội dung."),))
    rows = _texts(_article_html(art), f".//{X}table[@class='record']//{X}th")
    assert rows == ["Loại nội dung", "Số trang", "Trạng thái"]  # "2" pages is not the 2 views
    doc = docx_part(art, tmp_path)
    cells = ["".join(tc.itertext()) for tc in doc.iterfind(".//w:tbl/w:tr/w:tc[1]", NS)]
    assert cells == ["Loại nội dung", "Số trang", "Trạng thái"]


@pytest.mark.parametrize("markup", ["&lt;o:p&gt;&lt;/o:p&gt;", "&lt;O:P&gt;&lt;/O:P&gt;", "&lt;o:p/&gt;",
                                    "&amp;lt;o:p&amp;gt;&amp;lt;/o:p&amp;gt;", "&lt;o:p&gt;&amp;nbsp;&lt;/o:p&gt;",
                                    "&amp;#60;o:p class=&amp;quot;x&amp;quot;&amp;#62;"])
def test_office_paragraph_markup_typed_into_a_page_is_not_printed(tmp_path: Path, markup: str) -> None:
    page = tmp_path / "bai.html"
    page.write_text(portal_page("Tiêu đề bài viết thử nghiệm", f"Nội dung chính của bài viết.{markup} Câu sau."),
                    encoding="utf-8")
    text = json.dumps(json.loads(dumps(read(page).article)), ensure_ascii=False)
    assert "o:p" not in text.lower() and "nbsp" not in text
    assert "Nội dung chính của bài viết. Câu sau." in text


def test_without_a_printed_lead_the_docx_metadata_block_keeps_its_distance_from_the_body(tmp_path: Path) -> None:
    md = m.Metadata(title="Hội nghị", lead="Hội nghị", authors=("Thu Thảo",), language="vi")
    doc = docx_part(m.Article(md, (m.para("Nội dung."),)), tmp_path)
    (byline,) = [p for p in doc.iterfind(".//w:body/w:p", NS) if _style(p) == "Byline"]
    spacing = byline.find("w:pPr/w:spacing", NS)
    assert spacing is not None and spacing.get(f"{{{W}}}after") == "240"  # 12 pt, the Lead's space above
