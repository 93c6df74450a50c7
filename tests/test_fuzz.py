"""Never crash on junk: mutated saved pages give a document or a PortalconvError, nothing else.

Bounded by the "ci" Hypothesis profile (tests/conftest.py); run ``HYPOTHESIS_PROFILE=long`` for soak runs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from converter import api
from converter.errors import PortalconvError

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SOURCES = [(SAMPLES / name).read_bytes() for name in ("vn-portal-news.html", "sp2013-publishing-page.html")]


def _truncate(data: bytes, at: int) -> bytes:
    return data[: at % (len(data) + 1)]


def _shuffle(data: bytes, at: int) -> bytes:
    cut = at % (len(data) + 1)
    return data[cut:] + data[:cut]


def _unbalance(data: bytes, at: int) -> bytes:
    # Drop every closing tag after a point: lxml must still recover.
    cut = at % (len(data) + 1)
    return data[:cut] + data[cut:].replace(b"</", b"<")


def _garble_attributes(data: bytes, at: int) -> bytes:
    return data.replace(b'="', b'=\x00"\'<', 1 + at % 50)


def _mix_encodings(data: bytes, at: int) -> bytes:
    cut = at % (len(data) + 1)
    return data[:cut] + data[cut:].decode("utf-8", "replace").encode("cp1258", "replace")


def _huge_attribute(data: bytes, at: int) -> bytes:
    return data.replace(b"<p", b'<p title="' + b"A" * (200_000 + at % 1000) + b'"', 1)


def _deep_nesting(data: bytes, at: int) -> bytes:
    depth = 1_000 + at % 4_000
    return data.replace(b"<p", b"<div>" * depth + b"<p", 1)


MUTATIONS = [_truncate, _shuffle, _unbalance, _garble_attributes, _mix_encodings, _huge_attribute, _deep_nesting]


def _outcome(tmp_path: Path, data: bytes, formats: list[str]) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(data)
    out = tmp_path / "out"
    try:
        written, _ = api.convert(page, formats, out)
    except PortalconvError as exc:
        assert exc.exit_code in {3, 4, 5, 6}
        leftovers = list(out.iterdir()) if out.exists() else []
        assert leftovers == [], leftovers  # no output file on failure
    else:
        assert all(p.stat().st_size > 0 for p in written.values())
    finally:
        shutil.rmtree(out, ignore_errors=True)


@given(source=st.sampled_from(SOURCES), mutation=st.sampled_from(MUTATIONS), at=st.integers(0, 10**6))
def test_mutated_pages_convert_or_fail_cleanly(tmp_path_factory: object, source: bytes, mutation: object,
                                               at: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        _outcome(Path(tmp), mutation(source, at), ["json", "epub"])  # type: ignore[operator]


@given(junk=st.binary(max_size=4000))
def test_random_bytes_never_raise_anything_but_our_errors(junk: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        _outcome(Path(tmp), junk, ["json"])


@given(text=st.text(max_size=3000))
def test_random_text_wrapped_as_html_converts_or_says_no_article(text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        html = f"<html><body><div class='ms-rtestate-field'><p>{text}</p></div></body></html>"
        _outcome(Path(tmp), html.encode("utf-8", "surrogatepass"), ["json", "docx"])


# Nesting of every block kind (and inline wrappers), from shallow to far past the parser's limit, with
# malformed addresses and control characters beside chrome: always a document, with the deep text in it.
_NESTINGS = {
    "list": ("<ul><li>", "</li></ul>"), "ordered": ('<ol start="4294967296"><li>', "</li></ol>"),
    "quote": ("<blockquote>", "</blockquote>"), "table": ("<table><tr><td>", "</td></tr></table>"),
    "unclosed-table": ("<table>", ""), "div": ("<div>", "</div>"), "cell-in-div": ("<div><table><tr><td>", "</div>"),
    "definition": ("<dl><dd>", "</dd></dl>"), "inline": ("<b><sup>", "</sup></b>"),
}
_BAD_URLS = ["http://[::1", "http://[::1/x.png", "https://h:99999/", "http://[v1.x]/", "http://h:port/a", "//[::1"]
_CONTROLS = ["\x0b", "\x0c", "\x01", "\x1f", "\ufffe", "\x0b\x0c"]


@settings(max_examples=12)
@given(kind=st.sampled_from(sorted(_NESTINGS)), depth=st.integers(1, 1_500), url=st.sampled_from(_BAD_URLS),
       control=st.sampled_from(_CONTROLS), pdf=st.booleans())
def test_deep_nesting_bad_addresses_and_controls_keep_their_text(kind: str, depth: int, url: str, control: str,
                                                               pdf: bool) -> None:
    import json
    import tempfile

    opening, closing = _NESTINGS[kind]
    prose = "".join(f"<p>Sentence {i} of the fuzzed article has enough plain words to be read.</p>" for i in range(4))
    html = (f'<!-- saved from url=(0011){url} --><html><head><title>Fuzz</title><base href="{url}"></head><body>'
            f"<nav>Menu{control}</nav>{control}<h1>Fuzzed headline</h1><article>{prose}"
            f'<p><a href="{url}">Linked words</a> <img src="{url}" alt="x"> <img srcset="{url} 2x"></p>'
            + opening * depth + "Deepword at the bottom" + closing * depth
            + "<p>Afterword paragraph.</p></article></body></html>")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(html, encoding="utf-8")
        written, _ = api.convert(page, ["json", "docx", "epub", *(["pdf"] if pdf else [])], Path(tmp) / "out")
        text = json.dumps(json.loads(written["json"].read_text(encoding="utf-8")))
        assert "Deepword" in text and "Afterword" in text and "Linked words" in text
