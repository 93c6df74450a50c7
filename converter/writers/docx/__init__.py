"""DOCX writer: the article as a Word document built on ``styles/reference.docx``.

Layout: Title, Subtitle, metadata rows, lead, body, record table. Figures get Word captions with
SEQ fields; lists use real numbering; links are real hyperlinks. The output is byte-for-byte
reproducible: every date comes from the article and the zip is re-packed with fixed entry times.
"""

from __future__ import annotations

from pathlib import Path

import docx

from ...diagnostics import Warning
from ...model import Article
from ...options import WriteOptions
from ...resources import style_path
from .body import BodyWriter
from .meta import add_back_matter, add_front_matter, set_core_properties
from .package import save_bytes
from .page import setup_page
from .styles import set_language, word_language

TEMPLATE = "reference.docx"


def write(article: Article, target: Path, options: WriteOptions) -> list[Warning]:
    """Write ``article`` as a complete .docx at ``target``; return the warnings (missing images…)."""
    md = article.metadata
    language = md.language or "en"
    document = docx.Document(str(style_path(TEMPLATE)))
    tag = word_language(language)
    set_language(document, tag)
    set_core_properties(document, md, tag)
    text_width = setup_page(document, options.paper, language)
    add_front_matter(document, md)
    body = BodyWriter(document, article, text_width)
    body.blocks(article.blocks)
    add_back_matter(document, md, text_width)
    target.write_bytes(save_bytes(document))
    return body.warnings
