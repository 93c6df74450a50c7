"""`verify` checks an output against the page itself, not only against the model.

A model that flattened a paragraph away agrees with an output that lacks it: comparing the two
proves nothing about the page. So the article zone's own text is read again, apart from the
extractor, and a line in neither the model nor the output is "page text missing". Chrome inside
the zone and header lines read as metadata are not losses.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from converter import api
from converter.cli import app
from converter.extract.blocks import Converter
from converter.model import Paragraph
from converter.verify import read_for_verify, verify
from converter.walk import plain_text

runner = CliRunner()

LOST = "The committee flattened this whole paragraph away without a trace"

PAGE = f"""<html><head><title>Harbour news - Ferry timetable changes</title></head><body>
<div id="s4-workspace"><div class="ms-rtestate-field">
<h1>Ferry timetable changes for the winter season</h1>
<p>Published 14 March 2024</p>
<div style="display:none">Hidden editing instructions for the page author only</div>
<div class="ms-hide">Another hidden block of words nobody reads on the page</div>
<p>By Jane Harbourmaster</p>
<p>The harbour board announced on Thursday that the winter ferry timetable starts next month.</p>
<p>{LOST}, leaving the other sentences where they were.</p>
<div>Loose text straight in a division, beside a block: <p>a nested paragraph with its own words.</p>
  and the tail that follows the nested paragraph in the outer division.</div>
<ul><li>Morning crossings leave at seven and nine o'clock.</li><li>Evening crossings leave at six.</li></ul>
<table><tr><td>Route to the northern island</td><td>Four crossings a day</td></tr></table>
<p>First line of the notice<br><br>second line of the notice, joined by two breaks.</p>
</div></div></body></html>"""


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "ferry.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


@pytest.fixture
def lossy(monkeypatch: pytest.MonkeyPatch) -> None:
    """An extractor that silently loses one paragraph: the model, and so every output, lacks it."""
    original = Converter.blocks

    def blocks(self: Converter, el: object) -> list[object]:
        return [b for b in original(self, el)  # type: ignore[arg-type]
                if not (isinstance(b, Paragraph) and LOST in plain_text(b.children))]

    monkeypatch.setattr(Converter, "blocks", blocks)


def test_the_page_text_is_read_apart_from_the_model(page: Path) -> None:
    reading = read_for_verify(page)
    assert reading.page_text.checked >= 8
    assert reading.page_text.unaccounted == ()  # every line of the zone is in the model or was named
    assert reading.article == api.read(page).article  # the same article a conversion writes


@pytest.mark.parametrize("fmt", ["docx", "epub"])
def test_a_complete_output_of_a_faithful_model_verifies(page: Path, tmp_path: Path, fmt: str) -> None:
    reading = read_for_verify(page)
    out = tmp_path / f"ferry.{fmt}"
    api.write(reading.article, out, fmt)
    report = verify(reading.article, out, reading.page_text)
    assert report.complete, report.missing
    assert ("page text", reading.page_text.checked, reading.page_text.checked) in report.rows


@pytest.mark.parametrize("fmt", ["docx", "epub"])
def test_a_paragraph_the_model_lost_is_missing_from_the_page(page: Path, tmp_path: Path, fmt: str,
                                                             lossy: None) -> None:
    reading = read_for_verify(page)
    out = tmp_path / f"ferry.{fmt}"
    api.write(reading.article, out, fmt)
    # The model lacks it, the output lacks it: output against model alone agrees.
    assert verify(reading.article, out).complete
    report = verify(reading.article, out, reading.page_text)
    assert not report.complete
    assert len(report.missing) == 1 and report.missing[0].startswith(f"page text missing: {LOST}"), report.missing
    assert ("page text", reading.page_text.checked - 1, reading.page_text.checked) in report.rows


def test_cli_verify_names_the_lost_page_text(page: Path, tmp_path: Path, lossy: None) -> None:
    result = runner.invoke(app, [str(page), "--to", "docx", "-o", str(tmp_path / "out") + "/", "--verify"])
    assert result.exit_code == 9, result.output
    assert f"missing page text missing: {LOST}" in result.output


def test_cli_verify_passes_without_the_loss(page: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, [str(page), "--to", "docx,epub", "-o", str(tmp_path / "out") + "/", "--verify"])
    assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["verify", str(page), str(tmp_path / "out" / "ferry.docx")])
    assert shown.exit_code == 0, shown.output
    assert "page text" in shown.output


def test_text_only_in_the_output_is_not_a_loss(page: Path, tmp_path: Path, lossy: None) -> None:
    """Missing from both model and output is the rule: an output that shows the line holds it."""
    reading = read_for_verify(page)
    assert reading.page_text.missing_from(f"… {LOST.upper()}, leaving the other sentences where they were …") == []
    assert reading.page_text.missing_from("something else") != []


def test_a_related_list_cut_from_the_zone_is_named_not_lost(tmp_path: Path) -> None:
    """The related-news rule names the text it cuts (its list items, not the word "ListBlock"):
    neither the extraction's own loss check nor the page check reports those items."""
    related = "".join(f'<li><a href="/news/{i}.aspx">Other story number {i} about the island ferries</a> '
                      f"({10 + i}/03/2024)</li>" for i in range(3))
    page = tmp_path / "related.html"
    page.write_text(PAGE.replace("</div></div></body>", f"<h3>Related news</h3><ul>{related}</ul></div></div></body>"),
                    encoding="utf-8")
    result = api.read(page)
    assert "Other story number" not in str(result.article.blocks)  # the rule did cut it
    assert [w for w in result.warnings if w.code == "dropped-content"] == []
    assert read_for_verify(page).page_text.unaccounted == ()


def test_a_batch_with_verify_checks_the_page_too(page: Path, tmp_path: Path, lossy: None) -> None:
    """The batch worker reads the page for verification as the command does: a line the model lost
    fails the page, where comparing the output with the lossy model alone would pass it."""
    from converter.batch.worker import Job, run_job
    from converter.options import WriteOptions

    target = tmp_path / "out" / "ferry.docx"
    target.parent.mkdir()
    result = run_job(Job(0, str(page), {"docx": str(target)}, WriteOptions(), verify=True))
    res = result.formats["docx"]
    assert res.status == "failed" and res.verified is False
    assert any(LOST in m for m in res.missing), res.missing
    unverified = run_job(Job(1, str(page), {"docx": str(target)}, WriteOptions()))
    assert unverified.formats["docx"].status == "converted"  # without --verify nothing compares
