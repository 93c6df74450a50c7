"""Options whose values are a closed set are shown, checked and completed as choices."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import get_args, get_type_hints

import pytest
from typer.testing import CliRunner

from converter.cli import app

runner = CliRunner()


def _help(*args: str) -> str:
    result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    return result.output


def test_the_help_shows_the_choices() -> None:
    convert = _help("convert")
    assert "<a4|a5|letter>" in convert and "<pdf/a-3u|pdf/ua-1>" in convert and "<local|dask>" in convert
    assert "FORMAT[,FORMAT…]" in convert
    bulletin = _help("bulletin")
    for choices in ("<given|date|category>", "<category|none>", "<any|right>", "<a4|a5>",
                    "<pdf/a-3u|pdf/ua-1|pdf/x-1a|pdf/x-3|pdf/x-4|pdf/x-5g>"):
        assert choices in bulletin, choices


@pytest.mark.parametrize(("args", "option"), [
    (["--paper", "B5"], "--paper"), (["--pdf-standard", "pdf/a-1b"], "--pdf-standard"),
    (["--executor", "ray"], "--executor"),
])
def test_a_value_outside_the_choices_is_a_usage_error_before_any_work(tmp_path: Path, args: list[str],
                                                                      option: str) -> None:
    page = tmp_path / "bai.html"
    page.write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    result = runner.invoke(app, [str(page), *args])
    assert result.exit_code == 2
    assert f"Invalid value for '{option}'" in result.output and "is not one of" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bai.html"]


def test_choices_take_any_case(tmp_path: Path) -> None:
    from converter import api

    seen = []
    original = api.convert
    try:
        api.convert = lambda *a, **k: seen.append(a) or ({}, [])  # type: ignore[assignment]
        result = runner.invoke(app, [str(tmp_path / "bai.html"), "--paper", "letter", "--pdf-standard", "PDF/UA-1"])
    finally:
        api.convert = original  # type: ignore[assignment]
    assert result.exit_code == 0, result.output
    options = seen[0][3]
    assert (options.paper, options.pdf_standard) == ("Letter", "pdf/ua-1")


def test_the_bulletin_choices_are_the_ones_its_configuration_accepts() -> None:
    from converter.bulletin import command, config
    from converter.options import PDF_STANDARDS

    hints = get_type_hints(command.bulletin_command, include_extras=True)

    def choices(name: str) -> tuple[str, ...]:
        literal = get_args(get_args(hints[name])[0])[0]  # Annotated[Literal[...] | None, ...]
        return get_args(literal)

    assert choices("order") == config.ORDERS
    assert choices("start_on") == config.START_ON
    assert choices("paper") == config.PAPERS
    assert choices("group_by") == (*config.GROUPS, "none")
    assert choices("pdf_standard") == (*PDF_STANDARDS, *config.PDF_X_VARIANTS)


def _complete(words: str) -> list[str]:
    env = {**os.environ, "_PORTALCONV_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
    proc = subprocess.run([sys.executable, "-c", "import sys; sys.argv = ['portalconv']; "
                           "from converter.cli import main; main()"], env=env, capture_output=True, text=True,
                          timeout=120)
    return proc.stdout.split()


def test_the_shell_completes_formats_papers_and_marks() -> None:
    assert _complete("portalconv convert --to pdf,d") == ["pdf,docx"]
    assert _complete("portalconv convert --to e") == ["epub"]
    assert _complete("portalconv convert --paper ") == ["A4", "A5", "Letter"]
    assert _complete("portalconv bulletin --marks crop,c") == ["crop,cross"]


def test_completion_can_be_shown_and_installed() -> None:
    result = runner.invoke(app, ["--help"])
    assert "--install-completion" in result.output and "--show-completion" in result.output
    shown = runner.invoke(app, ["--show-completion", "bash"], prog_name="portalconv")
    assert shown.exit_code == 0 and "_PORTALCONV_COMPLETE" in shown.output
