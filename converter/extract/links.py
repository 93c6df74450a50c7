"""Link targets of a saved page made absolute against the page's original address."""

from __future__ import annotations

from ..urls import join, split
from ..urls import scheme as url_scheme


def absolute_url(href: str, base_url: str) -> str:
    """An absolute http(s)/mailto URL; the reference as written when the page's address is unknown
    (a link to "/img/report.pdf" is often all an article holds, so it is kept, and shown); "" for
    in-page anchors, scripts and addresses that cannot be parsed."""
    href = href.strip()
    if not href or href.startswith("#"):
        return ""
    if split(href) is None:  # "http://[::1": no address at all; the link's text stays as text
        return ""
    scheme = url_scheme(href)
    if scheme in {"javascript", "file", "data", "about", "vbscript"}:
        return ""
    if scheme in {"http", "https", "mailto", "ftp", "tel"}:
        return href
    if base_url:
        return join(base_url, href)
    return href
