"""--fetch-remote: off by default; when on, bounded and limited to public addresses.

Every test serves from 127.0.0.1 (a ``LocalServer`` started by the test); the fetcher refuses
loopback like any private address, so tests that want a fetch to happen allow 127.0.0.1 through
the fetcher's test-only ``allow`` list. The command line never sets it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from factories import LocalServer, photo_bytes
from typer.testing import CliRunner

from converter import read
from converter.load.page import load
from converter.load.remote import RemoteFetcher, RemoteRefused, _address_allowed

JPEG = photo_bytes(64, 48)
LOOPBACK = (ipaddress.ip_network("127.0.0.1/32"),)
ARTICLE = """<html><head><title>t</title></head><body><table id="tableforprint">
<tr><td><p class="Title">Bài có ảnh ở xa</p></td></tr>
<tr><td><div class="ExternalClass1"><p>Đoạn văn của bài viết có ảnh lưu trên máy chủ.</p>
<p><img src="{src}"></p><p><em>Chú thích ảnh ở xa</em></p></div></td></tr></table></body></html>"""


def slow(handler: BaseHTTPRequestHandler, server: LocalServer) -> None:
    server.stop.wait(3)  # released when the test ends


def unsized(handler: BaseHTTPRequestHandler, server: LocalServer) -> None:
    """A body without Content-Length, ended by closing the connection (HTTP/1.0 style)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "image/jpeg")
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.wfile.write(b"\xff\xd8\xff" + b"\0" * 5000)
    handler.close_connection = True


@pytest.fixture
def server() -> Iterator[LocalServer]:
    routes: dict[str, object] = {
        "/anh.jpg": (200, {"Content-Type": "image/jpeg"}, JPEG),
        "/tin/Pages/anh/x.jpg": (200, {"Content-Type": "image/jpeg"}, JPEG),
        "/big.jpg": (200, {"Content-Type": "image/jpeg"}, b"\xff\xd8\xff" + b"\0" * 5000),
        "/unsized.jpg": unsized,
        "/slow.jpg": slow,
        "/to-file": (302, {"Location": "file:///etc/passwd"}, b""),
        "/to-metadata": (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b""),
        "/to-private": (302, {"Location": "http://10.0.0.1/x.jpg"}, b""),
        "/to-ipv6-loopback": (302, {"Location": "http://[::1]/x.jpg"}, b""),
        "/to-image": (301, {"Location": "/anh.jpg"}, b""),
        "/loop": (302, {"Location": "/loop"}, b""),
    }
    with LocalServer(routes) as srv:
        yield srv


def article_page(tmp_path: Path, src: str, saved_from: str = "") -> Path:
    path = tmp_path / "bai.html"
    comment = f"<!-- saved from url=({len(saved_from):04d}){saved_from} -->\n" if saved_from else ""
    path.write_text(comment + ARTICLE.replace("{src}", src), encoding="utf-8")
    return path


def test_nothing_is_fetched_by_default(tmp_path: Path, server: LocalServer) -> None:
    result = read(article_page(tmp_path, f"{server.url}/anh.jpg"))
    assert server.requests == []
    (warning,) = [w for w in result.warnings if w.code == "missing-image"]
    assert "not fetched" in warning.message and "--fetch-remote" in warning.message


def test_with_fetch_remote_the_image_is_fetched_into_the_article(tmp_path: Path, server: LocalServer) -> None:
    from converter.extract.article import extract

    page = load(article_page(tmp_path, f"{server.url}/anh.jpg"), remote=RemoteFetcher(allow=LOOPBACK))
    article, warnings = extract(page)
    assert article.resources[0].data == JPEG and article.resources[0].origin == f"{server.url}/anh.jpg"
    assert not [w for w in warnings if w.code == "missing-image"]
    assert server.requests == ["/anh.jpg"]


def test_loopback_and_private_addresses_are_refused_without_the_test_switch(server: LocalServer) -> None:
    with pytest.raises(RemoteRefused, match="private, loopback or reserved"):
        RemoteFetcher().fetch(f"{server.url}/anh.jpg")
    assert server.requests == []


@pytest.mark.parametrize(("route", "reason"), [
    ("/to-file", "only http and https"),
    ("/to-metadata", "private, loopback or reserved"),
    ("/to-private", "private, loopback or reserved"),
    ("/to-ipv6-loopback", "private, loopback or reserved"),
    ("/loop", "redirects"),
])
def test_redirects_to_file_or_private_addresses_are_refused(server: LocalServer, route: str, reason: str) -> None:
    with pytest.raises(RemoteRefused, match=reason):
        RemoteFetcher(allow=LOOPBACK, timeout=10).fetch(server.url + route)


def test_a_redirect_to_an_allowed_image_is_followed(server: LocalServer) -> None:
    data, media_type = RemoteFetcher(allow=LOOPBACK).fetch(server.url + "/to-image")
    assert data == JPEG and media_type == "image/jpeg"


@pytest.mark.parametrize("route", ["/big.jpg", "/unsized.jpg"])
def test_a_resource_over_the_size_limit_is_refused(server: LocalServer, route: str) -> None:
    with pytest.raises(RemoteRefused, match="too large"):
        RemoteFetcher(allow=LOOPBACK, max_bytes=4000).fetch(server.url + route)


def test_the_total_size_limit_stops_further_fetches(server: LocalServer) -> None:
    fetcher = RemoteFetcher(allow=LOOPBACK, max_total=len(JPEG) + 100)
    fetcher.fetch(server.url + "/anh.jpg")
    with pytest.raises(RemoteRefused, match=r"too large|total limit"):
        fetcher.fetch(server.url + "/tin/Pages/anh/x.jpg")


def test_a_slow_server_times_out(server: LocalServer) -> None:
    # The refusal names the timeout: the fetch gave up rather than waiting for the slow answer.
    with pytest.raises(RemoteRefused, match=r"timed out|TimeoutError"):
        RemoteFetcher(allow=LOOPBACK, timeout=0.3).fetch(server.url + "/slow.jpg")


def test_a_missing_remote_image_says_what_the_server_answered(server: LocalServer) -> None:
    with pytest.raises(RemoteRefused, match="404"):
        RemoteFetcher(allow=LOOPBACK).fetch(server.url + "/none.jpg")


def test_each_address_is_fetched_once_and_the_request_count_is_bounded(server: LocalServer) -> None:
    fetcher = RemoteFetcher(allow=LOOPBACK, max_requests=2)
    for _ in range(3):
        fetcher.fetch(server.url + "/anh.jpg")
    assert server.requests == ["/anh.jpg"]
    fetcher.fetch(server.url + "/tin/Pages/anh/x.jpg")
    with pytest.raises(RemoteRefused, match="more than 2"):
        fetcher.fetch(server.url + "/big.jpg")


def test_a_relative_reference_missing_on_disk_is_fetched_from_where_the_page_was_saved(
        tmp_path: Path, server: LocalServer) -> None:
    page = load(article_page(tmp_path, "anh/x.jpg", saved_from=f"{server.url}/tin/Pages/bai.aspx"),
                remote=RemoteFetcher(allow=LOOPBACK))
    assert page.resolver.resolve("anh/x.jpg") is not None
    assert page.resolver.resolve("../../../etc/x.jpg") is None  # an escape stays refused, not fetched
    assert server.requests == ["/tin/Pages/anh/x.jpg"]


def test_the_command_line_option_is_off_by_default_and_reaches_the_options(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from converter import api
    from converter.cli import app

    seen: list[bool] = []

    def fake_convert(source: object, formats: object, output: object, options: object,
                     reading: object) -> tuple[dict[str, Path], list]:
        seen.append(reading.fetch_remote)  # type: ignore[attr-defined]
        return {}, []

    monkeypatch.setattr(api, "convert", fake_convert)
    page = article_page(tmp_path, "anh.jpg")
    runner = CliRunner()
    assert runner.invoke(app, [str(page), "--to", "json"]).exit_code == 0
    assert runner.invoke(app, [str(page), "--to", "json", "--fetch-remote"]).exit_code == 0
    assert seen == [False, True]


@pytest.mark.parametrize("address", [
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of the 169.254.169.254 metadata service
    "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
    "64:ff9b:1::7f00:1",  # local-use NAT64 prefix: never public
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
    "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
    "::7f00:1",  # IPv4-compatible 127.0.0.1
    "::a9fe:a9fe",  # IPv4-compatible 169.254.169.254
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:169.254.169.254",
    "::ffff:0:7f00:1",  # IPv4-translated 127.0.0.1
    "::ffff:0:a9fe:a9fe",
    "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo whose client is 127.0.0.1
    "2001:0:a9fe:a9fe:8000:63bf:f7f7:f7f7",  # Teredo whose server is 169.254.169.254
    "::", "::1",
])
def test_ipv6_addresses_that_embed_a_private_ipv4_address_are_refused(address: str) -> None:
    assert not _address_allowed(address, ())


@pytest.mark.parametrize("address", [
    "64:ff9b::808:808",  # NAT64 of 8.8.8.8
    "2002:808:808::1",  # 6to4 of 8.8.8.8
    "::808:808",  # IPv4-compatible 8.8.8.8
    "::ffff:8.8.8.8",  # IPv4-mapped
    "::ffff:0:808:808",  # IPv4-translated
    "2606:4700:4700::1111",  # an ordinary public IPv6 address
    "8.8.8.8",
])
def test_ipv6_addresses_that_embed_a_public_ipv4_address_are_allowed(address: str) -> None:
    assert _address_allowed(address, ())


def test_the_test_switch_allows_an_embedded_loopback_address() -> None:
    allow = (ipaddress.ip_network("127.0.0.1/32"),)
    assert _address_allowed("::ffff:127.0.0.1", allow)
    assert _address_allowed("127.0.0.1", allow)
