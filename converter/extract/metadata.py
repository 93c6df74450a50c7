"""Metadata the page states about itself: fields, footers, counters, page context, language."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from ..model import DateValue, Field
from ..normalise import clean
from .dates import parse_date
from .sharepoint import FIELD_MAP, FOOTER, VIEW_TEXT, VIEW_XPATHS, cls

_CONTEXT = re.compile(r"_spPageContextInfo\s*=\s*(\{.*?\})\s*;", re.DOTALL)
_FIELD_COMMENT = re.compile(r"FieldName=\"(?P<name>[^\"]*)\"\s+FieldInternalName=\"(?P<internal>[^\"]*)\"")
_VI_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


def squash(s: str) -> str:
    """Whitespace collapsed, invisible characters removed, NFC: how harvested values are compared."""
    return " ".join(clean(s).split())


def text_of(el: HtmlElement) -> str:
    return squash(el.text_content())


def first_text(root: HtmlElement, xpaths: tuple[str, ...]) -> tuple[str, HtmlElement | None]:
    """Text of the first element that one of ``xpaths`` finds with non-empty text."""
    for xp in xpaths:
        for el in root.xpath(xp):
            t = text_of(el)
            if t:
                return t, el
    return "", None


def page_context(root: HtmlElement) -> dict[str, str]:
    """String values of ``_spPageContextInfo`` (webTitle, siteAbsoluteUrl, serverRequestPath...)."""
    for script in root.iter("script"):
        m = _CONTEXT.search(script.text or "")
        if not m:
            continue
        try:
            data = json.loads(m.group(1))
        except json.JSONDecodeError:
            # Older pages write a JS object literal; pick "key": "value" pairs by pattern.
            pairs = re.findall(r"[\"']?(\w+)[\"']?\s*:\s*\"((?:[^\"\\]|\\.)*)\"", m.group(1))
            return {k: _js_unescape(v) for k, v in pairs}
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if isinstance(v, str)}
    return {}


def _js_unescape(s: str) -> str:
    """``\\u002f`` and ``\\/`` as JavaScript string literals write them."""
    s = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), s)
    return re.sub(r"\\(.)", r"\1", s)


def language_of(root: HtmlElement, sample: str) -> str:
    """Primary language subtag of the article text.

    Vietnamese letters in the text win over ``lang``: SP2010 portals of Vietnamese provinces were
    mostly installed in English and say ``lang="en-us"`` on every page.
    """
    letters = sum(1 for c in sample if c.isalpha())
    vi_letters = len(_VI_LETTERS.findall(sample))
    if vi_letters >= 3 and vi_letters >= 0.02 * letters:
        return "vi"
    lang = (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()
    return lang.split("-")[0].lower() if lang else "en"


def views_of(root: HtmlElement) -> int | None:
    for xp in VIEW_XPATHS:
        for el in root.xpath(xp):
            digits = re.sub(r"\D", "", text_of(el))
            if digits:
                return int(digits)
    for el in root.iter("span", "div", "td", "p", "li"):
        t = text_of(el)
        if len(t) < 120 and (m := VIEW_TEXT.search(t)):
            return int(re.sub(r"\D", "", m["n"] or m["m"]))
    return None


@dataclass
class FormField:
    label: str
    value: str
    name: str
    element: HtmlElement


def form_fields(root: HtmlElement) -> list[FormField]:
    """Rows of list display forms (``table.ms-formtable``), in page order, empty values included."""
    out: list[FormField] = []
    for row in root.xpath(f"//table[{cls('ms-formtable')}]//tr[td[{cls('ms-formlabel')}]]"):
        label_td = row.xpath(f"./td[{cls('ms-formlabel')}]")[0]
        body = row.xpath(f"./td[{cls('ms-formbody')}]")
        label = squash(text_of(label_td).rstrip("*").strip())
        if not body:
            continue
        comment = "".join(str(c) for c in body[0].iter() if not isinstance(c.tag, str))
        m = _FIELD_COMMENT.search(comment)
        out.append(FormField(label, text_of(body[0]), m["internal"] if m else "", body[0]))
    return out


@dataclass
class Footer:
    values: dict[str, str] = field(default_factory=dict)
    dates: dict[str, DateValue] = field(default_factory=dict)


def footer(root: HtmlElement, language: str) -> Footer:
    """"Content Type: …", "Version: …", "Created at … by …", "Last modified at … by …".

    A footer row's cell also contains its neighbours' text, so the shortest matching element
    (the one holding just that line) wins.
    """
    best: dict[str, tuple[int, re.Match[str]]] = {}
    for el in root.iter("td", "div", "span", "p", "li", "tr"):
        t = text_of(el)
        if not t or len(t) > 200:
            continue
        for key, pattern in FOOTER:
            m = pattern.match(t)
            if m and (key not in best or len(t) < best[key][0]):
                best[key] = (len(t), m)
    result = Footer()
    for key, (_, m) in best.items():
        if "when" in m.groupdict():
            result.dates[key] = DateValue(m["when"], parse_date(m["when"], language))
            result.values[f"{key}_by"] = m["who"]
        else:
            result.values[key] = m["value"]
    return result


def mapped(label: str, name: str) -> str | None:
    """The model field a form label or internal name stands for, if any."""
    return FIELD_MAP.get(label.lower()) or FIELD_MAP.get(name.lower())


def as_fields(rows: list[FormField]) -> tuple[Field, ...]:
    return tuple(Field(r.label, r.value, r.name) for r in rows if r.value)
