"""Article → XHTML, shared by the PDF and EPUB writers.

Only the model is rendered, never page markup, so SharePoint attributes, scripts or duplicate ids
cannot reach the output. CSS classes are the documented styling hooks (docs/formats.md, "Styling hooks").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import assert_never

from lxml import etree

from ..labels import colon, label
from ..model import (
    Article,
    Block,
    Code,
    Emphasis,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Resource,
    Rule,
    Signature,
    Strong,
    Subscript,
    Superscript,
    Table,
    Text,
    Underline,
)
from ..patterns import compiled
from ..urls import scheme, split, to_uri
from ..walk import image_name, numbered, plain_text, shown_target, target_note
from .meta import metadata_rows, record_rows, shown_lead

XHTML_NS = "http://www.w3.org/1999/xhtml"

_SCHEME_AND_HOST = compiled(r"[A-Za-z][A-Za-z0-9+.-]*://[^/]*/?")


def E(tag: str, *children: etree._Element | str | dict[str, str], **attrs: str) -> etree._Element:
    """An XHTML element: dict children are attributes, strings are text, elements are appended."""
    el = etree.Element(f"{{{XHTML_NS}}}{tag}", nsmap={None: XHTML_NS})  # type: ignore[dict-item]
    for child in children:
        if isinstance(child, dict):
            for key, value in child.items():
                el.set(key, xml_text(value))
        elif isinstance(child, str):
            _append_text(el, child)
        else:
            el.append(child)
    for key, value in attrs.items():
        el.set(key, xml_text(value))
    return el

ImageUrl = Callable[[Resource], str]


# XML 1.0 cannot hold C0 controls other than tab, newline and return, lone surrogates, U+FFFE or
# U+FFFF, and lxml refuses them. A parsed page cannot carry them; a model loaded from JSON can.
_NOT_XML = compiled("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
def xml_text(s: str) -> str:
    """``s`` without the characters XML cannot represent."""
    return _NOT_XML.sub("", s)


def _append_text(parent: etree._Element, s: str) -> None:
    """Append text after the last child (lxml keeps it in ``tail``) or inside ``parent``."""
    s = xml_text(s)
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + s
    else:
        parent.text = (parent.text or "") + s


def _safe_href(url: str) -> str | None:
    """Absolute web/mail links and in-document anchors; anything else would be a broken link."""
    url = xml_text(url).strip()
    if url.startswith("#") and len(url) > 1:
        return None  # ids of the source page do not exist in ours
    if scheme(url) not in {"http", "https", "mailto", "ftp"} or split(url) is None:
        return None  # "http://[oops" is not a URL at all
    return to_uri(url)


def add_inlines(parent: etree._Element, inlines: Iterable[Inline]) -> None:
    for node in inlines:
        match node:
            case Text():
                _append_text(parent, node.text)
            case Code():
                parent.append(E("code", node.text))
            case LineBreak():
                parent.append(E("br"))
            case Strong():
                _wrap(parent, E("strong"), node.children)
            case Emphasis():
                _wrap(parent, E("em"), node.children)
            case Underline():
                _wrap(parent, E("span", {"class": "underline"}), node.children)
            case Superscript():
                _wrap(parent, E("sup"), node.children)
            case Subscript():
                _wrap(parent, E("sub"), node.children)
            case Link():
                href = _safe_href(node.url)
                el = E("a", href=href) if href else E("span", {"class": "link"})
                if href and node.title:
                    el.set("title", xml_text(node.title))
                _wrap(parent, el, node.children)
                if target := shown_target(node):
                    parent.append(E("span", {"class": "link-target"}, xml_text(target_note(target))))
            case _:
                assert_never(node)


def _wrap(parent: etree._Element, el: etree._Element, children: Sequence[Inline]) -> None:
    add_inlines(el, children)
    parent.append(el)


class _Renderer:
    def __init__(self, article: Article, image_url: ImageUrl) -> None:
        self.article = article
        self.image_url = image_url
        self.lang = article.metadata.language or "en"
        self.figure_no = 0
        self.table_no = 0
        self.heading_no = 0

    def blocks(self, parent: etree._Element, blocks: Iterable[Block]) -> None:
        for block in blocks:
            parent.append(self.block(block))

    def block(self, block: Block) -> etree._Element:
        match block:
            case Paragraph():
                el = E("p")
                add_inlines(el, block.children)
                return el
            case Heading():
                self.heading_no += 1
                el = E(f"h{min(block.level + 1, 6)}", id=f"h-{self.heading_no}")
                add_inlines(el, block.children)
                return el
            case ListBlock():
                el = E("ol") if block.ordered else E("ul")
                if block.ordered and block.start != 1:
                    el.set("start", str(block.start))
                for item in block.items:
                    li = E("li")
                    self.blocks(li, item.blocks)
                    el.append(li)
                return el
            case Table():
                return self.table(block)
            case Figure():
                return self.figure(block)
            case Quote():
                el = E("blockquote")
                self.blocks(el, block.blocks)
                return el
            case Signature():
                el = E("p", {"class": "signature"})
                add_inlines(el, block.children)
                return el
            case Rule():
                return E("hr")
            case _:
                assert_never(block)

    def table(self, table: Table) -> etree._Element:
        self.table_no += 1
        el = E("table", {"class": "table"}, id=f"table-{self.table_no}")
        if table.caption:
            cap = E("caption")
            add_inlines(cap, table.caption)
            el.append(cap)
        head = E("thead") if table.header_rows else None
        body = E("tbody")
        for i, row in enumerate(table.rows):
            tr = E("tr")
            for cell in row.cells:
                td = E("th") if cell.header else E("td")
                if cell.colspan > 1:
                    td.set("colspan", str(cell.colspan))
                if cell.rowspan > 1:
                    td.set("rowspan", str(cell.rowspan))
                add_inlines(td, cell.children)
                tr.append(td)
            (head if head is not None and i < table.header_rows else body).append(tr)
        if head is not None:
            el.append(head)
        if len(body):
            el.append(body)
        return el

    def figure(self, fig: Figure) -> etree._Element:
        el = E("figure", {"class": "figure"})
        if numbered(fig):  # labelled figures are numbered 1, 2, … as Word's SEQ fields count them
            self.figure_no += 1
            el.set("id", f"fig-{self.figure_no}")
        res = self.article.resource(fig.image.resource)
        if res is not None:
            el.append(_linked(fig, E("img", src=self.image_url(res), alt=fig.image.alt or _caption_text(fig))))
        else:
            # <bdi>: a Latin file name inside an Arabic sentence keeps its own order ("4711.jpg", not
            # "jpg.4711"); the isolate characters inside do the same where <bdi> is not honoured (WeasyPrint).
            name = image_name(fig.image.src)
            box = (E("p", {"class": "missing-image"}, f"[{label('missing_image', self.lang)}: ",
                     E("bdi", f"\u2068{name}\u2069"), "]") if name
                   else E("p", {"class": "missing-image"}, f"[{label('missing_image', self.lang)}]"))
            if fig.image.alt and fig.image.alt != image_name(fig.image.src):
                # The page's alt text, on a line of its own, says what was there (as in the DOCX).
                box.append(E("br"))
                box.append(E("em", {"class": "alt"}, fig.image.alt))
            el.append(_linked(fig, box))
        if target := shown_target(Link((), fig.link)):
            # A link that leads nowhere from the document (a relative one of a page whose address
            # is unknown) is printed, as after a link's text.
            el.append(E("p", {"class": "link-target"}, f"[{target}]"))
        if not numbered(fig):
            return el
        cap = E("figcaption", E("span", {"class": "figure-label"}, f"{label('figure', self.lang)} {self.figure_no}. "))
        add_inlines(cap, fig.caption)
        if fig.credit:
            cap.append(E("span", {"class": "credit"}, f" ({fig.credit})"))
        el.append(cap)
        return el


def _linked(fig: Figure, el: etree._Element) -> etree._Element:
    """The picture (or its placeholder) inside an <a> when the page's photo was a link."""
    href = _safe_href(fig.link) if fig.link else None
    return E("a", el, {"class": "figure-link"}, href=href) if href else el


def _caption_text(fig: Figure) -> str:
    return plain_text(fig.caption)


def _header(article: Article) -> etree._Element:
    md = article.metadata
    header = E("header", {"class": "article-header"})
    if md.category:
        header.append(E("p", {"class": "category"}, md.category))
    header.append(E("h1", {"class": "title"}, md.title))
    if md.subtitle:
        header.append(E("p", {"class": "subtitle"}, md.subtitle))
    rows = metadata_rows(md)
    if rows:
        ul = E("ul", {"class": "metadata"})
        source = label("source", md.language or "en")
        for name, value in rows:
            shown = _address(value) if name == source else E("span", {"class": "value"}, value)
            ul.append(E("li", E("span", {"class": "label"}, name + colon(md.language or "en")), shown))
        header.append(ul)
    if lead := shown_lead(md):
        header.append(E("p", {"class": "lead"}, lead))
    return header


def _address(shown: str) -> etree._Element:
    """The source address as text that breaks only after a "/" of its path.

    Line breaking (UAX #14) would cut right after "https://", leaving the scheme alone at the end
    of a line, and never before a number ("/2019-06-02"): the scheme and host are one unbreakable
    run (``url-origin``, print.css) and each "/" of the path is followed by a ``<wbr>``.
    """
    el = E("span", {"class": "value"})
    m = _SCHEME_AND_HOST.match(shown)
    origin, path = (m.group(), shown[m.end() :]) if m else ("", shown)
    if origin:
        el.append(E("span", {"class": "url-origin"}, origin))
    pieces = path.split("/")
    for i, piece in enumerate(pieces):
        _append_text(el, piece + ("/" if i < len(pieces) - 1 else ""))
        if i < len(pieces) - 1:
            el.append(E("wbr"))
    return el


def _record(article: Article) -> etree._Element | None:
    rows = record_rows(article.metadata, article.blocks)
    if not rows:
        return None
    table = E("table", {"class": "record"})
    tbody = E("tbody")
    for name, value in rows:
        tbody.append(E("tr", E("th", name), E("td", value)))
    table.append(tbody)
    return E("section", {"class": "record"}, table)


def article_element(article: Article, image_url: ImageUrl) -> etree._Element:
    """``<article>`` with header, body blocks and the record table."""
    el = E("article", {"class": "article"}, _header(article))
    body = E("div", {"class": "article-body"})
    _Renderer(article, image_url).blocks(body, article.blocks)
    el.append(body)
    record = _record(article)
    if record is not None:
        el.append(record)
    return el


def document(
    article: Article, image_url: ImageUrl, stylesheets: Sequence[str] = (), inline_css: str = ""
) -> bytes:
    """A complete XHTML document (UTF-8 bytes with XML declaration)."""
    lang = article.metadata.language or "en"
    head = E("head", E("meta", charset="utf-8"), E("title", article.metadata.title or "Untitled"))
    for href in stylesheets:
        head.append(E("link", rel="stylesheet", type="text/css", href=href))
    if inline_css:
        head.append(E("style", inline_css))
    html = E("html", head, E("body", article_element(article, image_url)), lang=lang)
    html.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    return b"<!DOCTYPE html>\n" + etree.tostring(html, encoding="utf-8", xml_declaration=False)
