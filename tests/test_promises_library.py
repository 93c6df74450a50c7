"""Promises of docs/library.md that no subsystem's tests held: warnings are values the library never prints,
their printed form, and where convert() puts its outputs (docs/promises.md lists them all)."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import portal_page

import converter
from converter.diagnostics import Diagnostic

BODY = ("<p>" + "Lễ khai giảng năm học mới diễn ra trang trọng tại sân trường. " * 6 + "</p>"
        '<p><img src="bai_files/mat.jpg" alt="Ảnh đã mất"></p><p><em>Học sinh dự lễ khai giảng.</em></p>'
        "<p>" + "Thầy hiệu trưởng đọc thư chúc mừng của Chủ tịch nước gửi ngành giáo dục. " * 6 + "</p>")


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "bai.html"
    path.write_text(portal_page("Lễ khai giảng", BODY), encoding="utf-8")
    return path


def test_warnings_are_values_the_library_never_prints(page: Path, tmp_path: Path,
                                                      capfd: pytest.CaptureFixture[str]) -> None:
    result = converter.read(page)
    _, warnings = converter.convert(page, ["json", "epub"], tmp_path / "out")
    warnings += converter.write(result.article, tmp_path / "x.docx", "docx")
    assert {w.code for w in result.warnings} == {w.code for w in warnings} == {"missing-image"}
    assert all(isinstance(w, Diagnostic) for w in warnings)
    assert capfd.readouterr() == ("", "")  # neither stdout nor stderr, not even from a child library


def test_a_warning_prints_as_where_message_and_code() -> None:
    assert str(Diagnostic("missing-image", "image not found: a.jpg", "bai.html")) == \
        "bai.html: image not found: a.jpg [missing-image]"
    assert str(Diagnostic("unknown-paper", "using A4")) == "using A4 [unknown-paper]"


@pytest.mark.parametrize(("output", "expected"), [
    (None, "bai.json"),  # beside the page
    ("ra/", "ra/bai.json"),  # a trailing slash
    ("co-san", "co-san/bai.json"),  # an existing folder, even without a slash
    ("thu.muc/", "thu.muc/bai.json"),  # a folder whose name has a dot
    ("khong-duoi", "khong-duoi/bai.json"),  # a name without a suffix
    ("ten-khac.json", "ten-khac.json"),  # else that one file
])
def test_convert_writes_beside_the_page_into_a_folder_or_to_the_one_file_named(
        page: Path, output: str | None, expected: str) -> None:
    (page.parent / "co-san").mkdir()
    target = None if output is None else (str(page.parent / output) + ("/" if output.endswith("/") else ""))
    written, _ = converter.convert(page, ["json"], target)
    assert written == {"json": page.parent / expected}
    assert written["json"].is_file()


def test_the_documented_names_and_fields_are_the_library_s() -> None:
    """library.md's options table and field lists are the dataclasses' fields, no more and no fewer."""
    import dataclasses
    import re

    from converter import batch, jsonio, schema
    from converter.api import Result
    from converter.bulletin import build_bulletin, write_bulletin
    from converter.bulletin.config import load_config
    from converter.explain import explain
    from converter.options import ReadOptions, WriteOptions
    from converter.verify import verify

    doc = (Path(__file__).resolve().parent.parent / "docs" / "library.md").read_text(encoding="utf-8")
    write_table, read_table = doc.split("## Options", 1)[1].split("## ", 1)[0].split("`converter.options.ReadOptions`")
    documented = re.findall(r"^\| `(\w+)` \|", write_table, re.M)
    assert documented == [f.name for f in dataclasses.fields(WriteOptions)]
    assert re.findall(r"^\| `(\w+)` \|", read_table, re.M) == [f.name for f in dataclasses.fields(ReadOptions)]
    assert WriteOptions.__dataclass_params__.frozen  # type: ignore[attr-defined]
    assert ReadOptions.__dataclass_params__.frozen  # type: ignore[attr-defined]
    batch_sentence = doc.split("`BatchOptions` (`converter.batch`) holds", 1)[1].split("as the command", 1)[0]
    assert re.findall(r"`(\w+)`", batch_sentence) == [f.name for f in dataclasses.fields(batch.BatchOptions)]
    assert [f.name for f in dataclasses.fields(Result)] == ["article", "warnings"]
    assert [f.name for f in dataclasses.fields(Diagnostic)] == ["code", "message", "where"]
    assert converter.walk.__name__ == "converter.walk"  # walk an article with it
    for fn in (converter.read, converter.write, converter.convert, jsonio.dumps, jsonio.loads,
               schema.article_schema, explain, verify, batch.run, build_bulletin, write_bulletin, load_config):
        assert callable(fn)
    assert {"rows", "summary", "failures", "write"} <= set(dir(batch.Report))
