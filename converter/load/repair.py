"""Repairs for what libxml2's HTML 4 parser gets wrong about HTML 5.

libxml2 does not know that ``embed``, ``source``, ``track``, ``wbr`` and ``keygen`` are void: it
nests everything after such a tag inside it, up to the end of the parent. An ``<embed>`` that the
extractor drops (with a warning) would then take the following paragraphs with it. Moving those
children back out restores the tree a browser builds.
"""

from __future__ import annotations

from lxml import html

HTML5_VOID = ("embed", "source", "track", "wbr", "keygen")


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
