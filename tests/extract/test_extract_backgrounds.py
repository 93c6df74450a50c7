"""CSS background photos: a figure when the article itself shows one, never for chrome or styled boxes."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import photo_bytes
from test_extract_snippets import PORTAL, page

from converter import read
from converter.walk import block_text, figures, iter_blocks

PHOTO = {"bai_files/anh.jpg": photo_bytes(320, 200)}
TEXT = "<p>Đoạn văn của bài viết kể lại buổi lễ khánh thành công trình với đầy đủ chi tiết.</p>"


@pytest.mark.parametrize("style", ["background-image:url('bai_files/anh.jpg')",
                                   'background-image: url(&quot;bai_files/anh.jpg&quot;); height: 300px',
                                   "background:#fff url(bai_files/anh.jpg) no-repeat center"])
def test_an_empty_box_with_a_background_photo_in_the_body_is_a_captioned_figure(tmp_path: Path, style: str) -> None:
    body = (f'<div style="{style}" title="Lễ khánh thành"></div>'
            '<p style="text-align:center"><em>Quang cảnh buổi lễ khánh thành</em></p>' + TEXT)
    result = read(page(tmp_path, body, PHOTO))
    (fig,) = figures(result.article.blocks)
    assert fig.image.resource is not None and fig.image.alt == "Lễ khánh thành"
    assert "".join(block_text(b) for b in iter_blocks(result.article.blocks)).count("Quang cảnh buổi lễ") == 1
    assert result.warnings == []


def test_a_background_banner_outside_the_article_is_chrome(tmp_path: Path) -> None:
    template = PORTAL.replace('<div id="s4-ribbonrow">',
                              '<div class="banner" style="background-image:url(bai_files/anh.jpg)"></div>'
                              '<div id="s4-ribbonrow">')
    result = read(page(tmp_path, TEXT * 2, PHOTO, template=template))
    assert figures(result.article.blocks) == []


def test_a_box_with_text_keeps_its_text_and_its_background_stays_decoration(tmp_path: Path) -> None:
    body = '<div style="background-image:url(bai_files/anh.jpg)"><p>Hộp thông tin có nền.</p></div>' + TEXT
    result = read(page(tmp_path, body, PHOTO))
    assert figures(result.article.blocks) == []
    assert "Hộp thông tin có nền." in " ".join(block_text(b) for b in iter_blocks(result.article.blocks))


def test_icons_drawn_as_backgrounds_are_not_figures(tmp_path: Path) -> None:
    body = ('<a href="#" class="share-facebook" style="background:url(bai_files/anh.jpg);width:16px;'
            'height:16px"></a>' + TEXT)
    assert figures(read(page(tmp_path, body, PHOTO)).article.blocks) == []


def test_a_background_outside_the_page_folder_is_refused_like_any_image(tmp_path: Path) -> None:
    body = '<div style="background-image:url(../../etc/passwd)"></div>' + TEXT
    result = read(page(tmp_path, body))
    (fig,) = figures(result.article.blocks)
    assert fig.image.resource is None
    assert [w.code for w in result.warnings] == ["missing-image"] and "outside" in result.warnings[0].message
