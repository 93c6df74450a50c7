"""Which opening paragraph is the lead, and what may stand before it."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_extract_snippets import page

from converter import read
from converter.walk import block_text, iter_blocks

DATELINE = "<p><strong>Seoul</strong> - The association lowered its outlook for the whole industry this year.</p>"
BODY = "<p>The second paragraph carries on with the details that follow from the outlook.</p>"


def _body(path: Path) -> str:
    return " ".join(block_text(b) for b in iter_blocks(read(path).article.blocks))


def test_a_bold_dateline_opening_the_text_is_the_lead(tmp_path: Path) -> None:
    result = read(page(tmp_path, DATELINE + BODY))
    assert result.article.metadata.lead.startswith("Seoul - The association lowered")
    assert "Seoul -" not in _body(page(tmp_path, DATELINE + BODY))  # said once, as the lead


def test_a_line_of_links_before_the_dateline_does_not_hide_the_lead(tmp_path: Path) -> None:
    links = ('<p><strong>Translations</strong>: '
             '<a href="https://www.example.org/pt.pdf">Desaceleração da demanda</a> | '
             '<a href="https://www.example.org/es.pdf">Desaceleración de la demanda</a></p>')
    path = page(tmp_path, links + DATELINE + BODY)
    assert read(path).article.metadata.lead.startswith("Seoul - ")
    assert "Desaceleração da demanda" in _body(path)  # the links stay in the body


def test_an_ordinary_first_paragraph_is_not_a_lead(tmp_path: Path) -> None:
    plain = "<p>Seoul is where the association met this year, with many airlines present - and more.</p>"
    assert read(page(tmp_path, plain + BODY)).article.metadata.lead == ""


def test_prose_with_a_link_is_not_a_line_of_links(tmp_path: Path) -> None:
    prose = ('<p>The full report, published on <a href="r.pdf">the association website</a> this morning, '
             'explains every figure of the outlook in detail for members and the press.</p>')
    assert read(page(tmp_path, prose + DATELINE + BODY)).article.metadata.lead == ""


def test_only_the_first_of_several_br_separated_paragraphs_is_the_lead(tmp_path: Path) -> None:
    first = DATELINE[:-4]  # without </p>
    path = page(tmp_path, first + "<br>\n<br>The outlook was cut by a fifth.<br><br>Costs rise.</p>" + BODY)
    art = read(path).article
    assert art.metadata.lead == "Seoul - The association lowered its outlook for the whole industry this year."
    body = _body(path)
    assert body.startswith("The outlook was cut by a fifth.") and "Costs rise." in body


@pytest.mark.parametrize("opening", ["GENEVA – The association lowered its outlook for the whole industry.",
                                     "HÀ NỘI - Sáng nay, hội nghị tổng kết công tác năm đã khai mạc tại thủ đô."])
def test_a_dateline_in_capitals_is_the_lead_without_bold(tmp_path: Path, opening: str) -> None:
    assert read(page(tmp_path, f"<p>{opening}</p>" + BODY)).article.metadata.lead == opening


@pytest.mark.parametrize("opening", ["COVID-19 - the figures of the week are lower than before.",
                                     "Geneva – the association lowered its outlook for the industry."])
def test_a_capitalised_word_or_a_plain_place_is_not_a_dateline(tmp_path: Path, opening: str) -> None:
    assert read(page(tmp_path, f"<p>{opening}</p>" + BODY)).article.metadata.lead == ""
