"""Text of page elements as harvested values are compared: collapsed, NFC, invisible characters gone."""

from __future__ import annotations

from lxml.html import HtmlElement

from ..normalise import clean
from .sharepoint import XPaths


def squash(s: str) -> str:
    """Whitespace collapsed, invisible characters removed, NFC: how harvested values are compared."""
    return " ".join(clean(s).split())


def text_of(el: HtmlElement) -> str:
    return squash(el.text_content())


def short_text(el: HtmlElement, limit: int) -> str | None:
    """``text_of(el)`` when it is shorter than ``limit`` characters, else None, reading no more of
    the element than that takes.

    Rules that look at every element for a short line ("Lượt xem: 12", a chrome line) would
    otherwise take the whole text of each: in a page nested hundreds deep (tag soup) every word is
    read once per ancestor, quadratic in the page.
    """
    parts: list[str] = []
    size, budget = 0, 2 * limit
    for piece in el.itertext():  # the text nodes text_content() joins, in order
        parts.append(piece)
        size += len(piece)
        if size > budget:
            # What follows can only shorten the text read so far at its very end (NFC joins a letter
            # to the accents of the next node, an "<o:p>" split between nodes goes): a margin covers it.
            if len(squash("".join(parts))) >= limit + 16:
                return None
            budget *= 2  # mostly white space so far: read on
    text = squash("".join(parts))
    return text if len(text) < limit else None


def first_text(root: HtmlElement, xpaths: XPaths) -> tuple[str, HtmlElement | None]:
    """Text of the first element that one of ``xpaths`` (compiled) finds with non-empty text."""
    for xp in xpaths:
        for el in xp(root):
            if not isinstance(el, HtmlElement):
                continue
            t = text_of(el)
            if t:
                return t, el
    return "", None


def same_text(a: str, b: str) -> bool:
    """Equal once spaces, case and closing punctuation are ignored ("Đắk Son g" repeats "Đắk Song")."""
    def key(s: str) -> str:
        return "".join(squash(s).casefold().split()).rstrip(".:!?…")

    return bool(a) and key(a) == key(b)


# Elements that end a line of text as a browser shows it (``text_content`` runs them together).
_LINE_BREAKS = frozenset({"br", "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table", "tbody",
                          "thead", "tfoot", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
                          "hr", "section", "article", "header", "footer", "nav", "aside", "main", "form",
                          "fieldset", "figure", "figcaption", "address"})
_NO_TEXT = frozenset({"script", "style", "template"})


def lines_of(el: HtmlElement) -> list[list[str]]:
    """The lines of ``el``'s text as a reader sees them (broken at ``<br>`` and block elements), each
    as its raw text nodes in order, so a caller can tell where markup separated two words."""
    lines: list[list[str]] = [[]]
    # An explicit stack, not recursion: a saved page may nest deeper than Python's recursion limit.
    stack: list[tuple[HtmlElement, bool]] = [(el, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag.lower() if isinstance(node.tag, str) else ""  # comments have no tag name
        if tag in _LINE_BREAKS and lines[-1]:
            lines.append([])
        if closing:
            if node is not el and node.tail:
                lines[-1].append(node.tail)
            continue
        stack.append((node, True))
        if not tag or tag in _NO_TEXT:
            continue
        if node.text:
            lines[-1].append(node.text)
        stack.extend((child, False) for child in reversed(node))
    return [line for line in lines if "".join(line).strip()]
