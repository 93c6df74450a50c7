"""Item data that SharePoint 2013+ pages carry only as inline JSON for client-side rendering.

CSR list views write ``var WPQ5ListData = {"Row": [...]}`` with ``WPQ5SchemaData`` (display names)
and then ``ctx.wpq = "WPQ5"; ctx.ListTemplateType = 301;`` (301 = blog posts). Display and edit
forms write ``var WPQ2FormCtx = {"ListData": {...}, "ListSchema": {...}}``. When such a page is
saved before the scripts ran, the values exist nowhere else (a blog post:
corpus/15-lilianeschrauwen-spo-blog-post-csr-json.html; an empty form:
corpus/09-kpc-list-dispform-empty.html). Values are flattened to text the way the rendered page shows them.
"""

from __future__ import annotations

import json
import re
from dataclasses import field
from datetime import datetime, timedelta, timezone

from lxml.html import HtmlElement

from ..patterns import compiled
from ..records import dataclass
from .dates import parse_date

_LIST_DATA = compiled(r"\b(WPQ\d+)(ListData|FormCtx)\s*=\s*\{")
_SCHEMA = compiled(r"\b(WPQ\d+)SchemaData\s*=\s*\{")
_CTX = compiled(r"ctx\.wpq\s*=\s*[\"'](WPQ\d+)[\"']")
_TEMPLATE = compiled(r"ctx\.ListTemplateType\s*=\s*(\d+)")
_LIST_TITLE = compiled(r"ctx\.ListTitle\s*=\s*\"((?:[^\"\\]|\\.)*)\"")
_DECODER = json.JSONDecoder(strict=False)  # CSR JSON may hold raw control characters in strings
# Keys of the objects SharePoint uses for person, lookup and taxonomy values, in preference order.
_VALUE_KEYS = ("title", "DisplayText", "lookupValue", "Label", "Title", "Description", "value")

BLOG_POSTS = 301  # SPListTemplateType.Posts


@dataclass(frozen=True, slots=True)
class ClientField:
    """One field of an item: internal name, display name, text value, and whether it is HTML."""

    name: str
    label: str
    value: str
    html: bool = False


@dataclass
class ClientData:
    """One CSR data set: its rows (items) with the list's schema and template."""

    wpq: str  # "WPQ5": the web part's client id
    kind: str  # "ListData" (a view) or "FormCtx" (a form)
    rows: list[dict[str, object]]
    schema: list[tuple[str, str, bool]] = field(default_factory=list)  # (name, display name, rich text)
    template: int | None = None
    list_title: str = ""

    def fields(self, row: dict[str, object]) -> list[ClientField]:
        """The row's fields in schema order (row order without a schema), empty ones included."""
        names = [(n, lbl, rich) for n, lbl, rich in self.schema] or [(k, k, False) for k in row if "." not in k]
        out = []
        for name, label, rich in names:
            raw = row.get(name)
            value = flatten(raw)
            html = rich or (isinstance(raw, str) and bool(re.search(r"<(p|div|br|img|span|a|ul|ol|table)\b", raw,
                                                                     re.IGNORECASE)))
            out.append(ClientField(name, label or name, value, html))
        return out


def flatten(raw: object) -> str:
    """A JSON value as the page would display it: people and lookups by their names, "; " joined."""
    if raw is None or raw is False:
        return ""
    if isinstance(raw, str):
        # Legacy lookup/person strings: "12;#Jane Doe" or "1;#News;#2;#Events".
        if ";#" in raw:
            parts = raw.split(";#")
            return "; ".join(p for p in parts[1::2] if p)
        return raw
    if isinstance(raw, int | float):
        return str(raw)
    if isinstance(raw, dict):
        for key in _VALUE_KEYS:
            if isinstance(raw.get(key), str) and raw[key]:
                return str(raw[key])
        return ""
    if isinstance(raw, list):
        return "; ".join(v for v in (flatten(x) for x in raw) if v)
    return str(raw)


def _js_string(body: str) -> str:
    """The value of a double-quoted JavaScript string literal's body (``\u00E9`` escapes and all)."""
    try:
        return str(json.loads(f'"{body}"'))
    except json.JSONDecodeError:
        return body


def _object_at(text: str, start: int) -> object:
    try:
        value, _ = _DECODER.raw_decode(text, start)
    except json.JSONDecodeError:
        return None
    return value


def client_data(root: HtmlElement) -> list[ClientData]:
    """Every CSR data set in the page's scripts, in page order."""
    found: list[ClientData] = []
    schemas: dict[str, list[tuple[str, str, bool]]] = {}
    extras: dict[str, tuple[int | None, str]] = {}
    for script in root.iter("script"):
        text = script.text or ""
        if "WPQ" not in text:
            continue
        for m in _SCHEMA.finditer(text):
            data = _object_at(text, m.end() - 1)
            if isinstance(data, dict) and isinstance(data.get("Field"), list):
                schemas[m.group(1)] = [(str(f.get("Name", "")), str(f.get("DisplayName", "")),
                                        str(f.get("RichText", "")).upper() == "TRUE")
                                       for f in data["Field"] if isinstance(f, dict)]
        for m in _CTX.finditer(text):
            segment = text[m.end():m.end() + 6000]
            nxt = _CTX.search(segment)
            segment = segment[:nxt.start()] if nxt else segment
            template, title = _TEMPLATE.search(segment), _LIST_TITLE.search(segment)
            extras[m.group(1)] = (int(template.group(1)) if template else None,
                                  _js_string(title.group(1)) if title else "")
        for m in _LIST_DATA.finditer(text):
            data = _object_at(text, m.end() - 1)
            if not isinstance(data, dict):
                continue
            wpq, kind = m.group(1), m.group(2)
            if kind == "ListData" and isinstance(data.get("Row"), list):
                rows = [r for r in data["Row"] if isinstance(r, dict)]
                found.append(ClientData(wpq, kind, rows))
            elif kind == "FormCtx" and isinstance(data.get("ListData"), dict):
                schema = data.get("ListSchema") if isinstance(data.get("ListSchema"), dict) else {}
                cols = [(str(k), str(v.get("Title", k)), bool(v.get("RichText")) or v.get("RichTextMode") in (1, 2))
                        for k, v in (schema or {}).items() if isinstance(v, dict)]
                attributes = data.get("ListAttributes")
                template = attributes.get("ListTemplateType") if isinstance(attributes, dict) else None
                found.append(ClientData(wpq, kind, [data["ListData"]], cols,
                                        template if isinstance(template, int) else None))
    for data in found:
        if not data.schema and data.wpq in schemas:
            data.schema = schemas[data.wpq]
        if data.wpq in extras:
            data.template = data.template if data.template is not None else extras[data.wpq][0]
            data.list_title = extras[data.wpq][1]
    return found


def local_time(row: dict[str, object], name: str, text: str, language: str) -> datetime | None:
    """The shown wall-clock time with the site's UTC offset, when the row also gives ISO 8601 UTC.

    SharePoint 2013 writes ``PublishedDate`` in the site's zone and culture ("06/09/2012 00:17")
    and ``PublishedDate.ISO8601`` in UTC; their difference is the site's offset, so the time on
    the page is kept, never shifted. The UTC moment also settles day-first against month-first.
    """
    parsed = parse_date(text, language)
    iso = row.get(name + ".ISO8601")
    if not isinstance(iso, str):
        return parsed
    try:
        utc = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return parsed
    for candidate in (parsed, parse_date(text, "en"), parse_date(text, "vi")):
        if candidate is None:
            continue
        offset = candidate.replace(tzinfo=None) - utc.replace(tzinfo=None)
        minutes = offset.total_seconds() / 60
        if abs(minutes) <= 14 * 60 and minutes % 15 == 0:  # zones are whole quarter hours
            return candidate.replace(tzinfo=timezone(timedelta(minutes=int(minutes))))
    return parsed


def hydrate(root: HtmlElement, data: list[ClientData]) -> None:
    """Fill SharePoint 2013's empty form placeholders from FormCtx, as its scripts would.

    CSR display forms and their footers write ``<span data-sp-control="SPFieldText"
    data-sp-options='{"mode":1,"source":"Title"}'>`` and leave the value to the script (corpus
    09). Rich text values are parsed into the placeholder; other values become its text.
    """
    forms = [d for d in data if d.kind == "FormCtx" and d.rows]
    if not forms:
        return
    import lxml.html
    from lxml import etree

    for span in root.xpath("//*[@data-sp-control][@data-sp-options]"):
        try:
            options = json.loads(span.get("data-sp-options") or "")
        except json.JSONDecodeError:
            continue
        name = options.get("source") if isinstance(options, dict) else None
        form = next((f for f in forms if (span.get("id") or "").startswith(f.wpq)), forms[0])
        if not isinstance(name, str) or name not in form.rows[0] or len(span) or (span.text or "").strip():
            continue
        raw = form.rows[0][name]
        value = flatten(raw)
        if isinstance(raw, str) and re.search(r"<(p|div|br|img|span|a|ul|ol|table)\b", raw, re.IGNORECASE):
            try:
                holder = lxml.html.fragment_fromstring(raw, create_parent="div")
            except (etree.ParserError, ValueError):
                span.text = value
                continue
            span.append(holder)
        else:
            span.text = value
