"""The command line: formats, output paths, messages and exit codes; plus the installed command."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from factories import portal_page
from typer.testing import CliRunner

from converter import __version__, api
from converter.cli import app
from converter.errors import OutputError
from converter.writers import REGISTRY, WriterSpec

runner = CliRunner()

PAGE = portal_page("Tiêu đề dòng lệnh", "Nội dung thử nghiệm của dòng lệnh.")


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "bai.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_help_and_version_work() -> None:
    assert runner.invoke(app, ["--help"]).exit_code == 0
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"portalconv {__version__}"
    for args in (["-h"], ["convert", "-h"], ["verify", "-h"], ["bulletin", "-h"]):
        shown = runner.invoke(app, args)
        assert shown.exit_code == 0 and shown.output.startswith("Usage: "), args
    assert "SRC..." in runner.invoke(app, ["convert", "--help"]).output  # several sources are accepted


def test_json_is_written_beside_the_page_by_default(page: Path) -> None:
    result = runner.invoke(app, [str(page), "--to", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    assert doc["article"]["metadata"]["title"] == "Tiêu đề dòng lệnh"


def test_repeated_and_comma_separated_formats_go_into_the_output_folder(page: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, [str(page), "--to", "json,docx", "--to", "epub", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["bai.docx", "bai.epub", "bai.json"]


def test_o_names_the_file_when_there_is_one_format(page: Path, tmp_path: Path) -> None:
    target = tmp_path / "ket-qua.json"
    assert runner.invoke(app, [str(page), "--to", "json", "-o", str(target)]).exit_code == 0
    assert target.is_file()


@pytest.mark.parametrize(("to", "name", "message"), [
    ("json", "ket-qua.docx", "is named as docx, but --to asks for json; name it ket-qua.json"),
    ("pdf,docx", "ket-qua.docx", "names one .docx file, but --to asks for pdf, docx; give a folder"),
])
def test_an_output_file_named_for_another_format_is_a_usage_error(page: Path, tmp_path: Path, to: str, name: str,
                                                                   message: str) -> None:
    result = runner.invoke(app, [str(page), "--to", to, "-o", str(tmp_path / name)])
    assert result.exit_code == 2 and message in " ".join(result.output.split())
    assert not (tmp_path / name).exists()


def test_no_format_at_all_is_a_usage_error(page: Path) -> None:
    result = runner.invoke(app, [str(page), "--to", " , "])
    assert result.exit_code == 2 and "name at least one format" in result.output
    assert sorted(p.name for p in page.parent.iterdir()) == [page.name]


def test_an_unknown_format_is_a_usage_error(page: Path) -> None:
    result = runner.invoke(app, [str(page), "--to", "odt"])
    assert result.exit_code == 2 and "odt" in result.output


def test_a_missing_page_exits_3_with_one_line_naming_it(tmp_path: Path) -> None:
    result = runner.invoke(app, [str(tmp_path / "khong-co.html"), "--to", "json"])
    assert result.exit_code == 3
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "khong-co.html" in lines[0] and "no such file" in lines[0]


def test_a_page_without_article_exits_4_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "home.html"
    path.write_text("<html><body><nav>Trang chủ</nav></body></html>", encoding="utf-8")
    result = runner.invoke(app, [str(path), "--to", "json"])
    assert result.exit_code == 4 and "no article" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home.html"]


def test_an_unwritable_output_exits_5(page: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = runner.invoke(app, [str(page), "--to", "json", "-o", str(blocker / "out.json")])
    assert result.exit_code == 5 and "cannot write" in result.output


def test_strict_turns_warnings_into_exit_7(tmp_path: Path) -> None:
    path = tmp_path / "bai.html"
    path.write_text(PAGE.replace("<p>Nội", '<p><img src="bai_files/mat.jpg"></p><p>Nội'), encoding="utf-8")
    result = runner.invoke(app, [str(path), "--to", "json", "--strict"])
    assert result.exit_code == 7 and "missing-image" in result.output


def test_a_failing_writer_leaves_the_existing_file_and_no_temporary_file(page: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "keep.json"
    target.write_text("old contents")

    def explode(article: object, options: object) -> object:
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(REGISTRY, "json", WriterSpec("json", ".json"))
    monkeypatch.setattr(WriterSpec, "load", lambda self: explode)
    with pytest.raises(OutputError, match="No space left"):
        api.write(api.read(page).article, target, "json")
    assert target.read_text() == "old contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bai.html", "keep.json"]


def test_help_does_not_import_the_pdf_engine() -> None:
    code = "import sys; from converter.cli import app; print('weasyprint' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_the_installed_command_runs(page: Path) -> None:
    exe = shutil.which("portalconv", path=str(Path(sys.executable).parent))
    assert exe is not None, "portalconv console script is not installed in this environment"
    proc = subprocess.run([exe, str(page), "--to", "json", "-q"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert page.with_suffix(".json").is_file() and proc.stdout == ""
    mod = subprocess.run([sys.executable, "-m", "converter", "--version"], capture_output=True, text=True)
    assert mod.stdout.strip() == f"portalconv {__version__}"


def test_o_with_a_trailing_slash_is_a_folder_even_with_a_dot_in_its_name(page: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, [str(page), "--to", "pdf", "-o", str(tmp_path / "ban-1.2") + "/"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ban-1.2" / "bai.pdf").is_file()
    # Without the slash, one format and a suffix: the file itself.
    assert runner.invoke(app, [str(page), "--to", "json", "-o", str(tmp_path / "ban.v2")]).exit_code == 0
    assert (tmp_path / "ban.v2").is_file()


def test_o_without_a_suffix_is_a_folder_even_for_one_format(page: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, [str(page), "--to", "json", "-o", str(tmp_path / "ra") + "/"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ra" / "bai.json").is_file()


def test_fetch_remote_reaches_the_loader_and_still_refuses_loopback(tmp_path: Path) -> None:
    path = tmp_path / "bai.html"
    path.write_text(PAGE.replace("<p>Nội", '<p><img src="http://127.0.0.1:9/a.jpg"></p><p>Nội'), encoding="utf-8")
    default = [w.message for w in api.read(path).warnings if w.code == "missing-image"]
    fetching = [w.message for w in api.read(path, fetch_remote=True).warnings if w.code == "missing-image"]
    assert len(default) == 1 and len(fetching) == 1
    assert default != fetching  # the second was refused by the fetcher, not skipped for being remote


def test_whole_page_converts_the_main_zone_of_a_page_that_is_not_an_article(tmp_path: Path) -> None:
    path = tmp_path / "home.html"
    items = "".join(f'<li><a href="https://x.example/{i}">Tin số {i} về hội nghị</a></li>' for i in range(12))
    path.write_text(f"<html><head><title>Trang chủ</title></head><body><div id='DeltaPlaceHolderMain'><ul>{items}</ul>"
                    "</div></body></html>",
                    encoding="utf-8")
    assert runner.invoke(app, [str(path), "--to", "json"]).exit_code == 4
    result = runner.invoke(app, [str(path), "--to", "json", "--whole-page"])
    assert result.exit_code == 0, result.output
    assert "Tin số 11 về hội nghị" in path.with_suffix(".json").read_text(encoding="utf-8")


def test_verify_reads_the_page_with_the_options_of_the_conversion(tmp_path: Path) -> None:
    path = tmp_path / "home.html"
    items = "".join(f'<li><a href="https://x.example/{i}">Tin số {i} về hội nghị</a></li>' for i in range(12))
    path.write_text(f"<html><head><title>Trang chủ</title></head><body><div id='DeltaPlaceHolderMain'>"
                    f"<ul>{items}</ul></div></body></html>",
                    encoding="utf-8")
    # Before, --verify re-read the page without --whole-page: "no article found", exit 4.
    converted = runner.invoke(app, [str(path), "--to", "docx", "--whole-page", "--verify"])
    assert converted.exit_code == 0, converted.output
    docx = str(path.with_suffix(".docx"))
    assert runner.invoke(app, ["verify", str(path), docx]).exit_code == 4
    checked = runner.invoke(app, ["verify", str(path), docx, "--whole-page"])
    assert checked.exit_code == 0 and "complete" in checked.output


def test_outputs_are_named_as_a_batch_names_them(tmp_path: Path) -> None:
    # A bare ".html" (a site's root saved without a slug) is index; "ban.tin.aspx" is ban.tin.
    for name, expected in ((".html", "index.json"), ("ban.tin.aspx", "ban.tin.json")):
        page = tmp_path / name
        page.write_text(PAGE, encoding="utf-8")
        assert runner.invoke(app, [str(page), "--to", "json"]).exit_code == 0
        assert (tmp_path / expected).is_file(), sorted(p.name for p in tmp_path.iterdir())
