"""What makes a paragraph a photo caption, and pairing captions with their own photos.

Portals write captions in several ways: a class (``ms-rteElement-Caption``, ``ppy-extcaption``),
an italic paragraph, a centred short paragraph, or the cell under the photo in a two-row table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from lxml.html import HtmlElement

from ..model import Block, Emphasis, Figure, Inline, LineBreak, Paragraph, Text
from .sharepoint import DECORATIVE_CLASS, DECORATIVE_SRC, ICON_SIZE
from .vocabulary import PHOTO_CREDIT_END

_CAPTION_CLASS = re.compile(r"caption|chuthich|chu-thich|ghichu|imgdesc|image-desc|image_desc|img-desc|"
                            r"photo-desc|anh-mota|mo-ta-anh|ppy-extcaption", re.IGNORECASE)
_FLOAT_CLASS = re.compile(r"\bms-rtePosition-[12]\b")
_CENTER = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)
_RIGHT = re.compile(r"text-align\s*:\s*right", re.IGNORECASE)
MAX_CAPTION = 400


def _text(el: HtmlElement) -> str:
    return " ".join(el.text_content().split())


def right_aligned(el: HtmlElement) -> bool:
    return bool(_RIGHT.search(el.get("style") or "")) or (el.get("align") or "").lower() == "right"


def caption_reason(el: HtmlElement) -> str:
    """Why a short paragraph looks like a caption: "class", "italic", "centred", "credit" (it ends
    with the photo's credit), or "" if it does not."""
    text = _text(el)
    if not text or len(text) > MAX_CAPTION or any(True for _ in el.iter("img")):
        return ""
    if _CAPTION_CLASS.search(" ".join(c.get("class") or "" for c in el.iter() if isinstance(c.tag, str))) or \
            el.get("data-automation-id") == "captionElement":
        return "class"
    italic = "".join(_text(i) for i in el.iter("em", "i"))
    if italic.replace(" ", "") == text.replace(" ", ""):
        return "italic"
    if _CENTER.search(el.get("style") or "") or (el.get("align") or "").lower() == "center":
        return "centred"
    if PHOTO_CREDIT_END.search(text):
        return "credit"
    return ""


def decorative(img: HtmlElement) -> bool:
    """Icons and SharePoint's own interface images (presence dots, file-type icons, "Xem tiếp"
    buttons under /_layouts/) are decoration, never figures; spacers are left to the image reader."""
    src = (img.get("src") or "").replace("\\", "/")
    if DECORATIVE_SRC.search(src) or DECORATIVE_CLASS.search(img.get("class") or ""):
        return True
    width, height = _pixels(img.get("width")), _pixels(img.get("height"))
    return width is not None and height is not None and width <= ICON_SIZE and height <= ICON_SIZE


def _pixels(value: str | None) -> int | None:
    m = re.match(r"\s*(\d+)\s*(?:px)?\s*$", value or "")
    return int(m.group(1)) if m else None


def floated(img: HtmlElement) -> bool:
    """An image text flows around (SharePoint's "Position: Left/Right" = ms-rtePosition-1/2, or
    align/float): the text beside it is body text, not its caption."""
    classes = img.get("class") or ""
    style = (img.get("style") or "").replace(" ", "").lower()
    return bool(_FLOAT_CLASS.search(classes)) or (img.get("align") or "").lower() in ("left", "right") \
        or "float:left" in style or "float:right" in style


def _unwrap_italics(inlines: Sequence[Inline]) -> tuple[Inline, ...]:
    """A caption's italics are presentation (the writers style captions); keep other formatting."""
    if len(inlines) == 1 and isinstance(inlines[0], Emphasis):
        return inlines[0].children
    return tuple(inlines)


def pair_captions(blocks: Sequence[Block], caption_like: set[int]) -> list[Block]:
    """Give each caption-less figure the caption-like paragraph that follows it."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if (isinstance(block, Figure) and not block.caption and isinstance(nxt, Paragraph)
                and id(nxt) in caption_like):
            children = tuple(c for c in nxt.children if not isinstance(c, LineBreak)) or (Text(""),)
            out.append(replace(block, caption=_unwrap_italics(children)))
            i += 2
            continue
        out.append(block)
        i += 1
    return out
