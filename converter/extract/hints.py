"""What converting a body noticed about its blocks, for the passes that come after it.

Converting HTML to blocks sees how each paragraph is set (centred, right-aligned, italic, coloured)
and where it came from; the model keeps none of that. The caption and signature passes need it,
so the converter notes it here, block by block, and those passes read it back.

Blocks are frozen dataclasses that compare by value (two "Photo: Reuters" paragraphs are equal),
so a block's hint is found by the block object itself, not by its value. The table keeps every
block it has a hint for: a block the conversion dropped (an empty heading, a table cell's
paragraph read as a line of the cell) stays alive, so no later block can be given its address,
and with it its hint, as a table keyed by ``id()`` alone would allow.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml.html import HtmlElement

from ..model import Block
from ..records import dataclass


@dataclass(slots=True)
class Hint:
    """How one block was set in the page, and what the passes after conversion decided about it."""

    caption_like: bool = False  # may be the caption of the photo right before it
    why: str = ""  # why it is caption-like, for the trace
    centred: bool = False  # caption-like only because it is centred
    right: bool = False  # right-aligned: a closing line may be the signature
    marks: frozenset[str] = frozenset()  # how it is set (captions.caption_marks)
    source: HtmlElement | None = None  # the element it came from, for the trace
    zone_start: bool = False  # the first block of a later zone: never the caption of the zone before
    in_text: bool = False  # a figure taken from inside a sentence: never captioned
    in_style: bool = False  # under a photo and set in the page's caption style (or reading as a caption)
    continued: bool = False  # carries on the caption in the paragraph before it


class Hints:
    """The hints of one body's blocks, each found by its block object (identity, not value)."""

    def __init__(self) -> None:
        self._table: dict[int, tuple[Block, Hint]] = {}

    def of(self, block: Block | None) -> Hint:
        """The hint of ``block``: a blank one, not kept, when nothing was noted about it."""
        entry = self._table.get(id(block))
        return entry[1] if entry is not None and entry[0] is block else Hint()

    def note(self, block: Block) -> Hint:
        """The hint of ``block``, kept (and ``block`` with it) for the passes after conversion."""
        entry = self._table.get(id(block))
        if entry is None or entry[0] is not block:
            entry = (block, Hint())
            self._table[id(block)] = entry
        return entry[1]

    def caption_candidate(self, block: Block, why: str) -> None:
        """``block`` may be a caption; the first reason given is the one traced."""
        hint = self.note(block)
        hint.caption_like = True
        hint.why = hint.why or why

    def __iter__(self) -> Iterator[Hint]:
        return iter(hint for _, hint in self._table.values())
