"""Reading options apart from writing options (pandoc's ReaderOptions / WriterOptions), and closed
sets (paper, PDF standard) checked once, when the options are made: one clear error for every
format, where DOCX used to fall back to A4 silently and PDF warned."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest
from factories import portal_page
from typer.testing import CliRunner

from converter import api
from converter.batch import manifest
from converter.cli import app
from converter.errors import UsageError
from converter.options import PAPERS, PDF_STANDARDS, ReadOptions, WriteOptions

runner = CliRunner()


def test_reading_and_writing_options_are_apart() -> None:
    read = {f.name for f in dataclasses.fields(ReadOptions)}
    write = {f.name for f in dataclasses.fields(WriteOptions)}
    assert read == {"whole_page", "fetch_remote", "root"}
    assert not read & write and {"paper", "css", "pdf_standard"} <= write


@pytest.mark.parametrize("paper", ["B5", "", "A44", "legal"])
def test_an_unknown_paper_is_one_usage_error_whatever_the_format(paper: str) -> None:
    with pytest.raises(UsageError, match=r"^unknown paper size .*; choose A4, A5 or Letter$") as caught:
        WriteOptions(paper=paper)  # type: ignore[arg-type]
    assert caught.value.exit_code == 2 and "\n" not in str(caught.value)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_command_refuses_an_unknown_paper_for_every_format_and_writes_nothing(fmt: str, tmp_path: Path) -> None:
    page = tmp_path / "bai.html"
    page.write_text(portal_page("Khổ giấy", "Một bài viết để thử khổ giấy lạ."), encoding="utf-8")
    result = runner.invoke(app, [str(page), "--to", fmt, "--paper", "B5"])
    assert result.exit_code == 2 and "'B5' is not one of 'a4', 'a5', 'letter'" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bai.html"]


def test_paper_and_standard_names_are_normalised_once() -> None:
    assert WriteOptions(paper="letter").paper == "Letter"  # type: ignore[arg-type]
    assert WriteOptions(paper=" a5 ").paper == "A5"  # type: ignore[arg-type]
    assert WriteOptions(pdf_standard="PDF/A-3U").pdf_standard == "pdf/a-3u"  # type: ignore[arg-type]
    assert PAPERS == ("A4", "A5", "Letter") and PDF_STANDARDS == ("pdf/a-3u", "pdf/ua-1")


def test_an_unknown_pdf_standard_or_a_tiny_resolution_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown PDF standard 'pdf/x-4'; choose pdf/a-3u or pdf/ua-1"):
        WriteOptions(pdf_standard="pdf/x-4")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="at least 72 dpi"):
        WriteOptions(image_dpi=10)


def test_read_takes_reading_options_or_the_older_keywords(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    items = "".join(f"<li><a href='t{i}.html'>Tin số {i} của chuyên mục thời sự hôm nay</a></li>" for i in range(30))
    page = site / "danh-sach.html"
    page.write_text(f"<html><body><div id='main'><h1>Danh sách tin</h1><ul>{items}</ul></div></body></html>",
                    encoding="utf-8")
    by_options = api.read(page, ReadOptions(whole_page=True)).article
    by_keyword = api.read(page, whole_page=True).article
    assert by_options == by_keyword and by_options.blocks
    targets, _ = api.convert(page, ["json"], tmp_path / "out.json", reading=ReadOptions(whole_page=True))
    assert "Tin số 29" in targets["json"].read_text(encoding="utf-8")


def test_the_batch_options_hash_is_the_one_of_the_combined_options_it_replaces() -> None:
    # The hash a manifest written before the split holds for default options: reruns stay up to date.
    old = ["paper='A4'", "css=None", "cover=True", "reference_docx=None", "image_dpi=None", "screen=False",
           "pdf_standard=None", "source=None", "whole_page=False", "fetch_remote=False", "root=None"]
    assert manifest.options_hash(WriteOptions(), ReadOptions()) == hashlib.sha256("\n".join(old).encode()).hexdigest()
    base = manifest.options_hash(WriteOptions(), ReadOptions())
    for name in ("whole_page", "fetch_remote"):
        assert manifest.options_hash(WriteOptions(), ReadOptions(**{name: True})) != base, name
