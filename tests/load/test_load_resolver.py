"""Finding a page's resources on disk: names as browsers write them, and nothing outside the page's folder."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from factories import photo_bytes

from converter.load.page import load
from converter.load.refs import refusal, srcset_urls, unwrap_wayback
from converter.load.resolver import LocalResolver

JPEG = photo_bytes(64, 48)


def put(path: Path, data: bytes = JPEG) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """tmp/page/bai.html beside tmp/outside/secret.jpg, a real image the page must never reach."""
    page = tmp_path / "page" / "bai.html"
    put(page, b"<html><body><p>x</p></body></html>")
    put(tmp_path / "outside" / "secret.jpg", photo_bytes(32, 32, (200, 0, 0)))
    return page


def resolver(page: Path, **kw: object) -> LocalResolver:
    return LocalResolver(page, **kw)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- names


@pytest.mark.parametrize("ref", [
    "bai_files/%E1%BA%A3nh%20ch%E1%BB%A5p%201.jpg",  # UTF-8, percent-encoded
    "bai_files/ảnh chụp 1.jpg",  # as written by the browser
    "./bai_files/ảnh%20chụp%201.jpg",
    "BAI_FILES/ẢNH CHỤP 1.JPG",  # case-insensitive, as Windows matches
    "bai_files/ảnh chụp 1.jpg?rev=40#top",  # query and fragment ignored
    "bai_files\\ảnh chụp 1.jpg",  # a Windows separator
])
def test_a_reference_finds_its_file_however_it_is_spelled(site: Path, ref: str) -> None:
    put(site.parent / "bai_files" / "ảnh chụp 1.jpg")
    res = resolver(site).resolve(ref)
    assert res is not None and res.data == JPEG and res.origin == ref


def test_a_decomposed_file_name_as_macos_writes_it_matches_a_composed_reference(site: Path) -> None:
    put(site.parent / "bai_files" / unicodedata.normalize("NFD", "Hội chợ.jpg"))
    assert resolver(site).resolve("bai_files/Hội%20chợ.jpg") is not None


def test_a_latin1_percent_encoded_name_from_an_old_page_is_found(site: Path) -> None:
    put(site.parent / "bai_files" / "café.jpg")
    assert resolver(site).resolve("bai_files/caf%E9.jpg") is not None


def test_a_file_saved_with_its_query_string_in_the_name_is_found(site: Path) -> None:
    put(site.parent / "bai_files" / "logo.png?rev=40", photo_bytes(8, 8, fmt="PNG"))
    res = resolver(site).resolve("bai_files/logo.png?rev=40")
    assert res is not None and res.media_type == "image/png"


def test_the_resource_key_comes_from_the_content_and_the_type_from_the_bytes(site: Path) -> None:
    put(site.parent / "bai_files" / "photo.png")  # JPEG bytes under a .png name
    res = resolver(site).resolve("bai_files/photo.png")
    assert res is not None and res.media_type == "image/jpeg" and res.key.endswith(".jpg")


def test_a_data_uri_carries_its_own_bytes(site: Path) -> None:
    import base64

    res = resolver(site).resolve("data:image/jpeg;base64," + base64.b64encode(JPEG).decode())
    assert res is not None and res.data == JPEG and res.origin == "data:"


# ----------------------------------------------------------------------------- safety


@pytest.mark.parametrize("ref", [
    "../outside/secret.jpg",
    "bai_files/../../outside/secret.jpg",
    "%2e%2e/outside/secret.jpg",
    "..%2Foutside%2Fsecret.jpg",
    "..\\outside\\secret.jpg",
])
def test_escapes_from_the_page_folder_are_refused(site: Path, ref: str) -> None:
    r = resolver(site)
    assert r.resolve(ref) is None
    assert r.problems[ref] == "refused: outside the page's folder"


def test_an_absolute_path_is_read_under_the_page_folder_never_from_the_disk_root(site: Path) -> None:
    secret = site.parent.parent / "outside" / "secret.jpg"
    assert resolver(site).resolve(secret.as_posix()) is None  # /tmp/…/secret.jpg → page/tmp/…/secret.jpg


@pytest.mark.parametrize(("ref", "reason"), [
    ("file:///{secret}", "file: URL"),
    ("FILE://localhost{secret}", "file: URL"),
    ("file://server/share/secret.jpg", "file: URL"),
    ("\\\\server\\share\\secret.jpg", "UNC path"),
    ("C:\\Users\\an\\Desktop\\bai_files\\secret.jpg", "absolute Windows path"),
    ("c:/Users/an/secret.jpg", "absolute Windows path"),
    ("\\Users\\an\\secret.jpg", "absolute Windows path"),
])
def test_references_to_the_saving_machine_or_another_one_are_refused(site: Path, ref: str, reason: str) -> None:
    secret = (site.parent.parent / "outside" / "secret.jpg").as_posix()
    ref = ref.replace("{secret}", secret)
    r = resolver(site)
    assert r.resolve(ref) is None
    assert reason in r.problems[ref]
    assert refusal(ref) is not None


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinks_pointing_outside_are_refused_and_inside_followed(site: Path) -> None:
    outside = site.parent.parent / "outside"
    files = site.parent / "bai_files"
    files.mkdir()
    (files / "link.jpg").symlink_to(outside / "secret.jpg")
    (files / "linked-dir").symlink_to(outside, target_is_directory=True)
    put(files / "real.jpg")
    (files / "alias.jpg").symlink_to(files / "real.jpg")
    r = resolver(site)
    assert r.resolve("bai_files/link.jpg") is None
    assert "symlink" in r.problems["bai_files/link.jpg"]
    assert r.resolve("bai_files/linked-dir/secret.jpg") is None
    assert r.resolve("BAI_FILES/LINK.JPG") is None  # nor through the case-insensitive path
    assert r.resolve("bai_files/alias.jpg") is not None


def test_remote_addresses_are_not_fetched_by_default(site: Path) -> None:
    r = resolver(site)
    assert r.resolve("https://example.gov.vn/anh.jpg") is None
    assert "not fetched" in r.problems["https://example.gov.vn/anh.jpg"]


# ----------------------------------------------------------------------------- mirrors and Wayback


def test_a_mirror_root_lets_a_page_reach_sibling_folders_and_nothing_beyond(tmp_path: Path) -> None:
    root = tmp_path / "mirror"
    page = put(root / "site" / "tin" / "Pages" / "bai.html", b"<html><body><p>x</p></body></html>")
    put(root / "site" / "tin" / "PublishingImages" / "anh.jpg")
    put(tmp_path / "secret.jpg")
    assert resolver(page).resolve("../PublishingImages/anh.jpg") is None  # default: the page's folder only
    wide = resolver(page, root=root)
    assert wide.resolve("../PublishingImages/anh.jpg") is not None
    assert wide.resolve("/site/tin/PublishingImages/anh.jpg") is not None  # root-relative: from the root
    assert wide.resolve("../../../../secret.jpg") is None


def test_a_root_that_does_not_hold_the_page_is_an_input_error(tmp_path: Path) -> None:
    from converter.errors import InputError

    page = put(tmp_path / "a" / "bai.html", b"<html><body><p>x</p></body></html>")
    (tmp_path / "b").mkdir()
    with pytest.raises(InputError, match="not inside the root"):
        load(page, root=tmp_path / "b")


def test_an_httrack_mirror_root_is_found_from_the_page_stamp_and_the_cache_folder(tmp_path: Path) -> None:
    stamp = b"<html><!-- Mirrored from www.kpc.com.kw/press/Pages/a.aspx by HTTrack Website Copier/3.x -->"
    page = put(tmp_path / "m" / "www.kpc.com.kw" / "press" / "Pages" / "a.html",
               stamp + b"<body><p>x</p></body></html>")
    put(tmp_path / "m" / "www.kpc.com.kw" / "press" / "img" / "anh.jpg")
    assert load(page).resolver.resolve("../img/anh.jpg") is None  # the stamp alone widens nothing
    (tmp_path / "m" / "hts-cache").mkdir()
    assert load(page).resolver.resolve("../img/anh.jpg") is not None


def test_wayback_references_are_found_in_a_copy_of_the_captures(tmp_path: Path) -> None:
    root = tmp_path / "copy"
    page = put(root / "web" / "20170614025039" / "http_" / "thanhtra.example.vn" / "Pages" / "default.html",
               b"<html><body><p>x</p></body></html>")
    put(root / "web" / "20170614025039im_" / "http_" / "thanhtra.example.vn" / "_layouts" / "images" / "logo.jpg")
    ref = "/web/20170614025039im_/http_/thanhtra.example.vn/_layouts/images/logo.jpg"
    assert resolver(page, root=root).resolve(ref) is not None


def test_a_wayback_address_on_the_page_own_site_maps_to_the_place_beside_the_page(site: Path) -> None:
    put(site.parent / "anh" / "hoi-cho.jpg")
    r = resolver(site, site_url="http://tinh.example.vn/tin-tuc/Pages/bai.aspx")
    assert r.resolve("https://web.archive.org/web/20190101im_/http://tinh.example.vn/tin-tuc/Pages/anh/hoi-cho.jpg")
    assert r.resolve("http://www.tinh.example.vn/tin-tuc/Pages/anh/hoi-cho.jpg")
    assert r.resolve("http://other.example.vn/tin-tuc/Pages/anh/hoi-cho.jpg") is None


def test_a_capture_saved_from_the_wayback_machine_knows_its_original_address(tmp_path: Path) -> None:
    html = ('<html><body><div id="wm-ipp-base"></div><div id="wm-ipp-print">The Wayback Machine - '
            "https://web.archive.org/web/20190726101010/http://tinh.example.vn/tin/Pages/bai.aspx</div>"
            "<p>x</p></body></html>")
    page = load(put(tmp_path / "bai.html", html.encode()))
    assert page.saved_from == "http://tinh.example.vn/tin/Pages/bai.aspx"


@pytest.mark.parametrize(("url", "original"), [
    ("https://web.archive.org/web/20190726/http://site.vn/a.aspx", "http://site.vn/a.aspx"),
    ("https://web.archive.org/web/20190726im_/https://site.vn/x.jpg", "https://site.vn/x.jpg"),
    ("/web/20170614025039im_/http_/thanhtra.daknong.gov.vn/x.png", "http://thanhtra.daknong.gov.vn/x.png"),
    ("/web/20180903131115im_/http%253A/gianghia.daknong.gov.vn/x.png", "http://gianghia.daknong.gov.vn/x.png"),
    ("http://web.archive.org/web/2019/site.vn/a.aspx", "http://site.vn/a.aspx"),
    ("https://site.vn/web/a.aspx", "https://site.vn/web/a.aspx"),
])
def test_wayback_addresses_unwrap_to_the_original(url: str, original: str) -> None:
    assert unwrap_wayback(url) == original


# ----------------------------------------------------------------------------- srcset


@pytest.mark.parametrize(("value", "urls"), [
    ("a.jpg 300w, b.jpg 1200w, c.jpg 600w", ["b.jpg", "c.jpg", "a.jpg"]),
    ("a.jpg, b.jpg 2x, c.jpg 1.5x", ["b.jpg", "c.jpg", "a.jpg"]),
    ("data:image/gif;base64,R0lGOD,lhAQ== 1x, big.jpg 3x", ["big.jpg", "data:image/gif;base64,R0lGOD,lhAQ=="]),
    ("  a%20b.jpg   640w  ,c.jpg 1280w 720h", ["c.jpg", "a%20b.jpg"]),
    ("", []),
])
def test_srcset_lists_candidates_largest_first(value: str, urls: list[str]) -> None:
    assert srcset_urls(value) == urls
