"""Time and peak memory of four inputs that used to be slow without bound (issue 20, item 11).

Each input is a small page built here, made hostile in one way:

* ``tag-soup``: megabytes of misnested, unclosed and stray formatting tags (``<b><i>…</b></i>``,
  ``<font>`` never closed, ``</span>`` with nothing open), converted to JSON;
* ``long-word``: one "word" of ``--word`` characters with no space, converted to PDF;
* ``big-table``: a ``--rows`` × ``--cols`` table, converted to PDF;
* ``same-image``: ``--copies`` ``<img>`` tags that all name the same file, converted to JSON.

Each conversion runs in a fresh process (peak RSS is that process's ``ru_maxrss``; CPU seconds are
given beside wall seconds because they vary less on a busy machine). To compare with
another version of the code, point ``--code`` at its checkout (a second worktree):

    python benchmarks/slow_inputs.py [--code DIR] [--only NAME] [sizes…]

The generators are imported by tests/test_slow_inputs.py, which builds the same inputs much smaller.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_HEAD = '<html lang="vi"><head><meta charset="utf-8"><title>{0}</title></head><body>'
_ARTICLE = ('<table id="tableforprint"><tr><td><p class="Title">{0}</p></td></tr>'
            '<tr><td><div class="ExternalClass1">{1}</div></td></tr></table>')
_WORDS = ("tỉnh", "huyện", "người", "dân", "công", "trình", "dự", "án", "kế", "hoạch", "năm", "tháng", "cán", "bộ")


def page(title: str, body: str) -> str:
    """A portal article page holding ``body`` (markup) under a title."""
    return _HEAD.format(title) + _ARTICLE.format(title, body) + "</body></html>"


def tag_soup(megabytes: float, seed: int = 3) -> str:
    """Words among unclosed, misnested and stray tags, ``megabytes`` in all.

    More tags open than close, so the nesting runs past libxml2's depth limit (the page is then
    flattened, ``load/depth.py``) and every word sits hundreds of elements deep; stray end tags
    (``</div>`` in a cell, ``</a>`` with none open) close nothing, and the page ends with thousands
    of ``<font>`` never closed followed by as many ``</b>``.
    """
    rng = random.Random(seed)
    # The last tenth: formatting opened and never closed, then end tags that close nothing.
    stray = max(1, int(megabytes * 2**20) // 10 // 16)
    tail = "<font>chữ " * stray + "</b> chữ " * stray
    opens = ["<b>", "<i>", "<u>", "<span>", '<font color="red">', "<em>", "<strong>", "<div>", "<table><tr><td>"]
    closes = ["</b>", "</i>", "</u>", "</span>", "</font>", "</em>", "</strong>", "</div>", "</a>", "</td>"]
    parts: list[str] = []
    size, budget = 0, int(megabytes * 2**20) - len(tail.encode())
    while size < budget:
        roll = rng.random()
        tag = rng.choice(opens) if roll < 0.4 else rng.choice(closes) if roll < 0.7 else "<p>" if roll < 0.75 else ""
        chunk = tag + rng.choice(_WORDS) + " "
        parts.append(chunk)
        size += len(chunk.encode())
    return page("Trang hỗn độn", "".join(parts) + tail)


def long_word(chars: int) -> str:
    """A paragraph around one word of ``chars`` letters with no space or break opportunity."""
    word = ("abcdefghijklmnopqrstuvwxyz" * (chars // 26 + 1))[:chars]
    return page("Một từ rất dài", f"<p>Trước từ dài: {word} :sau từ dài.</p>")


def big_table(rows: int, cols: int) -> str:
    """A ``rows`` × ``cols`` table of short cells, each holding its own coordinates."""
    body = "".join("<tr>" + "".join(f"<td>r{r}c{c}</td>" for c in range(cols)) + "</tr>" for r in range(rows))
    return page("Bảng rất lớn", f"<p>Bảng số liệu sau.</p><table>{body}</table><p>Hết bảng.</p>")


def same_image(folder: Path, copies: int) -> Path:
    """A page with ``copies`` ``<img>`` tags naming one file in its resource folder; returns the page."""
    from PIL import Image

    files = folder / "anh_files"
    files.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buf, "JPEG", quality=90)
    (files / "anh.jpg").write_bytes(buf.getvalue())
    body = "".join(f'<p>Đoạn {i}: <img src="anh_files/anh.jpg" alt="ảnh {i}"></p>' for i in range(copies))
    path = folder / "anh.html"
    path.write_text(page("Một ảnh nhiều lần", body), encoding="utf-8")
    return path


_CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from converter import api
written, warnings = api.convert(sys.argv[1], [sys.argv[2]], sys.argv[3])
elapsed = time.perf_counter() - t0
use = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": elapsed, "cpu": use.ru_utime + use.ru_stime, "peak_mib": use.ru_maxrss / 1024,
                  "warnings": sorted({w.code for w in warnings})}))
"""


def measure(page_path: Path, fmt: str, code: Path) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, peak MiB, warning codes) of converting ``page_path`` with ``code``."""
    env = dict(os.environ, PYTHONPATH=str(code))
    out = page_path.with_suffix("." + fmt)
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(page_path), fmt, str(out)], env=env, cwd=code,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        nan = float("nan")
        return nan, nan, nan, "failed: " + proc.stderr.strip()[-120:]
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    return r["seconds"], r["cpu"], r["peak_mib"], ", ".join(r["warnings"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose converter/ is measured")
    parser.add_argument("--only", action="append", help="tag-soup, long-word, big-table or same-image")
    parser.add_argument("--soup-mb", type=float, default=2.0)
    parser.add_argument("--word", type=int, default=20_000)
    parser.add_argument("--rows", type=int, default=100)
    parser.add_argument("--cols", type=int, default=100)
    parser.add_argument("--copies", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases: list[tuple[str, str, Path]] = []
        soup = folder / "soup.html"
        soup.write_text(tag_soup(args.soup_mb), encoding="utf-8")
        cases.append((f"tag-soup {args.soup_mb:g} MB", "json", soup))
        word = folder / "word.html"
        word.write_text(long_word(args.word), encoding="utf-8")
        cases.append((f"long-word {args.word} chars", "pdf", word))
        table = folder / "table.html"
        table.write_text(big_table(args.rows, args.cols), encoding="utf-8")
        cases.append((f"big-table {args.rows}x{args.cols}", "pdf", table))
        cases.append((f"same-image x{args.copies}", "json", same_image(folder / "img", args.copies)))
        print(f"code: {args.code}")
        print(f"{'input':28} {'format':6} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9}  warnings")
        for name, fmt, path in cases:
            if args.only and name.split()[0] not in args.only:
                continue
            wall, cpu, peak, codes = measure(path, fmt, args.code)
            print(f"{name:28} {fmt:6} {wall:8.2f} {cpu:8.2f} {peak:9.1f}  {codes}", flush=True)


if __name__ == "__main__":
    main()
