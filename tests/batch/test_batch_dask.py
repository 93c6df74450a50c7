"""``--executor dask``: the same jobs on a Dask cluster (here a local one on 127.0.0.1) with the same isolation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_batch_run import make_page
from typer.testing import CliRunner

from converter.batch import BatchOptions, run
from converter.batch.worker import FAULTS_ENV
from converter.cli import app

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    # In-process workers (threads) start in a second; the pages still run in worker subprocesses.
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_a_dask_cluster_converts_isolates_failures_and_the_coordinator_keeps_the_manifest(
        scheduler: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src, out = tmp_path / "site", tmp_path / "out"
    for name in ("a", "b", "loi", "treo"):
        make_page(src / "muc", f"{name}.html", photo=name == "a")
    monkeypatch.setenv(FAULTS_ENV, json.dumps({"loi.html": "raise", "treo.html": "hang"}))
    batch = BatchOptions(executor="dask", scheduler=scheduler, timeout=20)  # the hang is an hour
    report = run([src], ["json", "epub"], out, batch=batch)
    got = {(Path(r.source).stem, r.format): (r.status, r.error) for r in report.rows}
    assert got[("a", "epub")] == got[("b", "json")] == ("converted", "")
    assert got[("loi", "json")][0] == "failed" and "injected failure" in got[("loi", "json")][1]
    assert got[("treo", "epub")] == ("failed", "timed out after 20 s")
    assert (out / "muc" / "a.epub").is_file() and (out / "portalconv-manifest.sqlite").is_file()

    monkeypatch.delenv(FAULTS_ENV)
    again = {(Path(r.source).stem, r.format): r.status for r in run([src], ["json", "epub"], out, batch=batch).rows}
    assert again[("a", "json")] == "up-to-date" and again[("treo", "json")] == "converted"


def test_the_command_line_takes_a_scheduler_address(scheduler: str, tmp_path: Path) -> None:
    src = tmp_path / "site"
    make_page(src, "a.html")
    make_page(src, "b.html")
    result = CliRunner().invoke(app, [str(src), "--to", "json", "-o", str(tmp_path / "out"), "--scheduler",
                                      scheduler, "-q"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.json")) == ["a.json", "b.json"]


def test_an_unreachable_scheduler_exits_10(tmp_path: Path) -> None:
    import dask

    src = tmp_path / "site"
    make_page(src, "a.html")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = CliRunner().invoke(app, [str(src), "--to", "json", "-o", str(tmp_path / "out"), "--executor",
                                          "dask", "--scheduler", "tcp://127.0.0.1:9", "-q"])
    assert result.exit_code == 10 and "cannot reach the Dask scheduler" in result.stderr


def test_a_long_batch_sends_a_few_pages_per_dask_task_and_a_short_one_page_by_page(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from converter.batch import executor

    assert executor.chunk_size(4, 2) == 1 and executor.chunk_size(10, 2) == 1  # every thread busy
    assert executor.chunk_size(100, 2) == 12 and executor.chunk_size(16_300, 2) == 16  # capped
    assert executor.chunk_size(100, 0) == 16  # a cluster that reports no thread yet
    seen: list[int] = []
    monkeypatch.setattr(executor, "dask_task", lambda job, *args: seen.append(job.id) or job.id)
    jobs = tuple(executor.Job(i, f"p{i}.html", {}, None) for i in range(3))  # type: ignore[arg-type]
    assert executor.dask_tasks(jobs, 5.0, 0, ("json",)) == [0, 1, 2] and seen == [0, 1, 2]  # in order
