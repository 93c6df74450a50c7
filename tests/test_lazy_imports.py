"""Each command imports only what it uses: the PDF engine costs half a second and a system library,
so nothing but ``--to pdf`` may load it; JSON needs neither the DOCX nor the EPUB library."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "vn-portal-news.html"
HEAVY = ("weasyprint", "docx", "ebooklib", "charset_normalizer", "http.client", "pydantic",  # pydantic: Typer >= 0.26
         "fontTools",  # the EPUB cover reads its fonts with its own small cmap reader
         "zoneinfo")  # only British and Irish dates need a zone database

_PROBE = """
import json, sys
sys.argv = ["portalconv", *sys.argv[1:]]
from converter.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "loaded": [m for m in %r if m in sys.modules]}))
"""


def _loaded(*args: str) -> set[str]:
    proc = subprocess.run([sys.executable, "-c", _PROBE % (HEAVY,), *args], capture_output=True, text=True)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["code"] in (0, None), proc.stderr
    return set(result["loaded"])


@pytest.mark.parametrize(("fmt", "allowed"), [("json", set()), ("docx", {"docx"}), ("epub", {"ebooklib"}),
                                              ("pdf", {"weasyprint", "http.client", "fontTools"})])  # WeasyPrint's own
def test_a_conversion_loads_only_its_own_writer(tmp_path: Path, fmt: str, allowed: set[str]) -> None:
    loaded = _loaded(str(SAMPLE), "--to", fmt, "-o", f"{tmp_path}/", "-q")
    assert loaded == allowed  # no remote fetcher, no encoding detector for a page that declares UTF-8


def test_help_loads_no_writer() -> None:
    assert _loaded("--help") == set()


_NO_IMAGES = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Tin không ảnh</title></head>
<body><div class="article"><h1>Tin không ảnh</h1>
<p>Đoạn thứ nhất của bài viết, đủ dài để là nội dung của một bài tin trên cổng thông tin điện tử.</p>
<p>Đoạn thứ hai của bài viết, cũng đủ dài để được giữ lại như một đoạn văn của bài.</p></div></body></html>"""


def _modules_after(*args: str, modules: tuple[str, ...]) -> set[str]:
    probe = _PROBE.replace("%r", repr(modules))
    proc = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["code"] in (0, None), proc.stderr
    return set(result["loaded"])


@pytest.mark.parametrize("args", [("--to", "json"), ("--to", "epub", "--no-cover")])
def test_a_page_without_images_never_loads_pillow(tmp_path: Path, args: tuple[str, ...]) -> None:
    page = tmp_path / "tin.html"
    page.write_text(_NO_IMAGES, encoding="utf-8")
    assert _modules_after(str(page), *args, "-o", f"{tmp_path}/", "-q", modules=("PIL",)) == set()


def test_an_epub_without_a_drawn_cover_loads_no_drawing_module(tmp_path: Path) -> None:
    # The shelf image is a drawn title cover (issue 17); without a cover nothing is drawn.
    loaded = _modules_after(str(SAMPLE), "--to", "epub", "--no-cover", "-o", f"{tmp_path}/", "-q",
                            modules=("PIL.Image", "PIL.ImageDraw", "PIL.ImageFont"))
    assert loaded == {"PIL.Image"}  # the photos are checked


def test_help_and_version_load_no_logging() -> None:
    # Logging is configured when a command runs, not for --help (a few ms of every --help).
    assert _modules_after("--help", modules=("logging",)) == set()
    assert _modules_after("--version", modules=("logging",)) == set()


def test_help_reads_no_pattern_cache(tmp_path: Path) -> None:
    # --help compiles its two patterns itself: reading the cache of the extraction's hundred would
    # cost it more (converter/patterns.py). A conversion uses the cache.
    assert _modules_after("--help", modules=("converter.patterns",)) == set()
    assert _modules_after(str(SAMPLE), "--to", "json", "-o", f"{tmp_path}/", "-q",
                          modules=("converter.patterns",)) == {"converter.patterns"}


def test_a_command_run_from_the_console_prints_library_warnings(tmp_path: Path) -> None:
    # main() still routes other libraries' warnings to stderr as bare lines once a command runs.
    # fontTools' are not (font subsetting chatter); the test fails when nothing is configured,
    # since Python's last-resort handler would print both.
    emit = "import logging; [logging.getLogger(n).warning(n + ' says hi') for n in ('fontTools', 'somelib')]; "
    probe = _PROBE.replace("print(json.dumps(", emit + "print(json.dumps(").replace("%r", repr(("logging",)))
    proc = subprocess.run([sys.executable, "-c", probe, str(SAMPLE), "--to", "json", "-o", f"{tmp_path}/", "-q"],
                          capture_output=True, text=True)
    assert proc.stderr.splitlines() == ["somelib says hi"]
    assert json.loads(proc.stdout.strip().splitlines()[-1])["loaded"] == ["logging"]
