"""A bulletin rendered in parts (``bulletin/parts.py``) against the same bulletin rendered in one piece.

The samples make a bulletin small enough for one render; ``build(..., part_size=3)`` renders it
in parts of three articles anyway (sections then continue across parts). The one-piece render is
the reference: same pages, the same text on each (running heads and page numbers included), the
same outline, links, boxes, printer's marks and metadata. Two layouts: grouped, right-hand starts,
bleed and crop marks (mirrored page numbers); and single-sided A5 ("Page N of M") with the samples
twice, whose contents are long enough to be rendered in two pieces.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from bulletin_support import front, sample_items, squash, words
from pdfprobe import needs_poppler, needs_qpdf, page_texts, qpdf_check

from converter.bulletin import parts as parts_module
from converter.bulletin.assemble import assemble
from converter.bulletin.command import page_counts
from converter.bulletin.config import BulletinOptions
from converter.bulletin.model import Bulletin
from converter.bulletin.parts import split
from converter.bulletin.pdf import build
from converter.writers.pdf.marks import marks_stream

pytestmark = needs_poppler
MAIN = BulletinOptions(order="date", group_by="category", start_on="right", bleed="3mm", marks=("crop",))
PLAIN = BulletinOptions(paper="A5")


def _pair(options: BulletinOptions, folder: Path) -> dict[str, Any]:
    # Plain: the samples twice, so that the A5 contents take two pages and are rendered in two
    # pieces (CUT_FROM), as a long bulletin's are.
    bulletin = assemble(sample_items() * (2 if options is PLAIN else 1), front(), options)
    one, one_warnings = build(bulletin, options)
    parts, parts_warnings = build(bulletin, options, part_size=3)
    (folder / "one.pdf").write_bytes(one)
    (folder / "parts.pdf").write_bytes(parts)
    return {"bulletin": bulletin, "options": options, "one": one, "parts": parts, "folder": folder,
            "warnings": (one_warnings, parts_warnings)}


@pytest.fixture(scope="module", params=["main", "plain"])
def pair(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    options = MAIN if request.param == "main" else PLAIN
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parts_module, "CUT_FROM", 1)
        return _pair(options, tmp_path_factory.mktemp(request.param))


def _outline(data: bytes) -> list[tuple[int, str, int, tuple[float, ...]]]:
    """(depth, title, page index, destination coordinates) of every outline item, in order."""
    pdf = pikepdf.open(io.BytesIO(data))
    index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    out: list[tuple[int, str, int, tuple[float, ...]]] = []

    def walk(items: Any, depth: int) -> None:
        for item in items:
            dest = item.destination
            out.append((depth, item.title, index[dest[0].objgen], tuple(round(float(v), 2) for v in dest[2:4])))
            walk(item.children, depth + 1)

    with pdf.open_outline() as outline:
        walk(outline.root, 0)
    return out


def _links(data: bytes) -> list[tuple[int, str, int]]:
    """(page, destination name, page it resolves to) of every internal link, in page order."""
    pdf = pikepdf.open(io.BytesIO(data))
    index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    flat = list(pdf.Root.Names.Dests.Names)
    names = {str(flat[i]): index[flat[i + 1][0].objgen] for i in range(0, len(flat), 2)}
    return [(i, str(a.Dest), names[str(a.Dest)]) for i, page in enumerate(pdf.pages)
            for a in page.obj.get("/Annots", []) if "/Dest" in a]


def test_the_parts_have_the_same_pages_with_the_same_text(pair: dict[str, Any]) -> None:
    one, parts = page_texts(pair["folder"] / "one.pdf"), page_texts(pair["folder"] / "parts.pdf")
    assert len(parts) == len(one) > 2 * len(list(pair["bulletin"].entries()))
    for n, (a, b) in enumerate(zip(one, parts, strict=True), 1):
        assert squash(b) == squash(a), f"page {n} differs"
    assert page_counts(pair["parts"]) == page_counts(pair["one"])  # the blank pages too


def test_page_numbers_are_printed_where_the_one_piece_render_prints_them(pair: dict[str, Any]) -> None:
    texts = page_texts(pair["folder"] / "parts.pdf")
    total = len(texts)
    numbered = 0
    for n, text in enumerate(texts, 1):
        lines = [squash(line) for line in text.splitlines() if line.strip()]
        if pair["options"] is PLAIN:
            numbered += f"Trang {n} / {total}" in lines or f"Page {n} of {total}" in lines
        else:
            numbered += str(n) in lines
    assert numbered > total // 2


def test_the_outline_is_the_same(pair: dict[str, Any]) -> None:
    outline = _outline(pair["parts"])
    assert outline == _outline(pair["one"])
    titles = {e.article.metadata.title for e in pair["bulletin"].entries()}
    assert titles <= {title for _, title, _, _ in outline}


def test_every_contents_link_reaches_its_article_and_the_number_is_that_page(pair: dict[str, Any]) -> None:
    links = _links(pair["parts"])
    assert links == _links(pair["one"])
    texts = page_texts(pair["folder"] / "parts.pdf")
    bulletin: Bulletin = pair["bulletin"]
    targets = {name: page for _, name, page in links}
    contents = "\n".join(texts[:targets["article-1"]])
    printed = [int(m.group(1)) for m in re.finditer(r"\.{3,}\s*(\d+)\s*$", contents, re.MULTILINE)]
    assert printed == [targets[e.anchor] + 1 for e in bulletin.entries()]
    for entry in bulletin.entries():
        assert words(entry.article.metadata.title)[:40] in words(texts[targets[entry.anchor]])


def test_boxes_and_printers_marks_as_in_one_piece(pair: dict[str, Any]) -> None:
    one_pdf, parts_pdf = pikepdf.open(io.BytesIO(pair["one"])), pikepdf.open(io.BytesIO(pair["parts"]))
    one, parts = list(one_pdf.pages), list(parts_pdf.pages)
    for a, b in zip(one, parts, strict=True):
        for box in ("/MediaBox", "/TrimBox", "/BleedBox"):
            assert [float(v) for v in b.obj[box]] == [float(v) for v in a.obj[box]]
    if pair["options"] is MAIN:
        for page in parts:
            trim = tuple(float(v) for v in page.obj.TrimBox)
            bleed = trim[0] - float(page.obj.BleedBox[0])
            assert marks_stream(trim, bleed, ("crop",)) in b"".join(
                c.read_bytes() for c in ([page.obj.Contents] if isinstance(page.obj.Contents, pikepdf.Stream)
                                         else page.obj.Contents))


def test_metadata_identifier_and_photos_as_in_one_piece(pair: dict[str, Any]) -> None:
    one, parts = pikepdf.open(io.BytesIO(pair["one"])), pikepdf.open(io.BytesIO(pair["parts"]))
    assert dict(parts.docinfo) == dict(one.docinfo)
    assert parts.Root.Metadata.read_bytes() == one.Root.Metadata.read_bytes()
    assert bytes(parts.trailer.ID[0]) == bytes(one.trailer.ID[0])
    assert str(parts.Root.Lang) == str(one.Root.Lang)

    def images(pdf: pikepdf.Pdf) -> int:
        return len({o.objgen for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"})

    assert images(parts) == images(one)  # each part embedded the photos it shows; each is kept once
    assert pair["warnings"] == ([], [])


def test_the_parts_render_is_reproducible(pair: dict[str, Any]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parts_module, "CUT_FROM", 1)
        assert build(pair["bulletin"], pair["options"], part_size=3)[0] == pair["parts"]


@needs_qpdf
def test_qpdf_finds_the_joined_bulletin_sound(pair: dict[str, Any]) -> None:
    result = qpdf_check(pair["folder"] / "parts.pdf")
    assert result.returncode == 0 and "No syntax or stream encoding errors" in result.stdout, result.stdout


def test_a_pdf_standard_bulletin_is_rendered_in_one_piece() -> None:
    options = BulletinOptions(start_on="right", pdf_standard="pdf/ua-1")
    bulletin = assemble(sample_items()[:3], front(), options)
    data = build(bulletin, options, part_size=1)[0]
    assert data == build(bulletin, options)[0]
    assert "/StructTreeRoot" in pikepdf.open(io.BytesIO(data)).Root  # one structure tree


def test_articles_are_split_at_article_boundaries_and_sections_continue() -> None:
    bulletin = assemble(sample_items(), front(), MAIN)
    parts = split(bulletin, 3)
    assert [len(e) for part in parts for _, _, e, _ in part] and all(
        sum(len(e) for _, _, e, _ in part) == 3 for part in parts[:-1])
    flat = [(n, entry) for part in parts for n, _, entries, _ in part for entry in entries]
    assert [entry for _, entry in flat] == list(bulletin.entries())
    opened = [n for part in parts for n, _, _, opening in part if opening]
    assert opened == list(range(1, len(bulletin.sections) + 1))  # each section opened once, in order


def test_pages_read_by_the_workers_give_what_reading_them_here_gives(monkeypatch: pytest.MonkeyPatch,
                                                                     tmp_path: Path) -> None:
    from bulletin_support import SAMPLES

    from converter.bulletin import assemble as assemble_module
    from converter.bulletin.assemble import read_articles

    listing = tmp_path / "listing.html"
    listing.write_text("<html><body><ul><li><a href='a'>a</a></li></ul></body></html>", encoding="utf-8")
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    paths = [*sorted(SAMPLES.glob("*.html"))[:4], listing, empty]
    here = read_articles(paths)
    monkeypatch.setattr(assemble_module, "READ_IN_WORKERS_FROM", 2)
    assert read_articles(paths) == here
    assert {w.code for w in here[1]} >= {"not-an-article", "unreadable-page"}
