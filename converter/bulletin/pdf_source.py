"""The bulletin's source for WeasyPrint: its XHTML (head, articles, front matter) and page CSS.

Shared by the render in one piece (``pdf``) and the render in parts (``parts``), which lay out the
same document, whole or a few articles at a time.
"""

from __future__ import annotations

import base64
from dataclasses import replace

from lxml import etree

from ..labels import label
from ..model import DateValue
from ..user_files import read_icc_profile
from ..writers.pdf import NO_DATE, PAPERS, Paper, css_string, resource_url, xhtml
from . import html
from .config import BulletinOptions
from .model import Bulletin, Entry

_X = "{http://www.w3.org/1999/xhtml}"
# Duplex margins (mm): top, outer, bottom, inner. The inner margin is wider: binding (staples,
# glue) takes a few millimetres at the spine. Their sum equals the writer's two side margins,
# so the text width, and with it the photo downsampling, is the same as for a single article.
_DUPLEX = {"a4": (22.0, 17.0, 24.0, 23.0), "a5": (16.0, 12.0, 18.0, 16.0)}


def paper(options: BulletinOptions) -> Paper:
    """The writer's geometry for the paper, with duplex margins when they are mirrored."""
    base = PAPERS[options.paper.lower()]
    if not options.mirrored:
        return base
    top, outer, bottom, inner = _DUPLEX[options.paper.lower()]
    # Paper.margins is (top, right, bottom, left): the right-hand page's right margin is outer.
    return replace(base, margins=(top, outer, bottom, inner))


def page_css(bulletin: Bulletin, options: BulletinOptions, geometry: Paper, total_pages: int | None = None) -> str:
    """Size, margins (mirrored for duplex), bleed and marks, running heads, page numbers.

    ``total_pages`` prints that number for ``counter(pages)`` ("Page 3 of 2386"): the page numbers
    of a bulletin rendered in parts come from documents holding only some of its pages.
    """
    top, right, bottom, left = geometry.margins
    lang = bulletin.language
    head = css_string(" · ".join(p for p in (bulletin.title, html.issue_line(bulletin)) if p))
    rules = [f"@page {{ size: {geometry.css_size}; margin: {top}mm {right}mm {bottom}mm {left}mm; }}",
             f"figure img {{ max-height: {geometry.figure_max_height}mm; }}"]
    if options.bleed:
        # The marks are drawn by writers.pdf.marks in a slug outside the bleed, not by WeasyPrint,
        # whose marks sit inside the bleed where the guillotine cuts them off.
        rules.append(f"@page {{ bleed: {options.bleed}; marks: none; }}")
    if options.mirrored:
        # Left-hand pages: the bulletin's name at the outer (left) edge; right-hand pages: the
        # section. Page numbers at the outer corners, where a thumb finds them.
        rules += [
            f"@page :left {{ margin-left: {right}mm; margin-right: {left}mm;"
            f" @top-left {{ content: {head}; }} @top-right {{ content: none; }}"
            " @bottom-left { content: counter(page); } @bottom-center { content: none; } }",
            "@page :right { @top-right { content: string(section); } @top-left { content: none; }"
            " @bottom-right { content: counter(page); } @bottom-center { content: none; } }",
        ]
    else:
        page, of = css_string(label("page", lang) + " "), css_string(" " + label("of", lang) + " ")
        pages = "counter(pages)" if total_pages is None else css_string(str(total_pages))
        rules += [f"@page {{ @top-left {{ content: {head}; }} @top-right {{ content: string(section); }}"
                  f" @bottom-center {{ content: {page} counter(page) {of} {pages}; }} }}"]
    if options.icc_profile is not None:
        # The output intent of PDF/X (ISO 15930): WeasyPrint takes it from the device-cmyk profile.
        # A data: URL, because the fetcher serves no file outside the styles folder.
        icc = base64.b64encode(read_icc_profile(options.icc_profile)).decode("ascii")
        rules.append(f"@color-profile device-cmyk {{ src: url(data:application/vnd.iccprofile;base64,{icc});"
                     " components: cyan, magenta, yellow, black; }")
    if options.start_on == "right":
        rules.append("section.front-matter, section.bulletin-section, .entry + .entry { break-before: right; }")
    return "\n".join(rules) + "\n" + geometry.extra_css


def article_element(entry: Entry, resolutions: dict[str, float]) -> etree._Element:
    """The entry's ``<article>`` as the PDF writer renders it, renumbered for the bulletin."""
    root = etree.fromstring(xhtml(entry.article, resolutions))
    article = root.find(f".//{_X}article")
    assert article is not None, "render.html always writes an article element"
    html.renumber(article, entry, f"{entry.anchor}-")
    if root.get("dir"):
        article.set("dir", root.get("dir", ""))
    return article


def document(bulletin: Bulletin, resolutions: dict[str, float], dates_required: bool = False) -> bytes:
    """The bulletin XHTML: the writer's head (title, dates, keywords) over the bulletin body.

    An undated bulletin has no dates in its head, so none in the PDF. ``dates_required`` (PDF/X:
    ISO 15930 requires ``/CreationDate`` and ``/ModDate``, and WeasyPrint fills missing ones from
    the clock) dates it ``moments.NO_DATE`` instead.
    """
    root = head(bulletin, dates_required)
    root.append(html.body(bulletin, lambda e: article_element(e, resolutions), logo_url(bulletin)))
    return b"<!DOCTYPE html>\n" + etree.tostring(root, encoding="utf-8")


def head(bulletin: Bulletin, dates_required: bool = False) -> etree._Element:
    """The bulletin's ``<html>`` with the writer's ``<head>`` (see ``document``) and no body yet."""
    own = bulletin.as_article()
    if dates_required and own.metadata.published is None:
        own = replace(own, metadata=replace(own.metadata, published=DateValue("", NO_DATE)))
    root = etree.fromstring(xhtml(replace(own, resources=())))
    old = root.find(f"{_X}body")
    assert old is not None
    root.remove(old)
    return root


def logo_url(bulletin: Bulletin) -> str | None:
    return resource_url(bulletin.front.logo) if bulletin.front.logo is not None else None


def identifier(bulletin: Bulletin) -> bytes:
    """The first half of the PDF ``/ID``, from the content (equal bulletins, equal IDs)."""
    return bulletin.digest()[:32].encode("ascii")
