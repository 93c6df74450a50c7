"""Promises of the command line that no subsystem's tests held: exit codes 1 and 6, the warning line, -q,
--paper Letter, and the defaults the library shares with the command (docs/promises.md lists them all)."""

from __future__ import annotations

import builtins
import re
from pathlib import Path
from typing import Any

import pytest
from factories import portal_page
from typer.testing import CliRunner

from converter import api
from converter.cli import app
from converter.errors import (
    DependencyError,
    InputError,
    NoArticleError,
    OutputError,
    PagesFailedError,
    PageTimeoutError,
    PortalconvError,
    SchedulerError,
    StrictError,
    VerificationError,
)
from converter.options import ReadOptions, WriteOptions
from converter.writers import REGISTRY, WriterSpec

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

BODY = ("<p>" + "Hội chợ hàng Việt mở cửa đón khách từ sáng thứ bảy với nhiều gian hàng. " * 6 + "</p>"
        '<p><img src="bai_files/mat.jpg" alt="Ảnh đã mất"></p><p><em>Khách tham quan gian hàng.</em></p>'
        "<p>" + "Ban tổ chức cho biết hội chợ kéo dài đến hết tuần sau. " * 6 + "</p>")


@pytest.fixture
def page(tmp_path: Path) -> Path:
    """An article whose photo was not saved: it converts with one missing-image warning."""
    path = tmp_path / "bai.html"
    path.write_text(portal_page("Hội chợ hàng Việt", BODY), encoding="utf-8")
    return path


def test_an_unexpected_error_exits_1_with_its_traceback(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Exit 1 is a bug: the exception is not turned into a tidy line that would hide where it came from."""
    def broken(*args: object) -> list[object]:
        raise RuntimeError("a bug in a writer")

    monkeypatch.setitem(REGISTRY, "json", WriterSpec("json", ".json"))
    monkeypatch.setattr(WriterSpec, "load", lambda self: broken)
    result = runner.invoke(app, [str(page), "--to", "json"])
    assert result.exit_code == 1
    assert isinstance(result.exception, RuntimeError) and result.exc_info is not None


def _without_pango(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)


def test_without_pango_pdf_exits_6_saying_so_and_the_other_formats_still_work(
        page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _without_pango(monkeypatch)
    result = runner.invoke(app, [str(page), "--to", "pdf", "-o", str(tmp_path / "bai.pdf")])
    assert result.exit_code == 6, result.output
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and "Pango" in errors[0]
    assert not (tmp_path / "bai.pdf").exists()
    out = tmp_path / "out"
    result = runner.invoke(app, [str(page), "--to", "docx,epub,json", "-o", f"{out}/"])
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".epub", ".json"]


def test_a_warning_is_one_stderr_line_naming_the_file_the_problem_and_its_code(page: Path) -> None:
    result = runner.invoke(app, [str(page), "--to", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [f"warning: {page}: image not found: bai_files/mat.jpg [missing-image]"]
    assert result.stdout.splitlines() == [str(page.with_suffix(".json"))]


def test_quiet_prints_nothing_but_errors(page: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, [str(page), "--to", "json", "-q"])
    assert result.exit_code == 0 and page.with_suffix(".json").is_file()
    assert (result.stdout, result.stderr) == ("", "")  # neither the written path nor the warning
    missing = tmp_path / "khong-co.html"
    result = runner.invoke(app, [str(missing), "--to", "json", "-q"])
    assert result.exit_code == 3 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and str(missing) in result.stderr
    # Under --strict the warnings are the error's reasons, so they are shown even with -q.
    result = runner.invoke(app, [str(page), "--to", "json", "-q", "--strict"])
    assert result.exit_code == 7 and "[missing-image]" in result.stderr


def test_the_paper_option_sets_the_pdf_and_docx_page_size(page: Path, tmp_path: Path) -> None:
    import docx
    import pikepdf

    sizes = {}
    for paper in ("A4", "A5", "Letter"):
        out = tmp_path / paper
        result = runner.invoke(app, [str(page), "--to", "pdf,docx", "--paper", paper, "-o", f"{out}/", "-q"])
        assert result.exit_code == 0, result.output
        with pikepdf.open(out / "bai.pdf") as pdf:
            pdf_size = tuple(round(float(v)) for v in pdf.pages[0].MediaBox[2:])
        section = docx.Document(str(out / "bai.docx")).sections[0]
        assert section.page_width is not None and section.page_height is not None
        docx_size = (round(section.page_width.pt), round(section.page_height.pt))
        assert pdf_size == docx_size, paper
        sizes[paper] = pdf_size
    assert sizes == {"A4": (595, 842), "A5": (420, 595), "Letter": (612, 792)}  # in points


def test_a_paper_size_not_offered_is_a_usage_error(page: Path) -> None:
    assert runner.invoke(app, [str(page), "--to", "pdf", "--paper", "A3"]).exit_code == 2


def test_the_command_s_defaults_are_the_library_s(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """library.md: every WriteOptions field has the command's default, so a call without options is the command."""
    seen: list[tuple[list[str], str | None, WriteOptions, ReadOptions]] = []

    def spy(source: Path, formats: list[str], output: str | None, options: WriteOptions,
            reading: ReadOptions) -> tuple[dict[str, Path], list[object]]:
        seen.append((formats, output, options, reading))
        return {}, []

    monkeypatch.setattr(api, "convert", spy)
    assert runner.invoke(app, [str(page)]).exit_code == 0
    # PDF, beside the page, every option at its default
    assert seen == [(["pdf"], None, WriteOptions(), ReadOptions())]


def _exit_code_table(doc: Path) -> dict[int, str]:
    rows = re.findall(r"^\| (\d+) \| (.+) \|$", doc.read_text(encoding="utf-8"), re.M)
    return {int(code): meaning for code, meaning in rows}


def test_the_error_classes_carry_the_documented_exit_codes() -> None:
    expected = {InputError: 3, NoArticleError: 4, OutputError: 5, DependencyError: 6, StrictError: 7,
                PagesFailedError: 8, VerificationError: 9, SchedulerError: 10, PageTimeoutError: 11}
    assert {cls: cls.exit_code for cls in expected} == expected
    assert all(issubclass(cls, PortalconvError) for cls in expected)
    table = _exit_code_table(ROOT / "docs" / "cli.md")
    assert sorted(table) == list(range(12))
    assert _exit_code_table(ROOT / "README.md") == table  # the front page repeats the same table


def test_convert_with_verify_exits_9_naming_what_its_output_lost(page: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer that loses the last paragraph: --verify reads the DOCX back and catches it."""
    import dataclasses

    real = REGISTRY["docx"].load()

    def lossy(article: Any, options: WriteOptions) -> Any:
        return real(dataclasses.replace(article, blocks=article.blocks[:-1]), options)

    monkeypatch.setitem(REGISTRY, "docx", WriterSpec("docx", ".docx"))
    monkeypatch.setattr(WriterSpec, "load", lambda self: lossy)
    result = runner.invoke(app, [str(page), "--to", "docx", "-o", str(tmp_path / "bai.docx"), "--verify"])
    assert result.exit_code == 9, result.output
    assert "INCOMPLETE" in result.stdout and "Ban tổ chức cho biết" in result.stdout


def test_verify_quiet_prints_only_what_is_missing(page: Path, tmp_path: Path) -> None:
    import dataclasses

    article = api.read(page).article
    whole, lossy = tmp_path / "du.docx", tmp_path / "thieu.docx"
    api.write(article, whole, "docx")
    api.write(dataclasses.replace(article, blocks=article.blocks[:-1]), lossy, "docx")
    shown = runner.invoke(app, ["verify", str(page), str(whole)])
    assert shown.exit_code == 0 and len(shown.stdout.splitlines()) > 3  # the table
    quiet = runner.invoke(app, ["verify", str(page), str(whole), "-q"])
    assert (quiet.exit_code, quiet.stdout) == (0, "")
    quiet = runner.invoke(app, ["verify", str(page), str(whole), str(lossy), "-q"])
    assert quiet.exit_code == 9
    lines = quiet.stdout.splitlines()
    assert lines[0].startswith(f"{lossy}: INCOMPLETE") and len(lines) > 1
    assert all(line.startswith("  missing ") for line in lines[1:]) and "Ban tổ chức cho biết" in quiet.stdout
