"""Image bytes checked once at load time, and converted on demand for formats that cannot embed them.

The model keeps the original bytes of every image (``Resource.data``). Writers whose format
cannot hold a type call :func:`to_core_format` at the point of embedding: python-docx takes JPEG,
PNG, GIF, BMP and TIFF; EPUB core media types are JPEG, PNG, GIF and SVG; WeasyPrint reads what
Pillow reads plus SVG. Conversion is deterministic (Pillow writes no timestamps into PNG/JPEG).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import replace

from lxml import etree

from ..logs import logger
from ..model import Resource
from ..records import dataclass

log = logger(__name__)

CORE = frozenset({"image/jpeg", "image/png", "image/gif"})
DOCX_TYPES = CORE | {"image/bmp", "image/tiff"}
EPUB_TYPES = CORE | {"image/svg+xml"}
PDF_TYPES = CORE | {"image/svg+xml"}
# Lossy sources stay lossy when they have no transparency: a WebP photo as PNG can be 10× larger.
_LOSSY = frozenset({"image/webp", "image/avif"})


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """What checking an image found: its pixel size, or the problem that makes it unusable."""

    width: int = 0
    height: int = 0
    problem: str = ""  # empty when the image decoded

    @property
    def tiny(self) -> bool:
        """A 1×1 or 2×2 pixel: a spacer or a lazy-loading placeholder, never content."""
        return not self.problem and self.width <= 2 and self.height <= 2


def _pixel_limit() -> int | None:
    # Read at call time so that callers (and tests) can lower or raise Pillow's own limit.
    from PIL import Image as PILImage

    limit = PILImage.MAX_IMAGE_PIXELS
    return int(limit) if limit else None


def _check_svg(data: bytes) -> ImageInfo:
    # No network, no entity expansion, no huge trees: an SVG is untrusted XML like the page.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return ImageInfo(problem=f"is not well-formed SVG ({exc.msg})")
    if etree.QName(root).localname != "svg":
        return ImageInfo(problem="is not an SVG document")
    return ImageInfo(width=999, height=999)  # vector: no pixel size; never a spacer


def inspect(resource: Resource) -> ImageInfo:
    """Decode ``resource`` fully once, so truncated files and decompression bombs are caught here.

    ``problem`` reads after the image's name: "image x.jpg is truncated or corrupt (…)".
    """
    if resource.media_type == "image/svg+xml":
        return _check_svg(resource.data)
    limit = _pixel_limit()
    bomb = f"is refused as a possible decompression bomb (over Pillow's limit of {limit} pixels)"
    # WeasyPrint sets ImageFile.LOAD_TRUNCATED_IMAGES = True when imported, which would make a
    # truncated photo pass this check in any process that has rendered a PDF: insist on full data.
    # Pillow is imported here, with the first raster image: a page without one never loads it.
    from PIL import Image as PILImage
    from PIL import ImageFile, UnidentifiedImageError

    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(resource.data)) as img:
                width, height = img.size
                if limit is not None and width * height > limit:
                    return ImageInfo(width, height, bomb.replace("(", f"({width}×{height} pixels, ", 1))
                if img.format == "JPEG":
                    # Decode at 1/8 scale: libjpeg still reads every byte of the compressed data, so
                    # truncation is caught as before, at about a tenth of the time of a full decode.
                    img.draft(img.mode, (max(1, width // 8), max(1, height // 8)))
                img.load()  # the header may be fine and the data truncated: decode it all
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        return ImageInfo(problem=bomb)
    except UnidentifiedImageError:
        return ImageInfo(problem="is not in a known image format")
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        # Pillow raises OSError for truncated data, SyntaxError/ValueError for bad headers.
        return ImageInfo(problem=f"is truncated or corrupt ({exc})")
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    if width <= 0 or height <= 0:
        return ImageInfo(problem="has no pixels")
    return ImageInfo(width, height)


def to_core_format(resource: Resource, accept: frozenset[str] = CORE) -> Resource | None:
    """``resource`` itself when its type is in ``accept``, else a PNG (or JPEG) copy, or None.

    The copy keeps the key's content hash with the new extension (``img-ab12….webp`` →
    ``img-ab12….png``), so it stays unique and traceable to the original. None means the image
    cannot be converted (corrupt, or an SVG resvg cannot draw): the writer shows a placeholder and warns.
    An SVG is sanitised and drawn by ``svg.rasterise``.
    """
    if resource.media_type in accept:
        return resource
    stem = resource.key.rsplit(".", 1)[0]
    if resource.media_type == "image/svg+xml":
        from .svg import rasterise  # only pages with SVG load the renderer

        png = rasterise(resource.data)
        return replace(resource, key=f"{stem}.png", media_type="image/png", data=png) if png else None
    if inspect(resource).problem:
        return None
    from PIL import Image as PILImage

    out = io.BytesIO()
    try:
        with PILImage.open(io.BytesIO(resource.data)) as img:
            img.seek(0)  # animated WebP/TIFF: the first frame, as a browser shows before playing
            alpha = "A" in img.getbands() or "transparency" in img.info
            if resource.media_type in _LOSSY and not alpha and "image/jpeg" in accept:
                img.convert("RGB").save(out, format="JPEG", quality=90, optimize=True)
                key, media_type = f"{stem}.jpg", "image/jpeg"
            else:
                mode = "RGBA" if alpha else ("L" if img.mode in {"1", "L", "I;16", "I"} else "RGB")
                img.convert(mode).save(out, format="PNG", optimize=True)
                key, media_type = f"{stem}.png", "image/png"
    except (OSError, ValueError) as exc:  # an exotic mode Pillow can read but not convert
        log.debug("cannot convert %s: %s", resource.key, exc)
        return None
    return replace(resource, key=key, media_type=media_type, data=out.getvalue())
