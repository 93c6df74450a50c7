"""What a batch leaves behind and tells its user: the lock, empty sources, hidden files, the summary, the report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest
from test_batch_run import make_page, make_small_site
from typer.testing import CliRunner

from converter.batch import BatchOptions, run
from converter.batch.manifest import MANIFEST_NAME
from converter.batch.worker import FAULTS_ENV
from converter.cli import app
from converter.errors import OutputError

runner = CliRunner()


def cli(*args: str | Path) -> object:
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_small_site(tmp_path / "site")


# --------------------------------------------------------------------------- the output-folder lock


def test_the_lock_file_is_removed_when_the_batch_ends(site: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert cli(site, "--to", "json", "-o", out, "-q").exit_code == 0
    assert not (out / (MANIFEST_NAME + ".lock")).exists()
    assert sorted(p.name for p in out.iterdir()) == ["mot.json", "muc", MANIFEST_NAME]
    monkeypatch.setenv(FAULTS_ENV, json.dumps({"hai.html": "raise"}))  # a run that fails: removed too
    assert cli(site, "--to", "json", "-o", out, "-q", "--force").exit_code == 8
    assert not (out / (MANIFEST_NAME + ".lock")).exists()


class _FakeMsvcrt(types.ModuleType):
    """Windows' byte-range locks, per open file, as far as the batch lock uses them."""

    LK_NBLCK, LK_UNLCK = 2, 0

    def __init__(self) -> None:
        super().__init__("msvcrt")
        self.held: dict[tuple[int, int], int] = {}  # (device, inode) → fd holding it

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        st = os.fstat(fd)
        key = (st.st_dev, st.st_ino)
        if mode == self.LK_NBLCK:
            if key in self.held:
                raise PermissionError(13, "Permission denied")
            self.held[key] = fd
        elif self.held.get(key) == fd:
            del self.held[key]


def test_without_fcntl_windows_locks_still_refuse_a_second_batch(site: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    fake = _FakeMsvcrt()
    monkeypatch.setitem(sys.modules, "fcntl", None)  # import fcntl fails, as on Windows
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out / (MANIFEST_NAME + ".lock"), os.O_RDWR | os.O_CREAT)
    try:
        fake.locking(fd, fake.LK_NBLCK, 1)  # another batch holds OUT_DIR
        with pytest.raises(OutputError, match="another portalconv batch is writing here") as info:
            run([site], ["json"], out, batch=BatchOptions(jobs=1))
        assert info.value.exit_code == 5
        fake.locking(fd, fake.LK_UNLCK, 1)
    finally:
        os.close(fd)
    report = run([site], ["json"], out, batch=BatchOptions(jobs=1))  # free again
    assert report.pages()[str(site / "mot.html")] == "converted"
    assert not fake.held and not (out / (MANIFEST_NAME + ".lock")).exists()


def test_two_concurrent_batches_into_one_folder_the_second_refuses_with_exit_5(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    # The first batch's writers pause, so that it is still running when the second one starts.
    env = {**os.environ, FAULTS_ENV: json.dumps({"mot.html": "slow:3"}),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[2]),
                                                       os.environ.get("PYTHONPATH", "")]))}
    first = subprocess.Popen([sys.executable, "-m", "converter", str(site), "--to", "json", "-o", str(out),
                              "-j", "1", "-q"], env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not (out / MANIFEST_NAME).exists():  # the manifest is opened once the lock is held
            assert first.poll() is None and time.monotonic() < deadline, "the first batch never started"
            time.sleep(0.05)
        second = cli(site, "--to", "json", "-o", out)
        assert first.poll() is None, "the first batch ended before the second one started"
        assert second.exit_code == 5
        assert "another portalconv batch is writing here" in second.stderr and "hint: wait for it" in second.stderr
    finally:
        _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert (out / "mot.json").is_file() and not (out / (MANIFEST_NAME + ".lock")).exists()


# --------------------------------------------------------------------------- nothing to convert


def test_a_source_without_pages_leaves_no_output_folder_behind(tmp_path: Path) -> None:
    empty = tmp_path / "emptydir"
    empty.mkdir()
    result = cli(empty, "--to", "docx", "-o", tmp_path / "out.docx")
    assert result.exit_code == 3 and "no saved pages" in result.stderr
    assert not (tmp_path / "out.docx").exists()
    assert cli(empty, "--to", "json", "-o", tmp_path / "a" / "b" / "c").exit_code == 3
    assert not (tmp_path / "a").exists()  # nor the parents it would have made
    kept = tmp_path / "kept"
    (kept / "old").mkdir(parents=True)
    assert cli(empty, "--to", "json", "-o", kept).exit_code == 3
    assert [p.name for p in kept.iterdir()] == ["old"]  # a folder that was there stays as it was: no manifest


# --------------------------------------------------------------------------- hidden files


def test_dot_files_and_folders_are_skipped_but_a_bare_html_is_converted_and_named(tmp_path: Path) -> None:
    src = tmp_path / "site"
    make_page(src, "a.html", "Bài A")
    make_page(src, ".html", "Trang gốc")  # a site root saved without a name
    make_page(src, ".hidden.html", "Bài ẩn")
    make_page(src / ".git", "x.html", "Bài trong git")
    make_page(src / "tin", ".htm", "Trang gốc của mục")
    make_page(src / "tin" / ".cache", "y.html")
    out = tmp_path / "out"
    result = cli(src, "--to", "json", "-o", out)
    assert result.exit_code == 0, result.output
    assert "portalconv: 3 pages (hidden by ls: .html, tin/.htm), 0 up to date, 3 to convert" in result.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json")) == [
        "a.json", "index.json", "tin/index.json"]
    again = cli(src, "--to", "json", "-o", out)
    assert "portalconv: 3 pages (hidden by ls: .html, tin/.htm), 3 up to date, 0 to convert" in again.stderr


def test_a_site_without_hidden_pages_has_the_plain_start_line(site: Path, tmp_path: Path) -> None:
    result = cli(site, "--to", "json", "-o", tmp_path / "out")
    assert "portalconv: 3 pages, 0 up to date, 3 to convert" in result.stderr and "hidden" not in result.stderr


# --------------------------------------------------------------------------- the report files


def test_a_page_that_made_no_output_is_one_row_of_the_report(site: Path, tmp_path: Path) -> None:
    (site / "bin.html").write_bytes(bytes(range(256)) * 12)  # unreadable: failed, the same in every format
    out = tmp_path / "out"
    for rerun in (False, True):  # recorded as no article: the rows come from the manifest the second time
        report = run([site], ["json", "epub"], out, batch=BatchOptions(jobs=1))
        report.write(tmp_path / "r.json")
        report.write(tmp_path / "r.csv")
        rows = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["outputs"]
        by = [(Path(r["source"]).name, r["format"], r["status"]) for r in rows]
        assert by == [("bin.html", "json,epub", "failed"),
                      ("mot.html", "json", "up-to-date" if rerun else "converted"),
                      ("mot.html", "epub", "up-to-date" if rerun else "converted"),
                      ("hai.html", "json", "up-to-date" if rerun else "converted"),
                      ("hai.html", "epub", "up-to-date" if rerun else "converted"),
                      ("trang-chu.html", "json,epub", "no-article")], rerun
        csv_rows = (tmp_path / "r.csv").read_text(encoding="utf-8").splitlines()
        assert len(csv_rows) == 1 + 6 and sum("trang-chu.html" in line for line in csv_rows) == 1
        assert len(report.rows) == 8  # the library still has one row per page and format


# --------------------------------------------------------------------------- the summary on the terminal


def _pages_missing_a_photo(src: Path, count: int) -> list[Path]:
    """Pages whose photo is not there: each converts with one ``missing-image`` warning."""
    pages = []
    for i in range(count):
        page = make_page(src, f"w{i}.html", f"Bài {i}")
        page.write_text(page.read_text(encoding="utf-8").replace(
            "<p>Nội", f'<p><img src="w{i}_files/mat.jpg"></p><p>Nội'), encoding="utf-8")
        pages.append(page)
    return pages


def test_the_summary_names_the_warnings_by_code_with_their_pages_and_where_the_full_list_is(tmp_path: Path) -> None:
    src = tmp_path / "site"
    pages = _pages_missing_a_photo(src, 7)
    make_page(src, "sach.html", "Bài không cảnh báo")
    out = tmp_path / "out"
    result = cli(src, "--to", "json", "-o", out, "--report", tmp_path / "r.json")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    heading = lines.index(f"Warnings by code (the full list is in {tmp_path / 'r.json'}):")
    five = ", ".join(str(p) for p in pages[:5])
    assert lines[heading + 1] == f"  missing-image: 7 in 7 pages: {five} and 2 more"
    assert "sach.html" not in "\n".join(lines[heading:heading + 2])
    assert any(line.startswith("Slowest pages: ") for line in lines)  # its figures are timings: not compared
    again = cli(src, "--to", "json", "-o", out)  # up to date: the warnings recorded are still told
    assert "Warnings by code (--report FILE.json or FILE.csv saves the full list):" in again.stdout
    assert f"  missing-image: 7 in 7 pages: {five} and 2 more" in again.stdout
    assert "Slowest pages" not in again.stdout  # nothing ran


def test_without_warnings_the_summary_has_no_warnings_section(site: Path, tmp_path: Path) -> None:
    result = cli(site, "--to", "json", "-o", tmp_path / "out")
    assert result.exit_code == 0 and "Warnings by code" not in result.stdout


# --------------------------------------------------------------------------- bulletin -q, repeated pages, the bar


def bulletin(*args: str | Path) -> object:
    return runner.invoke(app, ["bulletin", *map(str, args)])


def test_bulletin_q_prints_no_warnings(tmp_path: Path) -> None:
    src = tmp_path / "tin"
    make_page(src, "a.html", "Bài A")
    _pages_missing_a_photo(src, 1)  # a missing-image warning
    quiet = bulletin(src, "-o", tmp_path / "b.epub", "--title", "Bản tin", "-q")
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""
    strict = bulletin(src, "-o", tmp_path / "b.epub", "--title", "Bản tin", "-q", "--strict")
    assert strict.exit_code == 7 and "[missing-image]" in strict.stderr  # --strict makes them errors: shown


def test_a_page_named_twice_in_a_bulletin_is_there_once_with_a_warning(tmp_path: Path) -> None:
    src = tmp_path / "tin"
    make_page(src, "a.html", "Bài A")
    _pages_missing_a_photo(src, 1)
    told = bulletin(src / "a.html", src, "-o", tmp_path / "b.epub", "--title", "Bản tin")
    assert told.exit_code == 0, told.output
    assert f"warning: {src / 'a.html'}: named more than once; it is in the bulletin once, where it was first " \
           "named [repeated-page]" in told.stderr
    assert "[missing-image]" in told.stderr and told.stdout.strip() == str(tmp_path / "b.epub")
    assert told.stderr.count("[repeated-page]") == 1
    twice = bulletin(src / "a.html", src / "a.html", "-o", tmp_path / "c.epub", "--title", "Bản tin")
    assert twice.exit_code == 0 and "[repeated-page]" in twice.stderr
    from ebooklib import epub

    book = epub.read_epub(str(tmp_path / "c.epub"))
    assert sum("Bài A" in item.get_content().decode() for item in book.get_items_of_type(9)
               if "nav" not in item.get_name()) == 1  # the article once


def test_the_progress_bar_is_not_drawn_in_red(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from converter.batch.progress import Bar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLORTERM", "truecolor")
    stream = Terminal()
    bar = Bar(stream)
    bar.start(4, 0)
    bar.advance("converted")
    bar.bar.refresh()
    bar.advance("converted")
    bar.bar.refresh()
    bar.close()
    drawn = stream.getvalue()
    assert "━" in drawn and "\x1b[" in drawn  # a coloured bar was drawn
    for red in ("38;2;249;38;114", "\x1b[31m", "\x1b[91m", "38;5;197m", "38;5;9m", "38;5;1m"):
        assert red not in drawn
