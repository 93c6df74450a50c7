"""The article body: every block kind, dispatched with ``match`` and ``assert_never``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import assert_never

from docx.document import Document
from docx.shared import Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from ...diagnostics import Diagnostic
from ...model import (
    Article,
    Block,
    Figure,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Signature,
    Table,
)
from .figures import FigureWriter
from .inlines import add_inlines
from .numbering import ListNumbering, indent
from .styles import BODY_TEXT, LIST_BULLET, LIST_CONTINUE, LIST_NUMBER, QUOTE, RULE, SIGNATURE, heading_style
from .tables import add_table

# Word puts no space below a table; the paragraph after one gets this much above it instead.
_AFTER_TABLE = Pt(9)


class BodyWriter:
    """Appends blocks to the document, tracking list depth and quotes for paragraph styles."""

    def __init__(self, document: Document, article: Article, text_width: int) -> None:
        self.document = document
        self.numbering = ListNumbering(document)
        self.figures = FigureWriter(document, article, text_width)
        self.warnings: list[Diagnostic] = []
        self._quote_depth = 0
        self._list_level: int | None = None  # level of the list item being written, if any
        self._after_table = False

    def blocks(self, blocks: Iterable[Block]) -> None:
        for block in blocks:
            self.block(block)

    def block(self, block: Block) -> None:
        after_table, self._after_table = self._after_table, False
        match block:
            case Paragraph():
                paragraph = self._paragraph(block.children)
                if after_table:
                    paragraph.paragraph_format.space_before = _AFTER_TABLE
            case Heading():
                add_inlines(self.document.add_paragraph(style=heading_style(block.level)), block.children)
            case ListBlock():
                self._list(block)
            case Table():
                add_table(self.document, block)
                self._after_table = True
            case Figure():
                self.warnings.extend(self.figures.add(block))
            case Quote():
                self._quote_depth += 1
                try:
                    self._after_table = after_table
                    self.blocks(block.blocks)
                finally:
                    self._quote_depth -= 1
            case Signature():
                add_inlines(self.document.add_paragraph(style=SIGNATURE), block.children)
            case Rule():
                # A horizontal rule is an empty paragraph whose style draws a bottom border
                # (w:pPr/w:pBdr/w:bottom in the template's "Horizontal Rule").
                self.document.add_paragraph(style=RULE)
            case _:
                assert_never(block)

    def _paragraph(self, children: tuple[Inline, ...]) -> DocxParagraph:
        if self._quote_depth:
            paragraph = self.document.add_paragraph(style=QUOTE)
        elif self._list_level is not None:
            # A second paragraph of a list item: unnumbered, aligned with the item's text.
            paragraph = self.document.add_paragraph(style=LIST_CONTINUE)
            paragraph.paragraph_format.left_indent = indent(self._list_level)
        else:
            paragraph = self.document.add_paragraph(style=BODY_TEXT)
        add_inlines(paragraph, children)
        return paragraph

    def _list(self, block: ListBlock) -> None:
        level = 0 if self._list_level is None else self._list_level + 1
        num_id = self.numbering.new_list(block.ordered, level, block.start)
        style = LIST_NUMBER if block.ordered else LIST_BULLET
        outer = self._list_level
        for item in block.items:
            rest: tuple[Block, ...] = item.blocks
            paragraph = self.document.add_paragraph(style=style)
            if rest and isinstance(rest[0], Paragraph):
                add_inlines(paragraph, rest[0].children)
                rest = rest[1:]
            # else the item starts with a nested list, a figure…: the empty numbered paragraph
            # keeps the item's number or bullet in place.
            self.numbering.apply(paragraph, num_id, level)
            self._list_level = level
            try:
                self.blocks(rest)
            finally:
                self._list_level = outer
