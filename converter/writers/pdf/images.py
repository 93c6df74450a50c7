"""Photos downsampled to the PDF's image resolution, on their bytes, before WeasyPrint sees them.

A saved news page often carries camera originals (4000 × 3000 px, several MB each) that print
128 mm wide: 790 ppi, far beyond what a printer or a screen shows. Each photo is resampled so that
it prints at ``dpi`` (300 for print, 150 for screen) at the size the stylesheet gives it:

* the printed size follows the rules of ``print.css`` and the paper table (``document.PAPERS``):
  ``max-width: 100%`` of the text block and the paper's photo height limit, never enlarged
  (CSS 2.1 §10.4 with ``width: auto; height: auto``);
* the smaller photo gets a CSS ``image-resolution`` that keeps its layout size identical to the
  original's, so downsampling can never move a line or a page break, whatever the user's CSS;
* JPEG stays JPEG (quality 85, Huffman-optimised, ICC profile kept), every other raster becomes
  PNG (lossless; of an animation, the first frame, which is what WeasyPrint prints); the EXIF
  orientation is applied first, as WeasyPrint would.

Pillow is deterministic for a given input, so the same article still gives the same PDF bytes.
Anything Pillow cannot read is left untouched for WeasyPrint to report.

An SVG drawing goes to WeasyPrint as ``load.svg.sanitise`` leaves it, the copy DOCX and EPUB
draw: no script, no foreign content, no ``@import`` and no ``url()`` outside the file. WeasyPrint
70 drops a whole drawing whose ``<style>`` has an ``@import`` (its SVG code calls a fetch method
the SVG tree does not have) and would otherwise ask the fetcher for every outside reference;
sanitised, the drawing is printed and names nothing outside itself.
"""

from __future__ import annotations

import io
import math
from dataclasses import replace
from typing import Any

from PIL import Image, ImageOps

from ...load.svg import sanitise
from ...model import Article, Resource
from ...records import dataclass
from ...walk import figures
from .document import Paper

# CSS reference pixel: 96 per inch; WeasyPrint lays a photo out at one pixel per CSS pixel.
CSS_PX_PER_IN = 96
MM_PER_IN = 25.4
# A photo at most this much above the target keeps its bytes: recompressing a JPEG for a 10 %
# saving costs a generation of quality and gains almost nothing.
SLACK = 1.10
JPEG_QUALITY = 85
# EXIF orientations (TIFF tag 274) that turn the stored image by a quarter turn.
_QUARTER_TURNS = {5, 6, 7, 8}
SVG = "image/svg+xml"


@dataclass(frozen=True, slots=True)
class Downsampled:
    """The article with smaller photos, and the ``image-resolution`` (dppx) of each replaced one."""

    article: Article
    resolutions: dict[str, float]


def printed_size(width_px: int, height_px: int, paper: Paper) -> tuple[float, float]:
    """Inches that a ``width_px`` × ``height_px`` figure photo occupies on ``paper``."""
    text_width = paper.text_width / MM_PER_IN * CSS_PX_PER_IN
    max_height = paper.figure_max_height / MM_PER_IN * CSS_PX_PER_IN
    scale = min(1.0, text_width / width_px, max_height / height_px)
    return width_px * scale / CSS_PX_PER_IN, height_px * scale / CSS_PX_PER_IN


def target_size(width_px: int, height_px: int, paper: Paper, dpi: int) -> tuple[int, int] | None:
    """Pixels for printing at ``dpi``, or None when the photo is already close enough to it."""
    width_in, _ = printed_size(width_px, height_px, paper)
    if width_px <= width_in * dpi * SLACK:
        return None
    # Floor, so that the printed resolution is never above dpi; the ratio is kept.
    width = max(1, math.floor(width_in * dpi))
    height = max(1, round(height_px * width / width_px))
    return width, height


def _displayed_size(im: Image.Image) -> tuple[int, int]:
    orientation = im.getexif().get(274, 1)
    return (im.height, im.width) if orientation in _QUARTER_TURNS else (im.width, im.height)


def _resample(res: Resource, paper: Paper, dpi: int) -> tuple[Resource, float] | None:
    """The photo resampled for ``dpi`` and its new ``image-resolution``, or None to keep it."""
    try:
        with Image.open(io.BytesIO(res.data)) as im:
            width, height = _displayed_size(im)
            target = target_size(width, height, paper, dpi)
            if target is None:
                return None
            is_jpeg = im.format in ("JPEG", "MPO")
            icc = im.info.get("icc_profile")
            # libjpeg decodes at 1/2, 1/4 or 1/8 scale (DCT scaling) when that still gives at least
            # the target size: a 4000 × 3000 photo for 1338 px costs 0.16 s instead of 0.4 s.
            stored = target if (width, height) == im.size else target[::-1]
            im.draft(im.mode, stored)
            upright = ImageOps.exif_transpose(im)
            return _encode(upright, target, is_jpeg, icc, res), width / target[0]
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None


def _encode(im: Image.Image, size: tuple[int, int], is_jpeg: bool, icc: bytes | None,
            res: Resource) -> Resource:
    if im.mode not in ("RGB", "RGBA", "L", "LA", "CMYK"):
        # Palette, 1-bit and 16-bit images cannot be resampled smoothly as they are.
        im = im.convert("RGBA" if "transparency" in im.info or im.mode.endswith("A") else "RGB")
    small = im.resize(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    extra: dict[str, Any] = {"icc_profile": icc} if icc else {}
    if is_jpeg and small.mode in ("RGB", "L", "CMYK"):
        small.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, **extra)
        return replace(res, data=out.getvalue(), media_type="image/jpeg")
    small.save(out, format="PNG", **extra)
    return replace(res, data=out.getvalue(), media_type="image/png")


def sanitise_drawings(article: Article) -> Article:
    """``article`` with every SVG resource sanitised (see the module doc).

    An SVG that does not parse is left as it is: WeasyPrint cannot draw it either and says so, and
    the fetcher still refuses whatever it names.
    """
    resources = tuple(
        replace(res, data=clean) if res.media_type == SVG and (clean := sanitise(res.data)) is not None else res
        for res in article.resources
    )
    if all(new is old for new, old in zip(resources, article.resources, strict=True)):
        return article
    return replace(article, resources=resources)


def downsample(article: Article, paper: Paper, dpi: int) -> Downsampled:
    """``article`` with every figure photo above ``dpi`` (at its printed size) resampled."""
    used = {fig.image.resource for fig in figures(article.blocks)}
    resources: list[Resource] = []
    resolutions: dict[str, float] = {}
    for res in article.resources:
        done = _resample(res, paper, dpi) if res.key in used else None
        if done is None:
            resources.append(res)
        else:
            resources.append(done[0])
            # The new photo has 1/factor as many pixels per side: at factor⁻¹ dppx its CSS
            # size is the original's (CSS Images 3, image-resolution).
            resolutions[res.key] = 1 / done[1]
    if not resolutions:
        return Downsampled(article, {})
    return Downsampled(replace(article, resources=tuple(resources)), resolutions)
