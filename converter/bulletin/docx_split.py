"""Measuring a large DOCX bulletin's pages in parts, two LibreOffice processes at a time.

LibreOffice lays a document out on one core, and its time grows faster than the page count
(~30 s for 770 pages, ~220 s for 2,550), while the PDF bulletin renders on both cores. So above
``PART_ARTICLES`` articles the composed document is cut, at article boundaries, into documents
of ``PART_ARTICLES`` articles each, laid out by two LibreOffice processes side by side:

- every article opens a Word section on a new (with ``--start-on right``, a right-hand) page, so
  its pages do not depend on what comes before it, only their numbers do;
- each piece also holds the first article of the next piece, whose first page (measured in
  context, after the end of this piece's last article) is where the next piece starts; a piece
  then lays out its own articles from its page 1, and its numbers are shifted to where it starts;
- the first piece holds the cover and the contents (the page count of the contents does not
  depend on its numbers, which keep one width: ``docx_parts.page_number``);
- the first section of a later piece gets the header its group had (in the whole document it
  continues the previous section's), so that its pages are laid out under the same header.

Without ``--start-on right`` a piece starting on a left-hand page would be laid out as a
right-hand one; that only matters with mirrored margins (``--duplex``), which then measure the
whole document at once.
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

from docx.oxml.ns import qn
from lxml import etree

from ..records import dataclass

PART_ARTICLES = 100  # articles per piece laid out at once
LAYOUTS_AT_ONCE = 2  # LibreOffice processes side by side (each takes one core)

# (docx bytes, bookmarks) → the page of each bookmark, or None when LibreOffice fails
Measure = Callable[[bytes, Sequence[str]], dict[str, int] | None]


@dataclass(frozen=True, slots=True)
class Skeleton:
    """Where each article is in the composed document's body (``w:body`` children).

    ``closes[k]`` is the index of the paragraph whose ``w:sectPr`` ends the section before
    article k (article k's elements follow it, up to and including ``closes[k + 1]``, or
    ``end`` for the last article); ``bookmarks[k]`` the bookmarks article k holds, in document
    order (its group's, then its own); ``headers[k]`` the ``w:headerReference`` in force for it.
    """

    closes: tuple[int, ...]
    end: int
    bookmarks: tuple[tuple[str, ...], ...]
    headers: tuple[etree._Element | None, ...]
    footers: tuple[etree._Element, ...] = ()  # the page-number footer every section inherits


def wanted(articles: int, start_on_right: bool, mirrored: bool) -> bool:
    return articles > PART_ARTICLES and (start_on_right or not mirrored)


def pieces(count: int) -> list[range]:
    """Consecutive ranges of at most ``PART_ARTICLES`` article indexes covering ``count``."""
    return [range(a, min(a + PART_ARTICLES, count)) for a in range(0, count, PART_ARTICLES)]


def piece_documents(data: bytes, skeleton: Skeleton, parts: Sequence[range]) -> Iterator[bytes]:
    """For each part, the document with the body cut down to its articles and the first of the
    next part (the first part also keeps the cover and contents before them).

    The document is parsed once and its body's children are lent to one piece at a time: a
    1,000-article body parsed per piece, two at once, doubled the build's peak memory.
    """
    count = len(skeleton.closes)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        root = etree.fromstring(source.read("word/document.xml"))
        body = root.find(qn("w:body"))
        assert body is not None, "a composed document has a body"
        children = list(body)
        for child in children:
            body.remove(child)
        entries = [(info, None if info.filename == "word/document.xml" else source.read(info))
                   for info in source.infolist()]
        for part in parts:
            last = min(part.stop, count - 1)  # the next part's first article, if there is one
            first = 0 if part.start == 0 else skeleton.closes[part.start] + 1
            stop = (skeleton.closes[last + 1] if last + 1 < count else skeleton.end) + 1
            kept = [*children[first:stop], children[-1]]  # the body's own w:sectPr stays last
            for child in kept:
                body.append(child)
            if part.start > 0:
                # Its header and footers, which later pieces never hold again.
                closing = kept[(skeleton.closes[part.start + 1] if part.start + 1 < count else skeleton.end) - first]
                _inherit(closing, skeleton.headers[part.start], skeleton.footers)
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w") as target:
                for info, content in entries:
                    target.writestr(info, content if content is not None else
                                    etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
            for child in kept:
                body.remove(child)
            yield out.getvalue()


def _inherit(closing: etree._Element, header: etree._Element | None, footers: Sequence[etree._Element]) -> None:
    """The section that ``closing`` ends gets the header and footers it inherits in the whole
    document (a piece's first section has no section before it to inherit from): a missing
    footer leaves LibreOffice a taller text area, and the pages come out differently."""
    sect_pr = closing.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
    if sect_pr is None:
        return
    for reference in (*([header] if header is not None else []), *footers):
        kind = (reference.tag, reference.get(qn("w:type")))
        if not any((r.tag, r.get(qn("w:type"))) == kind for r in sect_pr):
            sect_pr.insert(0, copy.deepcopy(reference))  # references come first in w:sectPr


def measure_in_parts(data: bytes, skeleton: Skeleton, measure: Measure) -> dict[str, int] | None:
    """Every bookmark's page in the whole document, from its pieces laid out side by side; None
    when a layout fails."""
    parts = pieces(len(skeleton.closes))
    count = len(skeleton.closes)

    def names(part: range) -> list[str]:
        found = [b for k in part for b in skeleton.bookmarks[k]]
        if part.stop < count and skeleton.bookmarks[part.stop]:
            found.append(skeleton.bookmarks[part.stop][0])  # where the next part starts
        return found

    with ThreadPoolExecutor(max_workers=LAYOUTS_AT_ONCE, thread_name_prefix="portalconv-layout") as pool:
        # Pieces are cut here, one after the other, while the first ones are being laid out.
        jobs = [pool.submit(measure, piece, names(part))
                for part, piece in zip(parts, piece_documents(data, skeleton, parts), strict=True)]
        measured = [job.result() for job in jobs]
    return combine(parts, measured, skeleton.bookmarks)


def combine(parts: Sequence[range], measured: Sequence[Mapping[str, int] | None],
            bookmarks: Sequence[tuple[str, ...]]) -> dict[str, int] | None:
    """Each piece's pages shifted to where it starts: the first piece's are the document's; a
    later piece starts where the piece before it measured its first article."""
    pages: dict[str, int] = {}
    for part, found in zip(parts, measured, strict=True):
        if found is None:
            return None
        shift = 0
        if part.start > 0:
            anchor = bookmarks[part.start][0] if bookmarks[part.start] else None
            if anchor is None or anchor not in pages or anchor not in found:
                return None  # nothing places this piece
            shift = pages[anchor] - found[anchor]
        for name, page in found.items():  # its own articles, and where the next piece starts
            pages[name] = page + shift
    return pages
