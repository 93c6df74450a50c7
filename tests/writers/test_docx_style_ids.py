"""Style names are looked up once per document; the paragraphs get the same styles as before."""

from __future__ import annotations

import pytest

from converter.writers.docx.builder import DocumentBuilder


def test_remembered_style_ids_are_the_styles_python_docx_finds() -> None:
    document = DocumentBuilder(None, "vi").document
    first = document.add_paragraph(style="Heading 1")
    again = document.add_paragraph(style="Heading 1")
    quote = document.add_paragraph(style="Quote")
    assert first.style.name == again.style.name == "Heading 1"
    assert quote.style.name == "Quote"
    assert first._p.style == document.styles["Heading 1"].style_id


def test_an_unknown_style_name_still_raises_every_time() -> None:
    document = DocumentBuilder(None, "vi").document
    for _ in range(2):
        with pytest.raises(KeyError):
            document.add_paragraph(style="No Such Style")


def test_a_style_object_gets_its_own_id_and_the_default_style_none() -> None:
    document = DocumentBuilder(None, "vi").document
    quote, normal = document.styles["Quote"], document.styles["Normal"]
    for _ in range(2):
        assert document.add_paragraph(style=quote)._p.style == quote.style_id
        assert document.add_paragraph(style=normal)._p.style is None  # python-docx writes no pStyle for the default
    with pytest.raises(ValueError):
        document.add_paragraph(style=document.styles["Hyperlink"])  # a character style on a paragraph
