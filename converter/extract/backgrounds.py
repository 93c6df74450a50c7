"""Photos set as CSS backgrounds inside the article: made ``<img>`` so they become figures.

Some portals and modern pages show the lead photo as ``<div style="background-image:url(…)">``.
Only elements inside the article's own zones are looked at (a banner elsewhere on the page is
chrome), and only empty ones: a box with text and a background is a styled box, its text is kept
and its background is decoration. The ``<img>`` added inside the element takes the address, and
``title``/``aria-label`` as alt text, so the resolver, captions and placeholders treat it as any photo.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from ..patterns import compiled
from .text import text_of

_BACKGROUND_URL = compiled(r"background(?:-image)?\s*:[^;]*?url\(\s*(['\"]?)(?P<url>[^'\")]+)\1\s*\)",
                             re.IGNORECASE)
_SIZE = compiled(r"(?:^|;)\s*(?P<side>width|height)\s*:\s*(?P<px>\d+)(?:\.\d+)?px", re.IGNORECASE)


def background_photos(zone: HtmlElement) -> int:
    """Give each empty element of ``zone`` whose inline style sets a background image an ``<img>``."""
    added = 0
    for el in list(zone.iter()):
        style = el.get("style") if isinstance(el.tag, str) else None
        m = _BACKGROUND_URL.search(style or "")
        if m is None or m["url"].strip().startswith("#") or el.xpath(".//img") or text_of(el):
            continue
        img = el.makeelement("img", {"src": m["url"].strip()})
        # The box's size and class go with it, so icons (share buttons, bullets) stay decoration.
        for size in _SIZE.finditer(style or ""):
            img.set(size["side"].lower(), size["px"])
        for name in ("class", "title"):
            if el.get(name):
                img.set(name, el.get(name) or "")
        alt = el.get("title") or el.get("aria-label")
        if alt:
            img.set("alt", alt)
        el.insert(0, img)
        added += 1
    return added
