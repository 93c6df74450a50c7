"""Every caption pattern real pages use attaches the caption to its own photo, once."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import photo_bytes

from converter import model as m
from converter import read
from converter.walk import block_text, figures, plain_text

TEMPLATE = """<html><head><title>Tin</title></head><body><table id="tableforprint">
<tr><td><p class="Title">Một bài viết có ảnh</p></td></tr><tr><td><div class="ExternalClassA">
<p>Đoạn mở đầu của bài viết về hội nghị tổng kết năm của tỉnh.</p>{body}
<p>Đoạn cuối cùng của bài viết, đủ dài để không bị nhầm là chú thích ảnh hay chữ ký.</p>
</div></td></tr></table></body></html>"""


def article(tmp_path: Path, body: str) -> m.Article:
    files = tmp_path / "bai_files"
    files.mkdir(exist_ok=True)
    for name in ("a.jpg", "b.jpg"):
        (files / name).write_bytes(photo_bytes())
    path = tmp_path / "bai.html"
    path.write_text(TEMPLATE.format(body=body), encoding="utf-8")
    return read(path).article


def captions(art: m.Article) -> list[str]:
    return [plain_text(f.caption) for f in figures(art.blocks)]


def paragraphs(art: m.Article) -> list[str]:
    return [block_text(b) for b in art.blocks if isinstance(b, m.Paragraph)]


@pytest.mark.parametrize("body", [
    '<figure><img src="bai_files/a.jpg"><figcaption>Toàn cảnh hội nghị</figcaption></figure>',
    '<p><img src="bai_files/a.jpg"></p><p><em>Toàn cảnh hội nghị</em></p>',
    '<p><img src="bai_files/a.jpg"></p><p style="text-align: center">Toàn cảnh hội nghị</p>',
    '<p><img src="bai_files/a.jpg"></p><p class="chuthich">Toàn cảnh hội nghị</p>',
    '<p><img src="bai_files/a.jpg"></p><div class="image_desc">Toàn cảnh hội nghị</div>',
    '<p><img src="bai_files/a.jpg"></p><p class="ms-rteElement-Caption">Toàn cảnh hội nghị</p>',
    '<p><img src="bai_files/a.jpg"><br>Toàn cảnh hội nghị</p>',
    '<table><tr><td><img src="bai_files/a.jpg"></td></tr><tr><td>Toàn cảnh hội nghị</td></tr></table>',
    '<div><figure><img src="bai_files/a.jpg"></figure><div data-automation-id="captionElement">'
    "<span>Toàn cảnh hội nghị</span></div></div>",
], ids=["figcaption", "em", "centred", "chuthich", "image_desc", "rte-caption", "same-paragraph", "two-row-table",
        "modern-captionElement"])
def test_each_caption_pattern_attaches_the_caption_to_its_photo_once(tmp_path: Path, body: str) -> None:
    art = article(tmp_path, body)
    assert captions(art) == ["Toàn cảnh hội nghị"]
    assert "Toàn cảnh hội nghị" not in paragraphs(art)


def test_a_photo_without_a_caption_stays_uncaptioned_and_alt_text_stays_alt_text(tmp_path: Path) -> None:
    art = article(tmp_path, '<p><img src="bai_files/a.jpg" alt="Hội trường"></p>')
    (fig,) = figures(art.blocks)
    assert fig.caption == () and fig.image.alt == "Hội trường"


def test_text_flowing_around_a_floated_photo_is_body_text(tmp_path: Path) -> None:
    art = article(tmp_path, '<p><img class="ms-rtePosition-1" src="bai_files/a.jpg">Người dân đến dự rất đông.</p>')
    assert captions(art) == [""]
    assert "Người dân đến dự rất đông." in paragraphs(art)


def test_spacers_and_tracking_pixels_are_not_figures(tmp_path: Path) -> None:
    art = article(tmp_path, '<p><img src="/_layouts/images/blank.gif"><img src="bai_files/a.jpg" width="1" '
                            'height="1"></p>')
    assert figures(art.blocks) == []


def test_two_photos_each_keep_their_own_caption(tmp_path: Path) -> None:
    body = ('<p><img src="bai_files/a.jpg"></p><p><em>Ảnh thứ nhất</em></p><p>Giữa hai ảnh là một đoạn văn.</p>'
            '<p><img src="bai_files/b.jpg"></p><p><i>Ảnh thứ hai</i></p>')
    assert captions(article(tmp_path, body)) == ["Ảnh thứ nhất", "Ảnh thứ hai"]


def test_a_long_paragraph_after_a_photo_is_not_its_caption(tmp_path: Path) -> None:
    long = "Đây là một đoạn văn rất dài tiếp tục câu chuyện sau bức ảnh. " * 10
    art = article(tmp_path, f'<p><img src="bai_files/a.jpg"></p><p style="text-align:center"><small>{long}</small></p>')
    assert captions(art) == [""]


def test_icons_and_sharepoint_interface_images_are_not_figures(tmp_path: Path) -> None:
    body = ('<p>Tải văn bản <img src="/_layouts/images/icpdf.png"> và xem <img src="bai_files/a.jpg" width="16" '
            'height="16"> biểu tượng.</p>')
    assert figures(article(tmp_path, body).blocks) == []


LONG_SENTENCE = ("Chiều 22/6/2019, tại Thủ đô Bangkok, Thái Lan, Thủ tướng dự Phiên toàn thể Hội nghị cấp cao "
                 "ASEAN lần thứ 34 cùng lãnh đạo các nước thành viên và khách mời của nước chủ nhà.")


@pytest.mark.parametrize("credit", ["Ảnh: Thống Nhất -TTXVN", "(Ảnh: Mỹ Hằng)", "Photo: AFP"])
def test_a_plain_paragraph_under_a_photo_ending_with_its_credit_is_the_caption(tmp_path: Path, credit: str) -> None:
    # The Vietnamese press convention (batch-stc's ASEAN summit page): no class, no italics, no centring.
    body = f'<h2><br/><img src="bai_files/a.jpg"></h2><p>{LONG_SENTENCE} {credit}</p>'
    art = article(tmp_path, body)
    assert captions(art) == [f"{LONG_SENTENCE} {credit}"]
    assert not any(credit in p for p in paragraphs(art))  # once, as the caption


def test_a_credit_at_the_end_of_a_paragraph_away_from_any_photo_stays_body_text(tmp_path: Path) -> None:
    body = (f'<p><img src="bai_files/a.jpg"></p><p><em>Toàn cảnh hội nghị</em></p>'
            f"<p>{LONG_SENTENCE} Ảnh: Thống Nhất</p>")
    art = article(tmp_path, body)
    assert captions(art) == ["Toàn cảnh hội nghị"]
    assert f"{LONG_SENTENCE} Ảnh: Thống Nhất" in paragraphs(art)


def test_a_body_paragraph_under_a_photo_without_a_credit_is_not_its_caption(tmp_path: Path) -> None:
    long_body = LONG_SENTENCE * 4  # longer than any caption
    art = article(tmp_path, f'<p><img src="bai_files/a.jpg"></p><p>{long_body}</p>')
    assert captions(art) == [""]
    assert long_body in paragraphs(art)


# A page's caption style, learnt from its clearest figures and applied to every figure (issue 16).
GREY = '<span style="color:#535353">{}</span>'
BODY = ('<div style="text-align:justify">' + GREY.format("Đoạn văn thân bài dài, kể lại diễn biến của sự kiện.")
        + "</div>")
PHOTO = '<div style="text-align:center">' + GREY.format('<img src="bai_files/{}">') + "</div>"
BLUE = ('<div style="text-align:center">' + GREY.format('<span style="color:#0000ff">{}</span>') + "</div>")


def test_centred_blue_captions_are_found_on_a_page_whose_text_is_all_one_grey(tmp_path: Path) -> None:
    body = (BODY + PHOTO.format("a.jpg") + BLUE.format("Các đại biểu dự lễ khai mạc") + BODY
            + PHOTO.format("b.jpg") + BLUE.format("Quang cảnh buổi lễ tại hội trường") + BODY)
    art = article(tmp_path, body)
    assert captions(art) == ["Các đại biểu dự lễ khai mạc", "Quang cảnh buổi lễ tại hội trường"]
    assert not any("Các đại biểu" in p for p in paragraphs(art))


def test_a_caption_split_over_two_paragraphs_set_alike_is_one_caption(tmp_path: Path) -> None:
    body = (PHOTO.format("a.jpg") + BLUE.format("Các đại biểu dự lễ khai mạc,")
            + BLUE.format("trong đó có lãnh đạo tỉnh") + BODY
            + PHOTO.format("b.jpg") + BLUE.format("Quang cảnh buổi lễ") + BODY + BODY)
    assert captions(article(tmp_path, body)) == ["Các đại biểu dự lễ khai mạc, trong đó có lãnh đạo tỉnh",
                                                 "Quang cảnh buổi lễ"]


def test_an_unstyled_line_without_a_full_stop_under_a_photo_is_its_caption(tmp_path: Path) -> None:
    body = ('<p><img src="bai_files/a.jpg"></p><p>Anh Lục Văn Đoàn vui mừng với giống cà phê được hỗ trợ kịp thời</p>'
            '<p><img src="bai_files/b.jpg"></p><p>Cây giống sẽ được trồng sau khoảng 20 ngày.</p>')
    art = article(tmp_path, body)
    # The second line ends its sentence: a body paragraph, so it stays one.
    assert captions(art) == ["Anh Lục Văn Đoàn vui mừng với giống cà phê được hỗ trợ kịp thời", ""]
    assert "Cây giống sẽ được trồng sau khoảng 20 ngày." in paragraphs(art)


def test_lines_that_title_photos_from_above_are_not_captions_of_the_photo_before(tmp_path: Path) -> None:
    body = ('<p>2016 : Vivement ce soir, roman, éditions Luce</p><p><img src="bai_files/a.jpg"></p>'
            '<p>2015 : Histoires criminelles en Belgique, quatre tomes</p><p><img src="bai_files/b.jpg"></p>')
    art = article(tmp_path, body)
    assert captions(art) == ["", ""]
    assert "2015 : Histoires criminelles en Belgique, quatre tomes" in paragraphs(art)


@pytest.mark.parametrize("line", ["Pictured: officers at the scene of the theft",
                                  "Above - the two men seen on camera in the shop",
                                  "(Ảnh: Các đại biểu cắt băng khai mạc hội chợ)"])
def test_a_line_that_points_at_the_photo_is_its_caption(tmp_path: Path, line: str) -> None:
    body = f'<p><img src="bai_files/a.jpg"></p><p>{line}.</p>'
    assert captions(article(tmp_path, body)) == [f"{line}."]


def test_word_markup_typed_in_as_text_is_not_part_of_a_caption(tmp_path: Path) -> None:
    body = '<p><img src="bai_files/a.jpg"></p><p style="text-align:center">Cây giống mới&lt;o:p&gt;&lt;/o:p&gt;</p>'
    assert captions(article(tmp_path, body)) == ["Cây giống mới"]


def test_a_photo_lost_when_saved_keeps_its_caption_on_its_placeholder(tmp_path: Path) -> None:
    body = ('<p style="text-align:center"><img src=""></p>'
            '<p style="text-align:center"><em>Toàn cảnh hội nghị tổng kết</em></p>')
    art = article(tmp_path, body)
    assert captions(art) == ["Toàn cảnh hội nghị tổng kết"]


def test_a_body_typed_into_headings_keeps_its_captions(tmp_path: Path) -> None:
    """Some portals put every line of an article in <h2>: the italic centred one under a photo is its
    caption, not a section title."""
    body = ('<h2><img src="bai_files/a.jpg"></h2>'
            '<h2 style="text-align:center"><em>Cán bộ xã tuyên truyền cho bà con</em></h2>'
            '<h2>Buổi tuyên truyền thu hút đông đảo người dân tham gia và đặt nhiều câu hỏi.</h2>'
            '<h2 style="text-align:right">Kim Ngân</h2>')
    art = article(tmp_path, body)
    assert captions(art) == ["Cán bộ xã tuyên truyền cho bà con"]
    assert not any(isinstance(b, m.Heading) and "Cán bộ xã" in block_text(b) for b in art.blocks)


def test_a_heading_under_a_photo_that_is_set_as_a_heading_stays_a_heading(tmp_path: Path) -> None:
    body = '<p><img src="bai_files/a.jpg"></p><h3>Kết quả đạt được</h3><p>Năm qua, tỉnh đã hoàn thành kế hoạch.</p>'
    art = article(tmp_path, body)
    assert captions(art) == [""]
    assert any(isinstance(b, m.Heading) and block_text(b) == "Kết quả đạt được" for b in art.blocks)
