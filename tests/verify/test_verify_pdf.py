"""`verify` on PDFs whose paragraphs run across a page break.

The running header (site name, category) and the footer ("Trang 2 / 2") are drawn in the page's
margin boxes; in the text layer they come between the two halves of a paragraph broken by the
page. The writer marks them as artifacts and the reader leaves artifacts out, so a complete PDF
verifies; a PDF that lacks the paragraph, or only shows it as page furniture, still fails.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from converter import api
from converter import model as m
from converter.options import WriteOptions
from converter.verify import verify

SITE = "Cổng thông tin điện tử tỉnh Lâm Giang"
CATEGORY = "Kinh tế - Xã hội"
# Too long for the margin boxes: each wraps onto two lines, so no line of the text is the whole name.
LONG_SITE = "Cổng thông tin điện tử Sở Nông nghiệp và Phát triển nông thôn tỉnh Lâm Giang"
LONG_CATEGORY = "Kinh tế - Xã hội - Nông nghiệp nông thôn"

# Distinct sentences, so that no half of the long paragraph is found elsewhere in the text.
_LONG = " ".join(
    f"Câu thứ {i}: hợp tác xã số {i} giới thiệu sản phẩm đạt chuẩn OCOP, từ cà phê rang xay đến mật ong "
    f"rừng, và ký {i + 2} hợp đồng tiêu thụ với các doanh nghiệp trong và ngoài tỉnh."
    for i in range(1, 61)
)


def _article(*, long: str = _LONG, site: str = SITE, category: str = CATEGORY) -> m.Article:
    return m.article(
        "Khai mạc Hội chợ Nông sản và sản phẩm OCOP tỉnh Lâm Giang năm 2024",
        m.para("Sáng 14/3, tại Quảng trường Trung tâm, Ủy ban nhân dân tỉnh khai mạc Hội chợ Nông sản."),
        m.para(long),
        m.para("Theo Sở Công Thương, hội chợ dự kiến đón khoảng 60.000 lượt khách trong 5 ngày."),
        language="vi",
        site_name=site,
        category=category,
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("ngat-trang") / "bai.pdf"
    api.write(_article(), target, "pdf", WriteOptions(paper="A5"))
    return target


@pytest.fixture(scope="module")
def wrapped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("ngat-trang-dai") / "bai.pdf"
    api.write(_article(site=LONG_SITE, category=LONG_CATEGORY), target, "pdf", WriteOptions(paper="A5"))
    return target


def _page_texts(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(pdf)).pages]


def test_the_long_paragraph_really_crosses_a_page_break_under_a_running_header(written: Path) -> None:
    pages = _page_texts(written)
    first = next(i for i, text in enumerate(pages) if "Câu thứ 1:" in text)
    last = next(i for i, text in enumerate(pages) if "Câu thứ 60:" in text)
    assert last > first, "the paragraph fits on one page: the test proves nothing"
    # The furniture is in the file's text layer: a plain extraction would find it between the halves.
    assert any("Trang 2 / " in text for text in pages[first:last + 1])
    assert any(SITE in text for text in pages[first + 1:last + 1])


def test_a_paragraph_broken_by_a_page_verifies_complete(written: Path) -> None:
    report = verify(_article(), written)
    assert report.complete, report.missing
    assert all(found == wanted for _, found, wanted in report.rows), report.rows


def test_a_running_head_that_wraps_in_its_margin_box_is_left_out_too(wrapped: Path) -> None:
    pages = _page_texts(wrapped)
    assert not any(LONG_SITE in text for text in pages)  # wrapped: no whole line to recognise
    assert any("Lâm Giang" in text for text in pages[1:])
    report = verify(_article(site=LONG_SITE, category=LONG_CATEGORY), wrapped)
    assert report.complete, report.missing


def test_a_pdf_without_that_paragraph_still_fails(tmp_path: Path) -> None:
    # The first two thirds of the paragraph only: both page halves' neighbours are there, the end is not.
    cut = _LONG[: _LONG.index("Câu thứ 41:")].strip()
    damaged = tmp_path / "thieu-doan.pdf"
    api.write(_article(long=cut), damaged, "pdf", WriteOptions(paper="A5"))
    missing = verify(_article(), damaged).missing
    assert missing == [f"paragraph: {_LONG[:69]}…"], missing


def test_the_paragraph_shown_only_as_page_furniture_fails(written: Path, tmp_path: Path) -> None:
    """Artifacts are left out of the text: body text marked as one is not content either."""
    damaged = tmp_path / "tat-ca-la-artifact.pdf"
    index = next(i for i, text in enumerate(_page_texts(written)) if "Câu thứ 60:" in text)
    with pikepdf.open(written) as pdf:
        page = pdf.pages[index]
        ops = []
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "BDC" and operands[0] == "/Span":  # body text → artifact
                operands = [pikepdf.Name("/Artifact"), pikepdf.Dictionary(Type=pikepdf.Name("/Pagination"))]
            ops.append((operands, operator))
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))
        pdf.save(damaged)
    missing = verify(_article(), damaged).missing
    assert any(item.startswith("paragraph: Câu thứ 1:") for item in missing), missing


def test_an_untagged_pdf_falls_back_to_dropping_the_running_head_lines(written: Path, tmp_path: Path) -> None:
    """Furniture that is not marked (another writer, an older portalconv): whole lines are dropped."""
    plain = tmp_path / "khong-danh-dau.pdf"
    with pikepdf.open(written) as pdf:
        for page in pdf.pages:
            ops = []
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) in ("BDC", "BMC") and operands[0] == "/Artifact":
                    operands = [pikepdf.Name("/Span"), *operands[1:]]
                ops.append((operands, operator))
            page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))
        pdf.save(plain)
    assert any(f"{SITE} {CATEGORY}" in text for text in _page_texts(plain))
    report = verify(_article(), plain)
    assert report.complete, report.missing



def test_letters_decide_in_a_pdf_not_spaces_and_soft_hyphens_are_invisible(tmp_path: Path) -> None:
    # A column as narrow as A5 leaves: "tiêu/trụ" and the URL wrap inside the word, and the PDF reads
    # the break back as a space; the soft hyphens of "m²" written as "m\xad\xad2" print nothing.
    words = " ".join(["Hỗ trợ 1.200 m\u00ad\u00ad2 vườn ươm cho hộ tham gia dự án theo tiêu/trụ mới,"] * 3)
    url = "https://www.hsx.vn/Modules/Cms/Web/ViewArticle/" + "a1b2c3d4" * 6
    article = m.article("Vườn ươm", m.para(words), m.para(f"Xem thêm tại {url} để biết chi tiết."), language="vi")
    target = tmp_path / "hep.pdf"
    api.write(article, target, "pdf", WriteOptions(paper="A5"))
    report = verify(article, target)
    assert report.complete, report.missing
    # Letters still count: one changed letter is found missing.
    changed = m.article("Vườn ươm", m.para(words.replace("vườn ươm", "vườn ương")),
                        m.para(f"Xem thêm tại {url} để biết chi tiết."), language="vi")
    assert [item.split(":")[0] for item in verify(changed, target).missing] == ["paragraph"]



def test_a_generated_page_whose_br_joined_paragraph_crosses_pages_verifies(tmp_path: Path) -> None:
    """Issue 18 item 5: a paragraph made of lines joined by ``<br><br>`` that a page break splits,
    the running head between its halves, read from a saved page and checked by ``--verify``
    (against the model and the page's own text)."""
    from typer.testing import CliRunner

    from converter.cli import app

    lines = "<br><br>".join(f"Dòng {i}: hợp tác xã số {i} ký {i + 2} hợp đồng tiêu thụ cà phê rang xay với doanh "
                            f"nghiệp trong tỉnh." for i in range(1, 71))
    page = tmp_path / "bai-dai.html"
    page.write_text(f'<html><head><title>{SITE}</title><meta property="og:site_name" content="{SITE}"></head>'
                    '<body><div class="ms-rtestate-field"><h1>Hội chợ nông sản kéo dài một tuần</h1>'
                    "<p>Sáng 14/3, Ủy ban nhân dân tỉnh khai mạc hội chợ nông sản tại quảng trường.</p>"
                    f"<p>{lines}</p><p>Hội chợ dự kiến đón khoảng 60.000 lượt khách trong 5 ngày.</p>"
                    "</div></body></html>", encoding="utf-8")
    result = CliRunner().invoke(app, [str(page), "--to", "pdf", "--paper", "A5", "-o", str(tmp_path / "out") + "/",
                                      "--verify"])
    assert result.exit_code == 0, result.output
    pages = _page_texts(tmp_path / "out" / "bai-dai.pdf")
    first = next(i for i, text in enumerate(pages) if "Dòng 1:" in text)
    last = next(i for i, text in enumerate(pages) if "Dòng 70:" in text)
    assert last > first, "the paragraph fits on one page: the test proves nothing"
    assert any(SITE in text for text in pages[first + 1:last + 1])  # the running head sits between its halves
    shown = CliRunner().invoke(app, ["verify", str(page), str(tmp_path / "out" / "bai-dai.pdf")])
    assert shown.exit_code == 0 and "INCOMPLETE" not in shown.output, shown.output
