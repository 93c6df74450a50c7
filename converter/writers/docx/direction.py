"""Right-to-left articles (Arabic, Hebrew, Persian...): the base direction of the whole document.

Unicode's bidirectional algorithm orders the letters inside a line, but the paragraph's base
direction (which margin it starts from, where the full stop lands, which way lists and tables
face) is Word's ``w:bidi``. It is set once, on the document defaults and the section, so every
paragraph and every style inherits it; in such a paragraph Word reads ``w:jc`` "left"/"right" as
start/end, so the styles' alignments keep their meaning without being swapped. Tables get
``w:bidiVisual`` so their first column is on the right.
"""

from __future__ import annotations

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from .language import child_element

# Children of CT_PPrBase that come after w:bidi, in schema order (ECMA-376 §17.3.1.26).
_AFTER_BIDI = tuple(qn(f"w:{t}") for t in (
    "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
    "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange"))
# Children of CT_SectPr that come after w:bidi (§17.6.17).
_AFTER_SECT_BIDI = tuple(qn(f"w:{t}") for t in ("rtlGutter", "docGrid", "printerSettings", "sectPrChange"))
# Children of CT_TblPr that come after w:bidiVisual (§17.4.60).
_AFTER_BIDI_VISUAL = tuple(qn(f"w:{t}") for t in (
    "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
    "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange"))


def _insert(parent: etree._Element, tag: str, successors: tuple[str, ...]) -> None:
    if parent.find(qn(tag)) is not None:
        return
    el = OxmlElement(tag)
    successor = next((child for child in parent if child.tag in successors), None)
    if successor is None:
        parent.append(el)
    else:
        successor.addprevious(el)


def apply_right_to_left(document: Document) -> None:
    """Make every paragraph, section and table of ``document`` right-to-left by default."""
    styles = document.styles.element
    defaults = child_element(styles, "w:docDefaults", first=True)
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is None:
        ppr_default = OxmlElement("w:pPrDefault")
        defaults.append(ppr_default)  # CT_DocDefaults: rPrDefault, then pPrDefault
    _insert(child_element(ppr_default, "w:pPr"), "w:bidi", _AFTER_BIDI)
    for sect in document.element.body.iter(qn("w:sectPr")):
        _insert(sect, "w:bidi", _AFTER_SECT_BIDI)
    # Letter spacing pulls the joined letters of Arabic apart, and Word has no complex-script
    # variant of it: the title styles lose theirs in a right-to-left document.
    for style in styles.iterfind(qn("w:style")):
        if style.get(qn("w:styleId")) in {"Title", "Subtitle"}:
            for spacing in style.findall(f"{qn('w:rPr')}/{qn('w:spacing')}"):
                spacing.getparent().remove(spacing)


def mark_tables_right_to_left(document: Document) -> None:
    """``w:bidiVisual`` on every table written, so columns run from the right."""
    for tbl_pr in document.element.body.iter(qn("w:tblPr")):
        _insert(tbl_pr, "w:bidiVisual", _AFTER_BIDI_VISUAL)
