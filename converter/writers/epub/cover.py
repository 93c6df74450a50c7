"""The EPUB cover: an image drawn from the article's title, category and date, and a cover page.

Reading systems put the manifest item with the ``cover-image`` property (EPUB 3.3 manifest
properties vocabulary; EPUB 2 readers look for ``<meta name="cover">``) on their shelves; the
cover page, first in the spine, shows the article's lead photo under its title when there is one,
else the same image as the shelf.
The drawn image uses the shipped Noto fonts and Pillow's basic layout (never raqm, which is not
installed everywhere), so an article gives the same PNG on every machine. When the fonts lack a
letter of the title (Arabic, CJK...) no image is drawn: the cover page holds the text and the
reading system's fonts show it.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING

from lxml import etree

from ...labels import label, right_to_left
from ...model import Article, DateValue, Metadata
from ...records import dataclass
from ...render.html import xml_text
from ...resources import style_path
from ...walk import figures, plain_text
from .charset import Cmap, FontError
from .images import IMAGE_DIR, Picture

if TYPE_CHECKING:  # Pillow's drawing modules load only when a cover is drawn (not for a photo cover)
    from PIL import ImageDraw, ImageFont

COVER_PAGE = "cover.xhtml"
COVER_IMAGE = f"{IMAGE_DIR}/cover.png"
# A smaller first picture is a logo, an icon or a thumbnail: drawing a cover reads better.
MIN_PHOTO_SIDE = 300
WIDTH, HEIGHT, MARGIN = 1200, 1800, 100  # 2:3, the proportion reading-system shelves use
PAPER, INK, BAND, ACCENT = (250, 248, 243), (26, 26, 26), (31, 58, 95), (176, 48, 40)
# The image is drawn straight into a palette (a third of an RGB canvas, no colour reduction
# afterwards). Pillow anti-aliases text on a palette image by blending palette *indexes*, so each
# text colour is the far end of a ramp that starts at the colour it is drawn on: ink on paper
# (64 steps, the grey of the date and site 69 % of the way), paper on the band (16 steps).
_RAMP, _BAND_RAMP = 64, 16
PAPER_I, INK_I, GREY_I = 0, _RAMP - 1, 44  # index 44 is (94, 93, 91)
BAND_I, ON_BAND_I, ACCENT_I = _RAMP, _RAMP + _BAND_RAMP - 1, _RAMP + _BAND_RAMP
XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def word(key: str, language: str) -> str:
    """Words only the EPUB prints (``cover``: the cover page's title; ``landmarks``: the landmarks
    heading) in the article's language, from ``labels`` like every other printed word."""
    return label(key, language)


@dataclass(frozen=True, slots=True)
class Cover:
    """The cover page, and the image it shows (None for a text cover); ``drawn`` images are new files."""

    page: bytes
    image: Picture | None
    drawn: bool = False


def date_line(md: Metadata) -> str:
    """The publication day in a form readers of the language expect, without the time."""
    date: DateValue | None = md.published or md.modified
    if date is None:
        return ""
    if date.value is None:
        return date.text
    day, lang = date.value, (md.language or "en").split("-")[0].lower()
    if lang == "vi":
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    if lang == "en":
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return day.date().isoformat()  # unambiguous in every other language


def lead_photo(article: Article, pictures: Mapping[str, Picture]) -> tuple[Picture, str] | None:
    """The first raster picture big enough for a cover, with the alt text of its figure."""
    for fig in figures(article.blocks):
        pic = pictures.get(fig.image.resource or "")
        if pic is not None and min(pic.width, pic.height) >= MIN_PHOTO_SIDE:
            return pic, fig.image.alt or plain_text(fig.caption)
    return None


# --------------------------------------------------------------------------- drawing


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    path = str(style_path(f"fonts/{name}"))
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)


@cache
def _charset(name: str) -> Cmap | None:
    try:
        return Cmap(style_path(f"fonts/{name}"))
    except (OSError, FontError):
        return None  # nothing can be drawn in it: the cover page shows the title as text


def _covered(text: str, font: str) -> bool:
    chars = _charset(font)
    return chars is not None and all(c.isspace() or ord(c) in chars for c in text)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int, most: int) -> list[str]:
    """Greedy word wrap into at most ``most + 1`` lines (one more tells the caller it overflows).

    A word wider than the line (a URL, a long compound) is cut where it stops fitting.
    """
    lines: list[str] = []
    line = ""
    for w in text.split():
        trial = f"{line} {w}" if line else w
        if draw.textlength(trial, font=font) <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        while len(w) > 1 and draw.textlength(w, font=font) > width and len(lines) <= most:
            lo, hi = 1, len(w) - 1  # binary search: the longest prefix that fits, at least one letter
            while lo < hi:
                mid = (lo + hi + 1) // 2
                lo, hi = (mid, hi) if draw.textlength(w[:mid], font=font) <= width else (lo, mid - 1)
            lines.append(w[:lo])
            w = w[lo:]
        line = w
        if len(lines) > most:
            return lines
    if line:
        lines.append(line)
    return lines


def _fit(draw: ImageDraw.ImageDraw, text: str, font: str, sizes: Sequence[int], box: tuple[int, int],
         ) -> tuple[ImageFont.FreeTypeFont, list[str], int]:
    """The largest size at which ``text`` fits ``box`` (width, height); else the smallest, cut short."""
    for size in sizes:
        face, height = _font(font, size), round(size * 1.25)
        most = max(1, box[1] // height)
        lines = _wrap(draw, text, face, box[0], most)
        if len(lines) <= most:
            return face, lines, height
    lines = lines[:most]
    while lines[-1] and draw.textlength(lines[-1] + "…", font=face) > box[0]:
        lines[-1] = lines[-1][:-1]
    lines[-1] = lines[-1].rstrip() + "…"
    return face, lines, height


def _lines(draw: ImageDraw.ImageDraw, lines: list[str], face: ImageFont.FreeTypeFont, top: int, height: int,
           fill: int) -> int:
    for n, line in enumerate(lines):
        draw.text((MARGIN, top + n * height), line, font=face, fill=fill)
    return top + len(lines) * height


def draw(title: str, md: Metadata) -> bytes | None:
    """A PNG cover with category, title, date and site; None when the fonts cannot write the title."""
    if not _covered(title, "NotoSerif-Bold.ttf"):
        return None
    from PIL import Image as PILImage
    from PIL import ImageDraw

    img = PILImage.new("P", (WIDTH, HEIGHT), PAPER_I)
    img.putpalette(_palette())
    pen = ImageDraw.Draw(img)
    pen.fontmode = "L"  # Pillow draws unsmoothed text on palette images unless asked: the ramps allow it
    width = WIDTH - 2 * MARGIN
    pen.rectangle((0, 0, WIDTH, 360), fill=BAND_I)
    category = md.category.upper()
    if category and _covered(category, "NotoSans-Bold.ttf"):
        face, lines, height = _fit(pen, category, "NotoSans-Bold.ttf", (48, 40), (width, 200))
        _lines(pen, lines, face, 330 - len(lines) * height, height, ON_BAND_I)
    face, lines, height = _fit(pen, title, "NotoSerif-Bold.ttf", range(112, 47, -8), (width, 960))
    bottom = _lines(pen, lines, face, 460, height, INK_I)
    pen.rectangle((MARGIN, bottom + 50, MARGIN + 160, bottom + 58), fill=ACCENT_I)
    date = date_line(md)
    if date and _covered(date, "NotoSans-Regular.ttf"):
        face, lines, height = _fit(pen, date, "NotoSans-Regular.ttf", (44,), (width, 60))
        _lines(pen, lines, face, bottom + 100, height, GREY_I)
    if md.site_name and _covered(md.site_name, "NotoSans-Regular.ttf"):
        pen.rectangle((MARGIN, HEIGHT - 200, WIDTH - MARGIN, HEIGHT - 198), fill=GREY_I)
        face, lines, height = _fit(pen, md.site_name, "NotoSans-Regular.ttf", (36, 30), (width, 90))
        _lines(pen, lines, face, HEIGHT - 170, height, GREY_I)
    out = io.BytesIO()
    # Pillow writes no time chunk, so every run gives the same bytes. zlib level 3, not Pillow's 6:
    # a flat drawing compresses nearly as well in well under half the time, and this image is made
    # for every EPUB.
    img.save(out, format="PNG", compress_level=3)
    return out.getvalue()


@cache
def _palette() -> tuple[int, ...]:
    def ramp(a: tuple[int, int, int], b: tuple[int, int, int], steps: int) -> list[int]:
        return [round(a[i] + (b[i] - a[i]) * k / (steps - 1)) for k in range(steps) for i in range(3)]

    return (*ramp(PAPER, INK, _RAMP), *ramp(BAND, PAPER, _BAND_RAMP), *ACCENT)


# --------------------------------------------------------------------------- the cover page


def _el(tag: str, parent: etree._Element | None = None, text: str = "", **attrs: str) -> etree._Element:
    el = etree.Element(f"{{{XHTML}}}{tag}") if parent is None else etree.SubElement(parent, f"{{{XHTML}}}{tag}")
    for key, value in attrs.items():
        el.set(key.rstrip("_").replace("_", "-"), xml_text(value))
    if text:
        el.text = xml_text(text)
    return el


def _texts(section: etree._Element, texts: Sequence[tuple[str, str]]) -> None:
    for cls, text in texts:
        if text:
            _el("h1" if cls == "cover-title" else "p", section, text, class_=cls)


def page(title: str, md: Metadata, stylesheets: Sequence[str], image: tuple[str, str] | None,
         *, photo: bool = False) -> bytes:
    """The cover page: the image (href, alt) alone, or category, title, date and site as text.

    A ``photo`` (the article's lead photo, not a drawn cover) comes with that text around it: a
    photo alone says nothing of the book it opens.
    """
    lang = md.language or "en"
    html = etree.Element(f"{{{XHTML}}}html", nsmap={None: XHTML, "epub": OPS})  # type: ignore[dict-item]
    html.set("lang", lang)
    html.set(XML_LANG, lang)
    if right_to_left(lang):
        html.set("dir", "rtl")
    head = _el("head", html)
    _el("meta", head, charset="utf-8")
    _el("title", head, word("cover", lang))
    for href in stylesheets:
        _el("link", head, rel="stylesheet", type="text/css", href=href)
    body = _el("body", html, class_="cover")
    section = _el("section", body, class_="cover photo-cover" if image is not None and photo else "cover")
    section.set(f"{{{OPS}}}type", "cover")
    if image is not None and not photo:
        # doc-cover (DPUB-ARIA) tells assistive technology what the picture is.
        _el("img", section, src=image[0], alt=image[1] or title, role="doc-cover")
    else:
        _texts(section, (("cover-category", md.category), ("cover-title", title)))
        if image is not None:  # the photo under the title, the date and the site below it
            _el("img", section, src=image[0], alt=image[1] or title, role="doc-cover", class_="cover-photo")
        _texts(section, (("cover-date", date_line(md)), ("cover-site", md.site_name)))
    return (b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
            + etree.tostring(html, encoding="utf-8", xml_declaration=False))


def make(article: Article, title: str, pictures: Mapping[str, Picture], stylesheets: Sequence[str]) -> Cover:
    """The cover page and the image reading systems put on their shelves.

    With a lead photo the page shows it under the title; the shelf image is drawn from the title
    (an anonymous photo on a shelf names nothing), or is the photo when no image can be drawn
    (fonts without the title's letters). Without a photo both are the drawn image, else the page
    holds the text alone.
    """
    md = article.metadata
    photo = lead_photo(article, pictures)
    png = draw(title, md)
    drawn = Picture(COVER_IMAGE, "image/png", png, WIDTH, HEIGHT) if png is not None else None
    if photo is not None:
        pic, alt = photo
        shelf = drawn if drawn is not None else pic
        return Cover(page(title, md, stylesheets, (pic.href, alt), photo=True), shelf, drawn=drawn is not None)
    if drawn is None:
        return Cover(page(title, md, stylesheets, None), None)
    alt = ". ".join(part for part in (md.category, title, date_line(md)) if part)
    return Cover(page(title, md, stylesheets, (drawn.href, alt)), drawn, drawn=True)
