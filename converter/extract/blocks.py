"""HTML elements of an article body → model blocks and inlines.

Dispatch is by tables of tag names plus an explicit ignore set; any other element becomes a
warning naming it (docs/architecture.md, "house style"). Images are hoisted out of paragraphs into
figures; which paragraphs look like captions or signatures is noted in ``hints.Hints`` for the later
passes.
"""

from __future__ import annotations

import re
from dataclasses import field, replace
from typing import TYPE_CHECKING
from urllib.parse import unquote

from lxml.html import HtmlElement

from ..diagnostics import Diagnostic
from ..load.images import ImageInfo
from ..load.images import inspect as inspect_image
from ..load.refs import image_refs
from ..model import (
    Block,
    Code,
    Emphasis,
    Figure,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Resource,
    Rule,
    Strong,
    Subscript,
    Superscript,
    Text,
    Underline,
)
from ..normalise import clean
from ..patterns import compiled
from ..records import dataclass
from ..walk import plain_text
from .captions import MAX_CAPTION, caption_marks, caption_reason, decorative, floated, right_aligned, small
from .hints import Hints
from .links import absolute_url
from .sharepoint import QUOTE_CLASS
from .tables import table_blocks

if TYPE_CHECKING:  # load.page imports nothing from extract; only the type is needed here
    from ..load.page import Resolver

BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "menu", "dir", "table", "blockquote", "hr", "figure",
    "pre", "section", "article", "center", "dl", "dt", "dd", "address", "header", "footer", "main",
    "aside", "form", "fieldset", "li", "tbody", "thead", "tfoot", "tr", "td", "th", "caption",
    "figcaption", "nav",
})
# Inline wrappers that add nothing the model keeps (fonts, sizes, SharePoint's <o:p> from Word).
TRANSPARENT = frozenset({
    "span", "font", "small", "big", "abbr", "acronym", "mark", "label", "nobr", "cite", "q", "dfn",
    "time", "bdi", "bdo", "s", "strike", "del", "o:p", "wbr", "data", "var", "ins",
})
STRONG, EMPHASIS = frozenset({"b", "strong"}), frozenset({"i", "em"})
CODE = frozenset({"code", "tt", "kbd", "samp"})
IGNORED = frozenset({
    "script", "style", "noscript", "template", "input", "button", "select", "option", "textarea",
    "link", "meta", "map", "area", "colgroup", "col", "head", "title", "param",
})
# Media the model cannot hold: dropped with a warning so the loss is visible.
UNSUPPORTED = frozenset({"iframe", "video", "audio", "embed", "object", "canvas", "svg", "math", "applet"})
MEDIA = frozenset({"video", "audio"})  # of those, the ones whose file is worth a link
MAX_LIST_START = 2**31 - 1
_START = compiled(r"\s*\+?([0-9]{1,12})\s*")
MAX_HEADING = 200  # characters: a longer "heading" is a paragraph set in a heading tag
_SPACER = compiled(r"(?:^|/)(?:blank|spacer|pixel|transparent|1x1)\.(?:gif|png)$", re.IGNORECASE)

_LEADING_NUMBER = compiled(r"\s*(\d+)")


@dataclass(slots=True)
class _FigureMark:
    """A figure found inside inline content, to be hoisted to block level."""

    figure: Figure
    floated: bool = False  # text flows around it (SharePoint "Position: Left/Right")
    small: bool = False  # declared icon-sized (captions.small): may sit inside a sentence


Item = Inline | _FigureMark


@dataclass
class Converter:
    """Converts one body; collects resources, warnings and the blocks' hints."""

    resolver: Resolver  # where the page's images come from
    base_url: str = ""
    where: str = ""
    resources: dict[str, Resource] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    hints: Hints = field(default_factory=Hints)  # how each block was set, for the caption and signature passes
    # What decoding each image found, by resource key (the content's digest): a photo the page shows
    # many times is decoded once.
    inspected: dict[str, ImageInfo] = field(default_factory=dict)

    # ------------------------------------------------------------------ blocks
    def blocks(self, el: HtmlElement) -> list[Block]:
        """The children of ``el`` as blocks; loose inline content becomes paragraphs."""
        out: list[Block] = []
        run: list[Item] = []
        if el.text:
            run.append(Text(el.text))
        for child in el:
            if not isinstance(child.tag, str):  # comments, processing instructions
                pass
            else:
                tag = child.tag.lower()
                if tag in IGNORED:
                    pass
                elif tag in UNSUPPORTED:
                    run.extend(self._unsupported(child))
                elif tag in BLOCK_TAGS or (tag in TRANSPARENT and _has_block(child)):
                    out.extend(self._split(run, child=None))
                    run = []
                    out.extend(self.block(child, tag))
                else:
                    run.extend(self.inline(child))
            if child.tail:
                run.append(Text(child.tail))
        out.extend(self._split(run, child=None))
        return out

    def block(self, el: HtmlElement, tag: str) -> list[Block]:
        if tag in {"p", "div"} and _is_quote(el):
            return [Quote(tuple(self._split(self.inline_children(el), child=None)))]
        if tag == "p" or (tag in {"div", "center", "address", "dt", "dd", "figcaption", "caption"}
                          and not _has_block(el)):
            return self._split(self.inline_children(el), child=el)
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            items = self.inline_children(el)
            inlines = tuple(i for i in items if not isinstance(i, _FigureMark))
            figs: list[Block] = [i.figure for i in items if isinstance(i, _FigureMark)]
            if len(clean(plain_text(inlines)).strip()) > MAX_HEADING:
                # Site generators and editors put whole paragraphs in <h1> (corpus/batch-stc/).
                return self._split(items, child=None)
            heading = Heading(int(tag[1]), inlines)
            # How it is set: a heading under a photo may be that photo's caption, a right-aligned
            # one at the end a signature (portals that put every line in <h2>,
            # corpus/wide/daksong-daknong-gov-vn/16-xa-dak-ndrung-tuyen-truyen-ma-tuy.html).
            if not plain_text(inlines).strip():
                return figs
            hint = self.hints.note(heading)
            hint.marks, hint.source, hint.right = caption_marks(el), el, right_aligned(el)
            return [heading, *figs]
        if tag in {"ul", "ol", "menu", "dir"}:  # <menu> and the old <dir> are unordered lists in HTML
            return [self._list(el, ordered=tag == "ol")]
        if tag == "table":
            return table_blocks(self, el)
        if tag == "blockquote":
            return [Quote(tuple(self.blocks(el)))]
        if tag == "hr":
            return [Rule()]
        if tag == "pre":
            return [Paragraph((Code(el.text_content()),))]
        if tag == "figure":
            return self._figure_element(el)
        return self.blocks(el)  # div, section and other containers are transparent

    def _split(self, items: list[Item], child: HtmlElement | None) -> list[Block]:
        """Cut an inline run at hoisted figures; text right after a figure may be its caption."""
        items = self._in_text_last(items)
        out: list[Block] = []
        current: list[Inline] = []
        reason = caption_reason(child) if child is not None else ""
        caption_like = bool(reason)
        is_right = child is not None and right_aligned(child)

        def flush(after_figure: bool) -> None:
            text = clean(plain_text(current)).strip()  # U+200B alone (SP2013's editor) is no text
            if text:
                p = Paragraph(tuple(_trim_breaks(current)))
                # Text wrapped around a floated photo runs on for paragraphs: only a short line
                # after the photo can be its caption.
                if caption_like or (after_figure and len(text) <= MAX_CAPTION):
                    self.hints.caption_candidate(p, f"caption-like paragraph ({reason})" if reason
                                                 else "short line right after the photo, in the same paragraph")
                    if reason == "centred" and not after_figure:
                        self.hints.note(p).centred = True
                if is_right:
                    self.hints.note(p).right = True
                if child is not None:
                    hint = self.hints.note(p)
                    hint.marks, hint.source = caption_marks(child), child
                out.append(p)
            current.clear()

        after_figure = False
        for item in items:
            if isinstance(item, _FigureMark):
                flush(after_figure)
                out.append(item.figure)
                after_figure = not item.floated
            else:
                current.append(item)
        flush(after_figure and child is not None)
        return out

    def _in_text_last(self, items: list[Item]) -> list[Item]:
        """Move small images set between words to the end of their stretch of text.

        The model has no inline images, so a figure stands between blocks. Cutting the sentence
        at an icon ("Download the plan [icon] here.") would leave half a sentence on each side and
        make the tail a caption-like line right under a "photo". The sentence stays whole instead
        and the icon follows it (before the next photo that does cut the run); it is recorded in
        ``in_text`` so that no text after it, in this paragraph or the next, becomes its caption.
        """
        out: list[Item] = []
        held: list[_FigureMark] = []
        stretch: list[Item] = []  # the run since the last figure that cuts it

        def close() -> None:
            out.extend(stretch)
            out.extend(held)
            stretch.clear()
            held.clear()

        for n, item in enumerate(items):
            if isinstance(item, _FigureMark) and item.small and _has_text(stretch) and _has_text(
                    _until_cut(items[n + 1:])):
                held.append(item)
                self.hints.note(item.figure).in_text = True
            elif isinstance(item, _FigureMark) and not item.small:
                close()
                out.append(item)
            else:
                stretch.append(item)
        close()
        return out

    def _list(self, el: HtmlElement, ordered: bool) -> ListBlock:
        items: list[ListItem] = []
        for li in el:
            if not isinstance(li.tag, str):
                continue
            if li.tag.lower() == "li":
                items.append(ListItem(tuple(self.blocks(li))))
            elif li.tag.lower() in {"ul", "ol", "menu", "dir"}:  # invalid but common: a list nested directly in a list
                nested = self._list(li, li.tag.lower() == "ol")
                if items:
                    items[-1] = ListItem((*items[-1].blocks, nested))
                else:
                    items.append(ListItem((nested,)))
        return ListBlock(ordered, tuple(items), _list_start(el.get("start")))

    def _figure_element(self, el: HtmlElement) -> list[Block]:
        imgs = [i for i in el.iter("img")]
        cap_el = el.find(".//figcaption")
        caption = self.plain_inlines(cap_el) if cap_el is not None else ()
        if not imgs:
            return self.blocks(el)
        figs: list[Block] = []
        for i, img in enumerate(imgs):
            fig = self._image(img)
            if fig is not None:
                figs.append(Figure(fig.image, caption if i == len(imgs) - 1 else (), link=self._link_around(img, el)))
        return figs

    # ------------------------------------------------------------------ inlines
    def plain_inlines(self, el: HtmlElement) -> tuple[Inline, ...]:
        """The inline content of ``el`` without the photos in it (captions, table captions)."""
        return tuple(i for i in self.inline_children(el) if not isinstance(i, _FigureMark))

    def inline_children(self, el: HtmlElement) -> list[Item]:
        items: list[Item] = []
        if el.text:
            items.append(Text(el.text))
        for child in el:
            if isinstance(child.tag, str):
                items.extend(self.inline(child))
            if child.tail:
                items.append(Text(child.tail))
        return items

    def inline(self, el: HtmlElement) -> list[Item]:
        tag = el.tag.lower()
        if tag in IGNORED:
            return []
        if tag in UNSUPPORTED:
            return self._unsupported(el)
        if tag == "br":
            return [LineBreak()]
        if tag == "img":
            if decorative(el):
                return []
            fig = self._image(el)
            return [_FigureMark(fig, floated(el), small(el))] if fig else []
        if tag in CODE:
            return [Code(el.text_content())]
        children = self.inline_children(el)
        if tag in STRONG:
            return _wrap(Strong, children)
        if tag in EMPHASIS:
            return _wrap(Emphasis, children)
        if tag == "u":
            return _wrap(Underline, children)
        if tag == "sup":
            return _wrap(Superscript, children)
        if tag == "sub":
            return _wrap(Subscript, children)
        if tag == "a":
            href = absolute_url(el.get("href") or "", self.base_url)
            if not href:
                return children
            # A linked photo keeps its link (the innermost <a> when links nest, as for text).
            children = [_FigureMark(replace(i.figure, link=i.figure.link or href), i.floated, i.small)
                        if isinstance(i, _FigureMark) else i for i in children]
            return _wrap(lambda c: Link(c, href, el.get("title") or ""), children)
        if tag in BLOCK_TAGS:  # block inside inline context (invalid HTML): keep its text, on its own line
            return [LineBreak(), *children, LineBreak()]
        if tag not in TRANSPARENT:
            self.warnings.append(Diagnostic("unknown-element", f"<{tag}> read as plain text", self.where))
        return children

    def _link_around(self, img: HtmlElement, stop: HtmlElement) -> str:
        """The target of the nearest <a href> around ``img`` inside ``stop``, resolved like a link's."""
        for anc in img.iterancestors():
            if anc is stop:
                break
            if isinstance(anc.tag, str) and anc.tag.lower() == "a" and (href := absolute_url(anc.get("href") or "",
                                                                                           self.base_url)):
                return href
        return ""

    def _image(self, img: HtmlElement) -> Figure | None:
        """The figure for an ``<img>``: the best of its addresses that resolves to a decodable image.

        Addresses are tried best first (srcset largest first, lazy-loading attributes, then src;
        see ``load.refs.image_refs``). A 1×1 or 2×2 image is a spacer or a lazy placeholder: it is
        skipped, and an image with nothing else is layout, not content. When nothing usable
        resolves, the figure keeps the best address and shows a placeholder, with one warning.
        """
        width, height = _int(img.get("width"), 0) or None, _int(img.get("height"), 0) or None
        refs = [r for r in image_refs(img) if not _SPACER.search(r)]
        if width is not None and width <= 2:
            return None  # spacers and tracking pixels are layout, not content
        if not refs:
            if (img.get("src") is None and img.get("srcset") is None) or (height is not None and height <= 2):
                return None
            # src="": the photo's address was lost when the page was saved (or edited); its caption
            # still describes it, so a placeholder keeps the place and the caption.
            self.warnings.append(Diagnostic("missing-image", "an image has no address (src=\"\"): its file was "
                                         "lost before the page was saved; a placeholder is shown", self.where))
            return Figure(Image(src="", alt=" ".join((img.get("alt") or "").split()), width=width, height=height))
        found: tuple[str, Resource] | None = None
        problems: dict[str, str] = {}
        tiny = 0
        for ref in refs:
            resource = self.resolver.resolve(ref)
            if resource is None:
                continue
            info = self.inspected.get(resource.key)
            if info is None:
                info = self.inspected[resource.key] = inspect_image(resource)
            if info.problem:
                problems[ref] = info.problem
            elif info.tiny:
                tiny += 1
            else:
                found = (ref, resource)
                break
        if found is None and tiny == len(refs):
            return None
        src, key = refs[0], None
        if found is not None:
            src, key = found[0], found[1].key
            self.resources.setdefault(key, found[1])
        elif refs[0] in problems:
            self.warnings.append(Diagnostic("unreadable-image", f"image {_short(src)} {problems[refs[0]]}; "
                                         "a placeholder is shown instead", self.where))
        else:
            # Both resolvers (folder, MHTML archive) say why a reference was not found.
            why = getattr(self.resolver, "problems", {}).get(src, "")
            self.warnings.append(Diagnostic("missing-image", f"image not found: {_short(src)}"
                                         + (f" ({why})" if why else ""), self.where))
        alt = " ".join((img.get("alt") or "").split())
        # A data: URI is kept as its header only: the bytes are in the resource, and repeating
        # them in the model would double the JSON of a single-file page.
        return Figure(Image(src=_short(src), alt=alt, resource=key, width=width, height=height))

    def _unsupported(self, el: HtmlElement) -> list[Item]:
        """Nothing a document can play or run. A video or a sound in the article stays as a link to
        its file ("[video: interview.mp4]"), so the reader knows it was there; the rest is dropped."""
        tag = el.tag.lower()
        src = el.get("src") or el.get("data") or ""
        if tag in MEDIA and not src:
            src = next((s.get("src") or "" for s in el.iter("source") if s.get("src")), "")
        url = absolute_url(src, self.base_url) if tag in MEDIA and src[:5].lower() != "data:" else ""
        shown = "kept as a link" if url else "dropped"
        self.warnings.append(
            Diagnostic("unsupported-element", f"<{tag}> {shown}{': ' + _short(src) if src else ''}", self.where)
        )
        if not url:
            return []
        name = unquote(url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]) or url
        return [Link((Text(f"[{tag}: {name}]"),), url)]


def _short(src: str) -> str:
    """A reference fit for messages and the model: ``data:`` URIs cut after their header."""
    if src[:5].lower() == "data:":
        return src.split(",", 1)[0] + ",…"
    return src


def _has_text(items: list[Item]) -> bool:
    inlines = [i for i in items if not isinstance(i, _FigureMark)]
    return bool(clean(plain_text(inlines)).strip())


def _until_cut(items: list[Item]) -> list[Item]:
    """``items`` up to the next figure that is not icon-sized (which cuts the run)."""
    for n, item in enumerate(items):
        if isinstance(item, _FigureMark) and not item.small:
            return items[:n]
    return items


def _wrap(cls: object, items: list[Item]) -> list[Item]:
    """Wrap inline items in ``cls``, leaving hoisted figures outside the wrapper."""
    out: list[Item] = []
    current: list[Inline] = []
    for item in items:
        if isinstance(item, _FigureMark):
            if current:
                out.append(cls(tuple(current)))  # type: ignore[operator]
                current = []
            out.append(item)
        else:
            current.append(item)
    if current:
        out.append(cls(tuple(current)))  # type: ignore[operator]
    return out


def _trim_breaks(inlines: list[Inline]) -> list[Inline]:
    """Drop line breaks at the start and end of a paragraph (editors leave them after images)."""
    start, end = 0, len(inlines)
    while start < end and (isinstance(inlines[start], LineBreak) or _blank(inlines[start])):
        start += 1
    while end > start and (isinstance(inlines[end - 1], LineBreak) or _blank(inlines[end - 1])):
        end -= 1
    return inlines[start:end]


def _blank(node: Inline) -> bool:
    return isinstance(node, Text) and not node.text.strip()


def _is_quote(el: HtmlElement) -> bool:
    """A paragraph styled as a quotation, on itself or on its only child element."""
    children = [c for c in el if isinstance(c.tag, str)]
    candidates = [el] + (children if len(children) == 1 and not (el.text or "").strip() else [])
    return any(QUOTE_CLASS.search(c.get("class") or "") for c in candidates)


def _has_block(el: HtmlElement) -> bool:
    return any(isinstance(d.tag, str) and d.tag.lower() in BLOCK_TAGS for d in el.iterdescendants())


def _list_start(value: str | None) -> int:
    """An ``<ol start>`` as browsers read it: digits within a 32-bit integer (what HTML's ``start``
    attribute holds, and Word's ``w:start``); anything else numbers from 1."""
    m = _START.fullmatch(value or "")
    return int(m.group(1)) if m and int(m.group(1)) <= MAX_LIST_START else 1


def _int(value: str | None, default: int = 1) -> int:
    if value and (m := _LEADING_NUMBER.match(value)):
        return int(m.group(1))
    return default
