"""Files that are not a saved page: one clear line naming the file and the problem, exit 3, no output."""

from __future__ import annotations

import io
import os
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from factories import photo_bytes
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from converter import read
from converter.cli import app
from converter.errors import InputError
from converter.load.page import MAX_PAGE_BYTES


def _touch(path: Path) -> Path:
    path.touch()  # then truncated upwards: a sparse file, so the test writes nothing to disk
    return path


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


# name → (file name, how to make it, what the message must say)
CASES: dict[str, tuple[str, Callable[[Path], None], str]] = {
    "missing": ("khong-co.html", lambda p: None, "no such file"),
    "folder": ("thu-muc.html", lambda p: p.mkdir(), "is a folder"),
    "empty": ("rong.html", lambda p: p.write_bytes(b""), "the file is empty"),
    "blank": ("trang.html", lambda p: p.write_bytes(b" \r\n\t \n"), "the file is empty"),
    "bom-only": ("bom.html", lambda p: p.write_bytes(b"\xef\xbb\xbf\n"), "the file is empty"),
    "pdf": ("bai.html", lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
            "not an HTML page (looks like a PDF document)"),
    "png": ("anh.aspx", lambda p: p.write_bytes(photo_bytes(16, 16, fmt="PNG")), "looks like a PNG image"),
    "jpeg": ("anh.htm", lambda p: p.write_bytes(photo_bytes(16, 16)), "looks like a JPEG image"),
    "docx": ("bai.html", lambda p: p.write_bytes(zip_bytes()), "looks like a ZIP archive"),
    "random": ("rac.html", lambda p: p.write_bytes(random.Random(3).randbytes(4096)), "not an HTML page"),
    "text": ("ghi-chu.html", lambda p: p.write_text("Chỉ là văn bản, không có thẻ nào.\n" * 20, encoding="utf-8"),
             "no HTML markup"),
    "mht-not-mime": ("bai.mht", lambda p: p.write_text("ghi chú thường\n", encoding="utf-8"),
                     "not an MHTML archive"),
    "mht-no-page": ("bai.mhtml", lambda p: p.write_bytes(
        b'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="b"\n\n--b\nContent-Type: image/png\n\n'
        b"x\n--b--\n"), "holds no HTML page"),
    # Never read: /dev/zero has no end (it exhausted memory) and a FIFO waits for a writer forever.
    "device": ("zero.html", lambda p: p.symlink_to("/dev/zero"), "not a regular file"),
    "fifo": ("ong.html", lambda p: os.mkfifo(p), "not a regular file"),
    "huge": ("lon.html", lambda p: os.truncate(_touch(p), MAX_PAGE_BYTES + 1), "is more than a saved page can be"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_file_that_is_not_a_page_is_an_input_error_naming_it(tmp_path: Path, case: str) -> None:
    name, make, message = CASES[case]
    path = tmp_path / name
    make(path)
    with pytest.raises(InputError) as info:
        read(path)
    text = str(info.value)
    assert text.startswith(str(path)) and message in text and "\n" not in text
    assert info.value.exit_code == 3


# A folder is not here: on the command line it is a batch, which has its own tests.
@pytest.mark.parametrize("case", ["missing", "empty", "pdf", "png", "random", "text", "device", "fifo"])
def test_the_command_line_prints_one_line_exits_3_and_writes_nothing(tmp_path: Path, case: str) -> None:
    name, make, message = CASES[case]
    path = tmp_path / "in" / name
    path.parent.mkdir()
    make(path)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, [str(path), "--to", "json,docx", "-o", str(out)])
    assert result.exit_code == 3, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and name in lines[0] and message in lines[0], lines
    assert not out.exists() or list(out.iterdir()) == []
    assert sorted(p.name for p in path.parent.iterdir()) == ([name] if case != "missing" else [])


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "bai.html"
    path.write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(InputError, match="cannot read"):
            read(path)
    finally:
        path.chmod(0o644)


def test_an_mht_that_is_really_html_is_read_as_html(tmp_path: Path) -> None:
    from converter.load.page import load

    path = tmp_path / "bai.mht"
    path.write_text("<html><body><p>Trang HTML đặt tên .mht</p></body></html>", encoding="utf-8")
    assert load(path).encoding == "utf-8"


@given(junk=st.binary(max_size=600), prefix=st.sampled_from([b"", b"\x00\x00\x01\x00", b"BM", b"II*\x00", b"%PDF",
                                                              b"\xff\xfe", b"From: x\n", b"<html>"]))
def test_any_bytes_load_or_fail_with_an_input_error(junk: bytes, prefix: bytes) -> None:
    import tempfile

    from converter.load.page import load

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.html"
        path.write_bytes(prefix + junk)
        try:
            load(path)
        except InputError as exc:
            assert str(exc).startswith(str(path)) and "\n" not in str(exc)
