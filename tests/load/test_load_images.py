"""Images of a page: which address is used, every raster type kept, broken ones and bombs refused."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from factories import photo_bytes, png_header_only
from PIL import Image as PILImage

from converter import model as m
from converter import read
from converter.load import images
from converter.load.blobs import make_resource
from converter.walk import figures

PAGE = """<html><head><title>t</title></head><body><table id="tableforprint">
<tr><td><p class="Title">Bài thử nghiệm về ảnh</p></td></tr>
<tr><td><div class="ExternalClass1"><p>Đoạn văn mở đầu của bài viết thử nghiệm về ảnh.</p>
{body}
<p>Đoạn văn kết thúc bài viết.</p></div></td></tr></table></body></html>"""
PIXEL_GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def page(tmp_path: Path, body: str, files: dict[str, bytes] | None = None) -> Path:
    path = tmp_path / "bai.html"
    path.write_text(PAGE.replace("{body}", body), encoding="utf-8")
    for name, data in (files or {}).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    return path


def encoded(fmt: str, size: tuple[int, int] = (48, 32), mode: str = "RGB") -> bytes:
    buf = io.BytesIO()
    PILImage.new(mode, size, (30, 120, 200) if mode == "RGB" else None).save(buf, format=fmt)
    return buf.getvalue()


def codes(result: object) -> list[str]:
    return [w.code for w in result.warnings]  # type: ignore[attr-defined]


# ----------------------------------------------------------------------------- which address


def test_the_largest_srcset_candidate_that_exists_is_used(tmp_path: Path) -> None:
    small, large = photo_bytes(64, 48), photo_bytes(320, 240)
    body = '<p><img src="f/small.jpg" srcset="f/small.jpg 64w, f/large.jpg 320w, f/huge.jpg 1600w"></p>'
    result = read(page(tmp_path, body, {"f/small.jpg": small, "f/large.jpg": large}))
    (fig,) = figures(result.article.blocks)
    assert result.article.resource(fig.image.resource).data == large  # type: ignore[union-attr]
    assert fig.image.src == "f/large.jpg" and "missing-image" not in codes(result)


def test_a_lazy_loaded_image_uses_data_src_not_its_placeholder(tmp_path: Path) -> None:
    body = ('<p><img src="f/blank.gif" data-src="f/real.jpg"></p>'
            '<p><img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" '
            'data-original="f/real2.jpg" class="lazy"></p>')
    result = read(page(tmp_path, body, {"f/real.jpg": photo_bytes(), "f/real2.jpg": photo_bytes(100, 80)}))
    assert [f.image.src for f in figures(result.article.blocks)] == ["f/real.jpg", "f/real2.jpg"]
    assert all(f.image.resource for f in figures(result.article.blocks))


def test_a_lazy_image_whose_real_file_is_missing_is_a_placeholder_naming_it(tmp_path: Path) -> None:
    body = '<p><img src="f/loading.gif" data-src="f/real.jpg"></p><p><em>Chú thích ảnh</em></p>'
    result = read(page(tmp_path, body, {"f/loading.gif": PIXEL_GIF}))
    (fig,) = figures(result.article.blocks)
    assert fig.image.src == "f/real.jpg" and fig.image.resource is None
    assert codes(result).count("missing-image") == 1


def test_an_inline_placeholder_is_never_taken_for_the_missing_real_image(tmp_path: Path) -> None:
    placeholder = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 3 2'%3E%3C/svg%3E"
    result = read(page(tmp_path, f'<p><img src="{placeholder}" data-src="f/real.jpg"></p>'))
    (fig,) = figures(result.article.blocks)
    assert fig.image.src == "f/real.jpg" and fig.image.resource is None
    assert codes(result) == ["missing-image"]


def test_a_one_pixel_image_alone_is_layout_not_a_figure(tmp_path: Path) -> None:
    result = read(page(tmp_path, '<p><img src="f/dot.gif"></p>', {"f/dot.gif": PIXEL_GIF}))
    assert figures(result.article.blocks) == []


def test_a_picture_element_offers_its_sources(tmp_path: Path) -> None:
    body = ('<p><picture><source srcset="f/a.webp 2x" type="image/webp">'
            '<img src="f/a.jpg" alt="Ảnh"></picture></p>')
    result = read(page(tmp_path, body, {"f/a.webp": encoded("WEBP"), "f/a.jpg": photo_bytes()}))
    (fig,) = figures(result.article.blocks)
    assert fig.image.src == "f/a.webp" and fig.image.alt == "Ảnh"


def test_a_refused_reference_says_why_in_its_warning(tmp_path: Path) -> None:
    result = read(page(tmp_path, '<p><img src="file:///C:/Users/an/anh.jpg"></p>'))
    (warning,) = [w for w in result.warnings if w.code == "missing-image"]
    assert "file: URL" in warning.message


# ----------------------------------------------------------------------------- types


@pytest.mark.parametrize(("fmt", "media_type"), [
    ("JPEG", "image/jpeg"), ("PNG", "image/png"), ("GIF", "image/gif"), ("BMP", "image/bmp"),
    ("TIFF", "image/tiff"), ("WEBP", "image/webp"), ("AVIF", "image/avif"),
])
def test_every_raster_type_is_kept_with_its_original_bytes(tmp_path: Path, fmt: str, media_type: str) -> None:
    data = encoded(fmt)
    result = read(page(tmp_path, f'<p><img src="f/anh.{fmt.lower()}"></p>', {f"f/anh.{fmt.lower()}": data}))
    (fig,) = figures(result.article.blocks)
    res = result.article.resource(fig.image.resource)
    assert res is not None and res.media_type == media_type and res.data == data
    assert not result.warnings


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "WEBP", "AVIF"])
def test_to_core_format_gives_every_writer_a_jpeg_or_png(fmt: str) -> None:
    res = make_resource(encoded(fmt), "anh")
    core = images.to_core_format(res)
    assert core is not None and core.media_type in images.CORE
    assert core.key.rsplit(".", 1)[0] == res.key.rsplit(".", 1)[0]  # same content hash, new extension
    with PILImage.open(io.BytesIO(core.data)) as img:
        assert img.size == (48, 32)
    assert images.to_core_format(res, images.DOCX_TYPES | {res.media_type}) is res


def test_to_core_format_keeps_transparency_as_png() -> None:
    core = images.to_core_format(make_resource(encoded("WEBP", mode="RGBA"), "x"))
    assert core is not None and core.media_type == "image/png"


def test_core_types_pass_through_untouched() -> None:
    for fmt in ("JPEG", "PNG", "GIF"):
        res = make_resource(encoded(fmt), "x")
        assert images.to_core_format(res) is res


SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<rect width="10" height="10"/></svg>')


def test_svg_is_kept_for_pdf_and_epub(tmp_path: Path) -> None:
    result = read(page(tmp_path, '<p><img src="f/so-do.svg"></p>', {"f/so-do.svg": SVG}))
    (fig,) = figures(result.article.blocks)
    res = result.article.resource(fig.image.resource)
    assert res is not None and res.media_type == "image/svg+xml"
    assert images.to_core_format(res, images.EPUB_TYPES) is res


def test_svg_for_docx_is_rasterised_to_png() -> None:
    core = images.to_core_format(make_resource(SVG, "x"))
    assert core is not None and core.media_type == "image/png" and core.key.endswith(".png")
    assert core.data.startswith(b"\x89PNG")


def test_an_svg_with_an_external_entity_is_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    svg = (f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>').encode()
    info = images.inspect(make_resource(svg, "x"))
    assert "TOP-SECRET" not in info.problem  # parsed (or refused) without reading the file


# ----------------------------------------------------------------------------- broken and hostile


@pytest.mark.parametrize("name", ["truncated", "garbage", "html-error-page", "empty"])
def test_a_corrupt_image_becomes_a_placeholder_with_an_unreadable_image_warning(tmp_path: Path, name: str) -> None:
    data = {"truncated": photo_bytes(320, 240)[:700], "garbage": b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4,
            "html-error-page": b"<html><body>404 Not Found</body></html>", "empty": b""}[name]
    body = '<p><img src="f/anh.jpg" alt="Ảnh hỏng"></p><p><em>Chú thích vẫn còn</em></p>'
    result = read(page(tmp_path, body, {"f/anh.jpg": data}))
    (fig,) = figures(result.article.blocks)
    assert fig.image.resource is None and fig.image.alt == "Ảnh hỏng"
    assert result.article.resources == ()
    (warning,) = result.warnings
    assert warning.code == "unreadable-image" and "f/anh.jpg" in warning.message
    assert " at 0x" not in warning.message  # no object addresses: warnings are deterministic


def _progressive_jpeg() -> bytes:
    buf = io.BytesIO()
    PILImage.open(io.BytesIO(photo_bytes(800, 600))).save(buf, format="JPEG", progressive=True)
    return buf.getvalue()


# JPEGs are checked with a scaled (1/8) decode; it must still read to the last byte of the scan data.
@pytest.mark.parametrize("kept", [0.5, 0.9, 0.98])
@pytest.mark.parametrize("kind", ["baseline", "progressive"])
def test_a_jpeg_cut_anywhere_in_its_data_is_found_truncated(kind: str, kept: float) -> None:
    data = photo_bytes(800, 600) if kind == "baseline" else _progressive_jpeg()
    whole = images.inspect(make_resource(data, "anh.jpg"))
    assert not whole.problem and (whole.width, whole.height) == (800, 600)
    cut = images.inspect(make_resource(data[: int(len(data) * kept)], "anh.jpg"))
    assert cut.problem.startswith("is truncated or corrupt")


def test_a_decompression_bomb_is_refused_with_a_warning(tmp_path: Path) -> None:
    bomb = png_header_only(100_000, 100_000)  # 10^10 pixels in 100 bytes
    assert len(bomb) < 200
    result = read(page(tmp_path, '<p><img src="f/bomb.png"></p>', {"f/bomb.png": bomb}))
    (fig,) = figures(result.article.blocks)
    assert fig.image.resource is None
    (warning,) = [w for w in result.warnings if w.code == "unreadable-image"]
    assert "decompression bomb" in warning.message


def test_the_limit_is_pillows_own_and_follows_it(monkeypatch: pytest.MonkeyPatch) -> None:
    res = make_resource(photo_bytes(200, 100), "x")
    assert not images.inspect(res).problem
    monkeypatch.setattr(PILImage, "MAX_IMAGE_PIXELS", 10_000)
    assert "decompression bomb" in images.inspect(res).problem
    assert images.to_core_format(make_resource(encoded("BMP", (200, 100)), "x")) is None


def test_the_model_keeps_original_bytes_and_the_json_round_trips(tmp_path: Path) -> None:
    from converter import jsonio

    data = encoded("WEBP")
    art = read(page(tmp_path, '<p><img src="f/a.webp"></p>', {"f/a.webp": data})).article
    assert jsonio.loads(jsonio.dumps(art)) == art
    assert isinstance(art.resources[0], m.Resource) and art.resources[0].data == data
