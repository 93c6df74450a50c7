"""Metadata: title block and lead above the body, record table below, core document properties."""

from __future__ import annotations

from datetime import UTC, datetime

from docx.document import Document

from ...model import DateValue, Link, Metadata, Text
from ...render.meta import metadata_rows, record_rows
from .inlines import add_inlines, add_text, link_target, xml_text
from .styles import LEAD, METADATA, SUBTITLE, TITLE
from .tables import add_record_table

# Used when the page gives no date: a fixed moment keeps the output reproducible ("now" would not).
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_CORE_TEXT_LIMIT = 255  # python-docx refuses longer core-property strings


def add_front_matter(document: Document, md: Metadata) -> None:
    """Title, subtitle, one "Label: value" paragraph per metadata row, then the lead."""
    if md.title:
        add_text(document.add_paragraph(style=TITLE), md.title)
    if md.subtitle:
        add_text(document.add_paragraph(style=SUBTITLE), md.subtitle)
    for name, value in metadata_rows(md):
        paragraph = document.add_paragraph(style=METADATA)
        add_text(paragraph, f"{name}: ", bold=True)
        if value == md.source_url and link_target(value):
            add_inlines(paragraph, (Link((Text(value),), value),))
        else:
            add_text(paragraph, value)
    if md.lead:
        add_text(document.add_paragraph(style=LEAD), md.lead)


def add_back_matter(document: Document, md: Metadata, text_width: int) -> None:
    """Content type, version, who and when, and every list-form field, as a closing table."""
    add_record_table(document, record_rows(md), text_width)


def _moment(*dates: DateValue | None) -> datetime:
    for d in dates:
        if d is not None and d.value is not None:
            # python-docx writes strftime("...Z") without converting: hand it UTC.
            value = d.value if d.value.tzinfo else d.value.replace(tzinfo=UTC)
            return value.astimezone(UTC)
    return EPOCH


def _clip(s: str) -> str:
    s = xml_text(" ".join(s.split()))
    return s if len(s) <= _CORE_TEXT_LIMIT else s[: _CORE_TEXT_LIMIT - 1] + "…"


def set_core_properties(document: Document, md: Metadata, language: str) -> None:
    """docProps/core.xml from the article alone: no template leftovers, no clock."""
    props = document.core_properties
    root = props._element
    for child in list(root):
        root.remove(child)
    text = {
        "title": md.title,
        "author": "; ".join(md.authors),
        "subject": md.lead,
        "comments": md.lead,
        "keywords": "; ".join(k for k in (md.category, *md.tags) if k),
        "category": md.category,
        "last_modified_by": md.modified_by,
        "language": language,
        "identifier": md.source_url,
    }
    for name, value in text.items():
        if value:
            setattr(props, name, _clip(value))
    props.revision = 1
    props.created = _moment(md.published, md.created, md.modified)
    props.modified = _moment(md.modified, md.published, md.created)
