"""Writers are pure: ``render(article, options)`` gives the file's bytes and touches no file; one
atomic writer (``converter.atomic``) puts every output, single page or bulletin, on disk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from factories import portal_page, rich_article
from typer.testing import CliRunner

from converter import api
from converter.atomic import write_bytes_atomically
from converter.cli import app
from converter.errors import OutputError
from converter.options import WriteOptions
from converter.writers import REGISTRY, Rendered

runner = CliRunner()
PAGE = portal_page("Bài viết thuần", "Nội dung của một bài viết để thử các bộ ghi.")
LONG = "b" * 245  # with ".epub" a 250-byte name: legal, but too long with mkstemp's additions


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*"))


@pytest.mark.parametrize("fmt", ["docx", "epub", "json", "pdf"])
def test_render_writes_nothing_and_gives_the_bytes_the_command_writes(fmt: str, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "src" / "bai.html"
    page.parent.mkdir()
    page.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, [str(page), "--to", fmt, "-o", f"{out}/"]).exit_code == 0
    written = (out / f"bai{REGISTRY[fmt].extension}").read_bytes()

    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    before = _files(tmp_path)
    article = api.read(page).article
    rendered = REGISTRY[fmt].load()(article, WriteOptions(source=page.resolve()))
    assert isinstance(rendered, Rendered) and isinstance(rendered.warnings, tuple)
    assert _files(tmp_path) == before  # nothing written: not in the working folder, not beside the page
    assert rendered.data == written


def test_a_rich_article_renders_without_touching_the_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for fmt in ("docx", "epub", "json"):
        assert REGISTRY[fmt].load()(rich_article(), WriteOptions()).data
    assert list(tmp_path.iterdir()) == []


def test_a_failing_disk_write_keeps_the_old_file_and_leaves_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from converter import atomic

    target = tmp_path / "keep.json"
    target.write_text("old contents")

    def half_then_full(tmp: Path, data: bytes) -> None:
        tmp.write_bytes(data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic, "fill", half_then_full)
    with pytest.raises(OutputError, match="No space left"):
        write_bytes_atomically(target, b'{"new": "contents"}')
    assert target.read_text() == "old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.json"]


def _week(tmp_path: Path) -> Path:
    src = tmp_path / "week"
    src.mkdir()
    for n in (1, 2):
        (src / f"bai-{n}.html").write_text(portal_page(f"Bài số {n}", f"Nội dung bài số {n} của bản tin."),
                                          encoding="utf-8")
    return src


def test_a_bulletin_with_a_250_byte_name_is_written_like_a_single_page(tmp_path: Path) -> None:
    src = _week(tmp_path)
    single = tmp_path / f"{LONG}.json"
    assert len(single.name.encode()) == 250
    done = runner.invoke(app, [str(src / "bai-1.html"), "--to", "json", "-o", str(single)])
    assert done.exit_code == 0 and single.is_file()

    bulletin = tmp_path / f"{LONG}.epub"
    assert len(bulletin.name.encode()) == 250
    result = runner.invoke(app, ["bulletin", str(src), "-o", str(bulletin), "--title", "Bản tin"])
    assert result.exit_code == 0, result.output
    assert "File name too long" not in result.output
    assert bulletin.is_file() and bulletin.read_bytes()[:2] == b"PK"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    assert os.stat(bulletin).st_mode & 0o777 == 0o644
