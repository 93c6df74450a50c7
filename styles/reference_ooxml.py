"""OOXML helpers for ``make_reference_docx.py``: fonts, sizes, borders, table-style formats, pruning.

Kept apart so the build script reads as a list of styles; each helper cites the schema element it writes.
"""

from __future__ import annotations

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.styles.style import CharacterStyle, ParagraphStyle
from lxml import etree

from converter.writers.docx import styles as names

THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(rpr: etree._Element, name: str) -> None:
    """Explicit fonts on a w:rPr; theme font attributes would override them, so they go."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in THEME_FONT_ATTRS:
        if qn(attr) in fonts.attrib:
            del fonts.attrib[qn(attr)]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


# Word formats complex-script text (Arabic, Hebrew, Persian; any run it classes as w:cs) with
# the "Cs" twin of bold, italic and size only (ECMA-376 §17.3.2.2, .17, .39): a style that sets
# w:b alone leaves an Arabic title regular. The helpers below write both, always.


def set_size(style: ParagraphStyle | CharacterStyle, points: float) -> None:
    """Font size for Latin (w:sz) and complex scripts (w:szCs) alike, so neither keeps a stale value."""
    style.font.size = Pt(points)
    rpr = style.element.get_or_add_rPr()
    size_cs = rpr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = OxmlElement("w:szCs")
        rpr.sz.addnext(size_cs)  # w:szCs follows w:sz in CT_RPr
    size_cs.set(qn("w:val"), str(round(points * 2)))


def _twin(style: ParagraphStyle | CharacterStyle, tag: str) -> None:
    """Give w:bCs / w:iCs exactly the value python-docx just wrote on w:b / w:i."""
    rpr = style.element.get_or_add_rPr()
    latin = rpr.find(qn(f"w:{tag}"))
    assert latin is not None
    twin = getattr(rpr, f"get_or_add_{tag}Cs")()  # placed in schema order by python-docx
    twin.attrib.clear()
    twin.attrib.update(latin.attrib)


def set_bold(style: ParagraphStyle | CharacterStyle, on: bool) -> None:
    """Bold (or explicitly not bold) for Latin (w:b) and complex scripts (w:bCs) alike."""
    style.font.bold = on
    _twin(style, "b")


def set_italic(style: ParagraphStyle | CharacterStyle, on: bool) -> None:
    """Italic (or explicitly upright) for Latin (w:i) and complex scripts (w:iCs) alike."""
    style.font.italic = on
    _twin(style, "i")


# Children of w:pPr that come after w:pBdr and w:shd in CT_PPr (ECMA-376 §17.3.1.26).
AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
               "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
               "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
               "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def add_border(style: ParagraphStyle, sides: dict[str, int], *, size: int = 8, color: str = "8C8C8C",
            fill: str | None = None) -> None:
    """w:pBdr with the given sides (side → padding in points), and w:shd when ``fill`` is given."""
    ppr = style.element.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):  # schema order within CT_PBdr
        if side in sides:
            el = OxmlElement(f"w:{side}")
            for attr, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", str(sides[side])),
                                ("w:color", color)):
                el.set(qn(attr), value)
            border.append(el)
    ppr.insert_element_before(border, *AFTER_PBDR)
    if fill:
        shd = OxmlElement("w:shd")
        for attr, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
            shd.set(qn(attr), value)
        ppr.insert_element_before(shd, *AFTER_PBDR[1:])


def drop_numbering(style: ParagraphStyle) -> None:
    """List styles without their own w:numPr: each list gets its numbering from the writer."""
    ppr = style.element.pPr
    if ppr is not None:
        for tag in ("w:numPr", "w:ind"):
            for el in ppr.findall(qn(tag)):
                ppr.remove(el)


def table_grid_formats(doc: Document) -> None:
    """Table Grid's borders plus header-row and first-column formats (w:tblStylePr), which the
    writer turns on per table through w:tblLook."""
    grid = doc.styles[names.TABLE_GRID].element
    for el in grid.findall(qn("w:tblStylePr")):
        grid.remove(el)
    for kind, fill in (("firstRow", "E4EAF2"), ("firstCol", "F2F4F7")):
        cond = OxmlElement("w:tblStylePr")
        cond.set(qn("w:type"), kind)
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        rpr.append(OxmlElement("w:bCs"))
        cond.append(rpr)
        tcpr = OxmlElement("w:tcPr")
        shd = OxmlElement("w:shd")
        for attr, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
            shd.set(qn(attr), value)
        tcpr.append(shd)
        cond.append(tcpr)
        grid.append(cond)


# Styles Word needs whatever the document uses (ECMA-376 defaults for each style type).
ALWAYS = {"Normal", "Default Paragraph Font", "Normal Table", "No List"}


def prune(doc: Document) -> None:
    """Keep only the styles the writer uses and what they build on: a smaller, reviewable styles.xml.

    Word still offers its other built-in styles through w:latentStyles.
    """
    root = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in root.iterfind(qn("w:style"))}
    wanted = [doc.styles[name].element for name in names.USED_STYLES]
    wanted += [s for s in by_id.values() if s.find(qn("w:name")).get(qn("w:val")) in ALWAYS]
    keep: set[str] = set()
    while wanted:
        style = wanted.pop()
        style_id = style.get(qn("w:styleId"))
        if style_id in keep:
            continue
        keep.add(style_id)
        for tag in ("w:basedOn", "w:link", "w:next"):
            ref = style.find(qn(tag))
            if ref is not None and ref.get(qn("w:val")) in by_id:
                wanted.append(by_id[ref.get(qn("w:val"))])
    for style_id, style in by_id.items():
        if style_id not in keep:
            root.remove(style)
