"""SVG: sanitised of everything that reaches outside the file, and drawn to PNG for DOCX."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from factories import png_header_only
from lxml import etree
from PIL import Image

from converter import api
from converter.load import svg

NS = "http://www.w3.org/2000/svg"
RED_PNG = io.BytesIO()
Image.new("RGB", (4, 4), (255, 0, 0)).save(RED_PNG, "PNG")


def _svg(body: str, attrs: str = 'width="120" height="60"') -> bytes:
    return (f'<svg xmlns="{NS}" xmlns:xlink="http://www.w3.org/1999/xlink" {attrs}>{body}</svg>').encode()


def _tags(data: bytes) -> list[str]:
    return [etree.QName(el).localname for el in etree.fromstring(data).iter() if isinstance(el.tag, str)]


def test_sanitise_keeps_the_drawing_and_drops_every_way_out() -> None:
    dirty = _svg('<script>alert(1)</script><foreignObject><p>x</p></foreignObject>'
                 '<style>@import url("http://127.0.0.1:9/a.css"); rect { fill: url(../x.svg#p) }</style>'
                 '<defs><linearGradient id="g"/></defs>'
                 '<rect width="10" height="10" fill="url(#g)" onclick="x()" style="filter:url(http://h/f)"/>'
                 '<image href="file:///etc/secret.png"/><image xlink:href="../../secret.png"/>'
                 '<image href="data:image/png;base64,iVBORw0KGgo="/><image href="data:image/svg+xml,&lt;svg/&gt;"/>'
                 '<use href="#g"/><use xlink:href="http://127.0.0.1:9/s.svg#a"/><a href="https://x">t</a>')
    clean = svg.sanitise(dirty)
    assert clean is not None
    tags = _tags(clean)
    assert "script" not in tags and "foreignObject" not in tags
    assert tags.count("image") == 1  # only the data: raster survives; a nested SVG could point out again
    text = clean.decode()
    for gone in ("@import", "127.0.0.1", "../x.svg", "http://h/f", "file:", "secret", "onclick", "https://x"):
        assert gone not in text, gone
    assert 'fill="url(#g)"' in text and 'href="#g"' in text


@pytest.mark.parametrize(("attrs", "css"), [('width="120" height="60"', (120, 60)),
                                            ('width="10mm" height="5mm"', (37.795, 18.898)),
                                            ('viewBox="0 0 300 150"', (300, 150)),
                                            ('width="600" viewBox="0 0 300 150"', (600, 300)),
                                            ('width="100%" height="100%"', None)])
def test_the_css_size_comes_from_width_height_or_the_viewbox(attrs: str, css: tuple[float, float] | None) -> None:
    size = svg.css_size(etree.fromstring(_svg("", attrs)))
    if css is None:
        assert size is None
    else:
        assert size is not None and size == pytest.approx(css, abs=0.01)


def test_a_drawing_is_rendered_at_twice_its_size_and_says_so_in_its_resolution() -> None:
    png = svg.rasterise(_svg('<rect width="120" height="60" fill="#3366cc"/>'))
    assert png is not None
    with Image.open(io.BytesIO(png)) as img:
        assert img.size == (240, 120)
        assert round(img.info["dpi"][0]) == 192  # 2 pixels per CSS pixel: printed at 120×60 CSS px
        assert img.convert("RGB").getpixel((100, 60)) == (51, 102, 204)


def test_a_huge_drawing_is_capped_and_output_is_reproducible() -> None:
    data = _svg('<rect width="100000" height="50000" fill="#000"/>', 'width="100000" height="50000"')
    first, second = svg.rasterise(data), svg.rasterise(data)
    assert first is not None and first == second
    with Image.open(io.BytesIO(first)) as img:
        assert max(img.size) == svg.MAX_SIDE


def test_files_outside_are_never_drawn(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(RED_PNG.getvalue())
    data = _svg(f'<image href="{secret}" width="120" height="60"/><image href="file://{secret}" width="120" '
                f'height="60"/><image xlink:href="secret.png" width="120" height="60"/>'
                '<image href="data:image/svg+xml;utf8,&lt;svg xmlns=&quot;http://www.w3.org/2000/svg&quot;&gt;'
                f'&lt;image href=&quot;{secret}&quot; width=&quot;120&quot; height=&quot;60&quot;/&gt;&lt;/svg&gt;"'
                ' width="120" height="60"/>')
    png = svg.rasterise(data)
    assert png is not None
    with Image.open(io.BytesIO(png)) as img:
        colours = img.convert("RGBA").getcolors(maxcolors=1 << 16) or []
        assert not [c for _, c in colours if c[:3] == (255, 0, 0) and c[3] > 0]


@pytest.mark.parametrize("junk", [b"<svg", b"<html/>", b"\x89PNG not svg", png_header_only(5, 5)])
def test_what_is_not_svg_is_not_drawn(junk: bytes) -> None:
    assert svg.rasterise(junk) is None and svg.sanitise(junk) is None


def test_an_svg_figure_reaches_docx_as_a_png_with_its_caption_and_size(tmp_path: Path) -> None:
    folder = tmp_path / "bai_files"
    folder.mkdir()
    (folder / "bieu-do.svg").write_bytes(_svg('<rect width="240" height="120" fill="#3366cc"/>'
                                              '<text x="10" y="60" font-size="20">Tăng trưởng</text>',
                                              'width="240" height="120"'))
    prose = " ".join(f"Câu số {i} của bài viết về biểu đồ tăng trưởng kinh tế của tỉnh." for i in range(12))
    page = tmp_path / "bai.html"
    page.write_text('<html><body><table id="tableforprint"><tr><td><p class="Title">Biểu đồ</p></td></tr><tr><td>'
                    f'<div class="ExternalClass1"><p>{prose}</p><p style="text-align:center">'
                    '<img src="bai_files/bieu-do.svg" alt="Biểu đồ"></p><p style="text-align:center"><em>'
                    'Biểu đồ tăng trưởng năm 2025</em></p></div></td></tr></table></body></html>', encoding="utf-8")
    written, warnings = api.convert(page, ["docx", "epub"], tmp_path / "out")
    assert warnings == []
    with zipfile.ZipFile(written["docx"]) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert len(media) == 1 and media[0].endswith(".png")
        doc = z.read("word/document.xml").decode()
    assert "Biểu đồ tăng trưởng năm 2025" in doc
    assert 'cx="2286000"' in doc  # 240 CSS px = 2.5 in = 2286000 EMU: the size the page showed
    with zipfile.ZipFile(written["epub"]) as z:
        assert any(n.endswith(".svg") for n in z.namelist())  # EPUB keeps a plain SVG as it is
