"""PDF/UA-1 and PDF/A-3u output, checked structurally with pikepdf and qpdf.

No full validator (veraPDF, PAC) installs from the package registries here, so these tests check
the requirements of ISO 14289-1 (Matterhorn protocol checkpoints in brackets) and ISO 19005-3
that can be read from the file: claims, metadata agreement, tags, alt texts, reading order,
artifacts, annotations and associated files.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from factories import rich_article
from pdfprobe import image_placements, marked_ids, needs_poppler, needs_qpdf, page_texts, qpdf_check, structure_elements
from typer.testing import CliRunner

from converter import jsonio
from converter import model as m
from converter.cli import app
from converter.errors import PortalconvError
from converter.options import WriteOptions
from converter.walk import figures, iter_blocks, plain_text
from converter.writers import pdf as pdf_writer
from converter.writers.pdf.standards import check_standard

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")
SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module")
def ua(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("ua") / "rich-ua.pdf"
    pdf_writer.write(rich_article(), target, WriteOptions(pdf_standard="pdf/ua-1"))
    return target


@pytest.fixture(scope="module")
def archival(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("pdfa")
    source = folder / "bai-viet.html"
    source.write_bytes("<html><body><p>Trang đã lưu</p></body></html>".encode())
    target = folder / "rich-a.pdf"
    pdf_writer.write(rich_article(), target, WriteOptions(pdf_standard="pdf/a-3u", source=source))
    return target, source


# ----------------------------------------------------------------------------- PDF/UA-1


def test_ua_claims_conformance_with_title_language_and_marked_content(ua: Path) -> None:
    with pikepdf.open(ua) as pdf:
        xmp = pdf.open_metadata()
        assert xmp["pdfuaid:part"] == "1"  # [06-002]
        assert xmp["dc:title"] == rich_article().metadata.title  # [06-003]
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True  # [07-001]
        assert pdf.Root.MarkInfo.Marked is True  # [01-002]
        assert str(pdf.Root.Lang) == "vi"  # [11-006]
        assert all(str(page.Tabs) == "/S" for page in pdf.pages)  # [28-002] tab order follows structure


def test_every_marked_content_id_belongs_to_the_structure_tree(ua: Path) -> None:
    # [01-005] content is either tagged or an artifact: no id may point outside the tree.
    with pikepdf.open(ua) as pdf:
        owned: dict[int, set[int]] = {}
        for element in structure_elements(pdf):
            page = element.get("/Pg")
            for kid in element.K if isinstance(element.K, pikepdf.Array) else [element.K]:
                if isinstance(kid, int) and page is not None:
                    owned.setdefault(page.objgen[0], set()).add(kid)
        for index, page in enumerate(pdf.pages):
            assert set(marked_ids(pdf, index)) == owned.get(page.objgen[0], set()), f"page {index + 1}"


@needs_poppler
def test_the_running_header_and_footer_are_pagination_artifacts(ua: Path) -> None:
    with pikepdf.open(ua) as pdf:
        for index, page in enumerate(pdf.pages):
            artifacts = [
                operands[1] for operands, op in pikepdf.parse_content_stream(page)
                if str(op) == "BDC" and str(operands[0]) == "/Artifact"
            ]
            # The footer on every page, the header (site and category) from page 2 on.
            assert len([a for a in artifacts if a.get("/Type") == "/Pagination"]) == (1 if index == 0 else 3)
    assert "Trang 2 /" in page_texts(ua)[1]  # still printed, only no longer read aloud


def test_every_figure_has_alt_text_and_a_box_where_the_photo_is(ua: Path) -> None:
    art = rich_article()
    shown = [f for f in figures(art.blocks) if f.image.resource is not None]
    with pikepdf.open(ua) as pdf:
        tagged = [e for e in structure_elements(pdf) if e.S == "/Figure"]
        assert [str(e.Alt) for e in tagged] == [f.image.alt or plain_text(f.caption) for f in shown]  # [13-004]
        page_of = {page.objgen: i for i, page in enumerate(pdf.pages)}
        boxes = [(page_of[e.Pg.objgen], [float(v) for v in e.A.BBox]) for e in tagged]
    for (page, box), placement in zip(boxes, image_placements(ua), strict=True):
        assert page == placement.page
        assert all(abs(a - b) < 1 for a, b in zip(box, placement.box, strict=True))


def test_headings_and_figures_come_in_reading_order(ua: Path) -> None:
    art = rich_article()
    expected = ["/H1"]
    for block in iter_blocks(art.blocks):
        if isinstance(block, m.Heading):
            expected.append(f"/H{block.level + 1}")
        elif isinstance(block, m.Figure) and block.image.resource is not None:
            expected.append("/Figure")
    with pikepdf.open(ua) as pdf:
        order = [str(e.S) for e in structure_elements(pdf) if str(e.S) in ("/H1", "/H2", "/H3", "/Figure")]
    assert order == expected


def test_links_are_tagged_and_described(ua: Path) -> None:
    with pikepdf.open(ua) as pdf:
        links = [e for e in structure_elements(pdf) if e.S == "/Link"]
        annotations = [a for page in pdf.pages for a in page.get("/Annots", []) if a.Subtype == "/Link"]
        assert len(links) == len(annotations) == 1
        objr = [k for k in links[0].K if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]
        assert [o.Obj.objgen for o in objr] == [annotations[0].objgen]  # [28-011]
        assert str(annotations[0].Contents) == "https://example.gov.vn/tin-tuc/bai-1.aspx"  # [28-004]
        assert "/StructParent" in annotations[0]


def test_a_linked_photo_is_one_link_annotation_owned_by_the_link_around_its_figure(tmp_path: Path) -> None:
    jpeg = rich_article().resources[0]
    photo = m.figure("a.jpg", "Toàn cảnh hội nghị", resource=jpeg.key, link="https://example.gov.vn/anh-goc.jpg")
    lost = m.figure("b.jpg", "Ảnh đã mất", link="https://example.gov.vn/anh-mat.jpg")
    art = m.Article(m.Metadata(title="Ảnh có liên kết", language="vi"), (m.para("Mở đầu."), photo, lost), (jpeg,))
    target = tmp_path / "ua.pdf"
    pdf_writer.write(art, target, WriteOptions(pdf_standard="pdf/ua-1"))
    with pikepdf.open(target) as pdf:
        annotations = [a for page in pdf.pages for a in page.get("/Annots", []) if a.Subtype == "/Link"]
        # One per link: WeasyPrint's copies for the boxes inside the link (the picture) are gone.
        assert [str(a.Contents) for a in annotations] == [photo.link, lost.link]
        owner = {k.Obj.objgen: e for e in structure_elements(pdf)
                 for k in (e.K if isinstance(e.K, pikepdf.Array) else [e.K])
                 if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"}
        assert set(owner) == {a.objgen for a in annotations}
        assert all(owner[a.objgen].S == "/Link" for a in annotations)  # [28-011]
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        parent_of = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        assert all(parent_of[int(a.StructParent)].objgen == owner[a.objgen].objgen for a in annotations)
        figures_in_links = [k for e in structure_elements(pdf) if e.S == "/Link"
                            for k in (e.K if isinstance(e.K, pikepdf.Array) else [e.K])
                            if isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/Figure"]
        assert [str(f.Alt) for f in figures_in_links] == ["Toàn cảnh hội nghị"]


def test_record_table_values_point_to_their_row_label(ua: Path) -> None:
    with pikepdf.open(ua) as pdf:
        cells = [e for e in structure_elements(pdf) if e.S == "/TD" and "/A" in e and "/Headers" in e.A]
        assert cells and all(len(c.A.Headers) >= 1 for c in cells)  # [15-003]


def test_a_photo_without_alt_or_caption_warns_under_ua_and_is_named_a_figure(tmp_path: Path) -> None:
    jpeg = rich_article().resources[0]
    art = m.Article(m.Metadata(title="Ảnh", language="vi"), (m.Figure(m.Image("a.jpg", "", jpeg.key)),), (jpeg,))
    warnings = pdf_writer.write(art, tmp_path / "ua.pdf", WriteOptions(pdf_standard="pdf/ua-1"))
    assert [(w.code, w.where) for w in warnings] == [("figure-without-alt", "a.jpg")]
    with pikepdf.open(tmp_path / "ua.pdf") as pdf:
        # Uncaptioned, it has no "Hình 1." label to borrow: PDF/UA's required Alt says what it is.
        assert [str(e.Alt) for e in structure_elements(pdf) if e.S == "/Figure"] == ["Hình"]
    captioned = m.Article(art.metadata, (m.Figure(m.Image("a.jpg", "", jpeg.key), m.text("Hội trường")),), (jpeg,))
    pdf_writer.write(captioned, tmp_path / "ua2.pdf", WriteOptions(pdf_standard="pdf/ua-1"))
    with pikepdf.open(tmp_path / "ua2.pdf") as pdf:
        assert [str(e.Alt) for e in structure_elements(pdf) if e.S == "/Figure"] == ["Hội trường"]


@needs_qpdf
def test_qpdf_finds_no_structural_error_in_the_ua_pdf(ua: Path) -> None:
    result = qpdf_check(ua)
    assert result.returncode == 0 and "No syntax or stream encoding errors" in result.stdout, result.stdout


# ----------------------------------------------------------------------------- PDF/A-3u


def test_pdfa_claims_part_3_level_u_with_an_srgb_output_intent(archival: tuple[Path, Path]) -> None:
    with pikepdf.open(archival[0]) as pdf:
        xmp = pdf.open_metadata()
        assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("3", "U")
        (intent,) = pdf.Root.OutputIntents
        assert str(intent.S) == "/GTS_PDFA1" and int(intent.DestOutputProfile.N) == 3
        assert len(pdf.trailer.ID) == 2  # a file identifier is required (6.1.3)
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                assert int(annotation.F) & 4  # printable (6.3.2)
        images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
        assert images and all(o.get("/Interpolate", False) is False for o in images)  # 6.2.8


def test_pdfa_information_and_xmp_agree_entry_by_entry(archival: tuple[Path, Path]) -> None:
    # ISO 19005-3 §6.6.2.3.1: every /Info entry has an equivalent XMP property.
    with pikepdf.open(archival[0]) as pdf:
        info = {str(k): str(v) for k, v in pdf.docinfo.items()}
        xmp = pdf.open_metadata()
        assert info["/Title"] == xmp["dc:title"]
        assert [info["/Author"]] == list(xmp["dc:creator"])
        assert info["/Subject"] == xmp["dc:description"]
        assert info["/Keywords"] == xmp["pdf:Keywords"]
        assert info["/Creator"] == xmp["xmp:CreatorTool"]
        assert info["/Producer"] == xmp["pdf:Producer"]
        assert (info["/CreationDate"], xmp["xmp:CreateDate"]) == ("D:20211008190000+07'00", "2021-10-08T19:00:00+07:00")
        assert (info["/ModDate"], xmp["xmp:ModifyDate"]) == ("D:20211009081500+07'00", "2021-10-09T08:15:00+07:00")


def test_pdfa_attaches_the_source_page_and_the_model_once_each(archival: tuple[Path, Path]) -> None:
    target, source = archival
    with pikepdf.open(target) as pdf:
        files = dict(pdf.attachments.items())
        assert files["bai-viet.html"].get_file().read_bytes() == source.read_bytes()
        assert jsonio.loads(files["bai-viet.json"].get_file().read_bytes().decode()) == rich_article()
        assert len(pdf.Root.AF) == 2
        params = files["bai-viet.json"].get_file().obj.Params
        assert str(params.ModDate) == "D:20211009011500Z"  # the article's modification, in UTC


def test_pdfa_without_a_source_page_attaches_the_model_and_is_reproducible(tmp_path: Path) -> None:
    one, two = tmp_path / "1.pdf", tmp_path / "2.pdf"
    for target in (one, two):
        pdf_writer.write(rich_article(), target, WriteOptions(pdf_standard="pdf/a-3u"))
    assert one.read_bytes() == two.read_bytes()
    with pikepdf.open(one) as pdf:
        assert list(pdf.attachments) == ["article.json"]


@needs_qpdf
def test_qpdf_finds_no_structural_error_in_the_pdfa(archival: tuple[Path, Path]) -> None:
    result = qpdf_check(archival[0])
    assert result.returncode == 0 and "No syntax or stream encoding errors" in result.stdout, result.stdout


# ----------------------------------------------------------------------------- options


def test_an_unknown_standard_is_refused_by_the_library_and_the_command() -> None:
    assert check_standard(" PDF/A-3U ") == "pdf/a-3u"
    with pytest.raises(PortalconvError, match="pdf/a-3u or pdf/ua-1"):
        check_standard("pdf/x-4")
    result = CliRunner().invoke(app, [str(SAMPLES / "vn-portal-news.html"), "--pdf-standard", "pdf/x-4"])
    assert result.exit_code == 2


def test_the_command_passes_screen_dpi_and_standard_to_the_writer(tmp_path: Path) -> None:
    page = SAMPLES / "vn-portal-news-html-only.html"
    target = tmp_path / "out.pdf"
    result = CliRunner().invoke(app, [str(page), "--to", "pdf", "-o", str(target), "--screen",
                                      "--image-dpi", "120", "--pdf-standard", "PDF/A-3u"])
    assert result.exit_code == 0, result.output
    with pikepdf.open(target) as pdf:
        assert sorted(pdf.attachments) == [page.name, page.stem + ".json"]
