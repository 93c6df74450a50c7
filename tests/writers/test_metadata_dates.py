"""Document dates come from the page or are absent: no invented date in DOCX, PDF (Info, XMP) or bulletins.

EPUB must state ``dcterms:modified``: the page's modified, else published, else created date, and
``moments.NO_DATE`` (1980-01-01T00:00:00Z, documented in docs/formats.md) only for a page without any.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pikepdf
import pytest
from factories import icc_profile, portal_page
from lxml import etree

from converter import model as m
from converter.api import convert, write
from converter.bulletin import docx as bulletin_docx
from converter.bulletin import epub as bulletin_epub
from converter.bulletin import pdf as bulletin_pdf
from converter.bulletin.assemble import assemble
from converter.bulletin.config import BulletinOptions
from converter.bulletin.model import FrontMatter
from converter.options import WriteOptions
from converter.writers.moments import NO_DATE

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")

ICT = timezone(timedelta(hours=7))
CORE = {"dcterms": "http://purl.org/dc/terms/", "cp": "http://schemas.openxmlformats.org/package/2006/"
        "metadata/core-properties"}
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
INVENTED = ("2000-01-01", "D:2000", "20000101")
PROSE = ("Từ ngày 1 tháng 4, bộ phận một cửa của huyện nhận hồ sơ đất đai cả buổi chiều thứ Bảy để người "
         "dân đi làm trong tuần không phải xin nghỉ.")


@pytest.fixture(scope="module")
def undated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An invented portal page that states no date at all, converted to DOCX and PDF (and PDF/A-3u)."""
    folder = tmp_path_factory.mktemp("undated")
    page = folder / "thong-bao.html"
    page.write_text(portal_page("Mở cửa làm việc sáng thứ Bảy", PROSE), encoding="utf-8")
    targets, _ = convert(page, ["docx", "pdf"], folder)
    archive, _ = convert(page, ["pdf"], folder / "a", WriteOptions(pdf_standard="pdf/a-3u"))
    return {**targets, "pdf/a": archive["pdf"]}


def core_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("docProps/core.xml"))


def core_dates(path: Path) -> dict[str, str]:
    root = core_xml(path)
    return {name: str(root.findtext(f"dcterms:{name}", namespaces=CORE)) for name in ("created", "modified")
            if root.find(f"dcterms:{name}", namespaces=CORE) is not None}


def pdf_dates(path: Path) -> tuple[dict[str, str], dict[str, str], bytes]:
    """(/Info dates, XMP dates, the XMP packet) of a PDF."""
    with pikepdf.open(path) as pdf:
        info = {str(k): str(v) for k, v in pdf.docinfo.items() if "Date" in str(k)}
        packet = pdf.Root.Metadata.read_bytes()
    root = etree.fromstring(packet.split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0])
    xmp = {el.tag.split("}")[1]: el.text or "" for el in root.iter() if isinstance(el.tag, str)
           and el.tag.startswith("{http://ns.adobe.com/xap/1.0/}") and el.tag.endswith("Date")}
    return info, xmp, packet


def test_a_page_without_dates_gives_a_docx_without_created_or_modified(undated: dict[str, Path]) -> None:
    assert core_dates(undated["docx"]) == {}
    text = etree.tostring(core_xml(undated["docx"])).decode()
    assert not any(d in text for d in INVENTED)


@pytest.mark.parametrize("key", ["pdf", "pdf/a"])
def test_a_page_without_dates_gives_a_pdf_without_dates_in_info_or_xmp(undated: dict[str, Path], key: str) -> None:
    info, xmp, packet = pdf_dates(undated[key])
    assert info == {} and xmp == {}
    assert not any(d.encode() in packet for d in INVENTED)


def test_an_undated_pdf_a_still_agrees_with_its_xmp_and_dates_its_attachments_no_date(
        undated: dict[str, Path]) -> None:
    # PDF/A asks /Info and XMP to agree (both are without dates here); the embedded files need a
    # ModDate, and an undated page gives them the documented NO_DATE, never the clock.
    with pikepdf.open(undated["pdf/a"]) as pdf:
        assert pdf.open_metadata()["pdfaid:part"] == "3"
        params = [obj.Params for obj in pdf.objects
                  if isinstance(obj, pikepdf.Stream) and obj.get("/Type") == "/EmbeddedFile"]
        assert len(params) == 2
        assert {(str(p.CreationDate), str(p.ModDate)) for p in params} == {("D:19800101000000Z", "D:19800101000000Z")}


def test_an_undated_pdf_is_reproducible(undated: dict[str, Path], tmp_path: Path) -> None:
    page = next(undated["pdf"].parent.glob("*.html"))
    again, _ = convert(page, ["pdf"], tmp_path)
    assert again["pdf"].read_bytes() == undated["pdf"].read_bytes()


def dated(**dates: m.DateValue) -> m.Article:
    return m.article("Thông báo", m.para(PROSE), language="vi", **dates)


MODIFIED = m.DateValue("14/03/2024 16:45", datetime(2024, 3, 14, 16, 45, tzinfo=ICT))
PUBLISHED = m.DateValue("10/03/2024", datetime(2024, 3, 10, tzinfo=ICT))
CREATED = m.DateValue("01/03/2024 10:12", datetime(2024, 3, 1, 10, 12, tzinfo=ICT))


def test_a_page_with_only_a_modified_date_keeps_it_and_invents_no_creation(tmp_path: Path) -> None:
    article = dated(modified=MODIFIED)
    write(article, tmp_path / "a.docx", "docx", WriteOptions())
    assert core_dates(tmp_path / "a.docx") == {"modified": "2024-03-14T09:45:00Z"}
    write(article, tmp_path / "a.pdf", "pdf", WriteOptions())
    info, xmp, _ = pdf_dates(tmp_path / "a.pdf")
    assert info == {"/ModDate": "D:20240314164500+07'00"}
    assert xmp == {"ModifyDate": "2024-03-14T16:45:00+07:00", "MetadataDate": "2024-03-14T16:45:00+07:00"}


def epub_modified(article: m.Article, path: Path) -> str:
    write(article, path, "epub", WriteOptions())
    with zipfile.ZipFile(path) as zf:
        opf = etree.fromstring(zf.read("EPUB/content.opf"))
    (value,) = opf.xpath("//opf:meta[@property='dcterms:modified']/text()", namespaces=OPF)
    return str(value)


@pytest.mark.parametrize(("dates", "expected"), [
    ({"modified": MODIFIED, "published": PUBLISHED, "created": CREATED}, "2024-03-14T09:45:00Z"),
    ({"published": PUBLISHED, "created": CREATED}, "2024-03-09T17:00:00Z"),
    ({"created": CREATED}, "2024-03-01T03:12:00Z"),  # a list item dated only by its "Created at" footer
    ({}, "1980-01-01T00:00:00Z"),
])
def test_epub_modified_is_the_pages_modified_else_published_else_created_date(
        tmp_path: Path, dates: dict[str, m.DateValue], expected: str) -> None:
    assert epub_modified(dated(**dates), tmp_path / "a.epub") == expected


UNDATED_ITEMS = [("a.html", m.article("Tin một", m.para(PROSE), language="vi", category="Tin tức")),
                 ("b.html", m.article("Tin hai", m.para(PROSE), language="vi", category="Tin tức"))]


def test_an_undated_bulletin_has_no_dates_in_docx_and_pdf_and_no_date_in_epub(tmp_path: Path) -> None:
    bulletin = assemble(UNDATED_ITEMS, FrontMatter(title="Bản tin"), BulletinOptions())
    assert bulletin.moment() is None and bulletin.as_article().metadata.published is None
    docx_bytes, _ = bulletin_docx.build(bulletin, BulletinOptions())
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as zf:
        core = zf.read("docProps/core.xml").decode()
    assert "dcterms:created" not in core and "dcterms:modified" not in core
    pdf_bytes, _ = bulletin_pdf.build(bulletin, BulletinOptions())
    (tmp_path / "b.pdf").write_bytes(pdf_bytes)
    info, xmp, packet = pdf_dates(tmp_path / "b.pdf")
    assert info == {} and xmp == {} and not any(d.encode() in packet for d in INVENTED)
    epub_bytes, _ = bulletin_epub.build(bulletin, BulletinOptions())
    with zipfile.ZipFile(io.BytesIO(epub_bytes)) as zf:
        opf = etree.fromstring(zf.read("EPUB/content.opf"))
    assert opf.xpath("//opf:meta[@property='dcterms:modified']/text()", namespaces=OPF) == ["1980-01-01T00:00:00Z"]
    assert opf.xpath("//dc:date", namespaces=OPF) == []


def test_a_bulletin_dated_by_its_articles_states_dcterms_modified_in_utc(tmp_path: Path) -> None:
    items = [(name, dataclasses.replace(a, metadata=dataclasses.replace(a.metadata, published=MODIFIED)))
             for name, a in UNDATED_ITEMS]
    epub_bytes, _ = bulletin_epub.build(assemble(items, FrontMatter(), BulletinOptions()), BulletinOptions())
    with zipfile.ZipFile(io.BytesIO(epub_bytes)) as zf:
        opf = etree.fromstring(zf.read("EPUB/content.opf"))
    assert opf.xpath("//opf:meta[@property='dcterms:modified']/text()", namespaces=OPF) == ["2024-03-14T09:45:00Z"]


def test_an_undated_pdf_x_bulletin_is_dated_no_date_not_the_clock(tmp_path: Path) -> None:
    # PDF/X requires /CreationDate and /ModDate; WeasyPrint would fill them from the clock.
    profile = tmp_path / "cmyk.icc"
    profile.write_bytes(icc_profile())
    options = BulletinOptions(pdf_standard="pdf/x-4", icc_profile=profile)
    bulletin = assemble(UNDATED_ITEMS, FrontMatter(title="Bản tin"), options)
    first, _ = bulletin_pdf.build(bulletin, options)
    second, _ = bulletin_pdf.build(bulletin, options)
    assert first == second
    (tmp_path / "x.pdf").write_bytes(first)
    info, _, _ = pdf_dates(tmp_path / "x.pdf")
    assert info == {"/CreationDate": "D:19800101000000+00'00", "/ModDate": "D:19800101000000+00'00"}


def test_the_stand_in_date_is_the_one_the_formats_page_documents() -> None:
    formats = (Path(__file__).resolve().parents[2] / "docs" / "formats.md").read_text("utf-8")
    assert NO_DATE.isoformat() == "1980-01-01T00:00:00+00:00"
    assert "**1980-01-01T00:00:00Z**" in formats and "moments.NO_DATE" in formats
