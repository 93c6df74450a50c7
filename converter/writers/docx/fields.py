"""Word fields (SEQ, PAGE, NUMPAGES) and bookmarks, which python-docx has no API for."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph


def _fld_char(paragraph: Paragraph, kind: str) -> None:
    run = paragraph.add_run()
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    run._r.append(el)


def add_field(paragraph: Paragraph, instruction: str, cached: str) -> None:
    """Append a complex field: ``w:fldChar`` begin, ``w:instrText``, separate, result, end.

    The cached result is what readers show until fields are updated, so it must already be right
    (the figure number, "1" for a page number); nothing asks Word to update fields on open.
    """
    _fld_char(paragraph, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")  # the instruction's surrounding spaces are significant
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    _fld_char(paragraph, "separate")
    paragraph.add_run(cached)
    _fld_char(paragraph, "end")


def bookmark_start(paragraph: Paragraph, bookmark_id: int, name: str) -> None:
    """Open ``w:bookmarkStart``; ids pair start and end and must be unique in the document."""
    el = OxmlElement("w:bookmarkStart")
    el.set(qn("w:id"), str(bookmark_id))
    el.set(qn("w:name"), name)
    paragraph._p.append(el)


def bookmark_end(paragraph: Paragraph, bookmark_id: int) -> None:
    el = OxmlElement("w:bookmarkEnd")
    el.set(qn("w:id"), str(bookmark_id))
    paragraph._p.append(el)
