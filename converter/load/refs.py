"""Image references as pages write them: which attribute to trust, srcset, Wayback and unsafe forms.

Pure functions on strings and elements; the resolvers decide what the references point at.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from lxml.html import HtmlElement

from ..patterns import compiled
from ..urls import scheme as url_scheme

# Lazy-loading scripts keep the real address here and a placeholder (1×1 GIF, spinner) in src;
# the order is the preference: the real image first.
LAZY_ATTRIBUTES = (
    "data-src", "data-original", "data-lazy-src", "data-lazy", "data-echo", "data-url", "data-hi-res-src",
    "data-full-src", "original",
)
SRCSET_ATTRIBUTES = ("srcset", "data-srcset", "data-lazy-srcset")

# Wayback captures wrap every address: https://web.archive.org/web/20190726im_/http://site/x.jpg,
# rewritten to /web/20190726im_/http://site/x.jpg inside the capture. Static copies of captures
# also write http_/site or http%3A/site for the inner scheme.
_WAYBACK = compiled(r"^(?:(?:https?:)?//(?:web\.)?archive\.org)?/web/(\d{1,14})(?:[a-z]{2}_)?/(.+)$", re.IGNORECASE)
_INNER_SCHEME = compiled(r"^(https?)(?::|_|%3A)?/+", re.IGNORECASE)
_WINDOWS_DRIVE = compiled(r"^[A-Za-z]:[\\/]")

_HAS_SCHEME = compiled(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def unwrap_wayback(url: str) -> str:
    """The original address inside a Wayback Machine address; other addresses unchanged."""
    m = _WAYBACK.match(url.strip())
    if not m:
        return url
    inner = m.group(2)
    for _ in range(2):  # static copies double-encode the inner scheme: http%253A/ → http%3A/
        if "%25" in inner[:12]:
            inner = unquote(inner[:12]) + inner[12:]
    if _INNER_SCHEME.match(inner):
        return _INNER_SCHEME.sub(lambda s: s.group(1).lower() + "://", inner, count=1)
    return inner if _HAS_SCHEME.match(inner) else "http://" + inner


def is_wayback(url: str) -> bool:
    return _WAYBACK.match(url.strip()) is not None


def refusal(ref: str) -> str | None:
    """Why a reference is never read from disk (it names the saving machine or another one), or None."""
    ref = ref.strip()
    if ref.startswith("\\\\"):  # \\server\share\x.jpg: a share on another machine
        return "UNC path"
    if _WINDOWS_DRIVE.match(ref) or ref.startswith("\\"):  # C:\Users\… or \Users\… on the saving machine
        return "absolute Windows path"
    scheme = url_scheme(ref)
    if scheme == "file":
        return "file: URL of the machine that saved the page"
    if scheme and scheme not in {"http", "https", "data", "cid", "mid"}:
        return f"{scheme}: URL"
    return None


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` attribute, largest first (by ``w``, then ``x`` descriptor).

    Follows the HTML parsing rules in spirit: a URL runs to the next whitespace; a trailing comma
    ends it (so ``data:`` URLs, which contain commas, survive); descriptors run to the next comma.
    """
    entries: list[tuple[float, float, int, str]] = []
    pos, n = 0, len(value)
    while pos < n:
        while pos < n and (value[pos].isspace() or value[pos] == ","):
            pos += 1
        start = pos
        while pos < n and not value[pos].isspace():
            pos += 1
        url = value[start:pos]
        descriptors = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            end = value.find(",", pos)
            end = n if end < 0 else end
            descriptors, pos = value[pos:end], end + 1
        if not url:
            continue
        w, x = 0.0, 1.0
        for d in descriptors.split():
            try:
                if d.endswith("w"):
                    w = float(d[:-1])
                elif d.endswith("x"):
                    x = float(d[:-1])
            except ValueError:
                pass  # an "h" descriptor or junk: the entry still counts
        entries.append((w, x, -len(entries), url))
    return [e[3] for e in sorted(entries, reverse=True)]


def image_refs(img: HtmlElement) -> list[str]:
    """Every address an ``<img>`` offers, best first: srcset (largest first), lazy attributes, src.

    A ``<picture>`` parent's ``<source srcset>`` entries count too.
    """
    refs: list[str] = []
    sources = [img]
    # libxml2 does not know <source> is void, so the <img> may end up inside it: look two levels up.
    for ancestor in list(img.iterancestors())[:2]:
        if isinstance(ancestor.tag, str) and ancestor.tag.lower() == "picture":
            sources = [*ancestor.iter("source"), img]
            break
    for el in sources:
        for attr in SRCSET_ATTRIBUTES:
            refs.extend(srcset_urls(el.get(attr) or ""))
    refs.extend((img.get(attr) or "").strip() for attr in LAZY_ATTRIBUTES)
    src = (img.get("src") or "").strip()
    # Beside a real address, an inline src is the lazy loader's placeholder (often an SVG of the
    # right proportions, so the 1×1 test would not catch it): never the image itself.
    if not (src[:5].lower() == "data:" and any(refs)):
        refs.append(src)
    return [r for r in dict.fromkeys(refs) if r]
