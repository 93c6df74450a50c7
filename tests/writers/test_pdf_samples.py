"""Every sample as a PDF, checked the way a reader, a printer and an archive would look at it.

Each sample is converted once as a plain PDF and once as PDF/A-3u (module-scoped fixture); the
checks read the files with poppler (text, fonts, images, rendered pages), pikepdf (metadata,
placements, attachments) and qpdf.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pdfprobe import (
    PT_PER_MM,
    font_rows,
    image_placements,
    ink_box,
    ink_share,
    listed_images,
    needs_poppler,
    needs_qpdf,
    page_texts,
    qpdf_check,
    rendered_pages,
)

from converter import api, jsonio
from converter import model as m
from converter.options import WriteOptions
from converter.walk import figures, iter_blocks, plain_text
from converter.writers.pdf import PRINT_DPI
from converter.writers.pdf.document import PAPERS
from converter.writers.pdf.images import SLACK, printed_size

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
PAGES = sorted(SAMPLES.glob("*.html"))
# Pages each sample should take on A4: a jump outside the range means lost or duplicated content
# or a layout gone wrong (a photo per page, a blank page).
PAGE_RANGES = {"vn-portal-news": (3, 5), "vn-portal-news-html-only": (1, 3), "sp2013-publishing-page": (2, 4)}
A4 = PAPERS["a4"]


@pytest.fixture(scope="module", params=PAGES, ids=[p.stem for p in PAGES])
def sample(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    page: Path = request.param
    out = tmp_path_factory.mktemp(page.stem)
    plain, warnings = api.convert(page, ["pdf"], out / "plain.pdf")
    archival, _ = api.convert(page, ["pdf"], out / "archival.pdf", WriteOptions(pdf_standard="pdf/a-3u"))
    return {"page": page, "article": api.read(page).article, "pdf": plain["pdf"], "pdfa": archival["pdf"],
            "warnings": warnings}


def squash(text: str) -> str:
    """Whitespace runs to one space; deliberately no Unicode normalisation."""
    return " ".join(text.split())


# ----------------------------------------------------------------------------- text and fonts


@needs_poppler
def test_the_text_is_nfc_and_holds_title_lead_captions_and_signature_exactly(sample: dict[str, Any]) -> None:
    art: m.Article = sample["article"]
    raw = "".join(page_texts(sample["pdf"]))
    # Decomposed diacritics ("a" + U+0301) would break search and copy-paste in Vietnamese.
    assert unicodedata.is_normalized("NFC", raw)
    assert "\ufffd" not in raw
    text = squash(raw)
    expected = [art.metadata.title, art.metadata.lead, *(plain_text(f.caption) for f in figures(art.blocks))]
    expected += [plain_text(b.children) for b in iter_blocks(art.blocks) if isinstance(b, m.Signature)]
    assert [s for s in map(squash, expected) if s and s not in text] == []


@needs_poppler
def test_the_page_count_is_in_the_expected_range(sample: dict[str, Any]) -> None:
    low, high = PAGE_RANGES.get(sample["page"].stem, (1, 12))
    assert low <= len(page_texts(sample["pdf"])) <= high


@needs_poppler
def test_every_font_is_a_shipped_noto_font_embedded_with_unicode_map(sample: dict[str, Any]) -> None:
    rows = font_rows(sample["pdf"])
    assert rows
    for row in rows:
        assert row["name"].split("+", 1)[1].startswith("Portalconv-Noto-"), row
        assert (row["emb"], row["sub"], row["uni"]) == ("yes", "yes", "yes"), row


def test_the_renderer_raised_no_warning(sample: dict[str, Any]) -> None:
    # Font fallbacks, CSS it did not understand, images it could not load: none for a sample.
    assert [w for w in sample["warnings"] if w.code == "pdf-renderer"] == []


# ----------------------------------------------------------------------------- images


def _expected_ppi(res: m.Resource) -> float:
    """The resolution a photo prints at before any downsampling."""
    from io import BytesIO

    from PIL import Image

    with Image.open(BytesIO(res.data)) as im:
        width_in, _ = printed_size(im.width, im.height, A4)
        return im.width / width_in


@needs_poppler
def test_each_photo_is_embedded_once_at_a_resolution_within_bounds(sample: dict[str, Any]) -> None:
    art: m.Article = sample["article"]
    present = {f.image.resource for f in figures(art.blocks) if f.image.resource is not None}
    images = listed_images(sample["pdf"])
    assert len(images) == len(present)
    for image, key in zip(images, sorted(present, key=[f.image.resource for f in figures(art.blocks)].index),
                          strict=True):
        res = art.resource(key)
        assert res is not None
        # Never above the cap (plus the slack that spares a needless recompression), and never
        # lowered below what the original gave or the cap allows.
        assert image.x_ppi <= PRINT_DPI * SLACK + 1
        assert image.x_ppi >= min(_expected_ppi(res), PRINT_DPI) * 0.97
        if res.media_type == "image/jpeg":
            assert image.enc == "jpeg"


def test_no_photo_is_cut_every_one_lies_inside_the_text_block(sample: dict[str, Any]) -> None:
    art: m.Article = sample["article"]
    top, right, bottom, left = (v * PT_PER_MM for v in A4.margins)
    width, height = A4.width * PT_PER_MM, A4.height * PT_PER_MM
    placements = image_placements(sample["pdf"])
    assert len(placements) == sum(1 for f in figures(art.blocks) if f.image.resource is not None)
    for placement in placements:
        x0, y0, x1, y1 = placement.box
        assert left - 0.5 <= x0 and x1 <= width - right + 0.5, placement
        assert bottom - 0.5 <= y0 and y1 <= height - top + 0.5, placement


def test_each_photo_prints_at_the_size_the_downsampler_planned_for(sample: dict[str, Any]) -> None:
    """The downsampler computes printed sizes from the paper table; the layout must agree."""
    from io import BytesIO

    from PIL import Image

    art: m.Article = sample["article"]
    shown = [f for f in figures(art.blocks) if f.image.resource is not None]
    for fig, placement in zip(shown, image_placements(sample["pdf"]), strict=True):
        res = art.resource(fig.image.resource)
        assert res is not None
        with Image.open(BytesIO(res.data)) as im:
            width_in, height_in = printed_size(im.width, im.height, A4)
        x0, y0, x1, y1 = placement.box
        assert abs((x1 - x0) - width_in * 72) < 1 and abs((y1 - y0) - height_in * 72) < 1


# ----------------------------------------------------------------------------- rendered pages


@pytest.fixture(scope="module")
def pages(sample: dict[str, Any]) -> list[Any]:
    return rendered_pages(sample["pdf"], dpi=30)


@needs_poppler
def test_no_page_is_blank(pages: list[Any]) -> None:
    px_per_mm = 30 / 25.4
    top, right, bottom, left = (round(v * px_per_mm) for v in A4.margins)
    for number, image in enumerate(pages, start=1):
        body = (left, top, image.width - right, image.height - bottom)
        # Four table rows in 8 pt ink 0.26 % of an A4 text block at this resolution; a page with
        # only its running header and footer inks nothing inside it.
        assert ink_share(image, body) > 0.0005, f"page {number} is (nearly) blank"


@needs_poppler
def test_nothing_runs_into_the_side_margins(pages: list[Any]) -> None:
    # Photos wider than the text block, unwrapped URLs and overflowing tables all show up as ink
    # beside the text block; the running header and footer live above and below it.
    px_per_mm = 30 / 25.4
    _, right, _, left = (v * px_per_mm for v in A4.margins)
    for number, image in enumerate(pages, start=1):
        for box in ((0, 0, int(left) - 1, image.height), (image.width - int(right) + 1, 0, image.width, image.height)):
            assert ink_box(image, box) is None, f"ink in the side margin of page {number}"


# ----------------------------------------------------------------------------- metadata, outline, links


def test_information_and_xmp_carry_the_article_metadata(sample: dict[str, Any]) -> None:
    md = sample["article"].metadata
    with pikepdf.open(sample["pdf"]) as pdf:
        info = {str(k): str(v) for k, v in pdf.docinfo.items()}
        xmp = pdf.open_metadata()
        assert info["/Title"] == xmp["dc:title"] == md.title
        # An entry the article lacks is absent from both places, never filled with a guess.
        assert info.get("/Author", "") == ", ".join(md.authors)
        assert list(xmp.get("dc:creator", [])) == ([", ".join(md.authors)] if md.authors else [])
        assert info.get("/Subject", "") == (md.lead or md.subtitle) == xmp.get("dc:description", "")
        keywords = [k for k in (md.category, *md.tags) if k]
        assert info.get("/Keywords", "") == ", ".join(keywords) == xmp.get("pdf:Keywords", "")
        assert info["/Producer"] == xmp["pdf:Producer"]
        assert info["/Creator"] == xmp["xmp:CreatorTool"]
        assert str(pdf.Root.Lang) == (md.language or "en") == next(iter(xmp["dc:language"]))
        dated = md.published or md.created
        if dated is not None and dated.value is not None:
            assert xmp["xmp:CreateDate"] == dated.value.isoformat(timespec="seconds")


def test_bookmarks_start_with_the_title_and_links_are_clickable(sample: dict[str, Any]) -> None:
    art: m.Article = sample["article"]
    urls = {node.url for b in iter_blocks(art.blocks) for node in _links(b) if node.url.startswith("http")}
    with pikepdf.open(sample["pdf"]) as pdf, pdf.open_outline() as outline:
        assert [item.title for item in outline.root] == [art.metadata.title]
        headings = [plain_text(b.children) for b in iter_blocks(art.blocks) if isinstance(b, m.Heading)]
        titles = [c.title for c in outline.root[0].children]
        titles += [g.title for c in outline.root[0].children for g in c.children]
        assert set(headings) <= set(titles)
        annotated = {str(a.A.URI) for page in pdf.pages for a in page.get("/Annots", []) if "/A" in a}
    assert urls <= annotated


def _links(block: m.Block) -> list[m.Link]:
    inlines: tuple[m.Inline, ...] = getattr(block, "children", ())
    found: list[m.Link] = []
    stack = list(inlines)
    while stack:
        node = stack.pop()
        if isinstance(node, m.Link):
            found.append(node)
        stack.extend(getattr(node, "children", ()))
    return found


# ----------------------------------------------------------------------------- PDF/A-3u


def test_the_archival_pdf_embeds_the_saved_page_and_the_model(sample: dict[str, Any]) -> None:
    page: Path = sample["page"]
    with pikepdf.open(sample["pdfa"]) as pdf:
        files = {name: spec for name, spec in pdf.attachments.items()}
        assert set(files) == {page.name, page.stem + ".json"}
        assert files[page.name].get_file().read_bytes() == page.read_bytes()
        model = jsonio.loads(files[page.stem + ".json"].get_file().read_bytes().decode("utf-8"))
        assert model == sample["article"]
        relationships = {str(spec.obj.UF): str(spec.obj.AFRelationship) for spec in files.values()}
        assert relationships == {page.name: "/Source", page.stem + ".json": "/Data"}
        assert sorted(str(f.UF) for f in pdf.Root.AF) == sorted(files)
        assert str(files[page.name].get_file().obj.Subtype) == "/text/html"
        xmp = pdf.open_metadata()
        assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("3", "U")
        assert str(pdf.Root.OutputIntents[0].S) == "/GTS_PDFA1"


@needs_qpdf
def test_qpdf_finds_no_structural_error_in_either_pdf(sample: dict[str, Any]) -> None:
    for path in (sample["pdf"], sample["pdfa"]):
        result = qpdf_check(path)
        assert result.returncode == 0 and "No syntax or stream encoding errors" in result.stdout, result.stdout
