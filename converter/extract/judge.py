"""Whether converted blocks are an article, or a listing, a home page or an empty shell.

Zones that exist only on article pages (a flavour whose profile is ``dedicated``: a news web part,
a post, a form's body field) are the article whatever they hold, as long as it is some text or a
photo. Every other zone (publishing and Content Editor zones, which also fill home and landing
pages, and the scored fallback) is judged by one rule, whichever flavour found it:

1. a list of links (beyond ``MIN_LIST_LINKS`` link words, more than ``MAX_LINK_SHARE`` of its
   words) or of teasers (more than ``MAX_TEASERS`` "Read more" links, or as many headlines that
   are links, each over its summary) is no article (links and "Read more" count in dedicated zones too);
2. an article holds prose: ``MIN_WORDS`` words outside links, and at least one paragraph of
   ``PARAGRAPH_WORDS`` such words (a calendar, an empty form or a heading alone has none);
3. on a page whose text is mostly links (``LINKED_PAGE`` of the main zone's words: a home or
   landing page, a listing) one paragraph is the intro above the links: the zone must hold
   ``MIN_LINKED_WORDS`` words in ``MIN_LINKED_PARAGRAPHS`` paragraphs.

A short information page (a title over 130 words in two paragraphs) is an article by this rule
whether a Content Editor profile or the fallback found it. Each verdict says what it was based
on: "too little prose: 57 words in 1 paragraph, 59% of the page's text is links".
"""

from __future__ import annotations

from lxml.html import HtmlElement

from ..model import Block, Figure, Heading, Inline, Link, Paragraph, Signature, Table
from ..records import dataclass
from ..walk import inline_children, iter_blocks, plain_text
from .sharepoint import Profile
from .text import text_of
from .vocabulary import READ_MORE

MIN_LIST_LINKS = 30
MAX_LINK_SHARE = 0.6
MAX_TEASERS = 3  # "Read more" links or linked headlines: beyond this many, the zone is a list of teasers
MAX_HEADLINE = 20  # words of a linked line that can be a teaser's headline
MIN_WORDS = 10
PARAGRAPH_WORDS = 8  # prose words that make a paragraph (shorter lines are labels, dates, headings)
LINKED_PAGE = 0.5
MIN_LINKED_WORDS = 50
MIN_LINKED_PARAGRAPHS = 2


@dataclass
class Tally:
    prose: int = 0  # words outside links
    links: int = 0  # words inside links
    paragraphs: int = 0  # paragraphs of PARAGRAPH_WORDS prose words or more
    read_more: int = 0
    headlines: int = 0  # linked headings or lines, each followed by a paragraph of prose

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
    headline = False  # the block before was a line that is all link
    for block in iter_blocks(blocks):
        if isinstance(block, Paragraph | Heading | Signature):
            prose, links = t.prose, t.links
            t.add(block.children)
            prose, links = t.prose - prose, t.links - links
            if isinstance(block, Paragraph) and prose >= PARAGRAPH_WORDS:
                t.paragraphs += 1
                t.headlines += headline
            headline = not prose and 0 < links <= MAX_HEADLINE
            continue
        headline = headline and isinstance(block, Figure)  # a teaser's photo may sit between the two
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    t.add(cell.children)
    return t


def link_share(zone: HtmlElement) -> float:
    """The share of ``zone``'s words that are link text (0 for a zone without words)."""
    words = len(text_of(zone).split())
    if not words:
        return 0.0
    linked = sum(len(text_of(a).split()) for a in zone.iter("a") if not any(True for _ in a.iterancestors("a")))
    return min(1.0, linked / words)


def nothing_found(main: HtmlElement) -> str:
    """Why a page where no flavour found a zone has no article: what its main zone holds."""
    words = len(text_of(main).split())
    if not words:
        return "the page holds no text"
    return (f"no article zone, and no paragraph of prose outside links and data grids: the page holds "
            f"{_count(words, 'word')}, {round(100 * link_share(main))}% of them links")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def judge(blocks: list[Block], flavour: Profile, page_links: float = 0.0) -> str:
    """Why ``blocks`` are not an article, or "" when they are one.

    ``page_links`` is the share of the page's main zone that is link text (``link_share``).
    """
    if not blocks:
        return "nothing in the article zone"
    t = tally(blocks)
    words = t.prose + t.links
    if t.links > MIN_LIST_LINKS and t.links > MAX_LINK_SHARE * words:
        return f"a list of links: {round(100 * t.links / words)}% of its {words} words are links"
    if t.read_more > MAX_TEASERS:
        return f"a list of teasers: {t.read_more} 'Read more' links"
    if flavour.dedicated:
        return "" if t.prose or any(isinstance(b, Figure) for b in blocks) else "no text and no photo"
    if t.headlines > MAX_TEASERS:
        return f"a list of teasers: {t.headlines} linked headlines, each over its summary"
    found = f"{_count(t.prose, 'word')} in {_count(t.paragraphs, 'paragraph')}"
    if t.prose < MIN_WORDS or not t.paragraphs:
        return f"too little prose: {found}"
    if page_links > LINKED_PAGE and (t.prose < MIN_LINKED_WORDS or t.paragraphs < MIN_LINKED_PARAGRAPHS):
        return f"too little prose: {found}, {round(100 * page_links)}% of the page's text is links"
    return ""


def describe(t: Tally) -> str:
    """What the verdict was based on, in words: "412 words of prose in 9 paragraphs, 12 in links"."""
    return (f"{t.prose} words of prose in {t.paragraphs} paragraph{'s' if t.paragraphs != 1 else ''}, "
            f"{t.links} in links" + (f", {t.read_more} 'read more' links" if t.read_more else ""))
