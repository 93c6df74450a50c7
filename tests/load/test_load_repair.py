"""HTML 5 void elements that libxml2 treats as containers give their swallowed content back."""

from __future__ import annotations

import lxml.html
import pytest

from converter.load.page import parse_html


def _body(markup: str) -> str:
    return lxml.html.tostring(parse_html(f"<html><body>{markup}</body></html>", "t").body, encoding="unicode")


@pytest.mark.parametrize("tag", ["embed", "source", "track", "wbr", "keygen"])
def test_content_after_a_void_tag_is_its_sibling_not_its_child(tag: str) -> None:
    body = _body(f"<div><p>one<{tag} src=x>two</p><p>three</p>tail</div>after")
    root = lxml.html.fromstring(body)
    (el,) = root.iter(tag)
    assert len(el) == 0 and not el.text
    assert root.text_content() == "onetwothreetailafter"
    assert [p.text_content() for p in root.iter("p")] == ["onetwo", "three"]


def test_an_embed_no_longer_hides_the_paragraphs_after_it() -> None:
    root = lxml.html.fromstring(_body('<div><embed src="clip.swf"><p>first</p><p>second</p></div>'))
    (div,) = root.iter("div")
    assert [child.tag for child in div] == ["embed", "p", "p"]


def test_picture_sources_leave_the_img_inside_the_picture() -> None:
    root = lxml.html.fromstring(_body('<p><picture><source srcset="a.webp"><source srcset="a.avif">'
                                      '<img src="a.jpg"></picture> caption</p>'))
    (picture,) = root.iter("picture")
    assert [child.tag for child in picture] == ["source", "source", "img"]
    assert picture.tail == " caption"
