"""DOCX writer: the article as a Word document built on ``styles/reference.docx`` or the user's template.

Layout: Title, Subtitle, metadata rows, lead, body, record table. Figures get Word captions with
SEQ fields; lists use real numbering; links are real hyperlinks. Core and custom document
properties come from the article. The output is byte-for-byte reproducible: every date comes
from the article and the zip is re-packed with fixed entry times.
"""

from __future__ import annotations

import os

from ...diagnostics import Warning
from ...labels import right_to_left
from ...model import Article
from ...options import WriteOptions
from .. import Rendered, write_rendered
from .body import BodyWriter
from .direction import apply_right_to_left, mark_tables_right_to_left
from .language import apply_language, language_of, mark_runs
from .meta import add_back_matter, add_front_matter
from .package import save_bytes
from .page import setup_page
from .properties import set_core_properties, set_custom_properties
from .template import open_template


def render(article: Article, options: WriteOptions) -> Rendered:
    """The complete .docx of ``article`` and the warnings (missing images…); nothing is written."""
    md = article.metadata
    language = language_of(md.language)
    document, warnings = open_template(options.reference_docx)
    apply_language(document, language)
    set_core_properties(document, md, language.tag)
    set_custom_properties(document, md)
    text_width, own_footer = setup_page(document, options.paper, md.language or "en",
                                        own_layout=options.reference_docx is None)
    add_front_matter(document, md)
    body = BodyWriter(document, article, text_width)
    body.blocks(article.blocks)
    add_back_matter(document, md, text_width, article.blocks)
    # Runs we wrote get the article's language; a user's letterhead keeps its own.
    mark_runs([document.element.body, *([document.sections[0].footer._element] if own_footer else [])], language)
    if right_to_left(language.tag):
        apply_right_to_left(document)
        mark_tables_right_to_left(document)
    return Rendered(save_bytes(document), tuple(warnings + body.warnings))


def write(article: Article, target: str | os.PathLike[str], options: WriteOptions) -> list[Warning]:
    """:func:`render` written to ``target`` atomically."""
    return write_rendered(render, article, target, options)
