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


def _fold(s: str) -> str:
    return _squash(s).casefold()


def shown_lead(md: Metadata) -> str:
    """The lead as the writers print it: "" when it only repeats the title (many portals fill the
    summary field with the title), which stays in the model and the JSON."""
    return "" if _fold(md.lead) == _fold(md.title) else md.lead


# What a page field is called when it holds what the header prints without a label. A field under
# another label ("Last Name" holding the title) keeps its row: its label says something the header does not.
_UNLABELLED_NAMES = {
    "title": frozenset({"title", "tiêu đề", "titre", "titel", "título", "titolo", "العنوان", "tên bài", "tên"}),
    "subtitle": frozenset({"subtitle", "phụ đề", "sous-titre", "untertitel", "subtítulo"}),
    "lead": frozenset({"lead", "summary", "description", "sapo", "tóm tắt", "mô tả", "trích yếu", "chapeau",
                       "résumé", "chapô", "zusammenfassung", "resumen", "sommario", "ملخص", "byline",
                       "page content summary"}),
}


def _already_shown(name: str, value: str, shown: dict[str, set[str]], unlabelled: dict[str, str]) -> bool:
    """Whether the header shows this field: the same value under the same label or, for a value
    that cannot be a coincidence (words, a date), under any label of the metadata block. A short
    number — a page count, a view count — may mean something else. The title, subtitle and lead
    are printed without a label, so a field holding one of them is dropped only when its label
    says the same ("Title"): "Last Name: Kowalski" keeps what its label tells."""
    folded = _fold(value)
    if folded in unlabelled and _fold(name) in _UNLABELLED_NAMES[unlabelled[folded]]:
        return True
    labels = shown.get(folded)
    if labels is None:
        return False
    return _fold(name) in labels or any(c.isalpha() for c in value) or len(_squash(value)) >= 6


def _header_values(md: Metadata) -> dict[str, set[str]]:
    """Folded value → folded labels of the metadata block's rows (what the header prints with a label)."""
    out: dict[str, set[str]] = {}
    for name, value in metadata_rows(md):
        if value:
            out.setdefault(_fold(value), set()).add(_fold(name))
    return out


def _unlabelled(md: Metadata) -> dict[str, str]:
    """Folded value → the folded key of what the header prints without a label: title, subtitle, lead."""
    pairs = [("title", md.title), ("subtitle", md.subtitle), ("lead", shown_lead(md))]
    return {_fold(value): key for key, value in reversed(pairs) if value}


def record_rows(md: Metadata, blocks: Sequence[Block] = ()) -> list[tuple[str, str]]:
    """The record-keeping rows (content type, version, who and when) plus every page field.

    Writers print these at the end of the article so that nothing the page says is lost; a field
    the body already shows as a table row (``blocks``), or the header shows, is not printed twice.
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
    # A page field the header already prints (the title, the category, the author, the date) is
    # not printed again at the end.
    header, unlabelled = _header_values(md), _unlabelled(md)
    out.extend((f.label, f.value) for f in md.fields if (_squash(f.label), _squash(f.value)) not in shown
               and not _already_shown(f.label, f.value, header, unlabelled))
    return out
