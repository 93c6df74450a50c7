"""What a user waits for: whole-process time of the ``portalconv`` command, and what imports cost.

Prints three tables, each figure the best (and the median) of ``--repeat`` runs in fresh processes:

* ``portalconv --help`` and ``portalconv PAGE --to FORMAT`` per format, timed around the process,
  with its peak resident memory (the budget in issue 10: DOCX ≤ 220 ms, EPUB ≤ 150 ms,
  PDF ≤ 750 ms, ``--help`` ≤ 100 ms on the reference 2-core machine);
* the import cost of each heavy dependency alone (``python -c "import X"`` minus ``python -c pass``);
* which heavy modules each command actually loads, so that a writer importing WeasyPrint for a
  DOCX, or anything importing it for ``--help``, shows up here.

    python benchmarks/startup.py [--repeat N] [PAGE]
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HEAVY = ("typer", "pydantic", "lxml.html", "PIL.Image", "docx", "ebooklib.epub", "weasyprint",
         "charset_normalizer", "pypdf")

# Runs the console script's entry point in this interpreter and reports which heavy modules it loaded.
_PROBE = r"""
import json, sys
sys.argv = ["portalconv", *sys.argv[1:]]
from converter.cli import main
try:
    main()
except SystemExit:
    pass
heavy = %r
print(json.dumps(sorted(m for m in heavy if m in sys.modules)), file=sys.stderr)
"""


def _run(cmd: list[str], repeat: int) -> tuple[float, float, float]:
    """Best and median wall seconds of ``cmd`` over ``repeat`` runs, and the largest peak RSS (MiB)."""
    times, peaks = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        pid = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).pid
        _, status, usage = os.wait4(pid, 0)
        times.append(time.perf_counter() - t0)
        peaks.append(usage.ru_maxrss / 1024)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}")
    return min(times), statistics.median(times), max(peaks)


def _loaded(args: list[str]) -> list[str]:
    proc = subprocess.run([sys.executable, "-c", _PROBE % (HEAVY,), *args], capture_output=True, text=True)
    loaded: list[str] = json.loads(proc.stderr.strip().splitlines()[-1])
    return loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", nargs="?", type=Path, default=ROOT / "samples" / "vn-portal-news.html")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    # An installed wheel has its bytecode compiled by pip; an editable checkout run with
    # PYTHONDONTWRITEBYTECODE would otherwise recompile every module in every run and time that.
    compileall.compile_dir(ROOT / "converter", quiet=1)
    exe = str(BIN / "portalconv")
    print(f"{'command':40} {'best ms':>8} {'median ms':>10} {'peak MiB':>9}  heavy modules loaded")
    with tempfile.TemporaryDirectory() as tmp:
        commands = [("portalconv --help", ["--help"])]
        commands += [(f"portalconv {args.page.name} --to {fmt}", [str(args.page), "--to", fmt, "-o", f"{tmp}/"])
                     for fmt in ("json", "docx", "epub", "pdf")]
        for label, argv in commands:
            best, median, peak = _run([exe, *argv], args.repeat)
            print(f"{label[:40]:40} {best * 1000:8.0f} {median * 1000:10.0f} {peak:9.1f}  "
                  f"{', '.join(_loaded(argv)) or '-'}")
    print()
    base, _, _ = _run([sys.executable, "-c", "pass"], args.repeat)
    print(f"{'import (alone, minus interpreter start)':40} {'best ms':>8}")
    print(f"{'python -c pass (the interpreter)':40} {base * 1000:8.0f}")
    for module in (*HEAVY, "converter.api"):
        if importlib.util.find_spec(module.split(".")[0]) is None:
            print(f"{module:40} {'not installed':>8}")
            continue
        best, _, _ = _run([sys.executable, "-c", f"import {module}"], args.repeat)
        print(f"{module:40} {(best - base) * 1000:8.0f}")


if __name__ == "__main__":
    main()
