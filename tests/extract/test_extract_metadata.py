"""What pages say about their article: dates, titles, authors, language, views, sources, priorities."""

from __future__ import annotations

from pathlib import Path

import pytest

from converter import model as m
from converter import read
from converter.extract.dates import parse_date
from converter.extract.header import clean_head_title
from converter.extract.metadata import language_of

PORTAL = """<html lang="en-us"><head><title>Trang chủ - Cổng thông tin tỉnh</title>{head}</head><body>
<table id="tableforprint"><tr><td><p class="Title">Tiêu đề bài viết</p></td></tr>
<tr><td><div class="ExternalClassA">{body}</div></td></tr></table>{after}</body></html>"""
TEXT = "<p>Đoạn văn của bài viết, đủ dài để đọc như một bài báo trên cổng thông tin điện tử của tỉnh.</p>"


def page(tmp_path: Path, body: str = TEXT, after: str = "", head: str = "") -> m.Article:
    path = tmp_path / "bai.html"
    path.write_text(PORTAL.format(body=body, after=after, head=head), encoding="utf-8")
    return read(path).article


@pytest.mark.parametrize(("text", "language", "iso"), [
    ("Thứ 6, Ngày 08/10/2021, 19:00", "vi", "2021-10-08T19:00:00+07:00"),
    ("thứ ba, Ngày 23/07/2019, 07:50", "vi", "2019-07-23T07:50:00+07:00"),
    ("26.07.2019 14:14", "vi", "2019-07-26T14:14:00+07:00"),
    ("08/10/2021 | Thu Thảo", "vi", "2021-10-08T00:00:00+07:00"),
    ("2 June 2019", "en", "2019-06-02T00:00:00+00:00"),
    ("26 May 2017", "en", "2017-05-26T00:00:00+00:00"),
    ("8/10/2021 7:00 PM", "en", "2021-08-10T19:00:00+00:00"),
    ("2024-03-14T09:30:00", "en", "2024-03-14T09:30:00+00:00"),
    # An ISO date that states its offset keeps it, whatever the page's zone (article:published_time).
    ("2024-03-14T10:00:00Z", "vi", "2024-03-14T10:00:00+00:00"),
    ("2024-03-14T10:00:00.250+02:00", "vi", "2024-03-14T10:00:00+02:00"),
    ("14/03/2024 3:15 CH", "vi", "2024-03-14T15:15:00+07:00"),
    ("jeudi 6 septembre 2012", "fr", "2012-09-06T00:00:00+00:00"),
    ("ngày 14 tháng 3 năm 2024", "vi", "2024-03-14T00:00:00+07:00"),
    ("thứ năm, 08 08 2019 08:51", "vi", "2019-08-08T08:51:00+07:00"),  # spaces for separators, with a time
])
def test_dates_are_read_in_the_forms_pages_print_and_the_clock_time_is_never_shifted(
        text: str, language: str, iso: str) -> None:
    value = parse_date(text, language)
    assert value is not None and value.isoformat() == iso


def test_an_impossible_date_keeps_its_text_and_has_no_value() -> None:
    assert parse_date("31/02/2021", "vi") is None


@pytest.mark.parametrize(("head", "site", "title"), [
    ("KPC Press Releases\nAl-Marzouq: Vietnam Refinery First Step", "KPC Press Releases",
     "Al-Marzouq: Vietnam Refinery First Step"),
    ("FMIC-Family Hifazat App", "FMIC", "Family Hifazat App"),
    ("IATA - firstairline-story", "IATA", ""),
    ("Trang chủ - Website Thanh tra tỉnh ĐắkNông", "Website Thanh tra tỉnh ĐắkNông", ""),
    ("Accueil", "", "Accueil"),
    ("Al-Marzouq: a title with its own colon", "", "Al-Marzouq: a title with its own colon"),
])
def test_the_head_title_loses_the_site_name_and_a_slug_is_no_title(head: str, site: str, title: str) -> None:
    assert clean_head_title(head, []) == (title, site)


def test_a_known_site_name_is_cut_from_the_head_title() -> None:
    assert clean_head_title("Facilities - Badge requests", ["Facilities"]) == ("Badge requests", "Facilities")


def test_vietnamese_text_is_vietnamese_whatever_the_lang_attribute_says(tmp_path: Path) -> None:
    assert page(tmp_path).metadata.language == "vi"


def test_arabic_text_on_an_english_site_is_arabic() -> None:
    assert language_of("أقام نائب العضو المنتدب للتسويق العالمي حفل وداع للسيد عبد الله المذن.", "en") == "ar"


def test_without_telling_letters_the_page_lang_then_the_culture_decide() -> None:
    assert language_of("Accueil et biographie", "fr-FR", "en-US") == "fr"
    assert language_of("Plain text", "", "en-GB") == "en"


def test_views_come_from_the_article_counter_never_from_the_site_hit_counter(tmp_path: Path) -> None:
    after = ('<div class="tb-HitCount">Lượt xem: 999999</div>'
             '<div class="lv-readcounter">Lượt người xem: <span class="css_readCounter">1.318</span></div>')
    assert page(tmp_path, after=after).metadata.views == 1318


def test_a_site_hit_counter_alone_gives_no_views(tmp_path: Path) -> None:
    after = '<div class="tb-HitCount"><span class="view-count">123456</span></div><div>Số lượt truy cập: 123456</div>'
    assert page(tmp_path, after=after).metadata.views is None


def test_a_credit_line_names_the_author_and_stays_as_the_signature(tmp_path: Path) -> None:
    art = page(tmp_path, TEXT + "<p>Tin, ảnh: Mỹ Hằng</p>")
    assert art.metadata.authors == ("Mỹ Hằng",)
    assert isinstance(art.blocks[-1], m.Signature)


def test_a_signature_in_capitals_gives_the_author_in_name_case(tmp_path: Path) -> None:
    art = page(tmp_path, TEXT + "<p><b>THU THẢO</b></p>")
    assert art.metadata.authors == ("Thu Thảo",)


def test_a_source_line_is_a_field_and_stays_in_the_text(tmp_path: Path) -> None:
    art = page(tmp_path, TEXT + "<p>Theo: Báo Đắk Nông</p>")
    assert [(f.label, f.value, f.name) for f in art.metadata.fields] == [("Nguồn", "Báo Đắk Nông", "source")]
    assert art.metadata.authors == ()


def test_a_sentence_opening_with_theo_is_not_a_source(tmp_path: Path) -> None:
    art = page(tmp_path, TEXT + "<p>Theo kế hoạch, hội nghị sẽ kết thúc vào cuối tuần.</p>")
    assert art.metadata.fields == ()


def test_the_page_header_wins_over_meta_tags_and_meta_tags_fill_the_gaps(tmp_path: Path) -> None:
    head = ('<meta property="og:title" content="Another title"><meta property="article:published_time" '
            'content="2024-03-14T09:30:00"><meta property="article:author" content="Hoài Phương">')
    md = page(tmp_path, head=head).metadata
    assert md.title == "Tiêu đề bài viết"
    assert md.published is not None and md.published.text == "2024-03-14T09:30:00"
    assert md.authors == ("Hoài Phương",)


def test_the_site_name_comes_from_the_head_title_after_a_generic_page_name(tmp_path: Path) -> None:
    assert page(tmp_path).metadata.site_name == "Cổng thông tin tỉnh"


def test_a_date_line_at_the_top_of_the_body_gives_the_date_and_the_section(tmp_path: Path) -> None:
    art = page(tmp_path, "<p><em>Published in Council news on 26 May 2017</em></p>" + TEXT)
    assert art.metadata.published is not None and art.metadata.published.text == "26 May 2017"
    assert art.metadata.category == "Council news"
    assert len(art.blocks) == 1


def test_the_lead_under_an_opening_photo_is_still_the_lead(tmp_path: Path) -> None:
    body = ('<p><img src="bai_files/a.jpg"></p><p style="text-align:center"><strong>(CTTĐT) - Sáng nay, '
            "tỉnh tổ chức hội nghị tổng kết công tác năm.</strong></p>" + TEXT)
    art = page(tmp_path, body)
    assert art.metadata.lead.startswith("(CTTĐT) - Sáng nay")
    assert isinstance(art.blocks[0], m.Figure) and not art.blocks[0].caption


def test_a_heading_repeating_the_title_with_other_spacing_is_dropped(tmp_path: Path) -> None:
    art = page(tmp_path, "<h2>Tiêu đề  bài  viết</h2>" + TEXT)
    assert not any(isinstance(b, m.Heading) for b in art.blocks)


def test_an_overlong_heading_is_a_paragraph(tmp_path: Path) -> None:
    long = "Tham gia đợt hiến máu lần này có gần 600 cán bộ, công chức, viên chức. " * 4
    art = page(tmp_path, f"<h1>{long}</h1>")
    assert isinstance(art.blocks[0], m.Paragraph)
