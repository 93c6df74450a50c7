"""The visible metadata of an article as (label, value) rows, localised, for every writer."""

from __future__ import annotations

from collections.abc import Sequence

from ..labels import label
from ..model import Block, DateValue, Metadata, Table
from ..urls import display
from ..walk import plain_text


def _date(d: DateValue | None) -> str:
    if d is None:
        return ""
    # The page's own wording is what readers recognise; the parsed value is in document properties.
    return d.text or (d.value.isoformat() if d.value else "")


def metadata_rows(md: Metadata) -> list[tuple[str, str]]:
    """Rows for the block under the title, in a fixed order; empty values are left out."""
    lang = md.language or "en"
    rows = [
        ("published", _date(md.published)),
        ("authors", ", ".join(md.authors)),
        ("category", md.category),
        ("tags", ", ".join(md.tags)),
        ("views", "" if md.views is None else str(md.views)),
        ("site_name", md.site_name),
        ("source", display(md.source_url)),  # readable (decoded, no :443); link targets keep the URI
    ]
    return [(label(key, lang), value) for key, value in rows if value]


def shown_in_body(blocks: Sequence[Block]) -> set[tuple[str, str]]:
    """(label, value) pairs the body shows as "label | value" rows of a table whose first cell is a
    header: a list item without a body shows its fields that way (extract.listform.fields_table)."""
    pairs: set[tuple[str, str]] = set()
    for b in blocks:
        if isinstance(b, Table):
            for row in b.rows:
                if len(row.cells) == 2 and row.cells[0].header and not row.cells[1].header:
                    pairs.add((_squash(plain_text(row.cells[0].children)), _squash(plain_text(row.cells[1].children))))
    return pairs


def _squash(s: str) -> str:
    return " ".join(s.split())


def record_rows(md: Metadata, blocks: Sequence[Block] = ()) -> list[tuple[str, str]]:
    """The record-keeping rows (content type, version, who and when) plus every page field.

    Writers print these at the end of the article so that nothing the page says is lost; a field
    the body already shows as a table row (``blocks``) is not printed twice.
    """
    lang = md.language or "en"
    rows = [
        ("content_type", md.content_type),
        ("version", md.version),
        ("created", _date(md.created)),
        ("created_by", md.created_by),
        ("modified", _date(md.modified)),
        ("modified_by", md.modified_by),
    ]
    out = [(label(key, lang), value) for key, value in rows if value]
    shown = shown_in_body(blocks)
    out.extend((f.label, f.value) for f in md.fields if (_squash(f.label), _squash(f.value)) not in shown)
    return out
