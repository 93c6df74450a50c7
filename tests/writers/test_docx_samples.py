"""Each sample's DOCX read back: python-docx finds every paragraph, caption, list item and table cell of
the model, and LibreOffice (when installed) lays it out as a PDF holding all that text."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from converter import api
from converter import model as m
from converter.render.meta import shown_lead
from converter.walk import iter_blocks, plain_text

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.html"))
IDS = [p.stem for p in SAMPLES]
SOFFICE_TIMEOUT = 240  # seconds for all samples; a cold LibreOffice profile takes a while to start
_FOOTER = re.compile(r"^\s*(Trang \d+ / \d+|Page \d+ of \d+)\s*$", re.MULTILINE)


def squash(s: str) -> str:
    """Text as compared: NFKC (PDF ligatures), NFC (Vietnamese), one space for any run of whitespace."""
    return " ".join(unicodedata.normalize("NFC", unicodedata.normalize("NFKC", s)).split())


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[m.Article, Path]]:
    out = tmp_path_factory.mktemp("docx-samples")
    made = {}
    for page in SAMPLES:
        article = api.read(page).article
        target = out / f"{page.stem}.docx"
        api.write(article, target, "docx")
        made[page.stem] = (article, target)
    return made


def body_paragraphs(document: Document) -> list[DocxParagraph]:
    return [DocxParagraph(p, document._body) for p in document.element.body.iterfind(qn("w:p"))]


def cell_texts(document: Document) -> list[str]:
    return [squash(c.text) for t in document.tables for row in t.rows for c in row.cells]


def style_name(p: DocxParagraph) -> str:
    return p.style.name if p.style is not None else ""


def model_paragraphs(article: m.Article) -> list[tuple[str, m.Block]]:
    """(text, block) for every paragraph-like block, including those in lists and quotes."""
    out = []
    for block in iter_blocks(article.blocks):
        if isinstance(block, m.Paragraph | m.Heading | m.Signature) and plain_text(block.children).strip():
            out.append((squash(plain_text(block.children)), block))
    return out


# --------------------------------------------------------------------------- read back with python-docx


@pytest.mark.parametrize("name", IDS)
def test_every_paragraph_of_the_model_is_a_paragraph_of_the_document(name: str, outputs: dict[str, Any]) -> None:
    article, path = outputs[name]
    texts = [squash(p.text) for p in docx.Document(str(path)).paragraphs]
    missing = [text for text, _ in model_paragraphs(article) if text not in texts]
    assert not missing


@pytest.mark.parametrize("name", IDS)
def test_every_list_item_is_a_numbered_paragraph_in_a_list_style(name: str, outputs: dict[str, Any]) -> None:
    article, path = outputs[name]
    document = docx.Document(str(path))
    numbered = {squash(p.text): style_name(p) for p in body_paragraphs(document)
                if p._p.pPr is not None and p._p.pPr.numPr is not None}
    for block in iter_blocks(article.blocks):
        if not isinstance(block, m.ListBlock):
            continue
        for item in block.items:
            first = item.blocks[0] if item.blocks else None
            if isinstance(first, m.Paragraph):
                text = squash(plain_text(first.children))
                assert numbered.get(text) == ("List Number" if block.ordered else "List Bullet"), text


@pytest.mark.parametrize("name", IDS)
def test_every_caption_follows_its_picture_or_placeholder(name: str, outputs: dict[str, Any]) -> None:
    article, path = outputs[name]
    paragraphs = body_paragraphs(docx.Document(str(path)))
    captions = [i for i, p in enumerate(paragraphs)
                if style_name(p) == "Caption" and p._p.xpath(".//w:instrText[contains(., 'SEQ Figure')]")]
    figures = [b for b in iter_blocks(article.blocks) if isinstance(b, m.Figure)]
    assert len(captions) == len(figures)
    for i, fig in zip(captions, figures, strict=True):
        assert squash(plain_text(fig.caption)) in squash(paragraphs[i].text)
        before = paragraphs[i - 1]
        has_picture = bool(before._p.xpath(".//w:drawing"))
        assert has_picture == (fig.image.resource is not None)
        assert has_picture or style_name(before) == "Image Placeholder"


@pytest.mark.parametrize("name", IDS)
def test_every_table_cell_of_the_model_is_a_table_cell(name: str, outputs: dict[str, Any]) -> None:
    article, path = outputs[name]
    cells = cell_texts(docx.Document(str(path)))
    for block in iter_blocks(article.blocks):
        if isinstance(block, m.Table):
            for row in block.rows:
                for cell in row.cells:
                    assert squash(plain_text(cell.children)) in cells


@pytest.mark.parametrize("name", IDS)
def test_the_metadata_block_and_record_table_are_there(name: str, outputs: dict[str, Any]) -> None:
    article, path = outputs[name]
    md = article.metadata
    document = docx.Document(str(path))
    styles = {squash(p.text): style_name(p) for p in document.paragraphs}
    assert styles.get(squash(md.title)) == "Title"
    if shown_lead(md):  # a lead that only repeats the title is printed once, as the title
        assert styles.get(squash(md.lead)) == "Lead"
    if md.authors:
        assert any(style == "Byline" and md.authors[0] in text for text, style in styles.items())
    cells = cell_texts(document)
    header_styles = ("Title", "Subtitle", "Metadata", "Byline", "Lead")
    header = " ".join(text for text, style in styles.items() if style in header_styles)
    for value in (md.content_type, md.version, md.created_by):
        if value:
            assert squash(value) in cells
    for value in (f.value for f in md.fields):  # in the record table, unless the header shows it
        if value:
            assert squash(value) in cells or squash(value) in header


# --------------------------------------------------------------------------- LibreOffice


@pytest.fixture(scope="module")
def pdf_texts(outputs: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) or pdftotext is not installed")
    out = tmp_path_factory.mktemp("docx-pdf")
    # A profile of our own: a user's running LibreOffice would otherwise swallow the request.
    profile = tmp_path_factory.mktemp("lo-profile")
    files = [str(path) for _, path in outputs.values()]
    try:
        subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(out), *files],
                       check=True, capture_output=True, timeout=SOFFICE_TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"LibreOffice did not convert the samples within {SOFFICE_TIMEOUT} s")
    texts = {}
    for name in outputs:
        pdf = out / f"{name}.pdf"
        assert pdf.exists(), f"LibreOffice wrote no PDF for {name}"
        raw = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                             timeout=60).stdout.decode("utf-8")
        # Page footers fall between the two halves of a paragraph that crosses a page.
        texts[name] = squash(_FOOTER.sub(" ", raw.replace("\f", "\n")))
    return texts


@pytest.mark.parametrize("name", IDS)
def test_libreoffice_lays_out_every_paragraph_and_caption(name: str, outputs: dict[str, Any],
                                                          pdf_texts: dict[str, str]) -> None:
    article, _ = outputs[name]
    text = pdf_texts[name]
    md = article.metadata
    expected = [squash(md.title), squash(md.lead)] + [t for t, _ in model_paragraphs(article)]
    expected += [squash(plain_text(b.caption)) for b in iter_blocks(article.blocks) if isinstance(b, m.Figure)]
    missing = [t for t in expected if t and t not in text]
    assert not missing
