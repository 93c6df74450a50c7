"""The EPUB cover (lead photo, drawn image or text page, or none with --no-cover) and the navigation."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from factories import ICT, photo_bytes, resource, rich_article
from lxml import etree
from PIL import Image as PILImage
from typer.testing import CliRunner

from converter import model as m
from converter.cli import app
from converter.options import WriteOptions
from converter.writers.epub import build
from converter.writers.epub.cover import HEIGHT, MARGIN, MIN_PHOTO_SIDE, WIDTH, date_line, draw

NS = {
    "h": "http://www.w3.org/1999/xhtml",
    "opf": "http://www.idpf.org/2007/opf",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}


class Book:
    """An EPUB built in memory, with its parts parsed on demand."""

    def __init__(self, article: m.Article, **opts: object) -> None:
        self.data, self.warnings = build(article, WriteOptions(**opts))  # type: ignore[arg-type]
        self.zip = zipfile.ZipFile(io.BytesIO(self.data))

    def part(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(f"EPUB/{name}"))

    def xpath(self, name: str, path: str) -> list[str]:
        return [str(x) for x in self.part(name).xpath(path, namespaces=NS)]

    @property
    def spine(self) -> list[str]:
        return self.xpath("content.opf", "//opf:itemref/@idref")

    @property
    def cover_items(self) -> list[str]:
        return self.xpath("content.opf", "//opf:item[contains(@properties, 'cover-image')]/@href")


def without_photos(art: m.Article) -> m.Article:
    return dataclasses.replace(art, resources=())


def text_of(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


# --------------------------------------------------------------------------- which cover


def test_a_first_picture_too_small_for_a_cover_is_passed_over_for_the_next_photo() -> None:
    icon = resource(photo_bytes(64, 64, fmt="PNG"), "image/png")
    photo = resource(photo_bytes(), "image/jpeg")
    art = m.Article(m.Metadata(title="T"), (m.figure("icon.png", "Biểu tượng", resource=icon.key),
                                            m.figure("anh.jpg", "Ảnh chính", resource=photo.key)), (icon, photo))
    book = Book(art)
    assert book.cover_items == ["images/cover.png"]  # the shelf image is drawn from the title
    (img,) = book.part("cover.xhtml").xpath("//h:img", namespaces=NS)
    assert (img.get("src"), img.get("alt"), img.get("role")) == (f"images/{photo.key}", "Ảnh chính", "doc-cover")
    assert MIN_PHOTO_SIDE > 64


def test_without_a_photo_a_cover_is_drawn_from_category_title_and_date() -> None:
    art = without_photos(rich_article())
    book = Book(art)
    assert book.cover_items == ["images/cover.png"]
    assert book.spine == ["cover", "chapter"]
    with PILImage.open(io.BytesIO(book.zip.read("EPUB/images/cover.png"))) as img:
        assert (img.format, img.size) == ("PNG", (WIDTH, HEIGHT))
    (img_el,) = book.part("cover.xhtml").xpath("//h:section[@epub:type='cover']/h:img", namespaces=NS)
    md = art.metadata
    assert img_el.get("alt") == f"{md.category}. {md.title}. 08/10/2021"
    cover_id = book.xpath("content.opf", "//opf:item[@href='images/cover.png']/@id")
    assert book.xpath("content.opf", "//opf:meta[@name='cover']/@content") == cover_id


def test_the_drawn_cover_is_the_same_png_every_time_and_changes_with_the_title() -> None:
    md = rich_article().metadata
    first, second = draw(md.title, md), draw(md.title, md)
    assert first is not None and first == second
    assert draw(md.title + " (cập nhật)", md) != first


def test_the_drawn_cover_is_a_palette_image_whose_text_is_smoothed_along_the_palette_ramps() -> None:
    md = rich_article().metadata
    png = draw(md.title, md)
    assert png is not None
    with PILImage.open(io.BytesIO(png)) as img:
        assert img.mode == "P"
        rgb = img.convert("RGB")
    # The title's first line: dark letters on paper, with the in-between shades of smoothed edges
    # (text drawn unsmoothed on a palette image has two colours), all on the paper-to-ink line.
    title = rgb.crop((MARGIN, 460, WIDTH - MARGIN, 560))
    shades = {colour for _, colour in title.getcolors(maxcolors=4096) or []}
    assert len(shades) > 8
    assert min(sum(c) for c in shades) < 100 and max(sum(c) for c in shades) > 700
    for r, g, b in shades:
        assert max(r, g, b) - min(r, g, b) <= 8  # no tint: paper and ink are both near-neutral
    # The category on the band: band blue and paper, and the blend of the two in between.
    band = {colour for _, colour in rgb.crop((0, 0, WIDTH, 360)).getcolors(maxcolors=4096) or []}
    assert (31, 58, 95) in band and len(band) > 4
    assert all(31 <= r <= 250 and b >= 95 for r, _, b in band)


def test_a_title_with_one_enormous_word_still_fits_the_drawn_cover() -> None:
    png = draw("Siêu" * 200, m.Metadata(category="X" * 300, site_name="Y " * 200))
    assert png is not None
    assert PILImage.open(io.BytesIO(png)).size == (WIDTH, HEIGHT)


def test_a_title_the_shipped_fonts_cannot_write_gets_a_text_cover_page_and_no_cover_image() -> None:
    md = m.Metadata(title="نائب العضو المنتدب للتسويق العالمي", category="أخبار", language="ar",
                    published=m.DateValue("06/09/2012", datetime(2012, 9, 6, tzinfo=ICT)))
    book = Book(m.Article(md, (m.para("نص المقال"),)))
    assert book.cover_items == []
    assert book.xpath("content.opf", "//opf:meta[@name='cover']") == []
    assert book.spine == ["cover", "chapter"]
    page = book.part("cover.xhtml")
    assert [text_of(h) for h in page.xpath("//h:h1[@class='cover-title']", namespaces=NS)] == [md.title]
    assert page.xpath("//h:p[@class='cover-category']/text()", namespaces=NS) == ["أخبار"]
    assert page.xpath("//h:p[@class='cover-date']/text()", namespaces=NS) == ["2012-09-06"]
    assert page.get("lang") == "ar"


@pytest.mark.parametrize(("language", "expected"), [("vi", "08/10/2021"), ("en", "8 October 2021"),
                                                    ("fr", "2021-10-08"), ("", "8 October 2021")])
def test_the_cover_date_is_the_day_written_as_the_language_writes_it(language: str, expected: str) -> None:
    md = dataclasses.replace(rich_article().metadata, language=language)
    assert date_line(md) == expected
    assert date_line(m.Metadata(published=m.DateValue("hôm qua"))) == "hôm qua"
    assert date_line(m.Metadata()) == ""


# --------------------------------------------------------------------------- no cover


def test_no_cover_leaves_out_the_cover_page_and_the_cover_image() -> None:
    book = Book(rich_article(), cover=False)
    assert book.spine == ["chapter"]
    assert book.cover_items == []
    assert "EPUB/cover.xhtml" not in book.zip.namelist()
    assert book.xpath("content.opf", "//opf:meta[@name='cover']") == []
    assert book.xpath("nav.xhtml", "//h:nav[@epub:type='landmarks']//h:a/@epub:type") == ["bodymatter"]
    # The lead photo is still in the chapter, just not declared the cover.
    assert len(book.xpath("chapter.xhtml", "//h:img")) == len(rich_article().resources)


def test_the_command_line_no_cover_option_reaches_the_writer(tmp_path: Path) -> None:
    page = Path(__file__).resolve().parents[2] / "samples" / "vn-portal-news.html"
    runner = CliRunner()
    for args, has_cover in (([], True), (["--no-cover"], False)):
        target = tmp_path / f"out{len(args)}.epub"
        result = runner.invoke(app, [str(page), "--to", "epub", "-o", str(target), *args])
        assert result.exit_code == 0, result.output
        assert ("EPUB/cover.xhtml" in zipfile.ZipFile(target).namelist()) is has_cover


# --------------------------------------------------------------------------- navigation


def test_the_navigation_has_the_contents_and_landmarks_for_cover_and_body_and_every_link_resolves() -> None:
    book = Book(rich_article())
    nav = book.part("nav.xhtml")
    assert nav.get("lang") == "vi"
    assert nav.xpath("//h:nav[@epub:type='toc']/h:h2/text()", namespaces=NS) == ["Mục lục"]
    landmarks = nav.xpath("//h:nav[@epub:type='landmarks']//h:a", namespaces=NS)
    assert [(a.get(f"{{{NS['epub']}}}type"), a.get("href")) for a in landmarks] == [
        ("cover", "cover.xhtml"), ("bodymatter", "chapter.xhtml")]
    guide = book.xpath("content.opf", "//opf:guide/opf:reference/@type")
    assert guide == ["cover", "text"]  # the same for EPUB 2 readers
    contents = nav.xpath("//h:nav[@epub:type='toc']//h:a/@href", namespaces=NS)
    contents += book.xpath("toc.ncx", "//ncx:content/@src")
    for href in contents + [a.get("href") for a in landmarks]:
        name, _, anchor = href.partition("#")
        assert not anchor or book.part(name).xpath(f"//*[@id='{anchor}']"), href
    # The cover is a landmark, not an entry of the contents, which start at the article.
    assert contents and all(href.startswith("chapter.xhtml") for href in contents)


def test_the_cover_page_links_the_stylesheets_and_names_its_language() -> None:
    page = Book(without_photos(rich_article("en"))).part("cover.xhtml")
    assert page.get("lang") == "en" and page.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert page.xpath("//h:title/text()", namespaces=NS) == ["Cover"]
    assert page.xpath("//h:link/@href", namespaces=NS) == ["css/epub.css"]


FONTS = Path(__file__).resolve().parents[2] / "styles" / "fonts"


@pytest.mark.parametrize("font", sorted(p.name for p in FONTS.glob("*.[ot]tf")))
def test_the_cover_reads_a_font_s_letters_as_fonttools_does(font: str) -> None:
    # The cover reads cmaps with its own small reader: the code points must be exactly those
    # fontTools maps (every shipped font, so a font added later is checked too).
    from fontTools.ttLib import TTFont

    from converter.resources import style_path
    from converter.writers.epub.charset import code_points

    with TTFont(str(style_path(f"fonts/{font}"))) as ttf:
        expected = frozenset(ttf["cmap"].getBestCmap())
    assert code_points(style_path(f"fonts/{font}")) == expected


@pytest.mark.parametrize("font", sorted(p.name for p in FONTS.glob("*.[ot]tf")))
def test_asking_a_font_one_letter_at_a_time_agrees_with_its_whole_set_of_letters(font: str) -> None:
    # The cover asks Cmap about a title's letters; the set code_points reads (equal to fontTools')
    # is the reference: every code point of the Basic Multilingual Plane, and every one beyond
    # it that the font maps, with its neighbours.
    from converter.resources import style_path
    from converter.writers.epub.charset import Cmap, code_points

    path = style_path(f"fonts/{font}")
    expected, cmap = code_points(path), Cmap(path)
    beyond = {n for code in expected if code > 0xFFFF for n in (code - 1, code, code + 1)}
    asked = [*range(0x10000), *sorted(beyond), 0x10FFFF]
    assert [code for code in asked if code in cmap] == sorted(code for code in asked if code in expected)


def test_the_cover_font_covers_vietnamese_and_not_cjk() -> None:
    from converter.writers.epub import cover

    assert cover._covered("Hội nghị tổng kết", "NotoSerif-Bold.ttf")
    assert not cover._covered("新闻发布会", "NotoSerif-Bold.ttf")


def test_a_damaged_font_draws_no_cover_instead_of_failing(tmp_path: Path) -> None:
    from converter.writers.epub.charset import Cmap, FontError, code_points

    bad = tmp_path / "bad.ttf"
    for data in (b"", b"\x00\x01\x00\x00\x00\x05", b"\x00\x01\x00\x00\x00\x01" + b"\x00" * 6 + b"cmap" + b"\xff" * 12):
        bad.write_bytes(data)
        with pytest.raises(FontError):
            code_points(bad)
        with pytest.raises(FontError):
            Cmap(bad)
    # A real font cut short anywhere: refused whole, or every question answered (never an error).
    from converter.resources import style_path

    whole = style_path("fonts/NotoSans-Regular.ttf").read_bytes()
    answered = 0
    for cut in range(1, 20):
        bad.write_bytes(whole[: len(whole) * cut // 20])
        try:
            cmap = Cmap(bad)
        except FontError:
            continue
        answered += 1
        assert all(isinstance(ord(c) in cmap, bool) for c in "Aệ€新\U0001F600")
    assert answered  # the cmap sits early in the file: most cuts keep it readable


def test_an_epub_is_written_without_guessing_media_types(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every item is given its media type: ebooklib's guess loads the system MIME tables (slow,
    # and machine-dependent in principle).
    from ebooklib import epub as ebook

    def guessed(name: str) -> tuple[bool, str]:
        raise AssertionError(f"media type of {name} guessed")

    monkeypatch.setattr(ebook, "guess_type", guessed)
    data, _ = build(rich_article(), WriteOptions())
    assert zipfile.ZipFile(io.BytesIO(data)).read("mimetype") == b"application/epub+zip"
