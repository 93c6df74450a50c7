"""What a saved page is called: the suffixes the loader reads and the stem its outputs are named after.

Kept apart from ``load.page`` so that batch discovery can use them without importing lxml.
"""

from __future__ import annotations

from pathlib import Path

PAGE_SUFFIXES = (".html", ".htm", ".aspx", ".xhtml", ".mht", ".mhtml")
MHTML_SUFFIXES = (".mht", ".mhtml")


def is_page(name: str) -> bool:
    """True for a page file name; ``.html`` alone (a site's root saved without a slug) counts too."""
    return name.lower().endswith(PAGE_SUFFIXES)


def page_stem(name: str) -> str:
    """The name without its page suffix; a bare ``.html`` is the site's index."""
    lower = name.lower()
    for suffix in PAGE_SUFFIXES:
        if lower.endswith(suffix):
            return name[: -len(suffix)] or "index"
    return Path(name).stem or "index"
