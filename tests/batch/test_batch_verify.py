"""``--verify`` in a batch: every DOCX/EPUB written is read back; the outcome goes into the manifest
and the report, an incomplete output fails its page, and older manifests gain the new columns."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from test_batch_run import make_page, make_small_site
from typer.testing import CliRunner

from converter.batch import BatchOptions, Report, run
from converter.batch.manifest import MANIFEST_NAME
from converter.batch.report import Row
from converter.batch.worker import FAULTS_ENV
from converter.cli import app

FORMATS = ["json", "docx", "epub"]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_small_site(tmp_path / "site")


def _rows(report: Report) -> dict[tuple[str, str], Row]:
    return {(Path(r.source).stem, r.format): r for r in report.rows}


def _manifest(out: Path) -> dict[tuple[str, str], sqlite3.Row]:
    db = sqlite3.connect(out / MANIFEST_NAME)
    db.row_factory = sqlite3.Row
    return {(Path(r["source"]).stem, r["format"]): r for r in db.execute("SELECT * FROM outputs")}


def test_verified_outputs_are_marked_in_the_report_and_the_manifest(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = run([site], FORMATS, out, batch=BatchOptions(jobs=1, verify=True))
    rows = _rows(report)
    for page in ("mot", "hai"):
        assert rows[(page, "docx")].verified is True and rows[(page, "epub")].verified is True
        assert rows[(page, "json")].verified is None  # nothing to read back
    assert rows[("trang-chu", "docx")].verified is None  # no article, no output
    assert report.summary()["verified"] == 4 and report.summary()["verification_failed"] == 0
    stored = _manifest(out)
    assert stored[("mot", "epub")]["verified"] == 1 and json.loads(stored[("mot", "epub")]["missing"]) == []
    assert stored[("mot", "json")]["verified"] is None

    again = _rows(run([site], FORMATS, out, batch=BatchOptions(jobs=1, verify=True)))
    assert again[("mot", "docx")].status == "up-to-date" and again[("mot", "docx")].verified is True


def test_outputs_never_verified_are_made_again_when_verify_is_asked(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([site], FORMATS, out, batch=BatchOptions(jobs=1))
    assert _manifest(out)[("mot", "docx")]["verified"] is None
    rows = _rows(run([site], FORMATS, out, batch=BatchOptions(jobs=1, verify=True)))
    assert rows[("mot", "docx")].status == "converted" and rows[("mot", "docx")].verified is True
    assert rows[("mot", "json")].status == "up-to-date"  # JSON is not read back
    # Without --verify, a verified output is simply up to date.
    assert _rows(run([site], FORMATS, out, batch=BatchOptions(jobs=1)))[("mot", "docx")].status == "up-to-date"


def test_a_damaged_output_fails_its_page_names_what_is_missing_and_exits_8(
        site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, report_file = tmp_path / "out", tmp_path / "report.json"
    # The worker's writers lose this sentence (the first paragraph of mot.html) after writing.
    monkeypatch.setenv(FAULTS_ENV, json.dumps({"mot.html": "damage:Nội dung của Bài một."}))
    result = CliRunner().invoke(app, [str(site), "--to", "docx,epub", "-o", str(out), "--verify", "-j", "1",
                                      "--report", str(report_file)])
    assert result.exit_code == 8, result.output
    assert "mot.html" in result.stdout and "verification:" in result.stdout  # the table's failure list
    # On stderr: one line for the page, naming what each output lacks.
    lines = [line for line in result.stderr.splitlines() if line.startswith("portalconv: incomplete:")]
    assert len(lines) == 1 and "mot.html: docx: paragraph: Nội dung của Bài một" in lines[0], result.stderr
    assert " | epub: paragraph: Nội dung của Bài một" in lines[0]
    data = json.loads(report_file.read_text(encoding="utf-8"))
    assert data["summary"]["failed"] == 1 and data["summary"]["converted"] == 1
    assert data["summary"]["verification_failed"] == 2
    bad = {r["format"]: r for r in data["outputs"] if Path(r["source"]).stem == "mot"}
    for fmt in ("docx", "epub"):
        assert bad[fmt]["status"] == "failed" and bad[fmt]["verified"] is False
        assert any("Nội dung của Bài một" in m for m in bad[fmt]["missing"]), bad[fmt]["missing"]
        assert (out / bad[fmt]["output"]).is_file()  # kept for inspection
    stored = _manifest(out)
    assert stored[("mot", "epub")]["verified"] == 0 and stored[("mot", "epub")]["status"] == "failed"

    monkeypatch.delenv(FAULTS_ENV)  # a failure is never current: the next run rebuilds and passes
    rows = _rows(run([site], ["docx", "epub"], out, batch=BatchOptions(jobs=1, verify=True)))
    assert rows[("mot", "epub")].status == "converted" and rows[("mot", "epub")].verified is True


def test_a_manifest_from_before_verification_is_migrated_not_lost(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([site], FORMATS, out, batch=BatchOptions(jobs=1))
    db = sqlite3.connect(out / MANIFEST_NAME)
    db.execute("ALTER TABLE outputs DROP COLUMN verified")
    db.execute("ALTER TABLE outputs DROP COLUMN missing")
    db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    db.commit()
    db.close()

    rows = _rows(run([site], FORMATS, out, batch=BatchOptions(jobs=1)))
    assert {r.status for k, r in rows.items() if k[0] != "trang-chu"} == {"up-to-date"}
    stored = _manifest(out)
    assert stored[("mot", "docx")]["verified"] is None and stored[("mot", "docx")]["missing"] == "[]"
    version = sqlite3.connect(out / MANIFEST_NAME).execute("SELECT value FROM meta WHERE key='schema_version'")
    from converter.batch.manifest import _SCHEMA_VERSION

    assert version.fetchone()[0] == _SCHEMA_VERSION  # migrated to the current schema


def test_quiet_runs_name_an_incomplete_page_once_and_the_csv_report_says_what_is_missing(
        site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, report_file = tmp_path / "out", tmp_path / "report.csv"
    monkeypatch.setenv(FAULTS_ENV, json.dumps({"hai.html": "damage:Nội dung của Bài hai."}))
    result = CliRunner().invoke(app, [str(site), "--to", "docx", "-o", str(out), "--verify", "-j", "1", "-q",
                                      "--report", str(report_file)])
    assert result.exit_code == 8 and result.stdout == ""
    named = [line for line in result.stderr.splitlines() if "hai.html" in line]
    assert len(named) == 1, result.stderr  # one line: no second "error:" line for the same page
    assert named[0].startswith(f"portalconv: incomplete: {site / 'muc' / 'hai.html'}: docx: paragraph: "
                               "Nội dung của Bài hai. Sáng nay"), named
    with report_file.open(encoding="utf-8") as f:
        table = {(Path(r["source"]).stem, r["format"]): r for r in csv.DictReader(f)}
    assert table[("hai", "docx")]["verified"] == "no" and table[("hai", "docx")]["status"] == "failed"
    assert table[("hai", "docx")]["missing"].startswith("paragraph: Nội dung của Bài hai.")
    assert table[("mot", "docx")]["verified"] == "yes" and table[("mot", "docx")]["missing"] == ""
    assert table[("trang-chu", "docx")]["verified"] == ""  # no article: nothing to check


def test_an_output_that_cannot_be_read_back_fails_verification(
        site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FAULTS_ENV, json.dumps({"mot.html": "truncate"}))
    # Unchecked, a truncated file passes for a converted one: only reading it back tells.
    unchecked = _rows(run([site], ["docx", "epub"], tmp_path / "plain", batch=BatchOptions(jobs=1)))
    assert unchecked[("mot", "docx")].status == "converted" and unchecked[("mot", "docx")].verified is None
    report = run([site], ["docx", "epub"], tmp_path / "out", batch=BatchOptions(jobs=1, verify=True))
    rows = _rows(report)
    for fmt in ("docx", "epub"):
        assert rows[("mot", fmt)].status == "failed" and rows[("mot", fmt)].verified is False
        assert rows[("mot", fmt)].missing == ["everything: the file cannot be read back (BadZipFile: File is not "
                                              "a zip file)"]
    assert rows[("hai", "docx")].verified is True and report.pages()[str(site / "mot.html")] == "failed"
    assert report.summary()["failed"] == 1 and report.summary()["verification_failed"] == 2


def test_pdf_outputs_are_read_back_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "site"
    make_page(src, "mot.html", "Bài một", photo=True)
    make_page(src, "hai.html", "Bài hai")
    out = tmp_path / "out"
    rows = _rows(run([src], ["pdf"], out, batch=BatchOptions(jobs=1, verify=True)))
    assert rows[("mot", "pdf")].verified is True and rows[("hai", "pdf")].verified is True
    assert _manifest(out)[("mot", "pdf")]["verified"] == 1
    monkeypatch.setenv(FAULTS_ENV, json.dumps({"hai.html": "truncate"}))
    again = _rows(run([src], ["pdf"], out, batch=BatchOptions(jobs=1, verify=True, force=True)))
    assert again[("hai", "pdf")].status == "failed" and again[("hai", "pdf")].verified is False
    assert again[("hai", "pdf")].missing[0].startswith("everything: the file cannot be read back (")
    assert again[("mot", "pdf")].verified is True
