"""``--index``: OUT_DIR/index.html lists the archive, works offline, and filters and sorts in a browser."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from factories import photo_bytes

from converter import model as m
from converter.batch import BatchOptions, run
from converter.batch.index import INDEX_NAME, entry

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)


def article_page(title: str, date: str, category: str, photo: str = "") -> str:
    img = f'<p><img src="{photo}" alt="ảnh"></p>' if photo else ""
    return (f'<html lang="vi"><head><meta property="article:published_time" content="{date}">'
            f'<meta property="article:section" content="{category}"></head><body>'
            f'<table id="tableforprint"><tr><td><p class="Title">{title}</p></td></tr>'
            f'<tr><td><div class="ExternalClass1">{img}<p>Nội dung của {title}, một đoạn văn đủ dài để '
            f"là bài viết thật sự.</p><p>Đoạn thứ hai của bài viết cũng có nội dung riêng.</p></div>"
            "</td></tr></table></body></html>")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    src = tmp_path / "site"
    (src / "kinh-te" / "chợ_files").mkdir(parents=True)
    (src / "kinh-te" / "chợ_files" / "anh.jpg").write_bytes(photo_bytes(800, 600))
    (src / "kinh-te" / "chợ.html").write_text(
        article_page("Khai mạc hội chợ", "2024-03-14T10:00:00+07:00", "Kinh tế", "chợ_files/anh.jpg"), "utf-8")
    (src / "van-hoa").mkdir()
    (src / "van-hoa" / "le-hoi.html").write_text(
        article_page("Lễ hội &lt;mùa xuân&gt; &amp; đua thuyền", "2024-02-01T08:00:00+07:00", "Văn hóa"), "utf-8")
    (src / "van-hoa" / "bao-tang.html").write_text(
        article_page("Bảo tàng mở cửa", "2024-04-20T08:00:00+07:00", "Văn hóa"), "utf-8")
    (src / "trang-chu.html").write_text("<html><body><nav>Trang chủ</nav></body></html>", "utf-8")
    return src


def index_of(out: Path) -> str:
    return (out / INDEX_NAME).read_text(encoding="utf-8")


def test_the_index_lists_each_article_newest_first_with_links_that_resolve(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([site], ["json", "epub"], out, batch=BatchOptions(jobs=1, index=True))
    page = index_of(out)
    titles = re.findall(r'<td class="title"><a href="[^"]*">([^<]*)</a>', page)
    assert titles == ["Bảo tàng mở cửa", "Khai mạc hội chợ", "Lễ hội &lt;mùa xuân&gt; &amp; đua thuyền"]
    for href in re.findall(r'<a href="([^"#]+)"', page):
        assert (out / unquote(href)).is_file(), href
    assert 'href="kinh-te/ch%E1%BB%A3.epub"' in page  # an IRI name travels percent-encoded
    assert '<option value="Văn hóa">Văn hóa</option>' in page
    assert 'data-date="2024-03-14"' in page
    # The page that is not an article is listed apart, with the reason.
    others = page.split("Pages without an output", 1)[1]
    assert "trang-chu" in others and "no-article" in others
    # Everything inline: nothing to fetch from anywhere.
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_the_first_photo_becomes_an_inline_thumbnail() -> None:
    import base64
    import io

    from PIL import Image

    article = m.Article(m.Metadata(title="Ảnh"), (m.para("Đoạn."), m.figure("a.jpg", resource="k1"),
                                                    m.figure("b.jpg", resource="k2")),
                        (m.Resource("k1", "image/jpeg", photo_bytes(1600, 1200)),
                         m.Resource("k2", "image/jpeg", photo_bytes(100, 100, (200, 0, 0)))))
    thumb = entry(article)["thumb"]
    assert thumb.startswith("data:image/jpeg;base64,")
    img = Image.open(io.BytesIO(base64.b64decode(thumb.split(",", 1)[1])))
    assert img.size == (320, 240)  # the first photo, scaled to the 2x thumbnail box, aspect kept
    broken = m.Article(m.Metadata(title="x"), (m.figure("a.jpg", resource="k"),),
                       (m.Resource("k", "image/jpeg", b"\xff\xd8 not a jpeg"),))
    assert entry(broken)["thumb"] == ""


def test_a_rerun_indexes_the_same_archive_byte_for_byte(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([site], ["json"], out, batch=BatchOptions(jobs=1, index=True))
    first = index_of(out)
    report = run([site], ["json"], out, batch=BatchOptions(jobs=1, index=True))
    assert {r.status for r in report.rows} == {"up-to-date", "no-article"}
    assert index_of(out) == first


def test_an_archive_made_without_index_is_indexed_when_asked(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([site], ["json"], out, batch=BatchOptions(jobs=1))
    assert not (out / INDEX_NAME).exists()
    report = run([site], ["json"], out, batch=BatchOptions(jobs=1, index=True))
    assert sorted(r.status for r in report.rows) == ["converted"] * 3 + ["no-article"]
    assert index_of(out).count('<td class="title">') == 3


def test_a_failed_page_is_listed_with_its_reason(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTALCONV_TEST_FAULTS", '{"le-hoi.html": "raise"}')
    out = tmp_path / "out"
    run([site], ["json"], out, batch=BatchOptions(jobs=1, index=True))
    others = index_of(out).split("Pages without an output", 1)[1]
    assert re.search(r'<tr class="failed"><td>van-hoa/le-hoi</td><td>failed</td><td>[^<]*injected failure', others)


def test_the_cli_flag_runs_a_batch_and_writes_the_index(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "converter", str(site), "--to", "json", "-o", str(out), "--index",
                           "-q", "-j", "1"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Khai mạc hội chợ" in index_of(out)


def _dom(url: str) -> tuple[str, str]:
    assert CHROMIUM is not None
    proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
                           "--v=0", "--virtual-time-budget=3000", "--dump-dom", url],
                          capture_output=True, text=True, timeout=120, check=False)
    return proc.stdout, proc.stderr


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_in_a_browser_it_loads_cleanly_and_filters_and_sorts(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([site], ["json"], out, batch=BatchOptions(jobs=1, index=True))
    url = (out / INDEX_NAME).as_uri()
    dom, log = _dom(url)
    assert 'id="shown" aria-live="polite">3 of 3 shown' in dom
    assert not [line for line in log.splitlines() if ":CONSOLE" in line], log
    # Filtering by category (the state is in the URL fragment, as a bookmark would hold it).
    dom, log = _dom(url + "#category=V%C4%83n%20h%C3%B3a")
    shown = re.findall(r'<tr data-date="[^"]*" data-category="([^"]*)">', dom)
    hidden = re.findall(r'<tr data-date="[^"]*" data-category="([^"]*)" hidden="">', dom)
    assert shown == ["Văn hóa", "Văn hóa"] and hidden == ["Kinh tế"]
    assert "2 of 3 shown" in dom
    # A date range, and sorting by title A→Z.
    dom, _ = _dom(url + "#from=2024-03-01&to=2024-03-31")
    assert re.findall(r'<tr data-date="([^"]*)" data-category="[^"]*">', dom) == ["2024-03-14"]
    dom, _ = _dom(url + "#sort=title-asc")
    titles = re.findall(r'<td class="title"><a href="[^"]*">([^<]*)</a>', dom)
    assert titles == sorted(titles, key=str.lower) and len(titles) == 3
    assert not [line for line in log.splitlines() if ":CONSOLE" in line], log
