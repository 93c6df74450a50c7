"""DOCX writer: the article as a Word document built on ``styles/reference.docx`` or the user's template.

Layout: Title, Subtitle, metadata rows, lead, body, record table. Figures get Word captions with
SEQ fields; lists use real numbering; links are real hyperlinks. Core and custom document
properties come from the article. The output is byte-for-byte reproducible: every date comes
from the article and the zip is re-packed with fixed entry times.
"""

from __future__ import annotations

import os

from ...diagnostics import Diagnostic
from ...labels import right_to_left
from ...model import Article
from ...options import WriteOptions
from .. import Rendered, write_rendered
from .builder import Added, DocumentBuilder
from .direction import apply_right_to_left, mark_tables_right_to_left
from .figures import add_picture, fit, load_picture
from .inlines import add_text
from .styles import BODY_TEXT, FOOTER, LEAD, METADATA, SUBTITLE, TITLE
from .tables import add_record_table

# What a document made of several articles (a bulletin) composes with: the builder, and the
# pieces it adds around the articles (text runs, record tables, pictures, the template's styles).
__all__ = [
    "BODY_TEXT",
    "FOOTER",
    "LEAD",
    "METADATA",
    "SUBTITLE",
    "TITLE",
    "Added",
    "DocumentBuilder",
    "add_picture",
    "add_record_table",
    "add_text",
    "fit",
    "load_picture",
    "render",
    "write",
]


def render(article: Article, options: WriteOptions) -> Rendered:
    """The complete .docx of ``article`` and the warnings (missing images…); nothing is written.

    A one-article document of :class:`DocumentBuilder`, as a bulletin is a many-article one.
    """
    md = article.metadata
    builder = DocumentBuilder(options.reference_docx, md.language)
    builder.properties(md)
    own_footer = builder.page(options.paper, md.language or "en", own_layout=options.reference_docx is None)
    added = builder.add_article(article)
    # Runs we wrote get the article's language; a user's letterhead keeps its own.
    document = builder.document
    builder.mark_runs([document.element.body, *([document.sections[0].footer._element] if own_footer else [])])
    if right_to_left(builder.language.tag):
        apply_right_to_left(document)
        mark_tables_right_to_left(document)
    return Rendered(builder.save(), tuple(builder.warnings + added.warnings))


def write(article: Article, target: str | os.PathLike[str], options: WriteOptions) -> list[Diagnostic]:
    """:func:`render` written to ``target`` atomically."""
    return write_rendered(render, article, target, options)
