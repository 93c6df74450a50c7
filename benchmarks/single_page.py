"""Wall time and peak memory of converting each sample to each format; prints a table.

Each conversion runs in a fresh subprocess so that import costs and peak RSS are per conversion,
as a user running ``portalconv page.html --to FORMAT`` would see them.

    python benchmarks/single_page.py [--repeat N] [PAGE ...]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("json", "docx", "epub", "pdf")

_CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from converter import api
api.convert(sys.argv[1], [sys.argv[2]], sys.argv[3])
elapsed = time.perf_counter() - t0
print(json.dumps({"seconds": elapsed, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(page: Path, fmt: str, out_dir: Path) -> dict[str, float]:
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(page), fmt, str(out_dir / f"{page.stem}.{fmt}")],
                          capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["bytes"] = (out_dir / f"{page.stem}.{fmt}").stat().st_size
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="runs per cell; the best is reported")
    args = parser.parse_args()
    pages = args.pages or sorted((ROOT / "samples").glob("*.html"))
    print(f"{'page':34} {'format':6} {'best s':>8} {'peak MiB':>9} {'output KiB':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        for page in pages:
            for fmt in FORMATS:
                runs = [measure(page, fmt, Path(tmp)) for _ in range(args.repeat)]
                best = min(r["seconds"] for r in runs)
                peak = max(r["peak_mib"] for r in runs)
                print(f"{page.name[:34]:34} {fmt:6} {best:8.2f} {peak:9.1f} {runs[0]['bytes'] / 1024:11.1f}")


if __name__ == "__main__":
    main()
