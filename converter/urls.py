"""URL parsing that never raises: a saved page's addresses are whatever its author typed.

The standard library raises ``ValueError`` for some malformed addresses ("http://[::1" with an
unclosed IPv6 bracket, a bracketed host that is no IP address, a port that is not a number), and
``urljoin``/``urldefrag`` raise too since they split first. One such address in an ``href``, a
``src``, ``<base>``, the "saved from" comment or an MHTML part's location must cost at most that
address, never the page: these wrappers answer "not a URL" instead.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urldefrag, urljoin, urlsplit

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def split(url: str) -> SplitResult | None:
    """``urlsplit(url)``, or None for an address it cannot split (or whose port is no number)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for "http://host:abc/" or a port out of range
    except ValueError:
        return None
    return parts


def scheme(url: str) -> str:
    """The scheme in lower case ("" for a relative reference), read even from a malformed address."""
    parts = split(url)
    if parts is not None:
        return parts.scheme.lower()
    # As urlsplit reads it: leading controls and spaces skipped, tabs and newlines anywhere ignored.
    m = _SCHEME.match(re.sub(r"[\t\r\n]", "", url).lstrip("".join(map(chr, range(33)))))
    return m.group(1).lower() if m else ""


def join(base: str, ref: str) -> str:
    """``ref`` made absolute against ``base``; "" when either cannot be parsed."""
    if split(base) is None or split(ref) is None:
        return ""
    try:
        return urljoin(base, ref)
    except ValueError:
        return ""


def without_fragment(url: str) -> str:
    """``url`` without its ``#fragment``; a malformed address is returned as it is."""
    try:
        return urldefrag(url)[0]
    except ValueError:
        return url
