"""A large PDF bulletin rendered in parts, two at a time, and joined (``stitch``).

WeasyPrint keeps every laid-out page of a document until it writes it (about 0.8 MiB a page) and
uses one core, so one render of a 1,000-article bulletin (2,400 pages) takes 1.9 GB and eight
minutes. Here the articles go to worker processes in parts of ``PART_ARTICLES``; each part is a
document of its own, as the single render would have laid those pages out:

- Every part opens with a lead page that is dropped: its first article is then not on a
  ``:first`` page (whose running heads print.css clears). With ``--start-on right`` the lead page
  is a left-hand one, so the article starts on a right-hand page without a blank one, and a part
  other than the last ends with a marker (``break-before: right``) whose page is dropped too: the
  blank page before the next article stays, and every part fills whole sheets. A part's pages
  then do not depend on where it lands, only their numbers do.
- Page numbers: the parts and the front matter are rendered without the bottom margin boxes;
  "numbers" documents of empty pages (same page rules, same names: cover, front, blank) print only
  those boxes, counted from where they land (``@page :first { counter-reset }``), with the total
  for ``counter(pages)``, and ``stitch`` lays each such page over its page.
- The cover and contents are rendered first with placeholder numbers (to know how many pages they
  take; a dot for the dot leader, which costs a text box per dot) alongside the parts, then with
  the page on which each article starts, in two pieces cut at a page boundary of the first render
  when the contents are long (``_cut``: both workers share the end of the build); the pages must
  not change (else they are rendered again, and after three tries the bulletin is rendered in one
  piece).
- The parts are handed out one at a time, so that the page numbers of the parts already placed
  are rendered between parts rather than all at the end (unless they print the total of pages).

Rendered in one piece instead (``possible``): a ``--pdf-standard`` (PDF/A, PDF/UA and PDF/X each
need one structure tree or one catalogue as the renderer makes it), and ``--duplex`` without
``--start-on right`` (a part's left and right pages would depend on the length of the parts before
it). The parts are untagged PDF: structure trees of separate renders are not joined.
"""

from __future__ import annotations

import copy
import importlib.util
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from typing import Any

from lxml import etree

from ..diagnostics import Diagnostic
from ..model import Resource
from ..patterns import compiled
from ..records import dataclass
from ..render.html import E
from ..resources import styles_dir
from ..writers.pdf import Layout, Paper, render_layout, resource_url
from . import html
from .config import BulletinOptions
from .model import Bulletin, Entry, Section
from .pdf_source import article_element, head, logo_url, page_css
from .stitch import Joined, PageFacts, Piece, stitch
from .workers import Workers

ONE_PIECE_UP_TO = 80  # articles: a bulletin this small is rendered in one piece
PART_ARTICLES = 40  # articles per part: about 100 pages, a worker stays near 250 MB
NUMBER_PAGES = 800  # pages per numbers document (at most; at least half as many between parts)
WORKERS = 2
TRIES = 3  # renders of the front matter with real numbers before giving up on parts

_X = "{http://www.w3.org/1999/xhtml}"
_ANCHOR = compiled(r"(?:article|section)-\d+")
_BOTTOM = ("bottom-left", "bottom-center", "bottom-right")
_OTHER_BOXES = ("top-left-corner", "top-left", "top-center", "top-right", "top-right-corner", "left-top",
                "left-middle", "left-bottom", "right-top", "right-middle", "right-bottom", "bottom-left-corner",
                "bottom-right-corner")
BLANK = "portalconv-blank"  # the numbers documents' name for a page left blank


def _none(boxes: Sequence[str]) -> str:
    return " ".join(f"@{box} {{ content: none !important; }}" for box in boxes)


def _empty(attributes: dict[str, str]) -> etree._Element:
    """An empty ``<div>`` written ``<div></div>``: WeasyPrint's HTML parser reads ``<div/>`` as an
    opening tag, which would take in everything after it."""
    el = E("div", attributes)
    el.text = ""
    return el


def _drop(el: etree._Element) -> None:
    parent = el.getparent()
    assert parent is not None
    parent.remove(el)


def possible(options: BulletinOptions, standard: str | None) -> bool:
    """Whether the options allow rendering in parts (see the module docstring)."""
    return standard is None and (options.start_on == "right" or not options.mirrored)


def wanted(bulletin: Bulletin, options: BulletinOptions, standard: str | None, part_size: int | None) -> bool:
    """Whether to render in parts: large enough (or ``part_size`` given), ``possible``, and pikepdf
    (a dependency, but an environment installed before it was one renders in one piece)."""
    count = sum(len(s.entries) for s in bulletin.sections)
    return (possible(options, standard) and (part_size is not None or count > ONE_PIECE_UP_TO)
            and importlib.util.find_spec("pikepdf") is not None)


def render_piece(layout: Layout) -> Piece:
    """Render one document (in a worker process) and describe its pages."""
    pages: list[PageFacts] = []
    anchors: dict[str, int] = {}

    def inspect(document: Any) -> None:
        for index, page in enumerate(document.pages):
            kind = page._page_box.page_type  # WeasyPrint keeps the page type nowhere else
            # The outline's coordinates as WeasyPrint writes them (PDF points, y up from the page's
            # bottom): Document.make_bookmark_tree(0.75, transform_pages=True).
            marks = tuple((level, label, x * 0.75, (page.height - y) * 0.75, state)
                          for level, label, (x, y), state in page.bookmarks)
            pages.append(PageFacts(kind.name or "", bool(kind.blank), kind.side, marks))
            for name in page.anchors:
                if _ANCHOR.fullmatch(name):
                    anchors.setdefault(name, index)

    data, warnings = render_layout(layout, inspect)
    return Piece(data, tuple(warnings), tuple(pages), anchors)


@dataclass(frozen=True, slots=True)
class Plan:
    """What every document of the bulletin is made from (``pdf.build`` prepares it)."""

    bulletin: Bulletin
    options: BulletinOptions
    geometry: Paper
    resolutions: dict[str, float]
    resources: tuple[Resource, ...]
    user_css: tuple[tuple[str, str], ...]
    identifier: bytes
    epoch: int
    part_size: int


# (section number, section, its entries in this part, whether the part opens the section)
Slice = tuple[int, Section, tuple[Entry, ...], bool]


def split(bulletin: Bulletin, size: int) -> list[list[Slice]]:
    """The articles in order, ``size`` to a part, cut at article boundaries (within a section too)."""
    parts: list[list[Slice]] = [[]]
    room = size
    for n, section in enumerate(bulletin.sections, 1):
        entries = list(section.entries)
        opening = True
        while entries:
            if room == 0:
                parts.append([])
                room = size
            taken, entries = entries[:room], entries[room:]
            parts[-1].append((n, section, tuple(taken), opening))
            room -= len(taken)
            opening = False
    return [p for p in parts if p]


class _Documents:
    """The XHTML and the layouts of the front matter, the parts and the numbers documents."""

    def __init__(self, plan: Plan) -> None:

        self.plan = plan
        self.right = plan.options.start_on == "right"
        self.root = head(plan.bulletin)
        self.ltr = self.root.get("dir") != "rtl"
        self.page_css = page_css(plan.bulletin, plan.options, plan.geometry)
        # "Page 3 of 2386": a page's number then depends on the length of the whole bulletin.
        self.needs_total = any("counter(pages)" in text for text, _ in ((self.page_css, ""), *plan.user_css))
        self.styles_url = styles_dir().resolve().as_uri() + "/"

    def _source(self, body: etree._Element) -> bytes:
        root = copy.deepcopy(self.root)
        root.append(body)
        return b"<!DOCTYPE html>\n" + etree.tostring(root, encoding="utf-8")

    def _layout(self, source: bytes, extra_css: str, *, page_css: str | None = None, marks: bool = True) -> Layout:
        plan = self.plan
        used = tuple(r for r in plan.resources if resource_url(r).encode("utf-8") in source)
        css = ((f"{page_css or self.page_css}\n{extra_css}", self.styles_url), *plan.user_css)
        return Layout(source, used, css, plan.identifier, plan.epoch, shipped=("print.css", "bulletin.css"),
                      color_profiles=True, marks=tuple(plan.options.marks) if marks else (), tags=False)

    def _end(self, body: etree._Element) -> None:
        """The marker whose page is dropped: the document then ends before a right-hand page."""
        if self.right:
            body.append(_empty({"class": "portalconv-part-end", "style": "break-before: right"}))

    def front(self, numbers: dict[str, int] | None, width: int, entries: range | None = None,
              side: str = "right") -> Layout:
        """Cover, editorial and contents; each contents entry prints ``numbers[anchor]``, or a
        placeholder of ``width`` digits. The entries carry the anchors their links point to, so
        WeasyPrint keeps the links; ``stitch`` points the names at the articles.

        ``entries`` (reading-order indexes) keeps only those contents entries: a piece of the front
        matter rendered apart. One that does not start with the first entry starts where the
        placeholder render put its first entry at the top of a page (a ``side`` page) and has no
        cover, editorial or contents heading.
        """
        bulletin = self.plan.bulletin

        count = sum(len(s.entries) for s in bulletin.sections)
        keep = entries if entries is not None else range(count)
        body = html.body_element(bulletin)
        if keep.start == 0:
            body.append(html.cover(bulletin, logo_url(bulletin)))
        front = html.front_matter(bulletin)
        firsts, at = [], 0  # index of the first entry of each section with a heading
        for section in bulletin.sections:
            if section.heading:
                firsts.append(at)
            at += len(section.entries)
        numbered = iter(enumerate(bulletin.entries()))
        headed = iter(zip((n for n, s in enumerate(bulletin.sections, 1) if s.heading), firsts, strict=True))
        for el in list(front.iter(f"{_X}li", f"{_X}p")):
            if el.get("class") == "toc-entry":
                index, entry = next(numbered)
                if index not in keep:
                    _drop(el)
                    continue
                el.set("id", entry.anchor)
                link = el.find(f"{_X}a")
                assert link is not None
                link.set("data-page", str(numbers[entry.anchor]) if numbers is not None else "8" * width)
            elif el.get("class") == "toc-section":
                n, first = next(headed)
                if first not in keep:
                    _drop(el)
                    continue
                el.set("id", f"section-{n}")
        for el in list(front.iter(f"{_X}ol", f"{_X}h2", f"{_X}section"))[1:]:  # [0]: front itself
            if (el.tag == f"{_X}ol" and len(el) == 0) or (keep.start > 0 and el.tag != f"{_X}ol"):
                _drop(el)  # emptied lists; a later piece's contents heading and editorial note
        body.append(front)
        if keep.stop == count:
            self._end(body)
        # Numbers written in, instead of target-counter (the articles are in other documents). The
        # placeholder render only counts pages: one dot stands for the dot leader, which starts as
        # one dot and is widened to fill the line once the line is laid out, and costs a text box
        # per dot drawn (two thirds of the time of 1,000 contents entries).
        leader = 'leader(".")' if numbers is not None else '"."'
        css = (f"@page {{ {_none(_BOTTOM)} }}\n"
               f'nav.toc a.toc-link::after {{ content: {leader} " " attr(data-page); }}')
        if keep.start > 0:
            css += f"\nhtml {{ break-before: {side}; }}"
        return self._layout(self._source(body), css)

    def part(self, slices: list[Slice], last: bool) -> Layout:
        plan = self.plan

        def article(entry: Entry) -> etree._Element:

            return article_element(entry, plan.resolutions)

        body = html.body_element(plan.bulletin)
        # Not empty: a forced break at the very top of a document is ignored.
        body.append(_empty({"class": "portalconv-part-lead", "style": "height: 1px"}))
        for n, section, entries, opening in slices:
            body.append(html.section_element(n, section, entries, article, opening))
        if not last:
            self._end(body)
        css = f"@page {{ {_none(_BOTTOM)} }}"
        if self.right:
            css += "\nhtml { break-before: left; }"  # the lead page: a left-hand one
        return self._layout(self._source(body), css)

    def side(self, index: int) -> str:
        """The side of the bulletin's page ``index`` (0-based): the first is a right-hand page
        left to right, a left-hand one right to left, as WeasyPrint starts a document."""
        first_right = self.ltr
        return "right" if (index % 2 == 0) == first_right else "left"

    def numbers(self, kinds: Sequence[tuple[str, bool]], start: int, total: int) -> Layout:
        """Empty pages ``start``… (0-based) of the bulletin, one per ``(name, blank)``, printing only
        their page numbers (and ``total`` for ``counter(pages)``, when ``needs_total``)."""
        body = html.body_element(self.plan.bulletin)
        for name, blank in kinds:
            page = BLANK if blank else (name or "auto")
            body.append(_empty({"class": "portalconv-number", "style": f"page: {page}"}))
        css = "\n".join((
            f"@page {{ {_none(_OTHER_BOXES)} }}",
            f"@page {BLANK} {{ {_none(_BOTTOM)} }}",
            f"@page :first {{ counter-reset: page {start + 1}; }}",
            f"html {{ break-before: {self.side(start)}; }}",
            ".portalconv-number + .portalconv-number { break-before: page; }",
        ))

        plan = self.plan
        numbers_css = page_css(plan.bulletin, plan.options, plan.geometry, total if self.needs_total else None)
        return self._layout(self._source(body), css, page_css=numbers_css, marks=False)


def _kept(piece: Piece, lead: bool, end: bool) -> range:
    """The pages of ``piece`` that go into the bulletin: without its lead and end marker pages."""
    return range(1 if lead else 0, len(piece.pages) - (1 if end else 0))


def _warnings(pieces: Iterator[Piece]) -> list[Diagnostic]:
    seen: dict[Diagnostic, None] = {}
    for piece in pieces:
        seen.update(dict.fromkeys(piece.warnings))
    return list(seen)


CUT_FROM = 8  # contents pages from which the front matter is rendered in two pieces


def _cut(bulletin: Bulletin, placeholder: Piece) -> tuple[int, int] | None:
    """Where the front matter's final render is cut in two, so that both workers share it: (index of
    the first entry of the second piece, the page it starts): the first entry at the top of a page
    from the middle of the contents on, not the first of a section (whose heading may end the page
    before). None for a short contents."""
    entries = list(bulletin.entries())
    pages = [placeholder.anchors[e.anchor] for e in entries]
    if pages[-1] - pages[0] < CUT_FROM:
        return None
    firsts, at = set(), 0
    for section in bulletin.sections:
        if section.heading:
            firsts.add(at)
        at += len(section.entries)
    middle = (pages[0] + pages[-1]) // 2
    for i in range(1, len(entries)):
        if pages[i] >= middle and pages[i] > pages[i - 1] and i not in firsts:
            return i, pages[i]
    return None


def _same_pages(placeholder: Piece, kept: range, pieces: list[tuple[Piece, range]], page: int) -> bool:
    """Whether the two pieces of the front matter put every page and contents entry where the
    placeholder render did."""
    (first, first_kept), (second, second_kept) = pieces
    if len(first_kept) != page or len(first_kept) + len(second_kept) != len(kept):
        return False
    anchors = {**first.anchors, **{name: page + index for name, index in second.anchors.items()}}
    return anchors == placeholder.anchors


def _kinds(piece: Piece, kept: range) -> list[tuple[str, bool]]:
    return [(piece.pages[i].name, piece.pages[i].blank) for i in kept]


def build(plan: Plan) -> tuple[bytes, list[Diagnostic]] | None:
    """The bulletin rendered in parts and joined, with the warnings; None when the front matter
    would not settle on a page count (the caller then renders it in one piece).

    The parts are handed out one at a time (one waiting besides those rendering), so that the
    page numbers of the parts already placed (once the front matter's first render and every part
    before them are back) are rendered between parts rather than all at the end.
    """

    docs = _Documents(plan)
    groups = split(plan.bulletin, plan.part_size)
    last = len(groups) - 1
    count = sum(len(s.entries) for s in plan.bulletin.sections)
    width = len(str(count * 3))  # placeholder digits: articles take two or three pages each
    workers = min(WORKERS, len(groups) + 1, os.cpu_count() or 1)
    parts: list[Piece | None] = [None] * len(groups)
    ranges: list[range] = []  # of the parts placed so far, in order
    kinds: list[tuple[str, bool]] = []  # of the body pages placed so far
    sheets: list[tuple[int, Future[Piece]]] = []  # numbers documents, by first page index
    with Workers(workers) as pool:
        first = pool.submit("render", docs.front(None, width))
        waiting: dict[Future[Piece], int] = {}
        queue = list(range(len(groups)))
        front: Piece | None = None
        numbered = 0  # body pages whose numbers are on their way
        while queue or waiting or front is None:
            while queue and len(waiting) < workers + 1:
                index = queue.pop(0)
                waiting[pool.submit("render", docs.part(groups[index], index == last))] = index
            done, _ = wait([*waiting, *([first] if front is None else [])], return_when=FIRST_COMPLETED)
            for future in done:
                if future is first:
                    front = first.result()
                else:
                    index = waiting.pop(future)
                    parts[index] = future.result()
            while len(ranges) < len(parts) and (piece := parts[len(ranges)]) is not None:
                ranges.append(_kept(piece, True, docs.right and len(ranges) < last))
                kinds += _kinds(piece, ranges[-1])
            if front is not None and not docs.needs_total and len(kinds) - numbered >= NUMBER_PAGES // 2:
                offset = len(_kept(front, False, docs.right))
                layout = docs.numbers(kinds[numbered:], offset + numbered, 0)
                sheets.append((offset + numbered, pool.submit("render", layout)))
                numbered = len(kinds)
        placed = [p for p in parts if p is not None]
        for _ in range(TRIES):
            front_range = _kept(front, False, docs.right)
            offsets, at = [], len(front_range)
            for r in ranges:
                offsets.append(at)
                at += len(r)
            total = at
            numbers = {name: offset + index - r.start + 1
                       for p, r, offset in zip(placed, ranges, offsets, strict=True)
                       for name, index in p.anchors.items()}
            cut = _cut(plan.bulletin, front)
            if cut is None:
                halves = [pool.submit("render", docs.front(numbers, width))]
            else:
                entries, page = cut
                halves = [pool.submit("render", docs.front(numbers, width, range(entries))),
                          pool.submit("render", docs.front(numbers, width, range(entries, count), docs.side(page)))]
            everything = _kinds(front, front_range) + kinds
            # What is not numbered yet: the front matter's pages, the rest of the body's.
            todo = [(0, len(front_range))] + ([(len(front_range) + numbered, total)] if numbered < len(kinds) else [])
            more = [(start, pool.submit("render", docs.numbers(everything[start:min(stop, start + NUMBER_PAGES)],
                                                               start, total)))
                    for begin, stop in todo for start in range(begin, stop, NUMBER_PAGES)]
            finals = [f.result() for f in halves]
            if cut is not None:
                first_half, second_half = finals
                front_pieces = [(first_half, range(len(first_half.pages))),
                                (second_half, _kept(second_half, False, docs.right))]
                if not _same_pages(front, front_range, front_pieces, cut[1]):
                    # Not laid out as the placeholder was: the front matter in one piece after all.
                    whole = pool.submit("render", docs.front(numbers, width)).result()
                    finals = [whole]
            if len(finals) == 1:
                front_pieces = [(finals[0], _kept(finals[0], False, docs.right))]
            laid_out = [k for piece, r in front_pieces for k in _kinds(piece, r)]
            if laid_out == _kinds(front, front_range):
                break
            # The contents took more or fewer pages with their real numbers: every page moves.
            front = finals[0] if len(finals) == 1 else pool.submit("render", docs.front(numbers, width)).result()
            numbered = 0
            sheets = []
        else:
            return None
        rendered = [(start, f.result()) for start, f in [*sheets, *more]]
    expected = [docs.side(i) for i in range(total)]
    pieces = [*front_pieces, *zip(placed, ranges, strict=True)]
    actual = [piece.pages[i].side for piece, r in pieces for i in r]
    if plan.options.mirrored and actual != expected:
        return None  # a part landed on the wrong side: never expected, but never printed wrong either
    data = stitch(Joined(pieces, rendered, plan.identifier, total))
    return data, _warnings(iter([*(p for p, _ in front_pieces), *placed, *(s for _, s in rendered)]))
