"""Files given with --css, --icc-profile, --reference-docx and bulletin --config are checked before any output."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from factories import icc_profile, portal_page
from typer.testing import CliRunner

from converter.bulletin.config import load_config
from converter.cli import app
from converter.errors import InputError
from converter.user_files import MAX_CONFIG_BYTES, MAX_STYLESHEET_BYTES, read_icc_profile, read_stylesheet

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


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


# --- Devices and pipes: read like pages, never followed into an endless or blocking read. ------------

def _special(kind: str, tmp_path: Path) -> Path:
    if kind == "device":
        if not os.path.exists("/dev/zero"):
            pytest.skip("no /dev/zero on this platform")
        return Path("/dev/zero")
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    fifo = tmp_path / "pipe.css"
    os.mkfifo(fifo)
    return fifo


def _limit_memory() -> None:  # a regression reads /dev/zero until the memory is full: stop it at 4 GB
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30))


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process, so that a regression (a hang on a FIFO) fails on the timeout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    preexec: Callable[[], None] | None = _limit_memory if os.name == "posix" else None
    return subprocess.run([sys.executable, "-m", "converter", *args], capture_output=True, text=True, env=env,
                          timeout=120, preexec_fn=preexec)


def _assert_refused(result: subprocess.CompletedProcess[str], path: Path, option: str) -> None:
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and str(path) in errors[0] and option in errors[0], result.stderr
    assert "not a regular file" in errors[0]


@pytest.mark.parametrize("kind", ["device", "fifo"])
@pytest.mark.parametrize(("option", "fmt"), [("--css", "epub"), ("--reference-docx", "docx")])
def test_an_option_file_that_is_a_device_or_a_pipe_is_refused_with_exit_3(
        tmp_path: Path, kind: str, option: str, fmt: str) -> None:
    special = _special(kind, tmp_path)
    out = tmp_path / "out"
    result = _run(str(SAMPLES / "vn-portal-news.html"), "--to", fmt, option, str(special), "-o", f"{out}/")
    _assert_refused(result, special, option)
    assert not out.exists() or list(out.iterdir()) == []


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_a_bulletin_config_that_is_a_device_or_a_pipe_is_refused_with_exit_3(tmp_path: Path, kind: str) -> None:
    special = _special(kind, tmp_path)
    target = tmp_path / "ban-tin.epub"
    result = _run("bulletin", str(SAMPLES / "vn-portal-news.html"), "-o", str(target), "--config", str(special))
    _assert_refused(result, special, "--config")
    assert not target.exists()


def test_a_stylesheet_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    css = tmp_path / "lon.css"
    with css.open("wb") as f:  # sparse: no need to write megabytes
        f.truncate(MAX_STYLESHEET_BYTES + 1)
    with pytest.raises(InputError, match=re.escape("the stylesheet named by --css is larger than 5 MB")):
        read_stylesheet(css)


def test_a_bulletin_config_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "bulletin.toml"
    config.write_text("# " + "x" * MAX_CONFIG_BYTES + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=re.escape("the configuration named by --config is larger than 1 MB")):
        load_config(config)
