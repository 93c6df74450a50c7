"""Hostile pages, end to end: each converts to DOCX, PDF and EPUB (or fails with our error), reads no byte
outside its folder, opens no socket, and says what it refused.

Two guards watch every case. A socket guard replaces connecting and name lookup, so any attempt is
recorded and fails. An audit hook (PEP 578) records every file the process opens or lists while a
case runs, so a read outside the page's folder is caught even when nothing of it reaches the output;
and the outputs are searched for the sentinel's bytes, for reads the hook cannot see (C libraries).
"""

from __future__ import annotations

import socket
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from factories import photo_bytes, png_header_only
from PIL import Image as PILImage

from converter import api
from converter.writers import REGISTRY

SECRET = b"SENTINEL-7f3a-OUTSIDE-THE-PAGE"

_opened: list[str] | None = None


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _opened is not None and event in {"open", "os.listdir", "os.scandir"} and args:
        path = args[0]
        if isinstance(path, str | bytes | Path):
            _opened.append(str(path if not isinstance(path, bytes) else path.decode("utf-8", "replace")))


sys.addaudithook(_audit)  # hooks cannot be removed; it records only while a case sets _opened


@dataclass
class Guard:
    outside: Path
    connections: list[str] = field(default_factory=list)
    opened: list[str] = field(default_factory=list)

    def reads_outside(self) -> list[str]:
        return [p for p in self.opened if Path(p).resolve().is_relative_to(self.outside)]


@pytest.fixture
def guard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Guard]:
    outside = (tmp_path / "outside").resolve()
    outside.mkdir()
    for name in ("secret.txt", "secret.css", "secret.html", "secret.svg"):
        (outside / name).write_bytes(SECRET)
    (outside / "secret.png").write_bytes(_png_with_text(SECRET))
    g = Guard(outside)

    def refuse(*args: object, **kwargs: object) -> None:
        g.connections.append(repr(args[:2]))
        raise OSError("socket guard: network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    global _opened
    _opened = g.opened
    try:
        yield g
    finally:
        _opened = None


def _png_with_text(text: bytes) -> bytes:
    import io

    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", text.decode())
    buf = io.BytesIO()
    PILImage.new("RGB", (4, 4), (200, 0, 0)).save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


def _page(tmp_path: Path, body: str, files: dict[str, bytes] | None = None, head: str = "",
          doctype: str = "<!DOCTYPE html>") -> Path:
    folder = tmp_path / "site"
    (folder / "bai_files").mkdir(parents=True, exist_ok=True)
    for name, data in (files or {}).items():
        (folder / "bai_files" / name).write_bytes(data)
    prose = " ".join(f"Câu số {i} của bài viết kể lại sự kiện bằng những từ ngữ bình thường." for i in range(8))
    page = folder / "bai.html"
    page.write_bytes(
        f'{doctype}<html lang="vi"><head><meta charset="utf-8"><title>Bài thử</title>{head}</head><body>'
        f'<div class="article"><h1>Bài viết thử nghiệm</h1><p>{prose}</p><p>{prose}</p>{body}<p>{prose}</p></div>'
        "</body></html>".encode())
    return page


def _billion_laughs(tmp_path: Path, outside: Path) -> Path:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    return _page(tmp_path, "<p>&lol9;</p>", doctype=f"<!DOCTYPE html [{entities}]>")


def _deep_nesting(tmp_path: Path, outside: Path) -> Path:
    return _page(tmp_path, "<div>" * 100_000 + "<p>Đoạn văn ở rất sâu.</p>" + "</div>" * 100_000)


def _nul_bytes(tmp_path: Path, outside: Path) -> Path:
    page = _page(tmp_path, "<p>Trước\x00sau NUL.</p>")
    page.write_bytes(page.read_bytes().replace(b"NUL.", b"NUL.\x00\x00"))
    return page


def _invalid_utf8(tmp_path: Path, outside: Path) -> Path:
    page = _page(tmp_path, "<p>Hỏng: XX.</p>")
    page.write_bytes(page.read_bytes().replace(b"XX", b"\xff\xfe\xc3\x28\xed\xa0\x80"))
    return page


def _image_bomb(tmp_path: Path, outside: Path) -> Path:
    return _page(tmp_path, '<p><img src="bai_files/bomb.png" alt="Bom"></p><p><em>Chú thích ảnh bom</em></p>',
                 {"bomb.png": png_header_only(30_000, 30_000)})


def _one_pixel_claiming_huge(tmp_path: Path, outside: Path) -> Path:
    return _page(tmp_path, '<p><img src="bai_files/liar.png" alt="Ảnh nói dối"></p>',
                 {"liar.png": png_header_only(100_000, 100_000)})


def _traversal(tmp_path: Path, outside: Path) -> Path:
    refs = ["../outside/secret.png", "bai_files/../../outside/secret.png", f"file://{outside}/secret.png",
            f"{outside}/secret.png", "%2e%2e/outside/secret.png", r"\\server\share\secret.png",
            "..\\outside\\secret.png"]
    body = "".join(f'<p><img src="{r}" alt="Ảnh {i}"></p>' for i, r in enumerate(refs))
    return _page(tmp_path, body + f'<p><a href="file://{outside}/secret.txt">liên kết</a></p>')


def _link_attachment(tmp_path: Path, outside: Path) -> Path:
    head = (f'<link rel="attachment" href="../outside/secret.txt"><link rel="attachment" '
            f'href="file://{outside}/secret.txt"><link rel="stylesheet" href="../outside/secret.css">')
    return _page(tmp_path, "", head=head)


def _css_imports(tmp_path: Path, outside: Path) -> Path:
    head = ('<style>@import url("../outside/secret.css"); @import "http://127.0.0.1:9/x.css";'
            f'body {{ background: url(file://{outside}/secret.png) }} '
            'p {{ background-image: url("http://127.0.0.1:9/bg.png") }}</style>')
    body = (f'<p style="background:url(../outside/secret.png)">Đoạn có nền.</p>'
            f'<div style="background-image:url(\'file://{outside}/secret.png\')">Khối có nền.</div>')
    return _page(tmp_path, body, head=head)


def _frames(tmp_path: Path, outside: Path) -> Path:
    body = ('<iframe src="../outside/secret.html"></iframe><iframe src="http://127.0.0.1:9/f"></iframe>'
            f'<object data="file://{outside}/secret.svg" type="image/svg+xml"></object>'
            '<embed src="../outside/secret.svg"><object data="http://127.0.0.1:9/o.swf"></object>')
    return _page(tmp_path, body)


def _svg_external(tmp_path: Path, outside: Path) -> Path:
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" '
           f'height="30"><script>alert(1)</script><rect width="40" height="30" fill="#36c"/>'
           f'<image href="file://{outside}/secret.png" width="10" height="10"/>'
           f'<image xlink:href="../../outside/secret.png" width="10" height="10"/>'
           f'<use href="http://127.0.0.1:9/s.svg#a"/>'
           f'<style>@import url("../../outside/secret.css");</style></svg>').encode()
    inline = ('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><image href="../outside/secret.png"'
              ' width="20" height="20"/><script>fetch("http://127.0.0.1:9/")</script></svg>')
    body = f'<p><img src="bai_files/chart.svg" alt="Biểu đồ"></p><p><em>Chú thích biểu đồ</em></p>{inline}'
    return _page(tmp_path, body, {"chart.svg": svg})


def _symlink_out(tmp_path: Path, outside: Path) -> Path:
    page = _page(tmp_path, '<p><img src="bai_files/link.png" alt="Liên kết mềm"></p>'
                           '<p><img src="bai_files/ok.jpg" alt="Ảnh thật"></p>', {"ok.jpg": photo_bytes(64, 48)})
    (page.parent / "bai_files" / "link.png").symlink_to(outside / "secret.png")
    (page.parent / "bai_files" / "dir").symlink_to(outside, target_is_directory=True)
    return page


Case = Callable[[Path, Path], Path]


@dataclass(frozen=True)
class Expect:
    codes: frozenset[str] = frozenset()  # at least one of these warnings: a refusal is never silent
    text: str = ""  # must reach the EPUB's text
    why_quiet: str = ""  # when no warning is due, why (nothing was attempted, nothing was lost)


CASES: dict[str, tuple[Case, Expect]] = {
    "billion-laughs": (_billion_laughs, Expect(text="Câu số 7", why_quiet="HTML parsing never expands entities")),
    "deep-nesting": (_deep_nesting, Expect(frozenset({"too-deep"}), "Đoạn văn ở rất sâu.")),
    "nul-bytes": (_nul_bytes, Expect(frozenset({"nul-bytes"}), "Trướcsau NUL.")),
    "invalid-utf8": (_invalid_utf8, Expect(frozenset({"undecodable", "wrong-charset"}), "Hỏng:")),
    "image-bomb": (_image_bomb, Expect(frozenset({"unreadable-image"}), "Chú thích ảnh bom")),
    "one-pixel-claiming-huge": (_one_pixel_claiming_huge, Expect(frozenset({"unreadable-image"}))),
    "traversal": (_traversal, Expect(frozenset({"missing-image"}))),
    "link-attachment": (_link_attachment, Expect(why_quiet="links in <head> are never followed or read")),
    "css-imports": (_css_imports, Expect(text="Khối có nền.", why_quiet="the page's own CSS is never read")),
    "frames": (_frames, Expect(frozenset({"unsupported-element"}))),
    "svg-external": (_svg_external, Expect(frozenset({"unsupported-element"}), "Chú thích biểu đồ")),
    "symlink-out": (_symlink_out, Expect(frozenset({"missing-image"}))),
}


def _output_bytes(path: Path) -> list[bytes]:
    """The file, and each member decompressed when it is a zip (DOCX, EPUB)."""
    data = [path.read_bytes()]
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            data += [z.read(n) for n in z.namelist()]
    return data


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_hostile_page_is_contained(tmp_path: Path, guard: Guard, name: str) -> None:
    make, expect = CASES[name]
    page = make(tmp_path, guard.outside)
    written, warnings = api.convert(page, list(REGISTRY), tmp_path / "out")
    assert set(written) == set(REGISTRY)
    assert guard.connections == []
    assert str(page) in guard.opened  # the hook saw this conversion's reads…
    assert guard.reads_outside() == []  # …and none of them was outside the page's folder
    for path in written.values():
        assert not any(SECRET in blob for blob in _output_bytes(path)), f"{path.name} holds the sentinel"
    codes = {w.code for w in warnings}
    if expect.codes:
        assert codes & expect.codes, f"expected one of {sorted(expect.codes)}, got {sorted(codes)}"
    else:
        assert expect.why_quiet
    if expect.text:
        assert expect.text in _epub_text(written["epub"])
    for w in warnings:  # warnings name what they are about, never an object address or a traceback
        assert " at 0x" not in str(w) and "Traceback" not in str(w)


def _epub_text(path: Path) -> str:
    import lxml.html

    with zipfile.ZipFile(path) as z:
        return " ".join(lxml.html.fromstring(z.read(n)).text_content() for n in z.namelist()
                        if n.endswith(".xhtml"))


def test_the_guards_catch_what_they_claim_to(tmp_path: Path, guard: Guard) -> None:
    """The guards themselves: a direct read outside and a connection attempt are both recorded."""
    (guard.outside / "secret.txt").read_bytes()
    with pytest.raises(OSError, match="socket guard"):
        socket.create_connection(("127.0.0.1", 9))
    assert guard.reads_outside() == [str(guard.outside / "secret.txt")]
    assert len(guard.connections) == 1
