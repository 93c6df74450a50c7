"""Small HTML snippets → model: one behaviour per test, named as a sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import photo_bytes

from converter import model as m
from converter import read
from converter.errors import InputError, NoArticleError
from converter.walk import block_text, figures, plain_text

PORTAL = """<html lang="en-us"><head><title>Cổng thông tin</title></head><body>
<div id="s4-ribbonrow"><a href="#">Skip Ribbon Commands</a></div>
<table><tr class="ms-news-header"><td class="FolderTitle">Kinh tế</td>
<td class="Time">Thứ 6, Ngày 08/10/2021, 19:00</td></tr></table>
<table id="tableforprint"><tr><td><p class="Title">Tiêu đề bài viết thử nghiệm</p></td></tr>
<tr><td><div class="ExternalClassABC">{body}</div></td></tr></table>
<span class="css_readCounter">Lượt người xem: <b>1.318</b></span>
</body></html>"""


def page(tmp_path: Path, body: str, files: dict[str, bytes] | None = None, template: str = PORTAL) -> Path:
    path = tmp_path / "bai.html"
    path.write_text(template.replace("{body}", body), encoding="utf-8")
    for name, data in (files or {}).items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return path


def test_portal_title_category_date_and_views_come_from_the_news_web_part(tmp_path: Path) -> None:
    art = read(page(tmp_path, "<p>Nội dung bài viết đầu tiên của trang.</p>")).article
    md = art.metadata
    assert md.title == "Tiêu đề bài viết thử nghiệm"
    assert md.category == "Kinh tế"
    assert md.published is not None and md.published.text == "Thứ 6, Ngày 08/10/2021, 19:00"
    assert md.published.value is not None and md.published.value.isoformat() == "2021-10-08T19:00:00+07:00"
    assert md.views == 1318
    assert md.language == "vi" or md.language == "en"  # short snippet: too few letters to be sure


def test_a_photo_paragraph_followed_by_an_italic_paragraph_becomes_a_captioned_figure(tmp_path: Path) -> None:
    body = ('<p>Đoạn mở.</p><p style="text-align:center"><img src="bai_files/a.jpg" alt="ảnh"></p>'
            "<p><em>Quang cảnh buổi làm việc</em></p><p>Đoạn sau.</p>")
    art = read(page(tmp_path, body, {"bai_files/a.jpg": photo_bytes()})).article
    figs = figures(art.blocks)
    assert len(figs) == 1
    assert plain_text(figs[0].caption) == "Quang cảnh buổi làm việc"
    assert figs[0].image.alt == "ảnh"
    assert art.resource(figs[0].image.resource) is not None
    assert [block_text(b) for b in art.blocks if isinstance(b, m.Paragraph)] == ["Đoạn mở.", "Đoạn sau."]


def test_each_photo_keeps_its_own_caption_when_several_follow_each_other(tmp_path: Path) -> None:
    body = "".join(f'<p><img src="bai_files/{i}.jpg"></p><p><i>Chú thích {i}</i></p><p>Văn bản {i}.</p>'
                   for i in range(1, 4))
    files = {f"bai_files/{i}.jpg": photo_bytes(color=(i * 40, 90, 90)) for i in range(1, 4)}
    art = read(page(tmp_path, body, files)).article
    assert [plain_text(f.caption) for f in figures(art.blocks)] == ["Chú thích 1", "Chú thích 2", "Chú thích 3"]
    keys = [f.image.resource for f in figures(art.blocks)]
    assert len(set(keys)) == 3


def test_a_two_row_layout_table_pairs_the_photo_with_the_cell_below(tmp_path: Path) -> None:
    body = ('<table><tr><td><img src="bai_files/t.jpg"></td></tr>'
            "<tr><td>Đại biểu tham quan gian hàng</td></tr></table><p>Tiếp theo.</p>")
    art = read(page(tmp_path, body, {"bai_files/t.jpg": photo_bytes()})).article
    (fig,) = figures(art.blocks)
    assert plain_text(fig.caption) == "Đại biểu tham quan gian hàng"
    assert not any(isinstance(b, m.Table) for b in art.blocks)


def test_a_missing_image_keeps_its_caption_and_gives_one_warning(tmp_path: Path) -> None:
    body = '<p><img src="bai_files/mat.jpg"></p><p><em>Ảnh đã mất</em></p>'
    result = read(page(tmp_path, body))
    (fig,) = figures(result.article.blocks)
    assert fig.image.resource is None and plain_text(fig.caption) == "Ảnh đã mất"
    assert [w.code for w in result.warnings].count("missing-image") == 1


def test_remote_images_are_never_fetched(tmp_path: Path) -> None:
    result = read(page(tmp_path, '<p><img src="http://127.0.0.1:9/x.jpg"></p><p>Chữ.</p>'))
    (fig,) = figures(result.article.blocks)
    assert fig.image.resource is None


def test_images_outside_the_page_folder_are_refused(tmp_path: Path) -> None:
    secret = tmp_path.parent / "secret.jpg"
    secret.write_bytes(photo_bytes())
    sub = tmp_path / "site"
    sub.mkdir()
    result = read(page(sub, '<p><img src="../secret.jpg"></p><p>Chữ.</p>'))
    assert figures(result.article.blocks)[0].image.resource is None


def test_data_uri_images_are_decoded(tmp_path: Path) -> None:
    import base64

    uri = "data:image/png;base64," + base64.b64encode(photo_bytes(20, 10, fmt="PNG")).decode()
    art = read(page(tmp_path, f'<p><img src="{uri}"></p><p><em>Ảnh nhúng</em></p>')).article
    (fig,) = figures(art.blocks)
    res = art.resource(fig.image.resource)
    assert res is not None and res.media_type == "image/png"


def test_a_bold_first_paragraph_with_an_agency_tag_is_the_lead(tmp_path: Path) -> None:
    body = "<p><strong>(TUAG)- Chiều 8/10, đoàn công tác đã làm việc với tỉnh.</strong></p><p>Thân bài.</p>"
    art = read(page(tmp_path, body)).article
    assert art.metadata.lead == "(TUAG)- Chiều 8/10, đoàn công tác đã làm việc với tỉnh."
    assert [block_text(b) for b in art.blocks] == ["Thân bài."]


def test_a_closing_line_in_capitals_is_the_signature(tmp_path: Path) -> None:
    body = '<p>Thân bài dài.</p><p style="text-align:right"><b>THU THẢO</b></p>'
    art = read(page(tmp_path, body)).article
    assert isinstance(art.blocks[-1], m.Signature)
    assert plain_text(art.blocks[-1].children) == "THU THẢO"


def test_the_date_and_author_line_gives_the_author_and_leaves_the_body(tmp_path: Path) -> None:
    art = read(page(tmp_path, "<p>08/10/2021 | Thu Thảo</p><p>Thân bài.</p>")).article
    assert art.metadata.authors == ("Thu Thảo",)
    assert [block_text(b) for b in art.blocks] == ["Thân bài."]


def test_font_size_widget_and_hidden_text_never_reach_the_model(tmp_path: Path) -> None:
    body = ('<p>Cỡ chữ: Font size: Giảm (A-) Mặc định (A) Tăng (A+)</p>'
            '<p style="display: none">bí mật</p><p>Thân bài.</p><script>var x = 1;</script>')
    art = read(page(tmp_path, body)).article
    assert [block_text(b) for b in art.blocks] == ["Thân bài."]


def test_inline_formatting_and_links_are_kept(tmp_path: Path) -> None:
    body = '<p>Có <b>đậm</b>, <i>nghiêng</i>, <u>gạch</u>, m<sup>2</sup> và <a href="https://a.vn/x">liên kết</a>.</p>'
    art = read(page(tmp_path, body)).article
    (p,) = art.blocks
    assert isinstance(p, m.Paragraph)
    kinds = [type(c).__name__ for c in p.children]
    assert kinds == ["Text", "Strong", "Text", "Emphasis", "Text", "Underline", "Text", "Superscript", "Text",
                     "Link", "Text"]
    link = p.children[9]
    assert isinstance(link, m.Link) and link.url == "https://a.vn/x"


def test_relative_links_are_made_absolute_against_the_saved_from_address(tmp_path: Path) -> None:
    tpl = "<!-- saved from url=(0040)https://portal.example.vn/tin/Pages/a.aspx -->\n" + PORTAL
    art = read(page(tmp_path, '<p>Xem <a href="b.aspx">bài khác</a> nhé.</p>', template=tpl)).article
    link = art.blocks[0].children[1]  # type: ignore[union-attr]
    assert isinstance(link, m.Link) and link.url == "https://portal.example.vn/tin/Pages/b.aspx"
    assert art.metadata.source_url == "https://portal.example.vn/tin/Pages/a.aspx"


def test_a_relative_link_of_a_page_without_an_address_keeps_its_reference(tmp_path: Path) -> None:
    # Often all a portal's document page holds: the link to the report itself.
    body = '<p>Xem chi tiết <a href="/img/132 BC gia c%E1%BA%A3.pdf">tại đây</a>, và <a href="#top">đầu trang</a>.</p>'
    art = read(page(tmp_path, body)).article
    (p,) = art.blocks
    assert isinstance(p, m.Paragraph)
    links = [c for c in p.children if isinstance(c, m.Link)]
    assert [link.url for link in links] == ["/img/132 BC gia c%E1%BA%A3.pdf"]  # the in-page anchor is just text
    assert plain_text(p.children) == "Xem chi tiết tại đây, và đầu trang."
    assert plain_text(p.children, with_targets=True) == "Xem chi tiết tại đây [/img/132 BC gia cả.pdf], và đầu trang."


def test_lists_tables_and_headings_are_structured(tmp_path: Path) -> None:
    body = ("<h2>Phần một</h2><ul><li>Một</li><li>Hai<ol><li>Con</li></ol></li></ul>"
            "<h3>Phần hai</h3><table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>")
    art = read(page(tmp_path, body)).article
    kinds = [type(b).__name__ for b in art.blocks]
    assert kinds == ["Heading", "ListBlock", "Heading", "Table"]
    assert [b.level for b in art.blocks if isinstance(b, m.Heading)] == [1, 2]
    table = art.blocks[3]
    assert isinstance(table, m.Table) and table.header_rows == 1 and len(table.rows) == 2
    nested = art.blocks[1].items[1].blocks[1]  # type: ignore[union-attr]
    assert isinstance(nested, m.ListBlock) and nested.ordered


def test_a_page_without_an_article_raises_no_article(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><body><div id='s4-ribbonrow'>Skip Ribbon Commands</div></body></html>")
    with pytest.raises(NoArticleError) as info:
        read(path)
    assert "empty.html" in str(info.value) and info.value.exit_code == 4


@pytest.mark.parametrize("content", [b"", b"   \n"])
def test_an_empty_file_is_an_input_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "e.html"
    path.write_bytes(content)
    with pytest.raises(InputError, match="empty"):
        read(path)


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "nope.html")


def test_a_video_in_the_article_stays_as_a_link_to_its_file_and_an_iframe_is_dropped(tmp_path: Path) -> None:
    body = ('<p>Phỏng vấn:</p><p><video controls><source src="https://cdn.example.vn/pv/phong%20van.mp4" '
            'type="video/mp4"></video></p><p><iframe src="https://www.facebook.com/plugins/like.php"></iframe>'
            '<audio src="data:audio/mpeg;base64,AAAA"></audio>Hết.</p>')
    result = read(page(tmp_path, body))
    links = [c for b in result.article.blocks if isinstance(b, m.Paragraph) for c in b.children
             if isinstance(c, m.Link)]
    assert [(plain_text(link.children), link.url) for link in links] == [
        ("[video: phong van.mp4]", "https://cdn.example.vn/pv/phong%20van.mp4")]
    messages = sorted(w.message for w in result.warnings if w.code == "unsupported-element")
    assert messages == ["<audio> dropped: data:audio/mpeg;base64,…",
                        "<iframe> dropped: https://www.facebook.com/plugins/like.php",
                        "<video> kept as a link: https://cdn.example.vn/pv/phong%20van.mp4"]
