"""The pictures of an article as they go into the EPUB package: core media types, each file once.

EPUB 3.3 (section 3.2, core media types) lets a package hold JPEG, PNG, GIF, WebP and SVG without
a fallback, but EPUB 2 readers and many EPUB 3 ones still in use (older Kobo, Kindle conversion,
Adobe RMSDK) show only JPEG, PNG and GIF. Everything else is converted by ``load.images``: WebP and
AVIF photos to JPEG, BMP, TIFF and icons to PNG. SVG is kept only when it is a plain drawing (see
:func:`_plain_svg`); otherwise it is rasterised, or becomes the placeholder with a warning.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from lxml import etree

from ...diagnostics import Diagnostic
from ...load.images import CORE, to_core_format
from ...logs import logger
from ...model import Article, Figure, Resource
from ...patterns import compiled
from ...records import dataclass

log = logger(__name__)

IMAGE_DIR = "images"
SVG = "image/svg+xml"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# SVG elements that make an image scripted, interactive or dependent on other files; epubcheck
# requires manifest properties or fallbacks for them that an <img> cannot carry.
_UNSAFE_SVG = frozenset({"script", "foreignObject", "iframe", "video", "audio", "image", "a"})
# CSS that fetches: ``url(...)`` other than a fragment of the drawing itself, or ``@import``.
_CSS_FETCH = compiled(rb"@import|url\(\s*['\"]?(?!#)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Picture:
    """One image file of the package; ``width``/``height`` are 0 for SVG (no pixel size)."""

    href: str
    media_type: str
    data: bytes
    width: int = 0
    height: int = 0


def _plain_svg(data: bytes) -> bool:
    """An SVG with no script, no embedded or linked content and no event handlers.

    Such a drawing needs nothing from the reading system but SVG rendering; anything else could
    reach outside the package (a remote-resources error) or run code (``scripted``).
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return False
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue  # comments and processing instructions
        if etree.QName(el).localname in _UNSAFE_SVG:
            return False
        for key, value in el.attrib.items():
            name = str(key)
            if name.startswith("on"):  # onload, onclick...: script
                return False
            if name in (_XLINK_HREF, "href") and not str(value).startswith("#"):
                return False
    return _CSS_FETCH.search(data) is None


def _size(data: bytes) -> tuple[int, int]:
    from PIL import Image as PILImage  # Pillow loads with the first picture, not for a page without any

    with PILImage.open(io.BytesIO(data)) as img:
        width, height = img.size
        return int(width), int(height)


def _picture(res: Resource) -> Picture | None:
    """The package form of one resource, or None when it cannot be made an EPUB image."""
    if res.media_type == SVG and _plain_svg(res.data):
        return Picture(f"{IMAGE_DIR}/{res.key}", SVG, res.data)
    converted = to_core_format(res, CORE)
    if converted is None:
        return None
    try:
        width, height = _size(converted.data)
    except (OSError, ValueError, SyntaxError) as exc:  # a resource built in code may hold junk
        log.debug("cannot read %s: %s", res.key, exc)
        return None
    return Picture(f"{IMAGE_DIR}/{converted.key}", converted.media_type, converted.data, width, height)


def pictures(article: Article, figs: Iterable[Figure]) -> tuple[dict[str, Picture], list[Diagnostic]]:
    """Package images keyed by resource key, in first-use order, each once; and what was lost."""
    out: dict[str, Picture] = {}
    refused: set[str] = set()
    warnings: list[Diagnostic] = []
    for fig in figs:
        res = article.resource(fig.image.resource)
        if res is None or res.key in out or res.key in refused:
            continue
        pic = _picture(res)
        if pic is None:
            refused.add(res.key)
            problem = f"cannot convert {res.media_type} to an EPUB image type"
            warnings.append(Diagnostic("unsupported-image", problem, fig.image.src))
        else:
            out[res.key] = pic
    return out, warnings
