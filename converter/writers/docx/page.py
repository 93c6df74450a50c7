"""Page setup: paper size, margins and a "Page n of m" footer."""

from __future__ import annotations

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.section import Section
from docx.shared import Cm, Inches, Length, Mm

from ...labels import label
from .fields import add_field
from .inlines import add_text
from .styles import FOOTER

PAPER: dict[str, tuple[Length, Length]] = {
    "A4": (Mm(210), Mm(297)),
    "A5": (Mm(148), Mm(210)),
    "LETTER": (Inches(8.5), Inches(11)),
}


def last_section(document: Document) -> Section:
    """``document.sections[-1]`` without its cost: python-docx finds every section's properties
    with an XPath over the whole body, so asking once per figure or table made a bulletin of n
    articles take n² time. The last section's properties are the body's own ``w:sectPr``."""
    body = document.element.body
    sect_pr = body.sectPr
    if sect_pr is None:
        return document.sections[-1]
    return Section(sect_pr, document.part)


def setup_page(document: Document, paper: str, language: str, *, own_layout: bool = True) -> tuple[int, bool]:
    """Size the (single) section; returns the text width in EMU and whether our footer was added.

    With the shipped template the margins and footer are ours; a user's template keeps its own
    margins, and its own header and footer when it has them.
    """
    width, height = PAPER.get(paper.upper(), PAPER["A4"])
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = width
    section.page_height = height
    if own_layout:
        margin = Cm(2) if paper.upper() == "A5" else Cm(2.5)
        section.left_margin = section.right_margin = margin
        section.top_margin = section.bottom_margin = margin
        section.header_distance = section.footer_distance = Cm(1.25)
    footer = own_layout or section.footer.is_linked_to_previous
    if footer:
        _footer(document, language)
    # Read back: the section stores twips, and the text width Word lays out is made of those.
    page = section.page_width if section.page_width is not None else width
    left = section.left_margin if section.left_margin is not None else Cm(2.5)
    right = section.right_margin if section.right_margin is not None else Cm(2.5)
    return int(page - left - right), footer


def _footer(document: Document, language: str) -> None:
    footer = document.sections[0].footer
    footer.is_linked_to_previous = False  # gives the section its own footer part (footer1.xml)
    paragraph = footer.paragraphs[0]
    paragraph.style = document.styles[FOOTER]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # Cached results are placeholders: Word and LibreOffice recompute PAGE/NUMPAGES when laying
    # out headers and footers, so no "update fields" prompt is needed.
    add_text(paragraph, f"{label('page', language)} ")
    add_field(paragraph, "PAGE", "1")
    add_text(paragraph, f" {label('of', language)} ")
    add_field(paragraph, "NUMPAGES", "1")
