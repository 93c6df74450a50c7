"""The dates a document's metadata states, taken from the article alone: never the clock, never invented.

A page's own dates only (docs/formats.md, "Dates in document metadata"):

* created: published, else created;
* modified: modified, else published, else created (a document not changed since it was made was
  last modified when it was made).

DOCX core properties and the PDF information dictionary and XMP leave out a date the page does not
give. Only where a format or a file inside it cannot do without a date (EPUB ``dcterms:modified``,
the dates of PDF/A-3 associated files, the font timestamps pinned through ``SOURCE_DATE_EPOCH``)
does an undated page get ``NO_DATE``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ..model import DateValue, Metadata

# The one stand-in for "the page gives no date", used only where a date is mandatory: the earliest
# moment a ZIP entry can record (MS-DOS epoch), which every entry of our DOCX and EPUB packages
# already carries. Fixed, so the same page always gives the same bytes; older than any web page,
# so no reader takes it for the article's date.
NO_DATE = datetime(1980, 1, 1, tzinfo=UTC)


def aware(value: datetime) -> datetime:
    """A naive time (the model asks for aware ones) read as UTC, never as the machine's zone."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def first(*dates: DateValue | None) -> datetime | None:
    """The first of ``dates`` that holds a parsed moment, timezone-aware, else None."""
    for d in dates:
        if d is not None and d.value is not None:
            return aware(d.value)
    return None


def created(md: Metadata) -> datetime | None:
    """When the document came to be: published, else created; None when the page says neither."""
    return first(md.published, md.created)


def modified(md: Metadata) -> datetime | None:
    """When the document last changed: modified, else published, else created; None when undated."""
    return first(md.modified, md.published, md.created)


def required(md: Metadata) -> datetime:
    """The modified moment for a format that must state one: the page's, else ``NO_DATE``."""
    return modified(md) or NO_DATE
