"""HTML tables of an article body: data tables become Table blocks, layout tables are read through.

Editors and site templates use tables to lay out pages (a photo above its caption, wiki column
layouts, nested tables); those are read cell by cell. Real data tables keep their header rows,
spans and caption.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from ..model import Block, Figure, Heading, Inline, LineBreak, Paragraph, Table, TableCell, TableRow, Text
from ..walk import block_text
from .sharepoint import LAYOUT_TABLE_IDS, LAYOUT_ZONE_CLASS

if TYPE_CHECKING:
    from .blocks import Converter

_CELLS = frozenset({"td", "th"})


def table_blocks(conv: Converter, el: HtmlElement) -> list[Block]:
    """The blocks of one ``<table>``: a Table, or the cells' own blocks for a layout table."""
    rows = [r for r in el.iter("tr") if _nearest_table(r) is el]
    if is_layout_table(el, rows):
        return _layout_table(conv, rows)
    model_rows: list[TableRow] = []
    header_rows = 0
    leading = True
    for row in rows:
        parent = row.getparent()
        in_head = parent is not None and parent.tag == "thead"
        header_class = "headerrow" in (row.get("class") or "").lower()
        cells = []
        for cell in row:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in _CELLS:
                continue
            header = cell.tag.lower() == "th" or in_head or header_class
            cells.append(TableCell(_cell_inlines(conv, cell), header=header,
                                   colspan=_span(cell.get("colspan")), rowspan=_span(cell.get("rowspan"))))
        if not cells:
            continue
        if leading and all(c.header for c in cells):
            header_rows += 1
        else:
            leading = False
        model_rows.append(TableRow(tuple(cells)))
    caption_el = el.find("caption")
    caption = conv.plain_inlines(caption_el) if caption_el is not None else ()
    return [Table(tuple(model_rows), caption, header_rows)] if model_rows else []


def _cell_inlines(conv: Converter, cell: HtmlElement) -> tuple[Inline, ...]:
    """A cell's content as one inline run; its paragraphs are joined by line breaks."""
    out: list[Inline] = []
    for block in conv.blocks(cell):
        if out:
            out.append(LineBreak())
        if isinstance(block, Paragraph | Heading):
            out.extend(block.children)
        else:
            out.append(Text(block_text(block)))
    return tuple(out)


def _layout_table(conv: Converter, rows: list[HtmlElement]) -> list[Block]:
    """Tables used for layout (photo above caption): read cell by cell, row by row."""
    out: list[Block] = []
    for row in rows:
        for cell in row:
            if isinstance(cell.tag, str) and cell.tag.lower() in _CELLS:
                cell_blocks = conv.blocks(cell)
                # The cell under a photo cell is its caption, whatever its style.
                if out and isinstance(out[-1], Figure) and len(cell_blocks) == 1 \
                        and isinstance(cell_blocks[0], Paragraph):
                    conv.caption_candidate(cell_blocks[0], "table cell under the photo's cell")
                out.extend(cell_blocks)
    return out


def _nearest_table(el: HtmlElement) -> HtmlElement | None:
    for anc in el.iterancestors("table"):
        return anc
    return None


def is_layout_table(table: HtmlElement, rows: list[HtmlElement]) -> bool:
    """Photos, nested tables, a single column or a page layout mean layout rather than data."""
    if table.get("role") == "presentation" or any(True for _ in table.iter("img")):
        return True
    # Wiki and rich-text page layouts: layoutsTable with ms-rte-layoutszone-* cells.
    if table.get("id") in LAYOUT_TABLE_IDS or LAYOUT_ZONE_CLASS in " ".join(
            d.get("class") or "" for d in table.iter("div")):
        return True
    if any(t is not table for t in table.iter("table")):
        return True
    widths = [len([c for c in r if isinstance(c.tag, str) and c.tag.lower() in _CELLS]) for r in rows]
    return not widths or max(widths) <= 1


def _span(value: str | None) -> int:
    m = re.match(r"\s*(\d+)", value or "")
    return max(1, int(m.group(1))) if m else 1
