"""Normalisation passes: white space, NFC, empty blocks, heading levels."""

from __future__ import annotations

import unicodedata

from converter import model as m
from converter.normalise import normalise


def test_white_space_collapses_across_inline_boundaries_and_edges_are_trimmed() -> None:
    p = m.Paragraph((m.Text("  a \n b "), m.Strong((m.Text(" c "),)), m.Text("  d  ")))
    (out,) = normalise(m.article("T", p)).blocks
    assert out == m.Paragraph((m.Text("a b "), m.Strong((m.Text("c "),)), m.Text("d")))


def test_decomposed_vietnamese_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Phước Nưng")
    out = normalise(m.article(nfd, m.para(nfd)))
    assert out.metadata.title == "Phước Nưng"
    assert out.blocks == (m.para("Phước Nưng"),)


def test_empty_paragraphs_lists_and_formatting_are_dropped() -> None:
    art = m.article("T", m.para("   "), m.Paragraph((m.Strong((m.Text(" "),)),)),
                    m.ListBlock(False, (m.ListItem((m.para(""),)),)), m.para("giữ"))
    assert normalise(art).blocks == (m.para("giữ"),)


def test_headings_shift_so_the_highest_is_level_one() -> None:
    art = m.article("T", m.heading(3, "a"), m.heading(4, "b"))
    assert [b.level for b in normalise(art).blocks] == [1, 2]  # type: ignore[union-attr]


def test_a_single_no_break_space_between_words_is_kept() -> None:
    (out,) = normalise(m.article("T", m.para("50\u00a0000 người"))).blocks
    assert out == m.para("50\u00a0000 người")
