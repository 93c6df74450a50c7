"""Bounds on what WeasyPrint is asked to lay out, for inputs whose layout cost has none.

Two shapes of article make WeasyPrint slow without limit, however fast our own code is:

* A "word" of thousands of characters with no break opportunity (a pasted base64 blob, a row of
  dashes). The stylesheet lets it break anywhere (``overflow-wrap: anywhere``), but to find each
  line WeasyPrint has Pango lay out all the rest of the word: quadratic in its length (100,000
  characters took minutes). A zero-width space every ``BREAK_EVERY`` characters gives Pango a
  break opportunity within the text it measures, so each line costs the same. The printed lines
  break where ``anywhere`` would have broken them; only the invisible character is added.
* A table of very many cells. Each cell costs WeasyPrint time and tens of kilobytes (a 300 × 300
  table took minutes and 2 GB), and a grid that wide cannot be read on paper anyway. A table of
  more than ``MAX_TABLE_CELLS`` cells is printed as one paragraph per row, its cells in order
  separated by a bar, with a ``large-table`` warning: every cell's text is kept.

Both apply to the XHTML the PDF writer hands WeasyPrint, not to the model: JSON, DOCX and EPUB
keep the article as it is.
"""

from __future__ import annotations

import unicodedata

from lxml import etree

from ...diagnostics import Diagnostic
from ...model import Article, Table
from ...patterns import compiled
from ...render.html import XHTML_NS
from ...walk import iter_blocks

LONG_WORD = 1000  # characters; no word of any language is this long
BREAK_EVERY = 20  # well under a line of the narrowest column Pango is handed text for
MAX_TABLE_CELLS = 4000  # a 63 × 63 grid; the largest tables of news pages have a few hundred
ZWSP = "\u200b"
CELL_SEPARATOR = " | "

# Runs of characters between which Unicode line breaking (UAX #14) finds no opportunity by itself.
# Scripts written without spaces are left out: Pango breaks Thai, Lao, Khmer and Myanmar text with
# its dictionaries and CJK between any two characters, so their runs are not one long word.
_NO_BREAK_RUN = compiled(r"[^\s\u200b\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u9fff\uac00-\ud7af"
                         r"\uf900-\ufaff\uff00-\uffef]{" + str(LONG_WORD) + ",}")


def _with_breaks(run: str) -> str:
    """``run`` with a zero-width space about every ``BREAK_EVERY`` characters, never before a
    combining mark (which would be drawn apart from its letter)."""
    out: list[str] = []
    since = 0
    for ch in run:
        if since >= BREAK_EVERY and not unicodedata.combining(ch):
            out.append(ZWSP)
            since = 0
        out.append(ch)
        since += 1
    return "".join(out)


def break_long_words(text: str) -> str:
    """``text`` with break opportunities inside every run of ``LONG_WORD`` or more characters."""
    if len(text) < LONG_WORD:
        return text
    return _NO_BREAK_RUN.sub(lambda m: _with_breaks(m.group(0)), text)


def _cells(table: Table) -> int:
    return sum(len(row.cells) for row in table.rows)


def large_tables(article: Article) -> list[Diagnostic]:
    """A ``large-table`` warning for each table the PDF prints as rows of paragraphs."""
    warnings = []
    tables = [b for b in iter_blocks(article.blocks) if isinstance(b, Table)]
    for number, table in enumerate(tables, 1):
        cells = _cells(table)
        if cells > MAX_TABLE_CELLS:
            warnings.append(Diagnostic(
                "large-table", f"table {number} has {cells} cells (more than {MAX_TABLE_CELLS}): the PDF prints "
                f"it as one paragraph per row, its cells separated by '{CELL_SEPARATOR.strip()}'; no text is "
                "left out", f"table {number}"))
    return warnings


def _q(tag: str) -> str:
    return f"{{{XHTML_NS}}}{tag}"


def _append_text(el: etree._Element, text: str | None) -> None:
    """Add ``text`` at the end of ``el``'s content: to its last child's tail, or to its text."""
    if not text:
        return
    if len(el):
        el[-1].tail = (el[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text


def _rows_as_paragraphs(table: etree._Element) -> etree._Element:
    """``<div class="table-rows">``: a ``<p>`` per row of ``table``, its cells' content in order.

    Cells are not wrapped in elements of their own: a row of plain cells is one text, the cheapest
    thing to lay out; a cell's own markup (bold, links) is kept.
    """
    out = etree.Element(_q("div"), {"class": "table-rows"})
    if table.get("id"):
        out.set("id", table.get("id") or "")
    caption = table.find(_q("caption"))
    if caption is not None:
        caption.tag = _q("p")
        caption.set("class", "table-caption")
        out.append(caption)
    for tr in table.iter(_q("tr")):
        parent = tr.getparent()
        header = parent is not None and parent.tag == _q("thead")
        p = etree.SubElement(out, _q("p"), {"class": "table-row table-head" if header else "table-row"})
        for n, cell in enumerate(c for c in tr if c.tag in (_q("td"), _q("th"))):
            _append_text(p, CELL_SEPARATOR if n else None)
            _append_text(p, cell.text)
            for child in list(cell):
                tail, child.tail = child.tail, None
                p.append(child)
                _append_text(p, tail)
    return out


def bound(root: etree._Element) -> None:
    """Apply both bounds to the XHTML tree ``root`` of a PDF (see the module doc)."""
    for table in list(root.iter(_q("table"))):
        if table.get("class") == "table" and len(table.findall(f".//{_q('td')}")) + \
                len(table.findall(f".//{_q('th')}")) > MAX_TABLE_CELLS:
            parent = table.getparent()
            if parent is not None:
                replacement = _rows_as_paragraphs(table)
                replacement.tail = table.tail
                parent.replace(table, replacement)
    body = root.find(_q("body"))
    for el in (body if body is not None else root).iter():
        if isinstance(el.tag, str):
            if el.text and len(el.text) >= LONG_WORD:
                el.text = break_long_words(el.text)
            if el.tail and len(el.tail) >= LONG_WORD:
                el.tail = break_long_words(el.tail)
