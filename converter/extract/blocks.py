"""HTML elements of an article body → model blocks and inlines.

Dispatch is by tables of tag names plus an explicit ignore set; any other element becomes a
warning naming it (ARCHITECTURE.md, house style 3). Images are hoisted out of paragraphs into
figures; which paragraphs look like captions or signatures is recorded for the later passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from ..diagnostics import Warning
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
    Table,
    TableCell,
    TableRow,
    Text,
    Underline,
)
from ..walk import plain_text
from .captions import looks_like_caption, right_aligned
from .links import absolute_url
from .sharepoint import QUOTE_CLASS

BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "hr", "figure",
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
_SPACER = re.compile(r"(?:^|/)(?:blank|spacer|pixel|transparent|1x1)\.(?:gif|png)$", re.IGNORECASE)


@dataclass(slots=True)
class _FigureMark:
    """A figure found inside inline content, to be hoisted to block level."""

    figure: Figure


Item = Inline | _FigureMark


@dataclass
class Converter:
    """Converts one body; collects resources, warnings and per-paragraph hints."""

    resolve: object  # Resolver protocol; typed loosely to avoid a load → extract import cycle
    base_url: str = ""
    where: str = ""
    resources: dict[str, Resource] = field(default_factory=dict)
    warnings: list[Warning] = field(default_factory=list)
    caption_like: set[int] = field(default_factory=set)
    right: set[int] = field(default_factory=set)

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
                    self._unsupported(child)
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
            return ([Heading(int(tag[1]), inlines)] if plain_text(inlines).strip() else []) + figs
        if tag in {"ul", "ol"}:
            return [self._list(el, ordered=tag == "ol")]
        if tag == "table":
            return self._table(el)
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
        out: list[Block] = []
        current: list[Inline] = []
        caption_like = child is not None and looks_like_caption(child)
        is_right = child is not None and right_aligned(child)

        def flush(after_figure: bool) -> None:
            if plain_text(current).strip():
                p = Paragraph(tuple(_trim_breaks(current)))
                if caption_like or after_figure:
                    self.caption_like.add(id(p))
                if is_right:
                    self.right.add(id(p))
                out.append(p)
            current.clear()

        after_figure = False
        for item in items:
            if isinstance(item, _FigureMark):
                flush(after_figure)
                out.append(item.figure)
                after_figure = True
            else:
                current.append(item)
        flush(after_figure and child is not None)
        return out

    def _list(self, el: HtmlElement, ordered: bool) -> ListBlock:
        items: list[ListItem] = []
        for li in el:
            if not isinstance(li.tag, str):
                continue
            if li.tag.lower() == "li":
                items.append(ListItem(tuple(self.blocks(li))))
            elif li.tag.lower() in {"ul", "ol"}:  # invalid but common: a list nested directly in a list
                nested = self._list(li, li.tag.lower() == "ol")
                if items:
                    items[-1] = ListItem((*items[-1].blocks, nested))
                else:
                    items.append(ListItem((nested,)))
        start = el.get("start", "1")
        return ListBlock(ordered, tuple(items), int(start) if start.isdigit() else 1)

    def _table(self, el: HtmlElement) -> list[Block]:
        rows = [r for r in el.iter("tr") if _nearest_table(r) is el]
        if _is_layout_table(el, rows):
            return self._layout_table(rows)
        model_rows: list[TableRow] = []
        header_rows = 0
        leading = True
        for row in rows:
            in_head = row.getparent() is not None and row.getparent().tag == "thead"
            header_class = "headerrow" in (row.get("class") or "").lower()
            cells = []
            for cell in row:
                if not isinstance(cell.tag, str) or cell.tag.lower() not in {"td", "th"}:
                    continue
                inlines = self._cell_inlines(cell)
                cells.append(TableCell(inlines, header=cell.tag.lower() == "th" or in_head or header_class,
                                       colspan=_int(cell.get("colspan")), rowspan=_int(cell.get("rowspan"))))
            if not cells:
                continue
            if leading and all(c.header for c in cells):
                header_rows += 1
            else:
                leading = False
            model_rows.append(TableRow(tuple(cells)))
        caption_el = el.find("caption")
        caption = self.inline_children(caption_el) if caption_el is not None else []
        cap = tuple(i for i in caption if not isinstance(i, _FigureMark))
        return [Table(tuple(model_rows), cap, header_rows)] if model_rows else []

    def _cell_inlines(self, cell: HtmlElement) -> tuple[Inline, ...]:
        """A cell's content as one inline run; its paragraphs are joined by line breaks."""
        out: list[Inline] = []
        for block in self.blocks(cell):
            if out:
                out.append(LineBreak())
            if isinstance(block, Paragraph | Heading):
                out.extend(block.children)
            else:
                from ..walk import block_text

                out.append(Text(block_text(block)))
        return tuple(out)

    def _layout_table(self, rows: list[HtmlElement]) -> list[Block]:
        """Tables used for layout (photo above caption): read cell by cell, row by row."""
        out: list[Block] = []
        for row in rows:
            for cell in row:
                if isinstance(cell.tag, str) and cell.tag.lower() in {"td", "th"}:
                    cell_blocks = self.blocks(cell)
                    # The cell under a photo cell is its caption, whatever its style.
                    if out and isinstance(out[-1], Figure) and len(cell_blocks) == 1 \
                            and isinstance(cell_blocks[0], Paragraph):
                        self.caption_like.add(id(cell_blocks[0]))
                    out.extend(cell_blocks)
        return out

    def _figure_element(self, el: HtmlElement) -> list[Block]:
        imgs = [i for i in el.iter("img")]
        cap_el = el.find(".//figcaption")
        caption: tuple[Inline, ...] = ()
        if cap_el is not None:
            caption = tuple(i for i in self.inline_children(cap_el) if not isinstance(i, _FigureMark))
        if not imgs:
            return self.blocks(el)
        figs: list[Block] = []
        for i, img in enumerate(imgs):
            fig = self._image(img)
            if fig is not None:
                figs.append(Figure(fig.image, caption if i == len(imgs) - 1 else ()))
        return figs

    # ------------------------------------------------------------------ inlines
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
            self._unsupported(el)
            return []
        if tag == "br":
            return [LineBreak()]
        if tag == "img":
            fig = self._image(el)
            return [_FigureMark(fig)] if fig else []
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
            return _wrap(lambda c: Link(c, href, el.get("title") or ""), children)
        if tag in BLOCK_TAGS:  # block inside inline context (invalid HTML): keep its text, on its own line
            return [LineBreak(), *children, LineBreak()]
        if tag not in TRANSPARENT:
            self.warnings.append(Warning("unknown-element", f"<{tag}> read as plain text", self.where))
        return children

    def _image(self, img: HtmlElement) -> Figure | None:
        src = (img.get("src") or img.get("data-src") or "").strip()
        width, height = _int(img.get("width"), 0) or None, _int(img.get("height"), 0) or None
        if not src or _SPACER.search(src) or (width is not None and width <= 2):
            return None  # spacers and tracking pixels are layout, not content
        resource = self.resolve.resolve(src)  # type: ignore[attr-defined]
        key = None
        if resource is not None:
            self.resources.setdefault(resource.key, resource)
            key = resource.key
        else:
            self.warnings.append(Warning("missing-image", f"image not found: {src}", self.where))
        alt = " ".join((img.get("alt") or "").split())
        return Figure(Image(src=src, alt=alt, resource=key, width=width, height=height))

    def _unsupported(self, el: HtmlElement) -> None:
        src = el.get("src") or el.get("data") or ""
        self.warnings.append(
            Warning("unsupported-element", f"<{el.tag}> dropped{': ' + src if src else ''}", self.where)
        )


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


def _nearest_table(el: HtmlElement) -> HtmlElement | None:
    for anc in el.iterancestors("table"):
        return anc
    return None


def _is_layout_table(table: HtmlElement, rows: list[HtmlElement]) -> bool:
    """Photos, nested tables or a single column/cell mean layout rather than data."""
    if table.get("role") == "presentation" or any(True for _ in table.iter("img")):
        return True
    if any(t is not table for t in table.iter("table")):
        return True
    widths = [len([c for c in r if isinstance(c.tag, str) and c.tag.lower() in {"td", "th"}]) for r in rows]
    return not widths or max(widths) <= 1


def _int(value: str | None, default: int = 1) -> int:
    if value and (m := re.match(r"\s*(\d+)", value)):
        return int(m.group(1))
    return default
