"""What the PDF writer hands to WeasyPrint: XHTML with document metadata, and page-level CSS.

Nothing here imports WeasyPrint, so the pieces can be tested (and reused by a bulletin writer)
without Pango installed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import quote

from lxml import etree

from ... import __version__
from ...diagnostics import Diagnostic
from ...jsonio import dumps
from ...labels import label, right_to_left
from ...model import Article, Resource
from ...records import dataclass
from ...render.html import XHTML_NS, E, document
from .. import moments
from .bounds import bound

# Images reach WeasyPrint only under this private scheme, served from Article.resources by the
# writer's URL fetcher; a page's own image URLs can therefore never trigger a file or network read.
RESOURCE_SCHEME = "portalconv-resource"

GENERATOR = f"portalconv {__version__}"

# Languages written right to left (primary subtags): Arabic, Persian, Urdu, Pashto, Hebrew,
# Yiddish, Dhivehi, Sindhi, Uyghur, Central Kurdish.


@dataclass(frozen=True, slots=True)
class Paper:
    """One ``--paper`` choice: page size, margins and photo height limit, in millimetres.

    The single source of the page geometry: ``page_css`` writes it as CSS and ``images`` reads it
    to know how large each photo will print.
    """

    css_size: str
    width: float
    height: float
    margins: tuple[float, float, float, float]  # top, right, bottom, left
    # A landscape news photo (800 × 533 px) at the full text width would fill half an A4 page;
    # the limit lets text flow between photos and keeps a portrait photo with its caption.
    figure_max_height: float
    extra_css: str = ""

    @property
    def text_width(self) -> float:
        return self.width - self.margins[1] - self.margins[3]


# A5 gets narrower margins, a smaller body size and a lower photo limit so that a figure and its
# caption still share a page.
PAPERS: dict[str, Paper] = {
    "a4": Paper("A4", 210, 297, (22, 20, 24, 20), 85),
    "a5": Paper("A5", 148, 210, (16, 14, 18, 14), 70, "html { font-size: 9.5pt; }\nh1.title { font-size: 15pt; }\n"),
    "letter": Paper("letter", 215.9, 279.4, (22, 20, 24, 20), 85),
}


def paper_geometry(name: str) -> Paper | None:
    """The geometry of an A4/A5/Letter name (any case), or None for an unknown name."""
    return PAPERS.get(name.strip().lower())


def resource_url(res: Resource) -> str:
    """The URL under which the writer's fetcher serves one article resource."""
    return f"{RESOURCE_SCHEME}:{quote(res.key)}"


def pdf_identifier(article: Article) -> bytes:
    """The first half of the PDF ``/ID``: a digest of the model, so equal articles get equal IDs."""
    return hashlib.sha256(dumps(article).encode("utf-8")).hexdigest()[:32].encode("ascii")


def _w3c(value: datetime) -> str:
    # WeasyPrint reads W3C dates (YYYY-MM-DDThh:mm:ssTZD) from the <meta> elements.
    return value.isoformat(timespec="seconds")


def document_dates(article: Article) -> tuple[datetime | None, datetime | None]:
    """(created, modified) of the PDF from the page's own dates (``moments``); None where it has none,
    so that ``/CreationDate``, ``/ModDate`` and their XMP twins are left out rather than invented."""
    md = article.metadata
    return moments.created(md), moments.modified(md)


def source_date_epoch(article: Article) -> int:
    """Unix time for tools that stamp files (fontTools dates the fonts it subsets from it): the
    PDF's creation date, else its modification date, else ``moments.NO_DATE`` (a date is needed)."""
    created, modified = document_dates(article)
    return max(0, int((created or modified or moments.NO_DATE).timestamp()))


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
    metas += [(name, _w3c(moment)) for name, moment in (("dcterms.created", created), ("dcterms.modified", modified))
              if moment is not None]
    return [E("meta", name=name, content=content) for name, content in metas]


def xhtml(article: Article, resolutions: Mapping[str, float] | None = None) -> bytes:
    """The shared XHTML rendering with images under the private scheme and metadata in ``<head>``.

    ``resolutions`` maps a resource key to the CSS ``image-resolution`` of a downsampled photo, so
    that it keeps the layout size of the original (see ``images.downsample``).
    """
    source = document(article, resource_url)
    root = etree.fromstring(source)
    head = root.find(f"{{{XHTML_NS}}}head")
    assert head is not None, "render.html.document always writes a head"
    lang = article.metadata.language or "en"
    for meta in _meta_elements(article):
        head.append(meta)
    if right_to_left(lang):
        # Paragraphs start at the right and punctuation lands at the end of Arabic sentences
        # only when the base direction is right-to-left (Unicode bidi, UAX #9 rule P3).
        root.set("dir", "rtl")
    for th in root.iterfind(f".//{{{XHTML_NS}}}table[@class='record']//{{{XHTML_NS}}}th"):
        # Each record row is "label: value"; without a scope the tagged PDF would make every
        # label a column header (WeasyPrint's default for <th>) and leave the values unlabelled.
        th.set("scope", "row")
    by_url = {resource_url(res): res.key for res in article.resources}
    for img in root.iter(f"{{{XHTML_NS}}}img"):
        key = by_url.get(img.get("src", ""))
        if resolutions and key is not None and key in resolutions:
            img.set("style", f"image-resolution: {resolutions[key]:.6f}dppx")
        if not (img.get("alt") or "").strip():
            # A photo with neither alt text nor caption: "Figure" (with its number when it has a
            # label) is a poor description but names the picture (PDF/UA-1 §7.3 requires an Alt entry).
            figure = next(img.iterancestors(f"{{{XHTML_NS}}}figure"), None)  # a linked photo sits in an <a>
            number = (figure.get("id") or "").removeprefix("fig-") if figure is not None else ""
            img.set("alt", f"{label('figure', lang)} {number}".strip())
    bound(root)  # long words and huge tables in a form WeasyPrint lays out in bounded time
    return b"<!DOCTYPE html>\n" + etree.tostring(root, encoding="utf-8")


def css_string(value: str) -> str:
    """A CSS string literal (CSS Syntax §4.3.5): quotes and backslashes escaped, newlines as \\A."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\A ")
    return f'"{escaped}"'


def page_css(article: Article, paper: str) -> tuple[str, list[Diagnostic]]:
    """Paper geometry, localised footer and running header; goes after print.css, before user CSS."""
    warnings: list[Diagnostic] = []
    geometry = paper_geometry(paper)
    if geometry is None:
        warnings.append(
            Diagnostic("unknown-paper", f"paper size {paper!r} is not one of A4, A5, Letter; using A4")
        )
        geometry = PAPERS["a4"]
    top, right, bottom, left = geometry.margins
    md = article.metadata
    lang = md.language or "en"
    page, of = css_string(label("page", lang) + " "), css_string(" " + label("of", lang) + " ")
    rules = [
        f"@page {{ size: {geometry.css_size}; margin: {top}mm {right}mm {bottom}mm {left}mm; }}",
        f"figure img {{ max-height: {geometry.figure_max_height}mm; }}",
        # "Trang 3 / 7" in Vietnamese, "Page 3 of 7" in English (labels.py owns the words).
        f"@page {{ @bottom-center {{ content: {page} counter(page) {of} counter(pages); }} }}",
    ]
    # The site name where a line of the article starts (top left; top right in Arabic), the category opposite.
    first, second = ("top-right", "top-left") if right_to_left(lang) else ("top-left", "top-right")
    if md.site_name:
        rules.append(f"@page {{ @{first} {{ content: {css_string(md.site_name)}; }} }}")
    if md.category and md.category != md.site_name:  # the same words twice look like a bug
        rules.append(f"@page {{ @{second} {{ content: {css_string(md.category)}; }} }}")
    return "\n".join(rules) + "\n" + geometry.extra_css, warnings
