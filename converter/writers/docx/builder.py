"""The Word document as a sequence of articles: what a single page and a bulletin are both made with.

A single page is a one-article document; a bulletin adds its cover, contents and sections around
many (``converter.bulletin.docx``). Either way the steps, and their order, are these: open the
template, set its language, properties and page, add each article (title block, body, record
table), mark the runs' languages, save deterministically.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lxml import etree

from ...diagnostics import Diagnostic
from ...model import Article, Metadata
from ...records import dataclass
from .body import BodyWriter
from .language import Language, apply_language, language_of, mark_runs
from .meta import add_back_matter, add_front_matter
from .package import save_bytes
from .page import setup_page
from .properties import set_core_properties, set_custom_properties
from .template import open_template


def _remember_style_ids(document: Any) -> None:
    """Resolve each style once per document, not once per paragraph.

    python-docx resolves ``add_paragraph(style=NAME)`` (or a style object) by searching styles.xml
    for the name and again for the type's default style, at every paragraph: a fifth of the time of
    writing a short article, and of a bulletin's record tables. The id found is the same every time
    (styles are only ever added, under new names), so it is kept; a style that is not found (or of
    the wrong type) raises as before and nothing is kept. Header and footer parts ask the document
    part, so they share the memory.
    """
    part = document.part
    lookup = part.get_style_id
    ids: dict[tuple[object, object], str | None] = {}

    def get_style_id(style_or_name: Any, style_type: Any) -> str | None:
        if style_or_name is None:
            return None
        # A name, or a style object by its id (equal ids: the same w:style element).
        key = (style_or_name if isinstance(style_or_name, str) else ("id", style_or_name.style_id), style_type)
        if key not in ids:
            ids[key] = lookup(style_or_name, style_type)
        return ids[key]

    part.get_style_id = get_style_id


@dataclass(frozen=True, slots=True)
class Added:
    """What :meth:`DocumentBuilder.add_article` wrote: the title block's elements, the body's warnings."""

    front: list[etree._Element]
    warnings: list[Diagnostic]


class DocumentBuilder:
    """One Word document being written: the template opened, its language applied.

    ``document`` is the python-docx document, for callers that add parts of their own between
    articles (a bulletin's cover and contents); ``warnings`` are the template's.
    """

    def __init__(self, template: Path | None, language: str) -> None:
        self.document, self.warnings = open_template(template)
        _remember_style_ids(self.document)
        self.language: Language = language_of(language)
        self.text_width = 0
        apply_language(self.document, self.language)

    def properties(self, md: Metadata) -> None:
        """Core and custom document properties from ``md`` (Word has one set per document)."""
        set_core_properties(self.document, md, self.language.tag)
        set_custom_properties(self.document, md)

    def page(self, paper: str, language: str, *, own_layout: bool = True) -> bool:
        """Paper size, margins and footer of the (first) section; whether our footer was added."""
        self.text_width, own_footer = setup_page(self.document, paper, language, own_layout=own_layout)
        return own_footer

    def mark(self) -> int:
        """A place in the body: what :meth:`since` counts from (the last child is the w:sectPr)."""
        return len(self.document.element.body) - 1

    def since(self, mark: int) -> list[etree._Element]:
        """The body elements added after ``mark``."""
        return list(self.document.element.body[mark:-1])  # a slice: no proxy for every earlier element

    def add_article(self, article: Article, *, first_figure: int = 1, header: Metadata | None = None) -> Added:
        """Title block and lead, body, record table; figure captions numbered from ``first_figure``.

        ``header``: the metadata the title block prints, when a composition prints less than the
        article holds (a bulletin section does not repeat its own category); default the article's.
        """
        md = article.metadata
        mark = self.mark()
        add_front_matter(self.document, header if header is not None else md)
        front = self.since(mark)
        body = BodyWriter(self.document, article, self.text_width)
        body.figures.count = first_figure - 1
        body.blocks(article.blocks)
        add_back_matter(self.document, md, self.text_width, article.blocks)
        return Added(front, body.warnings)

    def mark_runs(self, elements: Iterable[etree._Element], language: str | None = None) -> None:
        """Runs under ``elements`` get ``language`` (default: the document's) where they have none."""
        mark_runs(list(elements), language_of(language) if language is not None else self.language)

    def save(self) -> bytes:
        """The .docx bytes, packaged so that the same input gives the same bytes."""
        return save_bytes(self.document)
