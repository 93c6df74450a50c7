"""A photo the page made a link keeps its link, in the model and in every output; a small image
set inside a sentence leaves the sentence whole and never takes its tail as a caption."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import jsonschema
import pytest
from bulletin_support import front
from factories import photo_bytes, resource
from lxml import etree
from pypdf import PdfReader
from typer.testing import CliRunner

from converter import api, jsonio, read
from converter import model as m
from converter.bulletin import render
from converter.bulletin.assemble import assemble
from converter.bulletin.config import BulletinOptions
from converter.cli import app
from converter.errors import InputError
from converter.render.html import document
from converter.schema import article_schema
from converter.verify import verify
from converter.walk import block_text, figures, plain_text
from converter.writers import VERIFIABLE

XHTML = "{http://www.w3.org/1999/xhtml}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

PAGE = """<html lang="en"><head><meta charset="utf-8"><title>Team news</title>{head}</head><body>
<div id="DeltaPlaceHolderMain"><h1 id="pageTitle">Team news</h1>
<div class="ms-rtestate-field" id="x_RichHtmlField">
<p>The team met on Monday to plan the next quarter and agreed on the three priorities set out below.</p>
{body}
<p>More paragraphs follow with the details of each priority and who will lead the work in each area.</p>
</div></div></body></html>"""


def article(tmp_path: Path, body: str, head: str = "") -> m.Article:
    files = tmp_path / "news_files"
    files.mkdir(exist_ok=True)
    (files / "photo.jpg").write_bytes(photo_bytes())
    (files / "icon.png").write_bytes(photo_bytes(24, 24, (200, 30, 30), "PNG"))
    path = tmp_path / "news.html"
    path.write_text(PAGE.format(body=body, head=head), encoding="utf-8")
    return read(path).article


def paragraphs(art: m.Article) -> list[str]:
    return [block_text(b) for b in art.blocks if isinstance(b, m.Paragraph)]


# --------------------------------------------------------------------------- extraction


def test_a_linked_photo_keeps_its_link_in_the_model_and_the_json(tmp_path: Path) -> None:
    art = article(tmp_path, '<p><a href="http://example.org/big.jpg"><img src="news_files/photo.jpg" width="400">'
                            "</a></p>")
    (fig,) = figures(art.blocks)
    assert fig.link == "http://example.org/big.jpg"
    doc = json.loads(jsonio.dumps(art))
    (shown,) = [b for b in doc["article"]["blocks"] if b["type"] == "Figure"]
    assert shown["link"] == "http://example.org/big.jpg"
    assert jsonio.loads(jsonio.dumps(art)) == art
    jsonschema.validate(doc, article_schema(), cls=jsonschema.Draft202012Validator)


def test_a_photo_without_a_link_has_none(tmp_path: Path) -> None:
    art = article(tmp_path, '<p><img src="news_files/photo.jpg" width="400"></p>'
                            '<p><a href="#top"><img src="news_files/photo.jpg"></a></p>'
                            '<p><a href="javascript:zoom()"><img src="news_files/photo.jpg"></a></p>')
    assert [f.link for f in figures(art.blocks)] == ["", "", ""]


def test_a_relative_link_is_resolved_against_the_page_address_like_a_text_link(tmp_path: Path) -> None:
    body = ('<p>See <a href="/docs/plan.pdf">the plan</a>.</p>'
            '<figure><a href="/docs/plan.pdf"><img src="news_files/photo.jpg"></a>'
            "<figcaption>The plan's cover page</figcaption></figure>")
    art = article(tmp_path, body, '<link rel="canonical" href="https://example.org/news/team.aspx">')
    (fig,) = figures(art.blocks)
    link = next(c for b in art.blocks if isinstance(b, m.Paragraph) for c in b.children if isinstance(c, m.Link))
    assert fig.link == link.url == "https://example.org/docs/plan.pdf"
    assert plain_text(fig.caption) == "The plan's cover page"


def test_an_icon_linked_inside_a_sentence_does_not_take_the_sentence_tail_as_its_caption(tmp_path: Path) -> None:
    body = ('<p>Download the plan <a href="http://example.org/plan.pdf"><img class="ms-rtePosition-4" width="27" '
            'src="news_files/icon.png"></a> here.</p>'
            "<p>Questions go to the planning office</p>")
    art = article(tmp_path, body)
    (fig,) = figures(art.blocks)
    assert fig.link == "http://example.org/plan.pdf"
    assert fig.caption == ()
    # The sentence stays whole, the icon follows it, and the short line after is not its caption.
    assert "Download the plan here." in paragraphs(art)
    assert "Questions go to the planning office" in paragraphs(art)
    at = art.blocks.index(fig)
    assert block_text(art.blocks[at - 1]) == "Download the plan here."


@pytest.mark.parametrize("size", ['height="16"', 'style="width: 40px"', 'width="48" height="300"'])
def test_any_declared_small_side_makes_an_image_part_of_its_sentence(tmp_path: Path, size: str) -> None:
    art = article(tmp_path, f'<p>Press <img src="news_files/icon.png" {size}> to print this page.</p>')
    (fig,) = figures(art.blocks)
    assert fig.caption == ()
    assert "Press to print this page." in paragraphs(art)


def test_a_photo_inside_a_sentence_still_cuts_it_and_an_icon_at_a_paragraph_edge_is_unchanged(
        tmp_path: Path) -> None:
    art = article(tmp_path, '<p>Before the photo <img src="news_files/photo.jpg" width="400"> after it</p>'
                            '<p><img src="news_files/icon.png" width="20"> Download the report</p>')
    assert [plain_text(f.caption) for f in figures(art.blocks)] == ["after it", "Download the report"]
    assert "Before the photo" in paragraphs(art)


# --------------------------------------------------------------------------- writers


def linked_article(relative: str = "") -> m.Article:
    """A linked photo, an unlinked chart, a linked photo whose file was lost, and (``relative``) a
    photo whose link leads nowhere from a document (a page saved without its address)."""
    jpeg = resource(photo_bytes(), "image/jpeg", "news_files/photo.jpg")
    png = resource(photo_bytes(300, 200, (150, 60, 60), "PNG"), "image/png", "news_files/chart.png")
    gif = resource(photo_bytes(200, 200, (20, 140, 60), "GIF"), "image/gif", "news_files/cover.gif")
    blocks: tuple[m.Block, ...] = (
        m.para("The team met on Monday to plan the next quarter and agreed on three priorities."),
        m.figure("news_files/photo.jpg", "The team at work", resource=jpeg.key, link="http://example.org/big.jpg"),
        m.figure("news_files/chart.png", resource=png.key),
        m.figure("news_files/lost.jpg", "A photo lost when the page was saved", link="https://example.org/lost.jpg"),
        *((m.figure("news_files/cover.gif", "The plan's cover", resource=gif.key, link=relative),) if relative else ()),
        m.para("More paragraphs follow with the details of each priority."),
    )
    return m.Article(m.Metadata(title="Team news", language="en"), blocks, (jpeg, png, gif))


def _links_around_pictures(root: etree._Element) -> list[str]:
    return [a.get("href", "") for fig in root.iter(f"{XHTML}figure") for a in fig.iter(f"{XHTML}a")
            if a.find(f"{XHTML}img") is not None or a.find(f"{XHTML}p") is not None]


def test_the_xhtml_of_pdf_and_epub_wraps_a_linked_picture_in_its_link() -> None:
    root = etree.fromstring(document(linked_article(), lambda r: f"images/{r.key}"))
    assert _links_around_pictures(root) == ["http://example.org/big.jpg", "https://example.org/lost.jpg"]
    chart = [f for f in root.iter(f"{XHTML}figure")][1]
    assert chart.find(f"{XHTML}img") is not None and chart.find(f"{XHTML}a") is None


def test_a_link_a_document_cannot_follow_is_printed_under_the_picture() -> None:
    root = etree.fromstring(document(linked_article("/docs/plan 2024.pdf"), lambda r: f"images/{r.key}"))
    last = [f for f in root.iter(f"{XHTML}figure")][-1]
    assert last.find(f"{XHTML}a") is None
    assert "".join(last.find(f"{XHTML}p").itertext()) == "[/docs/plan 2024.pdf]"


def test_the_epub_links_the_picture(tmp_path: Path) -> None:
    target = tmp_path / "news.epub"
    api.write(linked_article(), target, "epub")
    with zipfile.ZipFile(target) as zf:
        chapter = next(n for n in zf.namelist() if n.endswith("chapter.xhtml"))
        root = etree.fromstring(zf.read(chapter))
    assert _links_around_pictures(root) == ["http://example.org/big.jpg", "https://example.org/lost.jpg"]


def test_the_pdf_makes_the_picture_a_link(tmp_path: Path) -> None:
    target = tmp_path / "news.pdf"
    api.write(linked_article(), target, "pdf")
    uris = [annot.get_object()["/A"].get("/URI") for page in PdfReader(str(target)).pages
            for annot in page.get("/Annots") or () if annot.get_object().get("/Subtype") == "/Link"]
    assert "http://example.org/big.jpg" in uris and "https://example.org/lost.jpg" in uris


def test_the_docx_makes_the_picture_a_hyperlink(tmp_path: Path) -> None:
    target = tmp_path / "news.docx"
    api.write(linked_article("/docs/plan.pdf"), target, "docx")
    document_ = docx.Document(str(target))
    rels = {r.rId: r.target_ref for r in document_.part.rels.values() if r.reltype == HYPERLINK}
    assert sorted(rels.values()) == ["http://example.org/big.jpg", "https://example.org/lost.jpg"]
    body = document_.element.body
    pictures = [h for h in body.iter(f"{W}hyperlink") if h.find(f".//{W}drawing") is not None]
    (linked,) = pictures
    assert rels[linked.get(R_ID)] == "http://example.org/big.jpg"
    # Word follows a:hlinkClick when the picture itself is clicked.
    click = linked.find(f".//{A}hlinkClick")
    assert click is not None and click.get(R_ID) == linked.get(R_ID)
    # The lost photo's placeholder is the link; the unfollowable one is printed under its picture.
    placeholder = [h for h in body.iter(f"{W}hyperlink") if h not in pictures]
    assert [rels[h.get(R_ID)] for h in placeholder] == ["https://example.org/lost.jpg"]
    assert "[/docs/plan.pdf]" in "".join(t.text or "" for t in body.iter(f"{W}t"))
    # The chart had no link: its picture is not in one.
    assert sum(1 for _ in body.iter(f"{W}drawing")) == 3


@pytest.mark.parametrize("fmt", sorted(VERIFIABLE))
def test_outputs_with_linked_figures_verify(tmp_path: Path, fmt: str) -> None:
    art = linked_article("/docs/plan.pdf")
    target = tmp_path / f"news.{fmt}"
    api.write(art, target, fmt)
    report = verify(art, target)
    assert report.complete, report.missing


def test_a_page_with_a_linked_icon_and_a_linked_photo_converts_and_verifies(tmp_path: Path) -> None:
    body = ('<p>Download the plan <a href="http://example.org/plan.pdf"><img width="27" '
            'src="news_files/icon.png"></a> here.</p>'
            '<p><a href="http://example.org/big.jpg"><img src="news_files/photo.jpg" width="400"></a></p>')
    article(tmp_path, body)
    result = CliRunner().invoke(app, [str(tmp_path / "news.html"), "--to", "docx,epub,pdf,json",
                                      "-o", str(tmp_path / "out"), "--verify"])
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "out" / "news.json").read_text(encoding="utf-8"))
    assert [b.get("link") for b in doc["article"]["blocks"] if b["type"] == "Figure"] == [
        "http://example.org/plan.pdf", "http://example.org/big.jpg"]


# --------------------------------------------------------------------------- the JSON form


def test_a_version_1_document_without_links_still_loads() -> None:
    art = linked_article()
    doc = json.loads(jsonio.dumps(art))
    doc["schema_version"] = 1
    for block in doc["article"]["blocks"]:
        block.pop("link", None)
    back = jsonio.loads(json.dumps(doc))
    assert [f.link for f in figures(back.blocks)] == ["", "", ""]
    assert back.blocks[0] == art.blocks[0]


def test_a_field_the_model_does_not_have_is_an_input_error() -> None:
    doc = json.loads(jsonio.dumps(linked_article()))
    doc["article"]["blocks"][1]["hyperlink"] = "http://example.org/"
    with pytest.raises(InputError, match="does not match"):
        jsonio.loads(json.dumps(doc))
    doc["schema_version"] = [2]
    with pytest.raises(InputError, match="schema_version"):
        jsonio.loads(json.dumps(doc))


def test_bulletins_keep_the_link_in_every_format() -> None:
    options = BulletinOptions()
    bulletin = assemble([("news.html", linked_article())], front(), options)
    epub_bytes, _ = render(bulletin, "epub", options)
    with zipfile.ZipFile(io.BytesIO(epub_bytes)) as zf:
        chapters = [etree.fromstring(zf.read(n)) for n in zf.namelist() if n.endswith(".xhtml")]
    links = [href for chapter in chapters for href in _links_around_pictures(chapter)]
    assert links == ["http://example.org/big.jpg", "https://example.org/lost.jpg"]
    pdf_bytes, _ = render(bulletin, "pdf", options)
    uris = [str(a.get_object()["/A"]["/URI"]) for page in PdfReader(io.BytesIO(pdf_bytes)).pages
            for a in page.get("/Annots") or () if "/A" in a.get_object()]  # not the contents' own links
    assert uris == ["http://example.org/big.jpg", "https://example.org/lost.jpg"]
    docx_bytes, _ = render(bulletin, "docx", options)
    rels = docx.Document(io.BytesIO(docx_bytes)).part.rels.values()
    assert {r.target_ref for r in rels if r.reltype == HYPERLINK} >= {"http://example.org/big.jpg",
                                                                       "https://example.org/lost.jpg"}
