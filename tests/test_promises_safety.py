"""Promises of docs/safety.md and docs/bulletin.md that no subsystem's tests held: the size limit of each
file an option names, the --fetch-remote limits the command uses, control characters, a missing bulletin
input (docs/promises.md lists them all)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from factories import portal_page
from typer.testing import CliRunner

from converter import read
from converter.bulletin.config import front_from
from converter.cli import app
from converter.load.remote import RemoteFetcher
from converter.walk import block_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
MB = 2**20
runner = CliRunner()


def sparse(path: Path, size: int) -> Path:
    with path.open("wb") as f:  # sparse: no megabytes are written
        f.truncate(size)
    return path


def one_error_line(stderr: str) -> str:
    errors = [line for line in stderr.splitlines() if "error:" in line]
    assert len(errors) == 1, stderr
    return errors[0]


def test_a_reference_docx_over_50_mb_exits_3_naming_the_file_and_the_option(tmp_path: Path) -> None:
    template = sparse(tmp_path / "mau.docx", 50 * MB + 1)
    out = tmp_path / "out"
    result = runner.invoke(app, [str(SAMPLES / "vn-portal-news.html"), "--to", "docx", "--reference-docx",
                                 str(template), "-o", f"{out}/"])
    assert result.exit_code == 3, result.output
    line = one_error_line(result.stderr)
    assert str(template) in line and "--reference-docx" in line and "larger than 50 MB" in line
    assert not out.exists() or list(out.iterdir()) == []


def test_an_icc_profile_over_16_mb_exits_3_naming_the_file_and_the_option(tmp_path: Path) -> None:
    profile = sparse(tmp_path / "in.icc", 16 * MB + 1)
    target = tmp_path / "ban-tin.pdf"
    result = runner.invoke(app, ["bulletin", str(SAMPLES / "vn-portal-news.html"), "-o", str(target),
                                 "--pdf-standard", "pdf/x-4", "--icc-profile", str(profile)])
    assert result.exit_code == 3, result.output
    line = one_error_line(result.stderr)
    assert str(profile) in line and "--icc-profile" in line and "larger than 16 MB" in line
    assert not target.exists()


def test_a_bulletin_logo_over_64_mb_exits_3_naming_the_file_and_the_option(tmp_path: Path) -> None:
    logo = sparse(tmp_path / "logo.png", 64 * MB + 1)
    target = tmp_path / "ban-tin.epub"
    result = runner.invoke(app, ["bulletin", str(SAMPLES / "vn-portal-news.html"), "-o", str(target),
                                 "--logo", str(logo)])
    assert result.exit_code == 3, result.output
    line = one_error_line(result.stderr)
    assert str(logo) in line and "--logo" in line and "larger than 64 MB" in line
    assert not target.exists()
    (tmp_path / "bulletin.toml").write_text('logo = "logo.png"\n', encoding="utf-8")
    result = runner.invoke(app, ["bulletin", str(SAMPLES / "vn-portal-news.html"), "-o", str(target),
                                 "--config", str(tmp_path / "bulletin.toml")])
    assert result.exit_code == 3, result.output  # the same file named in the TOML: exit 3
    assert "larger than 64 MB" in one_error_line(result.stderr)


def test_a_logo_within_the_limit_is_taken(tmp_path: Path) -> None:
    from factories import photo_bytes

    (tmp_path / "logo.png").write_bytes(photo_bytes(40, 20, fmt="PNG"))
    front = front_from({"logo": "logo.png"}, relative_to=tmp_path)
    assert front.logo is not None and front.logo.media_type == "image/png"


def test_fetch_remote_uses_the_documented_limits() -> None:
    """safety.md: 10 s timeout, 20 MB per image, 100 MB per page; converter.read builds its fetcher with these."""
    fetcher = RemoteFetcher()
    assert (fetcher.timeout, fetcher.max_bytes, fetcher.max_total) == (10.0, 20 * MB, 100 * MB)
    assert fetcher.allow == ()  # no private address is ever allowed outside the tests


def test_control_characters_are_removed_with_a_warning_and_tab_breaks_become_spaces(tmp_path: Path) -> None:
    body = ("<p>" + "Hội nghị tổng kết công tác năm của đơn vị diễn ra tại hội trường lớn. " * 5 + "</p>"
            "<p>Trước\x01\x02sau điều khiển. Một\x0bhai\x0cba.</p>"
            "<p>" + "Các đại biểu thảo luận về kế hoạch của năm tới trong buổi chiều. " * 5 + "</p>")
    page = tmp_path / "bai.html"
    page.write_text(portal_page("Hội nghị tổng kết", body), encoding="utf-8")
    result = read(page)
    joined = " ".join(block_text(b) for b in result.article.blocks)
    assert "Trướcsau điều khiển." in joined and "Một hai ba." in joined
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", joined)
    controls = [w for w in result.warnings if w.code == "control-characters"]
    assert len(controls) == 1 and "2 control character(s) removed" in controls[0].message


def test_a_bulletin_input_that_does_not_exist_exits_3(tmp_path: Path) -> None:
    missing = tmp_path / "khong-co"
    target = tmp_path / "ban-tin.epub"
    result = runner.invoke(app, ["bulletin", str(SAMPLES / "vn-portal-news.html"), str(missing), "-o", str(target)])
    assert result.exit_code == 3, result.output
    assert str(missing) in one_error_line(result.stderr)
    assert not target.exists()


@pytest.mark.parametrize("prop", ["font-size", "margin", "padding", "width", "line-height", "text-indent"])
def test_the_epub_stylesheet_uses_relative_sizes_only(prop: str) -> None:
    """formats.md: the reader's font, size and margins apply, so no size is fixed (a hairline border may be)."""
    css = (ROOT / "styles" / "epub.css").read_text(encoding="utf-8")
    values = re.findall(rf"(?<![-\w]){prop}(?:-\w+)?\s*:\s*([^;}}]+)", css)
    fixed = [v for v in values if re.search(r"\d(px|pt|pc|cm|mm|in|q)\b", v)]
    assert fixed == []


def test_a_bulletin_logo_that_is_not_an_image_exits_3_naming_it(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_text("không phải ảnh\n", encoding="utf-8")
    target = tmp_path / "ban-tin.epub"
    result = runner.invoke(app, ["bulletin", str(SAMPLES / "vn-portal-news.html"), "-o", str(target),
                                 "--logo", str(logo)])
    assert result.exit_code == 3, result.output
    assert str(logo) in one_error_line(result.stderr) and "not an image" in result.stderr
    assert not target.exists()
