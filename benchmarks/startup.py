"""What a user waits for: whole-process time of the ``portalconv`` command, and what imports cost.

Prints three tables, each figure the best (and the median) of ``--repeat`` runs in fresh processes
(the commands of the first table take turns, one run of each per round, so that their ratios do
not depend on when each was measured):

* ``portalconv --help`` and ``portalconv PAGE --to FORMAT`` per format, timed around the process,
  with its CPU time (user + system: what the process itself spent, which a busy machine disturbs
  far less than the wall time) and its peak resident memory (issue 21's targets: EPUB ≤ 1.0× pandoc
  and DOCX ≤ 0.5× pandoc on the same page, ``--help`` ≤ 80 ms); when pandoc is available (the
  ``bench`` extra, pypandoc-binary, or a ``pandoc`` on PATH) the same page through pandoc too, as
  the anchor, and the ratio of the medians;
* the import cost of each heavy dependency alone (``python -c "import X"`` minus ``python -c pass``);
* which heavy modules each command actually loads, so that a writer importing WeasyPrint for a
  DOCX, or anything importing it for ``--help``, shows up here.

``--baseline CHECKOUT`` also runs each portalconv command from another checkout (an older
revision), in turns with this one's, and prints the change of each command's CPU time.

``--instructions`` adds, when valgrind is installed, the instructions each command executes (one
run under callgrind, about 50 times slower): exact, whatever the machine's load, so the figure to
compare two versions by, and the fairest comparison with pandoc on a shared machine.

    python benchmarks/startup.py [--repeat N] [--instructions] [--baseline CHECKOUT] [PAGE]
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import re
import shutil
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


def _once(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MiB) of one run of ``cmd``."""
    t0 = time.perf_counter()
    pid = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env).pid
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _rounds(cmds: dict[str, list[str]], repeat: int,
            envs: dict[str, dict[str, str]] | None = None) -> dict[str, tuple[float, float, float, float]]:
    """Best and median wall seconds, median CPU seconds and largest peak RSS (MiB) of each command.

    The commands take turns (one run of each per round, ``repeat`` rounds), so that the machine's
    drift over the minutes of a measurement falls on all of them alike and their ratios hold.
    """
    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in cmds}
    for _ in range(repeat):
        for name, cmd in cmds.items():
            runs[name].append(_once(cmd, (envs or {}).get(name)))
    return {name: (min(w for w, _, _ in r), statistics.median(w for w, _, _ in r),
                   statistics.median(c for _, c, _ in r), max(p for _, _, p in r)) for name, r in runs.items()}


def _run(cmd: list[str], repeat: int) -> tuple[float, float, float, float]:
    return _rounds({"cmd": cmd}, repeat)["cmd"]


def instructions(cmd: list[str]) -> int | None:
    """Instructions ``cmd`` executes (valgrind's callgrind; its threads counted together), or None."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    proc = subprocess.run([valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
                          capture_output=True, text=True)
    found = re.search(r"Collected : (\d+)", proc.stderr)
    return int(found.group(1)) if proc.returncode == 0 and found else None


def pandoc() -> str | None:
    """The pandoc executable: pypandoc-binary's (the ``bench`` extra), $PANDOC, or one on PATH."""
    try:
        import pypandoc  # type: ignore[import-not-found,import-untyped,unused-ignore]  # bench extra, untyped

        path: str = pypandoc.get_pandoc_path()
        return path
    except (ImportError, OSError):
        return os.environ.get("PANDOC") or shutil.which("pandoc")


def _loaded(args: list[str]) -> list[str]:
    proc = subprocess.run([sys.executable, "-c", _PROBE % (HEAVY,), *args], capture_output=True, text=True)
    loaded: list[str] = json.loads(proc.stderr.strip().splitlines()[-1])
    return loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", nargs="?", type=Path, default=ROOT / "samples" / "vn-portal-news.html")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--instructions", action="store_true", help="also count instructions (valgrind)")
    parser.add_argument("--baseline", type=Path, metavar="CHECKOUT",
                        help="another checkout of portalconv (e.g. `git worktree add /tmp/old REV`): its commands "
                             "take turns with this one's and the change is printed")
    args = parser.parse_args()
    # An installed wheel has its bytecode compiled by pip; an editable checkout run with
    # PYTHONDONTWRITEBYTECODE would otherwise recompile every module in every run and time that.
    compileall.compile_dir(ROOT / "converter", quiet=1)
    exe = str(BIN / "portalconv")
    anchor = pandoc()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; pandoc: {anchor or 'not found'}")
    print(f"{'command':40} {'best ms':>8} {'median ms':>10} {'CPU ms':>7} {'peak MiB':>9}  heavy modules loaded")
    with tempfile.TemporaryDirectory() as tmp:
        ours = {"help": ("portalconv --help", ["--help"])}
        ours |= {fmt: (f"portalconv {args.page.name} --to {fmt}", [str(args.page), "--to", fmt, "-o", f"{tmp}/"])
                 for fmt in ("json", "docx", "epub", "pdf")}
        cmds = {name: [exe, *argv] for name, (_, argv) in ours.items()}
        if anchor is not None:
            # The anchor: pandoc reading the same saved page (its images from the page's folder).
            cmds |= {f"pandoc {fmt}": [anchor, str(args.page), "-f", "html", "-t", fmt, "-o", f"{tmp}/pandoc.{fmt}",
                                       f"--resource-path={args.page.parent}"] for fmt in ("docx", "epub")}
        envs: dict[str, dict[str, str]] = {}
        if args.baseline is not None:
            # Each tree first on the path: the console script has no current directory on its path.
            compileall.compile_dir(args.baseline / "converter", quiet=1)
            for name in ours:
                envs[name] = {**os.environ, "PYTHONPATH": str(ROOT)}
                envs[f"baseline {name}"] = {**os.environ, "PYTHONPATH": str(args.baseline.resolve())}
                cmds[f"baseline {name}"] = cmds[name]
        # A user's first run writes what later runs read (the bytecode above, and the compiled code of
        # the package's patterns, converter/patterns.py): one untimed run of each command, allowed
        # to write them whatever PYTHONDONTWRITEBYTECODE says, so that every timed run is a later one.
        for name in ours:
            for key in (name, f"baseline {name}"):
                if key in cmds:
                    env = {k: v for k, v in envs.get(key, os.environ).items() if k != "PYTHONDONTWRITEBYTECODE"}
                    subprocess.run(cmds[key], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        timed = _rounds(cmds, args.repeat, envs)
        counted: dict[str, int | None] = {}
        for name, (label, argv) in ours.items():
            best, median, cpu, peak = timed[name]
            print(f"{label[:40]:40} {best * 1000:8.0f} {median * 1000:10.0f} {cpu * 1000:7.0f} {peak:9.1f}  "
                  f"{', '.join(_loaded(argv)) or '-'}")
        for fmt in ("docx", "epub") if anchor is not None else ():
            best, median, cpu, peak = timed[f"pandoc {fmt}"]
            label = f"pandoc {args.page.name} -t {fmt}"
            print(f"{label[:40]:40} {best * 1000:8.0f} {median * 1000:10.0f} {cpu * 1000:7.0f} {peak:9.1f}  "
                  f"portalconv/pandoc: wall {timed[fmt][1] / median:.2f}×, CPU {timed[fmt][2] / cpu:.2f}×")
        if args.baseline is not None:
            heading = f"against {args.baseline}"
            print(f"\n{heading[:40]:40} {'before ms':>10} {'after ms':>9} {'change':>7}  (CPU medians)")
            for name, (label, _) in ours.items():
                before, after = timed[f"baseline {name}"][2], timed[name][2]
                print(f"{label[:40]:40} {before * 1000:10.0f} {after * 1000:9.0f} {after / before - 1:+7.1%}")
        if args.instructions:
            counted = {name: instructions(cmd) for name, cmd in cmds.items() if not name.startswith("baseline")}
    if counted:
        print()
        print(f"{'instructions executed (callgrind)':40} {'millions':>8}")
        for name, count in counted.items():
            ratio = ""
            if name in ("docx", "epub") and count and counted.get(f"pandoc {name}"):
                ratio = f"  portalconv/pandoc: {count / counted[f'pandoc {name}']:.2f}×"  # type: ignore[operator]
            print(f"{name:40} {count / 1e6 if count else float('nan'):8.0f}{ratio}")
    print()
    base, _, _, _ = _run([sys.executable, "-c", "pass"], args.repeat)
    print(f"{'import (alone, minus interpreter start)':40} {'best ms':>8}")
    print(f"{'python -c pass (the interpreter)':40} {base * 1000:8.0f}")
    for module in (*HEAVY, "converter.api"):
        if importlib.util.find_spec(module.split(".")[0]) is None:
            print(f"{module:40} {'not installed':>8}")
            continue
        best, _, _, _ = _run([sys.executable, "-c", f"import {module}"], args.repeat)
        print(f"{module:40} {(best - base) * 1000:8.0f}")


if __name__ == "__main__":
    main()
