"""The visible metadata: title block and lead above the body, record table below."""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document
from docx.shared import Pt

from ...labels import colon, label
from ...model import Block, Link, Metadata, Text
from ...render.meta import metadata_rows, record_rows, shown_lead
from ...urls import display
from .inlines import add_inlines, add_text, link_target
from .styles import BYLINE, LEAD, METADATA, SUBTITLE, TITLE
from .tables import add_record_table

_BLOCK_GAP = Pt(12)


def add_front_matter(document: Document, md: Metadata) -> None:
    """Title, subtitle, one "Label: value" paragraph per metadata row (localised), then the lead.

    The author row gets the Byline style so a template can set it apart from the other rows.
    """
    if md.title:
        add_text(document.add_paragraph(style=TITLE), md.title)
    if md.subtitle:
        add_text(document.add_paragraph(style=SUBTITLE), md.subtitle)
    authors = label("authors", md.language or "en")
    paragraph = None
    for name, value in metadata_rows(md):
        paragraph = document.add_paragraph(style=BYLINE if name == authors else METADATA)
        add_text(paragraph, name + colon(md.language or "en"), bold=True)
        if md.source_url and value == display(md.source_url) and link_target(md.source_url):
            # Shown as people read it, linked to the address itself.
            add_inlines(paragraph, (Link((Text(value),), md.source_url),))
        else:
            add_text(paragraph, value)
    if lead := shown_lead(md):
        add_text(document.add_paragraph(style=LEAD), lead)
    elif paragraph is not None:
        # The Lead style's space above parts the metadata block from the body; without a lead
        # the last metadata line keeps that distance, or the body would sit tight under it.
        paragraph.paragraph_format.space_after = _BLOCK_GAP


def add_back_matter(document: Document, md: Metadata, text_width: int, blocks: Sequence[Block] = ()) -> None:
    """Content type, version, who and when, and every list-form field the body does not show
    (``blocks``), as a closing table."""
    add_record_table(document, record_rows(md, blocks), text_width)
