"""The page's own article text, read apart from the model: what ``verify`` checks an output against
besides the model, so that a lossy model cannot agree with itself.

Comparing an output with the model proves the writer lost nothing; it cannot see a paragraph the
extractor flattened away, since the model lacks it too. So the page is read a second time: the
article zones the extraction chose are found again on a freshly loaded copy of the page (by the
element numbers a stamped trace records, as ``explain --html`` does), the elements a named rule
took out (chrome, header fields) are dropped, and the rest is split into lines by a walk of its own
(block boundaries and ``<br>``), not by the converter's. A line whose letters are in neither the
model (body, captions, metadata) nor a named removal nor the output is reported "page text missing".

Conservative: lines are compared by their letters and digits only (spacing, case, punctuation and
the writers' link notes cannot make a kept line look lost), lines under ``MIN_LETTERS`` are not
checked, and a zone the extraction built itself (a client-side rendered body read from JSON) has no
element on the page and is not checked.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from dataclasses import field
from pathlib import Path

from lxml import etree

from ..diagnostics import Diagnostic
from ..extract.trace import Trace
from ..model import Article, Figure
from ..options import ReadOptions
from ..records import dataclass
from ..walk import block_text, iter_blocks, plain_text
from .text import norm

MIN_LETTERS = 12  # a bullet, "Ảnh", a lone number: too short to prove anything either way

# Tags whose content a reader never sees as text.
_UNSEEN = frozenset({"script", "style", "noscript", "template", "head", "title", "select", "option", "textarea",
                     "button", "input", "object", "iframe", "svg", "math"})
# Tags that end a line (a browser starts the next text on a new line or in another box).
_BREAKS = frozenset({"address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "details", "dir",
                     "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
                     "h5", "h6", "header", "hr", "img", "legend", "li", "main", "menu", "nav", "ol", "p", "pre",
                     "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "video"})


def letters(s: str) -> str:
    """Only the letters and digits, case-folded (NFC first, so precomposed and combining agree)."""
    return "".join(c for c in unicodedata.normalize("NFC", s).casefold() if c.isalnum())


@dataclass(frozen=True, slots=True)
class PageText:
    """Lines of the page's article zones that the model does not hold (nor any named rule removed):
    each must then be in the output, or the output lost page text."""

    unaccounted: tuple[str, ...] = ()
    checked: int = 0  # lines of the zones that were compared (for the report's row)

    def missing_from(self, output_text: str) -> list[str]:
        held = letters(output_text)
        return [line for line in self.unaccounted if letters(line) not in held]


@dataclass
class Reading:
    """A page read for verification: its article (as ``api.read`` makes it) and its own text."""

    article: Article
    page_text: PageText = field(default_factory=PageText)
    warnings: list[Diagnostic] = field(default_factory=list)  # the reader's, as api.read gives them


def read_for_verify(path: str | os.PathLike[str], options: ReadOptions | None = None) -> Reading:
    """Read ``path`` as a conversion with ``options`` does, and also its article zones' own text.

    Raises what ``api.read`` raises (NoArticleError, InputError).
    """
    from ..extract.article import extract
    from ..load.page import load
    from ..normalise import normalise

    options = options or ReadOptions()
    remote = None
    if options.fetch_remote:
        from ..load.remote import RemoteFetcher

        remote = RemoteFetcher()
    root = Path(options.root) if options.root is not None else None
    trace = Trace(stamp=True)
    page = load(Path(path), root=root, remote=remote)
    article, warnings = extract(page, whole=options.whole_page, trace=trace)
    article = normalise(article)
    zones = [d.element for d in trace.of("body") if d.what == "article zone" and d.element]
    removed = {d.element for d in trace.decisions if d.kind in ("chrome", "header") and d.element}
    if not zones:
        return Reading(article, warnings=warnings)
    fresh = load(Path(path), root=root, remote=None)  # the same bytes, parsed the same way: same numbers
    lines = zone_lines(fresh.root, zones, removed)
    kept = letters(_model_text(article) + " " + " ".join(_named_removals(trace)))
    unaccounted = tuple(dict.fromkeys(line for line in lines if letters(line) not in kept))
    return Reading(article, PageText(unaccounted, len(lines)), warnings)


def _named_removals(trace: Trace) -> list[str]:
    """The texts named rules took out of the page; not the lines extraction itself found lost
    (``extract.losses`` records those in the trace too, as dropped without a rule)."""
    from ..extract.losses import DROPPED

    lost = [d.text for d in trace.decisions if d.what == DROPPED]
    return [t for t in trace.removed
            if not any(t == d or (d.endswith("…") and t.startswith(d[:-1])) for d in lost)]


def zone_lines(root: etree._Element, zones: list[str], removed: set[str]) -> list[str]:
    """The text lines (of at least ``MIN_LETTERS`` letters) of the elements numbered ``zones`` on the
    freshly loaded page ``root``, without the elements numbered ``removed`` and what a reader never sees."""
    from ..extract.trace import STAMP, stamp

    stamp(root)
    by_number = {el.get(STAMP): el for el in root.iter() if isinstance(el.tag, str)}
    found = [by_number[z] for z in dict.fromkeys(zones) if z in by_number]
    # A zone inside another zone is read with it.
    outer = [z for z in found if not any(a in found for a in z.iterancestors())]
    out: list[str] = []
    for zone in outer:
        for line in _lines(zone, removed):
            text = norm(line)
            if len(letters(text)) >= MIN_LETTERS:
                out.append(text)
    return out


def _lines(zone: etree._Element, removed: set[str]) -> Iterator[str]:
    from ..extract.trace import STAMP

    parts: list[str] = []

    def walk(el: etree._Element) -> Iterator[str]:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        seen = bool(tag) and tag not in _UNSEEN and el.get(STAMP) not in removed and el.get("hidden") is None
        if seen:
            breaks = tag in _BREAKS
            if breaks and parts:
                yield "".join(parts)
                parts.clear()
            parts.append(el.text or "")
            for child in el:
                yield from walk(child)
            if breaks and parts:
                yield "".join(parts)
                parts.clear()
        if el is not zone:
            parts.append(el.tail or "")

    yield from walk(zone)
    if parts:
        yield "".join(parts)


def _model_text(article: Article) -> str:
    """Everything the model holds as text: metadata, body, captions, credits, link targets, alt text."""
    md = article.metadata
    parts = [md.title, md.subtitle, md.lead, md.category, " ".join(md.authors), md.content_type, md.version,
             md.created_by, md.modified_by, md.site_name, " ".join(md.tags), str(md.views or "")]
    parts += [d.text for d in (md.published, md.modified, md.created) if d is not None]
    parts += [f"{f.label} {f.value}" for f in md.fields]
    for block in iter_blocks(article.blocks):
        parts.append(block_text(block))
        if isinstance(block, Figure):
            parts += [plain_text(block.caption), block.credit, block.image.alt]
    return " ".join(p for p in parts if p)
