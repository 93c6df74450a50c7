"""Inputs that used to end in a traceback (exit 1) or lose text silently, through the command line.

Each page converts to all four formats with exit 0 and keeps its marker text in every one: malformed
IPv6 addresses wherever a page names an address, control characters next to dropped chrome, an
``<ol start>`` beyond 32 bits, and runaway nesting of every block kind (lists, quotes, tables, divs).
A bulletin holding such a page is made too, with the other pages in it.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import lxml.html
import pytest
from pdfprobe import needs_poppler, page_texts
from typer.testing import CliRunner

from converter.cli import app
from converter.load.depth import flatten
from converter.load.page import parse_html
from converter.nesting import MAX_NESTING, bounded, depth
from converter.urls import join, scheme, split

runner = CliRunner()
MARK = "Zebraquartz"  # a word no fixture holds otherwise
PROSE = "".join(f"<p>Sentence {i} of the hostile article carries enough ordinary words for a reader to follow.</p>"
                for i in range(5))


def _page(body: str, head: str = "", before: str = "") -> str:
    return (f"{before}<html><head><title>Hostile article</title>{head}</head><body>"
            f"<h1>Hostile article headline</h1><article>{PROSE}{body}</article></body></html>")


def _mhtml(location: str, part_location: str) -> str:
    html = _page(f'<p><img src="{part_location}">{MARK} closes the archive.</p><a href="{location}">here</a>')
    return (f"From: <Saved by Blink>\nSnapshot-Content-Location: {location}\nSubject: x\nMIME-Version: 1.0\n"
            'Content-Type: multipart/related; type="text/html"; boundary="B"\n\n'
            f"--B\nContent-Type: text/html\nContent-Location: {location}\n\n{html}\n"
            f"--B\nContent-Type: image/png\nContent-Location: {part_location}\nContent-Transfer-Encoding: base64\n\n"
            "iVBORw0KGgo=\n--B--\n")


BOTTOM, AFTER = f"{MARK} at the bottom", f"{MARK} after the deep part"


def _nest(open_: str, close: str, n: int) -> str:
    return open_ * n + BOTTOM + close * n + f"<p>{AFTER}</p>"


CASES: dict[str, tuple[str, str, tuple[str, ...]]] = {  # name → (file name, page text, phrases kept)
    "ipv6-href": ("p.html", _page(f'<p>See <a href="http://[::1">{MARK} link text</a>.</p>'), (MARK,)),
    "ipv6-src": ("p.html", _page(f'<p><img src="http://[::1/x.png" alt="x">{MARK} beside a photo.</p>'), (MARK,)),
    "ipv6-srcset": ("p.html", _page(f'<p><img srcset="http://[::1/a.png 2x" src="b.png">{MARK}.</p>'), (MARK,)),
    "bad-port": ("p.html", _page(f'<p><a href="http://example.org:99999/">{MARK}</a><img src="http://h:x/a.png"></p>'),
                 (MARK,)),
    "ipv6-base": ("p.html", _page(f'<p><img src="photo.png">{MARK} under a broken base.</p>',
                                  head='<base href="http://[::1/">'), (MARK,)),
    "ipv6-saved-from": ("p.html", _page(f'<p><img src="photo.png">{MARK} saved from nowhere.</p>',
                                        before="<!-- saved from url=(0011)http://[::1 -->\n"), (MARK,)),
    "ipv6-mhtml": ("p.mhtml", _mhtml("http://[::1", "http://[fe80::1/b.png"), (MARK,)),
    "controls-by-chrome": ("p.html", _page(f"<nav>Menu\x0b</nav>\x0c{MARK}\x0b<footer>\x0cFooter\x01</footer>"
                                           f"<p>tab\x0bbed {MARK}</p>"), (f"tab bed {MARK}",)),
    "ol-start-2-31": ("p.html", _page(f'<ol start="2147483648"><li>{MARK} one</li><li>two</li></ol>'
                                      f'<ol start="99999999999999999999"><li>three</li></ol>'), (f"{MARK} one",)),
    "lists-100": ("p.html", _page(_nest("<ul><li>", "</li></ul>", 100)), (BOTTOM, AFTER)),
    "quotes-248": ("p.html", _page(_nest("<blockquote>", "</blockquote>", 248)), (BOTTOM, AFTER)),
    "quotes-10000": ("p.html", _page(_nest("<blockquote>", "</blockquote>", 10_000)), (BOTTOM, AFTER)),
    "tables-100": ("p.html", _page(_nest("<table><tr><td>", "</td></tr></table>", 100)), (BOTTOM, AFTER)),
    "unclosed-tables-300": ("p.html", _page("<table>" * 300 + f"<p>{MARK} the final paragraph.</p>"),
                            (f"{MARK} the final paragraph",)),
    "superscripts-250": ("p.html", _page(_nest("<sup>", "</sup>", 250)), (BOTTOM, AFTER)),
    "div-table-cells-300": ("p.html", _page("".join(f"<div><table><tr><td>cell {i} {MARK}</div>" for i in range(300))
                                            + f"<p>{AFTER}</p>"), (f"cell 299 {MARK}", AFTER)),
}


def _texts(out: Path) -> dict[str, str]:
    texts = {"json": json.dumps(json.loads((out / "p.json").read_text(encoding="utf-8")), ensure_ascii=False)}
    for fmt, suffix in (("docx", ".xml"), ("epub", ".xhtml")):
        with zipfile.ZipFile(out / f"p.{fmt}") as z:
            texts[fmt] = " ".join(lxml.html.fromstring(z.read(n)).text_content() for n in z.namelist()
                                  if n.endswith(suffix) and ("document" in n or fmt == "epub"))
    texts["pdf"] = " ".join(page_texts(out / "p.pdf"))
    return texts


@needs_poppler
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_hostile_page_converts_to_every_format_and_keeps_its_text(tmp_path: Path, name: str) -> None:
    filename, text, kept = CASES[name]
    page = tmp_path / filename
    page.write_text(text, encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"")  # present but empty: refused as an image, never a crash
    out = tmp_path / "out"
    result = runner.invoke(app, [str(page), "--to", "json,docx,epub,pdf", "-o", str(out)])
    assert result.exit_code == 0 and result.exception is None, (result.output, result.exception)
    for fmt, content in _texts(out).items():
        for phrase in kept:
            assert phrase in " ".join(content.split()), f"{fmt} lost {phrase!r}"


def test_a_bulletin_with_hostile_pages_keeps_every_page(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    names = ("ipv6-href", "quotes-248", "div-table-cells-300", "controls-by-chrome", "ol-start-2-31")
    for name in names:
        (pages / f"{name}.html").write_text(CASES[name][1].replace("Hostile article headline", name), encoding="utf-8")
    for suffix in ("docx", "epub", "pdf"):
        result = runner.invoke(app, ["bulletin", str(pages), "-o", str(tmp_path / f"b.{suffix}")])
        assert result.exit_code == 0 and result.exception is None, (suffix, result.output, result.exception)
    with zipfile.ZipFile(tmp_path / "b.epub") as z:
        text = " ".join(lxml.html.fromstring(z.read(n)).text_content() for n in z.namelist() if n.endswith(".xhtml"))
    assert all(name in text for name in names)
    assert f"cell 299 {MARK}" in text and AFTER in text


# ------------------------------------------------------------------ the pieces, one by one


@pytest.mark.parametrize("url", ["http://[::1", "http://[::1/x.png", "https://[fe80::1%/", "http://h:99999/",
                                 "http://h:port/", "http://[not-an-ip]/"])
def test_malformed_addresses_are_not_urls_but_never_raise(url: str) -> None:
    assert split(url) is None
    assert join(url, "a.png") == "" and join("http://example.org/", url) == ""
    assert scheme(url) == "http" + ("s" if url.startswith("https") else "")


def test_well_formed_addresses_are_unchanged() -> None:
    assert join("http://[::1]/a/b.html", "c.png") == "http://[::1]/a/c.png"
    assert scheme(" java\tscript:alert(1)") == "javascript"  # as urlsplit reads it
    assert split("images/a b.png") is not None


def test_an_end_tag_never_closes_a_cell_it_is_not_in_as_libxml2_decides() -> None:
    # "</div>" inside an open cell is ignored by libxml2, so every unit nests deeper: flatten must see that.
    text = "<div><table><tr><td>x</div>" * 10
    flat, dropped = flatten(text, limit=8)
    assert dropped == 40 - 8 and flat.count("x") == 10


def test_a_page_that_stays_too_deep_after_flattening_is_flattened_harder() -> None:
    # <dd> nests in <dd> outside a <dl>, so keeping it at any depth is not enough: text survives anyway.
    root = parse_html("<html><body>" + "<dl><dd>" * 600 + f"{MARK}</body></html>", "t", [])
    assert MARK in root.text_content()
    assert not root.xpath("boolean(" + "/*" * 256 + ")")


def test_flattening_keeps_words_of_separate_blocks_apart() -> None:
    flat, _ = flatten("<div>" * 3 + "<ul><li>one</li><li>two</li></ul>" + "</div>" * 3, limit=1, keep_leaves=False)
    assert "one" in flat and "onetwo" not in lxml.html.fromstring(flat).text_content()


def _body(markup: str) -> str:
    return lxml.html.tostring(parse_html(f"<html><body>{markup}</body></html>", "t").body, encoding="unicode")


def test_content_a_table_holds_outside_its_cells_goes_before_it_as_in_a_browser() -> None:
    body = _body("<table><p>stray</p><tr>loose<td>a</td> tail<td>b</td></tr><span>late</span></table>after")
    assert body == ("<body><p>stray</p>loose tail<span>late</span><table><tr><td>a</td><td>b</td></tr></table>"
                    "after</body>")


def test_cells_directly_in_a_table_get_their_implied_row() -> None:
    assert _body("<table><td>a</td><td>b</td></table>") == "<body><table><tr><td>a</td><td>b</td></tr></table></body>"


def test_a_table_left_open_in_a_table_is_moved_out_with_its_content() -> None:
    root = lxml.html.fromstring(_body("<table>" * 5 + "<p>last</p>"))
    assert [el.tag for el in root] == ["p", "table", "table", "table", "table", "table"]


def test_quotes_and_lists_nest_at_most_max_nesting_deep_and_keep_their_text() -> None:
    from converter.model import ListBlock, ListItem, Paragraph, Quote, Text

    block: Quote | ListBlock = Quote((Paragraph((Text("bottom"),)),))
    for i in range(100):
        block = Quote((block,)) if i % 2 else ListBlock(True, (ListItem((Paragraph((Text(f"{i}"),)), block)),), 3)
    out = bounded([block])
    assert depth(out) == MAX_NESTING
    from converter.walk import block_text, iter_blocks

    text = [block_text(b) for b in iter_blocks(out) if isinstance(b, Paragraph)]
    assert text[-1] == "bottom" and len(text) == 51


def test_inline_wrappers_nest_at_most_max_inline_nesting_deep() -> None:
    from converter.model import Strong, Superscript, Text
    from converter.nesting import MAX_INLINE_NESTING, inlines

    node: Strong | Superscript | Text = Text("deep")
    for i in range(300):
        node = Strong((node,)) if i % 2 else Superscript((node,))
    (out,) = inlines((node,))
    levels = 0
    while not isinstance(out, Text):
        levels += 1
        (out,) = out.children
    assert levels == MAX_INLINE_NESTING and out.text == "deep"
