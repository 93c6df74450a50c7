"""Fuzz with hostile pages (issue 20): names with bad bytes, deep nesting of every block kind,
malformed addresses and control characters, all mixed in one generated page.

Each generated page is an article whose visible sentences are known. Properties:

* ``read`` and every writer raise nothing but our documented errors (``PortalconvError``);
* every visible sentence of the body reaches the model (letters compared: control characters go);
* the DOCX verifies complete against the model *and* the page's own text;
* the command line, given a page whose name is not UTF-8, exits with a documented code and says
  why in one line (an error line and at most a hint), never a traceback;
* a batch over a folder of such names converts the good pages and fails only the bad ones.

Bounded by the "hostile" Hypothesis profile (tests/conftest.py: a fifth of the loaded profile's
examples; ``HYPOTHESIS_PROFILE=long`` soaks). PDF, the slowest writer, gets the fewest.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tempfile
import unicodedata
from pathlib import Path
from urllib.parse import quote_from_bytes

import pytest
from factories import photo_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter import api
from converter.batch import BatchOptions, run
from converter.errors import PortalconvError
from converter.verify import read_for_verify, verify

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = settings.get_profile("hostile")
FEWER = settings(HOSTILE, max_examples=max(2, HOSTILE.max_examples // 2))
FEWEST = settings(HOSTILE, max_examples=max(2, HOSTILE.max_examples // 4),
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                         HealthCheck.data_too_large])
POSIX = pytest.mark.skipif(os.name != "posix" or sys.platform == "darwin",
                           reason="file names that are not UTF-8 exist on Linux/BSD file systems only")

# --- the pieces a page is made of ---------------------------------------------------------------------

BAD_URLS = [
    "http://[::1", "http://[::1/x.png", "https://h:99999/", "http://[v1.x]/", "//[::1", "javascript:alert(1)",
    "JaVaScRiPt:void(0)", "data:", "data:image/png;base64,!!!!", "data:text/html,%zz%", "data:;base64,=",
    "%zz%zz", "http://%zz/", "http://h/a%zzb.png", "\x01http://h/\x1f", "http://h/\x00x.png", "a\tb\nc.png",
    "http://" + "a" * 5000 + ".com/" + "b" * 5000, "file:///etc/passwd", "../" * 40 + "x.png", "", " ", "#",
    "http://h/caf%E9.png", "mailto:", "http://h:/x", "http://user:pa@ss@h/", "http://h/" + "%" * 300,
]
CONTROLS = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\x7f", "\ufffe", "\u200b", "\x0b\x0c"]

# Every block kind (and inline wrappers), closed and unclosed: (opening, closing) per level.
NESTINGS = {
    "div": ("<div>", "</div>"), "unclosed-div": ("<div>", ""),
    "table": ("<table><tr><td>", "</td></tr></table>"), "unclosed-table": ("<table><tr><td>", ""),
    "cell-in-div": ("<div><table><tr><td>", "</div>"),
    "ul": ("<ul><li>", "</li></ul>"), "ol": ('<ol start="-7"><li>', "</li></ol>"), "unclosed-li": ("<ul><li>", ""),
    "blockquote": ("<blockquote>", "</blockquote>"), "unclosed-blockquote": ("<blockquote>", ""),
    "p-span": ("<p><span>", "</span></p>"), "span": ("<span>", "</span>"), "inline": ("<b><i><sup>", "</sup></i></b>"),
    "dl": ("<dl><dt>Term</dt><dd>", "</dd></dl>"), "unclosed-dd": ("<dl><dd>", ""),
    "heading-in-div": ("<div><h3>Heading level</h3>", "</div>"),
    "section": ("<section><article>", "</article></section>"),
}
# Around the parser's and the loader's limits (load/depth.py: 200, 255, 256) and beyond.
DEPTHS = st.one_of(st.sampled_from([1, 2, 5, 199, 200, 201, 254, 255, 256, 257, 600]), st.integers(1, 400))

WORDS = ["harbour", "ferry", "timetable", "winter", "council", "island", "crossing", "notice", "passenger",
         "tariff", "season", "captain", "weather", "morning", "evening", "station", "bridge", "market"]


def sentence(i: int, control: str) -> str:
    """A distinct visible sentence, a control character beside its words."""
    words = [WORDS[(i * 7 + k) % len(WORDS)] for k in range(8)]
    return f"Sentence{i} {control}{' '.join(words[:4])}{control} {' '.join(words[4:])} number {i}."


def letters(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFC", s).casefold() if c.isalnum())


@st.composite
def hostile_pages(draw: st.DrawFn, image_names: tuple[bytes, ...] = ()) -> tuple[str, list[str]]:
    """A page and the visible sentences of its body."""
    url = lambda: draw(st.sampled_from(BAD_URLS))  # noqa: E731
    control = lambda: draw(st.sampled_from(CONTROLS))  # noqa: E731
    kind = draw(st.sampled_from(sorted(NESTINGS)))
    depth = draw(DEPTHS)
    heading = draw(st.integers(1, 6))
    opening, closing = NESTINGS[kind]
    prose = [sentence(i, control()) for i in range(draw(st.integers(6, 9)))]
    deep = sentence(90, control())
    after = sentence(91, control())
    shown = [*prose, deep, after]
    images = "".join(f'<p><img src="{quote_from_bytes(n)}" alt="photo {k}"></p>' for k, n in enumerate(image_names))
    zone = draw(st.sampled_from(['<div class="ms-rtestate-field">', "<article>"]))
    end_zone = "</div>" if zone.startswith("<div") else "</article>"
    body = "".join(f"<p>{s}</p>" for s in prose)
    html = (f"<!-- saved from url=(0042){url()} -->\n<html><head><title>Fuzz{control()} page</title>"
            f'<base href="{url()}"><link rel="stylesheet" href="{url()}">'
            f"<style>p {{ background: url({url()}) }} .x {{ background-image: url('{url()}') }}</style></head><body>"
            f'<nav>Menu{control()} <a href="{url()}">Home{control()}</a></nav>{control()}'
            f"<h1>Fuzzed {control()}headline for the hostile page</h1>{zone}{body}{images}"
            f'<p><a href="{url()}">{shown[0]}</a> <img src="{url()}" srcset="{url()} 2x, {url()} 640w" alt="x">'
            f'<span style="background:url({url()})"></span></p>'
            + opening * depth + f"<h{heading}>{deep}</h{heading}>" + closing * depth
            + f"<p>{after}</p>{end_zone}<footer>Footer{control()} text</footer></body></html>")
    return html, shown


def _model_letters(article: object) -> str:
    from converter.jsonio import dumps

    return letters(dumps(article))  # type: ignore[arg-type]


def _check_read(page: Path, shown: list[str]) -> object:
    try:
        result = api.read(page)
    except PortalconvError as exc:
        pytest.fail(f"an article with {len(shown)} sentences was refused: {exc}")
    held = _model_letters(result.article)
    lost = [s for s in shown if letters(s) not in held]
    assert lost == [], lost
    return result.article


# --- properties ----------------------------------------------------------------------------------------

@HOSTILE
@given(page=hostile_pages())
def test_hostile_pages_read_whole_and_write_json(page: tuple[str, list[str]]) -> None:
    html, shown = page
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.html"
        path.write_text(html, encoding="utf-8", errors="surrogatepass")
        article = _check_read(path, shown)
        api.write(article, Path(tmp) / "page.json", "json")  # type: ignore[arg-type]
        assert all(letters(s) in letters((Path(tmp) / "page.json").read_text(encoding="utf-8")) for s in shown)


@FEWER
@given(page=hostile_pages())
def test_hostile_pages_write_docx_and_epub_and_verify_against_the_page(page: tuple[str, list[str]]) -> None:
    html, shown = page
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.html"
        path.write_text(html, encoding="utf-8", errors="surrogatepass")
        _check_read(path, shown)
        reading = read_for_verify(path)
        for fmt in ("docx", "epub"):
            out = Path(tmp) / f"page.{fmt}"
            try:
                api.write(reading.article, out, fmt)
            except PortalconvError:
                continue  # documented; the output is left out
            report = verify(reading.article, out, reading.page_text)
            assert report.complete, (fmt, report.missing)


@FEWEST
@given(page=hostile_pages())
def test_hostile_pages_write_pdf(page: tuple[str, list[str]]) -> None:
    pytest.importorskip("weasyprint")
    html, shown = page
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.html"
        path.write_text(html, encoding="utf-8", errors="surrogatepass")
        article = _check_read(path, shown)
        try:
            api.write(article, Path(tmp) / "page.pdf", "pdf")  # type: ignore[arg-type]
        except PortalconvError as exc:
            assert exc.exit_code in {5, 6}, exc
        else:
            assert (Path(tmp) / "page.pdf").stat().st_size > 0


# --- names that are not UTF-8 --------------------------------------------------------------------------

# A file name's bytes: anything but "/" and NUL, at least one byte that makes it invalid UTF-8.
_NAME_BYTES = st.binary(min_size=0, max_size=12).map(lambda b: b.replace(b"/", b"_").replace(b"\0", b"_"))
BAD_NAMES = st.tuples(_NAME_BYTES, st.sampled_from([b"\xe9", b"\xff", b"\x80", b"\xc3(", b"\xed\xa0\x80"]),
                      _NAME_BYTES).map(lambda t: (t[0] + t[1] + t[2]).lstrip(b".") or b"x")


def bytes_path(folder: Path, name: bytes) -> Path:
    return Path(os.fsdecode(os.path.join(os.fsencode(folder), name)))


def _writable_name(path: Path) -> bool:
    try:
        path.write_bytes(b"")
    except (OSError, UnicodeError):
        return False
    path.unlink()
    return True


@POSIX
@FEWER
@given(name=BAD_NAMES, images=st.lists(BAD_NAMES, min_size=1, max_size=3, unique=True), data=st.data())
def test_pages_and_images_named_with_bad_bytes_convert(name: bytes, images: list[bytes], data: st.DataObject) -> None:
    html, shown = data.draw(hostile_pages(tuple(n + b".jpg" for n in images)))
    with tempfile.TemporaryDirectory() as tmp:
        page = bytes_path(Path(tmp), name + b".html")
        if not _writable_name(page):
            pytest.skip("this file system refuses names that are not UTF-8")
        page.write_text(html, encoding="utf-8", errors="surrogatepass")
        for k, image in enumerate(images):
            bytes_path(Path(tmp), image + b".jpg").write_bytes(photo_bytes(40 + k, 30))
        article = _check_read(page, shown)
        # Each photo is found by its %-escaped name (a backslash would read as a folder separator).
        named = [n for n in images if b"\\" not in n]
        assert len(article.resources) >= len(named)  # type: ignore[attr-defined]
        written, _ = api.convert(page, ["json", "docx"], Path(tmp) / "out")
        assert os.fsencode(written["json"].name) == os.fsencode(page.name)[:-5] + b".json"
        assert all(p.stat().st_size > 0 for p in written.values())


def _command() -> list[str]:
    script = str(Path(sysconfig.get_path("scripts")) / "portalconv")
    return [script] if os.path.exists(script) else [sys.executable, "-m", "converter"]


# What each kind of page must make the command line do: (exit codes allowed).
_CLI_CASES = {"article": {0}, "listing": {4}, "binary": {3, 4}, "empty": {3, 4}, "folder-name": {3}}


@POSIX
@pytest.mark.parametrize("case", sorted(_CLI_CASES))
@settings(HOSTILE, max_examples=max(1, HOSTILE.max_examples // 8))
@given(name=BAD_NAMES, page=hostile_pages())
def test_cli_on_a_bad_byte_name_exits_with_a_documented_code_and_one_line(name: bytes, case: str,
                                                                         page: tuple[str, list[str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = bytes_path(Path(tmp), name + b".html")
        if not _writable_name(path):
            pytest.skip("this file system refuses names that are not UTF-8")
        contents = {"article": page[0].encode("utf-8", "surrogatepass"),
                    "listing": b"<html><body><ul>" + b"<li><a href='/x'>Item</a></li>" * 30 + b"</ul></body></html>",
                    "binary": bytes(range(256)) * 4, "empty": b""}
        target = os.fsencode(path) if case != "folder-name" else os.fsencode(path) + b"/missing.html"
        if case in contents:
            path.write_bytes(contents[case])
        env = {**os.environ, "PYTHONPATH": str(ROOT), "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
        done = subprocess.run([*_command(), target, "--to", "json", "-o", os.fsencode(Path(tmp) / "out") + b"/"],
                              capture_output=True, env=env, timeout=300)
        err = done.stderr.decode("utf-8", "replace")
        assert done.returncode in _CLI_CASES[case], (case, done.returncode, err)
        assert "Traceback" not in err
        if done.returncode:
            errors = [line for line in err.splitlines() if not line.startswith(("warning:", "  hint:"))]
            assert len(errors) == 1 and errors[0].startswith("portalconv: error: "), err


@POSIX
@settings(HOSTILE, max_examples=max(2, HOSTILE.max_examples // 4))
@given(names=st.lists(BAD_NAMES, min_size=2, max_size=4, unique=True), page=hostile_pages())
def test_a_batch_over_bad_byte_names_converts_the_others(names: list[bytes], page: tuple[str, list[str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        good, junk = names[: len(names) // 2 + 1], names[len(names) // 2 + 1:]
        if not _writable_name(bytes_path(src, good[0] + b".html")):
            pytest.skip("this file system refuses names that are not UTF-8")
        for n in good:
            bytes_path(src, n + b".html").write_text(page[0], encoding="utf-8", errors="surrogatepass")
        for n in junk:
            bytes_path(src, n + b".html").write_bytes(b"\x00\xff" * 100)
        (src / "plain.html").write_text(page[0], encoding="utf-8", errors="surrogatepass")
        report = run([src], ["json"], Path(tmp) / "out", None, BatchOptions(jobs=1))
        statuses = {os.fsencode(Path(k).name): v for k, v in report.pages().items()}
        assert {n: statuses[n + b".html"] for n in good} == {n: "converted" for n in good}
        assert statuses[b"plain.html"] == "converted"
        assert all(statuses[n + b".html"] in {"no-article", "failed"} for n in junk)
        for n in good:
            stem = os.fsencode(bytes_path(Path(tmp) / "out", n + b".json"))
            assert os.path.getsize(stem) > 0


# --- what the fuzz found ---------------------------------------------------------------------------------

def test_a_saved_from_address_with_a_control_character_still_writes_a_pdf(tmp_path: Path) -> None:
    """The "saved from" comment is read from the raw markup, where the parser has not dropped control
    characters: the model keeps none, so the PDF's XMP (XML 1.0) can hold the address."""
    pytest.importorskip("weasyprint")
    page = tmp_path / "page.html"
    page.write_text("<!-- saved from url=(0020)http://h/\x01a\x00b.aspx -->\n<html><head><title>T</title></head><body>"
                    "<article><h1>Control characters in the address</h1>"
                    + "<p>A paragraph of ordinary words that makes this page an article.</p>" * 8
                    + "</article></body></html>", encoding="utf-8")
    article = api.read(page).article
    assert article.metadata.source_url == "http://h/ab.aspx"
    api.write(article, tmp_path / "page.pdf", "pdf")
    assert (tmp_path / "page.pdf").stat().st_size > 0


def test_a_latin1_escape_in_an_address_shows_as_written_and_verifies(tmp_path: Path) -> None:
    """"caf%E9.png" is not UTF-8: decoded for the reader it showed "caf\ufffd.png" (the placeholder's
    name, the link's printed target), a replacement character verify rightly called damage. And a
    caption holding a link with a printed target is found in a PDF as it is printed."""
    from typer.testing import CliRunner

    from converter.cli import app

    page = tmp_path / "page.html"
    page.write_text("<html><head><title>T</title></head><body><h1>A Latin-1 file name in an address</h1><article>"
                    + "<p>A paragraph of ordinary words that makes this page an article.</p>" * 4
                    + '<p><img src="http://h/caf%E9.png" alt="x"> and <a href="caf%E9.pdf">a link to it</a> here.</p>'
                    "</article></body></html>", encoding="utf-8")
    formats = "docx,epub,pdf" if _has_weasyprint() else "docx,epub"
    result = CliRunner().invoke(app, [str(page), "--to", formats, "-o", str(tmp_path / "out") + "/", "--verify"])
    assert result.exit_code == 0, result.output
    from converter.verify.readers import read_docx

    text = read_docx(tmp_path / "out" / "page.docx", api.read(page).article).text
    assert "caf%E9.png" in text and "[caf%E9.pdf]" in text and "\ufffd" not in text


def _has_weasyprint() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def test_an_error_about_a_name_holding_a_line_feed_stays_on_one_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from converter.cli import app

    page = tmp_path / "two\nlines.html"
    page.write_bytes(b"")
    result = CliRunner().invoke(app, [str(page), "--to", "json"])
    assert result.exit_code in {3, 4}
    lines = [line for line in result.output.splitlines() if not line.startswith("  hint:")]
    assert lines == [f"portalconv: error: {tmp_path}/two\\nlines.html: " + lines[0].split("lines.html: ", 1)[1]]


@POSIX
def test_a_photo_named_with_a_latin1_byte_is_found_by_its_escaped_name(tmp_path: Path) -> None:
    """A page naming "caf%E9.jpg" means the file whose name is the bytes b"caf\\xe9.jpg"."""
    photo = bytes_path(tmp_path, b"caf\xe9.jpg")
    if not _writable_name(photo):
        pytest.skip("this file system refuses names that are not UTF-8")
    photo.write_bytes(photo_bytes(40, 30))
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>T</title></head><body><h1>A photo with a Latin-1 name</h1><article>"
                    + "<p>A paragraph of ordinary words that makes this page an article.</p>" * 4
                    + '<p><img src="caf%E9.jpg" alt="x"></p></article></body></html>', encoding="utf-8")
    result = api.read(page)
    assert len(result.article.resources) == 1 and result.warnings == []
