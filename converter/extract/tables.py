"""HTML tables of an article body: data tables become Table blocks, layout tables are read through.

Editors and site templates use tables to lay out pages (a photo above its caption, wiki column
layouts, nested tables); those are read cell by cell. Real data tables keep their header rows,
spans and caption. A grid of records under a row of column labels (a staff directory) is data
whatever its border, even with small tables nested in its cells: see ``data_grid``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from ..model import (
    Block,
    Figure,
    Heading,
    Inline,
    LineBreak,
    ListBlock,
    Paragraph,
    Quote,
    Table,
    TableCell,
    TableRow,
    Text,
)
from ..patterns import compiled
from ..walk import block_text, plain_text
from .captions import decorative
from .sharepoint import HEADER_ROW_CLASS, LAYOUT_TABLE_IDS, LAYOUT_ZONE_CLASS

if TYPE_CHECKING:
    from .blocks import Converter

_CELLS = frozenset({"td", "th"})
# A data grid: at least this many rows and columns, and more than half of its rows as wide as
# the most common width. Photo-and-caption tables (two rows) and fact boxes (one row) never are.
MIN_GRID_ROWS = 3
MIN_GRID_COLUMNS = 2
MAX_LABEL = 40  # characters of a column label; longer text is a record, not a header
_BOLD_STYLE = compiled(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)
_CENTRE_STYLE = compiled(r"text-align\s*:\s*center", re.IGNORECASE)
_BOLD_TAGS = frozenset({"b", "strong", "th", "h1", "h2", "h3", "h4", "h5", "h6"})

_LEADING_NUMBER = compiled(r"\s*(\d+)")


def table_blocks(conv: Converter, el: HtmlElement) -> list[Block]:
    """The blocks of one ``<table>``: a Table, or the cells' own blocks for a layout table."""
    rows = table_rows(el)
    if is_layout_table(el, rows):
        return _layout_table(conv, rows)
    # The label row that made a grid data is its header, though the page wrote it as plain cells.
    label_row = _first_row(rows) if data_grid(rows) else None
    model_rows: list[TableRow] = []
    header_rows = 0
    leading = True
    for row in rows:
        parent = row.getparent()
        in_head = parent is not None and parent.tag == "thead"
        header_class = bool(HEADER_ROW_CLASS.search(row.get("class") or "")) or row is label_row
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
    return tuple(_as_lines(conv.blocks(cell)))


def _as_lines(blocks: list[Block] | tuple[Block, ...]) -> list[Inline]:
    """Blocks as lines of one inline run: a list gives a line per item, a table nested in the cell
    a line per row (its cells separated by a space), keeping links and emphasis."""
    out: list[Inline] = []

    def line(inlines: list[Inline] | tuple[Inline, ...]) -> None:
        if not inlines:
            return
        if out:
            out.append(LineBreak())
        out.extend(inlines)

    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            line(block.children)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = [c.children for c in row.cells if plain_text(c.children).strip()]
                line([x for i, c in enumerate(cells) for x in ((Text(" "),) if i else ()) + c])
        elif isinstance(block, ListBlock):
            for item in block.items:
                line(_as_lines(item.blocks))
        elif isinstance(block, Quote):
            line(_as_lines(block.blocks))
        elif text := block_text(block):
            line([Text(text)])
    return out


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
                    conv.hints.caption_candidate(cell_blocks[0], "table cell under the photo's cell")
                out.extend(cell_blocks)
    return out


def table_rows(table: HtmlElement) -> list[HtmlElement]:
    """The rows of ``table`` itself, not those of the tables nested in its cells."""
    return [r for r in table.iter("tr") if _nearest_table(r) is table]


def _nearest_table(el: HtmlElement) -> HtmlElement | None:
    for anc in el.iterancestors("table"):
        return anc
    return None


def is_layout_table(table: HtmlElement, rows: list[HtmlElement]) -> bool:
    """Photos, nested tables, a single column or a page layout mean layout rather than data.

    A data grid (``data_grid``) is data even with tables nested in its cells and icons beside its
    values; a photo in it still makes it layout, since a table cell of the model holds no figure.
    """
    if table.get("role") == "presentation":
        return True
    # Wiki and rich-text page layouts: layoutsTable with ms-rte-layoutszone-* cells.
    if table.get("id") in LAYOUT_TABLE_IDS or LAYOUT_ZONE_CLASS in " ".join(
            d.get("class") or "" for d in table.iter("div")):
        return True
    images = list(table.iter("img"))
    if data_grid(rows) and all(decorative(i) for i in images):
        return False
    if images or any(t is not table for t in table.iter("table")):
        return True
    widths = [len(_cells(r)) for r in rows]
    return not widths or max(widths) <= 1


def data_grid(rows: list[HtmlElement]) -> bool:
    """Records under a row of column labels: ``MIN_GRID_ROWS`` rows or more, most of them as wide as
    the most common width (``MIN_GRID_COLUMNS`` cells or more, spans counted), and a first row of
    ``th`` cells, a ``thead`` or header-class row, or short labels all set bold or centred."""
    widths = [sum(_span(c.get("colspan")) for c in _cells(r)) for r in rows]
    widths = [w for w in widths if w]
    if len(widths) < MIN_GRID_ROWS:
        return False
    width, count = Counter(widths).most_common(1)[0]
    if width < MIN_GRID_COLUMNS or 2 * count <= len(widths):
        return False
    first = _first_row(rows)
    return first is not None and _header_row(first)


def _cells(row: HtmlElement) -> list[HtmlElement]:
    return [c for c in row if isinstance(c.tag, str) and c.tag.lower() in _CELLS]


def _first_row(rows: list[HtmlElement]) -> HtmlElement | None:
    return next((r for r in rows if _cells(r)), None)


def _header_row(row: HtmlElement) -> bool:
    cells = _cells(row)
    parent = row.getparent()
    if all(c.tag.lower() == "th" for c in cells) or (parent is not None and parent.tag == "thead") \
            or HEADER_ROW_CLASS.search(row.get("class") or ""):
        return True
    labels = [c for c in cells if _text(c)]
    return len(labels) >= MIN_GRID_COLUMNS and all(
        len(_text(c)) <= MAX_LABEL and c.find(".//img") is None
        and (_all_text(c, row, _bold) or _all_text(c, row, _centred)) for c in labels)


def _text(el: HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _bold(el: HtmlElement) -> bool:
    return el.tag in _BOLD_TAGS or bool(_BOLD_STYLE.search(el.get("style") or ""))


def _centred(el: HtmlElement) -> bool:
    return (el.get("align") or "").lower() == "center" or bool(_CENTRE_STYLE.search(el.get("style") or ""))


def _all_text(cell: HtmlElement, row: HtmlElement, style: Callable[[HtmlElement], bool]) -> bool:
    """Every piece of the cell's text is set in ``style``: by the row, the cell or an element around it."""
    if style(row):
        return True
    for piece in cell.xpath(".//text()"):
        if not piece.strip():
            continue
        el = piece.getparent()
        if piece.is_tail:  # a tail belongs to the element around the one it follows
            el = el.getparent()
        while el is not None and not style(el) and el is not cell:
            el = el.getparent()
        if el is None or not style(el):
            return False
    return True


def _span(value: str | None) -> int:
    m = _LEADING_NUMBER.match(value or "")
    return max(1, int(m.group(1))) if m else 1
