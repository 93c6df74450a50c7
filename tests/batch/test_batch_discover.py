"""Batch discovery: which files are pages, which folders are resources, and distinct output names."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from converter.batch.discover import assign_names, discover
from converter.errors import InputError
from converter.page_names import page_stem


def touch(path: Path, text: str = "<html><body><p>x</p></body></html>") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def mirrors(pages: list) -> dict[str, str]:
    return {p.source.name: str(p.mirror) for p in pages}


def test_pages_are_found_by_extension_and_assets_are_not(tmp_path: Path) -> None:
    for name in ("a.html", "b.HTM", "c.aspx", "d.mht", "e.mhtml", "f.jpg", "g.css", "h.txt", "i.pdf"):
        touch(tmp_path / name)
    assert sorted(mirrors(discover([tmp_path]))) == ["a.html", "b.HTM", "c.aspx", "d.mht", "e.mhtml"]


def test_a_resource_folder_named_after_its_page_is_not_walked_even_if_it_holds_html(tmp_path: Path) -> None:
    touch(tmp_path / "bai.html")
    touch(tmp_path / "bai_files" / "frame.htm")  # a saved iframe, not an article of the site
    touch(tmp_path / "bai_files" / "photo.jpg")
    touch(tmp_path / "tin-Dateien" / "x.html")  # German IE's name for the same thing
    touch(tmp_path / "tin.htm")
    pages = discover([tmp_path])
    assert sorted(mirrors(pages)) == ["bai.html", "tin.htm"]
    by_name = {p.source.name: p for p in pages}
    assert by_name["bai.html"].resources == (tmp_path / "bai_files",)
    assert by_name["tin.htm"].resources == (tmp_path / "tin-Dateien",)


def test_a_folder_a_page_loads_images_from_is_a_resource_folder_whatever_its_name(tmp_path: Path) -> None:
    touch(tmp_path / "bai.html", '<html><body><img src="./t%C3%A0i%20nguy%C3%AAn/a.jpg"></body></html>')
    touch(tmp_path / "tài nguyên" / "a.jpg")
    pages = discover([tmp_path])
    assert mirrors(pages) == {"bai.html": "bai"}
    assert pages[0].resources == (tmp_path / "tài nguyên",)


def test_a_referenced_folder_that_holds_pages_is_content_and_is_walked(tmp_path: Path) -> None:
    touch(tmp_path / "index.html", '<html><body><img src="news/thumb.jpg"><a href="news/a.html">a</a></body></html>')
    touch(tmp_path / "news" / "thumb.jpg")
    touch(tmp_path / "news" / "a.html")
    assert mirrors(discover([tmp_path])) == {"index.html": "index", "a.html": "news/a"}


def test_links_to_other_pages_do_not_make_a_folder_a_resource(tmp_path: Path) -> None:
    touch(tmp_path / "index.html", '<html><body><a href="docs/">docs</a></body></html>')
    touch(tmp_path / "docs" / "guide.aspx")
    assert mirrors(discover([tmp_path])) == {"index.html": "index", "guide.aspx": "docs/guide"}


def test_the_tree_is_mirrored_and_hidden_folders_are_skipped_but_a_bare_html_is_the_index(tmp_path: Path) -> None:
    touch(tmp_path / "a" / "b" / "deep.html")
    touch(tmp_path / ".git" / "x.html")
    touch(tmp_path / ".html")
    assert mirrors(discover([tmp_path])) == {".html": "index", "deep.html": "a/b/deep"}
    assert page_stem(".html") == "index" and page_stem("x.y.aspx") == "x.y"


def test_several_sources_each_get_their_own_folder_files_go_to_the_top_and_overlaps_count_once(tmp_path: Path) -> None:
    touch(tmp_path / "site1" / "a.html")
    touch(tmp_path / "site2" / "sub" / "b.html")
    loose = touch(tmp_path / "loose.htm")
    pages = discover([tmp_path / "site1", tmp_path / "site2", loose, tmp_path / "site2" / "sub"])
    assert [str(p.mirror) for p in pages] == ["site1/a", "site2/sub/b", "loose"]


def test_the_output_folder_inside_the_source_is_not_read_back(tmp_path: Path) -> None:
    touch(tmp_path / "a.html")
    touch(tmp_path / "out" / "old.html")
    assert mirrors(discover([tmp_path], exclude=[tmp_path / "out"])) == {"a.html": "a"}


def test_a_missing_source_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        discover([tmp_path / "nope"])


def test_clashing_pages_get_distinct_names_ignoring_case(tmp_path: Path) -> None:
    for name in ("x.html", "x.aspx", "X.htm", "x-2.html"):
        touch(tmp_path / name)
    names = assign_names(discover([tmp_path]), {})
    # In discovery (code point) order: the first takes the plain name, the next free suffix follows.
    assert {p.name: n for p, n in names.items()} == {"X.htm": "X", "x-2.html": "x-2", "x.aspx": "x-3",
                                                     "x.html": "x-4"}


def test_names_are_sticky_so_a_new_page_never_takes_an_existing_output(tmp_path: Path) -> None:
    old = touch(tmp_path / "x.html")
    first = assign_names(discover([tmp_path]), {})
    assert first == {old: "x"}
    new = touch(tmp_path / "x.aspx")  # sorts first, so without the manifest it would take "x"
    second = assign_names(discover([tmp_path]), {str(k): v for k, v in first.items()})
    assert second == {old: "x", new: "x-2"}


def test_a_recorded_name_from_another_layout_is_not_kept(tmp_path: Path) -> None:
    page = touch(tmp_path / "site" / "a.html")
    pages = discover([tmp_path / "site", touch(tmp_path / "b.html")])
    assert pages[0].mirror == PurePosixPath("site/a")
    assert assign_names(pages, {str(page): "a"})[page] == "site/a"


def test_a_page_is_not_hashed_from_its_references_but_from_what_its_conversion_read(tmp_path: Path) -> None:
    from converter.batch.manifest import InputHasher

    touch(tmp_path / "news" / "a_files" / "p.jpg")
    touch(tmp_path / "news" / "a.html", '<img src="../img/logo.png"><img src="a_files/p.jpg">')
    page = {p.source.name: p for p in discover([tmp_path])}["a.html"]
    assert page.resources == (tmp_path / "news" / "a_files",)
    reads = {"root": str(tmp_path / "news"), "folders": {},
             "files": {str(page.source): [1, 1, "0" * 64, 1 << 20]}}
    before = InputHasher().signature(reads), InputHasher().input_hash(reads)
    touch(tmp_path / "news" / "a.html", "changed")
    after = InputHasher().signature(reads), InputHasher().input_hash(reads)
    assert before[0] != after[0] and before[1] != after[1]


def test_the_name_of_a_page_that_left_the_sources_stays_reserved(tmp_path: Path) -> None:
    gone = str(tmp_path / "a.html")  # converted to a.* last time, then deleted
    new = touch(tmp_path / "a.aspx")
    assert assign_names(discover([tmp_path]), {gone: "a"}) == {new: "a-2"}


def test_a_reserved_name_counts_whatever_its_case_and_unicode_form(tmp_path: Path) -> None:
    upper = touch(tmp_path / "A.htm")
    decomposed = touch(tmp_path / "Tin-Mu\u0300a.html")  # "Mùa" with a combining grave accent
    previous = {str(tmp_path / "a.html"): "a", str(tmp_path / "tin-mùa.aspx"): "tin-mùa"}
    assert assign_names(discover([tmp_path]), previous) == {upper: "A-2", decomposed: "Tin-Mu\u0300a-2"}


def test_a_page_still_here_keeps_its_name_even_if_a_departed_page_recorded_it_too(tmp_path: Path) -> None:
    # An older portalconv could give a newcomer the name of a page that had left: the files on
    # disk are the one still here's, and it keeps them.
    here = touch(tmp_path / "a.aspx")
    newcomer = touch(tmp_path / "a.htm")
    previous = {str(tmp_path / "a.html"): "a", str(here): "a"}
    assert assign_names(discover([tmp_path]), previous) == {here: "a", newcomer: "a-2"}


def test_references_are_found_in_any_case_and_keep_their_own(tmp_path: Path) -> None:
    # The scan matches lowered bytes but must return each reference as written: file names are
    # case-sensitive on most file systems.
    from converter.batch.discover import references

    page = tmp_path / "Page.html"
    page.write_bytes(
        b'<HTML><HEAD><LINK REL="stylesheet" HREF="Page_Files/Main.CSS"></HEAD>'
        b'<BODY BACKGROUND="Tiles/Paper.GIF"><IMG SRC="Photos/Anh%20M\xe1\xbb\x99t.JPG?w=2">'
        b'<img srcSet="Small/A.png 1x"><div style="background:URL( \'Bg/Wave.PNG\' )"></div>'
        b'<A HREF="Other/Page.html">next</A><span datasrc="Not/This.png"></span>'
        b'<img src="HTTP://example.org/Remote.png"><img src="/Rooted.png"></BODY></HTML>'
    )
    assert references(page) == ["Page_Files/Main.CSS", "Tiles/Paper.GIF", "Photos/Anh Một.JPG", "Small/A.png",
                                 "Bg/Wave.PNG"]


def test_the_anchored_reference_scan_finds_what_the_plain_scan_finds() -> None:
    # discover tries its pattern only where an anchor word starts: the same matches as letting
    # the regex engine try every position, on markup built to trip it (overlaps, word boundaries,
    # a match running over the next anchor, anchors inside references).
    from hypothesis import example, given, settings
    from hypothesis import strategies as st

    from converter.batch.discover import _REFERENCES, _reference_matches

    pieces = st.sampled_from([b"src", b"srcset", b"background", b"data", b"poster", b"<link", b"url(", b"href",
                              b"=", b" ", b'"', b"'", b">", b")", b"x", b"a/b.png", b"datasrc", b"\n", b"<link rel"])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(pieces, max_size=30).map(b"".join))
    @example(b'<link rel="x" href="a/b.png"><img src=c.png>')
    @example(b"url( 'bg.png' ) xsrc=no.png background=b.gif poster=\"p.jpg\" data=d.svg")
    def same(data: bytes) -> None:
        assert [m.span() for m in _reference_matches(data)] == [m.span() for m in _REFERENCES.finditer(data)]

    same()
