"""A dateline paragraph ("Seoul - …") is the lead only when the page states no lead of its own."""

from __future__ import annotations

from pathlib import Path

from converter import read
from converter.walk import block_text, iter_blocks

DATELINE = "<strong>Seoul</strong> - The association lowered its outlook for the whole industry this year."
REST = "<p>The second paragraph carries on with the details that follow from the outlook, region by region.</p>"


def publishing(summary: str, body: str) -> str:
    """A publishing page with a "Summary" field zone (the explicit lead) and the "Page Content" zone."""
    return f"""<html lang="en"><head><title>Outlook lowered</title></head><body><div id="DeltaPlaceHolderMain">
<h1 id="pageTitle">Outlook lowered</h1>
<div id="lbl1" style="display:none">Summary</div>
<div id="ctl00_PlaceHolderMain_Summary__ControlWrapper_RichHtmlField" class="ms-rtestate-field"
 aria-labelledby="lbl1">{summary}</div>
<div id="lbl2" style="display:none">Page Content</div>
<div id="ctl00_PlaceHolderMain_Content__ControlWrapper_RichHtmlField" class="ms-rtestate-field"
 aria-labelledby="lbl2">{body}</div></div></body></html>"""


def convert(tmp_path: Path, html: str) -> tuple[str, str]:
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    art = read(path).article
    return art.metadata.lead, " ".join(block_text(b) for b in iter_blocks(art.blocks))


def test_without_a_stated_lead_the_dateline_paragraph_is_the_lead(tmp_path: Path) -> None:
    lead, body = convert(tmp_path, publishing("", f"<p>{DATELINE}</p>{REST}"))
    assert lead.startswith("Seoul - The association lowered")
    assert "Seoul -" not in body


def test_with_a_stated_lead_the_dateline_paragraph_stays_in_the_body(tmp_path: Path) -> None:
    lead, body = convert(tmp_path, publishing("<p>Airlines will earn less this year.</p>",
                                              f"<p>{DATELINE}</p>{REST}"))
    assert lead == "Airlines will earn less this year."
    assert "Seoul - The association lowered its outlook" in body  # not lost


def test_a_dateline_paragraph_repeating_the_stated_lead_is_said_once(tmp_path: Path) -> None:
    repeat = "Seoul - The association lowered its outlook for the whole industry this year."
    lead, body = convert(tmp_path, publishing(f"<p>{repeat}</p>", f"<p>{DATELINE}</p>{REST}"))
    assert lead == repeat
    assert "Seoul -" not in body
