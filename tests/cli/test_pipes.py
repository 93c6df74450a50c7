"""``-`` as a source (standard input) and as ``-o`` (standard output): one page, one format, in a pipe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import pytest
from factories import photo_bytes, portal_page
from typer.testing import CliRunner

from converter.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]

TITLE = "Bài đọc từ đầu vào chuẩn"
# A photo beside the page, one in the folder above (outside what may be read), and a paragraph.
PAGE = portal_page(TITLE, 'Đoạn văn của bài.</p><p><img src="bai_files/anh.jpg" alt="Ảnh">'
                   '</p><p><img src="../ngoai.jpg" alt="Ngoài">')


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """tmp/site/bai.html with bai_files/anh.jpg; tmp/ngoai.jpg is outside the site folder."""
    site = tmp_path / "site"
    (site / "bai_files").mkdir(parents=True)
    (site / "bai_files" / "anh.jpg").write_bytes(photo_bytes(64, 48))
    (tmp_path / "ngoai.jpg").write_bytes(photo_bytes(64, 48, (200, 0, 0)))
    (site / "bai.html").write_text(PAGE, encoding="utf-8")
    return site


def _json(data: bytes) -> dict:  # type: ignore[type-arg]
    return json.loads(data.decode("utf-8"))  # type: ignore[no-any-return]


def test_a_page_on_standard_input_converts_to_json_on_standard_output(folder: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)  # resources come from the current folder
    result = runner.invoke(app, ["-", "--to", "json", "-o", "-"], input=PAGE.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    data = _json(result.stdout_bytes)  # nothing but the JSON on standard output
    assert data["article"]["metadata"]["title"] == TITLE
    assert len(data["article"]["resources"]) == 1  # bai_files/anh.jpg, not ../ngoai.jpg
    assert "../ngoai.jpg" in result.stderr and "refused" in result.stderr  # warnings on standard error
    assert not (folder / "-").exists()


def test_a_page_on_standard_input_goes_to_standard_output_by_default(folder: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)
    result = runner.invoke(app, ["-", "--to", "json", "-q"], input=PAGE.encode("utf-8"))
    assert result.exit_code == 0 and _json(result.stdout_bytes)["article"]["metadata"]["title"] == TITLE
    assert result.stderr == ""


def test_root_is_the_folder_standard_input_reads_from(folder: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    found = runner.invoke(app, ["-", "--to", "json", "--root", str(folder)], input=PAGE.encode("utf-8"))
    assert found.exit_code == 0 and len(_json(found.stdout_bytes)["article"]["resources"]) == 1
    missing = runner.invoke(app, ["-", "--to", "json"], input=PAGE.encode("utf-8"))
    assert missing.exit_code == 0 and _json(missing.stdout_bytes)["article"]["resources"] == []
    assert "bai_files/anh.jpg" in missing.stderr


def test_an_mhtml_archive_on_standard_input_is_sniffed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    msg = EmailMessage()
    msg["MIME-Version"] = "1.0"
    msg.make_related()
    html = EmailMessage()
    html.set_content(portal_page("Bài MHTML", 'Văn bản.</p><p><img src="https://cong.example.vn/anh.jpg">'),
                     subtype="html", charset="utf-8")
    html["Content-Location"] = "https://cong.example.vn/bai.aspx"
    msg.attach(html)
    img = EmailMessage()
    img.set_content(photo_bytes(32, 24), maintype="image", subtype="jpeg", cte="base64")
    img["Content-Location"] = "https://cong.example.vn/anh.jpg"
    msg.attach(img)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["-", "--to", "json"], input=msg.as_bytes(policy=SMTP))
    assert result.exit_code == 0, result.stderr
    data = _json(result.stdout_bytes)["article"]
    assert data["metadata"]["title"] == "Bài MHTML" and len(data["resources"]) == 1


def test_standard_output_holds_the_bytes_a_file_would(folder: Path, tmp_path: Path) -> None:
    page = folder / "bai.html"
    for fmt in ("json", "docx"):
        piped = runner.invoke(app, [str(page), "--to", fmt, "-o", "-"])
        assert piped.exit_code == 0, piped.stderr
        written = runner.invoke(app, [str(page), "--to", fmt, "-o", str(tmp_path / f"out.{fmt}")])
        assert written.exit_code == 0
        assert piped.stdout_bytes == (tmp_path / f"out.{fmt}").read_bytes()
    assert not Path("-").exists() and not (folder / "-").exists()


def test_standard_input_to_files(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)
    result = runner.invoke(app, ["-", "--to", "json,docx", "-o", f"{tmp_path}/out/"], input=PAGE.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == [str(tmp_path / "out" / "stdin.json"), str(tmp_path / "out" / "stdin.docx")]
    assert _json((tmp_path / "out" / "stdin.json").read_bytes())["article"]["metadata"]["title"] == TITLE


@pytest.mark.parametrize(("args", "says"), [
    (["-", "--to", "json,docx", "-o", "-"], "one format"),
    (["PAGE", "--to", "json,docx", "-o", "-"], "one format"),
    (["-", "-", "--to", "json"], "only once"),
    (["-", "PAGE", "--to", "json", "-o", "OUT/"], "not a batch"),
    (["PAGE", "PAGE", "--to", "json", "-o", "-"], "not a batch"),
    (["FOLDER", "--to", "json", "-o", "-"], "not a batch"),
    (["PAGE", "--to", "json", "-o", "-", "--force"], "not a batch"),
    (["PAGE", "--to", "docx", "-o", "-", "--verify"], "standard output leaves none"),
    (["-", "--to", "json", "--explain"], "does not go with -"),
])
def test_what_a_pipe_cannot_mean_is_a_usage_error(folder: Path, tmp_path: Path, args: list[str], says: str) -> None:
    names = {"PAGE": str(folder / "bai.html"), "FOLDER": str(folder), "OUT/": f"{tmp_path}/out/"}
    result = runner.invoke(app, [names.get(a, a) for a in args], input=PAGE.encode("utf-8"))
    assert result.exit_code == 2 and says in " ".join(result.stderr.split()), result.stderr
    assert result.stdout_bytes == b"" and not (tmp_path / "out").exists()


def test_a_binary_format_is_refused_on_a_terminal(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("converter.cli_pipes._is_terminal", lambda stream: True)
    refused = runner.invoke(app, [str(folder / "bai.html"), "--to", "docx", "-o", "-"])
    assert refused.exit_code == 2 and "terminal" in refused.stderr and refused.stdout_bytes == b""
    text = runner.invoke(app, [str(folder / "bai.html"), "--to", "json", "-o", "-"])
    assert text.exit_code == 0 and _json(text.stdout_bytes)["article"]["metadata"]["title"] == TITLE


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_real_terminal_is_recognised(folder: Path) -> None:
    leader, follower = os.openpty()
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        proc = subprocess.run([sys.executable, "-m", "converter", str(folder / "bai.html"), "--to", "epub", "-o", "-"],
                              stdout=follower, stderr=subprocess.PIPE, env=env, cwd=folder, timeout=120)
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 2 and b"terminal" in proc.stderr


def test_a_real_pipe_end_to_end(folder: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "converter", "-", "--to", "json", "-o", "-"], input=PAGE.encode(),
                          capture_output=True, cwd=folder, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert _json(proc.stdout)["article"]["metadata"]["title"] == TITLE
    assert b"<stdin>" in proc.stderr  # warnings name the page as standard input


@pytest.mark.parametrize(("data", "code", "says"), [
    (b"", 3, "empty"),
    (b"%PDF-1.7\n" + bytes(range(256)) * 8, 3, "not an html page"),
    (b"<html><body><ul><li>a</li><li>b</li></ul></body></html>", 4, "no article"),
])
def test_exit_codes_are_those_of_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, code: int,
                                        says: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["-", "--to", "json", "-o", "-"], input=data)
    assert result.exit_code == code and "<stdin>" in result.stderr, result.stderr
    assert says in result.stderr.lower() and result.stdout_bytes == b""


def test_standard_input_keeps_the_page_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("converter.load.page.MAX_PAGE_BYTES", 1000)
    result = runner.invoke(app, ["-", "--to", "json"], input=(PAGE + " " * 2000).encode())
    assert result.exit_code == 3 and "more than a saved page can be" in result.stderr


def test_strict_fails_with_the_file_exit_code(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)
    result = runner.invoke(app, ["-", "--to", "json", "--strict"], input=PAGE.encode("utf-8"))
    assert result.exit_code == 7 and "--strict" in result.stderr
