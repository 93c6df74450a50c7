"""Whether converted blocks are an article, or a listing, a home page or an empty shell.

A listing is mostly links (teasers, "Read more", dated link lists); an empty shell has almost no
prose. The scored fallback must find clearly more prose than a known flavour, since on unknown
layouts the densest block of a home page is still a teaser column.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Block, Figure, Heading, Inline, Link, Paragraph, Signature, Table
from ..walk import inline_children, iter_blocks, plain_text
from .vocabulary import READ_MORE

# Flavours whose zone exists only on article pages (a news web part, a post, a form's body
# field): any text at all is the article. Publishing and Content Editor zones also fill home and
# landing pages, so they need some prose, and the scored fallback clearly more.
DEDICATED = frozenset({"portal-news", "portal-intro", "portal-document", "blog-post", "wiki", "modern",
                       "list-form", "client-side", "list-item", "whole-page"})
MIN_WORDS = 10  # prose words a publishing or Content Editor zone must hold
MIN_FALLBACK_WORDS = 120  # …and a zone found by the scored fallback
MIN_FALLBACK_PARAGRAPHS = 3
MAX_LINK_SHARE = 0.6
MAX_READ_MORE = 3  # "Read more" links: beyond this many, the zone is a list of teasers


@dataclass
class Tally:
    prose: int = 0  # words outside links
    links: int = 0  # words inside links
    paragraphs: int = 0  # paragraphs of eight words or more
    read_more: int = 0

    def add(self, inlines: tuple[Inline, ...]) -> None:
        for node in inlines:
            if isinstance(node, Link):
                text = plain_text(node.children).strip()
                self.links += len(text.split())
                self.read_more += bool(READ_MORE.match(text))
            elif inline_children(node):
                self.add(inline_children(node))
            else:
                self.prose += len(plain_text((node,)).split())


def tally(blocks: list[Block]) -> Tally:
    t = Tally()
    for block in iter_blocks(blocks):
        if isinstance(block, Paragraph | Heading | Signature):
            t.add(block.children)
            if isinstance(block, Paragraph) and len(plain_text(block.children).split()) >= 8:
                t.paragraphs += 1
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    t.add(cell.children)
    return t


def judge(blocks: list[Block], flavour: str) -> str:
    """Why ``blocks`` are not an article, or "" when they are one."""
    if not blocks:
        return "nothing in the article zone"
    t = tally(blocks)
    if t.links > 30 and t.links > MAX_LINK_SHARE / (1 - MAX_LINK_SHARE) * t.prose:
        return "a list of links"
    if t.read_more > MAX_READ_MORE:
        return "a list of teasers"
    if flavour in DEDICATED:
        return "" if t.prose or any(isinstance(b, Figure) for b in blocks) else "almost no text"
    if t.prose < MIN_WORDS:
        return "almost no text"
    if flavour == "fallback" and (t.prose < MIN_FALLBACK_WORDS or t.paragraphs < MIN_FALLBACK_PARAGRAPHS):
        return "too little prose for an article"
    return ""


def describe(t: Tally) -> str:
    """What the verdict was based on, in words: "412 words of prose in 9 paragraphs, 12 in links"."""
    return (f"{t.prose} words of prose in {t.paragraphs} paragraph{'s' if t.paragraphs != 1 else ''}, "
            f"{t.links} in links" + (f", {t.read_more} 'read more' links" if t.read_more else ""))
