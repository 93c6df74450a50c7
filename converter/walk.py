"""Generic traversal of the model: iterate blocks and inlines, collect plain text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import unquote

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
from .patterns import compiled


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


def numbered(fig: Figure) -> bool:
    """Whether a figure gets a label ("Hình 3."): only one with a caption or a credit does. A bare
    label under a photo the page left uncaptioned would look like a caption that was lost."""
    return bool(fig.caption or fig.credit)


def inline_children(node: Inline) -> tuple[Inline, ...]:
    if isinstance(node, Strong | Emphasis | Underline | Superscript | Subscript | Link):
        return node.children
    return ()


_SCHEME = compiled(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # RFC 3986: an absolute URL (or mailto:, javascript:)


def shown_target(link: Link) -> str:
    """The target a document prints after a link it cannot make clickable, or "".

    A relative reference ("/img/report.pdf") of a page whose address is unknown leads nowhere in
    the document, yet it may be all an article holds; writers print it after the link text, and
    verification expects it there. Absolute links are real hyperlinks instead, and a target that
    is already the link's text is not repeated.
    """
    url = link.url.strip()
    if not url or url.startswith("#") or _SCHEME.match(url):
        return ""
    shown = readable(url)
    return "" if shown == plain_text(link.children).strip() else shown


def image_name(src: str) -> str:
    """The file name a missing image's placeholder shows: the last path segment, percent-decoded
    ("hist%20criminelles.jpg" is "hist criminelles.jpg" to a reader)."""
    path = src.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    return readable(path.rsplit("/", 1)[-1] or src)


def readable(url: str) -> str:
    """``url`` with its %-escapes decoded for a reader, when they spell UTF-8; otherwise as written
    ("caf%E9.png", a Latin-1 name, would read "caf\ufffd.png", a replacement character the page never had)."""
    try:
        return unquote(url, errors="strict")
    except UnicodeDecodeError:
        return url


def target_note(target: str) -> str:
    """How a shown target reads after its link text."""
    return f" [{target}]"


def plain_text(inlines: Iterable[Inline], *, with_targets: bool = False) -> str:
    """The text a reader sees; line breaks become newlines. ``with_targets``: as the documents print
    it, each link's shown target after its text."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text | Code):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append("\n")
        else:
            parts.append(plain_text(inline_children(node), with_targets=with_targets))
            if with_targets and isinstance(node, Link) and (target := shown_target(node)):
                parts.append(target_note(target))
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
