"""A bound on how deep quotes and lists nest in the model, so that no writer meets a runaway page.

A page can nest hundreds of ``<blockquote>``s or lists (up to the parser's limit, ``load/depth.py``).
Each writer walks the model recursively, and WeasyPrint lays out every level with several Python
frames: 100 nested lists or 250 nested quotes exhausted the interpreter's stack. No reader follows
more than a few levels, and Word numbers lists nine deep at most, so a quote or list nested more than
:data:`MAX_NESTING` levels inside others is replaced by its content, in order: every text, photo and
table is kept, only the indentation beyond that level is lost. Inline wrappers (bold, italic, links,
superscripts) are bounded the same way at :data:`MAX_INLINE_NESTING`: 250 nested ``<sup>`` would
otherwise exhaust the stack in WeasyPrint; their text stays, only the formatting beyond is lost.
"""

from __future__ import annotations

from dataclasses import replace
from typing import get_args

from .model import (
    Block,
    Container,
    Figure,
    Heading,
    Inline,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Signature,
    Table,
    TableRow,
)

MAX_NESTING = 16
MAX_INLINE_NESTING = 16
_CONTAINERS = get_args(Container)


def bounded(blocks: tuple[Block, ...] | list[Block], level: int = 0) -> list[Block]:
    """``blocks`` with quotes and lists below :data:`MAX_NESTING` levels spliced into their parent.

    One frame per level: the model is no deeper than the parsed page, which ``load/depth.py`` bounds.
    """
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Quote):
            inner = bounded(block.blocks, level + 1)
            if level < MAX_NESTING:
                out.append(Quote(tuple(inner)))
            else:
                out.extend(inner)
        elif isinstance(block, ListBlock):
            items = [bounded(item.blocks, level + 1) for item in block.items]
            if level < MAX_NESTING:
                out.append(replace(block, items=tuple(ListItem(tuple(i)) for i in items)))
            else:
                out.extend(b for item in items for b in item)
        elif isinstance(block, Paragraph | Heading | Signature):
            out.append(replace(block, children=inlines(block.children)))
        elif isinstance(block, Figure):
            out.append(replace(block, caption=inlines(block.caption)))
        elif isinstance(block, Table):
            rows = tuple(TableRow(tuple(replace(c, children=inlines(c.children)) for c in r.cells)) for r in block.rows)
            out.append(replace(block, rows=rows, caption=inlines(block.caption)))
        else:
            out.append(block)
    return out


def inlines(items: tuple[Inline, ...], level: int = 0) -> tuple[Inline, ...]:
    """``items`` with inline wrappers below :data:`MAX_INLINE_NESTING` levels replaced by their children."""
    out: list[Inline] = []
    for item in items:
        if isinstance(item, _CONTAINERS):
            children = inlines(item.children, level + 1)
            if level < MAX_INLINE_NESTING:
                out.append(replace(item, children=children))
            else:
                out.extend(children)
        else:
            out.append(item)
    return tuple(out)


def depth(blocks: tuple[Block, ...] | list[Block]) -> int:
    """How many quotes and lists deep ``blocks`` nest (0 for none)."""
    deepest, stack = 0, [(b, 1) for b in blocks]
    while stack:
        block, level = stack.pop()
        if isinstance(block, Quote):
            deepest = max(deepest, level)
            stack += [(b, level + 1) for b in block.blocks]
        elif isinstance(block, ListBlock):
            deepest = max(deepest, level)
            stack += [(b, level + 1) for item in block.items for b in item.blocks]
    return deepest
