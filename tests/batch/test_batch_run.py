"""Batch runs through the library: mirroring, the manifest's skip and rebuild rules, --force, clashes."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import signal
import sqlite3
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from converter.batch import BatchOptions, manifest, run
from converter.batch.manifest import MANIFEST_NAME
from converter.errors import OutputError
from converter.options import WriteOptions


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()


BODY = ("Sáng nay, Sở Tài chính tổ chức hội nghị tổng kết công tác năm và triển khai nhiệm vụ trọng tâm "
        "của năm tới với sự tham dự của lãnh đạo các phòng, ban và đơn vị trực thuộc.")


def page_html(title: str, image: str = "") -> str:
    img = f'<p><img src="{image}" alt="ảnh"></p>' if image else ""
    return (f'<html><body><table id="tableforprint"><tr><td><p class="Title">{title}</p></td></tr>'
            f'<tr><td><div class="ExternalClass1">{img}<p>Nội dung của {title}. {BODY}</p><p>{BODY}</p></div>'
            "</td></tr></table></body></html>")


def make_page(folder: Path, name: str, title: str = "", photo: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stem = name.rsplit(".", 1)[0]
    if photo:
        (folder / f"{stem}_files").mkdir(exist_ok=True)
        (folder / f"{stem}_files" / "anh.png").write_bytes(PNG)
    path = folder / name
    path.write_text(page_html(title or stem, f"{stem}_files/anh.png" if photo else ""), encoding="utf-8")
    return path


def make_small_site(src: Path) -> Path:
    """Two articles (one with a photo, one in a subfolder) and a page that is not an article."""
    make_page(src, "mot.html", "Bài một", photo=True)
    make_page(src / "muc", "hai.html", "Bài hai")
    (src / "muc" / "trang-chu.html").write_text("<html><body><nav>Trang chủ</nav></body></html>")
    return src


@pytest.fixture
def site(tmp_path: Path) -> Path:
    src = tmp_path / "site"
    make_page(src, "tin-1.html", "Tin một", photo=True)
    make_page(src / "tin-tuc", "tin-2.aspx", "Tin hai")
    (src / "tin-tuc" / "danh-sach.htm").write_text("<html><body><nav>Trang chủ</nav></body></html>")
    return src


def go(src: Path, out: Path, formats: tuple[str, ...] = ("json", "epub"), **kw: object) -> dict[str, str]:
    """Run a batch; map each output (or source name, when nothing was written) to its status."""
    options = kw.pop("options", None)
    report = run([src], list(formats), out, options, BatchOptions(jobs=1, **kw))  # type: ignore[arg-type]
    return {r.output or f"{Path(r.source).name}:{r.format}": r.status for r in report.rows}


def test_the_tree_is_mirrored_and_a_listing_is_recorded_as_no_article(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert go(site, out) == {
        "tin-1.json": "converted", "tin-1.epub": "converted",
        "tin-tuc/tin-2.json": "converted", "tin-tuc/tin-2.epub": "converted",
        "danh-sach.htm:json": "no-article", "danh-sach.htm:epub": "no-article",
    }
    doc = json.loads((out / "tin-tuc" / "tin-2.json").read_text(encoding="utf-8"))
    assert doc["article"]["metadata"]["title"] == "Tin hai"
    assert zipfile.ZipFile(out / "tin-1.epub").testzip() is None
    assert not list(out.rglob("*.part")) and not (out / "tin-tuc" / "danh-sach.json").exists()


def test_the_manifest_has_one_row_per_page_and_format_with_hashes(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    go(site, out)
    db = sqlite3.connect(out / MANIFEST_NAME)
    db.row_factory = sqlite3.Row
    rows = {(Path(r["source"]).name, r["format"]): r for r in db.execute("SELECT * FROM outputs")}
    assert len(rows) == 6
    row = rows[("tin-1.html", "epub")]
    assert row["status"] == "converted" and row["output"] == "tin-1.epub" and row["tool_version"]
    assert row["output_hash"] == manifest.sha256_file(out / "tin-1.epub")
    assert len(row["input_hash"]) == 64 and len(row["options_hash"]) == 64 and row["duration"] > 0
    assert rows[("danh-sach.htm", "json")]["status"] == "no-article"


def test_a_second_run_skips_everything_and_writes_nothing(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    go(site, out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*.json")}
    again = go(site, out)
    assert set(again.values()) == {"up-to-date", "no-article"}
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.json")} == mtimes


def test_a_changed_page_a_changed_photo_and_a_deleted_output_are_rebuilt_alone(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    go(site, out)
    make_page(site / "tin-tuc", "tin-2.aspx", "Tin hai, sửa lại")
    (site / "tin-1_files" / "anh.png").write_bytes(PNG + b"\0")  # same page, other photo bytes
    (out / "tin-1.json").unlink()
    result = go(site, out)
    assert result["tin-tuc/tin-2.json"] == result["tin-tuc/tin-2.epub"] == "converted"
    assert result["tin-1.json"] == result["tin-1.epub"] == "converted"
    assert result["danh-sach.htm:json"] == "no-article"
    assert "sửa lại" in (out / "tin-tuc" / "tin-2.json").read_text(encoding="utf-8")
    (out / "tin-1.epub").unlink()
    assert go(site, out)["tin-1.epub"] == "converted" and go(site, out)["tin-1.json"] == "up-to-date"


def test_a_tampered_output_is_rebuilt_but_a_touched_one_is_not(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    go(site, out)
    good = (out / "tin-1.json").read_bytes()
    (out / "tin-1.json").write_bytes(good[:-10] + b"0123456789")  # same size, other bytes
    os.utime(out / "tin-tuc" / "tin-2.json", ns=(1, 1))  # copied or touched: same bytes
    result = go(site, out)
    assert result["tin-1.json"] == "converted" and (out / "tin-1.json").read_bytes() == good
    assert result["tin-tuc/tin-2.json"] == "up-to-date"


def test_other_options_or_another_version_rebuild_and_force_rebuilds_all(site: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    go(site, out)
    css = tmp_path / "extra.css"
    css.write_text("p { color: black }")
    assert go(site, out, options=WriteOptions(css=css))["tin-1.epub"] == "converted"
    assert go(site, out, options=WriteOptions(css=css))["tin-1.epub"] == "up-to-date"
    css.write_text("p { color: navy }")  # the same file name with other contents counts as other options
    assert go(site, out, options=WriteOptions(css=css))["tin-1.epub"] == "converted"
    monkeypatch.setattr("converter.batch.__version__", "99.0")
    assert set(go(site, out).values()) == {"converted", "no-article"}
    forced = go(site, out, force=True)
    assert forced["tin-1.json"] == "converted" and forced["danh-sach.htm:json"] == "no-article"


def test_a_new_format_converts_only_that_format(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    go(site, out, ("json",))
    result = go(site, out, ("json", "epub"))
    assert result["tin-1.json"] == "up-to-date" and result["tin-1.epub"] == "converted"


def test_clashing_pages_never_overwrite_each_other_and_keep_their_names(tmp_path: Path) -> None:
    src, out = tmp_path / "site", tmp_path / "out"
    make_page(src, "bai.html", "Bài HTML")
    go(src, out, ("json",))
    make_page(src, "bai.aspx", "Bài ASPX")  # sorts before bai.html
    make_page(src, "BAI.htm", "Bài HTM")
    result = go(src, out, ("json",))
    assert result == {"BAI-2.json": "converted", "bai-3.json": "converted", "bai.json": "up-to-date"}
    titles = {p.name: json.loads(p.read_text(encoding="utf-8"))["article"]["metadata"]["title"]
              for p in out.glob("*.json")}
    assert titles == {"bai.json": "Bài HTML", "bai-3.json": "Bài ASPX", "BAI-2.json": "Bài HTM"}


def test_outputs_of_a_page_that_left_the_source_are_never_taken_over(tmp_path: Path) -> None:
    src, out = tmp_path / "site", tmp_path / "out"
    make_page(src, "a.html", "Bài đã gỡ")
    go(src, out, ("json",))
    (src / "a.html").unlink()
    make_page(src, "a.aspx", "Bài mới")
    assert go(src, out, ("json",)) == {"a-2.json": "converted"}
    (src / "a.aspx").unlink()
    make_page(src, "A.htm", "Bài hoa")  # "A" is "a" on a case-insensitive disk
    assert go(src, out, ("json",)) == {"A-3.json": "converted"}
    titles = {p.name: json.loads(p.read_text(encoding="utf-8"))["article"]["metadata"]["title"]
              for p in out.glob("*.json")}
    assert titles == {"a.json": "Bài đã gỡ", "a-2.json": "Bài mới", "A-3.json": "Bài hoa"}


def test_leftover_temporary_files_of_a_killed_run_are_removed(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "tin-tuc"
    out.mkdir(parents=True)
    (out / ".tin-2.pdf.abcd_123.part").write_bytes(b"%PDF-1.7 half")
    (out / "notes.part").write_text("not ours")
    go(site, tmp_path / "out", ("json",))
    assert sorted(p.name for p in out.iterdir()) == ["notes.part", "tin-2.json"]


def test_write_options_hash_changes_with_every_field() -> None:
    base = manifest.options_hash(WriteOptions())
    for f in dataclasses.fields(WriteOptions):
        if f.type in ("bool", bool):
            changed = dataclasses.replace(WriteOptions(), **{f.name: not getattr(WriteOptions(), f.name)})
            assert manifest.options_hash(changed) != base, f.name


@pytest.mark.skipif(os.name != "posix", reason="advisory locks are POSIX here")
def test_a_second_batch_into_the_same_folder_is_refused_while_one_runs(site: Path, tmp_path: Path) -> None:
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    with open(out / (MANIFEST_NAME + ".lock"), "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(OutputError, match="another portalconv batch") as info:
            go(site, out)
    assert info.value.exit_code == 5
    assert go(site, out)["tin-1.json"] == "converted"  # free again


def test_one_worker_process_serves_every_page_and_preloads_the_writers(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    started: list[list[str]] = []
    real = subprocess.Popen

    def popen(argv: list[str], **kw: object) -> object:
        started.append(argv)
        return real(argv, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "Popen", popen)
    for n in range(4):
        make_page(tmp_path / "site", f"bai-{n}.html")
    assert set(go(tmp_path / "site", tmp_path / "out").values()) == {"converted"}
    assert len(started) == 1 and started[0][-2:] == ["epub", "json"]  # the formats it imports up front


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev/zero")
def test_fifos_devices_and_symlinks_out_of_the_folder_are_never_read(tmp_path: Path) -> None:
    src = tmp_path / "site"
    make_page(src, "tin-1.html", "Tin một", photo=True)
    os.mkfifo(src / "ong.html")  # opening it for reading would wait for a writer forever
    (src / "khong.html").symlink_to("/dev/zero")  # reading it would never end
    files = src / "tin-1_files"
    os.mkfifo(files / "ong.jpg")
    (files / "khong.jpg").symlink_to("/dev/zero")
    outside = tmp_path / "ngoai.txt"
    outside.write_text("bí mật")
    (files / "ngoai.jpg").symlink_to(outside)

    def hung(*_: object) -> None:
        raise TimeoutError("the batch blocked on a file that is not a regular file")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    try:
        out = tmp_path / "out"
        report = run([src], ["json"], out, batch=BatchOptions(jobs=1))
        rows = {Path(r.source).name: r for r in report.rows}
        assert rows["tin-1.html"].status == "converted"
        for name in ("ong.html", "khong.html"):
            assert rows[name].status == "failed" and "not a regular file" in rows[name].error
        # The symlink out of the folder is not part of the page's input: changing its target changes nothing.
        outside.write_text("đã đổi")
        again = {Path(r.source).name: r.status for r in run([src], ["json"], out, batch=BatchOptions(jobs=1)).rows}
        assert again["tin-1.html"] == "up-to-date"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
