"""Bulletin XHTML: cover, editorial note, contents, section headings, and articles renumbered for it.

Articles themselves are rendered by ``render.html`` (through the PDF or EPUB writer); this module
only places them and adjusts what a many-article document needs: ids made unique per article and
figure numbers continued through the bulletin. CSS classes are hooks for ``styles/bulletin.css``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from lxml import etree

from ..labels import label
from ..render.html import XHTML_NS, E, xml_text
from ..writers.epub import date_line
from .model import Bulletin, Entry, Section, word

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_X = f"{{{XHTML_NS}}}"


def renumber(article_el: etree._Element, entry: Entry, id_prefix: str = "") -> None:
    """Continue figure numbers through the bulletin and prefix every other id with ``id_prefix``.

    ``render.html`` numbers figures from 1 in each article (ids ``fig-n``, label "Hình n. ");
    in the bulletin the n-th figure of an article is ``first_figure + n - 1``. Figure ids are then
    unique without a prefix; headings and tables (``h-1``, ``table-1``) are not.
    """
    figure_word = label("figure", entry.language)
    for el in article_el.iter():
        ident = el.get("id")
        if ident is None:
            continue
        if el.tag == f"{_X}figure" and ident.startswith("fig-"):
            local = int(ident.removeprefix("fig-"))
            number = entry.first_figure + local - 1
            el.set("id", f"fig-{number}")
            for span in el.iter(f"{_X}span"):
                if span.get("class") == "figure-label":
                    span.text = f"{figure_word} {number}. "
            for img in el.iter(f"{_X}img"):
                # The PDF writer names a photo without alt text or caption after its figure.
                if img.get("alt") == f"{figure_word} {local}":
                    img.set("alt", f"{figure_word} {number}")
        else:
            el.set("id", id_prefix + ident)


def _fold(s: str) -> str:
    return " ".join(s.split()).casefold()


def under_its_category(section: Section, entry: Entry) -> bool:
    """Whether the entry sits in a section headed by its own category."""
    return bool(section.heading) and _fold(section.heading) == _fold(entry.article.metadata.category)


def as_printed(section: Section, entry: Entry) -> Entry:
    """The entry as the bulletin prints it. In a section headed by its category, the heading and
    the running head name the category already: the article drops its kicker, its "Category:"
    line and a page field saying the same (the bulletin's own metadata still lists it)."""
    if not under_its_category(section, entry):
        return entry
    md = entry.article.metadata
    fields = tuple(f for f in md.fields if _fold(f.value) != _fold(md.category))
    return replace(entry, article=replace(entry.article, metadata=replace(md, category="", fields=fields)))


def meta_line(entry: Entry, section: Section | None = None) -> str:
    """The contents line under a title: date, authors, category, views (the article's own wording);
    not the category under a section heading that is that category."""
    md = entry.article.metadata
    views = f"{label('views', entry.language)}: {md.views}" if md.views is not None else ""
    category = "" if section is not None and under_its_category(section, entry) else md.category
    parts = [date_line(md), ", ".join(md.authors), category, views]
    return " · ".join(p for p in parts if p)


def running_head(section: Section, entry: Entry) -> str:
    """The section name in the running head: the group, else the article's category, else the
    article's title (the bulletin's own title is already at the other end of the head)."""
    return section.heading or entry.article.metadata.category or entry.article.metadata.title


def issue_line(bulletin: Bulletin) -> str:
    """"Số 12 · 15/03/2024": issue number and date as the cover and the running head show them."""
    front = bulletin.front
    issue = f"{word('issue', bulletin.language)} {front.issue}" if front.issue else ""
    shown = date_line(bulletin.as_article().metadata) if front.date else ""
    return " · ".join(p for p in (issue, shown) if p)


def cover(bulletin: Bulletin, logo_url: str | None) -> etree._Element:
    """The cover: logo, publisher, title, subtitle, issue and date."""
    front = bulletin.front
    el = E("section", {"class": "bulletin-cover"})
    if logo_url is not None:
        el.append(E("img", {"class": "logo"}, src=logo_url, alt=front.publisher or bulletin.title))
    if front.publisher:
        el.append(E("p", {"class": "publisher"}, front.publisher))
    el.append(E("h1", {"class": "bulletin-title"}, bulletin.title))
    if front.subtitle:
        el.append(E("p", {"class": "bulletin-subtitle"}, front.subtitle))
    line = issue_line(bulletin)
    if line:
        el.append(E("p", {"class": "issue"}, line))
    return el


def editorial(bulletin: Bulletin) -> etree._Element | None:
    """The editorial note, one paragraph per blank-line-separated block, or None without one."""
    note = bulletin.front.note.strip()
    if not note:
        return None
    heading = E("h2", {"class": "editorial-title"}, word("editorial", bulletin.language))
    el = E("section", {"class": "editorial"}, heading)
    for block in note.split("\n\n"):
        if block.strip():
            el.append(E("p", " ".join(block.split())))
    return el


def contents(bulletin: Bulletin, href: Callable[[Entry], str], section_href: Callable[[int], str]
             ) -> etree._Element:
    """``nav.toc``: per article a link with its title and a line with its date, authors, category."""
    heading = E("h2", {"class": "toc-title"}, word("contents", bulletin.language))
    nav = E("nav", {"class": "toc", "role": "doc-toc"}, heading)
    for n, section in enumerate(bulletin.sections, 1):
        if section.heading:
            nav.append(E("p", {"class": "toc-section"}, E("a", section.heading, href=section_href(n))))
        ol = E("ol", {"class": "toc-entries"})
        for entry in section.entries:
            li = E("li", {"class": "toc-entry"}, E("a", {"class": "toc-link"}, entry.article.metadata.title or "—",
                                                 href=href(entry)))
            line = meta_line(entry, section)
            if line:
                li.append(E("p", {"class": "toc-meta"}, line))
            ol.append(li)
        nav.append(ol)
    return nav


def body_element(bulletin: Bulletin) -> etree._Element:
    """The empty ``<body>`` with the bulletin's classes (``grouped`` when it has sections)."""
    classes = ["bulletin", *(["grouped"] if bulletin.grouped else [])]
    return E("body", {"class": " ".join(classes)})


def front_matter(bulletin: Bulletin) -> etree._Element:
    """``section.front-matter``: the editorial note and the contents, linked to ``#article-n``."""
    front = E("section", {"class": "front-matter"})
    note = editorial(bulletin)
    if note is not None:
        front.append(note)
    front.append(contents(bulletin, lambda e: f"#{e.anchor}", lambda n: f"#section-{n}"))
    return front


def section_element(n: int, section: Section, entries: Sequence[Entry],
                    article_el: Callable[[Entry], etree._Element], opening: bool = True) -> etree._Element:
    """``section.bulletin-section`` (id ``section-n``) with ``entries``, each in ``div.entry``.

    ``opening`` False continues a section begun elsewhere (a later part of a bulletin rendered in
    parts): no id and no heading, but the same running head.
    """
    sec = E("section", {"class": "bulletin-section"}, id=f"section-{n}") if opening else \
        E("section", {"class": "bulletin-section"})
    if section.heading:
        sec.set("data-running", section.heading)
        if opening:
            sec.append(E("h1", {"class": "section-title"}, section.heading))
    for entry in entries:
        div = E("div", {"class": "entry"}, id=entry.anchor)
        div.set("data-running", xml_text(running_head(section, entry)))
        div.set("lang", entry.language)
        div.set(XML_LANG, entry.language)
        div.append(article_el(as_printed(section, entry)))
        sec.append(div)
    return sec


def body(bulletin: Bulletin, article_el: Callable[[Entry], etree._Element], logo_url: str | None
         ) -> etree._Element:
    """The single-document body (PDF): cover, editorial and contents, then every section.

    Each article sits in ``div.entry`` (id ``article-n``) whose ``data-running`` feeds the running
    head; ``article_el`` renders one entry (its ids already made unique).
    """
    out = body_element(bulletin)
    out.append(cover(bulletin, logo_url))
    out.append(front_matter(bulletin))
    for n, section in enumerate(bulletin.sections, 1):
        out.append(section_element(n, section, section.entries, article_el))
    return out


def page(title: str, language: str, body_el: etree._Element, stylesheets: Sequence[str] = ()) -> bytes:
    """A complete XHTML document around ``body_el`` (EPUB content documents)."""
    head = E("head", E("meta", charset="utf-8"), E("title", title))
    for sheet in stylesheets:
        head.append(E("link", rel="stylesheet", type="text/css", href=sheet))
    html = E("html", head, body_el, lang=language)
    html.set(XML_LANG, language)
    return (b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
            + etree.tostring(html, encoding="utf-8", xml_declaration=False))
