"""Metadata the page states about itself, merged from every source by a fixed priority.

Sources, highest priority first (the first to give a field wins; nothing is ever invented):

1. the article's own header, found by the flavour's profile (title, date line, byline, category,
   lead, view counter): what a reader sees next to the article;
2. the item's fields: list-form rows and client-side JSON (Title, PublishedDate, Author…);
3. lines of the body: the "08/10/2021 | Thu Thảo" line, the lead paragraph, the signature and
   credit lines ("Tin, ảnh: Mỹ Hằng"), a "Theo: …" source line;
4. footers: "Created at … by …", "Last modified at … by …", "Content Type: …", "Version: …";
5. ``<meta>`` tags: ``og:title``, ``article:published_time``, ``article:author``, ``og:site_name``;
6. ``_spPageContextInfo``: web title (site name), address, culture (language);
7. the ``<title>`` element, cleaned of the site name.
"""

from __future__ import annotations

import re
from dataclasses import field
from itertools import pairwise

from lxml.html import HtmlElement

from ..model import DateValue, Field
from ..patterns import compiled
from ..records import dataclass
from .dates import parse_date
from .language import SCRIPT_LANGUAGES, function_word_shares, script_of
from .listform import FormField, mapped
from .sharepoint import HIT_COUNTERS, VIEW_XPATHS, cls
from .text import lines_of, short_text, squash, text_of
from .vocabulary import FOOTER, FOOTER_LABEL, VIEW_TEXT

_VI_LETTERS = compiled(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
VI_LETTERS = 3
MIN_SHARE = 0.08  # of a Latin text's words: function words of the language it is taken to be in
CLEAR_LEAD = 3.0  # …and this many times the declared language's share

_NON_DIGITS = compiled(r"\D")
_LIST_SEPARATOR = compiled(r"[;,]")


class Offers:
    """Metadata values offered by sources in priority order: the first non-empty offer wins."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}
        self.origin: dict[str, str] = {}

    def offer(self, key: str, value: object, source: str = "") -> None:
        if value in (None, "", ()) or key in self.values:
            return
        self.values[key] = value
        self.origin[key] = source

    def get(self, key: str, default: object = None) -> object:
        return self.values.get(key, default)


def language_of(sample: str, declared: str, culture: str = "") -> str:
    """Primary language subtag: what the page declares, unless its text clearly says otherwise.

    SP2010 portals of Vietnamese provinces were mostly installed in English and say
    ``lang="en-us"`` on every page; so do a French site, a Russian one, an Arabic newsletter on an
    English site (corpus/22-kpc-ar-weekly-newsletter-470111.html). The text overrides the
    declaration (``lang``, else the site's culture) when it shows:

    - Vietnamese letters (ạ ầ ở ữ…): ``VI_LETTERS`` of them, whatever the length;
    - another script for most of its letters (``language.script_of``), unless the declared
      language is written in that script (a page declared Persian stays Persian);
    - for Latin text of ``language.MIN_WORDS`` words, the function words of one language
      (``language.function_word_shares``): ``MIN_SHARE`` of the words, and ``CLEAR_LEAD`` times
      the share of the declared language's own. A declared Latin language the text cannot be
      measured against (Italian, Dutch…) is kept.

    Short or ambiguous text keeps the declaration; with none, English.
    """
    tag = next((t.strip().split("-")[0].lower() for t in (declared, culture) if t.strip()), "")
    letters = sum(1 for c in sample if c.isalpha())
    vi_letters = len(_VI_LETTERS.findall(sample))
    if vi_letters >= VI_LETTERS and vi_letters >= 0.02 * letters:
        return "vi"
    script = script_of(sample)
    if script is not None:
        return tag if tag in SCRIPT_LANGUAGES[script.code] else script.language
    shares = function_word_shares(sample)
    if shares:
        best = max(shares, key=lambda lang: shares[lang])
        measurable = tag in shares or not tag or any(tag in langs for langs in SCRIPT_LANGUAGES.values())
        if best != tag and measurable and shares[best] >= MIN_SHARE \
                and shares[best] >= CLEAR_LEAD * shares.get(tag, 0.0):
            return best
    return tag or "en"


def views_of(root: HtmlElement, near: list[HtmlElement]) -> int | None:
    """The article's own view counter: a known counter element, else a "Lượt xem: N" line beside
    the article (inside the web part around it), never the site-wide hit counter."""
    # A set of the elements themselves (not id()s): lxml proxies are only stable while referenced.
    hit = {e for xp in HIT_COUNTERS for c in xp(root) for e in c.iter()}
    for xp in VIEW_XPATHS:
        for el in xp(root):
            digits = _NON_DIGITS.sub("", text_of(el))
            if digits and el not in hit:
                return int(digits)
    scopes: list[HtmlElement] = []
    for zone in near:
        part = next(iter(zone.xpath(f"ancestor::*[{cls('ms-WPBody')}][1]")), None)
        parent = zone.getparent()
        scopes.append(part if part is not None else (parent if parent is not None else zone))
    for scope in scopes:
        for el in scope.iter("span", "div", "td", "p", "li"):
            t = short_text(el, 120)
            if t is not None and el not in hit and (m := VIEW_TEXT.search(t)):
                return int(_NON_DIGITS.sub("", m["n"] or m["m"]))
    return None


@dataclass
class Footer:
    values: dict[str, str] = field(default_factory=dict)
    dates: dict[str, DateValue] = field(default_factory=dict)


# Marks where markup separated two text nodes of a line (a private-use character pages do not use).
_EDGE = "\ue000"
# A footer field starts at its label, at the start of the line, after a space or where markup
# separated it from the previous field ("Content Type: X<span>Version: 2.0</span>").
_FIELD_START = compiled(rf"(?:^|(?<=[\s{_EDGE}]))(?:{FOOTER_LABEL.pattern})", re.IGNORECASE)
_SEPARATORS = compiled(r"[\s|·•]+$")


def footer_fields(line: list[str]) -> list[str]:
    """The footer fields on one line of text nodes, each from its label to the next label.

    A line is a footer line when it starts with a footer label. SharePoint leaves a value it has
    not rendered empty ("Version: <br>", "Created at <span></span> by <span></span>"), so the next
    label, not the end of the element, ends a field: an empty value stays empty instead of taking
    the fields after it as its text.
    """
    text = squash(_EDGE.join(t.replace(_EDGE, "") for t in line)).lstrip(_EDGE + " ")
    if not FOOTER_LABEL.match(text):
        return []
    starts = [m.start() for m in _FIELD_START.finditer(text)] + [len(text)]
    return [_SEPARATORS.sub("", squash(text[a:b].replace(_EDGE, ""))) for a, b in pairwise(starts) if a < b]


def footer(root: HtmlElement, language: str) -> Footer:
    """"Content Type: …", "Version: …", "Created at … by …", "Last modified at … by …".

    Read line by line as a reader sees the page (``<br>`` and block elements end a line). When a
    field appears more than once, a filled one wins over an empty one, then the shortest.
    """
    best: dict[str, tuple[tuple[bool, int], re.Match[str]]] = {}
    for line in lines_of(root):
        if not FOOTER_LABEL.search("".join(line)):
            continue
        for text in footer_fields(line):
            if len(text) > 200:
                continue
            for key, pattern in FOOTER:
                if m := pattern.match(text):
                    rank = (not any(m.groups()), len(text))
                    if key not in best or rank < best[key][0]:
                        best[key] = (rank, m)
                    break
    result = Footer()
    for key, (_, m) in best.items():
        if "when" in m.groupdict():
            if m["when"]:
                result.dates[key] = DateValue(m["when"], parse_date(m["when"], language))
            if m["who"]:
                result.values[f"{key}_by"] = m["who"]
        elif m["value"]:
            result.values[key] = m["value"]
    return result


def offer_fields(offers: Offers, rows: list[FormField], language: str, source: str,
                 dates: dict[str, DateValue] | None = None) -> None:
    """Known item fields fill model fields (the page's visible header has already offered)."""
    for row in rows:
        target = mapped(row.label, row.name)
        if not row.value or target in (None, "body"):
            continue
        if target in ("authors", "tags"):
            offers.offer(target, tuple(a.strip() for a in _LIST_SEPARATOR.split(row.value) if a.strip()), source)
        elif target in ("published", "created", "modified"):
            offers.offer(target, (dates or {}).get(row.name) or DateValue(row.value, parse_date(row.value, language)),
                         source)
        elif target == "views":
            digits = _NON_DIGITS.sub("", row.value)
            offers.offer(target, int(digits) if digits else None, source)
        else:
            offers.offer(target, row.value, source)


def as_fields(rows: list[FormField]) -> tuple[Field, ...]:
    """Every filled field but the body, as the page labels it, in page order."""
    return tuple(Field(r.label, r.value, r.name) for r in rows if r.value and mapped(r.label, r.name) != "body")
