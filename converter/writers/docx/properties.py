"""Document properties from the article: ``docProps/core.xml`` and ``docProps/custom.xml``.

python-docx writes core properties but knows nothing of custom ones, so the custom part is built
here and added through its OPC layer (a Part related from the package). Nothing comes from the
clock or the template: the same article gives the same parts, and a date the page lacks is absent.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from ...model import DateValue, Field, Metadata
from .. import moments
from .inlines import xml_text

_TEXT_LIMIT = 255  # python-docx refuses longer core strings; Word edits custom text up to 255 too
CUSTOM_PART = "/docProps/custom.xml"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
# Every user-defined property carries this format id (ECMA-376 Part 1 §22.3.2.2, "fmtid").
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_FIRST_PID = 2  # pids 0 and 1 are reserved
# List-form fields that say where the item is in its approval workflow (SharePoint's internal
# name, then labels as portals print them): their value is the content status.
_STATUS_NAMES = {"_moderationstatus", "_status", "approvalstatus"}
_STATUS_LABELS = {"approval status", "status", "trạng thái", "trạng thái phê duyệt", "trạng thái duyệt"}
# Without such a field, a page that carries a publication date was published.
PUBLISHED = "Published"


def _utc(moment: datetime | None) -> datetime | None:
    # python-docx writes strftime("...Z") without converting: hand it UTC.
    return moment.astimezone(UTC) if moment is not None else None


def _moment(*dates: DateValue | None) -> datetime | None:
    return _utc(moments.first(*dates))


def _clip(s: str) -> str:
    s = xml_text(" ".join(s.split()))
    return s if len(s) <= _TEXT_LIMIT else s[: _TEXT_LIMIT - 1] + "…"


def content_status(md: Metadata) -> str:
    """The page's approval status when a list-form field gives it, else "Published" when dated."""
    for f in md.fields:
        if f.name.lower() in _STATUS_NAMES or f.label.strip().rstrip(":").lower() in _STATUS_LABELS:
            return f.value
    return PUBLISHED if md.published is not None else ""


def set_core_properties(document: Document, md: Metadata, language: str) -> None:
    """docProps/core.xml from the article alone: no template leftovers, no clock."""
    props = document.core_properties
    root = props._element
    for child in list(root):
        root.remove(child)
    text = {
        "title": md.title,
        # The page's authors; a list item without a byline was at least created by someone.
        "author": "; ".join(md.authors) or md.created_by,
        # Word binds its "Subtitle" cover-page control to dc:subject; the lead goes to comments.
        "subject": md.subtitle or md.category,
        "comments": md.lead,
        "keywords": "; ".join(k for k in (md.category, *md.tags) if k),
        "category": md.category,
        "last_modified_by": md.modified_by,
        "language": language,
        "identifier": md.source_url,
        "content_status": content_status(md),
        "version": md.version,
    }
    for name, value in text.items():
        if value:
            setattr(props, name, _clip(value))
    props.revision = 1
    # A date the page does not give is left out (ECMA-376 Part 2 makes both optional), not invented.
    created, modified = _utc(moments.created(md)), _utc(moments.modified(md))
    if created is not None:
        props.created = created
    if modified is not None:
        props.modified = modified


def _unique(names: Iterable[str]) -> list[str]:
    """Property names made unique ("Trạng thái", "Trạng thái (2)"): Word keys custom properties by name."""
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        candidate, n = name, 2
        while candidate.casefold() in seen:
            candidate, n = f"{name} ({n})", n + 1
        seen.add(candidate.casefold())
        out.append(candidate)
    return out


def custom_properties(md: Metadata) -> list[tuple[str, str, str]]:
    """(name, vt type, value) for each custom property, in a fixed order; empty values left out.

    Record-keeping values have fixed English names that scripts can rely on; list-form fields keep
    the label the page showed.
    """
    rows: list[tuple[str, str, str]] = []
    if md.views is not None:
        rows.append(("Views", "i4", str(md.views)))
    created = _moment(md.created)
    for name, value in (("Content Type", md.content_type), ("Version", md.version), ("Site", md.site_name),
                        ("Created By", md.created_by)):
        if value:
            rows.append((name, "lpwstr", value))
    if created is not None:
        rows.append(("Created", "filetime", created.strftime("%Y-%m-%dT%H:%M:%SZ")))
    fields: list[Field] = [f for f in md.fields if f.value.strip() and (f.label or f.name).strip()]
    rows.extend((f.label or f.name, "lpwstr", f.value) for f in fields)
    names = _unique(_clip(name) for name, _, _ in rows)
    return [(name, kind, _clip(value)) for name, (_, kind, value) in zip(names, rows, strict=True)]


def custom_xml(rows: list[tuple[str, str, str]]) -> bytes:
    """The ``docProps/custom.xml`` payload: one ``property`` per row, pids counted from 2."""
    # Parsed rather than built: the custom-properties namespace is the default one, as Word writes it.
    root = etree.fromstring(f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}"/>')
    for pid, (name, kind, value) in enumerate(rows, start=_FIRST_PID):
        prop = etree.SubElement(root, f"{{{_CUSTOM_NS}}}property", fmtid=_FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{_VT_NS}}}{kind}").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_custom_properties(document: Document, md: Metadata) -> None:
    """Replace any custom properties part of the template with the article's (none when empty)."""
    package = document.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            del package.rels[r_id]  # the template's part is no longer reachable, so it is not saved
    rows = custom_properties(md)
    if not rows:
        return
    part = Part(PackURI(CUSTOM_PART), CT.OFC_CUSTOM_PROPERTIES, custom_xml(rows), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)
