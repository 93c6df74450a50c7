"""How building a bulletin scales: time, CPU, peak memory and pages for 10, 100, 300 (… 1,000) articles.

The articles are the samples copied as many times as needed into a temporary folder (each copy
with its resource folder), so every build reads, parses and lays out that many saved pages. The
copies share their photos, so the output embeds each photo once, as a real bulletin would when
two articles use the same picture. Each build runs in a fresh subprocess: the peak RSS is that
build's, as a user running ``portalconv bulletin`` would see it. The DOCX time includes laying
the document out with LibreOffice to number the contents (when LibreOffice is installed).

Besides wall time, each row gives the CPU time (user + system) of the build and, apart, of its
helpers (LibreOffice for a DOCX), which a busy machine disturbs much less than the wall time; the
time per article (flat when the build scales linearly); and for a PDF whether the contents are
exact: every number in the contents is the page on which that article's title is printed (read
back with ``pdftotext``).

    python benchmarks/bulletin.py [--counts 10 100 300] [--formats pdf docx epub]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
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
built = time.perf_counter() - t0
warnings = write_bulletin(bulletin, Path(sys.argv[2]), options)
elapsed = time.perf_counter() - t0
own, helpers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": elapsed, "read_seconds": built, "peak_mib": own.ru_maxrss / 1024,
                  "cpu_seconds": own.ru_utime + own.ru_stime, "helper_cpu_seconds": helpers.ru_utime + helpers.ru_stime,
                  "helper_mib": helpers.ru_maxrss / 1024, "warnings": len(warnings),
                  "titles": [e.article.metadata.title for e in bulletin.entries()]}))
"""


def replicate(count: int, folder: Path) -> None:
    """``count`` saved pages in ``folder``: the samples in turn, each copy in its own subfolder."""
    pages = sorted((ROOT / "samples").glob("*.html"))
    for n in range(count):
        page = pages[n % len(pages)]
        target = folder / f"{n:04d}"
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


def _words(text: str) -> str:
    """Letters and digits only, lower case: survives hyphenation, bidi marks and line breaks."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFC", text).casefold())


def contents_exact(path: Path, titles: list[str]) -> str:
    """"yes" when the contents give one number per article and each is the page printing its title.

    The contents are the lines that end in a dot leader and a number, in order, on the pages
    before the first article; "?" when ``pdftotext`` (poppler-utils) is not installed.
    """
    if path.suffix != ".pdf" or shutil.which("pdftotext") is None:
        return "?" if path.suffix == ".pdf" else ""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    numbers = [int(m.group(1)) for m in re.finditer(r"\.{3,}\s*(\d+)\s*$", text, re.MULTILINE)][:len(titles)]
    if len(numbers) != len(titles):
        return f"no ({len(numbers)} entries)"
    wrong = sum(1 for n, title in zip(numbers, titles, strict=True)
                if not 0 < n <= len(pages) or _words(title)[:40] not in _words(pages[n - 1]))
    return "yes" if not wrong else f"no ({wrong} wrong)"


def measure(inputs: Path, target: Path) -> dict[str, object]:
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(inputs), str(target)], capture_output=True, text=True,
                          check=True)
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["bytes"] = target.stat().st_size
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--counts", nargs="*", type=int, default=[10, 100, 300])
    parser.add_argument("--formats", nargs="*", default=["pdf", "docx", "epub"])
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall times grow with it; CPU less so)")
    # "helper MiB": the largest child process (LibreOffice numbering the DOCX contents; for a PDF
    # rendered in parts, over 80 articles, the largest of the two worker processes, so that the
    # build's memory is at most "peak MiB" + 2 × "helper MiB"; else a library lookup that ctypes
    # runs). "helper CPU s" is theirs. "read s": finding, reading and extracting the articles
    # (from 100 pages on, by two worker processes).
    print(f"{'articles':>8} {'format':6} {'wall s':>7} {'CPU s':>6} {'helper CPU s':>12} {'read s':>6} "
          f"{'s/article':>9} {'peak MiB':>8} {'helper MiB':>10} {'output MiB':>10} {'pages':>6} {'contents exact':>14}")
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.counts:
            inputs = Path(tmp) / f"in-{count}"
            inputs.mkdir()
            replicate(count, inputs)
            for fmt in args.formats:
                target = Path(tmp) / f"bulletin-{count}.{fmt}"
                r = measure(inputs, target)
                titles: list[str] = r["titles"]  # type: ignore[assignment]
                pages = pdf_pages(target)
                seconds: float = r["seconds"]  # type: ignore[assignment]
                helper = f"{r['helper_mib']:10.0f}" if r["helper_mib"] else " " * 10
                print(f"{len(titles):8d} {fmt:6} {seconds:7.1f} {r['cpu_seconds']:6.1f} "
                      f"{r['helper_cpu_seconds']:12.1f} {r['read_seconds']:6.1f} "
                      f"{seconds / len(titles):9.2f} {r['peak_mib']:8.0f} {helper} "
                      f"{int(r['bytes']) / 2**20:10.2f} {pages if pages is not None else '':>6} "  # type: ignore[call-overload]
                      f"{contents_exact(target, titles):>14}", flush=True)
                target.unlink()


if __name__ == "__main__":
    main()
