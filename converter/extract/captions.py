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

_CAPTION_CLASS = re.compile(r"caption|chuthich|chu-thich|ghichu|imgdesc|image-desc", re.IGNORECASE)
_CENTER = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)
_RIGHT = re.compile(r"text-align\s*:\s*right", re.IGNORECASE)
MAX_CAPTION = 400


def _text(el: HtmlElement) -> str:
    return " ".join(el.text_content().split())


def right_aligned(el: HtmlElement) -> bool:
    return bool(_RIGHT.search(el.get("style") or "")) or (el.get("align") or "").lower() == "right"


def looks_like_caption(el: HtmlElement) -> bool:
    """A short paragraph styled as a caption: by class, by italics throughout, or centred."""
    text = _text(el)
    if not text or len(text) > MAX_CAPTION or any(True for _ in el.iter("img")):
        return False
    if _CAPTION_CLASS.search(" ".join(c.get("class") or "" for c in el.iter() if isinstance(c.tag, str))):
        return True
    italic = "".join(_text(i) for i in el.iter("em", "i"))
    if italic.replace(" ", "") == text.replace(" ", ""):
        return True
    return bool(_CENTER.search(el.get("style") or "")) or (el.get("align") or "").lower() == "center"


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
