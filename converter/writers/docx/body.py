"""The article body: every block kind, dispatched with ``match`` and ``assert_never``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import assert_never

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from ...diagnostics import Warning
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
from .styles import LIST_PARAGRAPH, QUOTE, SIGNATURE, heading_style
from .tables import add_table


class BodyWriter:
    """Appends blocks to the document, tracking list depth and quotes for paragraph styles."""

    def __init__(self, document: Document, article: Article, text_width: int) -> None:
        self.document = document
        self.numbering = ListNumbering(document)
        self.figures = FigureWriter(document, article, text_width)
        self.warnings: list[Warning] = []
        self._quote_depth = 0
        self._list_level: int | None = None  # level of the list item being written, if any

    def blocks(self, blocks: Iterable[Block]) -> None:
        for block in blocks:
            self.block(block)

    def block(self, block: Block) -> None:
        match block:
            case Paragraph():
                self._paragraph(block.children)
            case Heading():
                add_inlines(self.document.add_paragraph(style=heading_style(block.level)), block.children)
            case ListBlock():
                self._list(block)
            case Table():
                add_table(self.document, block)
            case Figure():
                self.warnings.extend(self.figures.add(block))
            case Quote():
                self._quote_depth += 1
                try:
                    self.blocks(block.blocks)
                finally:
                    self._quote_depth -= 1
            case Signature():
                add_inlines(self.document.add_paragraph(style=SIGNATURE), block.children)
            case Rule():
                self._rule()
            case _:
                assert_never(block)

    def _paragraph(self, children: tuple[Inline, ...]) -> DocxParagraph:
        if self._quote_depth:
            paragraph = self.document.add_paragraph(style=QUOTE)
        elif self._list_level is not None:
            # A second paragraph of a list item: unnumbered, aligned with the item's text.
            paragraph = self.document.add_paragraph(style=LIST_PARAGRAPH)
            paragraph.paragraph_format.left_indent = indent(self._list_level)
        else:
            paragraph = self.document.add_paragraph()
        add_inlines(paragraph, children)
        return paragraph

    def _list(self, block: ListBlock) -> None:
        level = 0 if self._list_level is None else self._list_level + 1
        num_id = self.numbering.new_list(block.ordered, level, block.start)
        outer = self._list_level
        for item in block.items:
            rest: tuple[Block, ...] = item.blocks
            if rest and isinstance(rest[0], Paragraph):
                paragraph = self.document.add_paragraph(style=LIST_PARAGRAPH)
                add_inlines(paragraph, rest[0].children)
                rest = rest[1:]
            else:
                # The item starts with a nested list, a figure…: an empty numbered paragraph keeps
                # the item's number or bullet in place.
                paragraph = self.document.add_paragraph(style=LIST_PARAGRAPH)
            self.numbering.apply(paragraph, num_id, level)
            self._list_level = level
            try:
                self.blocks(rest)
            finally:
                self._list_level = outer

    def _rule(self) -> None:
        paragraph = self.document.add_paragraph()
        # A horizontal rule is a paragraph with a bottom border (w:pPr/w:pBdr/w:bottom); pBdr
        # sits after w:numPr and before w:spacing in CT_PPr, and the new pPr has no such children.
        p_pr = paragraph._p.get_or_add_pPr()
        border = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for attr, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
            bottom.set(qn(attr), value)
        border.append(bottom)
        p_pr.append(border)
