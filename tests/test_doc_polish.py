"""Document polish (issue 17, "Documents"): what an editor would otherwise fix by hand in the
DOCX, PDF and EPUB outputs — photo sizes, captions kept with their photos, repeated metadata,
Office markup, table column widths, and the EPUB cover."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx.shared import Mm
from factories import photo_bytes, resource
from lxml import etree

from converter import model as m
from converter.options import WriteOptions
from converter.writers.docx import write as write_docx
from converter.writers.pdf.document import PAPERS

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS = {"w": W, "wp": WP}


def docx_part(article: m.Article, tmp_path: Path, paper: str = "A4", name: str = "word/document.xml") -> etree._Element:
    target = tmp_path / "out.docx"
    write_docx(article, target, WriteOptions(paper=paper))
    with zipfile.ZipFile(target) as zf:
        return etree.fromstring(zf.read(name))


def photo_article(width: int, height: int) -> m.Article:
    photo = resource(photo_bytes(width, height), "image/jpeg")
    fig = m.Figure(m.Image("anh.jpg", "Ảnh", photo.key, width, height), m.text("Chú thích ảnh"))
    return m.Article(m.Metadata(title="Bài có ảnh", language="vi"), (m.para("Đoạn văn."), fig), (photo,))


# --------------------------------------------------------------------------- 1. DOCX photo size


@pytest.mark.parametrize("paper", ["A4", "A5", "LETTER"])
def test_a_portrait_photo_in_the_docx_is_no_taller_than_the_pdf_allows(tmp_path: Path, paper: str) -> None:
    doc = docx_part(photo_article(1000, 1560), tmp_path, paper)
    (extent,) = doc.iterfind(".//wp:inline/wp:extent", NS)
    cx, cy = int(extent.get("cx")), int(extent.get("cy"))
    limit = Mm(PAPERS[paper.lower()].figure_max_height)
    assert cy <= limit and cy >= limit - 2  # capped at the PDF's limit, not shrunk further
    assert abs(cx / cy - 1000 / 1560) < 0.01  # the aspect ratio is kept


def test_a_landscape_photo_in_the_docx_still_fills_the_text_width(tmp_path: Path) -> None:
    doc = docx_part(photo_article(1600, 800), tmp_path)
    (extent,) = doc.iterfind(".//wp:inline/wp:extent", NS)
    text_width = Mm(210) - 2 * Mm(25)
    assert abs(int(extent.get("cx")) - text_width) < Mm(1)
    assert int(extent.get("cy")) < Mm(PAPERS["a4"].figure_max_height)


def test_an_inline_photo_has_no_distance_from_the_text_around_it(tmp_path: Path) -> None:
    doc = docx_part(photo_article(1600, 900), tmp_path)
    (inline,) = doc.iterfind(".//wp:inline", NS)
    assert {k: inline.get(k) for k in ("distT", "distB", "distL", "distR")} == dict.fromkeys(
        ("distT", "distB", "distL", "distR"), "0")
