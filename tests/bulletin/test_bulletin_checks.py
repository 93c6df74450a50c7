"""Bulletin inputs that are wrong or damaged: TOML value types, the PDF standard, files the TOML names,
broken pages among good ones, and warnings that name each file once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bulletin_support import SAMPLES
from typer.testing import CliRunner

from converter.bulletin.assemble import read_articles
from converter.bulletin.config import load_config, options_from
from converter.cli import app
from converter.errors import InputError, NoArticleError

GOOD = SAMPLES / "sp2013-list-item-nobody.html"  # an article, no resource folder, no warnings
LISTING = "<html><body><div id='s4-ribbonrow'>menu</div></body></html>"


def toml(tmp_path: Path, text: str) -> Path:
    config = tmp_path / "bulletin.toml"
    config.write_text(text, encoding="utf-8")
    return config


def bulletin(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["bulletin", *args])
    return result.exit_code, result.output


# --------------------------------------------------------------------------- TOML value types


@pytest.mark.parametrize(("text", "key", "expected"), [
    ('duplex = "false"\n', "duplex", "a boolean"),
    ("duplex = 0\n", "duplex", "a boolean"),
    ("title = {a = 1}\n", "title", "a string"),
    ('note = ["a", "b"]\n', "note", "a string"),
    ("subtitle = 3\n", "subtitle", "a string"),
    ("publisher = true\n", "publisher", "a string"),
    ("issue = true\n", "issue", "a string or a number"),
    ("language = 1\n", "language", "a string"),
    ("date = 20240315\n", "date", "a date"),
    ("logo = 3\n", "logo", "a file name"),
    ("order = 1\n", "order", "a string"),
    ("group_by = false\n", "group_by", "a string"),
    ("paper = 4\n", "paper", "a string"),
    ("bleed = 3\n", "bleed", "a string"),
    ("marks = [1]\n", "marks", "a string or an array of strings"),
    ("pdf_standard = 4\n", "pdf_standard", "a string"),
    ("css = 1\n", "css", "a file name"),
])
def test_a_toml_value_of_the_wrong_type_is_an_input_error_naming_file_key_and_type(
        tmp_path: Path, text: str, key: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        load_config(toml(tmp_path, text))
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'bulletin.toml'}: {key} must be {expected}"), message
    assert ", not " in message


def test_toml_booleans_and_numbers_of_the_right_type_are_taken() -> None:
    assert options_from({"duplex": False}).duplex is False
    assert options_from({"duplex": True}).duplex is True


def test_a_number_is_still_an_issue(tmp_path: Path) -> None:
    front, _ = load_config(toml(tmp_path, "issue = 12\n"))
    assert front.issue == "12"


def test_a_quoted_boolean_in_the_toml_fails_the_command_with_exit_3(tmp_path: Path) -> None:
    out = tmp_path / "b.epub"
    code, output = bulletin(str(GOOD), "-o", str(out), "--config", str(toml(tmp_path, 'duplex = "false"\n')))
    assert code == 3, output
    assert "bulletin.toml: duplex must be a boolean" in output
    assert not out.exists()


# --------------------------------------------------------------------------- PDF standard


def test_an_unknown_pdf_standard_on_the_command_line_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "b.pdf"
    code, output = bulletin(str(GOOD), "-o", str(out), "--pdf-standard", "foo")
    assert code == 2, output
    assert "'foo'" in output and "pdf/x-4" in output
    assert not out.exists()


def test_an_unknown_pdf_standard_in_the_toml_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"bulletin\.toml: pdf_standard = 'foo': choose "):
        load_config(toml(tmp_path, 'pdf_standard = "foo"\n'))
    code, output = bulletin(str(GOOD), "-o", str(tmp_path / "b.epub"), "--config", str(tmp_path / "bulletin.toml"))
    assert code == 3, output


def test_known_pdf_standards_are_normalised_when_read() -> None:
    assert options_from({"pdf_standard": " PDF/X-4 "}).pdf_standard == "pdf/x-4"
    assert options_from({"pdf_standard": "pdf/a-3u"}).pdf_standard == "pdf/a-3u"
    with pytest.raises(InputError):
        options_from({"pdf_standard": "pdf/x-9"})


# --------------------------------------------------------------------------- files the TOML names


def test_a_missing_css_named_in_the_toml_points_at_the_toml_key(tmp_path: Path) -> None:
    config = toml(tmp_path, 'css = "nope.css"\n')
    with pytest.raises(InputError) as caught:
        load_config(config)
    assert str(caught.value).startswith(f"{config}: css: {tmp_path / 'nope.css'}: cannot read the stylesheet")
    assert caught.value.hint.startswith("check css in bulletin.toml")
    code, output = bulletin(str(GOOD), "-o", str(tmp_path / "b.epub"), "--config", str(config))
    assert code == 3, output
    assert "check css in bulletin.toml" in output and "--css" not in output


def test_a_bad_icc_profile_named_in_the_toml_points_at_the_toml_key(tmp_path: Path) -> None:
    (tmp_path / "cmyk.icc").write_bytes(b"not a profile")
    with pytest.raises(InputError) as caught:
        load_config(toml(tmp_path, 'icc_profile = "cmyk.icc"\n'))
    assert "icc_profile" in str(caught.value)
    assert caught.value.hint.startswith("check icc_profile in bulletin.toml")


def test_a_css_beside_the_toml_is_found_and_read(tmp_path: Path) -> None:
    (tmp_path / "extra.css").write_text("h1 { color: red }", encoding="utf-8")
    _, options = load_config(toml(tmp_path, 'css = "extra.css"\n'))
    assert options.css == tmp_path / "extra.css"


# --------------------------------------------------------------------------- damaged pages


@pytest.fixture
def week(tmp_path: Path) -> Path:
    """A folder of inputs: one good article, a listing, a binary file and an empty one, all .html."""
    folder = tmp_path / "week"
    folder.mkdir()
    shutil.copy(GOOD, folder / "01-good.html")
    (folder / "02-listing.html").write_text(LISTING, encoding="utf-8")
    (folder / "03-binary.html").write_bytes(bytes(range(256)) * 8)
    (folder / "04-empty.html").write_bytes(b"")
    return folder


def warning_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("warning:")]


def test_broken_pages_in_a_folder_are_left_out_with_a_warning_naming_each_once(week: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.epub"
    code, output = bulletin(str(week), "-o", str(out))
    assert code == 0, output
    assert out.is_file()
    lines = warning_lines(output)
    assert lines == [
        f"warning: {week / '02-listing.html'}: left out of the bulletin: no article found (the page holds no text) "
        "[not-an-article]",
        f"warning: {week / '03-binary.html'}: left out of the bulletin: not an HTML page (binary data) "
        "[unreadable-page]",
        f"warning: {week / '04-empty.html'}: left out of the bulletin: the file is empty [unreadable-page]",
    ]


def test_broken_pages_under_strict_exit_7_like_any_warning(week: Path, tmp_path: Path) -> None:
    code, output = bulletin(str(week), "-o", str(tmp_path / "b.epub"), "--strict")
    assert code == 7, output


def test_a_broken_page_named_on_the_command_line_is_left_out_too(week: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.epub"
    code, output = bulletin(str(week / "03-binary.html"), str(GOOD), "-o", str(out))
    assert code == 0, output
    assert out.is_file()
    assert warning_lines(output) == [f"warning: {week / '03-binary.html'}: left out of the bulletin: "
                                     "not an HTML page (binary data) [unreadable-page]"]


def test_a_single_broken_page_fails_with_its_own_error(week: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.epub"
    code, output = bulletin(str(week / "04-empty.html"), "-o", str(out))
    assert code == 3, output
    assert f"error: {week / '04-empty.html'}: the file is empty" in output
    assert not out.exists()


def test_no_usable_page_among_several_is_exit_3_when_one_was_unreadable(week: Path, tmp_path: Path) -> None:
    (week / "01-good.html").unlink()
    out = tmp_path / "b.epub"
    code, output = bulletin(str(week), "-o", str(out))
    assert code == 3, output
    assert "none of the 3 pages holds a usable article: 1 without an article, 2 unreadable" in output
    assert not out.exists()


def test_no_article_among_several_readable_pages_is_still_exit_4(tmp_path: Path) -> None:
    for name in ("a.html", "b.html"):
        (tmp_path / name).write_text(LISTING, encoding="utf-8")
    with pytest.raises(NoArticleError, match="none of the 2 pages holds an article"):
        read_articles([tmp_path / "a.html", tmp_path / "b.html"])
