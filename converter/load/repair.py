"""Repairs for what libxml2's HTML 4 parser gets wrong about HTML 5.

libxml2 does not know that ``embed``, ``source``, ``track``, ``wbr`` and ``keygen`` are void: it
nests everything after such a tag inside it, up to the end of the parent. An ``<embed>`` that the
extractor drops (with a warning) would then take the following paragraphs with it. Moving those
children back out restores the tree a browser builds.

It also leaves text and elements where a table has no place for them: directly in ``<table>``,
``<tbody>`` or ``<tr>``, outside every cell. A browser shows that content before the table
("foster parenting"); the extractor reads tables cell by cell and would lose it. Flattening a page
nested too deep (``depth.py``) makes such content too: a cell dropped beyond the limit leaves its
text in the row.
"""

from __future__ import annotations

from lxml import html

HTML5_VOID = ("embed", "source", "track", "wbr", "keygen")
# What each part of a table may hold; anything else in it is fostered out. Cells directly in a table
# or a section get the row a browser implies; forms (ASP.NET wraps rows in them) stay where they are.
_MACHINERY = frozenset({"script", "style", "template", "form", "input"})
_SECTIONS = frozenset({"tbody", "thead", "tfoot"})
_HOLDS = {
    "table": frozenset({"caption", "colgroup", "col", "tr", "td", "th"}) | _SECTIONS | _MACHINERY,
    "section": frozenset({"tr", "td", "th"}) | _MACHINERY,
    "tr": frozenset({"td", "th"}) | _MACHINERY,
}


def unnest_void_elements(root: html.HtmlElement) -> None:
    """Make every HTML 5 void element empty again, its former content following it, in order."""
    for el in list(root.iter(*HTML5_VOID)):
        text, tail, children = el.text, el.tail, list(el)
        if not children and not text:
            continue
        el.text = None
        if not children:
            el.tail = (text or "") + (tail or "")
            continue
        el.tail = text  # the text right after the tag, then the children, then what followed the (implied) end
        anchor = el
        for child in children:
            anchor.addnext(child)  # lxml moves the child's own tail with it
            anchor = child
        if tail:
            anchor.tail = (anchor.tail or "") + tail


def foster_parent(root: html.HtmlElement) -> None:
    """Move what a table holds outside its cells to just before the table, in order, as browsers do.

    Innermost tables first, so a table left directly inside another (unclosed ``<table>`` tags)
    brings its own stray content along when it is moved out in turn.
    """
    for table in reversed(list(root.iter("table"))):
        if table.getparent() is None:
            continue
        stray: list[str | html.HtmlElement] = []
        _collect(table, "table", stray)
        for item in stray:
            if isinstance(item, str):
                before = table.getprevious()
                if before is not None:
                    before.tail = (before.tail or "") + item
                else:
                    parent = table.getparent()
                    parent.text = (parent.text or "") + item
            else:
                table.addprevious(item)  # lxml moves the element's tail with it


def _collect(el: html.HtmlElement, kind: str, stray: list[str | html.HtmlElement]) -> None:
    """Take what ``el`` (a table, section or row) has no place for into ``stray``, in document order."""
    holds = _HOLDS[kind]
    if kind != "tr":
        _imply_rows(el)
    if el.text and el.text.strip():
        stray.append(el.text)
        el.text = None
    for child in list(el):
        if isinstance(child.tag, str):  # comments stay where they are
            tag = child.tag.lower()
            if tag not in holds:
                stray.append(child)  # its tail goes with it
                continue
            if tag in _SECTIONS:
                _collect(child, "section", stray)
            elif tag == "tr":
                _collect(child, "tr", stray)
        if child.tail and child.tail.strip():
            stray.append(child.tail)
            child.tail = None


def _imply_rows(el: html.HtmlElement) -> None:
    """Wrap each run of cells sitting directly in a table or section in a ``<tr>``, as browsers do."""
    row: html.HtmlElement | None = None
    for child in list(el):
        is_cell = isinstance(child.tag, str) and child.tag.lower() in {"td", "th"}
        if not is_cell:
            if isinstance(child.tag, str) or (child.tail and child.tail.strip()):
                row = None  # an element or text ends the run; a comment between cells does not
            continue
        if row is None:
            row = el.makeelement("tr", {})
            child.addprevious(row)
        row.append(child)  # the cell's tail moves with it
