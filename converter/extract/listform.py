"""List item display forms (DispForm.aspx): every field row, its internal name, and the body field.

SharePoint 2010 renders each field as a ``table.ms-formtable`` row: ``td.ms-formlabel`` with the
display name, ``td.ms-formbody`` with the value, preceded by the comment
``<!-- FieldName="…" FieldInternalName="…" FieldType="…" -->``. SharePoint 2013 renders the same
rows with empty ``<span data-sp-control>`` placeholders and puts the values in ``WPQnFormCtx``
(client-side rendering), so an empty cell takes its value from that JSON when the page has it.

An item with filled fields but no body (a task, a contact, an event) is shown as its fields: a
table with one "label | value" row per filled field (``fields_table``), so nothing is lost.
"""

from __future__ import annotations

from copy import deepcopy
from typing import cast

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from ..patterns import compiled
from ..records import dataclass
from .captions import decorative
from .clientside import ClientData
from .sharepoint import FIELDS_TABLE_CLASS, FORM_BODY, FORM_LABEL, FORM_ROWS
from .text import squash, text_of
from .vocabulary import FIELD_LABELS, HOUSEKEEPING_FIELDS, INTERNAL_FIELDS

_FIELD_COMMENT = compiled(r"FieldName=\"(?P<name>[^\"]*)\"\s+FieldInternalName=\"(?P<internal>[^\"]*)\"\s+"
                          r"(?:FieldType=\"(?P<type>[^\"]*)\")?")

_TAG = compiled(r"<[^>]+>")


@dataclass
class FormField:
    """One row of a list form, in page order; ``element`` is the value cell, ``html`` JSON markup."""

    label: str
    value: str
    name: str = ""
    element: HtmlElement | None = None
    html: str = ""
    kind: str = ""  # SPFieldNote, SPFieldDateTime… (from the field comment)


def mapped(label: str, name: str) -> str | None:
    """The model field an internal name or, failing that, a form label stands for, if any.

    Internal names come first: they do not depend on the site's language, and a label can be
    ambiguous ("Créé par" shows the blog post's Author field on a French blog).
    """
    return INTERNAL_FIELDS.get(name.lower()) or FIELD_LABELS.get(label.lower())


def form_fields(root: HtmlElement) -> list[FormField]:
    """Rows of list display forms, empty values included (CSR forms are hydrated beforehand)."""
    out: list[FormField] = []
    for row in FORM_ROWS(root):
        label_td, body = FORM_LABEL(row)[0], FORM_BODY(row)
        if not body:
            continue
        cell = body[0]
        label = squash(text_of(label_td).rstrip("*").strip())
        comment = "".join(str(c.text) for c in cell.iter() if not isinstance(c.tag, str) and c.text)
        m = _FIELD_COMMENT.search(comment)
        name = m["internal"] if m else ""
        kind = (m["type"] or "") if m else ""
        out.append(FormField(label, text_of(cell), name, cell, kind=kind))
    return out


def client_fields(data: ClientData, row: dict[str, object]) -> list[FormField]:
    """A CSR item's fields as form rows (for items that exist only as JSON)."""
    out = []
    for f in data.fields(row):
        if f.name.lower() in HOUSEKEEPING_FIELDS:
            continue
        body = mapped(f.label, f.name) == "body"
        value = squash(_strip_tags(f.value)) if f.html or body else squash(f.value)
        out.append(FormField(f.label, value, f.name, None, f.value if (f.html or body) else ""))
    return out


def is_body(field: FormField) -> bool:
    return mapped(field.label, field.name) == "body"


def body_field(fields: list[FormField]) -> FormField | None:
    """The field that holds the item's article text, when it has any."""
    return next((f for f in fields if is_body(f) and f.value), None)


# Model fields a body-less item's table leaves out: the title heads the document, and the record
# (content type, version, who and when) is printed by the writers' record table already.
_NOT_SHOWN = frozenset({"title", "body", "content_type", "version", "created", "modified", "created_by",
                        "modified_by"})


def shown_fields(fields: list[FormField]) -> list[FormField]:
    """The filled fields an item without a body shows as its document: all but the title, the
    (empty) body field, the record fields and housekeeping (ID, Attachments…)."""
    return [f for f in fields if f.value and mapped(f.label, f.name) not in _NOT_SHOWN
            and f.name.lower() not in HOUSEKEEPING_FIELDS]


def fields_table(fields: list[FormField]) -> HtmlElement | None:
    """A detached ``<div>`` holding a table of the item's filled fields (``th`` label, ``td``
    value), or None when no field is filled.

    Value cells keep their markup (links to people, mail addresses, web pages) without the field
    comments, scripts and decoration (presence dots), so the blocks reader sees a data table.
    """
    rows = shown_fields(fields)
    if not rows:
        return None
    holder = lxml.html.Element("div")
    table = etree.SubElement(holder, "table", {"class": FIELDS_TABLE_CLASS})
    for f in rows:
        tr = etree.SubElement(table, "tr")
        etree.SubElement(tr, "th").text = f.label or f.name
        td = etree.SubElement(tr, "td")
        source = fragment(f.html) if f.html else (deepcopy(f.element) if f.element is not None else None)
        if source is None:
            td.text = f.value
            continue
        junk = [*source.iter(etree.Comment, "script", "style"), *(i for i in source.iter("img") if decorative(i))]
        for node in junk:
            cast(HtmlElement, node).drop_tree()  # comments too (lxml.html's HtmlComment): the tail stays
        td.text = source.text
        td.extend(list(source))
    return holder


def fragment(html: str) -> HtmlElement | None:
    """Markup held in a JSON string, parsed into a detached ``div``."""
    try:
        return lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return None


def _strip_tags(html: str) -> str:
    if "<" not in html:
        return html
    import lxml.html
    from lxml import etree

    try:
        return str(lxml.html.fragment_fromstring(html, create_parent="div").text_content())
    except (etree.ParserError, ValueError):  # junk markup in a JSON value: keep it as text
        return _TAG.sub(" ", html)
