"""Tables: grid layout of spanning cells, merges, repeating header rows, caption above."""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt
from docx.table import Table as DocxTable

from ...model import Strong, Table, TableCell
from ...walk import plain_text
from .inlines import add_inlines, add_text
from .page import last_section
from .styles import CAPTION, METADATA, TABLE_GRID, TABLE_TEXT

# (row, grid column, row span, column span, cell) for every cell of the model table.
Placed = tuple[int, int, int, int, TableCell]


def layout(table: Table) -> tuple[list[Placed], int]:
    """Where each cell sits on the grid, honouring colspan and cells covered by a rowspan above.

    Spans that would overlap another cell (malformed page tables) are shrunk so that every grid
    slot belongs to one cell: Word's merges must be rectangles that do not intersect.
    """
    n_rows = len(table.rows)
    taken: set[tuple[int, int]] = set()
    placed: list[Placed] = []
    for r, row in enumerate(table.rows):
        col = 0
        for cell in row.cells:
            while (r, col) in taken:
                col += 1
            cs = 1
            while cs < max(cell.colspan, 1) and (r, col + cs) not in taken:
                cs += 1
            rs = 1
            while rs < min(max(cell.rowspan, 1), n_rows - r) and not any(
                (r + rs, col + dc) in taken for dc in range(cs)
            ):
                rs += 1
            taken.update((r + dr, col + dc) for dr in range(rs) for dc in range(cs))
            placed.append((r, col, rs, cs, cell))
            col += cs
    width = max((c for _, c in taken), default=-1) + 1
    return placed, width


# Column widths by content, as a browser's automatic table layout (CSS 2.1 §17.5.2.2) sizes the
# PDF's tables: each column's minimum is its longest word, its maximum its longest text, counted
# in characters of the "Table Text" style (11 pt: about 5.5 pt a character on average).
_CHAR = Pt(5.5)
_CELL_PADDING = 2  # characters of cell margins and border per column
_LONG_WORD = 24  # a URL or a code counts as this long: it may break rather than squeeze the others
_MIN_SHARE = 0.08  # no column narrower than this share of the text width


def column_widths(placed: Sequence[Placed], columns: int, text_width: int) -> list[int]:
    """EMU widths of ``columns`` grid columns summing to ``text_width``, each proportional to what
    its cells hold: a column of short numbers stays narrow, the column of sentences gets the room.

    Cells spanning several columns are left out of the measure (their text spreads over them).
    """
    lo, hi = [1] * columns, [1] * columns
    for _, c, _, cs, cell in placed:
        if cs != 1:
            continue
        text = " ".join(plain_text(cell.children).split())
        words = text.split() or [""]
        lo[c] = max(lo[c], min(max(len(w) for w in words), _LONG_WORD) + _CELL_PADDING)
        hi[c] = max(hi[c], len(text) + _CELL_PADDING)
    room = text_width / _CHAR
    if sum(hi) <= room:
        want = [float(h) for h in hi]  # everything fits on one line: the spare room shared alike
    elif sum(lo) >= room:
        want = [float(w) for w in lo]
    else:  # each column its longest word, and the rest of the room shared by what would wrap
        spare = (room - sum(lo)) / (sum(hi) - sum(lo))
        want = [w + (h - w) * spare for w, h in zip(lo, hi, strict=True)]
    floor = min(_MIN_SHARE, 1 / columns) * text_width
    share = [x / sum(want) * text_width for x in want]
    # Raise narrow columns to the floor, taking the difference from the others in proportion.
    narrow = [x < floor for x in share]
    if any(narrow) and not all(narrow):
        free = text_width - floor * sum(narrow)
        wide_total = sum(x for x, n in zip(share, narrow, strict=True) if not n)
        share = [floor if n else x * free / wide_total for x, n in zip(share, narrow, strict=True)]
    widths = [int(x) for x in share]
    widths[-1] += text_width - sum(widths)  # whole EMUs, and the columns fill the text width exactly
    return widths


def _new_table(document: Document, rows: int, cols: int) -> DocxTable:
    """``document.add_table(rows, cols)``, but sized from the last section in constant time
    (``Document.add_table`` asks ``document.sections``, an XPath over the whole body)."""
    return document._body.add_table(rows, cols, Emu(_text_width(document)))


def _text_width(document: Document) -> int:
    section = last_section(document)
    if section.page_width is None or section.left_margin is None or section.right_margin is None:
        return int(Emu(5760720))  # A4 with 2.5 cm margins
    return int(section.page_width - section.left_margin - section.right_margin)


def _set_widths(out: DocxTable, widths: Sequence[int]) -> None:
    """w:gridCol (what LibreOffice lays out by) and w:tcW of every w:tc, merged ones included
    (what Word lays out by): a cell spanning columns gets their sum."""
    for column, w in zip(out.columns, widths, strict=True):
        column.width = Emu(w)
    for tr in out._tbl.tr_lst:
        col = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Emu(sum(widths[col:col + span]))
            col += span


def _repeat_header(table: DocxTable, count: int) -> None:
    # w:trPr/w:tblHeader repeats the row at the top of every page the table runs onto; Word
    # honours it only on a contiguous run of rows starting with the first.
    for row in list(table.rows)[:count]:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:tblHeader"))


# w:tblLook bits (ECMA-376 §17.4.56): which conditional formats of the table style apply.
_LOOK = {"w:firstRow": 0x0020, "w:lastRow": 0x0040, "w:firstColumn": 0x0080, "w:lastColumn": 0x0100,
         "w:noHBand": 0x0200, "w:noVBand": 0x0400}


def _look(table: DocxTable, *, first_row: bool, first_column: bool) -> None:
    """Turn the style's header-row and first-column formats on or off (Word's "Table Style Options")."""
    flags = {"w:firstRow": first_row, "w:lastRow": False, "w:firstColumn": first_column, "w:lastColumn": False,
             "w:noHBand": True, "w:noVBand": True}
    tbl_pr = table._tbl.tblPr
    look = tbl_pr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        tbl_pr.append(look)  # w:tblLook is the last child of CT_TblPr
    for attr, on in flags.items():
        look.set(qn(attr), "1" if on else "0")
    # The legacy hex form, which Word 2007 reads instead of the attributes.
    look.set(qn("w:val"), f"{sum(_LOOK[a] for a, on in flags.items() if on):04X}")


def _cell_style(table: DocxTable, document: Document) -> None:
    """Cells get "Table Text": the body's justified, spaced paragraphs look wrong in narrow cells."""
    style = document.styles[TABLE_TEXT]
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.style = style


def add_table(document: Document, table: Table) -> None:
    """The model table as a "Table Grid" table, its caption above in the Caption style."""
    if table.caption:
        caption = document.add_paragraph(style=CAPTION)
        caption.paragraph_format.keep_with_next = True  # a caption above must not end a page
        add_inlines(caption, table.caption)
    placed, width = layout(table)
    if not table.rows or width == 0:
        return
    out = _new_table(document, len(table.rows), width)
    out.style = TABLE_GRID
    for r, c, rs, cs, _ in placed:
        if rs > 1 or cs > 1:
            out.cell(r, c).merge(out.cell(r + rs - 1, c + cs - 1))
    _set_widths(out, column_widths(placed, width, _text_width(document)))
    # Cells are looked up one row at a time: Table.cell() rebuilds the whole grid on every call.
    rows = [row.cells for row in out.rows]
    for r, c, _, _, cell in placed:
        paragraph = rows[r][c].paragraphs[0]
        add_inlines(paragraph, (Strong(cell.children),) if cell.header else cell.children)
    _cell_style(out, document)
    header_rows = min(table.header_rows, len(table.rows))
    _repeat_header(out, header_rows)
    _look(out, first_row=header_rows > 0, first_column=False)


def add_record_table(document: Document, rows: Sequence[tuple[str, str]], text_width: int) -> None:
    """The record-keeping rows (label, value) as a two-column table closing the document.

    The label column uses the table style's first-column format; its cells are in the Metadata
    style like the block under the title.
    """
    if not rows:
        return
    out = _new_table(document, len(rows), 2)
    out.style = TABLE_GRID
    _look(out, first_row=False, first_column=True)
    widths = (Emu(text_width * 3 // 10), Emu(text_width - text_width * 3 // 10))
    for column, w in zip(out.columns, widths, strict=True):
        column.width = w
    style = document.styles[METADATA]
    for (name, value), row in zip(rows, out.rows, strict=True):
        for i, (cell, text, w) in enumerate(zip(row.cells, (name, value), widths, strict=True)):
            cell.width = w  # w:tcW; Word lays out by cell widths, LibreOffice by w:gridCol
            paragraph = cell.paragraphs[0]
            paragraph.style = style
            add_text(paragraph, text, bold=i == 0)
