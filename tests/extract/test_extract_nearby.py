"""Header lines recognised by their content and their place next to the title, on layouts no profile names.

Each fixture is written here in the shape of a real failure class (issue 16): a LacViet news web part
without its ExternalClass wrapper, a portal header in divs with unfamiliar class names, a date in an
``<h2>`` under the ``<h1>``. The texts are invented.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from converter import read
from converter.extract.dates import date_line_remainder, date_locale, parse_date
from converter.extract.header import person_name
from converter.model import Article, Figure, Signature
from converter.walk import block_text, figures, iter_blocks, plain_text

PROSE = ("Ủy ban nhân dân huyện đã tổ chức hội nghị với sự tham gia của đại diện các xã, thị trấn và các "
         "phòng ban chuyên môn, nhằm đánh giá kết quả thực hiện nhiệm vụ trong quý và bàn giải pháp cho quý tới.")

LACVIET_BARE = f"""<html><head><meta charset="utf-8"><title>Cổng thông tin điện tử huyện Hòa Bình</title></head>
<body><div id="s4-bodyContainer"><div class="menu"><a href="/">Trang chủ</a> <a href="/gt">Giới thiệu</a></div>
<table width="100%"><tr class="ms-news-header"><td class="FolderTitle"></td>
<td class="Time">thứ ba, Ngày 23/07/2019, 07:50</td></tr></table>
<div id="part1"><table id="tableforprint"><tr><td>
<p class="Title allowMenuPost">Huyện tổ chức hội thi nghiệp vụ văn thư lưu trữ năm 2019</p></td></tr></table><br>
<p style="text-align:justify">Sáng ngày 22/7, huyện tổ chức Hội thi nghiệp vụ văn thư. {PROSE}</p>
<p style="text-align:center"><img src="/img/a1.jpg" width="500"></p>
<p style="text-align:center">Quang cảnh hội thi nghiệp vụ văn thư lưu trữ</p>
<p style="text-align:justify">Hội thi gồm ba phần thi. {PROSE}</p>
<p style="text-align:center"><img src="/img/a2.jpg" width="500"></p>
<p style="text-align:center"><em>Đội thi xã Tân Lập trong phần thi xử lý tình huống</em></p>
<p style="text-align:center"><img src="/img/a3.jpg" width="500"></p>
<p style="text-align:center"><span style="color:#0000ff">Ban tổ chức trao giải nhất cho đội thi thị trấn</span></p>
<p style="text-align:justify">Kết thúc hội thi, Ban tổ chức đã trao các giải cho các đội có thành tích cao.</p>
<p style="text-align:right"><strong>Tin, ảnh: Minh Tâm</strong></p>
<span class="css_readCounter">Số lượt người xem: 13</span>
</div><div class="tb-HitCount">Lượt xem: 999999</div>
<div class="footer">Bản quyền thuộc UBND huyện Hòa Bình.</div></div></body></html>"""

DIV_HEADER = f"""<html><head><meta charset="utf-8"><title>Cổng thông tin điện tử tỉnh Lâm Giang</title></head>
<body><div id="s4-bodyContainer"><ul class="topmenu"><li><a href="/">Trang chủ</a></li>
<li><a href="/tt">Tin tức</a></li></ul>
<div class="noidung">
<div class="chuyenmuc"><a href="/kinhte">Kinh tế - Xã hội</a></div>
<div class="ngaydang">Thứ 3, Ngày 14/03/2023, 16:30</div>
<h1 class="tieude">Tỉnh Lâm Giang đẩy mạnh chuyển đổi số trong nông nghiệp</h1>
<div class="noidungchitiet">
<p>Trong năm qua toàn tỉnh đã hỗ trợ hơn 120 hợp tác xã xây dựng mã truy xuất nguồn gốc. {PROSE}</p>
<p>Nhiều hợp tác xã đã chủ động bán hàng trực tuyến và tăng doanh thu đáng kể. {PROSE}</p>
<p>Thời gian tới, tỉnh tiếp tục đào tạo kỹ năng số cho nông dân. {PROSE}</p>
<p style="text-align:right"><b>NGỌC ANH</b></p>
</div>
<div class="luotxem">Lượt xem: 245</div>
</div></div></body></html>"""

ENGLISH = ("Officers are keen to speak to two men after a shop theft in the town centre last month, and they have "
           "released images of the pair taken from the store's cameras.")

H2_DATE = f"""<html lang="en-us"><head><meta charset="utf-8"><title>News - Constabulary</title></head><body>
<div id="sideNavBox"><ul><li><a href="https://www.example-police.uk/n1">Other news one</a></li></ul></div>
<a href="https://www.example-police.uk/Pages/Feedback.aspx">Feedback</a>
<div id="content"><div class="text-content"><h1>&nbsp;Do you recognise these two men?</h1><h2>&nbsp;{{date}}</h2>
<div class="news-img"><div id="lbl1" style="display:none">Page Image</div>
<div id="Img_ControlWrapper_RichImageField" class="ms-rtestate-field" aria-labelledby="lbl1">
<img src="/News%20Images/cctv.jpg" alt=""></div></div></div>
<div class="news-article-item"><div id="lbl2" style="display:none">Page Content</div>
<div id="Body_ControlWrapper_RichHtmlField" class="ms-rtestate-field" aria-labelledby="lbl2"><span>{ENGLISH}</span>
<p>The men entered the store on the afternoon of 12 January and left with goods worth several hundred pounds.</p>
<p>Anyone who recognises them is asked to call the force on 101, quoting the incident number.</p></div></div>
</div></body></html>"""


def convert(tmp_path: Path, html: str) -> Article:
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    return read(path).article


def body(art: Article) -> str:
    return " ".join(block_text(b) for b in iter_blocks(art.blocks))


def test_a_lacviet_news_part_without_its_wrapper_converts_with_date_views_and_every_caption(tmp_path: Path) -> None:
    art = convert(tmp_path, LACVIET_BARE)
    md = art.metadata
    assert md.title == "Huyện tổ chức hội thi nghiệp vụ văn thư lưu trữ năm 2019"
    assert md.published is not None and md.published.value is not None
    assert md.published.value.isoformat() == "2019-07-23T07:50:00+07:00"
    assert md.views == 13  # the article's counter, not the site's hit counter
    assert md.authors == ("Minh Tâm",)
    assert [plain_text(f.caption) for f in figures(art.blocks)] == [
        "Quang cảnh hội thi nghiệp vụ văn thư lưu trữ",
        "Đội thi xã Tân Lập trong phần thi xử lý tình huống",
        "Ban tổ chức trao giải nhất cho đội thi thị trấn",
    ]
    text = body(art)
    assert "Số lượt người xem" not in text and "Hội thi nghiệp vụ văn thư" in text
    assert "Huyện tổ chức hội thi" not in text  # the title is not repeated in the body


def test_a_header_in_divs_with_unfamiliar_classes_gives_category_date_and_views(tmp_path: Path) -> None:
    art = convert(tmp_path, DIV_HEADER)
    md = art.metadata
    assert md.title == "Tỉnh Lâm Giang đẩy mạnh chuyển đổi số trong nông nghiệp"
    assert md.category == "Kinh tế - Xã hội"
    assert md.published is not None and md.published.text == "Thứ 3, Ngày 14/03/2023, 16:30"
    assert md.published.value is not None and md.published.value.isoformat() == "2023-03-14T16:30:00+07:00"
    assert md.views == 245
    text = body(art)
    assert "Thứ 3, Ngày" not in text and "Lượt xem" not in text and "Kinh tế - Xã hội" not in text


@pytest.mark.parametrize(("date", "iso"), [
    ("19/02/2019", "2019-02-19T00:00:00+00:00"),
    # Both readings are valid: the site's .uk domain says day first, and British Summer Time applies.
    ("10/04/2019", "2019-04-10T00:00:00+01:00"),
])
def test_a_date_alone_in_the_heading_under_the_title_is_the_published_date(tmp_path: Path, date: str,
                                                                          iso: str) -> None:
    art = convert(tmp_path, H2_DATE.format(date=date))
    md = art.metadata
    assert md.published is not None and md.published.text == date
    assert md.published.value is not None and md.published.value.isoformat() == iso
    assert date not in body(art)


def test_an_empty_heading_under_the_title_invents_no_date(tmp_path: Path) -> None:
    art = convert(tmp_path, H2_DATE.format(date=""))
    assert art.metadata.published is None


def test_a_menu_above_the_title_is_not_its_category(tmp_path: Path) -> None:
    html = DIV_HEADER.replace('<div class="chuyenmuc"><a href="/kinhte">Kinh tế - Xã hội</a></div>',
                              '<div><a href="/gt">Giới thiệu</a></div><div><a href="/lh">Liên hệ</a></div>'
                              '<div><a href="/">Trang chủ</a></div>')
    assert convert(tmp_path, html).metadata.category == ""


def test_a_lone_link_far_from_the_title_box_is_not_its_category(tmp_path: Path) -> None:
    html = DIV_HEADER.replace('<div class="chuyenmuc"><a href="/kinhte">Kinh tế - Xã hội</a></div>', "").replace(
        '<div class="noidung">', '<div class="top"><div><div><a href="/login">Đăng nhập</a></div></div></div>'
                                 '<div class="noidung"><div><div>')
    html = html.replace('<div class="luotxem">', '</div></div><div class="luotxem">')
    assert convert(tmp_path, html).metadata.category == ""


@pytest.mark.parametrize(("line", "name"), [
    ("Kim Ngân", "Kim Ngân"),
    ("Hoàng Long (sưu tầm)", "Hoàng Long"),
    ("Hoàng Long \u201csưu tầm\u201d", "Hoàng Long"),
    ("Nguyễn Văn An", "Nguyễn Văn An"),
    ("Vương Hợp – PT.", "Vương Hợp"),
    ("Trân trọng cảm ơn quý vị", ""),  # not every word is capitalised: not a name
    ("Năm 2019", ""),
    ("NGỌC ANH", ""),  # capitals are the signature rule's (it gives "Ngọc Anh")
])
def test_a_closing_line_that_is_only_a_name_is_read_as_one(line: str, name: str) -> None:
    assert person_name(line) == name


def test_a_plain_closing_name_is_the_author_and_a_signature(tmp_path: Path) -> None:
    html = DIV_HEADER.replace('<p style="text-align:right"><b>NGỌC ANH</b></p>',
                              "<p><span>Hoàng Long (sưu tầm)</span></p>")
    art = convert(tmp_path, html)
    assert art.metadata.authors == ("Hoàng Long",)
    assert isinstance(art.blocks[-1], Signature)
    assert not any(isinstance(b, Figure) for b in art.blocks)


@pytest.mark.parametrize(("text", "left"), [
    ("Thứ 3, Ngày 14/03/2023, 16:30", ""), ("thứ ba, Ngày 23/07/2019, 07:50", ""), ("(26.07.2019 14:14)", ""),
    ("Thursday, March 14, 2024", ""), ("Cập nhật: 14/03/2023 08:15 GMT+7", ""), ("thứ năm, 08 08 2019 08:51", ""),
    ("Kinh tế 12/03/2023", "Kinhtế"), ("Ngày 12/3/2023 UBND tỉnh họp", "UBNDtỉnhhọp"), ("Kinh tế", "Kinh tế"),
])
def test_a_date_line_holds_nothing_but_its_date(text: str, left: str) -> None:
    assert date_line_remainder(text) == left


@pytest.mark.parametrize(("declared", "hosts", "text", "locale"), [
    ("en-us", ["durham.example.police.uk", "ajax.microsoft.com"], "", "en-gb"),  # the site's country
    ("en-us", [], "Posted 19/02/2019 and 05/02/2019", "en-001"),  # a date only day-first reads validly
    ("en-gb", [], "Updated 3/14/2024", "en-us"),  # the page's own dates beat the declaration
    ("en-us", ["www.example.org"], "", "en-us"),
    ("en-gb", [], "", "en-gb"),
])
def test_the_date_order_is_decided_per_page(declared: str, hosts: list[str], text: str, locale: str) -> None:
    assert date_locale("en", declared, hosts, text) == locale


def test_dates_follow_the_locale_order_and_zone() -> None:
    assert str(parse_date("05/02/2019", "en-gb")) == "2019-02-05 00:00:00+00:00"
    assert str(parse_date("05/02/2019", "en-us")) == "2019-05-02 00:00:00+00:00"
    assert str(parse_date("12/08/2019 14:30", "en-gb")) == "2019-08-12 14:30:00+01:00"
    assert str(parse_date("12/08/2019", "en-001")) == "2019-08-12 00:00:00+00:00"


def test_a_right_aligned_closing_heading_is_the_signature(tmp_path: Path) -> None:
    html = DIV_HEADER.replace('<p style="text-align:right"><b>NGỌC ANH</b></p>',
                              '<h2 style="text-align:right">Kim Ngân</h2>')
    art = convert(tmp_path, html)
    assert art.metadata.authors == ("Kim Ngân",)
    assert isinstance(art.blocks[-1], Signature)


DOCUMENT_NOTICE = """<html><head><meta charset="utf-8"><title>Cổng thông tin</title></head><body><table width="100%">
<tr class="ms-news-header"><td class="FolderTitle">Văn bản pháp luật</td><td class="Time">09/08/2019</td></tr></table>
<table id="tableforprint"><tr><td><p class="Title">Thông báo kết quả xét thăng hạng giáo viên năm 2019</p></td></tr>
<tr><td><div class="ExternalClassAB12"><p><img src="/img/trang1.png"></p>
<p><img src="/img/trang2.png"></p></div></td></tr>
<tr><td><div class="htvb_Att_img">Nhấn vào để xem : <a href="/img/thong-bao-105.pdf">chi tiết</a></div></td></tr>
</table></body></html>"""


def test_a_document_notice_keeps_its_scanned_pages_and_the_link_to_its_document(tmp_path: Path) -> None:
    art = convert(tmp_path, DOCUMENT_NOTICE)
    assert art.metadata.category == "Văn bản pháp luật"
    # The attachment line follows the scanned pages but is no page's caption: it is a block of its own.
    assert [plain_text(f.caption) for f in figures(art.blocks)] == ["", ""]
    assert "Nhấn vào để xem : chi tiết" in body(art)


@pytest.mark.parametrize(("line", "authors"), [
    ("Tin: Minh Anh - Ảnh: Thu Hà", ("Minh Anh", "Thu Hà")),
    ("Tin, ảnh: Mỹ Hằng", ("Mỹ Hằng",)),
])
def test_closing_credit_lines_name_every_contributor_once(tmp_path: Path, line: str,
                                                          authors: tuple[str, ...]) -> None:
    html = DIV_HEADER.replace('<p style="text-align:right"><b>NGỌC ANH</b></p>', f"<p>{line}</p>")
    art = convert(tmp_path, html)
    assert art.metadata.authors == authors
    assert isinstance(art.blocks[-1], Signature)


def test_a_byline_closing_a_longer_article_is_its_signature(tmp_path: Path) -> None:
    more = "".join(f"<p>Đoạn {n}. {PROSE}</p>" for n in range(4))
    html = DIV_HEADER.replace('<p style="text-align:right"><b>NGỌC ANH</b></p>', more + "<p>By Jane Doe</p>")
    art = convert(tmp_path, html)
    assert art.metadata.authors == ("Jane Doe",)
    assert isinstance(art.blocks[-1], Signature)
