"""What makes a paragraph a photo caption, and pairing captions with their own photos.

Portals write captions in several ways: a class (``ms-rteElement-Caption``, ``ppy-extcaption``),
an italic paragraph, a centred short paragraph, or the cell under the photo in a two-row table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypeGuard

from lxml.html import HtmlElement

from ..model import Block, Emphasis, Figure, Heading, Inline, LineBreak, Paragraph, Text
from ..patterns import compiled
from ..walk import plain_text
from .hints import Hints
from .sharepoint import DECORATIVE_CLASS, DECORATIVE_SRC, ICON_SIZE
from .vocabulary import CAPTION_OPENING, PHOTO_CREDIT_END

_CAPTION_CLASS = compiled(r"caption|chuthich|chu-thich|ghichu|imgdesc|image-desc|image_desc|img-desc|"
                          r"photo-desc|anh-mota|mo-ta-anh|ppy-extcaption", re.IGNORECASE)
_FLOAT_CLASS = compiled(r"\bms-rtePosition-[12]\b")
_CENTER = compiled(r"text-align\s*:\s*center", re.IGNORECASE)
_RIGHT = compiled(r"text-align\s*:\s*right", re.IGNORECASE)
_COLOUR = compiled(r"(?:^|;)\s*color\s*:\s*([^;]+)", re.IGNORECASE)
MAX_CAPTION = 400
# Pixels, declared either way: an image this small set between words is part of the sentence
# (an icon, a button, a symbol), not a photo that the text after it could describe.
IN_TEXT_IMAGE = 48
_STYLE_SIZE = compiled(r"(?:^|;)\s*(width|height)\s*:\s*(\d+)\s*px", re.IGNORECASE)
UNFINISHED_CAPTION = 250  # characters: longer unpunctuated text is a paragraph missing its full stop

_PIXELS = compiled(r"\s*(\d+)\s*(?:px)?\s*$")


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
    if CAPTION_OPENING.match(text):
        return "opening"
    return ""


def _colour(style: str) -> str:
    m = _COLOUR.search(style or "")
    return m.group(1).replace(" ", "").lower() if m else ""


def caption_marks(el: HtmlElement) -> frozenset[str]:
    """How a paragraph is set, as marks a page's captions may share: "centred", "italic", "bold",
    "class", and "color:…" (the innermost colour that covers all of its text)."""
    text = _text(el).replace(" ", "")
    if not text:
        return frozenset()
    marks = set()
    if _CENTER.search(el.get("style") or "") or (el.get("align") or "").lower() == "center" or \
            any(a.tag == "center" for a in el.iterancestors()):
        marks.add("centred")
    if _joined_is(el, ("em", "i"), text):
        marks.add("italic")
    if _joined_is(el, ("strong", "b"), text):
        marks.add("bold")
    if _CAPTION_CLASS.search(" ".join(c.get("class") or "" for c in el.iter() if isinstance(c.tag, str))):
        marks.add("class")
    colour = ""
    solid = _solid_lengths(el)
    for node in el.iter():
        if not isinstance(node.tag, str):
            continue
        value = _colour(node.get("style") or "") or (node.get("color") or "").lower()
        # A node's text is a stretch of the paragraph's: it is all of it when it is as long.
        if value and solid[node] == len(text):
            colour = value  # deeper wins: iteration goes down the tree
    if colour:
        marks.add(f"color:{colour}")
    return frozenset(marks)


# Each paragraph's marks are read from its elements' texts. Taking each element's whole text would
# read a word once per element around it: quadratic in a page nested hundreds deep (tag soup).
def _joined_is(el: HtmlElement, tags: tuple[str, ...], text: str) -> bool:
    """Whether the texts of ``el``'s ``tags`` elements, joined without spaces, are ``text``; reads
    no further than ``text`` is long (nested ones count twice, so they overrun it at once)."""
    parts: list[str] = []
    size = 0
    for node in el.iter(*tags):
        part = _text(node).replace(" ", "")
        size += len(part)
        if size > len(text):
            return False
        parts.append(part)
    return "".join(parts) == text


def _solid(s: str | None) -> int:
    return len("".join(s.split())) if s else 0


def _solid_lengths(el: HtmlElement) -> dict[HtmlElement, int]:
    """How many non-space characters each element under ``el`` holds, all counted in one pass."""
    order = list(el.iter())
    lengths: dict[HtmlElement, int] = {}
    for node in reversed(order):  # descendants before their ancestors
        own = _solid(node.text) if isinstance(node.tag, str) else 0  # a comment's text is no text
        lengths[node] = own + sum(lengths[c] + _solid(c.tail) for c in node)
    return lengths


def _photo(block: Block | None, hints: Hints) -> TypeGuard[Figure]:
    """A figure that text under it may caption: not an icon taken from inside a sentence
    (``Hint.in_text``), whose following text is the rest of the article."""
    return isinstance(block, Figure) and not hints.of(block).in_text


def page_caption_style(blocks: Sequence[Block], hints: Hints) -> set[str]:
    """The marks this page sets its captions with, learnt from the paragraphs right under its photos.

    A mark is the page's caption style when paragraphs under photos carry it (two of them, or the
    only one) and ordinary paragraphs rarely do: on a page that centres everything, centring says
    nothing (corpus/22-kpc-ar-weekly-newsletter-470111.html); on one whose captions are blue, blue does.
    """
    under: list[frozenset[str]] = []  # the marks of each paragraph right under a photo
    others: list[frozenset[str]] = []
    for i, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            continue
        before = blocks[i - 1] if i > 0 else None
        after_photo = _photo(before, hints) and not before.caption
        marks = hints.of(block).marks
        (under if after_photo and len(plain_text(block.children)) <= MAX_CAPTION else others).append(marks)
    style: set[str] = set()
    for mark in {m for p in under for m in p}:
        n_under = sum(mark in p for p in under)
        n_other = sum(mark in p for p in others)
        # Two photos whose paragraphs agree, or one set apart from at least two ordinary ones.
        learnt = n_under >= 2 and n_other <= max(1, len(others) // 5) and n_under > n_other
        single = n_under == len(under) == 1 and len(others) >= 2 and n_other == 0
        if learnt or single:
            style.add(mark)
    return style


def captions_in_style(blocks: Sequence[Block], hints: Hints, style: set[str]) -> None:
    """Note (``Hint.in_style``) the paragraphs right under a photo that carry one of the page's
    caption marks, or that read as a caption: one short line that does not end a sentence (body
    paragraphs end with a full stop; captions, in Vietnamese and English news style, do not)."""
    titled_above = _titles_above(blocks, hints)
    for i, block in enumerate(blocks):
        if not (isinstance(block, Paragraph) and i > 0 and _photo(blocks[i - 1], hints)):
            continue
        own = hints.of(block).marks
        text = " ".join(plain_text(block.children).split())
        if len(text) > MAX_CAPTION:
            continue
        if own & style:
            why = "the page's caption style (" + ", ".join(sorted(own & style)) + ")"
        elif not titled_above and _unfinished(text) and ("bold" not in own or "bold" in style):
            why = "short line under the photo that ends no sentence"
        else:
            continue
        hint = hints.note(block)
        hint.in_style = True
        hint.why = hint.why or why


def _line(block: Block | None) -> bool:
    return isinstance(block, Paragraph) and _unfinished(" ".join(plain_text(block.children).split()))


def _titles_above(blocks: Sequence[Block], hints: Hints) -> bool:
    """The page names its photos from above (a bibliography: "2015 : Title" over each cover): its
    first photo has such a line above it and its last photo none below."""
    at = [i for i, b in enumerate(blocks) if _photo(b, hints)]
    if not at:
        return False
    first, last = at[0], at[-1]
    return first > 0 and _line(blocks[first - 1]) and not _line(blocks[last + 1] if last + 1 < len(blocks) else None)


def _unfinished(text: str) -> bool:
    """A line of four to forty words with no closing punctuation: a caption, not a sentence."""
    words = text.split()
    return 4 <= len(words) <= 40 and len(text) <= UNFINISHED_CAPTION and \
        not text.rstrip(" \"'”’)»]").endswith((".", "!", "?", ":", ";", "…"))


def decorative(img: HtmlElement) -> bool:
    """Icons and SharePoint's own interface images (presence dots, file-type icons, "Xem tiếp"
    buttons under /_layouts/) are decoration, never figures; spacers are left to the image reader."""
    src = (img.get("src") or "").replace("\\", "/")
    if DECORATIVE_SRC.search(src) or DECORATIVE_CLASS.search(img.get("class") or ""):
        return True
    width, height = _pixels(img.get("width")), _pixels(img.get("height"))
    return width is not None and height is not None and width <= ICON_SIZE and height <= ICON_SIZE


def _pixels(value: str | None) -> int | None:
    m = _PIXELS.match(value or "")
    return int(m.group(1)) if m else None


def small(img: HtmlElement) -> bool:
    """Declared (attribute or inline style) at most IN_TEXT_IMAGE pixels wide or high."""
    sizes = [_pixels(img.get("width")), _pixels(img.get("height"))]
    sizes += [int(m.group(2)) for m in _STYLE_SIZE.finditer(img.get("style") or "")]
    return any(s is not None and 0 < s <= IN_TEXT_IMAGE for s in sizes)


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


def headings_as_captions(blocks: Sequence[Block], hints: Hints) -> list[Block]:
    """A heading right under a caption-less photo that is set like a caption (italic, or centred,
    or coloured, and short) is that photo's caption typed into a heading, not a section title."""
    out = list(blocks)
    for i, block in enumerate(out):
        before = out[i - 1] if i > 0 else None
        if isinstance(block, Heading) and _photo(before, hints) and not before.caption:
            own = hints.of(block).marks
            if ("italic" in own or "centred" in own or any(m.startswith("color:") for m in own)) \
                    and len(plain_text(block.children)) <= MAX_CAPTION:
                para = Paragraph(block.children)
                hint = hints.note(para)
                hint.caption_like, hint.marks = True, own
                hint.why = "heading under the photo, set like a caption (" + ", ".join(sorted(own)) + ")"
                out[i] = para
    return out


def pair_captions(blocks: Sequence[Block], hints: Hints,
                  paired: Callable[[Paragraph, Figure], None] | None = None) -> list[Block]:
    """Give each caption-less figure the caption-like paragraph that follows it, and the next
    paragraph too when it is ``continued`` (a caption the editor split over two paragraphs).
    Icons taken from inside a sentence (``in_text``) take none."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if (_photo(block, hints) and not block.caption and isinstance(nxt, Paragraph)
                and hints.of(nxt).caption_like):
            children: tuple[Inline, ...] = tuple(c for c in nxt.children if not isinstance(c, LineBreak)) \
                or (Text(""),)
            i += 2
            more = blocks[i] if i < len(blocks) else None
            if isinstance(more, Paragraph) and hints.of(more).continued:
                rest = tuple(c for c in more.children if not isinstance(c, LineBreak))
                children = (*_unwrap_italics(children), Text(" "), *_unwrap_italics(rest))
                i += 1
            out.append(replace(block, caption=_unwrap_italics(children)))
            if paired is not None:
                paired(nxt, out[-1])  # type: ignore[arg-type]
            continue
        out.append(block)
        i += 1
    return out
