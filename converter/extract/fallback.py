"""Unknown layouts: the densest block of prose inside the page's main zone.

Scoring follows the readability family: each paragraph-like element gives its non-link text
length to its parent (and half to its grandparent); the container with the highest score is the
article. Only the main zone (``sharepoint.MAIN_ZONES``) is searched, so navigation, footers and
side columns of the master page can never win. Text inside a data grid (a list view, a schedule,
a directory: ``tables.data_grid``) is one record of a listing, never the article's prose.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from .sharepoint import FALLBACK_NEGATIVE, FALLBACK_POSITIVE, MAIN_ZONES
from .tables import data_grid, table_rows
from .text import squash

_TEXT_BLOCKS = ("p", "div", "td", "li", "dd", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "span")
_INLINE = frozenset({"a", "span", "b", "strong", "i", "em", "u", "font", "sup", "sub", "small", "big", "br",
                     "img", "abbr", "cite", "q", "code", "mark", "s", "strike", "nobr", "label", "time"})
MIN_PARAGRAPH = 25  # characters of own text that make an element count as a paragraph


def main_zone(root: HtmlElement) -> HtmlElement:
    """The master page's main placeholder (or the closest thing the page has)."""
    for xp in MAIN_ZONES:
        hits = [h for h in xp(root) if isinstance(h, HtmlElement) and squash(h.text_content())]
        if hits:
            return hits[0]
    return root


def _own_text(el: HtmlElement) -> tuple[str, str]:
    """Text of ``el`` itself and its inline children (not nested blocks), and the part in links."""
    parts, links = [el.text or ""], []
    for child in el:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag in _INLINE:
            t = child.text_content()
            parts.append(t)
            if tag == "a":
                links.append(t)
            else:
                links.extend(a.text_content() for a in child.iter("a"))
        parts.append(child.tail or "")
    return " ".join(parts), " ".join(links)


def _weight(el: HtmlElement) -> float:
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    if FALLBACK_NEGATIVE.search(names):
        return 0.2
    return 1.5 if FALLBACK_POSITIVE.search(names) else 1.0


def best_container(zone: HtmlElement) -> HtmlElement | None:
    """The element of ``zone`` that holds the most prose, or None when it has no paragraphs."""
    scores: dict[HtmlElement, float] = {}
    grids = {t for t in zone.iter("table") if data_grid(table_rows(t))}
    for el in zone.iter(*_TEXT_BLOCKS):
        if grids and any(t in grids for t in el.iterancestors("table")):
            continue
        own, links = _own_text(el)
        length = len(squash(own)) - len(squash(links))
        if length < MIN_PARAGRAPH:
            continue
        parent = el.getparent()
        if parent is None:
            continue
        for target, share in ((parent, 1.0), (parent.getparent(), 0.5)):
            if target is not None and (target is zone or any(a is zone for a in target.iterancestors())):
                scores[target] = scores.get(target, 0.0) + length * share
    if not scores:
        return None
    return max(scores, key=lambda e: scores[e] * _weight(e))
