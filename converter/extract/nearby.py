"""Header lines recognised by what they say and where they sit next to the title.

A portal's header is a handful of short lines around the headline: a category link, a date line
("Thứ 3, Ngày 14/03/2023, 16:30", an ``<h2>`` holding only "19/02/2019"), a byline, a view counter.
Class names differ from one site to the next (``td.Time``, ``div.ngaydang``, none at all), so this
pass reads the page's short lines in document order around the title element and classifies each
by its content (docs/architecture.md, "Extraction that generalises": content patterns and position).
A profile's XPaths stay the stronger evidence: what they found is offered first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import field

from lxml.html import HtmlElement

from ..patterns import compiled
from ..records import dataclass
from .dates import date_line_remainder
from .sharepoint import HIT_COUNTERS
from .text import text_of
from .vocabulary import BYLINE_PREFIX, CATEGORY_HINT, GENERIC_TITLES, VIEW_LINE

# Elements that start a line of their own; the rest (a, span, b, font…) flow inside a line.
_BLOCK = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "table", "tbody", "li",
                    "ul", "ol", "dl", "dt", "dd", "section", "article", "header", "footer", "aside",
                    "blockquote", "center", "address", "figure", "figcaption", "form", "time"})
MAX_LINE = 150  # characters: a header line is short; longer text is prose and ends the scan
WINDOW = 5  # lines looked at on each side of the title
CATEGORY_WORDS = 8
HEADLINE_REACH = 4  # the headline shares a box with the article zone (a logo's h1 in the banner does not)
CATEGORY_REACH = 3  # a lone link is the category only inside the title's own box (not the top bar)

_NUMBER = compiled(r"\d[\d.,\s]*")
_NON_DIGITS = compiled(r"\D")


@dataclass
class Line:
    element: HtmlElement
    text: str


@dataclass
class Found:
    """One header value recognised near the title, with the rule that recognised it."""

    key: str  # "published", "category", "authors", "views"
    text: str
    rule: str
    element: HtmlElement


@dataclass
class Nearby:
    found: list[Found] = field(default_factory=list)

    def get(self, key: str) -> Found | None:
        return next((f for f in self.found if f.key == key), None)


def _tag(el: HtmlElement) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def lines(scope: HtmlElement) -> list[Line]:
    """The short-or-long text lines of ``scope`` in document order: the outermost elements that hold
    text but no block element holding text (so ``div > a`` is one line, ``td > p`` is the p)."""
    order = [el for el in scope.iter() if isinstance(el.tag, str)]
    has_text: dict[HtmlElement, bool] = {}
    blocky: dict[HtmlElement, bool] = {}  # holds a block element with text
    for el in reversed(order):  # descendants before their ancestors
        kids = [c for c in el if isinstance(c.tag, str)]
        has_text[el] = bool((el.text or "").strip()) or any(
            has_text.get(c, False) or bool((c.tail or "").strip()) for c in kids)
        blocky[el] = any((_tag(c) in _BLOCK and has_text.get(c, False)) or blocky.get(c, False) for c in kids)
    out = []
    for el in order:
        if not has_text[el] or blocky[el] or _tag(el) not in _BLOCK | {"span", "a", "b", "strong", "em", "i",
                                                                         "font", "small"}:
            continue
        parent = el.getparent()
        if parent is not None and parent in blocky and not blocky[parent] and has_text[parent]:
            continue  # the parent is the line
        out.append(Line(el, text_of(el)))
    return out


def headline_before(scope: HtmlElement, zone: HtmlElement) -> HtmlElement | None:
    """The last ``h1`` (else ``h2``) before the article zone: the visible headline of layouts whose
    title no profile names (the page title then comes from ``<title>``, but the lines around the
    headline still say when and where the article was published)."""
    last: dict[str, HtmlElement] = {}
    for el in scope.iter():
        if el is zone:
            break
        if el.tag in ("h1", "h2") and text_of(el) and len(text_of(el)) <= 300 and _close(el, zone, HEADLINE_REACH):
            last[el.tag] = el
    return last.get("h1", last.get("h2"))


def _position(all_lines: list[Line], target: HtmlElement) -> int | None:
    for i, line in enumerate(all_lines):
        el = line.element
        if el is target or any(a is target for a in el.iterancestors()) or \
                any(a is el for a in target.iterancestors()):
            return i
    return None


def _linked(el: HtmlElement) -> bool:
    """All of the line's text is the text of one link (a category link, a breadcrumb's last step)."""
    links = [a for a in el.iter("a") if text_of(a)]
    return (_tag(el) == "a" and bool(el.get("href"))) or (len(links) == 1 and text_of(links[0]) == text_of(el))


def _hinted(el: HtmlElement) -> bool:
    names = " ".join(f"{e.get('class') or ''} {e.get('id') or ''}" for e in el.iter() if isinstance(e.tag, str))
    return bool(CATEGORY_HINT.search(names))


def classify(text: str, parses: Callable[[str], bool]) -> tuple[str, str] | None:
    """(key, rule) for one header line's text, or None when it is none of them."""
    if VIEW_LINE.match(text):
        return "views", "view-counter-line"
    if len(text) <= 80 and parses(text) and not date_line_remainder(text):
        return "published", "date-line"
    if (m := BYLINE_PREFIX.match(text)) and len(text) <= 100 and len(m["who"].split()) <= 8:
        return "authors", "byline-line"
    return None


def scan(scope: HtmlElement, title: HtmlElement, parses: Callable[[str], bool],
         skip: Iterable[HtmlElement] = ()) -> Nearby:
    """What the short lines around ``title`` (inside ``scope``) say: date, category, byline, views.

    Lines are read outwards from the title until prose (a line over ``MAX_LINE``) or ``WINDOW``
    lines; ``skip`` holds elements already read by a profile.
    """
    result = Nearby()
    all_lines = lines(scope)
    at = _position(all_lines, title)
    if at is None:
        return result
    skipped = set(skip) | site_counters(scope)
    before = list(reversed(all_lines[max(0, at - WINDOW):at]))
    after = all_lines[at + 1:at + 1 + WINDOW]
    seen_keys: set[str] = set()
    for side, candidates in (("before", before), ("after", after)):
        distance = 0
        for n, line in enumerate(candidates):
            if len(line.text) > MAX_LINE:
                break
            distance += 1
            if line.element in skipped:
                continue
            kind = classify(line.text, parses)
            if kind is not None and kind[0] not in seen_keys:
                seen_keys.add(kind[0])
                result.found.append(Found(kind[0], line.text, f"{kind[1]} ({side} the title)", line.element))
                continue
            # A category sits just above the title (a date line may come between): a short line
            # that is a single link or is named as a category.
            if side == "before" and distance <= 2 and "category" not in seen_keys and kind is None \
                    and _category_like(line, candidates[n + 1] if n + 1 < len(candidates) else None, title) \
                    and not any(ch.isdigit() for ch in line.text):
                rule = "category-line (named" if _hinted(line.element) else "category-line (single link"
                seen_keys.add("category")
                result.found.append(Found("category", line.text, rule + ", above the title)", line.element))
    return result


def _close(a: HtmlElement, b: HtmlElement, reach: int) -> bool:
    """``a`` and ``b`` share an ancestor at most ``reach`` levels above ``b``: the same header box."""
    up = [b, *b.iterancestors()][:reach + 1]
    return any(x is u for x in [a, *a.iterancestors()] for u in up)


def _category_like(line: Line, further: Line | None, title: HtmlElement) -> bool:
    """A short line named as a category, or a lone link: not one of a run of links (a menu whose
    last entry happens to sit above the title), not a list item, not the home link."""
    words = line.text.split()
    if not 0 < len(words) <= CATEGORY_WORDS or len(line.text) > 60 or line.text.casefold() in GENERIC_TITLES:
        return False
    if _hinted(line.element):
        return True
    if not _close(line.element, title, CATEGORY_REACH):
        return False
    in_list = any(_tag(a) in ("li", "ul", "ol", "nav", "menu") for a in line.element.iterancestors())
    in_run = further is not None and len(further.text) <= 60 and _linked(further.element)
    return _linked(line.element) and not in_list and not in_run


def site_counters(el: HtmlElement) -> set[HtmlElement]:
    """Every element of the page's site-wide hit counters: their numbers are never an article's."""
    root = el.getroottree().getroot()
    return {e for xp in HIT_COUNTERS for c in xp(root) for e in c.iter()}


def view_lines(zone: HtmlElement) -> list[Line]:
    """Lines inside the article zone that are only a view counter ("Số lượt người xem: 13")."""
    hits = site_counters(zone)
    return [line for line in lines(zone) if VIEW_LINE.match(line.text) and line.element not in hits]


def digits(text: str) -> int | None:
    m = _NUMBER.search(text)
    if not m:
        return None
    raw = _NON_DIGITS.sub("", m.group(0))
    return int(raw) if raw else None


__all__ = ["Found", "Line", "Nearby", "classify", "digits", "headline_before", "lines", "scan", "view_lines"]
