"""SVG drawings made safe and, for formats that cannot hold SVG (DOCX), rasterised to PNG.

An SVG from a saved page is untrusted XML that can point anywhere: ``<image href="file:///…">``,
``<use href="http://…">``, CSS ``@import`` and ``url()``, scripts, ``<foreignObject>`` with HTML.
:func:`sanitise` keeps only what draws from inside the file itself (``#fragment`` references and
``data:`` raster images). :func:`rasterise` draws the sanitised copy with resvg (a self-contained
renderer: no system library, no network), with the shipped Noto fonts and no system fonts so the
same SVG gives the same PNG on every machine, and an empty resource folder so not even a relative
path could resolve. The PNG is drawn at twice its CSS size (at most 2000 px on its longest side) and
says so in its pHYs resolution, so a writer that sizes pictures from their resolution shows it at
the size the page did.
"""

from __future__ import annotations

import io
import re
import tempfile

from lxml import etree

from ..patterns import compiled
from ..resources import style_path

MAX_SIDE = 2000  # pixels on the longest side of a rasterised drawing
ZOOM = 2.0  # pixels per CSS pixel: sharp on paper at the drawing's own size
CSS_DPI = 96.0

_XLINK = "{http://www.w3.org/1999/xlink}href"
_DROP = frozenset({"script", "foreignObject", "iframe", "video", "audio", "object", "embed", "handler"})
_SAFE_IMAGE = compiled(r"data:image/(?:png|jpeg|gif|webp)[;,]", re.IGNORECASE)
_EXTERNAL_URL = compiled(r"url\(\s*(['\"]?)(?!#)[^)]*\1\s*\)", re.IGNORECASE)
_IMPORT = compiled(r"@import[^;]*;?", re.IGNORECASE)
_LENGTH = compiled(r"^\s*([0-9.]+(?:e[+-]?\d+)?)\s*(px|pt|pc|mm|cm|in)?\s*$", re.IGNORECASE)
_UNIT_PX = {"px": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}
_FONTS = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf", "NotoSans-BoldItalic.ttf",
          "NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf", "NotoSerif-BoldItalic.ttf",
          "NotoSansArabic-Regular.ttf", "NotoSansCJKsc-Regular.otf")


def _parse(data: bytes) -> etree._Element | None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    return root if etree.QName(root).localname == "svg" else None


def _clean(root: etree._Element) -> None:
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue  # comments, processing instructions
        name = etree.QName(el).localname
        if name in _DROP or (name == "image" and not _SAFE_IMAGE.match(el.get(_XLINK) or el.get("href") or "")):
            el.getparent().remove(el)  # type: ignore[union-attr]  # never the root: it is <svg>
            continue
        for key in [str(k) for k in el.attrib]:
            value = str(el.get(key) or "")
            if key.startswith("on") or (key in (_XLINK, "href") and not value.startswith(("#", "data:"))):
                del el.attrib[key]
            elif "url(" in value.lower():
                el.set(key, _EXTERNAL_URL.sub("none", value))
        if name == "style" and el.text:
            el.text = _EXTERNAL_URL.sub("none", _IMPORT.sub("", el.text))


def sanitise(data: bytes) -> bytes | None:
    """The SVG without scripts, foreign content or references outside itself; None if not SVG."""
    root = _parse(data)
    if root is None:
        return None
    _clean(root)
    return bytes(etree.tostring(root, encoding="utf-8", xml_declaration=True))


def _length(value: str | None) -> float | None:
    m = _LENGTH.match(value or "")
    if not m:
        return None  # "100%", "auto", missing: the viewBox decides
    return float(m.group(1)) * _UNIT_PX[(m.group(2) or "px").lower()]


def css_size(root: etree._Element) -> tuple[float, float] | None:
    """The drawing's size in CSS pixels, from width/height or the viewBox; None when unknown."""
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            vw, vh = float(box[2]), float(box[3])
        except ValueError:
            vw = vh = 0.0
        if vw > 0 and vh > 0:
            if width and not height:
                height = width * vh / vw
            elif height and not width:
                width = height * vw / vh
            elif not width and not height:
                width, height = vw, vh
    return (width, height) if width and height and width > 0 and height > 0 else None


def rasterise(data: bytes) -> bytes | None:
    """A PNG of the sanitised SVG (see the module doc), or None when it cannot be drawn."""
    root = _parse(data)
    if root is None:
        return None
    _clean(root)
    size = css_size(root)
    zoom = ZOOM if size is None else min(ZOOM, MAX_SIDE / max(size))
    if size is not None and max(size) * zoom < 1:
        return None
    import resvg_py  # type: ignore[import-untyped, unused-ignore]  # only pages with SVG pay for it
    from PIL import Image

    fonts = [str(style_path(f"fonts/{name}")) for name in _FONTS]
    svg = etree.tostring(root, encoding="unicode")
    try:
        with tempfile.TemporaryDirectory(prefix="portalconv-svg-") as empty:
            png = bytes(resvg_py.svg_to_bytes(
                svg_string=svg, zoom=zoom if size is not None else None, width=None if size else 1200,
                skip_system_fonts=True, font_files=fonts, resources_dir=empty, font_family="Noto Sans",
                serif_family="Noto Serif", sans_serif_family="Noto Sans", monospace_family="Noto Sans"))
        with Image.open(io.BytesIO(png)) as img:
            out = io.BytesIO()
            dpi = CSS_DPI * zoom if size is not None else CSS_DPI
            img.save(out, format="PNG", dpi=(dpi, dpi), optimize=True)
    except (ValueError, OSError):  # resvg refuses what it cannot draw; the caller shows a placeholder
        return None
    return out.getvalue()
