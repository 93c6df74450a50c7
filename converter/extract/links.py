"""Link targets of a saved page made absolute against the page's original address."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit


def absolute_url(href: str, base_url: str) -> str:
    """An absolute http(s)/mailto URL; the reference as written when the page's address is unknown
    (a link to "/img/report.pdf" is often all an article holds, so it is kept, and shown); "" for
    in-page anchors and scripts."""
    href = href.strip()
    if not href or href.startswith("#"):
        return ""
    scheme = urlsplit(href).scheme.lower()
    if scheme in {"javascript", "file", "data", "about", "vbscript"}:
        return ""
    if scheme in {"http", "https", "mailto", "ftp", "tel"}:
        return href
    if base_url:
        return urljoin(base_url, href)
    return href
