"""Pages nested deeper than libxml2 will parse: flatten the excess so the text is not lost.

libxml2 stops building the tree at 256 levels (2048 with ``huge_tree``) and silently drops every
byte after that point, so a page with a runaway ``<div>`` or ``<font>`` chain would lose its whole
article. When the parser reports that, :func:`flatten` rewrites the markup: tags deeper than
``limit`` are dropped and their content kept, so text and images survive and only structure that
no reader could see (hundreds of wrappers) is lost. It tracks nesting the way a tag soup does (a
closing tag closes up to its nearest open namesake), which is approximate for implied end tags, but
it only runs on pages the parser has already given up on.
"""

from __future__ import annotations

import re

from lxml import etree

DEPTH_LIMIT = 200  # well below libxml2's 256, leaving room for implied elements (tbody, p) it adds

# Raw-text elements, comments and doctype are copied whole: their insides are not markup.
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|textarea|title|xmp)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    r"|<![^>]*>"
    r"|<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*?(/?)>",
    re.DOTALL | re.IGNORECASE,
)
_VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"])
# Kept at any depth so paragraphs stay paragraphs; they cannot contain each other, so they add a level
# or two at most.
_LEAF_BLOCKS = frozenset(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "figcaption", "caption"])


def too_deep(messages: list[str]) -> bool:
    """Whether libxml2's error log says it stopped at its nesting limit."""
    return any("Excessive depth" in m for m in messages)


def too_big(messages: list[str]) -> bool:
    """Whether libxml2 stopped at a text, attribute or script node over its 10 MB limit."""
    return any("XML_PARSE_HUGE" in m or "Resource limit exceeded" in m for m in messages)


def deeper_than(root: etree._Element, limit: int) -> bool:
    """Whether any element of ``root``'s document lies more than ``limit`` levels down (in C, fast)."""
    return bool(root.xpath("boolean(" + "/*" * (limit + 1) + ")"))


def flatten(text: str, limit: int = DEPTH_LIMIT) -> tuple[str, int]:
    """``text`` with tags nested deeper than ``limit`` removed; returns it and how many were dropped."""
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (tag name, whether its tags are kept)
    dropped = 0
    pos = 0
    for m in _TOKEN.finditer(text):
        out.append(text[pos:m.start()])
        pos = m.end()
        closing, name, self_closing = m.group(2), m.group(3), m.group(4)
        if name is None:  # comment, doctype or a raw-text element: never nested further
            out.append(m.group(0))
            continue
        name = name.lower()
        if closing:
            at = next((i for i in range(len(stack) - 1, -1, -1) if stack[i][0] == name), None)
            if at is None:
                out.append(m.group(0))
                continue
            kept = stack[at][1]
            del stack[at:]
            if kept:
                out.append(m.group(0))
            continue
        if name in _VOID or self_closing:
            out.append(m.group(0))
            continue
        kept = len(stack) < limit or name in _LEAF_BLOCKS
        stack.append((name, kept))
        if kept:
            out.append(m.group(0))
        else:
            dropped += 1
    out.append(text[pos:])
    return "".join(out), dropped
