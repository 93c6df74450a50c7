"""A page that raises, hangs, crashes its worker or exhausts memory fails alone; kill -9 loses nothing.

Faults are injected through PORTALCONV_TEST_FAULTS (page file name → fault), which the coordinator
reads and hands to the worker with the job.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from test_batch_run import make_page

from converter.batch import BatchOptions, run
from converter.batch.worker import FAULTS_ENV


def statuses(report: object) -> dict[str, tuple[str, str]]:
    return {Path(r.source).stem: (r.status, r.error) for r in report.rows}  # type: ignore[attr-defined]


@pytest.mark.skipif(sys.platform == "win32", reason="signals and rlimits are POSIX")
def test_raise_hang_crash_and_memory_each_fail_alone_and_the_next_run_retries_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src, out = tmp_path / "site", tmp_path / "out"
    for name in ("a", "loi", "treo", "sap", "bo-nho", "z"):
        make_page(src, f"{name}.html")
    # No timeout while the pages that fail by themselves run: on a busy machine a short timeout
    # could cut off the out-of-memory page (or a good one) before it fails as it should.
    monkeypatch.setenv(FAULTS_ENV, json.dumps({"loi.html": "raise", "sap.html": "crash", "bo-nho.html": "memory"}))
    (src / "treo.html").rename(tmp_path / "treo.html")
    report = run([src], ["json"], out, batch=BatchOptions(jobs=2, timeout=0, memory_limit=1024))
    got = statuses(report)
    assert got["a"] == got["z"] == ("converted", "")
    assert got["loi"][0] == "failed" and "RuntimeError: injected failure" in got["loi"][1]
    assert got["sap"][0] == "failed" and "SIGSEGV" in got["sap"][1]
    assert got["bo-nho"] == ("failed", "out of memory")
    assert report.summary()["failed"] == 3 and report.summary()["converted"] == 2
    # The page that hangs (for an hour) is cut off at the timeout, whatever the machine's speed;
    # the run returning at all shows it was not waited for.
    (tmp_path / "treo.html").rename(src / "treo.html")
    monkeypatch.setenv(FAULTS_ENV, json.dumps({"treo.html": "hang"}))
    hung = statuses(run([src], ["json"], out, batch=BatchOptions(jobs=2, timeout=10, memory_limit=1024)))
    assert hung["treo"] == ("failed", "timed out after 10 s")
    assert not list(out.rglob("*.part"))
    # That run also retried the pages that failed before, and skipped the good ones.
    assert hung["a"][0] == hung["z"][0] == "up-to-date"
    assert {hung[n][0] for n in ("loi", "sap", "bo-nho")} == {"converted"}

    monkeypatch.delenv(FAULTS_ENV)
    again = statuses(run([src], ["json"], out, batch=BatchOptions(jobs=2, timeout=0)))
    assert again["treo"][0] == "converted"
    assert {again[n][0] for n in ("a", "loi", "sap", "bo-nho", "z")} == {"up-to-date"}


def _workers_of(pid: int) -> list[int]:
    """Worker processes started by coordinator ``pid`` (their first argument is that pid)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            entry_point = [i for i, arg in enumerate(argv) if b"converter.batch.worker" in arg]
            if entry_point and argv[entry_point[0] + 1 : entry_point[0] + 2] == [str(pid).encode()]:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc to find the workers")
def test_kill_9_mid_run_leaves_no_partial_output_and_the_next_run_finishes(tmp_path: Path) -> None:
    src, out = tmp_path / "site", tmp_path / "out"
    for name in ("p1", "p2", "p3", "p4"):
        make_page(src, f"{name}.html")
    cmd = [sys.executable, "-m", "converter", str(src), "--to", "json,epub", "-o", str(out), "-j", "1", "-q"]
    # p3's writers stop for a minute between writing the temporary file and renaming it.
    env = {**os.environ, FAULTS_ENV: json.dumps({"p3.html": "slow:60"})}
    proc = subprocess.Popen(cmd, env=env)
    deadline = time.monotonic() + 60
    while not list(out.glob(".p3.*.part")):
        assert proc.poll() is None and time.monotonic() < deadline, "the run never reached p3"
        time.sleep(0.05)
    workers = _workers_of(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while _workers_of(proc.pid):  # the orphaned worker notices and exits
        assert time.monotonic() < deadline, f"worker(s) {workers} outlived their coordinator"
        time.sleep(0.1)
    assert not (out / "p3.json").exists() and not (out / "p3.epub").exists()  # never a half file

    rerun = subprocess.run([*cmd[:-1], "--report", str(tmp_path / "r.json")], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert not list(out.rglob("*.part"))
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    by = {(Path(r["source"]).stem, r["format"]): r["status"] for r in report["outputs"]}
    assert by[("p1", "json")] == "up-to-date" and by[("p3", "json")] == by[("p4", "epub")] == "converted"
    for name in ("p1", "p2", "p3", "p4"):
        assert json.loads((out / f"{name}.json").read_text(encoding="utf-8"))["article"]
        assert zipfile.ZipFile(out / f"{name}.epub").testzip() is None
