"""Inline content → Word runs: character formatting, code, line breaks and real hyperlinks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import assert_never

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.run import CT_R
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from ...model import (
    Code,
    Emphasis,
    Inline,
    LineBreak,
    Link,
    Strong,
    Subscript,
    Superscript,
    Text,
    Underline,
)
from ...patterns import compiled
from ...records import dataclass
from ...urls import scheme as split_scheme
from ...urls import split, to_uri
from ...walk import shown_target, target_note
from .styles import CODE, HYPERLINK

# Characters XML 1.0 cannot carry; lxml refuses them. Normalisation should already have removed
# them, but a stray form feed from a pasted Word document must not abort a whole batch.
_XML_INVALID = compiled("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LINK_SCHEMES = {"http", "https", "mailto", "ftp"}


def xml_text(s: str) -> str:
    """``s`` without the control characters XML cannot represent."""
    return _XML_INVALID.sub("", s)


def link_target(url: str) -> str | None:
    """The relationship target for an absolute web or mail link, else None (rendered as text).

    Relative and in-page ("#id") links of the saved page point nowhere in the document. Targets
    are percent-encoded because Word rejects relationship targets with spaces or raw non-ASCII.
    """
    if split(url) is None:  # a malformed address ("http://[::1") is no link target
        return None
    scheme = split_scheme(url)
    if scheme not in _LINK_SCHEMES:
        return None
    return to_uri(url)


@dataclass(frozen=True, slots=True)
class _Format:
    bold: bool = False
    italic: bool = False
    underline: bool = False
    superscript: bool = False
    subscript: bool = False
    link: bool = False


def add_inlines(paragraph: Paragraph, inlines: Iterable[Inline]) -> None:
    """Append ``inlines`` to ``paragraph`` as runs, nesting formatting inside links and vice versa."""
    _emit(paragraph, paragraph._p, inlines, _Format())


def add_text(paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False) -> Run:
    """One plain run (metadata labels, placeholders)."""
    run = paragraph.add_run(xml_text(text))
    _emphasise(run, bold=bold, italic=italic)
    return run


def _emphasise(run: Run, *, bold: bool, italic: bool) -> None:
    # Word applies w:b / w:i to Latin text only; w:bCs / w:iCs are what Arabic (complex-script) text gets.
    if bold:
        run.bold = run.font.cs_bold = True
    if italic:
        run.italic = run.font.cs_italic = True


def _run(paragraph: Paragraph, parent: etree._Element, fmt: _Format) -> Run:
    # A run is created in ``parent`` directly: that is the paragraph or, inside a link, the
    # w:hyperlink element, which python-docx can read but not build.
    r = OxmlElement("w:r")
    parent.append(r)
    assert isinstance(r, CT_R)
    run = Run(r, paragraph)
    _emphasise(run, bold=fmt.bold, italic=fmt.italic)
    if fmt.underline:
        run.underline = True
    if fmt.superscript:
        run.font.superscript = True
    elif fmt.subscript:
        run.font.subscript = True
    if fmt.link:
        run.style = HYPERLINK
    return run


def _emit(paragraph: Paragraph, parent: etree._Element, inlines: Iterable[Inline], fmt: _Format) -> None:
    for node in inlines:
        match node:
            case Text():
                if node.text:
                    _run(paragraph, parent, fmt).text = xml_text(node.text)
            case Code():
                run = _run(paragraph, parent, fmt)
                run.style = CODE  # a run has one character style; code wins over the link's
                run.text = xml_text(node.text)
            case LineBreak():
                _run(paragraph, parent, fmt).add_break()
            case Strong():
                _emit(paragraph, parent, node.children, replace(fmt, bold=True))
            case Emphasis():
                _emit(paragraph, parent, node.children, replace(fmt, italic=True))
            case Underline():
                _emit(paragraph, parent, node.children, replace(fmt, underline=True))
            case Superscript():
                _emit(paragraph, parent, node.children, replace(fmt, superscript=True, subscript=False))
            case Subscript():
                _emit(paragraph, parent, node.children, replace(fmt, subscript=True, superscript=False))
            case Link():
                _link(paragraph, parent, node, fmt)
            case _:
                assert_never(node)


def _link(paragraph: Paragraph, parent: etree._Element, node: Link, fmt: _Format) -> None:
    target = link_target(node.url)
    # w:hyperlink cannot nest (CT_Hyperlink holds runs, not hyperlinks): an inner link keeps the
    # outer one's target.
    if target is None or fmt.link:
        _emit(paragraph, parent, node.children, fmt)
        if shown := shown_target(node):
            _run(paragraph, parent, fmt).text = xml_text(target_note(shown))
        return
    r_id = paragraph.part.relate_to(target, RT.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), r_id)
    if node.title:
        hyperlink.set(qn("w:tooltip"), xml_text(node.title))
    hyperlink.set(qn("w:history"), "1")
    parent.append(hyperlink)
    _emit(paragraph, hyperlink, node.children, replace(fmt, link=True))
