"""An OUT_DIR that cannot be written stops a batch with one error line and exit 5, never a traceback.

Read-only and full disks are real mounts (tmpfs) where the system allows them; elsewhere those
tests are skipped, and a full manifest is simulated with SQLite's own page limit.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_batch_run import make_page, make_small_site, page_html
from typer.testing import CliRunner, Result

from converter.batch import BatchOptions, run
from converter.batch.manifest import MANIFEST_NAME, Manifest
from converter.cli import app
from converter.errors import OutputError


def _convert(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [*map(str, args), "-j", "1", "-q"])


def _errors(result: Result) -> list[str]:
    """The error lines on stderr (each may be followed by its "  hint:" line)."""
    return [line for line in result.stderr.splitlines() if line.startswith("portalconv: error:")]


def _sh(*argv: str) -> bool:
    return subprocess.run(argv, capture_output=True, check=False).returncode == 0


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 10 MB tmpfs of our own at tmp_path/mnt (needs root, or a system that lets us mount)."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if not shutil.which("mount") or not _sh("mount", "-t", "tmpfs", "-o", "size=10m", "tmpfs", str(mnt)):
        pytest.skip("cannot mount a tmpfs here (not root?)")
    try:
        yield mnt
    finally:
        if not _sh("umount", str(mnt)):
            _sh("umount", "-l", str(mnt))


def test_a_read_only_output_folder_exits_5_naming_it_and_nothing_is_lost(tmpfs: Path, tmp_path: Path) -> None:
    site = make_small_site(tmp_path / "site")
    out = tmpfs / "out"
    assert _convert(site, "--to", "json", "-o", out).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    make_page(site, "moi.html", "Bài mới")  # something to do, were the folder writable
    assert _sh("mount", "-o", "remount,ro", str(tmpfs))

    result = _convert(site, "--to", "json", "-o", out)
    assert result.exit_code == 5, result.output
    assert _errors(result) == [f"portalconv: error: {out}: cannot write in the output folder (Read-only file system)"]
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_disk_that_fills_mid_batch_exits_5_saying_so_and_the_next_run_says_so_too(
        tmp_path: Path, tmpfs: Path) -> None:
    site = tmp_path / "site"
    for i in range(40):
        make_page(site, f"bai-{i:02d}.html", f"Bài {i}")
    assert _sh("mount", "-o", "remount,size=300k", str(tmpfs))
    for attempt in range(2):
        result = _convert(site, "--to", "docx", "-o", tmpfs)
        assert result.exit_code == 5, (attempt, result.output)
        manifest = tmpfs / MANIFEST_NAME
        assert _errors(result) == [f"portalconv: error: {manifest}: the disk is full (database or disk is full)"]
        assert "move it away" not in result.stderr and "Traceback" not in result.output
        assert not [p for p in tmpfs.rglob("*.part")], "no temporary file is left behind"
    assert _sh("mount", "-o", "remount,size=10m", str(tmpfs))
    done = _convert(site, "--to", "docx", "-o", tmpfs)  # with room again, the same command finishes the job
    assert done.exit_code == 0, done.output
    assert len(list(tmpfs.glob("*.docx"))) == 40


def test_a_manifest_that_fills_while_results_arrive_stops_the_batch_with_exit_5(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A page missing many images gets a long warning list: its result row needs new database pages,
    # and SQLite's page limit refuses them as a full disk would ("database or disk is full").
    site = tmp_path / "site"
    site.mkdir()
    images = "".join(f'<img src="mat_files/anh-{i:03d}.png">' for i in range(150))
    (site / "a.html").write_text(page_html("Bài một").replace("<p>Nội", f"<p>{images}</p><p>Nội"),
                                 encoding="utf-8")
    opened = Manifest._open

    def no_room_to_grow(self: Manifest) -> None:
        opened(self)
        self.db.execute("PRAGMA max_page_count = 1")  # i.e. no page more than it has now

    monkeypatch.setattr(Manifest, "_open", no_room_to_grow)
    out = tmp_path / "out"
    with pytest.raises(OutputError) as caught:
        run([site], ["json"], out, None, BatchOptions(jobs=1))
    assert str(caught.value) == f"{out / MANIFEST_NAME}: the disk is full (database or disk is full)"
    assert (out / "a.json").is_file(), "the failure came as the result was recorded, after the conversion"
    assert "move it away" not in str(caught.value)


def test_sqlite_errors_are_told_apart_by_what_they_mean(tmp_path: Path) -> None:
    manifest = Manifest(tmp_path)
    try:
        db = sqlite3.connect(":memory:")
        db.execute("CREATE TABLE t (x)")
        db.execute("PRAGMA max_page_count = 1")
        with pytest.raises(sqlite3.OperationalError) as full:
            db.execute("INSERT INTO t VALUES (zeroblob(100000))")
        error = manifest._error(full.value)
        assert "the disk is full" in str(error) and "move it away" not in str(error)
        (tmp_path / "notes.sqlite").write_bytes(b"just some notes\n" * 100)
        with pytest.raises(sqlite3.DatabaseError) as notadb:
            sqlite3.connect(tmp_path / "notes.sqlite").execute("SELECT * FROM sqlite_master")
        assert "not a portalconv manifest (file is not a database); move it away" in str(manifest._error(notadb.value))
    finally:
        manifest.close()


def test_a_manifest_that_is_a_folder_exits_5_and_is_left_alone(tmp_path: Path) -> None:
    site, out = make_small_site(tmp_path / "site"), tmp_path / "out"
    (out / MANIFEST_NAME).mkdir(parents=True)
    (out / MANIFEST_NAME / "keep.txt").write_text("mine")
    result = _convert(site, "--to", "json", "-o", out)
    assert result.exit_code == 5, result.output
    assert _errors(result) == [f"portalconv: error: {out / MANIFEST_NAME}: not a portalconv manifest (not a "
                               "file); move it away to start a new record of this folder"]
    assert (out / MANIFEST_NAME / "keep.txt").read_text() == "mine" and not list(out.rglob("*.json"))


def test_a_failed_start_removes_the_manifest_it_was_creating(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Manifest) -> None:
        raise OutputError(f"{self.path}: cannot write the manifest (disk I/O error)")

    monkeypatch.setattr(Manifest, "_open", refuse)
    with pytest.raises(OutputError):
        run([make_small_site(tmp_path / "site")], ["json"], tmp_path / "out", None, BatchOptions(jobs=1))
    assert not [p.name for p in (tmp_path / "out").iterdir() if p.name.startswith(MANIFEST_NAME + "-")]
    assert not (tmp_path / "out" / MANIFEST_NAME).exists()


@pytest.mark.parametrize("spelling", ["{site}", "{site}/", "{site}/../site"])
def test_the_source_folder_as_output_folder_is_refused_before_anything_is_made(tmp_path: Path,
                                                                                spelling: str) -> None:
    site = make_small_site(tmp_path / "site")
    before = sorted(site.rglob("*"))
    result = _convert(site, "--to", "docx", "-o", spelling.format(site=site))
    assert result.exit_code == 5, result.output
    assert _errors(result) == [f"portalconv: error: {site}: the output folder is this source folder itself"]
    assert "no saved pages" not in result.stderr
    assert sorted(site.rglob("*")) == before, "no manifest, lock or output appears among the saved pages"


def test_one_of_several_sources_as_output_folder_is_refused_too(tmp_path: Path) -> None:
    a, b = make_small_site(tmp_path / "a"), make_small_site(tmp_path / "b")
    result = _convert(a, b, "--to", "json", "-o", b)
    assert result.exit_code == 5 and "the output folder is this source folder itself" in result.stderr
    assert not (b / MANIFEST_NAME).exists()


def test_an_output_folder_inside_the_source_is_fine_and_not_taken_for_pages(tmp_path: Path) -> None:
    site = make_small_site(tmp_path / "site")
    for _ in range(2):
        assert _convert(site, "--to", "json", "-o", site / "archive").exit_code == 0
    assert (site / "archive" / "mot.json").is_file() and not (site / "archive" / "archive").exists()
