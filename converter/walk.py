"""Generic traversal of the model: iterate blocks and inlines, collect plain text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .model import (
    Block,
    Code,
    Emphasis,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Signature,
    Strong,
    Subscript,
    Superscript,
    Table,
    Text,
    Underline,
)


def iter_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    """Every block, depth first, including those nested in lists and quotes."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from iter_blocks(item.blocks)
        elif isinstance(block, Quote):
            yield from iter_blocks(block.blocks)


def figures(blocks: Iterable[Block]) -> list[Figure]:
    """All figures in reading order; their 1-based index is the figure number."""
    return [b for b in iter_blocks(blocks) if isinstance(b, Figure)]


def inline_children(node: Inline) -> tuple[Inline, ...]:
    if isinstance(node, Strong | Emphasis | Underline | Superscript | Subscript | Link):
        return node.children
    return ()


def plain_text(inlines: Iterable[Inline]) -> str:
    """The text a reader sees; line breaks become newlines."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text | Code):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append("\n")
        else:
            parts.append(plain_text(inline_children(node)))
    return "".join(parts)


def block_text(block: Block) -> str:
    """Plain text of one block (cells joined by tabs, items by newlines)."""
    match block:
        case Paragraph() | Heading() | Signature():
            return plain_text(block.children)
        case Figure():
            return plain_text(block.caption)
        case Table():
            return "\n".join("\t".join(plain_text(c.children) for c in r.cells) for r in block.rows)
        case ListBlock():
            return "\n".join(block_text(b) for item in block.items for b in item.blocks)
        case Quote():
            return "\n".join(block_text(b) for b in block.blocks)
        case Rule():
            return ""
