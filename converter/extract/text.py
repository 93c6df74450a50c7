"""Text of page elements as harvested values are compared: collapsed, NFC, invisible characters gone."""

from __future__ import annotations

from lxml.html import HtmlElement

from ..normalise import clean


def squash(s: str) -> str:
    """Whitespace collapsed, invisible characters removed, NFC: how harvested values are compared."""
    return " ".join(clean(s).split())


def text_of(el: HtmlElement) -> str:
    return squash(el.text_content())


def first_text(root: HtmlElement, xpaths: tuple[str, ...]) -> tuple[str, HtmlElement | None]:
    """Text of the first element that one of ``xpaths`` finds with non-empty text."""
    for xp in xpaths:
        for el in root.xpath(xp):
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
