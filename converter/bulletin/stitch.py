"""Join the documents of a bulletin rendered in parts (``parts``) into one PDF, with pikepdf (qpdf).

The front matter's PDF is the base: its ``/Info``, XMP packet, language and ``/ID`` are the
bulletin's, as the single render writes them. Then:

- the kept pages of each part are appended (the lead and end marker pages left out);
- each page number sheet is laid over its page (a form XObject placed on the TrimBox, which the
  printer's marks leave where WeasyPrint put it);
- the named destinations of every part are joined into one name tree, so the links of the
  contents (``/Dest (article-n)``, as WeasyPrint writes internal links) and those inside articles
  reach their pages; the front matter's own ``article-n`` entries (on its contents lines, where
  its links had to point while it was rendered alone) are replaced by the articles';
- the outline is rebuilt from every page's bookmarks with WeasyPrint's own nesting rules, so a
  section continued from one part into the next keeps its articles under it;
- a photo the parts each embedded is kept once (same bytes, same dictionary).

The ``/ID`` keeps its first half (the content digest of ``pdf.identifier``); qpdf derives the
second from the written bytes, so the file is the same on every run.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Sequence
from typing import Any

from ..diagnostics import Diagnostic
from ..patterns import compiled
from ..records import dataclass


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What the assembly needs to know of one laid-out page."""

    name: str  # its @page name: "cover", "front", "" for an article page
    blank: bool  # left blank by a break before a right-hand page
    side: str  # "left" or "right"
    bookmarks: tuple[tuple[int, str, float, float, str], ...]  # level, label, x, y (PDF points), state


@dataclass(frozen=True, slots=True)
class Piece:
    """One document rendered by ``parts``: its PDF, warnings, pages, and the page index of each article
    and section."""

    data: bytes
    warnings: tuple[Diagnostic, ...]
    pages: tuple[PageFacts, ...]
    anchors: dict[str, int]


_PAINTS = compiled(rb"\b(?:BT|Do|sh)\b")


@dataclass(frozen=True, slots=True)
class Joined:
    """The documents in page order, each with the range of its pages that go in; the number sheets."""

    pieces: Sequence[tuple[Piece, range]]
    sheets: Sequence[tuple[int, Piece]]  # (first page index, the numbers document)
    identifier: bytes
    total: int


def _names(pdf: Any) -> list[tuple[str, Any]]:
    """The (name, destination) pairs of a WeasyPrint PDF's ``/Dests`` name tree (one flat array)."""
    import pikepdf

    names = pdf.Root.get("/Names")
    dests = names.get("/Dests") if names is not None else None
    if dests is None:
        return []
    flat = list(dests.get("/Names", pikepdf.Array()))
    return [(str(flat[i]), flat[i + 1]) for i in range(0, len(flat) - 1, 2)]


def _image_key(image: Any, keys: dict[tuple[int, int], bytes]) -> bytes:
    """The identity of an image stream: its dictionary (a soft mask by its own identity) and bytes."""
    import pikepdf

    found = keys.get(image.objgen)
    if found is not None:
        return found
    h = hashlib.sha256(image.read_raw_bytes())
    for key in sorted(k for k in image.keys() if k != "/Length"):  # noqa: SIM118 - pikepdf Dictionary
        value = image[key]
        if key == "/SMask" and isinstance(value, pikepdf.Stream):
            h.update(b"SMask" + _image_key(value, keys))
        else:
            h.update(key.encode() + repr(value).encode())
    keys[image.objgen] = h.digest()
    return keys[image.objgen]


def _one_of_each_image(pdf: Any) -> None:
    """Point every resource dictionary at one copy of each distinct image."""
    import pikepdf

    keys: dict[tuple[int, int], bytes] = {}
    first: dict[bytes, Any] = {}
    done: set[tuple[int, int]] = set()
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        xobjects = resources.get("/XObject") if resources is not None else None
        if xobjects is None or (resources.is_indirect and resources.objgen in done):
            continue
        if resources.is_indirect:
            done.add(resources.objgen)
        for name in list(xobjects.keys()):
            image = xobjects[name]
            if not (isinstance(image, pikepdf.Stream) and image.get("/Subtype") == "/Image"):
                continue
            kept = first.setdefault(_image_key(image, keys), image)
            if kept.objgen != image.objgen:
                xobjects[name] = kept


def _tree(bookmarks: list[tuple[int, int, str, float, float, str]]) -> list[Any]:
    """(page, level, label, x, y, state) in document order as a tree of (label, (page, x, y),
    children, state): WeasyPrint's ``make_page_bookmark_tree`` (anchors.py, version 70) for a whole
    document, so that the parts' outline nests as the single render's does (a skipped level, an
    ``<h3>`` under an ``<h1>``, is one level deeper, not two)."""
    root: list[Any] = []
    skipped: list[int] = []  # per output depth, how many source levels it skips
    last_by_depth: list[list[Any]] = [root]
    previous = 0
    for page, level, label, x, y, state in bookmarks:
        if level > previous:
            skipped.append(level - previous - 1)
        else:
            temp = level
            while temp < previous:
                temp += 1 + skipped.pop()
            if temp > previous:
                skipped.append(temp - previous - 1)
        previous = level
        depth = level - sum(skipped)
        children: list[Any] = []
        last_by_depth[depth - 1].append((label, (page, x, y), children, state))
        del last_by_depth[depth:]
        last_by_depth.append(children)
    return root


def _outline(pdf: Any, joined: Joined) -> None:
    """The outline of every page's bookmarks, nested as WeasyPrint nests one document's."""
    import pikepdf

    marks = []
    number = 0
    for piece, kept in joined.pieces:
        for i in kept:
            marks += [(number, *mark) for mark in piece.pages[i].bookmarks]
            number += 1
    root = _tree(marks)

    def items(tree: list[Any]) -> list[pikepdf.OutlineItem]:
        out = []
        for label, (page, x, y), children, state in tree:
            item = pikepdf.OutlineItem(label, page, "XYZ", left=x, top=y, zoom=0)
            item.children.extend(items(children))
            item.is_closed = state == "closed"
            out.append(item)
        return out

    if "/Outlines" in pdf.Root:
        del pdf.Root["/Outlines"]
    with pdf.open_outline() as outline:
        outline.root.extend(items(root))


def _overlay(page: Any, form: Any, number: int) -> None:
    """Draw ``form`` over ``page``, its box on the page's TrimBox: pikepdf's ``add_overlay`` with a
    name of our own (it picks a random one, and the file would differ on every run). The pages of
    a part share one resource dictionary, so the name says which page it is for."""
    import pikepdf

    name = page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(f"/PortalconvPageNumber{number}"))
    placement = page.calc_form_xobject_placement(form, name, pikepdf.Rectangle(page.trimbox))
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(b"Q\n" + placement, prepend=False)
    page.contents_coalesce()


def stitch(joined: Joined) -> bytes:
    """The joined PDF's bytes."""
    import pikepdf

    (front, front_kept), *parts = joined.pieces
    pdf = pikepdf.open(io.BytesIO(front.data))
    opened = []  # qpdf copies foreign streams when it writes: the sources stay open until then
    for index in range(len(pdf.pages) - 1, front_kept.stop - 1, -1):
        del pdf.pages[index]
    # Destinations by name: the front matter's first, then the articles' (which replace its own).
    dests: dict[str, Any] = {}
    front_pages = {pdf.pages[i].obj.objgen: i for i in front_kept}
    for name, dest in _names(pdf):
        if isinstance(dest, pikepdf.Array) and len(dest) and dest[0].objgen in front_pages:
            dests[name] = dest
    for piece, kept in parts:
        source = pikepdf.open(io.BytesIO(piece.data))
        opened.append(source)
        at = len(pdf.pages)
        where = {source.pages[i].obj.objgen: at + n for n, i in enumerate(kept)}
        with warnings.catch_warnings():
            # pikepdf (10) warns that named destinations are not carried over: they are, below.
            warnings.simplefilter("ignore", getattr(pikepdf, "PageCopyWarning", UserWarning))
            pdf.pages.extend(source.pages[i] for i in kept)
        for name, dest in _names(source):
            target = where.get(dest[0].objgen) if isinstance(dest, pikepdf.Array) and len(dest) else None
            if target is not None:
                dests[name] = pikepdf.Array([pdf.pages[target].obj, *list(dest)[1:]])
    if len(pdf.pages) != joined.total:
        raise AssertionError(f"joined {len(pdf.pages)} pages, expected {joined.total}")
    for start, sheet in joined.sheets:
        numbers = pikepdf.open(io.BytesIO(sheet.data))
        opened.append(numbers)
        for n, page in enumerate(numbers.pages):
            if _PAINTS.search(page.obj.Contents.read_bytes()):
                _overlay(pdf.pages[start + n], pdf.copy_foreign(page.as_form_xobject()), start + n + 1)
    flat = pikepdf.Array()
    for name in sorted(dests):
        flat.append(pikepdf.String(name))
        flat.append(dests[name])
    names = pdf.Root.get("/Names")
    if names is None:
        pdf.Root.Names = names = pikepdf.Dictionary()
    names.Dests = pdf.make_indirect(pikepdf.Dictionary(Names=flat))
    _outline(pdf, joined)
    _one_of_each_image(pdf)
    out = io.BytesIO()
    # fix_metadata_version=False: pikepdf would rewrite the XMP packet (to state the PDF version).
    pdf.save(out, deterministic_id=True, compress_streams=True, fix_metadata_version=False,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for source in opened:
        source.close()
    pdf.close()
    return out.getvalue()
