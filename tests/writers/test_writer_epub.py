"""The EPUB writer: content, figures, package metadata, navigation, determinism and validity."""

from __future__ import annotations

import dataclasses
import io
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from ebooklib import epub
from factories import photo_bytes, resource, rich_article
from lxml import etree
from PIL import Image as PILImage

from converter import model as m
from converter.errors import InputError
from converter.options import WriteOptions
from converter.walk import figures, iter_blocks, plain_text
from converter.writers import REGISTRY
from converter.writers.epub import render, write

NS = {
    "h": "http://www.w3.org/1999/xhtml",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "epub": "http://www.idpf.org/2007/ops",
}


def written(article: m.Article, tmp_path: Path, name: str = "out.epub", **opts: object) -> Path:
    target = tmp_path / name
    write(article, target, WriteOptions(**opts))  # type: ignore[arg-type]
    return target


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(name))


def text_of(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def model_text(inlines: tuple[m.Inline, ...]) -> str:
    # <br/> has no text in XHTML, so a line break joins its neighbours there.
    return " ".join(plain_text(inlines).replace("\n", "").split())


def texts(root: etree._Element, xpath: str) -> list[str]:
    return [text_of(el) for el in root.xpath(xpath, namespaces=NS)]


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return written(rich_article(), tmp_path)


# --------------------------------------------------------------------------- content


def test_the_writer_is_registered_under_epub() -> None:
    assert REGISTRY["epub"].load() is render
    assert REGISTRY["epub"].extension == ".epub"


def test_every_paragraph_heading_and_signature_of_the_model_is_in_the_chapter(book: Path) -> None:
    chapter = part(book, "EPUB/chapter.xhtml")
    paragraphs = texts(chapter, "//h:div[@class='article-body']//h:p")
    headings = texts(chapter, "//h:h2 | //h:h3")
    for block in iter_blocks(rich_article().blocks):
        if isinstance(block, m.Paragraph):
            assert model_text(block.children) in paragraphs
        elif isinstance(block, m.Heading):
            assert model_text(block.children) in headings
        elif isinstance(block, m.Signature):
            assert texts(chapter, "//h:p[@class='signature']") == [model_text(block.children)]


def test_every_list_item_of_the_model_is_a_list_item_of_the_chapter(book: Path) -> None:
    items = texts(part(book, "EPUB/chapter.xhtml"), "//h:div[@class='article-body']//h:li")
    for block in iter_blocks(rich_article().blocks):
        if isinstance(block, m.ListBlock):
            for item in block.items:
                first = item.blocks[0]
                assert isinstance(first, m.Paragraph)
                assert any(li.startswith(model_text(first.children)) for li in items)


def test_every_table_cell_and_table_caption_of_the_model_is_in_the_table(book: Path) -> None:
    chapter = part(book, "EPUB/chapter.xhtml")
    (table,) = [b for b in rich_article().blocks if isinstance(b, m.Table)]
    cells = texts(chapter, "//h:table[@class='table']//h:th | //h:table[@class='table']//h:td")
    assert cells == [model_text(c.children) for row in table.rows for c in row.cells]
    assert texts(chapter, "//h:table[@class='table']/h:caption") == [model_text(table.caption)]


def test_the_lead_metadata_list_and_record_table_are_in_the_chapter(book: Path) -> None:
    chapter = part(book, "EPUB/chapter.xhtml")
    md = rich_article().metadata
    assert texts(chapter, "//h:p[@class='lead']") == [md.lead]
    assert md.published is not None
    assert any(md.published.text in li for li in texts(chapter, "//h:ul[@class='metadata']/h:li"))
    assert ["Trạng thái", "Đã duyệt"] in [
        [text_of(c) for c in tr] for tr in chapter.xpath("//h:table[@class='record']//h:tr", namespaces=NS)
    ]


def test_every_caption_is_in_the_same_figure_as_its_image_with_identical_bytes(book: Path) -> None:
    art = rich_article()
    chapter = part(book, "EPUB/chapter.xhtml")
    rendered = chapter.xpath("//h:figure", namespaces=NS)
    present = [f for f in figures(art.blocks) if art.resource(f.image.resource) is not None]
    assert len(rendered) == len(figures(art.blocks))
    with zipfile.ZipFile(book) as zf:
        for fig, el in zip(figures(art.blocks), rendered, strict=True):
            if fig not in present:
                continue
            (img,) = el.xpath("h:img", namespaces=NS)
            (cap,) = el.xpath("h:figcaption", namespaces=NS)
            assert model_text(fig.caption) in text_of(cap)
            res = art.resource(fig.image.resource)
            assert res is not None
            assert img.get("src") == f"images/{res.key}"
            assert zf.read(f"EPUB/images/{res.key}") == res.data


def test_each_image_is_packaged_once_with_its_media_type(tmp_path: Path) -> None:
    art = rich_article()
    first = figures(art.blocks)[0]
    # The same photo used twice must not give two manifest items with one href (an epubcheck error).
    twice = dataclasses.replace(art, blocks=(*art.blocks, first))
    opf = part(written(twice, tmp_path), "EPUB/content.opf")
    items = opf.xpath("//opf:item[starts-with(@href, 'images/')]", namespaces=NS)
    assert sorted((i.get("href"), i.get("media-type")) for i in items) == sorted(
        [(f"images/{r.key}", r.media_type) for r in art.resources] + [("images/cover.png", "image/png")]
    )


def test_the_lead_photo_is_on_the_cover_page_and_the_titled_drawing_on_the_shelf(book: Path) -> None:
    art = rich_article()
    first = art.resource(figures(art.blocks)[0].image.resource)
    assert first is not None
    opf = part(book, "EPUB/content.opf")
    (cover,) = opf.xpath("//opf:item[contains(@properties, 'cover-image')]", namespaces=NS)
    assert cover.get("href") == "images/cover.png"  # a shelf shows the title, not an anonymous photo
    assert opf.xpath("//opf:meta[@name='cover']/@content", namespaces=NS) == [cover.get("id")]
    assert [i.get("idref") for i in opf.xpath("//opf:itemref", namespaces=NS)] == ["cover", "chapter"]
    page = part(book, "EPUB/cover.xhtml")
    assert page.xpath("//h:img/@src", namespaces=NS) == [f"images/{first.key}"]
    assert [text_of(h) for h in page.xpath("//h:h1", namespaces=NS)] == [art.metadata.title]


def test_a_missing_image_becomes_a_placeholder_and_a_warning(tmp_path: Path) -> None:
    target = tmp_path / "out.epub"
    warnings = write(rich_article(), target, WriteOptions())
    assert [(w.code, w.where) for w in warnings] == [("missing-image", "bai_files/mat-anh.jpg")]
    chapter = part(target, "EPUB/chapter.xhtml")
    (placeholder,) = chapter.xpath("//h:figure/h:p[@class='missing-image']", namespaces=NS)
    assert "mat-anh.jpg" in text_of(placeholder)
    assert "Ảnh không còn trên đĩa" in text_of(placeholder.getparent())


def test_a_placeholder_shows_the_decoded_file_name_isolated_and_the_alt_text(tmp_path: Path) -> None:
    fig = m.Figure(m.Image("bai_files/hist%20criminelles%201.jpg", alt="Couverture du livre"), m.text("Légende"))
    art = m.Article(m.Metadata(title="صورة", language="ar"), (fig,))
    target = tmp_path / "out.epub"
    write(art, target, WriteOptions(cover=False))
    chapter = part(target, "EPUB/chapter.xhtml")
    (placeholder,) = chapter.xpath("//h:figure/h:p[@class='missing-image']", namespaces=NS)
    (name,) = placeholder.xpath("h:bdi", namespaces=NS)
    assert name.text == "\u2068hist criminelles 1.jpg\u2069"  # isolated for renderers that ignore <bdi>
    assert placeholder.xpath("string(h:em)", namespaces=NS) == "Couverture du livre"


def test_an_image_that_is_not_a_core_media_type_is_converted_to_png(tmp_path: Path) -> None:
    bmp = resource(photo_bytes(40, 30, fmt="BMP"), "image/jpeg")
    bmp = dataclasses.replace(bmp, key=bmp.key.replace(".jpg", ".bmp"), media_type="image/bmp")
    art = m.Article(m.Metadata(title="BMP"), (m.figure("a.bmp", "Ảnh", resource=bmp.key),), (bmp,))
    target = tmp_path / "out.epub"
    assert write(art, target, WriteOptions(cover=False)) == []
    opf = part(target, "EPUB/content.opf")
    (item,) = opf.xpath("//opf:item[starts-with(@href, 'images/')]", namespaces=NS)
    href = "images/" + bmp.key.replace(".bmp", ".png")
    assert (item.get("href"), item.get("media-type")) == (href, "image/png")
    assert part(target, "EPUB/chapter.xhtml").xpath("//h:img/@src", namespaces=NS) == [href]
    with zipfile.ZipFile(target) as zf:
        assert zf.read(f"EPUB/{href}").startswith(b"\x89PNG")


def test_an_image_that_cannot_be_decoded_becomes_a_placeholder_with_a_warning(tmp_path: Path) -> None:
    junk = m.Resource("img-000000000000.tif", "image/tiff", b"not an image")
    art = m.Article(m.Metadata(title="Junk"), (m.figure("x.tif", "Ảnh", resource=junk.key),), (junk,))
    target = tmp_path / "out.epub"
    warnings = write(art, target, WriteOptions())
    assert sorted(w.code for w in warnings) == ["missing-image", "unsupported-image"]
    assert part(target, "EPUB/chapter.xhtml").xpath("//h:p[@class='missing-image']", namespaces=NS)


@pytest.mark.parametrize(("fmt", "media_type", "mode", "expected"), [
    ("WEBP", "image/webp", "RGB", "image/jpeg"),  # a lossy photo stays lossy
    ("WEBP", "image/webp", "RGBA", "image/png"),  # transparency needs PNG
    ("AVIF", "image/avif", "RGB", "image/jpeg"),
    ("TIFF", "image/tiff", "CMYK", "image/png"),
])
def test_webp_avif_and_tiff_become_jpeg_or_png(
    tmp_path: Path, fmt: str, media_type: str, mode: str, expected: str
) -> None:
    buf = io.BytesIO()
    PILImage.new(mode, (320, 240)).save(buf, format=fmt)
    res = m.Resource(f"img-{fmt.lower()}{mode.lower()}.{fmt.lower()}", media_type, buf.getvalue())
    art = m.Article(m.Metadata(title="T"), (m.figure("a", "Ảnh", resource=res.key),), (res,))
    target = tmp_path / "out.epub"
    assert write(art, target, WriteOptions()) == []
    opf = part(target, "EPUB/content.opf")
    (item,) = opf.xpath("//opf:item[starts-with(@href, 'images/img-')]", namespaces=NS)
    assert item.get("media-type") == expected
    with zipfile.ZipFile(target) as zf:
        data = zf.read(f"EPUB/{item.get('href')}")
    assert data.startswith(b"\xff\xd8" if expected == "image/jpeg" else b"\x89PNG")


PLAIN_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'
SCRIPTED_SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
REMOTE_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
              b'<image xlink:href="https://example.com/a.png" width="1" height="1"/></svg>')


@pytest.mark.parametrize(("svg", "kept"), [(PLAIN_SVG, True), (SCRIPTED_SVG, False), (REMOTE_SVG, False)])
def test_a_plain_svg_is_kept_and_one_that_scripts_or_fetches_is_not(tmp_path: Path, svg: bytes, kept: bool) -> None:
    res = m.Resource("img-0123456789ab.svg", "image/svg+xml", svg)
    art = m.Article(m.Metadata(title="T"), (m.figure("a.svg", "Sơ đồ", resource=res.key),), (res,))
    target = tmp_path / "out.epub"
    warnings = write(art, target, WriteOptions(cover=False))
    srcs = part(target, "EPUB/chapter.xhtml").xpath("//h:img/@src", namespaces=NS)
    if kept:
        assert (warnings, srcs) == ([], [f"images/{res.key}"])
        with zipfile.ZipFile(target) as zf:
            assert zf.read(f"EPUB/images/{res.key}") == svg
    else:  # drawn, sanitised, as a PNG: neither the script nor the remote image reach the package
        assert warnings == [] and len(srcs) == 1 and srcs[0].endswith(".png")
        with zipfile.ZipFile(target) as zf:
            assert not [n for n in zf.namelist() if n.endswith(".svg")]


def test_links_are_percent_encoded_and_text_loses_characters_xml_cannot_hold(tmp_path: Path) -> None:
    links = (m.Link(m.text("a"), "https://example.gov.vn/tin tức/bài 1.aspx?x=<1>|2"),
             m.Link(m.text("b"), "http://[broken"), m.Link(m.text("c"), "javascript:void(0)"))
    art = m.Article(m.Metadata(title="T\x0bitle", authors=("A\x01",)), (m.Paragraph((*links, m.Text("x\x0cy"))),))
    target = written(art, tmp_path)
    chapter = part(target, "EPUB/chapter.xhtml")
    assert chapter.xpath("//h:a/@href", namespaces=NS) == [
        "https://example.gov.vn/tin%20t%E1%BB%A9c/b%C3%A0i%201.aspx?x=%3C1%3E%7C2"]  # a URI: RSC-020
    assert texts(chapter, "//h:span[@class='link']") == ["b", "c"]
    assert "xy" in text_of(chapter)
    assert part(target, "EPUB/content.opf").xpath("//dc:title/text()", namespaces=NS) == ["Title"]


# --------------------------------------------------------------------------- package


def test_the_package_document_carries_the_article_metadata(book: Path) -> None:
    opf = part(book, "EPUB/content.opf")
    md = rich_article().metadata

    def dc(name: str) -> list[str]:
        return [el.text for el in opf.xpath(f"//dc:{name}", namespaces=NS)]

    assert dc("title") == [md.title, md.subtitle]
    assert dc("creator") == list(md.authors)
    assert dc("date") == ["2021-10-08T19:00:00+07:00"]
    assert dc("language") == ["vi"]
    assert dc("subject") == [md.category, *md.tags]
    assert dc("description") == [md.lead]
    assert dc("source") == [md.source_url]
    assert dc("publisher") == [md.site_name]
    (ident,) = dc("identifier")
    assert ident.startswith("urn:uuid:")
    assert opf.get("unique-identifier") == opf.xpath("//dc:identifier/@id", namespaces=NS)[0]
    # 09/10/2021 08:15 at UTC+7
    assert opf.xpath("//opf:meta[@property='dcterms:modified']/text()", namespaces=NS) == [
        "2021-10-09T01:15:00Z"
    ]


def test_each_author_is_refined_with_the_marc_role_aut_and_the_titles_with_their_type(book: Path) -> None:
    opf = part(book, "EPUB/content.opf")
    creators = opf.xpath("//dc:creator", namespaces=NS)
    assert len(creators) == len(rich_article().metadata.authors)
    for creator in creators:
        (role,) = opf.xpath(f"//opf:meta[@refines='#{creator.get('id')}']", namespaces=NS)
        assert (role.get("property"), role.get("scheme"), role.text) == ("role", "marc:relators", "aut")
    kinds = {t.get("id"): opf.xpath(f"//opf:meta[@refines='#{t.get('id')}'][@property='title-type']/text()",
                                      namespaces=NS) for t in opf.xpath("//dc:title", namespaces=NS)}
    assert sorted(kinds.values()) == [["main"], ["subtitle"]]


def test_an_arabic_article_runs_right_to_left_in_every_document_and_in_page_order(tmp_path: Path) -> None:
    target = written(m.Article(m.Metadata(title="عنوان", language="ar"), (m.para("نص المقال"),)), tmp_path)
    assert part(target, "EPUB/content.opf").xpath("//opf:spine/@page-progression-direction", namespaces=NS) == ["rtl"]
    assert part(target, "EPUB/chapter.xhtml").get("dir") == "rtl"
    assert part(target, "EPUB/cover.xhtml").get("dir") == "rtl"
    assert part(target, "EPUB/nav.xhtml").xpath("//h:body/@dir", namespaces=NS) == ["rtl"]
    assert part(written(rich_article(), tmp_path, "vi.epub"), "EPUB/chapter.xhtml").get("dir") is None


@pytest.mark.parametrize(("declared", "tag"), [("", "en"), ("vi_VN", "vi-VN"), ("{lang}", "und")])
def test_the_language_is_a_well_formed_tag_english_when_absent(tmp_path: Path, declared: str, tag: str) -> None:
    target = written(m.article("Language", m.para("x"), language=declared), tmp_path)
    assert part(target, "EPUB/content.opf").xpath("//dc:language/text()", namespaces=NS) == [tag]
    assert part(target, "EPUB/chapter.xhtml").get("lang") == tag


def test_the_identifier_is_derived_from_the_source_url_or_else_from_the_content(tmp_path: Path) -> None:
    def ident(art: m.Article, name: str) -> str:
        opf = part(written(art, tmp_path, name), "EPUB/content.opf")
        value: str = opf.xpath("//dc:identifier/text()", namespaces=NS)[0]
        return value

    a = rich_article()
    edited = dataclasses.replace(a, blocks=a.blocks[:-1])
    assert ident(a, "a.epub") == ident(edited, "b.epub")  # same page, new revision: same book
    anon = dataclasses.replace(a, metadata=dataclasses.replace(a.metadata, source_url=""))
    anon_edited = dataclasses.replace(anon, blocks=anon.blocks[:-1])
    assert ident(anon, "c.epub").startswith("urn:uuid:")
    assert ident(anon, "c.epub") != ident(anon_edited, "d.epub")
    assert ident(anon, "c.epub") == ident(anon, "e.epub")


@pytest.mark.parametrize(
    ("published", "modified", "expected"),
    [
        (datetime(2022, 3, 4, 5, 6, 7, tzinfo=UTC), None, "2022-03-04T05:06:07Z"),
        (None, None, "1980-01-01T00:00:00Z"),
    ],
)
def test_dcterms_modified_falls_back_to_published_then_the_documented_no_date(
    tmp_path: Path, published: datetime | None, modified: datetime | None, expected: str
) -> None:
    md = m.Metadata(
        title="T",
        published=m.DateValue("p", published) if published else None,
        modified=m.DateValue("m", modified) if modified else None,
    )
    opf = part(written(m.Article(md, (m.para("x"),)), tmp_path), "EPUB/content.opf")
    assert opf.xpath("//opf:meta[@property='dcterms:modified']/text()", namespaces=NS) == [expected]


def test_the_navigation_document_and_ncx_list_the_title_and_headings(book: Path) -> None:
    nav = part(book, "EPUB/nav.xhtml")
    (toc,) = nav.xpath("//h:nav[@epub:type='toc']", namespaces=NS)
    md = rich_article().metadata
    assert texts(toc, ".//h:a") == [md.title, "Tiêu đề cấp một", "Tiêu đề cấp hai"]
    chapter = part(book, "EPUB/chapter.xhtml")
    for href in toc.xpath(".//h:a/@href", namespaces=NS)[1:]:
        anchor = href.split("#", 1)[1]
        assert chapter.xpath(f"//*[@id='{anchor}']", namespaces=NS)
    # The level-two heading is nested under the level-one heading.
    assert texts(toc, "h:ol/h:li/h:ol/h:li/h:ol/h:li/h:a") == ["Tiêu đề cấp hai"]
    ncx = part(book, "EPUB/toc.ncx")
    labels = texts(ncx, "//ncx:navPoint/ncx:navLabel/ncx:text")
    assert labels == [md.title, "Tiêu đề cấp một", "Tiêu đề cấp hai"]
    opf_id = part(book, "EPUB/content.opf").xpath("//dc:identifier/text()", namespaces=NS)[0]
    assert ncx.xpath("//ncx:meta[@name='dtb:uid']/@content", namespaces=NS) == [opf_id]


def test_ebooklib_reads_the_book_back(book: Path) -> None:
    read = epub.read_epub(str(book), {"ignore_ncx": False})
    md = rich_article().metadata
    assert read.get_metadata("DC", "title")[0][0] == md.title
    assert [c[0] for c in read.get_metadata("DC", "creator")] == list(md.authors)
    chapter = read.get_item_with_href("chapter.xhtml")
    assert "THU THẢO" in chapter.get_content().decode("utf-8")
    hrefs = {item.get_name() for item in read.get_items()}
    assert {f"images/{r.key}" for r in rich_article().resources} <= hrefs
    assert read.toc[0][0].title == md.title


def test_a_user_stylesheet_is_packaged_and_linked_after_the_default(tmp_path: Path) -> None:
    css = tmp_path / "mine.css"
    css.write_text("p { color: navy; }\n", encoding="utf-8")
    target = written(rich_article(), tmp_path, css=css)
    chapter = part(target, "EPUB/chapter.xhtml")
    assert chapter.xpath("//h:link/@href", namespaces=NS) == ["css/epub.css", "css/user.css"]
    with zipfile.ZipFile(target) as zf:
        assert zf.read("EPUB/css/user.css") == css.read_bytes()


def test_an_unreadable_user_stylesheet_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        written(rich_article(), tmp_path, css=tmp_path / "absent.css")


# --------------------------------------------------------------------------- archive


def test_mimetype_is_the_first_entry_and_stored(book: Path) -> None:
    with zipfile.ZipFile(book) as zf:
        first = zf.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert first.extra == b""
        assert zf.read("mimetype") == b"application/epub+zip"
        rest = zf.infolist()[1:]
        # Photos already compressed by their codec are stored; everything else is deflated.
        photos = [i for i in rest if i.filename.endswith((".jpg", ".gif"))]
        assert photos and all(i.compress_type == zipfile.ZIP_STORED for i in photos)
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in rest if i not in photos)
        assert any(i.filename.endswith(".xhtml") for i in rest)
        assert zf.testzip() is None
    # OCF: the media type must be readable at a fixed offset by tools that only sniff bytes.
    assert book.read_bytes()[30:38] == b"mimetype"


def test_writing_the_same_article_twice_gives_identical_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = written(rich_article(), tmp_path, "a.epub").read_bytes()
    # A day later, as far as zipfile's entry times are concerned.
    later = time.time() + 86_400
    monkeypatch.setattr(time, "time", lambda: later)
    second = written(rich_article(), tmp_path, "b.epub").read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_an_uncaptioned_photo_has_no_figcaption_and_the_next_one_is_figure_1(tmp_path: Path) -> None:
    res = resource(photo_bytes(60, 40), "image/jpeg")
    art = m.Article(m.Metadata(title="Ảnh", language="vi"), (
        m.Figure(m.Image("a.jpg", resource=res.key)),
        m.Figure(m.Image("a.jpg", resource=res.key), m.text("Toàn cảnh hội nghị")),
    ), (res,))
    target = tmp_path / "out.epub"
    write(art, target, WriteOptions(cover=False))
    chapter = part(target, "EPUB/chapter.xhtml")
    figures_ = chapter.xpath("//h:figure", namespaces=NS)
    assert [len(f.xpath("h:figcaption", namespaces=NS)) for f in figures_] == [0, 1]
    assert text_of(figures_[1].xpath("h:figcaption", namespaces=NS)[0]).startswith("Hình 1.")
