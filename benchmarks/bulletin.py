"""Wall time and peak memory of building a bulletin of 10, 50 and 200 articles in each format.

The articles are the samples copied as many times as needed into a temporary folder (each copy
with its resource folder), so every build reads, parses and lays out that many saved pages. The
copies share their photos, so the output embeds each photo once, as a real bulletin would when
two articles use the same picture. Each build runs in a fresh subprocess: the peak RSS is that
build's, as a user running ``portalconv bulletin`` would see it. The DOCX time includes laying
the document out with LibreOffice to number the contents (when LibreOffice is installed).

    python benchmarks/bulletin.py [--counts 10 50 200] [--formats pdf docx epub]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from converter.bulletin import build_bulletin, write_bulletin
from converter.bulletin.config import BulletinOptions, front_from
options = BulletinOptions(group_by="category", start_on="right", bleed="3mm", marks=("crop",))
front = front_from({"title": "Bản tin", "issue": "1", "date": "2024-03-15"})
bulletin, _ = build_bulletin([Path(sys.argv[1])], front, options)
warnings = write_bulletin(bulletin, Path(sys.argv[2]), options)
elapsed = time.perf_counter() - t0
print(json.dumps({"seconds": elapsed, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "helper_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "articles": sum(1 for _ in bulletin.entries()), "warnings": len(warnings)}))
"""


def replicate(count: int, folder: Path) -> None:
    """``count`` saved pages in ``folder``: the samples in turn, each copy in its own subfolder."""
    pages = sorted((ROOT / "samples").glob("*.html"))
    for n in range(count):
        page = pages[n % len(pages)]
        target = folder / f"{n:03d}"
        target.mkdir()
        shutil.copy2(page, target / page.name)
        resources = page.with_name(page.stem + "_files")
        if resources.is_dir():
            shutil.copytree(resources, target / resources.name)


def pdf_pages(path: Path) -> int | None:
    if path.suffix != ".pdf":
        return None
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def measure(inputs: Path, target: Path) -> dict[str, float]:
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(inputs), str(target)], capture_output=True, text=True,
                          check=True)
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["bytes"] = target.stat().st_size
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", nargs="*", type=int, default=[10, 50, 200])
    parser.add_argument("--formats", nargs="*", default=["pdf", "docx", "epub"])
    args = parser.parse_args()
    # "helper MiB": the largest child process (LibreOffice numbering the DOCX contents; for PDF a
    # library lookup that ctypes runs).
    print(f"{'articles':>8} {'format':6} {'seconds':>8} {'peak MiB':>9} {'helper MiB':>11} {'output MiB':>11} "
          f"{'pages':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.counts:
            inputs = Path(tmp) / f"in-{count}"
            inputs.mkdir()
            replicate(count, inputs)
            for fmt in args.formats:
                target = Path(tmp) / f"bulletin-{count}.{fmt}"
                r = measure(inputs, target)
                pages = pdf_pages(target)
                helper = f"{r['helper_mib']:11.0f}" if r["helper_mib"] else " " * 11
                print(f"{int(r['articles']):8d} {fmt:6} {r['seconds']:8.1f} {r['peak_mib']:9.0f} {helper} "
                      f"{r['bytes'] / 2**20:11.2f} {pages if pages is not None else '':>6}", flush=True)


if __name__ == "__main__":
    main()
