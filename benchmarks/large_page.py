"""Memory on a 50 MB saved page: peak resident memory and time per format, in fresh processes.

Large saved SharePoint pages are large because of what surrounds the article: a ``__VIEWSTATE`` of
megabytes, inline scripts, navigation with thousands of links, and ``data:`` images. The page built
here is that: about 50 MB in all, holding an article of ``--paragraphs`` paragraphs and a few
figures (one a 2 MB ``data:`` image). Each format is converted by ``portalconv`` in its own process;
peak RSS is that process's ``ru_maxrss``.

    python benchmarks/large_page.py [--megabytes 50] [--paragraphs 400]
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

BIN = Path(sys.executable).parent
_VOCABULARY = ("tỉnh huyện người dân công trình dự án kế hoạch năm tháng cán bộ hội nghị chương trình phát triển "
               "kinh tế xã hội giáo dục y tế nông nghiệp đường giao thông")
WORDS = _VOCABULARY.split(" ")


def _photo(width: int, height: int, seed: int) -> bytes:
    rng = random.Random(seed)
    img = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def build(folder: Path, megabytes: int, paragraphs: int) -> Path:
    """Write the page and its resource folder; returns the page's path."""
    rng = random.Random(7)
    files = folder / "lon_files"
    files.mkdir(parents=True)
    for i in range(3):
        (files / f"anh{i}.jpg").write_bytes(_photo(1200, 800, i))
    inline = base64.b64encode(_photo(900, 700, 9)).decode()
    body = []
    for i in range(paragraphs):
        body.append("<p>" + " ".join(rng.choice(WORDS) for _ in range(60)) + ".</p>")
        if i % 150 == 10:
            n = i // 150
            body.append(f'<p style="text-align:center"><img src="lon_files/anh{n}.jpg"></p>'
                        f'<p style="text-align:center"><em>Ảnh {n}: chú thích của ảnh</em></p>')
    body.append(f'<p style="text-align:center"><img src="data:image/jpeg;base64,{inline}"></p>'
                '<p style="text-align:center"><em>Ảnh nhúng trong trang</em></p>')
    article = ('<table id="tableforprint"><tr class="ms-news-header"><td><p class="Title">Trang rất lớn</p></td></tr>'
               f'<tr><td><div class="ExternalClass1">{"".join(body)}</div></td></tr></table>')
    head = '<html lang="vi"><head><meta charset="utf-8"><title>Trang rất lớn</title></head><body><form>'
    chrome_budget = megabytes * 1024 * 1024 - len(head) - len(article.encode())
    viewstate = base64.b64encode(rng.randbytes(max(0, chrome_budget // 2) * 3 // 4)).decode()
    nav_item = '<li class="ms-navitem"><a href="/Pages/trang-{0}.aspx">Mục {0}</a></li>'
    nav, size, i = [], 0, 0
    while size < chrome_budget // 4:
        item = nav_item.format(i)
        nav.append(item)
        size += len(item)
        i += 1
    script = "var x = " + "1234567890" * (chrome_budget // 40) + ";"
    page = folder / "lon.html"
    page.write_text(head + f'<input type="hidden" name="__VIEWSTATE" value="{viewstate}">'
                    f'<div id="s4-ribbonrow"><ul>{"".join(nav)}</ul></div><script>{script}</script>'
                    + article + "</form></body></html>", encoding="utf-8")
    return page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=50)
    parser.add_argument("--paragraphs", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        page = build(Path(tmp) / "in", args.megabytes, args.paragraphs)
        print(f"page: {page.stat().st_size / 2**20:.1f} MiB, {args.paragraphs} paragraphs, 4 figures")
        print(f"{'format':8} {'seconds':>8} {'peak MiB':>9} {'output KiB':>11}")
        for fmt in ("json", "docx", "epub", "pdf"):
            out = Path(tmp) / "out"
            t0 = time.perf_counter()
            proc = subprocess.Popen([str(BIN / "portalconv"), str(page), "--to", fmt, "-o", f"{out}/", "-q"])
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - t0
            if os.waitstatus_to_exitcode(status) != 0:
                raise SystemExit(f"{fmt}: portalconv failed")
            size = (out / f"lon.{fmt}").stat().st_size / 1024
            print(f"{fmt:8} {seconds:8.2f} {usage.ru_maxrss / 1024:9.1f} {size:11.1f}")


if __name__ == "__main__":
    main()
