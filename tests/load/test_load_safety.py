"""Reading a page is inert: no network, no entity expansion, no file outside the page, no script run."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import LocalServer

from converter import jsonio, read
from converter.load.page import load, parse_html

BODY = """<table id="tableforprint"><tr><td><p class="Title">Bài kiểm tra an toàn</p></td></tr>
<tr><td><div class="ExternalClass1"><p>Đoạn văn bình thường của bài viết.</p>{extra}</div></td></tr></table>"""


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer({}) as srv:
        yield srv


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    return path


def write(tmp_path: Path, head: str, extra: str = "") -> Path:
    folder = tmp_path / "page"
    folder.mkdir(exist_ok=True)
    path = folder / "bai.html"
    path.write_text(f"{head}<html><head><title>t</title></head><body>{BODY.replace('{extra}', extra)}</body></html>",
                    encoding="utf-8")
    return path


def test_reading_a_page_makes_no_network_request(tmp_path: Path, server: LocalServer) -> None:
    url = server.url
    head = f'<!DOCTYPE html SYSTEM "{url}/dtd"><!-- <!ENTITY % p SYSTEM "{url}/param"> -->'
    extra = (f'<p><img src="{url}/anh.jpg" srcset="{url}/a.jpg 2x" data-src="{url}/lazy.jpg"></p>'
             f'<link rel="stylesheet" href="{url}/style.css"><style>@import url("{url}/import.css");</style>'
             f'<iframe src="{url}/frame"></iframe><p style="background:url({url}/bg.jpg)">Nền</p>'
             f'<meta http-equiv="refresh" content="0;url={url}/refresh">'
             f'<link rel="attachment" href="{url}/attach.pdf">')
    read(write(tmp_path, head, extra))
    time.sleep(0.1)  # a request in flight would have been logged by now
    assert server.requests == []


def test_an_external_dtd_and_parameter_entities_are_never_loaded(tmp_path: Path, server: LocalServer,
                                                                 secret: Path) -> None:
    head = (f'<!DOCTYPE html [<!ENTITY % remote SYSTEM "{server.url}/evil.dtd"> %remote;'
            f'<!ENTITY local SYSTEM "file://{secret}">]>')
    art = read(write(tmp_path, head, "<p>Giá trị: &local;</p>")).article
    assert "TOP-SECRET" not in jsonio.dumps(art)
    assert server.requests == []


def test_xinclude_is_not_processed(tmp_path: Path, secret: Path) -> None:
    extra = f'<p><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://{secret}" parse="text"/></p>'
    art = read(write(tmp_path, "", extra)).article
    assert "TOP-SECRET" not in jsonio.dumps(art)


def test_entity_expansion_bombs_do_not_expand(tmp_path: Path) -> None:
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    art = read(write(tmp_path, f"<!DOCTYPE html [{lol}]>", "<p>&l9;</p>")).article
    assert "lollol" not in jsonio.dumps(art)


def test_scripts_and_event_handlers_never_run(tmp_path: Path) -> None:
    extra = ('<script>document.write("<p>INJECTED-BY-SCRIPT</p>")</script>'
             '<p><img src="x.jpg" onerror="document.body.innerHTML=\'INJECTED-BY-HANDLER\'"></p>'
             '<noscript><p>Please enable scripts</p></noscript>'
             '<p><a href="javascript:alert(1)">liên kết</a></p>')
    path = write(tmp_path, "", extra)
    text = path.read_text(encoding="utf-8").replace("<body>", '<body onload="document.title=\'INJECTED-ONLOAD\'">')
    path.write_text(text, encoding="utf-8")
    dumped = jsonio.dumps(read(path).article)
    assert "INJECTED" not in dumped  # neither run nor kept as text
    assert "document.write" not in dumped and "innerHTML" not in dumped


def test_script_text_stays_text_in_the_tree() -> None:
    root = parse_html('<html><body><script>var x = "<p>not a paragraph</p>";</script><p>a</p></body></html>', "x")
    assert [p.text for p in root.iter("p")] == ["a"]
    assert "not a paragraph" in (root.find(".//script").text or "")


def test_the_page_folder_is_the_limit_even_for_the_page_own_resolver(tmp_path: Path, secret: Path) -> None:
    secret_jpg = secret.with_name("secret.jpg")
    secret_jpg.write_bytes(b"\xff\xd8\xff\xe0TOP-SECRET")
    page = load(write(tmp_path, ""))
    for ref in ("../outside/secret.jpg", secret_jpg.as_uri(), str(secret_jpg), "%2E%2E/outside/secret.jpg"):
        assert page.resolver.resolve(ref) is None, ref
