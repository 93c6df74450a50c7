"""Whole samples end to end: the model matches each sample's expectations, and every output format
holds every paragraph, every caption beside its own photo, the metadata, and none of the chrome."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
import unicodedata
import zipfile
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from converter import api
from converter import model as m
from converter.walk import block_text, figures, iter_blocks, plain_text
from converter.writers import REGISTRY

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PAGES = sorted(SAMPLES.glob("*.html"))
FORMATS = list(REGISTRY)  # a new format is checked on every sample by itself
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def squash(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).split())


def expect(page: Path) -> dict[str, Any]:
    return tomllib.loads(page.with_suffix(".expect.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=PAGES, ids=[p.stem for p in PAGES])
def converted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Each sample converted twice into two folders (for the determinism check)."""
    page: Path = request.param
    runs = []
    for name in ("a", "b"):
        out = tmp_path_factory.mktemp(f"{page.stem}-{name}")
        written, warnings = api.convert(page, FORMATS, out)
        runs.append(written)
    return {"page": page, "expect": expect(page), "article": api.read(page).article, "a": runs[0], "b": runs[1],
            "warnings": warnings}


# ----------------------------------------------------------------------------- the model


def test_the_model_has_the_expected_metadata(converted: dict[str, Any]) -> None:
    md: m.Metadata = converted["article"].metadata
    exp = converted["expect"]
    assert md.title == exp["title"]
    if not exp["published_text"]:  # nothing dates the item's publication (a task, a contact)
        assert md.published is None and not exp["published"]
    else:
        assert md.published is not None and md.published.text == exp["published_text"]
        assert md.published.value is not None and md.published.value.isoformat() == exp["published"]
    assert list(md.authors) == exp["authors"]
    assert md.category == exp["category"]
    assert md.language == exp["language"]
    assert md.views == (None if exp["views"] == -1 else exp["views"])
    assert md.lead == exp["lead"]
    assert (md.content_type, md.version) == (exp["content_type"], exp["version"])
    assert (md.created_by, md.modified_by) == (exp["created_by"], exp["modified_by"])


def test_every_photo_keeps_its_own_caption_in_the_model(converted: dict[str, Any]) -> None:
    art: m.Article = converted["article"]
    exp = converted["expect"]
    figs = figures(art.blocks)
    assert len(figs) == exp["figures"]
    assert [plain_text(f.caption) for f in figs] == exp["captions"]
    assert sum(1 for f in figs if f.image.resource is None) == exp["missing_images"]
    codes = [w.code for w in converted["warnings"]]
    assert codes.count("missing-image") == exp["missing_images"]


def test_the_signature_is_its_own_block(converted: dict[str, Any]) -> None:
    sigs = [plain_text(b.children) for b in iter_blocks(converted["article"].blocks) if isinstance(b, m.Signature)]
    assert sigs == ([converted["expect"]["signature"]] if converted["expect"]["signature"] else [])


def _model_text(art: m.Article) -> str:
    md = art.metadata
    parts = [md.title, md.lead, *(f"{f.label} {f.value}" for f in md.fields)]
    parts += [block_text(b) for b in iter_blocks(art.blocks)]
    return squash(" ".join(parts))


def test_the_model_has_the_article_text_and_none_of_the_chrome(converted: dict[str, Any]) -> None:
    text = _model_text(converted["article"])
    for phrase in converted["expect"]["with"]:
        assert squash(phrase) in text
    for chrome in converted["expect"]["without"]:
        assert squash(chrome) not in text


# ----------------------------------------------------------------------------- the outputs


def body_paragraphs(art: m.Article) -> list[str]:
    return [squash(block_text(b)) for b in iter_blocks(art.blocks) if isinstance(b, m.Paragraph)]


def test_same_input_gives_identical_bytes_in_every_format(converted: dict[str, Any]) -> None:
    for fmt in FORMATS:
        assert converted["a"][fmt].read_bytes() == converted["b"][fmt].read_bytes(), fmt


def test_docx_has_every_paragraph_captions_after_their_photos_and_core_properties(
        converted: dict[str, Any]) -> None:
    import docx

    art: m.Article = converted["article"]
    path: Path = converted["a"]["docx"]
    doc = docx.Document(str(path))
    paras = doc.paragraphs
    texts = [squash(p.text) for p in paras]
    joined = " ".join(texts)
    for p in body_paragraphs(art):
        assert p in joined
    captions = [(i, p) for i, p in enumerate(paras) if p.style is not None and p.style.name == "Caption"]
    fig_captions = [c for c in captions if "SEQ" in etree.tostring(c[1]._p, encoding="unicode")]
    assert len(fig_captions) == len(figures(art.blocks))
    for (i, para), fig in zip(fig_captions, figures(art.blocks), strict=True):
        assert squash(plain_text(fig.caption)) in squash(para.text)
        before = etree.tostring(paras[i - 1]._p, encoding="unicode")
        if fig.image.resource is not None:
            assert "<w:drawing" in before or "graphicData" in before
        else:
            assert "[" in paras[i - 1].text  # the visible placeholder
    core = doc.core_properties
    assert core.title == art.metadata.title
    assert core.author == ("; ".join(art.metadata.authors) or art.metadata.created_by)  # a list item's creator
    # Dated by publication, else by the footer's "Created at" (an undated list item).
    dated = art.metadata.published or art.metadata.created
    published = dated.value if dated else None
    assert published is not None and core.created is not None
    # OOXML stores W3CDTF in UTC; python-docx reads it back as a UTC datetime.
    assert core.created.replace(tzinfo=UTC) == published.astimezone(UTC)
    body_xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    for chrome in converted["expect"]["without"]:
        assert chrome not in body_xml


def test_epub_keeps_each_caption_inside_the_figure_of_its_photo_and_the_metadata(converted: dict[str, Any]) -> None:
    art: m.Article = converted["article"]
    zf = zipfile.ZipFile(converted["a"]["epub"])
    names = zf.namelist()
    assert names[0] == "mimetype"
    opf_name = next(n for n in names if n.endswith(".opf"))
    opf = zf.read(opf_name).decode()
    assert f">{art.metadata.title}<" in opf.replace("&amp;", "&")
    chapters = [etree.fromstring(zf.read(n)) for n in names if n.endswith(".xhtml") and "nav" not in n]
    all_text = squash(" ".join("".join(c.itertext()) for c in chapters))
    for p in body_paragraphs(art):
        assert p in all_text
    figs_html = [f for c in chapters for f in c.iter(f"{XHTML}figure")]
    assert len(figs_html) == len(figures(art.blocks))
    for fig_el, fig in zip(figs_html, figures(art.blocks), strict=True):
        cap = fig_el.find(f"{XHTML}figcaption")
        assert cap is not None and squash(plain_text(fig.caption)) in squash("".join(cap.itertext()))
        assert (fig_el.find(f".//{XHTML}img") is not None) == (fig.image.resource is not None)
    for chrome in converted["expect"]["without"]:
        assert chrome not in all_text


def pdf_body_text(pdf: Path, running_heads: tuple[str, ...]) -> str:
    """The PDF's text in content order with each page's running header and footer lines removed,
    so a paragraph broken across pages reads as one (page margin boxes come last in each page)."""
    raw = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = raw.split("\f")
    kept: list[str] = []
    for i, page in enumerate(pages):
        lines = [line for line in page.splitlines() if line.strip()]
        if lines and re.fullmatch(r"\s*(Trang \d+ / \d+|Page \d+ of \d+)\s*", lines[-1]):
            lines.pop()
        if i > 0 and lines and lines[-1].strip() in running_heads:
            lines.pop()
        kept.extend(lines)
    # A line that breaks after a word's own hyphen ("megawatt-|hours") must not gain a space.
    return squash(re.sub(r"(?<=\w)-\n(?=\w)", "-", "\n".join(kept)))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
def test_pdf_text_holds_the_article_exactly_and_fonts_are_embedded(converted: dict[str, Any]) -> None:
    art: m.Article = converted["article"]
    pdf: Path = converted["a"]["pdf"]
    text = pdf_body_text(pdf, (art.metadata.site_name, art.metadata.category))
    for p in body_paragraphs(art):
        assert p in text
    for fig in figures(art.blocks):
        assert squash(plain_text(fig.caption)) in text
    for chrome in converted["expect"]["without"]:
        assert chrome not in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all(re.search(r"\byes\b", " ".join(r[-5:-3])) for r in rows), fonts


def test_pdf_carries_the_article_metadata(converted: dict[str, Any]) -> None:
    import pikepdf

    art: m.Article = converted["article"]
    with pikepdf.open(converted["a"]["pdf"]) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]) == art.metadata.title
        for author in art.metadata.authors:
            assert author in str(info["/Author"])
        dated = art.metadata.published or art.metadata.created
        assert dated is not None and dated.value is not None
        assert str(info["/CreationDate"]).startswith("D:" + dated.value.strftime("%Y%m%d%H%M"))


EPUBCHECK = Path("/usr/share/java/epubcheck.jar")


@pytest.mark.skipif(shutil.which("java") is None or not EPUBCHECK.is_file(), reason="epubcheck not installed")
def test_epubcheck_finds_no_errors_or_warnings(converted: dict[str, Any]) -> None:
    proc = subprocess.run(["java", "-jar", str(EPUBCHECK), str(converted["a"]["epub"])],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No errors or warnings detected" in proc.stdout, proc.stdout
