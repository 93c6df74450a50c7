"""Word parts the bulletin adds to the DOCX writer's: TOC styles and field, bookmarks, mirrored margins.

The contents is a real ``TOC`` field (ECMA-376 §17.16.5.68) whose result is already filled in
the way Word writes it: one "TOC n" paragraph per entry, a hyperlink to the entry's bookmark, a
dotted right tab and a ``PAGEREF`` field whose cached result is the page number. Word and
LibreOffice show the cached results as they are, so the contents reads right before anyone
updates fields; "Update field" rebuilds the same entries from the ``\\t`` style list.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph
from lxml import etree

from ..records import dataclass
from .model import Bulletin

TITLE = "Title"  # the DOCX writer's article title style
SECTION_TITLE = "Section Title"
BULLETIN_TITLE = "Bulletin Title"
TOC_HEADING = "TOC Heading"

# Styles the shipped reference.docx does not define (yet): added when missing, in Word's own
# names and ids ("toc 1" / "TOC1"), so a template that defines them (Word's built-ins) wins.
_STYLES = {
    "TOC1": ('<w:name w:val="toc 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
             '<w:uiPriority w:val="39"/><w:unhideWhenUsed/>'
             '<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{width}"/></w:tabs>'
             '<w:spacing w:before="60" w:after="60"/><w:jc w:val="left"/></w:pPr>'),
    "TOC2": ('<w:name w:val="toc 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
             '<w:uiPriority w:val="39"/><w:unhideWhenUsed/>'
             '<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{width}"/></w:tabs>'
             '<w:spacing w:before="0" w:after="60"/><w:ind w:left="284"/><w:jc w:val="left"/></w:pPr>'),
    "TOCHeading": ('<w:name w:val="TOC Heading"/><w:basedOn w:val="Heading1"/><w:next w:val="Normal"/>'
                   '<w:uiPriority w:val="39"/><w:unhideWhenUsed/><w:qFormat/>'
                   '<w:pPr><w:spacing w:before="0" w:after="240"/><w:outlineLvl w:val="9"/></w:pPr>'),
    "SectionTitle": ('<w:name w:val="Section Title"/><w:basedOn w:val="Heading1"/><w:next w:val="Normal"/>'
                     '<w:qFormat/><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="12" w:space="4" '
                     'w:color="A0262C"/></w:pBdr><w:spacing w:before="0" w:after="360"/></w:pPr>'
                     '<w:rPr><w:caps/><w:color w:val="A0262C"/><w:sz w:val="40"/><w:szCs w:val="40"/></w:rPr>'),
    "BulletinTitle": ('<w:name w:val="Bulletin Title"/><w:basedOn w:val="Title"/><w:next w:val="Normal"/>'
                      '<w:qFormat/><w:pPr><w:pBdr/><w:spacing w:before="2400" w:after="240"/></w:pPr>'
                      '<w:rPr><w:sz w:val="60"/><w:szCs w:val="60"/></w:rPr>'),
}
# w:settings children that the schema (CT_Settings) puts before w:mirrorMargins.
_BEFORE_MIRROR = {qn(f"w:{t}") for t in (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
    "saveSubsetFonts", "saveFormsData")}


def add_styles(document: Document, text_width: int) -> None:
    """The TOC, section and cover title styles, unless the document already has them."""
    styles = document.styles.element
    have = {s.get(qn("w:styleId")) for s in styles.iterfind(qn("w:style"))}
    tab = str(text_width * 1440 // 914400)  # EMU → twips: the right tab sits on the right margin
    for style_id, body in _STYLES.items():
        if style_id in have:
            continue
        custom = "" if style_id.startswith("TOC") else ' w:customStyle="1"'
        styles.append(parse_xml(f'<w:style {nsdecls("w")} w:type="paragraph"{custom} w:styleId="{style_id}">'
                                f'{body.replace("{width}", tab)}</w:style>'))


def mirror_margins(document: Document) -> None:
    """``w:mirrorMargins``: left and right margins become inside and outside (duplex)."""
    settings = document.settings.element
    if settings.find(qn("w:mirrorMargins")) is not None:
        return
    el = OxmlElement("w:mirrorMargins")
    successor = next((child for child in settings if child.tag not in _BEFORE_MIRROR), None)
    if successor is None:
        settings.append(el)
    else:
        successor.addprevious(el)


def bookmark(paragraph: Paragraph, bookmark_id: int, name: str) -> None:
    """A bookmark around the whole paragraph (what PAGEREF and the TOC hyperlinks point to)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    ppr = paragraph._p.find(qn("w:pPr"))
    if ppr is None:
        paragraph._p.insert(0, start)
    else:
        ppr.addnext(start)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    paragraph._p.append(end)


def _run(parent: etree._Element, *, text: str | None = None, fld: str | None = None, instr: str | None = None,
         tab: bool = False) -> etree._Element | None:
    """A run of a field character, an instruction, a tab and/or a text; returns the text's w:t."""
    run = OxmlElement("w:r")
    if fld is not None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), fld)
        run.append(el)
    if instr is not None:
        el = OxmlElement("w:instrText")
        el.set(qn("xml:space"), "preserve")
        el.text = f" {instr} "
        run.append(el)
    if tab:
        run.append(OxmlElement("w:tab"))
    text_el = None
    if text is not None:
        text_el = OxmlElement("w:t")
        text_el.set(qn("xml:space"), "preserve")
        text_el.text = text
        run.append(text_el)
    parent.append(run)
    return text_el


@dataclass(frozen=True, slots=True)
class TocEntry:
    level: int  # 1 or 2
    text: str
    bookmark: str
    page: int


def toc_instruction(grouped: bool) -> str:
    """TOC of the title styles only: article headings (Heading 1…) stay out of the contents."""
    styles = f'{SECTION_TITLE},1,{TITLE},2' if grouped else f"{TITLE},1"
    return f'TOC \\h \\z \\t "{styles}"'


# FIGURE SPACE: as wide as a digit in every font with tabular figures (the template's Times New
# Roman and Arial, LibreOffice's Liberation fonts), and no line break.
FIGURE_SPACE = "\u2007"


def page_number(page: int, width: int) -> str:
    """A contents number, padded on the left with figure spaces to ``width`` digits.

    Right-aligned on the dotted tab, the padding is invisible; it gives every number the same
    width whatever its value, so filling in the measured numbers cannot move a line, a page or
    an article (see bulletin/docx.py ``build``).
    """
    return str(page).rjust(width, FIGURE_SPACE)


def add_toc(document: Document, entries: Sequence[TocEntry], instruction: str,
            width: int = 1) -> dict[str, etree._Element]:
    """The TOC field with one filled-in entry per paragraph; the field ends in its own paragraph.

    Returns each entry's number (its ``w:t`` element) by bookmark, to be filled in later.
    """
    numbers: dict[str, etree._Element] = {}
    for n, entry in enumerate(entries):
        paragraph = document.add_paragraph(style=document.styles[f"toc {entry.level}"])
        if n == 0:
            _run(paragraph._p, fld="begin")
            _run(paragraph._p, instr=instruction)
            _run(paragraph._p, fld="separate")
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), entry.bookmark)
        link.set(qn("w:history"), "1")
        _run(link, text=entry.text)
        _run(link, tab=True)
        _run(link, fld="begin")
        _run(link, instr=f"PAGEREF {entry.bookmark} \\h")
        _run(link, fld="separate")
        number = _run(link, text=page_number(entry.page, width))
        assert number is not None
        numbers[entry.bookmark] = number
        _run(link, fld="end")
        paragraph._p.append(link)
    _run(document.add_paragraph()._p, fld="end")
    return numbers


def properties_fields(bulletin: Bulletin) -> tuple[tuple[str, str], ...]:
    """Custom document properties of the bulletin: issue, publisher, number of articles."""
    front = bulletin.front
    rows = [("Issue", front.issue), ("Publisher", front.publisher),
            ("Articles", str(sum(1 for _ in bulletin.entries())))]
    return tuple((name, value) for name, value in rows if value)
