"""A batch's inputs: hostile names, what it may read, and noticing every change to what a page used.

Issue 20, items 1, 3, 4 and 12: a name with a non-UTF-8 byte fails at worst its own page; the
coordinator reads nothing a page points at outside its folder (nor a huge file); the manifest hashes
exactly the files the conversion read; clash suffixes keep names within the file-name limit.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from test_batch_run import PNG, go, page_html

from converter.atomic import temporary_beside
from converter.batch import BatchOptions, run
from converter.options import ReadOptions

ROOT = Path(__file__).resolve().parents[2]


def _other_png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (20, 200, 30)).save(buffer, "PNG")
    return buffer.getvalue()


OTHER_PNG = _other_png()


def bytes_path(folder: Path, name: bytes) -> Path:
    """``folder/name`` for a name that is not UTF-8; skip when the filesystem refuses such names."""
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), name)))
    try:
        path.write_bytes(b"")
        path.unlink()
    except (OSError, UnicodeError):
        pytest.skip("this filesystem refuses file names that are not UTF-8")
    return path


def statuses(src: Path, out: Path, **kw: object) -> dict[str, str]:
    """Each source file name → its page status in a JSON batch."""
    reading = kw.pop("reading", None)
    report = run([src], ["json"], out, None, BatchOptions(jobs=1, **kw), reading=reading)  # type: ignore[arg-type]
    return {Path(k).name: v for k, v in report.pages().items()}


# --- 1. names and bytes that are not UTF-8 ---------------------------------------------------------

def test_a_windows_1252_page_naming_an_accented_image_converts_in_a_batch(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "images").mkdir(parents=True)
    html = page_html("Café", "images/café.jpg").replace("<html>", '<html><head><meta charset="windows-1252"></head>')
    (src / "cafe.html").write_bytes(html.replace("Sáng nay", "Sang nay").encode("cp1252", "replace"))
    (src / "other.html").write_text(page_html("Other"), encoding="utf-8")
    out = tmp_path / "out"
    assert statuses(src, out) == {"cafe.html": "converted", "other.html": "converted"}
    assert statuses(src, out) == {"cafe.html": "up-to-date", "other.html": "up-to-date"}


def test_a_page_whose_name_is_not_utf8_converts_in_a_batch_and_stays_up_to_date(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    page = bytes_path(src, b"caf\xe9.html")
    page.write_text(page_html("Quán cà phê"), encoding="utf-8")
    (src / "other.html").write_text(page_html("Other"), encoding="utf-8")
    out = tmp_path / "out"
    assert statuses(src, out) == {page.name: "converted", "other.html": "converted"}
    assert Path(os.fsdecode(os.path.join(os.fsencode(out), b"caf\xe9.json"))).is_file()
    assert statuses(src, out) == {page.name: "up-to-date", "other.html": "up-to-date"}


def test_the_cli_converts_a_page_named_with_a_bad_byte_and_shows_the_name_escaped(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    page = bytes_path(src, b"caf\xe9.html")
    page.write_text(page_html("Quán cà phê"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    script = str(Path(sysconfig.get_path("scripts")) / "portalconv")
    command = [script] if os.path.exists(script) else [sys.executable, "-m", "converter"]
    single = subprocess.run([*command, os.fsencode(page), "--to", "json", "-o", os.fsencode(tmp_path / "one") + b"/"],
                            capture_output=True, env=env, timeout=300)
    assert single.returncode == 0, single.stderr.decode(errors="replace")
    batch = subprocess.run([*command, os.fsencode(src), "--to", "json", "-o", os.fsencode(tmp_path / "out"),
                            "--report", os.fsencode(tmp_path / "report.json")],
                           capture_output=True, env=env, timeout=300)
    assert batch.returncode == 0, batch.stderr.decode(errors="replace")
    assert b"Traceback" not in batch.stderr
    report = (tmp_path / "report.json").read_text(encoding="utf-8")  # valid UTF-8: the bad byte is escaped
    assert "caf\\udce9" in report or "caf\\\\udce9" in report


def test_a_temporary_name_beside_a_target_with_a_bad_byte_is_made(tmp_path: Path) -> None:
    target = bytes_path(tmp_path, b"caf\xe9.json")
    tmp = temporary_beside(target)
    assert tmp.parent == tmp_path and tmp.exists()


# --- 3. the coordinator reads nothing a page merely points at ---------------------------------------

_OPENED: list[str] = []
_WATCHING: list[bool] = [False]


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _WATCHING[0] and event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


def test_the_coordinator_opens_nothing_outside_the_page_folder_nor_a_huge_file(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("password")
    src = tmp_path / "site" / "news"
    src.mkdir(parents=True)
    with open(src / "big.jpg", "wb") as f:  # sparse: larger than any photo the resolver reads
        f.truncate(100 * 2**20)
    html = page_html("Tin", "../../secret.txt").replace(
        "</div>", '<img src="big.jpg"><span style="background:url(../../secret.txt)"></span></div>')
    (src / "a.html").write_text(html, encoding="utf-8")
    _OPENED.clear()
    _WATCHING[0] = True
    try:
        assert statuses(tmp_path / "site", tmp_path / "out") == {"a.html": "converted"}
        assert statuses(tmp_path / "site", tmp_path / "out") == {"a.html": "up-to-date"}
    finally:
        _WATCHING[0] = False
    opened = {Path(p).name for p in _OPENED}
    assert "secret.txt" not in opened and "big.jpg" not in opened


# --- 4. a changed photo is noticed however the page referred to it ----------------------------------

def _rerun_notices_change(tmp_path: Path, html: str, photo: Path, src: Path | None = None,
                          reading: ReadOptions | None = None) -> None:
    src = src or tmp_path / "src"
    page = src / "a.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(html, encoding="utf-8")
    photo.parent.mkdir(parents=True, exist_ok=True)
    photo.write_bytes(PNG)
    out = tmp_path / "out"
    assert statuses(src, out, reading=reading)["a.html"] == "converted"
    assert statuses(src, out, reading=reading)["a.html"] == "up-to-date"
    photo.write_bytes(OTHER_PNG)
    assert statuses(src, out, reading=reading)["a.html"] == "converted"


def test_a_changed_photo_named_in_another_case_is_noticed(tmp_path: Path) -> None:
    _rerun_notices_change(tmp_path, page_html("Tin", "photo.png"), tmp_path / "src" / "Photo.PNG")


def test_a_changed_photo_that_is_the_larger_srcset_candidate_elsewhere_is_noticed(tmp_path: Path) -> None:
    srcset = 'src="small.png" srcset="small.png 1x, big/large.png 2x"'
    html = page_html("Tin", "small.png").replace('src="small.png"', srcset)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "small.png").write_bytes(PNG)
    _rerun_notices_change(tmp_path, html, tmp_path / "src" / "big" / "large.png")


def test_a_changed_photo_referenced_from_the_root_is_noticed(tmp_path: Path) -> None:
    root = tmp_path / "mirror"
    _rerun_notices_change(tmp_path, page_html("Tin", "/images/p.png"), root / "images" / "p.png",
                          src=root / "news", reading=ReadOptions(root=root))


def test_a_changed_photo_referenced_with_an_entity_is_noticed(tmp_path: Path) -> None:
    _rerun_notices_change(tmp_path, page_html("Tin", "entity&#46;png"), tmp_path / "src" / "entity.png")


# --- 12. long names that clash; a symlinked subfolder ------------------------------------------------

def test_two_long_names_that_clash_both_convert(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    stem = "tin-" + "x" * 246  # 250 bytes: the outputs' names are 255 bytes, the most a name can be
    (src / f"{stem}.html").write_text(page_html("Một"), encoding="utf-8")
    (src / f"{stem.upper()}.html").write_text(page_html("Hai"), encoding="utf-8")
    out = tmp_path / "out"
    for _ in range(2):
        result = go(src, out, ("json", "docx", "epub"))
        assert "failed" not in result.values(), result
    names = sorted(p.name for p in out.iterdir() if p.suffix in {".json", ".docx", ".epub"})
    assert len(names) == 6 and all(len(n.encode()) <= 255 for n in names)


def test_the_resolver_lists_no_folder_outside_the_page_folder_through_a_symlink(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from converter.load import resolver as resolver_mod

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "Secret.png").write_bytes(PNG)
    page_dir = tmp_path / "page"
    page_dir.mkdir()
    (page_dir / "a.html").write_text("<html></html>")
    try:
        (page_dir / "sub").symlink_to(outside, target_is_directory=True)
    except OSError:
        pytest.skip("no symlinks here")
    listed: list[str] = []
    real = os.listdir

    def spy(path: object = ".") -> list[str]:
        listed.append(os.fsdecode(path))  # type: ignore[arg-type]
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(resolver_mod.os, "listdir", spy)
    res = resolver_mod.LocalResolver(page_dir / "a.html")
    assert res.resolve("sub/secret.png") is None
    assert not any(Path(p).resolve() == outside for p in listed), listed
