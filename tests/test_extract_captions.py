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
