"""Runaway nesting: libxml2 stops at 256 levels and drops the rest, so such pages are flattened."""

from __future__ import annotations

from pathlib import Path

import pytest

from converter import api
from converter.load.depth import DEPTH_LIMIT, flatten
from converter.load.page import load
from converter.walk import block_text, figures, iter_blocks

SENTENCE = "Sentence {} of the deep article carries enough ordinary words for any reader to follow it."


def _deep_page(depth: int, wrapper: str = "div") -> str:
    body = "".join(f"<p>{' '.join(SENTENCE.format(f'{p}.{i}') for i in range(6))}</p>" for p in range(4))
    return ("<html><head><title>Deep page</title></head><body><h1>Deep page</h1>"
            + f"<{wrapper}>" * depth + body + '<img src="x.png" alt="deep image">' + f"</{wrapper}>" * depth
            + "<p>The closing paragraph after the deep part must survive as well.</p></body></html>")


def test_flatten_keeps_every_text_and_void_tag_and_drops_only_the_excess() -> None:
    text = "<div>" * 5 + "<b>bold</b> plain<br><img src=a.png>" + "</div>" * 5 + "<p>after</p>"
    flat, dropped = flatten(text, limit=3)
    assert dropped == 3  # two divs and the <b> beyond level 3
    # A dropped block tag leaves a space (words stay apart); a dropped inline tag leaves nothing.
    assert flat == "<div>" * 3 + "  bold plain<br><img src=a.png>  " + "</div>" * 3 + "<p>after</p>"


def test_flatten_copies_scripts_comments_and_styles_whole() -> None:
    text = "<div><div><script>if (a<b) { x = '<div>'; }</script><!-- <div> --><style>p>a{}</style></div></div>"
    flat, dropped = flatten(text, limit=1)
    assert dropped == 1
    assert "<script>if (a<b) { x = '<div>'; }</script><!-- <div> --><style>p>a{}</style>" in flat


def test_paragraphs_stay_paragraphs_below_the_limit() -> None:
    flat, _ = flatten("<div>" * 4 + "<p>one</p><p>two</p>" + "</div>" * 4, limit=2)
    assert "<p>one</p><p>two</p>" in flat


@pytest.mark.parametrize("depth", [300, 3000, 100_000])
def test_a_page_nested_beyond_the_parser_limit_keeps_all_its_text_and_warns(tmp_path: Path, depth: int) -> None:
    page = tmp_path / "deep.html"
    page.write_text(_deep_page(depth), encoding="utf-8")
    result = api.read(page)
    text = "\n".join(block_text(b) for b in iter_blocks(result.article.blocks))
    assert SENTENCE.format("3.5") in text
    # The parser no longer stops at the deep point: what follows it is in the tree too.
    assert "The closing paragraph after the deep part must survive as well." in load(page).root.text_content()
    assert [w.code for w in result.warnings].count("too-deep") == 1
    assert [f.image.alt for f in figures(result.article.blocks)] == ["deep image"]


def test_a_page_within_the_limit_is_parsed_untouched_and_quietly(tmp_path: Path) -> None:
    page = tmp_path / "fine.html"
    page.write_text(_deep_page(DEPTH_LIMIT - 20), encoding="utf-8")
    loaded = load(page)
    assert not [w for w in loaded.warnings if w.code == "too-deep"]
    assert len(loaded.root.xpath("//div")) == DEPTH_LIMIT - 20


def test_deep_inline_wrappers_are_flattened_too(tmp_path: Path) -> None:
    page = tmp_path / "fonts.html"
    page.write_text(_deep_page(5_000, wrapper="font"), encoding="utf-8")
    written, warnings = api.convert(page, ["docx", "epub"], tmp_path / "out")
    assert set(written) == {"docx", "epub"}
    assert any(w.code == "too-deep" for w in warnings)



def test_a_node_over_libxml2s_10_mb_limit_does_not_cut_the_page_short(tmp_path: Path) -> None:
    # A __VIEWSTATE or an inlined photo can exceed 10 MB; libxml2 then stops unless asked for huge_tree.
    page = tmp_path / "big.html"
    viewstate = "A" * (11 * 1024 * 1024)
    page.write_text(_deep_page(3).replace("<body>", f'<body><input type="hidden" value="{viewstate}">'),
                    encoding="utf-8")
    result = api.read(page)
    assert SENTENCE.format("3.5") in "\n".join(block_text(b) for b in iter_blocks(result.article.blocks))
    assert not [w for w in result.warnings if w.code == "too-deep"]


def test_a_big_and_deep_page_is_flattened_after_the_huge_parse(tmp_path: Path) -> None:
    page = tmp_path / "bigdeep.html"
    page.write_text(_deep_page(1_000).replace("<body>", f"<body><script>{'x' * (11 * 1024 * 1024)}</script>"),
                    encoding="utf-8")
    result = api.read(page)
    assert SENTENCE.format("3.5") in "\n".join(block_text(b) for b in iter_blocks(result.article.blocks))
    assert [w.code for w in result.warnings].count("too-deep") == 1
