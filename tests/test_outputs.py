"""Outputs never cost the user a file: the input is never overwritten, an existing output is replaced
in one rename, and an unwritable place fails with one line, exit 5 and nothing half-written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from factories import portal_page
from typer.testing import CliRunner

from converter.cli import app

runner = CliRunner()

PAGE = portal_page("Tiêu đề đầu ra", "Nội dung thử nghiệm của phần ghi tệp.")


@pytest.fixture
def page(tmp_path: Path) -> Path:
    (path := tmp_path / "bai.html").write_text(PAGE, encoding="utf-8")
    return path


def test_an_output_named_like_the_input_is_refused_and_the_input_kept(page: Path) -> None:
    result = runner.invoke(app, [str(page), "--to", "json", "-o", str(page)])
    assert result.exit_code == 5
    assert "is the input page" in result.output and str(page) in result.output
    assert page.read_text(encoding="utf-8") == PAGE


def test_a_hard_link_to_the_input_is_the_input(page: Path, tmp_path: Path) -> None:
    alias = tmp_path / "bai.json"
    os.link(page, alias)
    result = runner.invoke(app, [str(page), "--to", "docx,json"])
    assert result.exit_code == 5 and "is the input page" in result.output
    assert page.read_text(encoding="utf-8") == PAGE
    assert not (tmp_path / "bai.docx").exists()  # refused before anything was written


def test_an_existing_output_is_replaced_by_a_rename_not_rewritten_in_place(page: Path, tmp_path: Path) -> None:
    target = tmp_path / "bai.json"
    target.write_text("old", encoding="utf-8")
    keeper = tmp_path / "old-link.json"
    os.link(target, keeper)  # a second name for the old file's inode
    result = runner.invoke(app, [str(page), "--to", "json"])
    assert result.exit_code == 0, result.output
    assert "Tiêu đề đầu ra" in target.read_text(encoding="utf-8")
    # Rewriting in place would have changed the old inode too; a rename leaves it whole.
    assert keeper.read_text(encoding="utf-8") == "old"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_a_read_only_location_fails_cleanly(page: Path) -> None:
    target = Path("/sys/portalconv-test")
    if not Path("/sys/kernel").is_dir():  # sysfs refuses new files even to root, unlike a chmod-ed folder
        pytest.skip("no sysfs mounted at /sys here")
    result = runner.invoke(app, [str(page), "--to", "json,docx", "-o", f"{target}/"])
    assert result.exit_code == 5
    errors = [line for line in result.output.splitlines() if line.startswith("portalconv: error:")]
    assert len(errors) == 1 and "cannot write" in errors[0] and str(target) in errors[0]
    assert not target.exists()


def test_a_file_where_the_output_folder_should_be_is_named_and_kept(page: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "ban-in"
    blocker.write_text("ghi chú", encoding="utf-8")
    result = runner.invoke(app, [str(page), "--to", "docx", "-o", f"{blocker}/thang-11/"])
    assert result.exit_code == 5
    assert f"({blocker} is a file, not a folder)" in result.output
    assert blocker.read_text(encoding="utf-8") == "ghi chú"


def test_a_legal_long_output_name_is_written(tmp_path: Path) -> None:
    # 240 bytes of Vietnamese (2-3 bytes a letter) + ".docx": legal; ".NAME.XXXXXXXX.part" would not be.
    stem = ("Tiếng Việt " * 30).encode("utf-8")[:240].decode("utf-8", "ignore").strip()
    page = tmp_path / f"{stem}.html"
    page.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, [str(page), "--to", "docx,json", "-o", f"{out}/"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [f"{stem}.docx", f"{stem}.json"]
