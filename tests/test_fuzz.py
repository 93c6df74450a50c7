"""Never crash on junk: mutated saved pages give a document or a PortalconvError, nothing else.

Bounded by the "ci" Hypothesis profile (tests/conftest.py); run ``HYPOTHESIS_PROFILE=long`` for soak runs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given
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
