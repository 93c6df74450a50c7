"""Real Word list numbering: one abstract definition per list kind, one ``w:num`` per list.

Each ListBlock gets its own ``w:num`` with a ``w:lvlOverride/w:startOverride`` so that every
ordered list restarts at its own start value: nums that share an abstract definition would
otherwise continue one another's count (ECMA-376 §17.9.15).
"""

from __future__ import annotations

from typing import Any, cast

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips
from docx.text.paragraph import Paragraph
from lxml import etree

LEVELS = 9  # w:ilvl 0..8 is all Word allows
_INDENT = 720  # twips per level (0.5 in), Word's own default
_HANGING = 360
# (w:numFmt, w:lvlText, font) cycling with depth; Courier New's "o" is Word's own second bullet.
_BULLETS = (("bullet", "•", None), ("bullet", "o", "Courier New"), ("bullet", "▪", None))
_ORDERED = (("decimal", "%{n}.", None), ("lowerLetter", "%{n})", None), ("lowerRoman", "%{n}.", None))


def indent(level: int) -> Twips:
    """Left indent of text at list ``level`` (continuation paragraphs of an item align with it)."""
    return Twips(_INDENT * (min(level, LEVELS - 1) + 1))


def _val(tag: str, value: str) -> etree._Element:
    el = OxmlElement(tag)
    el.set(qn("w:val"), value)
    return el


def _abstract(abstract_id: int, ordered: bool) -> etree._Element:
    """A ``w:abstractNum`` with nine levels, children in schema order (CT_AbstractNum, CT_Lvl)."""
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    abstract.append(_val("w:multiLevelType", "hybridMultilevel"))
    kinds = _ORDERED if ordered else _BULLETS
    for level in range(LEVELS):
        fmt, text, font = kinds[level % len(kinds)]
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        lvl.append(_val("w:start", "1"))
        lvl.append(_val("w:numFmt", fmt))
        lvl.append(_val("w:lvlText", text.format(n=level + 1)))
        lvl.append(_val("w:lvlJc", "left"))
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), str(_INDENT * (level + 1)))
        ind.set(qn("w:hanging"), str(_HANGING))
        ppr.append(ind)
        lvl.append(ppr)
        if font:
            rpr = OxmlElement("w:rPr")
            fonts = OxmlElement("w:rFonts")
            for attr in ("w:ascii", "w:hAnsi", "w:cs"):
                fonts.set(qn(attr), font)
            rpr.append(fonts)
            lvl.append(rpr)
        abstract.append(lvl)
    return abstract


class ListNumbering:
    """Adds numbering definitions to the document's numbering part as lists are written."""

    def __init__(self, document: Document) -> None:
        self._root = document.part.numbering_part.element
        self._abstract_ids: dict[bool, int] = {}

    def _abstract_id(self, ordered: bool) -> int:
        if ordered not in self._abstract_ids:
            used = [int(v) for v in self._root.xpath("./w:abstractNum/@w:abstractNumId")]
            new_id = max(used, default=-1) + 1
            el = _abstract(new_id, ordered)
            # The schema puts every w:abstractNum before the first w:num.
            first_num = self._root.find(qn("w:num"))
            if first_num is None:
                self._root.append(el)
            else:
                first_num.addprevious(el)
            self._abstract_ids[ordered] = new_id
        return self._abstract_ids[ordered]

    def new_list(self, ordered: bool, level: int, start: int = 1) -> int:
        """A fresh ``w:numId`` for one list whose items sit at ``level``, counting from ``start``."""
        num = self._root.add_num(self._abstract_id(ordered))
        override = num.add_lvlOverride(ilvl=min(level, LEVELS - 1))
        override.add_startOverride(start if ordered else 1)
        return int(num.numId)

    @staticmethod
    def apply(paragraph: Paragraph, num_id: int, level: int) -> None:
        """Number ``paragraph`` as an item of list ``num_id`` (``w:pPr/w:numPr``)."""
        # CT_PPr.get_or_add_numPr exists (it keeps schema order) but python-docx's stubs omit it.
        num_pr = cast(Any, paragraph._p.get_or_add_pPr()).get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = min(level, LEVELS - 1)
        num_pr.get_or_add_numId().val = num_id
