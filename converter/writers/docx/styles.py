"""Names of the Word styles the DOCX writer uses, and the document-wide language defaults.

The styles themselves are defined in ``styles/reference.docx`` (built by
``styles/make_reference_docx.py``); a test checks that the template defines every name listed in
:data:`USED_STYLES`, so restyling the output means editing the template, not this code.
"""

from __future__ import annotations

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

TITLE = "Title"
SUBTITLE = "Subtitle"
METADATA = "Metadata"
LEAD = "Lead"
LIST_PARAGRAPH = "List Paragraph"
CAPTION = "Caption"
FIGURE = "Figure"
QUOTE = "Quote"
SIGNATURE = "Signature"
FOOTER = "Footer"
TABLE_GRID = "Table Grid"
HYPERLINK = "Hyperlink"  # character style
CODE = "Verbatim Char"  # character style; pandoc's name, so pandoc reference documents fit too
MAX_HEADING = 6

PARAGRAPH_STYLES = (TITLE, SUBTITLE, METADATA, LEAD, LIST_PARAGRAPH, CAPTION, FIGURE, QUOTE, SIGNATURE,
                    FOOTER, *(f"Heading {n}" for n in range(1, MAX_HEADING + 1)))
CHARACTER_STYLES = (HYPERLINK, CODE)
TABLE_STYLES = (TABLE_GRID,)
USED_STYLES = (*PARAGRAPH_STYLES, *CHARACTER_STYLES, *TABLE_STYLES)

# Word wants a language *and* region ("vi-VN") to pick its proofing tools; pages mostly say "vi".
_REGIONS = {
    "vi": "vi-VN", "en": "en-US", "fr": "fr-FR", "de": "de-DE", "zh": "zh-CN", "ja": "ja-JP",
    "ko": "ko-KR", "km": "km-KH", "lo": "lo-LA", "th": "th-TH", "ru": "ru-RU",
}


def heading_style(level: int) -> str:
    """The Word style of a model heading (level 1 is "Heading 1"; the article title is "Title")."""
    return f"Heading {min(max(level, 1), MAX_HEADING)}"


def word_language(tag: str) -> str:
    """A BCP 47 tag as Word writes it in ``w:lang`` ("vi" → "vi-VN"; "en-gb" → "en-GB")."""
    parts = tag.strip().replace("_", "-").split("-")
    primary = parts[0].lower()
    if not primary:
        return "en-US"
    if len(parts) > 1 and len(parts[1]) == 2 and parts[1].isalpha():
        return f"{primary}-{parts[1].upper()}"
    return _REGIONS.get(primary, primary)


# Children of w:rPr that the schema (CT_RPr, ECMA-376 §17.3.2.28) places after w:lang.
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def set_language(document: Document, tag: str) -> None:
    """Set ``w:lang/@w:val`` on the default run properties (styles.xml ``w:docDefaults``).

    Every run inherits it, so Word and LibreOffice check spelling and hyphenate in the article's
    language instead of the template's en-US.
    """
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        successor = next((el for el in rpr if el.tag in {qn(t) for t in _AFTER_LANG}), None)
        if successor is None:
            rpr.append(lang)
        else:
            successor.addprevious(lang)
    lang.set(qn("w:val"), tag)
