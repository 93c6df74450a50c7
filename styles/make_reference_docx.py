"""Build ``styles/reference.docx``, the template the DOCX writer fills: python-docx's default
template restyled for articles (Vietnamese-capable fonts, captions, metadata, lead, signature).

Run from the repository root after changing a style: ``.venv/bin/python styles/make_reference_docx.py``.
The result is byte-for-byte reproducible. Restyling by hand in Word works too: keep every style
name listed in ``converter.writers.docx.styles.USED_STYLES`` (a test checks them).
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_UNDERLINE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import CharacterStyle, ParagraphStyle
from reference_ooxml import (
    add_border,
    drop_numbering,
    prune,
    set_bold,
    set_fonts,
    set_italic,
    set_size,
    table_grid_formats,
)

from converter.writers.docx import styles as names
from converter.writers.docx.package import save_bytes

BODY_FONT = "Times New Roman"  # both cover Vietnamese (Latin Extended Additional) in Word
HEADING_FONT = "Arial"
CODE_FONT = "Courier New"
TEXT = RGBColor(0x1F, 0x1F, 0x1F)
MUTED = RGBColor(0x59, 0x59, 0x59)
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
LINK = RGBColor(0x05, 0x63, 0xC1)
APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>portalconv</Application><DocSecurity>0</DocSecurity></Properties>"
)
def _drop_extras(doc: Document) -> None:
    """Parts the default template carries that an article does not need (or that would lie)."""
    # stylesWithEffects.xml duplicates styles.xml for Word 2010 and would keep the old look there.
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype in (RT.CUSTOM_XML, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"):
            del doc.part.rels[r_id]
    pkg_rels = doc.part.package.rels
    for r_id, rel in list(pkg_rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # a picture of python-docx's blank page
            del pkg_rels[r_id]
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = APP_XML  # no "Microsoft Macintosh Word", no stale counts
    settings = doc.settings.element
    for tag in ("w:proofState",):  # "spelling clean" would hide Vietnamese proofing marks
        for el in settings.findall(qn(tag)):
            settings.remove(el)


def _defaults(doc: Document) -> None:
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, BODY_FONT)
    normal = doc.styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    set_size(normal, 12)
    normal.font.color.rgb = TEXT
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15


def _paragraph(doc: Document, name: str, *, builtin: bool = False) -> ParagraphStyle:
    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=builtin)
        style.base_style = doc.styles["Normal"]
        style.quick_style = True
    assert isinstance(style, ParagraphStyle)
    return style


def _character(doc: Document, name: str, *, builtin: bool = False) -> CharacterStyle:
    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.CHARACTER, builtin=builtin)
        style.base_style = doc.styles["Default Paragraph Font"]
    assert isinstance(style, CharacterStyle)
    return style


def _headings(doc: Document) -> None:
    heading_sizes = (16, 14, 13, 12, 12, 12)
    sizes = {names.TITLE: 20, names.SUBTITLE: 13}
    sizes.update({names.heading_style(n): s for n, s in enumerate(heading_sizes, start=1)})
    for name, size in sizes.items():
        style = _paragraph(doc, name)
        set_fonts(style.element.get_or_add_rPr(), HEADING_FONT)
        set_size(style, size)
        style.font.color.rgb = ACCENT
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    title = _paragraph(doc, names.TITLE)
    set_bold(title, True)
    # Title (0.25 pt) and Subtitle (0.75 pt) keep the default template's letter spacing, w:spacing.
    # It has no complex-script twin in OOXML and would pull joined Arabic letters apart; a style
    # cannot limit it to Latin text, so the writer has to drop it for right-to-left articles.
    title.paragraph_format.space_after = Pt(6)
    subtitle = _paragraph(doc, names.SUBTITLE)
    set_italic(subtitle, True)
    subtitle.font.color.rgb = MUTED
    subtitle.paragraph_format.space_after = Pt(6)
    # The default Subtitle carries a stray w:numPr (ilvl 1, no numId); it belongs to no list.
    ppr = subtitle.element.pPr
    if ppr is not None:
        for el in ppr.findall(qn("w:numPr")):
            ppr.remove(el)


def _article_styles(doc: Document) -> None:
    metadata = _paragraph(doc, names.METADATA)
    set_size(metadata, 10)
    metadata.font.color.rgb = MUTED
    metadata.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    metadata.paragraph_format.space_after = Pt(0)
    metadata.paragraph_format.line_spacing = 1.0

    lead = _paragraph(doc, names.LEAD)
    set_bold(lead, True)
    lead.paragraph_format.space_before = Pt(12)
    lead.paragraph_format.space_after = Pt(12)

    figure = _paragraph(doc, names.FIGURE)
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    figure.paragraph_format.keep_with_next = True
    figure.paragraph_format.space_before = Pt(6)
    figure.paragraph_format.space_after = Pt(3)
    figure.paragraph_format.line_spacing = 1.0  # "1.15 lines" would clip an inline picture's top

    caption = _paragraph(doc, names.CAPTION)
    set_bold(caption, False)  # the default template's caption is bold
    set_italic(caption, True)
    set_size(caption, 10)
    caption.font.color.rgb = MUTED
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_after = Pt(9)

    quote = _paragraph(doc, names.QUOTE)
    quote.paragraph_format.left_indent = Cm(1)
    quote.paragraph_format.right_indent = Cm(1)
    set_italic(quote, True)

    # "Signature" and "Hyperlink" are Word built-in names: defined without w:customStyle, Word
    # uses ours instead of adding a second style of the same name.
    signature = _paragraph(doc, names.SIGNATURE, builtin=True)
    set_bold(signature, True)
    signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signature.paragraph_format.space_before = Pt(12)

    set_size(_paragraph(doc, names.FOOTER), 9)

    hyperlink = _character(doc, names.HYPERLINK, builtin=True)
    hyperlink.font.color.rgb = LINK
    hyperlink.font.underline = WD_UNDERLINE.SINGLE
    code = _character(doc, names.CODE)
    set_fonts(code.element.get_or_add_rPr(), CODE_FONT)
    set_size(code, 11)


def _structure_styles(doc: Document) -> None:
    """Lists, tables, rules and placeholders: the styles that carry structure rather than text."""
    byline = _paragraph(doc, names.BYLINE)
    byline.base_style = doc.styles[names.METADATA]
    _paragraph(doc, names.BODY_TEXT).paragraph_format.space_after = Pt(6)
    for name in (names.LIST_BULLET, names.LIST_NUMBER):
        style = _paragraph(doc, name)
        drop_numbering(style)
        style.paragraph_format.space_after = Pt(3)
    _paragraph(doc, names.LIST_CONTINUE).paragraph_format.space_after = Pt(3)

    table_text = _paragraph(doc, names.TABLE_TEXT)
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    table_text.paragraph_format.space_before = Pt(2)
    table_text.paragraph_format.space_after = Pt(2)
    table_text.paragraph_format.line_spacing = 1.0
    set_size(table_text, 11)

    placeholder = _paragraph(doc, names.IMAGE_PLACEHOLDER)
    placeholder.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    placeholder.paragraph_format.keep_with_next = True
    placeholder.paragraph_format.keep_together = True
    placeholder.paragraph_format.left_indent = placeholder.paragraph_format.right_indent = Cm(1.5)
    placeholder.paragraph_format.space_before = Pt(30)  # the top padding (31 pt at most) sits inside
    placeholder.paragraph_format.space_after = Pt(6)  # the caption follows
    placeholder.paragraph_format.line_spacing = 1.0
    placeholder.font.color.rgb = MUTED
    set_size(placeholder, 10)
    add_border(placeholder, {"top": 24, "left": 4, "bottom": 24, "right": 4}, fill="F2F2F2")

    rule = _paragraph(doc, names.RULE)
    rule.paragraph_format.space_before = Pt(6)
    rule.paragraph_format.space_after = Pt(12)
    rule.paragraph_format.line_spacing = 1.0
    set_size(rule, 4)  # the paragraph is empty: only its bottom border should take room
    add_border(rule, {"bottom": 1}, size=6, color="8C8C8C")

    table_grid_formats(doc)


def _empty_body(doc: Document) -> None:
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    # The default template's list definitions belong to its own list styles, which number nothing
    # now: the writer adds one definition per list kind as it needs them.
    numbering = doc.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2.5)


def build() -> bytes:
    """The reference document's bytes."""
    doc = docx.Document()
    _drop_extras(doc)
    _defaults(doc)
    _headings(doc)
    _article_styles(doc)
    _structure_styles(doc)
    prune(doc)
    _empty_body(doc)
    core = doc.core_properties._element
    for child in list(core):
        core.remove(child)
    return save_bytes(doc)


if __name__ == "__main__":
    out = Path(__file__).resolve().parent / "reference.docx"
    out.write_bytes(build())
    print(f"wrote {out}")
