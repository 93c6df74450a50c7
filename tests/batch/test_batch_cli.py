"""``portalconv SRC... -o OUT_DIR``: when a batch runs, what it prints, its report files and exit codes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from test_batch_run import make_page, make_small_site
from typer.testing import CliRunner

from converter.batch.worker import FAULTS_ENV
from converter.cli import app

runner = CliRunner()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_small_site(tmp_path / "site")


def cli(*args: str | Path) -> object:
    return runner.invoke(app, [str(a) for a in args])


def test_a_folder_is_a_batch_with_a_summary_table_and_exit_0(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli(site, "--to", "json", "-o", out, "-j", "2")
    assert result.exit_code == 0, result.output
    assert (out / "mot.json").is_file() and (out / "muc" / "hai.json").is_file()
    table = result.stdout
    assert "pages" in table and "converted" in table and "no article" in table
    assert "portalconv: 3 pages, 0 up to date, 3 to convert" in result.stderr  # plain progress: not a TTY


def test_q_prints_nothing_and_a_rerun_converts_nothing(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli(site, "--to", "json", "-o", out, "-q").output == ""
    result = cli(site, "--to", "json", "-o", out, "--report", tmp_path / "r.json")
    assert result.exit_code == 0
    summary = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["summary"]
    assert summary["up_to_date"] == 2 and summary["no_article"] == 1 and summary["converted"] == 0


def test_json_and_csv_reports_list_every_page_and_format(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli(site, "--to", "json,epub", "-o", out, "--report", tmp_path / "r.json", "-q").exit_code == 0
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["summary"] | {"seconds": 0} == {"pages": 3, "converted": 2, "up_to_date": 0, "no_article": 1,
                                                "failed": 0, "warnings": 0, "verified": 0,
                                                "verification_failed": 0, "seconds": 0}
    assert data["tool_version"] and data["out_dir"] == str(out.resolve())
    rows = {(Path(r["source"]).name, r["format"]): r for r in data["outputs"]}
    assert len(rows) == 5 and rows[("hai.html", "epub")]["output"] == "muc/hai.epub"
    assert rows[("trang-chu.html", "json,epub")]["status"] == "no-article"  # one row: it made no output
    assert "no article" in rows[("trang-chu.html", "json,epub")]["error"]

    assert cli(site, "--to", "json,epub", "-o", out, "--report", tmp_path / "r.csv", "--force", "-q").exit_code == 0
    with (tmp_path / "r.csv").open(encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    assert len(table) == 5 and set(table[0]) == {"source", "format", "output", "status", "error", "warnings",
                                                  "duration", "verified", "missing"}
    assert {r["status"] for r in table} == {"converted", "no-article"}


def test_failed_pages_are_listed_with_their_reason_and_exit_8(site: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FAULTS_ENV, json.dumps({"hai.html": "raise"}))
    result = cli(site, "--to", "json", "-o", tmp_path / "out", "--report", tmp_path / "r.json")
    assert result.exit_code == 8
    assert "Failed pages (1):" in result.stdout and "injected failure" in result.stdout
    assert "1 of 3 pages failed" in result.stderr
    assert (tmp_path / "out" / "mot.json").is_file()  # the others are done
    quiet = cli(site, "--to", "json", "-o", tmp_path / "out", "-q")
    assert quiet.exit_code == 8 and quiet.stdout == ""
    assert "hai.html: internal error: RuntimeError: injected failure" in quiet.stderr


def test_a_failed_page_is_named_once_in_the_table_the_quiet_list_and_the_report(tmp_path: Path) -> None:
    src = tmp_path / "site"
    make_page(src, "ok.html")
    (src / "bin.html").write_bytes(bytes(range(256)) * 12)
    out = tmp_path / "out"
    shown = cli(src, "--to", "json", "-o", out, "--report", tmp_path / "r.json", "-j", "1")
    assert shown.exit_code == 8
    line = next(ln for ln in shown.stdout.splitlines() if "bin.html" in ln)
    assert line.count("bin.html") == 1 and line.strip().endswith("bin.html: not an HTML page (binary data)")
    quiet = cli(src, "--to", "json", "-o", out, "-q", "-j", "1")
    assert quiet.exit_code == 8
    assert f"portalconv: error: {src / 'bin.html'}: not an HTML page (binary data)\n" in quiet.stderr
    rows = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["outputs"]
    assert {r["error"] for r in rows if r["status"] == "failed"} == {"not an HTML page (binary data)"}


def test_the_start_line_counts_no_article_pages_as_the_table_does(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli(site, "--to", "json", "-o", out, "-q").exit_code == 0
    again = cli(site, "--to", "json", "-o", out)
    assert "portalconv: 3 pages, 2 up to date, 1 no article, 0 to convert" in again.stderr


def test_strict_fails_a_batch_with_warnings_with_exit_7(tmp_path: Path) -> None:
    src = tmp_path / "site"
    make_page(src, "a.html")
    (src / "b.html").write_text((src / "a.html").read_text(encoding="utf-8").replace(
        "<p>Nội", '<p><img src="b_files/mat.jpg"></p><p>Nội'), encoding="utf-8")
    result = cli(src, "--to", "json", "-o", tmp_path / "out", "--strict", "-q")
    assert result.exit_code == 7 and "under --strict" in result.stderr


def test_several_files_are_a_batch_and_one_file_is_still_a_single_conversion(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli(site / "mot.html", site / "muc" / "hai.html", "--to", "json", "-o", out, "-q")
    assert result.exit_code == 0 and sorted(p.name for p in out.glob("*.json")) == ["hai.json", "mot.json"]
    single = cli(site / "mot.html", "--to", "json", "-o", tmp_path / "one.json")
    assert single.exit_code == 0 and single.stdout.strip() == str(tmp_path / "one.json")
    with_report = cli(site / "mot.html", "--to", "json", "-o", tmp_path / "o2", "--report", tmp_path / "r.csv", "-q")
    assert with_report.exit_code == 0 and (tmp_path / "o2" / "mot.json").is_file()  # a batch option: a batch
    no_folder = cli(site / "mot.html", "--to", "json", "--report", tmp_path / "r.csv")
    assert no_folder.exit_code == 2 and "--report" in no_folder.output and "needs an output folder" in no_folder.output


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--to", "json"], 2, "needs an output folder"),
    (["--to", "json", "-o", "{out}", "--executor", "spark"], 2, "'spark' is not one of 'local', 'dask'"),
    (["--to", "json", "-o", "{out}", "--report", "{tmp}/r.txt"], 2, "FILE.json or FILE.csv"),
    (["--to", "json", "-o", "{tmp}/site/mot.html"], 2, "is a file"),
])
def test_usage_errors_exit_2(site: Path, tmp_path: Path, args: list[str], code: int, message: str) -> None:
    filled = [a.format(out=tmp_path / "out", tmp=tmp_path) for a in args]
    result = cli(site, *filled)
    assert result.exit_code == code and message in result.output


def test_a_missing_source_or_a_folder_without_pages_exits_3(tmp_path: Path) -> None:
    missing = cli(tmp_path / "khong-co", tmp_path / "nua", "--to", "json", "-o", tmp_path / "out")
    assert missing.exit_code == 3 and "no such file or folder" in missing.stderr
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "anh.jpg").write_bytes(b"\xff\xd8\xff")
    empty = cli(tmp_path / "empty", "--to", "json", "-o", tmp_path / "out")
    assert empty.exit_code == 3 and "no saved pages" in empty.stderr


def test_a_bad_reference_docx_or_report_folder_stops_a_batch_before_any_page(site: Path, tmp_path: Path) -> None:
    bad = tmp_path / "mau.docx"
    bad.write_bytes(b"not a zip at all")
    out = tmp_path / "out"
    result = cli(site, "--to", "json,docx", "-o", out, "--reference-docx", bad)
    assert result.exit_code == 3 and "not a usable Word document" in result.output
    assert not out.exists() or not [p for p in out.rglob("*") if p.suffix in {".json", ".docx"}]
    result = cli(site, "--to", "json", "-o", out, "--report", tmp_path / "khong-co" / "r.csv")
    assert result.exit_code == 2 and "cannot write" in result.output
    assert not out.exists() or not list(out.rglob("*.json"))


def test_a_bad_reference_docx_writes_no_format_of_a_single_page(site: Path, tmp_path: Path) -> None:
    bad = tmp_path / "mau.docx"
    bad.write_bytes(b"not a zip at all")
    out = tmp_path / "one"
    result = cli(site / "mot.html", "--to", "json,docx", "-o", f"{out}/", "--reference-docx", bad)
    assert result.exit_code == 3 and not out.exists()


def test_a_memory_limit_too_small_to_start_a_worker_says_so(site: Path, tmp_path: Path) -> None:
    result = cli(site / "mot.html", "--to", "json", "-o", tmp_path / "out", "--memory-limit", "1", "-q")
    assert result.exit_code == 8
    assert "worker could not start" in result.output and "--memory-limit 1 MB too small?" in result.output
