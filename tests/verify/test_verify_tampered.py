"""`verify` cannot be fooled, and does not cry wolf.

Each test converts an invented article page (three photos: JPEG, PNG and an SVG drawing), tampers
with one output the way someone hiding a loss would (text hidden, moved or recoloured, captions
swapped, photo bytes replaced, metadata removed) and checks that ``portalconv verify`` calls it
INCOMPLETE (exit 9); the untampered outputs verify complete.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from factories import photo_bytes, rewrite_zip
from typer.testing import CliRunner

from converter import api
from converter.cli import app
from converter.options import WriteOptions
from converter.verify import verify

runner = CliRunner()

SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">'
       b'<rect width="400" height="200" fill="#3366aa"/><circle cx="100" cy="100" r="60" fill="#ffcc00"/></svg>')
TITLE = "Khánh thành cầu Sông Mây nối hai xã vùng cao"
P1 = "Cây cầu dài 120 mét, rộng 7 mét, được xây dựng trong 18 tháng với tổng vốn đầu tư 45 tỷ đồng."
P2 = "Trước đây, người dân phải đi đò qua sông, mùa mưa lũ việc đi lại rất nguy hiểm và khó khăn."
P3 = "Theo ông Lê Văn Sơn, Chủ tịch UBND huyện, cây cầu giúp rút ngắn thời gian vận chuyển nông sản."
P4 = "Huyện sẽ tiếp tục đầu tư tuyến đường dẫn dài 3 km trong năm tới để phát huy hiệu quả công trình."
CAP1 = "Toàn cảnh cầu Sông Mây trong ngày khánh thành"
CAP2 = "Lãnh đạo huyện cắt băng khánh thành công trình"
CAP3 = "Sơ đồ vị trí cầu và tuyến đường kết nối"
PAGE = f"""<html lang="vi"><head><meta charset="utf-8"><title>{TITLE}</title>
<meta property="article:published_time" content="2024-05-14T09:00:00+07:00"></head>
<body><article><h1>{TITLE}</h1>
<p class="lead"><strong>Sáng 14/5, huyện Đồi Chè khánh thành cầu Sông Mây, công trình mong đợi của hai xã.</strong></p>
<p>{P1}</p>
<figure><img src="bai_files/a.jpg"><figcaption>{CAP1}</figcaption></figure>
<p>{P2}</p>
<figure><img src="bai_files/b.png"><figcaption>{CAP2}</figcaption></figure>
<p>{P3}</p>
<figure><img src="bai_files/c.svg"><figcaption>{CAP3}</figcaption></figure>
<p>{P4}</p>
</article></body></html>"""


def make_page(folder: Path) -> Path:
    (folder / "bai_files").mkdir(parents=True, exist_ok=True)
    (folder / "bai_files" / "a.jpg").write_bytes(photo_bytes(400, 300, (40, 110, 160)))
    (folder / "bai_files" / "b.png").write_bytes(photo_bytes(300, 200, (150, 60, 60), "PNG"))
    (folder / "bai_files" / "c.svg").write_bytes(SVG)
    page = folder / "bai.html"
    page.write_text(PAGE, encoding="utf-8")
    return page


@pytest.fixture(scope="module")
def conv(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("cau-song-may")
    page = make_page(folder)
    written, _ = api.convert(page, ["docx", "epub", "pdf"], folder / "out")
    return {"page": page, "dir": folder, "article": api.read(page).article, **written}


def incomplete(conv: dict[str, Any], output: Path) -> str:
    """``portalconv verify PAGE OUTPUT`` must exit 9; its output, for the caller to check."""
    result = runner.invoke(app, ["verify", str(conv["page"]), str(output)])
    assert result.exit_code == 9, result.output
    assert "INCOMPLETE" in result.output
    return result.output


@pytest.mark.parametrize("fmt", ["docx", "epub", "pdf"])
def test_the_untampered_outputs_are_complete_svg_photo_included(conv: dict[str, Any], fmt: str) -> None:
    report = verify(conv["article"], conv[fmt])
    assert report.complete, report.missing
    assert ("image", 3, 3) in report.rows
    result = runner.invoke(app, ["verify", str(conv["page"]), str(conv[fmt])])
    assert result.exit_code == 0, result.output


def _opf_name(epub: Path) -> str:
    with zipfile.ZipFile(epub) as zf:
        return next(n for n in zf.namelist() if n.endswith(".opf"))


@pytest.mark.parametrize("damage", ["no-rootfile", "rootfile-without-path", "item-without-href", "unknown-idref"])
def test_a_malformed_epub_package_is_incomplete_not_a_crash(conv: dict[str, Any], damage: str) -> None:
    def container(xml: bytes) -> bytes:
        if damage == "no-rootfile":
            return re.sub(rb"<rootfile [^>]*/>", b"", xml)
        return re.sub(rb'full-path="[^"]*"', b"", xml)

    def opf(xml: bytes) -> bytes:
        if damage == "item-without-href":
            return re.sub(rb'(<item [^>]*?)href="[^"]*"([^>]*media-type="application/xhtml\+xml")', rb"\1\2", xml)
        return re.sub(rb'idref="[^"]*"', b'idref="khong-co"', xml, count=1)

    edit = {"META-INF/container.xml": container} if "rootfile" in damage else {_opf_name(conv["epub"]): opf}
    damaged = rewrite_zip(conv["epub"], conv["dir"] / f"{damage}.epub", edit)  # type: ignore[dict-item]
    assert "cannot be read back" in incomplete(conv, damaged)


# --- DOCX --------------------------------------------------------------------------------------------

def _paragraphs(xml: str) -> list[str]:
    return re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)


def _with_text(xml: str, words: str) -> str:
    return next(p for p in _paragraphs(xml) if words in p)


def _style(xml: str, style: str) -> str:
    return next(p for p in _paragraphs(xml) if f'w:val="{style}"' in p)


def _docx_drop_title(xml: str) -> str:
    return xml.replace(_style(xml, "Title"), "", 1)


def _docx_drop_metadata(xml: str) -> str:
    return xml.replace(_style(xml, "Metadata"), "", 1)


def _docx_move_to_end(xml: str) -> str:
    para = _with_text(xml, P1[:30])
    xml = xml.replace(para, "", 1)
    end = "<w:sectPr" if "<w:sectPr" in xml else "</w:body>"
    return xml.replace(end, para + end, 1)


def _swap(xml: str, a: str, b: str) -> str:
    return xml.replace(a, "\0").replace(b, a).replace("\0", b)


def _docx_swap_captions(xml: str) -> str:
    return _swap(xml, CAP1, CAP2)


def _run_props(xml: str, words: str, props: str) -> str:
    """Give every run of the paragraph holding ``words`` the run properties ``props``."""
    para = _with_text(xml, words)
    changed = re.sub(r"<w:r>", f"<w:r><w:rPr>{props}</w:rPr>", para)
    changed = re.sub(r"<w:rPr>(?!" + re.escape(props) + ")", f"<w:rPr>{props}", changed)
    return xml.replace(para, changed, 1)


def _docx_vanish(xml: str) -> str:
    return _run_props(xml, P2[:30], "<w:vanish/>")


def _docx_white_1pt(xml: str) -> str:
    return _run_props(xml, P3[:30], '<w:color w:val="FFFFFF"/><w:sz w:val="2"/>')


DOCX_TAMPERING = {"title-removed": _docx_drop_title, "metadata-removed": _docx_drop_metadata,
                  "paragraph-moved-to-end": _docx_move_to_end, "captions-swapped": _docx_swap_captions,
                  "vanish": _docx_vanish, "white-1pt": _docx_white_1pt}


@pytest.mark.parametrize("how", DOCX_TAMPERING)
def test_a_tampered_docx_is_incomplete(conv: dict[str, Any], how: str) -> None:
    edit = DOCX_TAMPERING[how]
    damaged = rewrite_zip(conv["docx"], conv["dir"] / f"{how}.docx",
                      {"word/document.xml": lambda data: edit(data.decode()).encode()})
    incomplete(conv, damaged)


def test_a_hidden_style_hides_every_paragraph_that_uses_it(conv: dict[str, Any]) -> None:
    def hide_body_text(xml: bytes) -> bytes:
        return re.sub(rb'(<w:style [^>]*w:styleId="BodyText"[^>]*>)', rb"\1<w:rPr><w:vanish/></w:rPr>", xml)

    damaged = rewrite_zip(conv["docx"], conv["dir"] / "hidden-style.docx", {"word/styles.xml": hide_body_text})
    assert "paragraph: " + P1[:30] in incomplete(conv, damaged)


def test_a_docx_with_photos_swapped_under_their_captions_is_incomplete(conv: dict[str, Any]) -> None:
    def swap_pictures(xml: bytes) -> bytes:
        ids = re.findall(rb'r:embed="([^"]+)"', xml)
        return _swap(xml.decode(), f'r:embed="{ids[0].decode()}"', f'r:embed="{ids[1].decode()}"').encode()

    damaged = rewrite_zip(conv["docx"], conv["dir"] / "photos-swapped.docx", {"word/document.xml": swap_pictures})
    assert "shows another figure's photo" in incomplete(conv, damaged)


def test_a_docx_whose_photo_bytes_are_garbage_is_incomplete(conv: dict[str, Any]) -> None:
    with zipfile.ZipFile(conv["docx"]) as zf:
        photo = next(n for n in zf.namelist() if n.startswith("word/media/") and n.endswith(".jpg"))
    damaged = rewrite_zip(conv["docx"], conv["dir"] / "garbage-photo.docx", {photo: lambda data: bytes(len(data))})
    assert "images: 2 of 3" in incomplete(conv, damaged)


# --- EPUB --------------------------------------------------------------------------------------------

def _chapter(epub: Path) -> str:
    with zipfile.ZipFile(epub) as zf:
        return next(n for n in zf.namelist() if n.endswith(".xhtml") and b"<figure" in zf.read(n))


def _epub_attr(attr: str) -> Callable[[str], str]:
    return lambda xml: xml.replace(f"<p>{P2}", f"<p {attr}>{P2}", 1)


def _epub_style_element(css: str) -> Callable[[str], str]:
    return lambda xml: xml.replace("</head>", f"<style>{css}</style></head>", 1)


EPUB_TAMPERING: dict[str, Callable[[str], str]] = {
    "display-none": _epub_attr('style="display:none"'),
    "hidden-attribute": _epub_attr('hidden="hidden"'),
    "visibility-hidden": _epub_attr('style="visibility: hidden"'),
    "css-hides-text-and-photos": _epub_style_element("p, li, h1, figcaption, img { display: none }"),
    "css-white-tiny": _epub_style_element(".article-body p { color: #fff; font-size: 1px }"),
    "css-offscreen": _epub_style_element("@media all { .article-body p { text-indent: -9999px } }"),
    "captions-swapped": lambda xml: _swap(xml, CAP1, CAP2),
    "paragraph-moved-to-end": lambda xml: xml.replace(f"<p>{P1}</p>", "", 1).replace(
        "</article>", f"<p>{P1}</p></article>", 1),
}


@pytest.mark.parametrize("how", EPUB_TAMPERING)
def test_a_tampered_epub_is_incomplete(conv: dict[str, Any], how: str) -> None:
    edit = EPUB_TAMPERING[how]
    damaged = rewrite_zip(conv["epub"], conv["dir"] / f"{how}.epub",
                      {_chapter(conv["epub"]): lambda data: edit(data.decode()).encode()})
    incomplete(conv, damaged)


def test_an_epub_whose_images_are_garbage_is_incomplete(conv: dict[str, Any]) -> None:
    with zipfile.ZipFile(conv["epub"]) as zf:
        pictures = [n for n in zf.namelist() if "/images/" in n and not n.endswith(".svg")]
    damaged = rewrite_zip(conv["epub"], conv["dir"] / "garbage-images.epub",
                      {n: lambda data: b"\xff\xd8\xff" + bytes(len(data)) for n in pictures})
    assert "images: 1 of 3" in incomplete(conv, damaged)


# --- PDF ---------------------------------------------------------------------------------------------

PARAGRAPH_GONE = "missing paragraph: " + P1[:30]
# Each style sheet, and what verify must then name as missing.
PDF_CSS = {
    "white-text": (".article-body p { color: white }", PARAGRAPH_GONE),
    "opacity-0": (".article-body p { opacity: 0 }", PARAGRAPH_GONE),
    "half-point-text": (".article-body p { font-size: 0.5pt }", PARAGRAPH_GONE),
    "no-height-overflow-hidden": (".article-body p { height: 0; overflow: hidden; margin: 0 }", PARAGRAPH_GONE),
    "off-the-page": (".article-body p { position: relative; left: 400mm }", PARAGRAPH_GONE),
    "title-and-metadata-hidden": (".title, .metadata, .metadata span { color: #ffffff }", "missing title: " + TITLE),
    "photos-at-a-tenth-of-a-pixel": ("img { width: 0.1px !important; height: 0.1px !important }",
                                     "missing images: 0 of 3"),
    "captions-reordered": (".article-body { display: flex; flex-direction: column } #fig-1 { order: 9 }",
                           "missing order: "),
}


@pytest.mark.parametrize("how", PDF_CSS)
def test_a_pdf_made_with_a_hiding_style_sheet_is_incomplete(conv: dict[str, Any], how: str) -> None:
    rules, named = PDF_CSS[how]
    css = conv["dir"] / f"{how}.css"
    css.write_text(rules, encoding="utf-8")
    written, _ = api.convert(conv["page"], ["pdf"], conv["dir"] / how, WriteOptions(css=css))
    assert named in incomplete(conv, written["pdf"])


def test_a_harmless_style_sheet_still_verifies_complete(conv: dict[str, Any]) -> None:
    """Coloured text on a coloured box, small print and a page background are all readable."""
    css = conv["dir"] / "harmless.css"
    css.write_text("@page { background: #fffbe6 } .lead { color: white; background: #234 } "
                   "figcaption { font-size: 6pt; color: #555 }", encoding="utf-8")
    written, _ = api.convert(conv["page"], ["pdf"], conv["dir"] / "harmless", WriteOptions(css=css))
    report = verify(conv["article"], written["pdf"])
    assert report.complete, report.missing


def test_a_pdf_with_a_corrupt_jpeg_stream_is_incomplete(conv: dict[str, Any]) -> None:
    import pikepdf

    damaged = conv["dir"] / "corrupt-jpeg.pdf"
    with pikepdf.open(conv["pdf"]) as pdf:
        jpeg = next(obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream)
                    and obj.get("/Subtype") == "/Image" and obj.get("/Filter") == "/DCTDecode")
        raw = jpeg.read_raw_bytes()
        jpeg.write(raw[:20] + bytes(len(raw) - 20), filter=pikepdf.Name("/DCTDecode"))
        pdf.save(damaged)
    assert "images: 2 of 3" in incomplete(conv, damaged)
