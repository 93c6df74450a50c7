"""EPUB 3 writer: a cover page, one chapter rendered by ``render.html``, its images, nav and NCX.

ebooklib builds the package; the XHTML is written exactly as rendered (ebooklib would re-parse it
with an HTML parser), and the zip is re-packed so the same article gives the same bytes. The cover
(``cover.py``) is the lead photo or an image drawn from the metadata; ``WriteOptions.cover``
turns it off.
"""

from __future__ import annotations

import dataclasses
import io
import os
from collections.abc import Iterable
from datetime import datetime

from ebooklib import epub

from ...diagnostics import Diagnostic
from ...labels import label, right_to_left
from ...logs import logger
from ...model import Article
from ...options import WriteOptions
from ...render.html import document, xml_text
from ...resources import style_path
from ...user_files import read_stylesheet
from ...walk import figures
from .. import Rendered, write_rendered
from .archive import repack
from .cover import COVER_PAGE, Cover, date_line, word
from .cover import make as make_cover
from .images import Picture, pictures
from .package import add_metadata, language_tag, modified, table_of_contents, w3cdtf

# What a book made of several articles (a bulletin) composes with: the stylesheets, each article's
# pictures and chapter page, the drawn cover, the package metadata and contents, and the one
# deterministic packaging a single article's book goes through too.
__all__ = [
    "COVER_PAGE",
    "XML_DECLARATION",
    "Picture",
    "add_metadata",
    "build",
    "chapter_page",
    "date_line",
    "make_cover",
    "modified",
    "package",
    "pictures",
    "render",
    "stylesheets",
    "table_of_contents",
    "w3cdtf",
    "word",
    "write",
]

log = logger(__name__)

CHAPTER = "chapter.xhtml"
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'
WRITE_OPTIONS = {
    "epub3_pages": False,  # no page-break markers in our chapter: skip ebooklib's scan for them
    "raise_exceptions": True,  # otherwise ebooklib turns write errors into a warning and False
    # archive.repack compresses every entry again: ebooklib's own deflate would be thrown away.
    "compresslevel": 0,
}


class _Chapter(epub.EpubHtml):  # type: ignore[misc]
    """A content document whose bytes are ours: ebooklib's get_content would re-parse it as HTML."""

    def get_content(self, default: bytes | None = None) -> bytes:
        content: bytes = self.content
        return content


def _missing(article: Article) -> list[Diagnostic]:
    """One warning per figure whose image has no bytes in the package (the placeholder shows)."""
    return [
        Diagnostic("missing-image", "image not found; a placeholder was written instead", fig.image.src)
        for fig in figures(article.blocks)
        if article.resource(fig.image.resource) is None
    ]


def stylesheets(options: WriteOptions) -> list[tuple[str, bytes]]:
    """(href, bytes) of the default stylesheet and, after it so that it wins, the user's."""
    sheets = [("css/epub.css", style_path("epub.css").read_bytes())]
    if options.css is not None:
        sheets.append(("css/user.css", read_stylesheet(options.css).encode("utf-8")))
    return sheets


def chapter_page(uid: str, href: str, title: str, language: str, content: bytes) -> _Chapter:
    # The media type given, not guessed: ebooklib's guess loads the system's MIME tables (a few
    # ms of every EPUB) to find what every XHTML page is.
    page = _Chapter(uid=uid, file_name=href, title=title, lang=language, media_type="application/xhtml+xml")
    page.content = content
    return page


def _add_images(book: epub.EpubBook, pics: Iterable[Picture], cover: Cover | None) -> None:
    """Every picture once, a drawn cover first; the cover image declared for EPUB 3 and EPUB 2."""
    drawn = [cover.image] if cover is not None and cover.drawn and cover.image is not None else []
    for n, pic in enumerate([*drawn, *pics], 1):
        image = epub.EpubImage(uid=f"image-{n}", file_name=pic.href, media_type=pic.media_type, content=pic.data)
        if cover is not None and pic is cover.image:
            image.properties = ["cover-image"]
            # Older readers (EPUB 2, Kindle conversion) look only for this meta.
            book.add_metadata(None, "meta", "", {"name": "cover", "content": image.id})
        book.add_item(image)


def package(book: epub.EpubBook, mtime: datetime, language: str) -> bytes:
    """The book's EPUB bytes: ebooklib's file, re-packed so that the same book gives the same bytes.

    ``mtime`` is ``dcterms:modified`` (mandatory); the landmarks are titled in ``language``.
    """
    buf = io.BytesIO()
    epub.write_epub(buf, book, {**WRITE_OPTIONS, "mtime": mtime, "landmark_title": word("landmarks", language)})
    return repack(buf.getvalue())


def build(article: Article, options: WriteOptions) -> tuple[bytes, list[Diagnostic]]:
    """The EPUB file's bytes and the warnings met while making it."""
    md = article.metadata
    title = xml_text(md.title).strip() or "Untitled"
    language = language_tag(md.language)
    pics, warnings = pictures(article, figures(article.blocks))
    # Images that cannot go into the package render as the placeholder, like missing ones.
    article = dataclasses.replace(article, resources=tuple(r for r in article.resources if r.key in pics),
                                  metadata=dataclasses.replace(md, language=language))
    warnings = _missing(article) + warnings

    book = epub.EpubBook()
    add_metadata(book, article, title, language)
    sheets = stylesheets(options)
    hrefs = [href for href, _ in sheets]
    for n, (href, data) in enumerate(sheets, 1):
        book.add_item(epub.EpubItem(uid=f"css-{n}", file_name=href, media_type="text/css", content=data))
    cover = make_cover(article, title, pics, hrefs) if options.cover else None
    _add_images(book, pics.values(), cover)

    xhtml = XML_DECLARATION + document(article, lambda res: pics[res.key].href, hrefs)
    rtl = right_to_left(language)
    if rtl:
        # Arabic, Hebrew...: the base direction of every paragraph (Unicode bidi, UAX #9 rule P3)
        # and the order pages turn in (spine page-progression-direction).
        book.set_direction("rtl")
        xhtml = xhtml.replace(b"<html ", b'<html dir="rtl" ', 1)
    chapter = chapter_page("chapter", CHAPTER, title, language, xhtml)
    spine: list[_Chapter] = [chapter]
    if cover is not None:
        cover_title = word("cover", language)
        spine.insert(0, chapter_page("cover", COVER_PAGE, cover_title, language, cover.page))
        book.guide.append({"type": "cover", "href": COVER_PAGE, "title": cover_title})
    # ebooklib turns the guide into the nav document's landmarks, "text" into "bodymatter".
    book.guide.append({"type": "text", "href": CHAPTER, "title": title})
    for page in spine:
        book.add_item(page)
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav(title=label("contents", language), direction="rtl" if rtl else None))
    book.toc = table_of_contents(title, CHAPTER, xhtml)
    book.spine = spine

    return package(book, modified(article), language), warnings


def render(article: Article, options: WriteOptions) -> Rendered:
    """The complete EPUB 3 file of ``article`` and its warnings; nothing is written."""
    data, warnings = build(article, options)
    return Rendered(data, tuple(warnings))


def write(article: Article, target: str | os.PathLike[str], options: WriteOptions) -> list[Diagnostic]:
    """:func:`render` written to ``target`` atomically."""
    return write_rendered(render, article, target, options)
