"""The bulletin as one EPUB 3: a cover, a title page, the contents, then one chapter per article.

Composed through the EPUB writer's public interface (``writers.epub.__all__``): the image
conversion (``pictures``: core media types, each file once), the drawn cover, Dublin Core
metadata, the per-chapter table of contents (headings nested under the title), the chapter page
that keeps our bytes, the stylesheets and the deterministic packaging a single article's book
goes through too. Each chapter is ``render.html.document`` of its article, so it carries the
article's visible metadata; its ``<head>`` repeats author, date, description and keywords, and its
entry in the navigation document reads "title — date, authors".
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

from ebooklib import epub
from lxml import etree

from ..diagnostics import Diagnostic
from ..model import Article, Figure, Image, Metadata
from ..options import WriteOptions
from ..render.html import XHTML_NS, E, document
from ..resources import style_path
from ..walk import figures
from ..writers.epub import (
    COVER_PAGE,
    XML_DECLARATION,
    Picture,
    add_metadata,
    chapter_page,
    date_line,
    make_cover,
    modified,
    package,
    pictures,
    stylesheets,
    table_of_contents,
    w3cdtf,
)
from ..writers.epub import word as epub_word
from . import html
from .config import BulletinOptions
from .model import Bulletin, Entry, Section, word

TITLE_PAGE = "title.xhtml"
NAV = "nav.xhtml"
# Namespace of bulletin identifiers (random once, fixed forever): uuid5 of the content digest.
_BULLETIN_NS = uuid.UUID("0c2b4f7e-8d51-4a36-b0f3-5e7c2a9d4e18")


def chapter_href(entry: Entry) -> str:
    return f"article-{entry.number:03d}.xhtml"


def section_href(n: int) -> str:
    return f"section-{n:02d}.xhtml"


def nav_label(entry: Entry) -> str:
    """"Title — 14/03/2024, Hoài Phương": what the navigation document lists for an article."""
    md = entry.article.metadata
    extra = ", ".join(p for p in (date_line(md), ", ".join(md.authors)) if p)
    title = md.title.strip() or "—"
    return f"{title} — {extra}" if extra else title


def _head_metadata(root: etree._Element, entry: Entry) -> None:
    """The article's own metadata in its chapter's ``<head>`` (HTML standard metadata names)."""
    head = root.find(f"{{{XHTML_NS}}}head")
    assert head is not None
    md = entry.article.metadata
    metas = [("author", a) for a in md.authors]
    if md.lead:
        metas.append(("description", md.lead))
    keywords = ", ".join(k for k in (md.category, *md.tags) if k)
    if keywords:
        metas.append(("keywords", keywords))
    if md.published is not None and md.published.value is not None:
        metas.append(("dcterms.date", w3cdtf(md.published.value)))
    for name, content in metas:
        head.append(E("meta", name=name, content=content))


def _chapter(entry: Entry, pics: dict[str, Picture], sheets: list[str], section: Section) -> bytes:
    # Images the package cannot hold are left out of the article: it shows the placeholder.
    printed = html.as_printed(section, entry).article
    article = dataclasses.replace(printed, resources=tuple(r for r in printed.resources if r.key in pics))
    root = etree.fromstring(document(article, lambda res: pics[res.key].href, sheets))
    body = root.find(f"{{{XHTML_NS}}}body")
    assert body is not None
    html.renumber(body, entry)
    _head_metadata(root, entry)
    return XML_DECLARATION + b"<!DOCTYPE html>\n" + etree.tostring(root, encoding="utf-8")


def _unique_uids(items: list[Any], prefix: str) -> list[Any]:
    """The writer's table of contents for one chapter, its NCX ids made unique in the book."""
    for item in items:
        if isinstance(item, epub.Link):
            item.uid = f"{prefix}-{item.uid}"
        elif isinstance(item, tuple):
            _unique_uids(item[1], prefix)
    return items


def build(bulletin: Bulletin, options: BulletinOptions) -> tuple[bytes, list[Diagnostic]]:
    """The EPUB's bytes and the warnings met (images that no EPUB reader can show)."""
    lang, title = bulletin.language, bulletin.title
    pool = Article(Metadata(), (), bulletin.resources)
    figs = [fig for entry in bulletin.entries() for fig in figures(entry.article.blocks)]
    logo = bulletin.front.logo
    if logo is not None:  # the logo goes through the same conversion as the photos
        figs.insert(0, Figure(Image(logo.origin, resource=logo.key)))
    pics, warnings = pictures(pool, figs)

    book = epub.EpubBook()
    own = bulletin.as_article()
    add_metadata(book, own, title, lang)
    book.set_identifier(f"urn:uuid:{uuid.uuid5(_BULLETIN_NS, bulletin.digest())}")
    sheets = [*stylesheets(WriteOptions()), ("css/bulletin.css", style_path("bulletin-epub.css").read_bytes())]
    if options.css is not None:
        sheets += stylesheets(WriteOptions(css=options.css))[1:]
    hrefs = [href for href, _ in sheets]
    for n, (href, data) in enumerate(sheets, 1):
        book.add_item(epub.EpubItem(uid=f"css-{n}", file_name=href, media_type="text/css", content=data))

    # The drawn cover names the bulletin and its issue where the article cover shows the category.
    issue = html.issue_line(bulletin).split(" · ")[0] if bulletin.front.issue else ""
    shelf = dataclasses.replace(own, metadata=dataclasses.replace(
        own.metadata, category=" · ".join(p for p in (word("bulletin", lang), issue) if p)))
    cover = make_cover(shelf, title, {}, hrefs)
    images = [*([cover.image] if cover.image is not None else []), *pics.values()]
    for n, pic in enumerate(images, 1):
        item = epub.EpubImage(uid=f"image-{n}", file_name=pic.href, media_type=pic.media_type, content=pic.data)
        if pic is cover.image:
            item.properties = ["cover-image"]
            book.add_metadata(None, "meta", "", {"name": "cover", "content": item.id})
        book.add_item(item)

    logo_href = pics[logo.key].href if logo is not None and logo.key in pics else None
    front = E("body", {"class": "title-page"}, html.cover(bulletin, logo_href))
    note = html.editorial(bulletin)
    if note is not None:
        front.append(note)
    spine: list[Any] = [chapter_page("cover", COVER_PAGE, epub_word("cover", lang), lang, cover.page),
                        chapter_page("title-page", TITLE_PAGE, title, lang, html.page(title, lang, front, hrefs)),
                        "nav"]
    toc: list[Any] = []
    for n, section in enumerate(bulletin.sections, 1):
        children: list[Any] = []
        for entry in section.entries:
            href = chapter_href(entry)
            xhtml = _chapter(entry, pics, hrefs, section)
            spine.append(chapter_page(f"article-{entry.number}", href, entry.article.metadata.title or title,
                               entry.language, xhtml))
            children += _unique_uids(table_of_contents(nav_label(entry), href, xhtml), f"a{entry.number}")
        if section.heading:
            page = E("body", E("section", {"class": "bulletin-section"},
                               E("h1", {"class": "section-title"}, section.heading)))
            spine.insert(len(spine) - len(section.entries),
                         chapter_page(f"section-{n}", section_href(n), section.heading, lang,
                               html.page(section.heading, lang, page, hrefs)))
            toc.append((epub.Section(section.heading, section_href(n)), children))
        else:
            toc += children
    for item in spine:
        if not isinstance(item, str):
            book.add_item(item)
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav(title=word("contents", lang), file_name=NAV))
    book.toc = toc
    book.spine = spine
    book.guide += [{"type": "cover", "href": COVER_PAGE, "title": epub_word("cover", lang)},
                   {"type": "toc", "href": NAV, "title": word("contents", lang)}]
    first = next(bulletin.entries())
    book.guide.append({"type": "text", "href": chapter_href(first), "title": first.article.metadata.title or title})

    # dcterms:modified (mandatory): the bulletin's date, in UTC as the writer's; NO_DATE when undated.
    return package(book, modified(own), lang), warnings
