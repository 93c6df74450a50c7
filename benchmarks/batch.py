"""Batch throughput at scale: a whole portal (or 10×, 100× copies of it) with 1 and 2 workers.

For each worker count a fresh subprocess runs the batch into an empty folder (pages/s), then runs it
again with nothing changed (the re-run: discovery, hashing, manifest checks, nothing converted).
Besides pages/s it prints what the coordinator (the process that discovers, hashes, schedules and
keeps the manifest) costs per page: its own CPU time per page on the first run and the re-run's
time per page. Both should stay flat from 1× to 100×; the coordinator's peak memory too, more or
less. Worker peak memory is the largest resident set of any worker process.

``--scale N`` makes N copies of the portal under different folder names (hard links when the
file system allows, so 100× costs no disk), as an archive of N similar sites would be. JSON is
converted for every page; ``--to`` formats (DOCX, PDF, EPUB by default) for a sample of
``--sample`` pages, since at 100× that would take hours on two cores.

    python benchmarks/batch.py [--scale 1] [--sample 40] [--jobs 1,2] [--to docx,pdf,epub]
                               [--executor local|dask] [FOLDER]

The issue's modes: ``--scale 10`` (about 1,600 pages of the stored portal) and ``--scale 100``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "batch-stc"
PAGE_SUFFIXES = {".html", ".htm", ".aspx", ".xhtml", ".mht", ".mhtml"}

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from converter.batch import BatchOptions, run
src, out, formats = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[4].split(",")
scheduler = ""
if sys.argv[5] == "dask":
    # A local cluster of exactly N single-threaded workers: Client() alone would start one per core
    # whatever --jobs says, and 1 and 2 workers would measure the same cluster.
    from distributed import LocalCluster
    cluster = LocalCluster(n_workers=int(sys.argv[3]), threads_per_worker=1, processes=True,
                           dashboard_address=None)
    scheduler = cluster.scheduler_address
options = BatchOptions(jobs=int(sys.argv[3]), executor=sys.argv[5], scheduler=scheduler)
def cpu():
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime
t0, c0 = time.perf_counter(), cpu()
first = run([src], formats, out, batch=options)
cold, cold_cpu = time.perf_counter() - t0, cpu() - c0
t0, c0 = time.perf_counter(), cpu()
second = run([src], formats, out, batch=options)
warm, warm_cpu = time.perf_counter() - t0, cpu() - c0
print(json.dumps({"seconds": cold, "coordinator_cpu": cold_cpu, "rerun_seconds": warm, "rerun_cpu": warm_cpu,
                  "summary": first.summary(), "rerun_summary": second.summary(), "failures": first.failures(),
                  "worker_peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "coordinator_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _place(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:  # another file system, or links not allowed: a real copy
        shutil.copy2(src, dst)


def scaled(portal: Path, copies: int, sample: int, into: Path) -> tuple[Path, Path, int]:
    """``copies`` copies of ``portal`` in ``into/all`` and the first ``sample`` pages of them in
    ``into/sample`` (each page with its resources); and the number of pages in ``all``."""
    files = sorted(p for p in portal.rglob("*") if p.is_file())
    pages = [p for p in files if p.suffix.lower() in PAGE_SUFFIXES]
    everything, few = into / "all", into / "sample"
    for n in range(copies):
        for f in files:
            _place(f, everything / f"site-{n:03d}" / f.relative_to(portal))
    for n, page in enumerate([*pages] * (sample // max(1, len(pages)) + 1)):
        if n >= sample:
            break
        rel = page.relative_to(portal)
        _place(page, few / f"site-{n // len(pages):03d}" / rel)
        folder = page.with_name(page.stem + "_files")
        for f in folder.rglob("*") if folder.is_dir() else ():
            if f.is_file():
                _place(f, few / f"site-{n // len(pages):03d}" / f.relative_to(portal))
    return everything, few, len(pages) * copies


def measure(src: Path, jobs: int, formats: str, executor: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="portalconv-bench-") as tmp:
        proc = subprocess.run([sys.executable, "-c", _CHILD, str(src), tmp, str(jobs), formats, executor],
                              capture_output=True, text=True, cwd=ROOT)
    if proc.returncode:
        sys.exit(f"batch with {jobs} worker(s) failed:\n{proc.stderr}")
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def report(label: str, results: dict[int, dict[str, object]]) -> None:
    base = min(results)
    print(label)
    print(f"{'workers':>7} {'pages':>6} {'conv.':>6} {'failed':>6} {'seconds':>8} {'pages/s':>7} {'speed-up':>8} "
          f"{'coord. ms CPU/page':>18} {'coord. MiB':>10} {'worker MiB':>10} {'re-run s':>8} {'re-run ms/page':>14}")
    for jobs, r in results.items():
        s: dict[str, float] = r["summary"]  # type: ignore[assignment]
        seconds: float = r["seconds"]  # type: ignore[assignment]
        pages = max(1, int(s["pages"]))
        speedup = results[base]["seconds"] / seconds  # type: ignore[operator]
        print(f"{jobs:>7} {s['pages']:>6} {s['converted']:>6} {s['failed']:>6} {seconds:>8.1f} {pages / seconds:>7.2f} "
              f"{speedup:>7.2f}× {r['coordinator_cpu'] * 1000 / pages:>18.1f} "  # type: ignore[operator]
              f"{r['coordinator_peak_mib']:>10.0f} {r['worker_peak_mib']:>10.0f} {r['rerun_seconds']:>8.2f} "
              f"{r['rerun_seconds'] * 1000 / pages:>14.1f}")  # type: ignore[operator]
    for jobs, r in results.items():
        for src, reason in r["failures"].items():  # type: ignore[attr-defined]
            print(f"  failed with {jobs} worker(s): {Path(src).name}: {reason}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--scale", type=int, default=1, help="copies of the portal (the issue's modes: 10, 100)")
    parser.add_argument("--sample", type=int, default=40, help="pages converted to --to formats (default 40)")
    parser.add_argument("--jobs", default="1,2", help="worker counts to compare (default 1,2)")
    parser.add_argument("--to", default="docx,pdf,epub", help="formats for the sample (default docx,pdf,epub)")
    parser.add_argument("--executor", default="local", choices=("local", "dask"))
    args = parser.parse_args()
    if not args.folder.is_dir():
        sys.exit(f"{args.folder}: no such folder")
    jobs = [int(j) for j in args.jobs.split(",")]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; executor {args.executor}")
    with tempfile.TemporaryDirectory(prefix="portalconv-pages-") as tmp:
        everything, sample, _ = scaled(args.folder, args.scale, args.sample, Path(tmp))
        report(f"{args.folder} ×{args.scale} → json",
               {j: measure(everything, j, "json", args.executor) for j in jobs})
        if args.to and args.sample:
            report(f"sample of {args.sample} pages → {args.to}",
                   {j: measure(sample, j, args.to, args.executor) for j in jobs})


if __name__ == "__main__":
    main()
