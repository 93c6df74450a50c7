"""What the PDF writer hands to WeasyPrint: XHTML with document metadata, and page-level CSS.

Nothing here imports WeasyPrint, so the pieces can be tested (and reused by a bulletin writer)
without Pango installed.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from urllib.parse import quote

from lxml import etree

from ... import __version__
from ...diagnostics import Warning
from ...jsonio import dumps
from ...labels import label
from ...model import Article, DateValue, Resource
from ...render.html import XHTML_NS, E, document

# Images reach WeasyPrint only under this private scheme, served from Article.resources by the
# writer's URL fetcher; a page's own image URLs can therefore never trigger a file or network read.
RESOURCE_SCHEME = "portalconv-resource"

# PDF dates must come from the article, never from the clock, so that output is reproducible.
FALLBACK_DATE = datetime(2000, 1, 1, tzinfo=UTC)

GENERATOR = f"portalconv {__version__}"

# --paper value → (CSS page size, extra CSS for that size). A5 gets narrower margins, a smaller
# body size and a lower image height limit so that a figure and its caption still share a page.
_PAPER: dict[str, tuple[str, str]] = {
    "a4": ("A4", ""),
    "a5": (
        "A5",
        "@page { margin: 16mm 14mm 18mm 14mm; }\n"
        "html { font-size: 9.5pt; }\n"
        "h1.title { font-size: 15pt; }\n"
        "figure img { max-height: 70mm; }\n",
    ),
    "letter": ("letter", ""),
}


def resource_url(res: Resource) -> str:
    """The URL under which the writer's fetcher serves one article resource."""
    return f"{RESOURCE_SCHEME}:{quote(res.key)}"


def pdf_identifier(article: Article) -> bytes:
    """The first half of the PDF ``/ID``: a digest of the model, so equal articles get equal IDs."""
    return hashlib.sha256(dumps(article).encode("utf-8")).hexdigest()[:32].encode("ascii")


def _aware(value: datetime) -> datetime:
    # A naive time (the model asks for aware ones) is taken as UTC rather than as the converting
    # machine's local zone, which would make the output depend on where it was made.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _w3c(value: datetime) -> str:
    # WeasyPrint reads W3C dates (YYYY-MM-DDThh:mm:ssTZD) from the <meta> elements.
    return _aware(value).isoformat(timespec="seconds")


def _first_date(*dates: DateValue | None) -> datetime | None:
    for d in dates:
        if d is not None and d.value is not None:
            return d.value
    return None


def document_dates(article: Article) -> tuple[datetime, datetime]:
    """(created, modified) of the PDF: published, else created, else 2000-01-01; modified or created."""
    md = article.metadata
    created = _first_date(md.published, md.created) or FALLBACK_DATE
    modified = _first_date(md.modified) or created
    return created, modified


def source_date_epoch(article: Article) -> int:
    """The PDF creation date as Unix time, for tools that stamp files (fontTools reads it)."""
    return max(0, int(_aware(document_dates(article)[0]).timestamp()))


def _meta_elements(article: Article) -> list[etree._Element]:
    """``<meta>`` elements that WeasyPrint copies into the PDF information dictionary."""
    md = article.metadata
    created, modified = document_dates(article)
    metas = [("author", a) for a in md.authors if a.strip()]
    if md.lead or md.subtitle:
        metas.append(("description", md.lead or md.subtitle))
    keywords = [k for k in dict.fromkeys((md.category, *md.tags)) if k.strip()]
    metas.extend(("keywords", k) for k in keywords)
    metas.append(("generator", GENERATOR))
    metas += [("dcterms.created", _w3c(created)), ("dcterms.modified", _w3c(modified))]
    return [E("meta", name=name, content=content) for name, content in metas]


def xhtml(article: Article) -> bytes:
    """The shared XHTML rendering with images under the private scheme and metadata in ``<head>``."""
    source = document(article, resource_url)
    root = etree.fromstring(source)
    head = root.find(f"{{{XHTML_NS}}}head")
    assert head is not None, "render.html.document always writes a head"
    for meta in _meta_elements(article):
        head.append(meta)
    return b"<!DOCTYPE html>\n" + etree.tostring(root, encoding="utf-8")


def css_string(value: str) -> str:
    """A CSS string literal (CSS Syntax §4.3.5): quotes and backslashes escaped, newlines as \\A."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\A ")
    return f'"{escaped}"'


def page_css(article: Article, paper: str) -> tuple[str, list[Warning]]:
    """Paper size, localised footer and running header; goes after print.css, before user CSS."""
    warnings: list[Warning] = []
    key = paper.strip().lower()
    if key not in _PAPER:
        warnings.append(
            Warning("unknown-paper", f"paper size {paper!r} is not one of A4, A5, Letter; using A4")
        )
        key = "a4"
    size, extra = _PAPER[key]
    md = article.metadata
    lang = md.language or "en"
    page, of = css_string(label("page", lang) + " "), css_string(" " + label("of", lang) + " ")
    rules = [
        f"@page {{ size: {size}; }}",
        # "Trang 3 / 7" in Vietnamese, "Page 3 of 7" in English (labels.py owns the words).
        f"@page {{ @bottom-center {{ content: {page} counter(page) {of} counter(pages); }} }}",
    ]
    if md.site_name:
        rules.append(f"@page {{ @top-left {{ content: {css_string(md.site_name)}; }} }}")
    if md.category:
        rules.append(f"@page {{ @top-right {{ content: {css_string(md.category)}; }} }}")
    return "\n".join(rules) + "\n" + extra, warnings
