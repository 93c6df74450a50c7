"""Pages nested deeper than libxml2 will parse: flatten the excess so the text is not lost.

libxml2 stops building the tree at 256 levels (2048 with ``huge_tree``) and silently drops every
byte after that point, so a page with a runaway ``<div>`` or ``<font>`` chain would lose its whole
article. When the parser reports that, :func:`flatten` rewrites the markup: tags deeper than
``limit`` are dropped and their content kept, so text and images survive and only structure that
no reader could see (hundreds of wrappers) is lost. It tracks nesting the way a tag soup does (a
closing tag closes up to its nearest open namesake), which is approximate for implied end tags, but
it only runs on pages the parser has already given up on. Where the model still misjudges the
parser (implied ``tbody`` and ``p`` add levels), :func:`flatten_passes` gives stricter limits to try
until the tree fits, down to keeping no wrapper at all.
"""

from __future__ import annotations

import re

from lxml import etree

from ..patterns import compiled

DEPTH_LIMIT = 200  # well below libxml2's 256, leaving room for implied elements (tbody, p) it adds
# The deepest tree the later stages get. libxml2 builds no deeper without huge_tree; with it (a page
# holding a node over 10 MB) it goes to 2048, deeper than the extractor's recursion can follow.
TREE_LIMIT = 255
# libxml2's end-tag priorities (HTMLparser.c, htmlEndPriority): an end tag closes the elements opened
# after its namesake only if none of them ranks higher; otherwise it is ignored. So "</div>" never
# closes an open cell: 300 × "<div><table><tr><td>…</div>" nests 1,200 levels deep, not 4.
_END_PRIORITY = {"div": 150, "td": 160, "th": 160, "tr": 170, "thead": 180, "tbody": 180, "tfoot": 180,
                 "table": 190, "head": 200, "body": 200, "html": 220}
_DEFAULT_PRIORITY = 100

# Raw-text elements, comments and doctype are copied whole: their insides are not markup.
_TOKEN = compiled(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|textarea|title|xmp)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    r"|<![^>]*>"
    r"|<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*?(/?)>",
    re.DOTALL | re.IGNORECASE,
)
# Dropping any other tag leaves a space in its place, so the words of two list items or cells that
# were separate blocks stay separate words.
_INLINE = frozenset(["a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i",
                     "ins", "kbd", "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong",
                     "sub", "sup", "time", "tt", "u", "var"])
_VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"])
# Kept at any depth so paragraphs stay paragraphs; they rarely contain each other, so they add a level
# or two at most (where libxml2 does nest them, a <dd> in a <dd> outside any <dl>, a later pass of
# flatten_passes drops them too).
_LEAF_BLOCKS = frozenset(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "figcaption", "caption"])


def too_deep(messages: list[str]) -> bool:
    """Whether libxml2's error log says it stopped at its nesting limit."""
    return any("Excessive depth" in m for m in messages)


def too_big(messages: list[str]) -> bool:
    """Whether libxml2 stopped at a text, attribute or script node over its 10 MB limit.

    The depth message also says "use XML_PARSE_HUGE"; it is not about size, and huge_tree would
    let the tree grow to 2048 levels instead of flattening it.
    """
    return any(("XML_PARSE_HUGE" in m or "Resource limit exceeded" in m) and "Excessive depth" not in m
               for m in messages)


def deeper_than(root: etree._Element, limit: int) -> bool:
    """Whether any element of ``root``'s document lies more than ``limit`` levels down (in C, fast)."""
    return bool(root.xpath("boolean(" + "/*" * (limit + 1) + ")"))


def flatten_passes() -> list[tuple[int, bool]]:
    """(limit, keep leaf blocks) for each try, mildest first; the last keeps no element that nests."""
    return [(DEPTH_LIMIT, True), (DEPTH_LIMIT // 2, True), (DEPTH_LIMIT // 4, True), (DEPTH_LIMIT // 4, False),
            (0, False)]


def flatten(text: str, limit: int = DEPTH_LIMIT, keep_leaves: bool = True) -> tuple[str, int]:
    """``text`` with tags nested deeper than ``limit`` removed; returns it and how many were dropped.

    Paragraphs, headings and list items (``_LEAF_BLOCKS``) are kept at any depth unless
    ``keep_leaves`` is false. Text, images and other void elements are always kept, and a dropped
    block-level tag leaves a space so that words on either side stay apart.
    """
    out: list[str] = []
    stack = _OpenTags()
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
            at = stack.closes(name)
            if at is None:
                out.append(m.group(0))
                continue
            kept = stack.kept[at]
            stack.close(at)
            if kept:
                out.append(m.group(0))
            elif name not in _INLINE:
                out.append(" ")
            continue
        if name in _VOID or self_closing:
            out.append(m.group(0))
            continue
        kept = len(stack) < limit or (keep_leaves and name in _LEAF_BLOCKS)
        stack.open(name, kept)
        if kept:
            out.append(m.group(0))
        else:
            dropped += 1
            if name not in _INLINE:
                out.append(" ")
    out.append(text[pos:])
    return "".join(out), dropped


def _priority(name: str) -> int:
    return _END_PRIORITY.get(name, _DEFAULT_PRIORITY)


class _OpenTags:
    """The open elements, innermost last, indexed by name and by end-tag priority.

    Deciding what an end tag closes must not walk the whole stack: in tag soup (thousands of
    ``<font>`` never closed, then stray ``</b>``) that walk made flattening quadratic.
    """

    def __init__(self) -> None:
        self.names: list[str] = []
        self.kept: list[bool] = []
        self._by_name: dict[str, list[int]] = {}  # positions on the stack, increasing
        self._by_priority: dict[int, list[int]] = {}

    def __len__(self) -> int:
        return len(self.names)

    def open(self, name: str, kept: bool) -> None:
        at = len(self.names)
        self.names.append(name)
        self.kept.append(kept)
        self._by_name.setdefault(name, []).append(at)
        self._by_priority.setdefault(_priority(name), []).append(at)

    def closes(self, name: str) -> int | None:
        """Where ``</name>`` closes to, as libxml2 decides: its innermost open namesake, unless an
        element of higher priority is open inside that; None when it is ignored."""
        mine = self._by_name.get(name)
        if not mine:
            return None
        at = mine[-1]
        priority = _priority(name)
        if any(q > priority and positions and positions[-1] > at for q, positions in self._by_priority.items()):
            return None
        return at

    def close(self, at: int) -> None:
        """Close the element at ``at`` and every element opened inside it."""
        while len(self.names) > at:
            name = self.names.pop()
            self.kept.pop()
            self._by_name[name].pop()
            self._by_priority[_priority(name)].pop()
