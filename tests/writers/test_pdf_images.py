"""Photo downsampling for the PDF: printed sizes, formats, orientation, determinism, file size."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from pdfprobe import image_placements, listed_images, needs_poppler
from PIL import Image

from converter import model as m
from converter.options import WriteOptions
from converter.writers import pdf as pdf_writer
from converter.writers.pdf.document import PAPERS, xhtml
from converter.writers.pdf.images import SLACK, downsample, printed_size, target_size

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")
A4, A5 = PAPERS["a4"], PAPERS["a5"]


def camera_photo(seed: int, size: tuple[int, int] = (2400, 1800), fmt: str = "JPEG", **save: object) -> bytes:
    """A photo-like picture (smooth noise over a gradient) that compresses like a real one."""
    noise = Image.effect_noise((size[0] // 8, size[1] // 8), 50).resize(size, Image.Resampling.BILINEAR)
    ramp = Image.linear_gradient("L").resize(size)
    shifted = Image.eval(noise, lambda v: (v + 37 * seed) % 256)
    buf = io.BytesIO()
    Image.merge("RGB", (noise, ramp, shifted)).save(buf, format=fmt, **save)  # type: ignore[arg-type]
    return buf.getvalue()


def photo_article(photos: list[bytes], media_type: str = "image/jpeg") -> m.Article:
    resources, blocks = [], []
    for i, data in enumerate(photos, start=1):
        key = f"img-{hashlib.sha256(data).hexdigest()[:12]}"
        resources.append(m.Resource(key, media_type, data, f"p_files/{i}"))
        blocks += [m.para(f"Đoạn văn {i}."), m.Figure(m.Image(f"p_files/{i}", f"Ảnh {i}", key), m.text(f"Ảnh số {i}"))]
    return m.Article(m.Metadata(title="Ảnh lớn", language="vi"), tuple(blocks), tuple(resources))


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


# ----------------------------------------------------------------------------- printed size


def test_a_landscape_photo_prints_at_the_height_limit_and_a_small_one_at_its_own_size() -> None:
    width_in, height_in = printed_size(800, 533, A4)
    assert round(height_in * 25.4, 1) == 85.0  # 85 mm: A4's photo height limit
    assert round(width_in * 25.4, 1) == 127.6
    assert printed_size(200, 100, A4) == (200 / 96, 100 / 96)  # never enlarged
    wide_in, _ = printed_size(3000, 500, A4)
    assert round(wide_in * 25.4, 1) == round(A4.text_width, 1)  # the text block is the limit


def test_the_target_is_floored_so_the_printed_resolution_never_exceeds_the_cap() -> None:
    target = target_size(4000, 3000, A4, 300)
    assert target is not None
    width_in, _ = printed_size(4000, 3000, A4)
    assert target[0] / width_in <= 300 and target[0] / width_in > 299
    assert abs(target[0] / target[1] - 4000 / 3000) < 0.002


def test_a_photo_close_to_the_cap_is_left_alone() -> None:
    width_in, _ = printed_size(1500, 1000, A4)
    assert 1500 / width_in < 300 * SLACK
    assert target_size(1500, 1000, A4, 300) is None
    assert target_size(1500, 1000, A4, 150) is not None
    assert target_size(1500, 1000, A5, 300) is not None  # A5 prints it smaller


# ----------------------------------------------------------------------------- bytes


def test_jpeg_stays_jpeg_and_png_stays_png_at_the_planned_size() -> None:
    jpeg, png = camera_photo(1, (1200, 900)), camera_photo(2, (1200, 900), fmt="PNG")
    art = photo_article([jpeg, png])
    art = m.Article(art.metadata, art.blocks, (art.resources[0], m.Resource(art.resources[1].key, "image/png", png)))
    done = downsample(art, A4, 150)
    small_jpeg, small_png = done.article.resources
    assert (small_jpeg.media_type, opened(small_jpeg.data).format) == ("image/jpeg", "JPEG")
    assert (small_png.media_type, opened(small_png.data).format) == ("image/png", "PNG")
    assert opened(small_jpeg.data).size == opened(small_png.data).size == target_size(1200, 900, A4, 150)
    # The image-resolution that keeps the original's layout size: new pixels / old pixels.
    assert done.resolutions[small_jpeg.key] == pytest.approx(opened(small_jpeg.data).width / 1200)


def test_the_exif_orientation_is_applied_before_sizing() -> None:
    exif = Image.Exif()
    exif[274] = 6  # stored landscape, shown portrait (a quarter turn clockwise)
    data = camera_photo(3, (2400, 1800), exif=exif.tobytes())
    small = opened(downsample(photo_article([data]), A4, 300).article.resources[0].data)
    assert small.height > small.width
    assert small.size == target_size(1800, 2400, A4, 300)
    assert small.getexif().get(274) is None  # already upright: no second turn


def test_small_photos_and_undecodable_bytes_keep_their_bytes() -> None:
    small, junk = camera_photo(4, (640, 427)), b"\xff\xd8 not really a jpeg"
    art = photo_article([small, junk])
    done = downsample(art, A4, 300)
    assert done.article is art and done.resolutions == {}


def test_downsampling_is_deterministic() -> None:
    art = photo_article([camera_photo(5)])
    first, second = downsample(art, A4, 300), downsample(art, A4, 300)
    assert first.article.resources[0].data == second.article.resources[0].data


def test_the_xhtml_gives_a_downsampled_photo_its_image_resolution() -> None:
    art = photo_article([camera_photo(6)])
    done = downsample(art, A4, 300)
    key = art.resources[0].key
    style = f'style="image-resolution: {done.resolutions[key]:.6f}dppx"'
    assert style in xhtml(done.article, done.resolutions).decode()


# ----------------------------------------------------------------------------- whole PDFs


@pytest.fixture(scope="module")
def twenty(tmp_path_factory: pytest.TempPathFactory) -> tuple[m.Article, Path]:
    """A page with twenty large camera photos (every fourth one portrait), default options."""
    # Four distinct pictures, each used five times under its own key: the writer treats every
    # key as its own photo, and the test saves generating sixteen more.
    photos = [camera_photo(i, (1500, 2000) if i % 4 == 0 else (2000, 1500), quality=92) for i in range(4)]
    art = photo_article([photos[i % 4] for i in range(20)])
    resources = tuple(m.Resource(f"{r.key}-{i}", r.media_type, r.data) for i, r in enumerate(art.resources))
    blocks = tuple(
        m.Figure(m.Image(b.image.src, b.image.alt, resources[(i - 1) // 2].key), b.caption)
        if isinstance(b, m.Figure) else b
        for i, b in enumerate(art.blocks)
    )
    art = m.Article(art.metadata, blocks, resources)
    target = tmp_path_factory.mktemp("twenty") / "twenty.pdf"
    assert pdf_writer.write(art, target, WriteOptions()) == []
    return art, target


@needs_poppler
def test_a_page_with_twenty_large_photos_stays_small_and_prints_them_at_300_ppi(
    twenty: tuple[m.Article, Path],
) -> None:
    art, target = twenty
    originals = sum(len(r.data) for r in art.resources)
    assert target.stat().st_size < 0.45 * originals
    assert target.stat().st_size / 20 < 400_000
    images = listed_images(target)
    assert len(images) == 20
    assert all(i.enc == "jpeg" and 295 <= i.x_ppi <= 300 and 295 <= i.y_ppi <= 300 for i in images), images


def test_downsampling_does_not_move_anything_on_the_page(twenty: tuple[m.Article, Path], tmp_path: Path) -> None:
    art, target = twenty
    # The first three photos at full resolution: same boxes as in the downsampled document.
    few = m.Article(art.metadata, art.blocks[:6], art.resources[:3])
    full, small = tmp_path / "full.pdf", tmp_path / "small.pdf"
    pdf_writer.write(few, full, WriteOptions(image_dpi=100_000))
    pdf_writer.write(few, small, WriteOptions())
    # Within 0.1 pt (0.04 mm): rounding the new pixel count alters the aspect ratio a hair.
    boxes = [p.box for p in image_placements(full)]
    for other in (image_placements(small), image_placements(target)[:3]):
        assert len(other) == len(boxes)
        for placement, box in zip(other, boxes, strict=True):
            assert all(abs(a - b) < 0.1 for a, b in zip(placement.box, box, strict=True))
    assert full.stat().st_size > 2 * small.stat().st_size


@needs_poppler
def test_screen_pdfs_carry_150_ppi_photos(twenty: tuple[m.Article, Path], tmp_path: Path) -> None:
    art, _ = twenty
    few = m.Article(art.metadata, art.blocks[:4], art.resources[:2])
    screen = tmp_path / "screen.pdf"
    pdf_writer.write(few, screen, WriteOptions(screen=True))
    assert all(145 <= i.x_ppi <= 150 for i in listed_images(screen))
    explicit = tmp_path / "explicit.pdf"
    pdf_writer.write(few, explicit, WriteOptions(screen=True, image_dpi=200))  # --image-dpi wins
    assert all(195 <= i.x_ppi <= 200 for i in listed_images(explicit))


def test_the_archived_model_keeps_the_original_photo_while_the_page_shows_the_smaller_one(
    twenty: tuple[m.Article, Path], tmp_path: Path,
) -> None:
    import pikepdf

    from converter import jsonio

    art, _ = twenty
    one = m.Article(art.metadata, art.blocks[:2], art.resources[:1])
    target = tmp_path / "a.pdf"
    pdf_writer.write(one, target, WriteOptions(pdf_standard="pdf/a-3u"))
    with pikepdf.open(target) as pdf:
        model = jsonio.loads(pdf.attachments["article.json"].get_file().read_bytes().decode())
        (image,) = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
        assert int(image.Width) < opened(one.resources[0].data).width
    assert model == one


# ----------------------------------------------------------------------------- SVG drawings

# A drawing whose <style> imports a sheet and fills a shape from a pattern in another file: the
# kind of reference ``load.svg.sanitise`` removes for DOCX and EPUB.
OUTSIDE_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">'
               b'<style>@import url(http://example.invalid/x.css); '
               b'.dot { fill: url(http://example.invalid/p.svg#g) }</style>'
               b'<rect width="400" height="200" fill="#3366aa"/>'
               b'<circle class="dot" cx="100" cy="100" r="60" fill="#ffcc00"/></svg>')


def test_the_pdf_is_given_the_sanitised_drawing() -> None:
    from converter.writers.pdf.images import sanitise_drawings

    art = photo_article([OUTSIDE_SVG], "image/svg+xml")
    (drawing,) = sanitise_drawings(art).resources
    assert b"<rect" in drawing.data and b"<circle" in drawing.data
    assert b"@import" not in drawing.data and b"example.invalid" not in drawing.data
    photos = photo_article([camera_photo(7, (64, 48))])
    assert sanitise_drawings(photos) is photos  # nothing to sanitise: the article as it was


def test_an_svg_photo_with_outside_references_in_its_style_is_printed_without_fetching_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import socket

    from converter.verify import verify
    from converter.writers.pdf.fetcher import ArticleFetcher

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access while writing a PDF: {args[:2]!r}")

    for name in ("create_connection", "getaddrinfo"):
        monkeypatch.setattr(socket, name, no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    asked: list[str] = []
    fetch = ArticleFetcher.fetch

    def recording(self: ArticleFetcher, url: str, headers: object = None) -> object:
        asked.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(ArticleFetcher, "fetch", recording)
    art = photo_article([OUTSIDE_SVG], "image/svg+xml")
    target = tmp_path / "drawing.pdf"
    assert pdf_writer.write(art, target, WriteOptions()) == []  # no "failed to load image"
    assert not [url for url in asked if "example.invalid" in url]
    report = verify(art, target)
    assert ("image", 1, 1) in report.rows, report.rows
    assert report.complete, report.missing
