"""EPUB 3 writer: one chapter rendered by ``render.html``, its images, nav document and NCX.

ebooklib builds the package; the chapter XHTML is written exactly as rendered (ebooklib would
re-parse it with an HTML parser), and the zip is re-packed so the same article gives the same
bytes. The first available figure image is declared the cover image; no cover page is generated.
"""

from __future__ import annotations

import dataclasses
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from ebooklib import epub
from PIL import Image as PILImage

from ...diagnostics import Warning
from ...errors import InputError
from ...labels import label
from ...model import Article, Resource
from ...options import WriteOptions
from ...render.html import document
from ...resources import style_path
from ...walk import figures
from .archive import repack
from .package import add_metadata, modified, table_of_contents

log = logging.getLogger(__name__)

CHAPTER = "chapter.xhtml"
IMAGE_DIR = "images"
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'
# Core media types of EPUB 3.2 (section 3.2); anything else needs a fallback chain, so convert it.
CORE_IMAGE_TYPES = {"image/gif", "image/jpeg", "image/png", "image/svg+xml"}
WRITE_OPTIONS = {
    "epub3_pages": False,  # no page-break markers in our chapter: skip ebooklib's scan for them
    "raise_exceptions": True,  # otherwise ebooklib turns write errors into a warning and False
}


class _Chapter(epub.EpubHtml):  # type: ignore[misc]
    """A content document whose bytes are ours: ebooklib's get_content would re-parse it as HTML."""

    def get_content(self, default: bytes | None = None) -> bytes:
        content: bytes = self.content
        return content


@dataclass(frozen=True, slots=True)
class _Picture:
    """One image as it goes into the package."""

    href: str
    media_type: str
    data: bytes


def _to_png(res: Resource) -> _Picture | None:
    """A PNG copy of an image that is not a core media type (BMP, TIFF, WebP...), or None."""
    try:
        with PILImage.open(io.BytesIO(res.data)) as img:
            buf = io.BytesIO()
            img.save(buf, format="PNG")
    except (OSError, ValueError) as exc:  # Pillow's "cannot identify image" is an OSError
        log.debug("cannot convert %s: %s", res.key, exc)
        return None
    stem = res.key.rsplit(".", 1)[0]
    return _Picture(f"{IMAGE_DIR}/{stem}.png", "image/png", buf.getvalue())


def _pictures(article: Article) -> tuple[dict[str, _Picture], list[Warning]]:
    """Package images for the figures, keyed by resource key, in first-use order, each once."""
    pictures: dict[str, _Picture] = {}
    warnings: list[Warning] = []
    for fig in figures(article.blocks):
        res = article.resource(fig.image.resource)
        if res is None or res.key in pictures:
            continue
        media_type = "image/jpeg" if res.media_type == "image/jpg" else res.media_type
        if media_type in CORE_IMAGE_TYPES:
            pictures[res.key] = _Picture(f"{IMAGE_DIR}/{res.key}", media_type, res.data)
            continue
        converted = _to_png(res)
        if converted is None:
            problem = f"cannot convert {media_type} to an EPUB image type"
            warnings.append(Warning("unsupported-image", problem, fig.image.src))
        else:
            pictures[res.key] = converted
    return pictures, warnings


def _missing(article: Article) -> list[Warning]:
    """One warning per figure whose image has no bytes in the package (the placeholder shows)."""
    return [
        Warning("missing-image", "image not found; a placeholder was written instead", fig.image.src)
        for fig in figures(article.blocks)
        if article.resource(fig.image.resource) is None
    ]


def _user_css(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read stylesheet {path}: {exc.strerror}", hint="check --css") from exc


def _stylesheets(options: WriteOptions) -> list[tuple[str, bytes]]:
    """(href, bytes) of the default stylesheet and, after it so that it wins, the user's."""
    sheets = [("css/epub.css", style_path("epub.css").read_bytes())]
    if options.css is not None:
        sheets.append(("css/user.css", _user_css(options.css)))
    return sheets


def build(article: Article, options: WriteOptions) -> tuple[bytes, list[Warning]]:
    """The EPUB file's bytes and the warnings met while making it."""
    md = article.metadata
    title = md.title or "Untitled"
    language = md.language or "en"
    pictures, warnings = _pictures(article)
    # Images that cannot go into the package render as the placeholder, like missing ones.
    article = dataclasses.replace(article, resources=tuple(r for r in article.resources if r.key in pictures))
    warnings = _missing(article) + warnings

    book = epub.EpubBook()
    add_metadata(book, article, title, language)
    sheets = _stylesheets(options)
    for n, (href, data) in enumerate(sheets, 1):
        book.add_item(epub.EpubItem(uid=f"css-{n}", file_name=href, media_type="text/css", content=data))
    for n, pic in enumerate(pictures.values(), 1):
        image = epub.EpubImage(
            uid=f"image-{n}", file_name=pic.href, media_type=pic.media_type, content=pic.data
        )
        if n == 1:
            # EPUB 3 cover declaration, plus the EPUB 2 meta that older readers still look for.
            image.properties = ["cover-image"]
            book.add_metadata(None, "meta", "", {"name": "cover", "content": image.id})
        book.add_item(image)

    xhtml = XML_DECLARATION + document(article, lambda res: pictures[res.key].href, [h for h, _ in sheets])
    chapter = _Chapter(uid="chapter", file_name=CHAPTER, title=title, lang=language)
    chapter.content = xhtml
    book.add_item(chapter)
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav(title=label("contents", language)))
    book.toc = table_of_contents(title, CHAPTER, xhtml)
    book.spine = [chapter]

    buf = io.BytesIO()
    epub.write_epub(buf, book, {**WRITE_OPTIONS, "mtime": modified(article)})
    return repack(buf.getvalue()), warnings


def write(article: Article, target: Path, options: WriteOptions) -> list[Warning]:
    """Write ``article`` as a complete EPUB 3 file at ``target``."""
    data, warnings = build(article, options)
    target.write_bytes(data)
    return warnings
