"""Files given with --css and --icc-profile are checked before they reach an output."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from factories import icc_profile, portal_page
from typer.testing import CliRunner

from converter.cli import app
from converter.errors import InputError
from converter.user_files import read_icc_profile, read_stylesheet

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_a_stylesheet_is_utf8_text_with_or_without_a_bom(tmp_path: Path) -> None:
    css = tmp_path / "rieng.css"
    css.write_bytes(b"\xef\xbb\xbf" + "p::before { content: 'Tin vắn'; }".encode())
    assert read_stylesheet(css) == "p::before { content: 'Tin vắn'; }"


@pytest.mark.parametrize(("data", "message"), [
    (random.Random(5).randbytes(2048), "not a UTF-8 stylesheet"),
    ("p { font-family: 'Times'; } /* Montréal */".encode("cp1252"), "not a UTF-8 stylesheet (byte"),
    (b"PK\x03\x04\x00\x00", "not a stylesheet (binary data)"),
])
def test_a_stylesheet_that_is_not_utf8_text_is_refused(tmp_path: Path, data: bytes, message: str) -> None:
    css = tmp_path / "rieng.css"
    css.write_bytes(data)
    with pytest.raises(InputError, match=re.escape(message)) as info:
        read_stylesheet(css)
    assert str(info.value).startswith(str(css))


def test_a_missing_stylesheet_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the stylesheet"):
        read_stylesheet(tmp_path / "khong-co.css")


def test_a_cmyk_icc_profile_is_taken_as_it_is(tmp_path: Path) -> None:
    profile = tmp_path / "in.icc"
    profile.write_bytes(icc_profile())
    assert read_icc_profile(profile) == icc_profile()


@pytest.mark.parametrize(("data", "message"), [
    (b"", "not an ICC colour profile"),
    (random.Random(6).randbytes(4096), "not an ICC colour profile"),
    (icc_profile(b"RGB"), "a RGB ICC profile; PDF/X needs"),
])
def test_anything_but_a_cmyk_icc_profile_is_refused(tmp_path: Path, data: bytes, message: str) -> None:
    profile = tmp_path / "in.icc"
    profile.write_bytes(data)
    with pytest.raises(InputError, match=re.escape(message)):
        read_icc_profile(profile)


# docx first: the DOCX writer ignores --css, so only a check before any writer keeps it from being left alone.
@pytest.mark.parametrize("fmt", ["epub", "pdf", "docx,epub"])
def test_a_binary_css_fails_the_conversion_with_exit_3_and_writes_nothing(tmp_path: Path, fmt: str) -> None:
    page = tmp_path / "bai.html"
    page.write_text(portal_page("Bài có kiểu riêng", "Nội dung bài viết."), encoding="utf-8")
    css = tmp_path / "kieu.css"
    css.write_bytes(random.Random(7).randbytes(1024))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, [str(page), "--to", fmt, "--css", str(css), "-o", f"{out}/"])
    assert result.exit_code == 3 and f"{css}: not a UTF-8 stylesheet" in result.output
    assert not out.exists() or list(out.iterdir()) == []


def test_a_bulletin_with_a_file_that_is_no_icc_profile_exits_3_and_writes_nothing(tmp_path: Path) -> None:
    junk = tmp_path / "may-in.icc"
    junk.write_bytes(random.Random(8).randbytes(4096))
    target = tmp_path / "ban-tin.pdf"
    result = CliRunner().invoke(app, ["bulletin", str(SAMPLES / "vn-portal-news.html"), "-o", str(target),
                                      "--pdf-standard", "pdf/x-4", "--icc-profile", str(junk)])
    assert result.exit_code == 3 and f"{junk}: not an ICC colour profile" in result.output
    assert not target.exists()


def test_a_bulletin_language_must_be_a_language_tag(tmp_path: Path) -> None:
    target = tmp_path / "ban-tin.epub"
    result = CliRunner().invoke(app, ["bulletin", str(SAMPLES / "vn-portal-news.html"), "-o", str(target),
                                      "--language", "tiếng Việt"])
    assert result.exit_code in (2, 3) and "not a language tag" in result.output
    assert not target.exists()
