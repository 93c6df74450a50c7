"""PDF bulletins from the samples and corpus articles: cover, contents numbers, order, metadata, print boxes.

Three renders: the main bulletin (every sample and corpus article, by date, grouped by category,
each article on a right-hand page, 3 mm bleed with crop marks), a plain A5 one (given order, no
grouping, duplex margins) and a one-article PDF/X-4, rendered twice for reproducibility.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from bulletin_support import corpus_items, front, sample_items, squash, words
from factories import icc_profile
from pdfprobe import PT_PER_MM, font_rows, needs_poppler, page_texts

from converter.bulletin.assemble import assemble
from converter.bulletin.config import BulletinOptions
from converter.bulletin.html import meta_line
from converter.bulletin.model import Bulletin
from converter.bulletin.pdf import build
from converter.errors import InputError
from converter.labels import label
from converter.walk import figures, numbered, plain_text
from converter.writers.pdf.marks import SLUG

pytestmark = needs_poppler
MAIN = BulletinOptions(order="date", group_by="category", start_on="right", bleed="3mm", marks=("crop",))
PLAIN = BulletinOptions(paper="A5", duplex=True)
A4 = (595.276, 841.89)
A5 = (419.528, 595.276)


def _render(bulletin: Bulletin, options: BulletinOptions, path: Path) -> dict[str, Any]:
    data, warnings = build(bulletin, options)
    path.write_bytes(data)
    return {"bulletin": bulletin, "path": path, "texts": page_texts(path), "warnings": warnings, "bytes": data}


@pytest.fixture(scope="module")
def main(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    bulletin = assemble(sample_items() + corpus_items(), front(), MAIN)
    return _render(bulletin, MAIN, tmp_path_factory.mktemp("bulletin") / "main.pdf")


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    bulletin = assemble(sample_items(), front(), PLAIN)
    return _render(bulletin, PLAIN, tmp_path_factory.mktemp("bulletin") / "plain.pdf")


def toc_numbers(result: dict[str, Any]) -> list[tuple[str, int]]:
    """(entry text, page number) of each contents entry: a title ending in a leader and a number."""
    texts, bulletin = result["texts"], result["bulletin"]
    # Lines that end an entry's text without being part of the next title.
    resets = {squash(meta_line(e)) for e in bulletin.entries()} | {s.heading.upper() for s in bulletin.sections}
    start = next(i for i, t in enumerate(texts) if "Mục lục" in t)
    entries: list[tuple[str, int]] = []
    pending: list[str] = []
    for text in texts[start:]:
        lines = text.splitlines()
        if not entries:
            lines = lines[next(i for i, line in enumerate(lines) if "Mục lục" in line) + 1:]
        for line in lines:
            clean = squash(line.replace("\u202b", "").replace("\u202c", ""))
            match = re.match(r"^(.*?)\s*\.{3,}\s*(\d+)$", clean)
            if match:
                entries.append((squash(" ".join([*pending, match.group(1)])), int(match.group(2))))
                pending = []
            elif not clean or clean in resets or clean.upper() in resets or clean.isdigit():
                pending = []
            else:
                pending.append(clean)
        if len(entries) == sum(1 for _ in bulletin.entries()):
            return entries
    raise AssertionError(f"found {len(entries)} contents entries")


def test_the_cover_names_title_subtitle_issue_date_and_publisher(main: dict[str, Any]) -> None:
    cover = squash(main["texts"][0])
    for text in ("Bản tin Công Thương", "Tin hoạt động trong tuần", "Số 12/2024 · 15/03/2024"):
        assert text in cover
    assert "SỞ CÔNG THƯƠNG TỈNH LÂM GIANG" in cover.upper()


def test_every_contents_number_is_the_page_where_that_article_starts(main: dict[str, Any]) -> None:
    bulletin, texts = main["bulletin"], main["texts"]
    entries = toc_numbers(main)
    titles = [e.article.metadata.title for e in bulletin.entries()]
    assert len(entries) == len(titles)
    for (shown, page), title in zip(entries, titles, strict=True):
        assert words(title).startswith(words(shown)[:30]) or words(shown).startswith(words(title)[:30])
        assert words(title)[:40] in words(texts[page - 1]), f"{title!r} is not on page {page}"
        assert page % 2 == 1, f"{title!r} starts on left-hand page {page} despite --start-on right"


def test_contents_follow_the_grouping_and_the_date_order(main: dict[str, Any]) -> None:
    bulletin = main["bulletin"]
    toc = squash("\n".join(t for t in main["texts"][:4]))
    headings = [s.heading for s in bulletin.sections]
    positions = [toc.upper().find(h.upper()) for h in headings]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    assert headings[-1] == "Tin khác" or all(e.article.metadata.category for e in bulletin.entries())
    for section in bulletin.sections:
        moments = [e.article.metadata.published for e in section.entries]
        values = [d.value for d in moments if d is not None and d.value is not None]
        assert values == sorted(values)


def test_each_contents_entry_has_its_metadata_line(main: dict[str, Any]) -> None:
    toc = squash("\n".join(main["texts"][:4]))
    for section in main["bulletin"].sections:
        for entry in section.entries:
            line = meta_line(entry, section)  # the category once, as the section's line
            if line and entry.language != "ar":
                assert squash(line) in toc


def test_each_article_page_shows_its_metadata_and_captions_numbered_through(main: dict[str, Any]) -> None:
    bulletin, texts = main["bulletin"], main["texts"]
    whole = words("".join(texts))
    number = 0
    for (_, page), entry in zip(toc_numbers(main), bulletin.entries(), strict=True):
        md = entry.article.metadata
        start = words(texts[page - 1])
        for value in (md.published.text if md.published else "", *md.authors, md.category):
            assert words(value) in start, f"{value!r} missing from the first page of {md.title!r}"
        if md.views is not None:
            assert words(f"{label('views', entry.language)}: {md.views}") in start
        for fig in filter(numbered, figures(entry.article.blocks)):  # only captioned figures get labels
            number += 1
            caption = words(f"{label('figure', entry.language)} {number}. {plain_text(fig.caption)}")
            assert caption[:60] in whole, f"caption {number} of {md.title!r}"


def test_bleed_and_trim_boxes_and_crop_marks(main: dict[str, Any]) -> None:
    bleed = 3 * PT_PER_MM
    with pikepdf.open(main["path"]) as pdf:
        for page in pdf.pages:
            media = [float(v) for v in page.MediaBox]
            trim = [float(v) for v in page.TrimBox]
            assert trim[2] - trim[0] == pytest.approx(A4[0], abs=0.5)
            assert trim[3] - trim[1] == pytest.approx(A4[1], abs=0.5)
            # The marks sit in a slug outside the bleed (writers.pdf.marks): MediaBox > BleedBox > TrimBox.
            assert media[2] - media[0] == pytest.approx(A4[0] + 2 * (bleed + SLUG), abs=0.5)
            box = [float(v) for v in page.BleedBox]
            assert box[2] - box[0] == pytest.approx(A4[0] + 2 * bleed, abs=0.5)
            assert media[0] < box[0] < trim[0] and media[2] > box[2] > trim[2]


def test_without_bleed_the_trim_box_is_the_page(plain: dict[str, Any]) -> None:
    with pikepdf.open(plain["path"]) as pdf:
        for page in pdf.pages:
            assert [float(v) for v in page.TrimBox] == pytest.approx([float(v) for v in page.MediaBox])
            assert float(page.MediaBox[2]) == pytest.approx(A5[0], abs=0.5)


def test_duplex_margins_mirror_on_left_and_right_pages(plain: dict[str, Any]) -> None:
    from pdfprobe import ink_box, rendered_pages

    images = rendered_pages(plain["path"], dpi=30)
    lefts = {i % 2: [] for i in range(2)}  # type: dict[int, list[int]]
    for n, image in enumerate(images[2:], 3):  # article pages; page n odd is a right-hand page
        box = ink_box(image)
        if box is not None:
            lefts[n % 2].append(box[0])
    # The text block sits further right on right-hand pages (wide inner margin on the left).
    assert min(lefts[1]) > min(lefts[0])


def test_plain_bulletin_keeps_the_given_order_on_new_pages(plain: dict[str, Any]) -> None:
    entries = toc_numbers(plain)
    assert [squash(t)[:20] for t, _ in entries] == [
        squash(e.article.metadata.title)[:20] for e in plain["bulletin"].entries()]
    pages = [p for _, p in entries]
    assert pages == sorted(pages) and len(set(pages)) == len(pages)


def test_the_same_photo_is_embedded_once(tmp_path: Path) -> None:
    items = [i for i in sample_items() if i[1].resources]
    bulletin = assemble(items + items, front(), BulletinOptions())
    data, _ = build(bulletin, BulletinOptions())
    path = tmp_path / "twice.pdf"
    path.write_bytes(data)
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    objects = [row[10] for row in rows if row[2] == "image"]  # the "object" column
    photos = sum(1 for _, a in items for fig in figures(a.blocks) if a.resource(fig.image.resource) is not None)
    assert len(objects) >= 2 * photos  # every photo painted in both copies of each article...
    assert len(set(objects)) <= len({r.key for _, a in items for r in a.resources}) + 1  # ...stored once (+ logo)


def test_fonts_are_embedded_and_metadata_is_the_bulletins(main: dict[str, Any]) -> None:
    assert all(row["emb"] == "yes" for row in font_rows(main["path"]))
    with pikepdf.open(main["path"]) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]) == "Bản tin Công Thương"
        assert str(info["/Author"]) == "Sở Công Thương tỉnh Lâm Giang"
        assert str(info["/CreationDate"]).startswith("D:20240315")
        outline = [str(item.title) for item in pdf.open_outline().root]
    assert outline[0] == "Lời tòa soạn"
    assert [o for o in outline if o in {s.heading for s in main["bulletin"].sections}] == [
        s.heading for s in main["bulletin"].sections]


def test_no_renderer_warnings(main: dict[str, Any], plain: dict[str, Any]) -> None:
    assert main["warnings"] == [] and plain["warnings"] == []


def test_pdf_x4_takes_the_cmyk_profile_as_output_intent_and_is_reproducible(tmp_path: Path) -> None:
    profile = tmp_path / "cmyk.icc"
    profile.write_bytes(icc_profile())
    options = BulletinOptions(pdf_standard="pdf/x-4", icc_profile=profile, bleed="3mm", marks=("crop",))
    bulletin = assemble(sample_items()[:1], front(), options)
    first, warnings = build(bulletin, options)
    second, _ = build(bulletin, options)
    assert first == second and warnings == []
    path = tmp_path / "x4.pdf"
    path.write_bytes(first)
    with pikepdf.open(path) as pdf:
        intent = pdf.Root.OutputIntents[0]
        assert str(intent.S) == "/GTS_PDFX"
        assert int(intent.DestOutputProfile.N) == 4
        assert b"PDF/X-4" in pdf.Root.Metadata.read_bytes()
        for page in pdf.pages:
            assert "/TrimBox" in page and "/BleedBox" in page


def test_pdf_x_without_a_cmyk_profile_is_refused() -> None:
    options = BulletinOptions(pdf_standard="pdf/x-1a")
    with pytest.raises(InputError, match="CMYK"):
        build(assemble(sample_items()[:1], front(), options), options)


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed")
def test_qpdf_finds_the_bulletin_sound(main: dict[str, Any]) -> None:
    from pdfprobe import qpdf_check

    assert qpdf_check(main["path"]).returncode == 0


@needs_poppler
def test_an_ungrouped_single_sided_bulletin_shows_each_articles_running_head(tmp_path: Path) -> None:
    # One section without a heading set the head to "" on every page it spanned, over the articles'.
    items = [item for item in sample_items() if item[1].metadata.category][:3]
    bulletin = assemble(items, front(), BulletinOptions())
    data, _ = build(bulletin, BulletinOptions())
    path = tmp_path / "b.pdf"
    path.write_bytes(data)
    texts = page_texts(path)
    # The page an article starts on: the last that shows its title (the contents page shows it first).
    starts = [[i for i, t in enumerate(texts) if entry.article.metadata.title[:30] in " ".join(t.split())][-1]
              for entry in bulletin.entries()]
    for entry, page in zip(bulletin.entries(), starts, strict=True):
        head = texts[page].strip().splitlines()[:3]
        assert any(entry.article.metadata.category in line for line in head), (entry.article.metadata.title, head)
