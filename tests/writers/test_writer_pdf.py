"""PDF writer: text, fonts, metadata, outline, page furniture, the URL fetcher, determinism.

WeasyPrint renders are slow (about two seconds for the rich article), so the rich article is
rendered once per module; the few other renders use a one-paragraph article.
"""

from __future__ import annotations

import builtins
import errno
import io
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from factories import rich_article
from fontTools.ttLib import TTFont
from lxml import etree

from converter import __version__, api
from converter import model as m
from converter.diagnostics import Diagnostic
from converter.errors import DependencyError, OutputError
from converter.options import WriteOptions
from converter.resources import style_path, styles_dir
from converter.walk import iter_blocks, plain_text
from converter.writers import pdf as pdf_writer
from converter.writers.pdf.document import css_string, page_css, resource_url, xhtml

ROOT = Path(__file__).resolve().parents[2]

# This machine's WeasyPrint warns on import that HarfBuzz-Subset is missing; not our concern here.
pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
    reason="poppler-utils (pdftotext, pdffonts) not installed",
)


def squash(text: str) -> str:
    """NFC with every run of whitespace (line ends included) turned into one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def pdftotext(path: Path) -> list[str]:
    """Text of each page, in order."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8").split("\f")[:-1]


def small_article(**meta: Any) -> m.Article:
    defaults: dict[str, Any] = {"language": "en"}
    defaults.update(meta)
    return m.article("A short notice", m.para("One paragraph is enough."), **defaults)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Diagnostic]]:
    target = tmp_path_factory.mktemp("pdf") / "rich.pdf"
    warnings = pdf_writer.write(rich_article(), target, WriteOptions())
    return target, warnings


# --------------------------------------------------------------------------- text


@needs_poppler
def test_every_paragraph_caption_heading_and_signature_reaches_the_pdf_text(
    rendered: tuple[Path, list[Diagnostic]],
) -> None:
    text = squash(" ".join(pdftotext(rendered[0])))
    article = rich_article()
    expected = [article.metadata.title, article.metadata.lead]
    for block in iter_blocks(article.blocks):
        match block:
            case m.Paragraph() | m.Heading() | m.Signature():
                expected.append(plain_text(block.children))
            case m.Figure():
                expected += [plain_text(block.caption), block.credit]
            case m.Table():
                expected += [plain_text(c.children) for r in block.rows for c in r.cells]
                expected.append(plain_text(block.caption))
    missing = [s for s in map(squash, expected) if s and s not in text]
    assert missing == []


@needs_poppler
def test_a_missing_image_prints_a_visible_placeholder_and_warns(rendered: tuple[Path, list[Diagnostic]]) -> None:
    path, warnings = rendered
    assert "[Thiếu ảnh: mat-anh.jpg]" in squash(" ".join(pdftotext(path)))
    assert [(w.code, w.where) for w in warnings] == [("missing-image", "bai_files/mat-anh.jpg")]


def test_the_default_stylesheet_renders_without_renderer_complaints(
    rendered: tuple[Path, list[Diagnostic]],
) -> None:
    # WeasyPrint warns about CSS it does not understand; print.css must not cause any.
    assert [w for w in rendered[1] if w.code != "missing-image"] == []


# --------------------------------------------------------------------------- page furniture


@needs_poppler
def test_every_page_is_numbered_trang_n_of_total(rendered: tuple[Path, list[Diagnostic]]) -> None:
    pages = pdftotext(rendered[0])
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Trang {number} / {len(pages)}" in squash(page)


@needs_poppler
def test_the_running_header_names_the_site_on_later_pages_only(rendered: tuple[Path, list[Diagnostic]]) -> None:
    site = rich_article().metadata.site_name
    first, second = (squash(p) for p in pdftotext(rendered[0])[:2])
    assert first.count(site) == 1  # the metadata line only
    assert second.startswith(site)


def test_bookmarks_hold_the_title_with_the_headings_nested_below(
    rendered: tuple[Path, list[Diagnostic]],
) -> None:
    with pikepdf.open(rendered[0]) as pdf, pdf.open_outline() as outline:
        (top,) = outline.root
        assert top.title == rich_article().metadata.title
        (level_one,) = top.children
        assert level_one.title == "Tiêu đề cấp một"
        assert [c.title for c in level_one.children] == ["Tiêu đề cấp hai"]


# --------------------------------------------------------------------------- fonts


@needs_poppler
def test_only_the_shipped_noto_fonts_are_used_and_every_one_is_embedded(
    rendered: tuple[Path, list[Diagnostic]],
) -> None:
    out = subprocess.run(["pdffonts", str(rendered[0])], capture_output=True, text=True, check=True)
    rows = [line.split() for line in out.stdout.splitlines()[2:]]
    names = {row[0].split("+", 1)[1] for row in rows}
    assert names >= {"Portalconv-Noto-Serif", "Portalconv-Noto-Serif-Bold", "Portalconv-Noto-Sans-Bold"}
    assert all(re.fullmatch(r"Portalconv-Noto-(Serif|Sans)(-Bold)?(-Italic)?", n) for n in names), names
    # Columns: name, type (two words), encoding, emb, sub, uni, object id.
    assert all(row[-5] == "yes" for row in rows), out.stdout


def test_embedded_font_programs_are_noto_serif_and_noto_sans(rendered: tuple[Path, list[Diagnostic]]) -> None:
    # The private CSS family name only says which @font-face was asked for; the font program
    # itself proves that the shipped file, not a system fallback, was embedded.
    families = set()
    with pikepdf.open(rendered[0]) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                font = TTFont(io.BytesIO(obj.FontFile2.read_bytes()))
                families.add(font["name"].getDebugName(1))
    assert families == {"Noto Serif", "Noto Sans"}


# --------------------------------------------------------------------------- metadata


def test_pdf_information_comes_from_the_article(rendered: tuple[Path, list[Diagnostic]]) -> None:
    md = rich_article().metadata
    with pikepdf.open(rendered[0]) as pdf:
        info = {str(k): str(v) for k, v in pdf.docinfo.items()}
        assert str(pdf.Root.Lang) == "vi"
    assert info["/Title"] == md.title
    assert info["/Author"] == "Thu Thảo"
    assert info["/Subject"] == md.lead
    assert info["/Keywords"] == "Xây dựng Đảng, COVID-19, Dân vận"
    assert info["/CreationDate"] == "D:20211008190000+07'00"
    assert info["/ModDate"] == "D:20211009081500+07'00"
    assert info["/Creator"] == f"portalconv {__version__}"
    assert info["/Producer"].startswith(f"portalconv {__version__} (WeasyPrint ")


def test_an_article_without_dates_states_no_dates_never_now() -> None:
    root = etree.fromstring(xhtml(small_article()))
    metas = {el.get("name"): el.get("content") for el in root.iter("{*}meta") if el.get("name")}
    assert "dcterms.created" not in metas and "dcterms.modified" not in metas


# --------------------------------------------------------------------------- images


def test_jpeg_photos_are_embedded_unchanged(rendered: tuple[Path, list[Diagnostic]]) -> None:
    jpeg = next(r for r in rich_article().resources if r.media_type == "image/jpeg")
    with pikepdf.open(rendered[0]) as pdf:
        dct = [
            obj.read_raw_bytes()
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream)
            and obj.get("/Subtype") == "/Image"
            and obj.get("/Filter") == "/DCTDecode"
        ]
    assert dct == [jpeg.data]


# --------------------------------------------------------------------------- determinism, paper, CSS


def test_the_same_article_gives_byte_identical_pdfs(
    rendered: tuple[Path, list[Diagnostic]], tmp_path: Path
) -> None:
    again = tmp_path / "again.pdf"
    pdf_writer.write(rich_article(), again, WriteOptions())
    assert again.read_bytes() == rendered[0].read_bytes()


@needs_poppler
def test_a5_paper_gives_a_smaller_page_with_an_english_footer(tmp_path: Path) -> None:
    target = tmp_path / "a5.pdf"
    assert pdf_writer.write(small_article(), target, WriteOptions(paper="A5")) == []
    with pikepdf.open(target) as pdf:
        width, height = (float(v) for v in pdf.pages[0].MediaBox[2:])
    assert (round(width), round(height)) == (420, 595)  # A5 in points; A4 is 595 × 842
    assert "Page 1 of 1" in squash(pdftotext(target)[0])


def test_user_css_comes_last_and_its_problems_come_back_as_warnings(tmp_path: Path) -> None:
    css = tmp_path / "user.css"
    css.write_text(
        "@page { size: A6 }\nbody { background: url(http://example.com/bg.png) }\np { colour: red }\n"
    )
    target = tmp_path / "a6.pdf"
    warnings = pdf_writer.write(small_article(), target, WriteOptions(paper="A4", css=css))
    with pikepdf.open(target) as pdf:
        assert round(float(pdf.pages[0].MediaBox[2])) == 298  # A6 width: the user's rule won
    assert [(w.code, w.where) for w in warnings if w.code != "pdf-renderer"] == [
        ("resource-refused", "http://example.com/bg.png")
    ]
    (css_complaint,) = [w.message for w in warnings if w.code == "pdf-renderer"]
    assert "colour" in css_complaint


def test_a_full_disk_is_an_output_error_naming_the_output_not_its_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_bytes", full)
    target = tmp_path / "x.pdf"
    with pytest.raises(OutputError) as info:
        api.write(small_article(), target, "pdf")
    assert str(info.value) == f"{target}: cannot write (No space left on device)"
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_paper_size_warns_and_falls_back_to_a4() -> None:
    css, warnings = page_css(small_article(), "B5")
    assert "size: A4;" in css
    assert [w.code for w in warnings] == ["unknown-paper"]


def test_page_labels_are_escaped_as_css_strings() -> None:
    assert css_string('Nhà "Quốc hội" \\ số 1\nHà Nội') == '"Nhà \\"Quốc hội\\" \\\\ số 1\\A Hà Nội"'
    css, _ = page_css(small_article(site_name='Cổng "A"'), "a4")
    assert '@top-left { content: "Cổng \\"A\\""; }' in css


# --------------------------------------------------------------------------- URL fetcher


def test_the_fetcher_serves_article_images_and_shipped_styles_only() -> None:
    from weasyprint.urls import URLFetchingError

    from converter.writers.pdf.fetcher import ArticleFetcher, RefusedURL

    article = rich_article()
    fetcher = ArticleFetcher(article.resources, styles_dir())
    jpeg = article.resources[0]
    assert fetcher(resource_url(jpeg)).read() == jpeg.data
    font = style_path("fonts/NotoSerif-Regular.ttf")
    assert fetcher(font.resolve().as_uri()).read() == font.read_bytes()
    assert fetcher("data:text/plain;base64,aGk=").read() == b"hi"

    refused = [
        "http://example.com/anh.jpg",
        "https://example.gov.vn/tin-tuc/bai-1.aspx",
        "ftp://example.com/file.txt",
        "file:///etc/passwd",
        (styles_dir() / ".." / "pyproject.toml").as_uri(),  # escapes styles/ through ".."
        (ROOT / "pyproject.toml").as_uri(),
        "file://server/share/styles/print.css",
        "portalconv-resource:img-000000000000.jpg",  # no such resource
    ]
    for url in refused:
        with pytest.raises(RefusedURL):
            fetcher(url)
    assert issubclass(RefusedURL, URLFetchingError)  # WeasyPrint logs it and carries on
    assert fetcher.refused == refused


# --------------------------------------------------------------------------- dependencies


def _import_failing_with(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise error
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)


def test_missing_pango_is_a_dependency_error_that_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _import_failing_with(monkeypatch, OSError("cannot load library 'libpango-1.0-0'"))
    with pytest.raises(DependencyError) as info:
        pdf_writer.write(rich_article(), tmp_path / "x.pdf", WriteOptions())
    assert str(info.value) == (
        "PDF output needs the Pango library (Debian/Ubuntu: apt-get install libpango-1.0-0 "
        "libpangoft2-1.0-0; macOS: brew install pango)"
    )
    assert info.value.exit_code == 6
    assert not (tmp_path / "x.pdf").exists()


def test_missing_weasyprint_package_is_a_dependency_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _import_failing_with(monkeypatch, ImportError("No module named 'weasyprint'"))
    with pytest.raises(DependencyError, match="WeasyPrint"):
        pdf_writer.write(rich_article(), tmp_path / "x.pdf", WriteOptions())


def test_importing_the_pdf_writer_does_not_import_weasyprint() -> None:
    code = "import sys, converter.writers.pdf; sys.exit('weasyprint' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_a_site_named_like_its_category_heads_the_page_once() -> None:
    css, _ = page_css(small_article(site_name="Tin tức", category="Tin tức"), "a4")
    assert "@top-left" in css and "@top-right" not in css


def test_paper_geometry_reaches_the_page_rules() -> None:
    css, _ = page_css(small_article(), "A5")
    assert "@page { size: A5; margin: 16mm 14mm 18mm 14mm; }" in css
    assert "figure img { max-height: 70mm; }" in css


def test_record_labels_are_row_headers_for_the_tagged_pdf() -> None:
    root = etree.fromstring(xhtml(rich_article()).split(b"\n", 1)[1])
    ths = root.findall(".//{*}table[@class='record']//{*}th")
    assert ths and all(th.get("scope") == "row" for th in ths)
