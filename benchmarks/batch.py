"""Batch throughput: a whole portal to DOCX, PDF and EPUB with 1 and 2 workers; prints a table.

For each worker count a fresh subprocess runs the batch into an empty folder (pages/s), then runs it
again with nothing changed (the re-run time: discovery, hashing, manifest checks). Peak memory per
worker is the largest resident set of any worker process (RUSAGE_CHILDREN of that subprocess).

    python benchmarks/batch.py [--jobs 1,2] [--to docx,pdf,epub] [FOLDER]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "batch-stc"

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from converter.batch import BatchOptions, run
src, out, jobs, formats = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(",")
t0 = time.perf_counter()
first = run([src], formats, out, batch=BatchOptions(jobs=jobs))
cold = time.perf_counter() - t0
t0 = time.perf_counter()
second = run([src], formats, out, batch=BatchOptions(jobs=jobs))
warm = time.perf_counter() - t0
print(json.dumps({"seconds": cold, "rerun_seconds": warm, "summary": first.summary(),
                  "rerun_summary": second.summary(), "failures": first.failures(),
                  "worker_peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "coordinator_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(src: Path, jobs: int, formats: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="portalconv-bench-") as tmp:
        proc = subprocess.run([sys.executable, "-c", _CHILD, str(src), tmp, str(jobs), formats],
                              capture_output=True, text=True, cwd=ROOT)
    if proc.returncode:
        sys.exit(f"batch with {jobs} worker(s) failed:\n{proc.stderr}")
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--jobs", default="1,2", help="worker counts to compare (default 1,2)")
    parser.add_argument("--to", default="docx,pdf,epub", help="formats (default docx,pdf,epub)")
    args = parser.parse_args()
    if not args.folder.is_dir():
        sys.exit(f"{args.folder}: no such folder")
    results = {int(j): measure(args.folder, int(j), args.to) for j in args.jobs.split(",")}
    base = min(results)
    print(f"{args.folder} → {args.to}")
    print(f"{'workers':>7} {'pages':>5} {'conv.':>5} {'no art.':>7} {'failed':>6} {'seconds':>8} {'pages/s':>7} "
          f"{'speed-up':>8} {'re-run s':>8} {'worker MiB':>10}")
    for jobs, r in results.items():
        s: dict[str, float] = r["summary"]  # type: ignore[assignment]
        seconds: float = r["seconds"]  # type: ignore[assignment]
        speedup = results[base]["seconds"] / seconds  # type: ignore[operator]
        print(f"{jobs:>7} {s['pages']:>5} {s['converted']:>5} {s['no_article']:>7} {s['failed']:>6} "
              f"{seconds:>8.1f} {s['pages'] / seconds:>7.2f} {speedup:>7.2f}× {r['rerun_seconds']:>8.2f} "
              f"{r['worker_peak_mib']:>10.0f}")
    for jobs, r in results.items():
        for src, reason in r["failures"].items():  # type: ignore[attr-defined]
            print(f"  failed with {jobs} worker(s): {Path(src).name}: {reason}")


if __name__ == "__main__":
    main()
