"""DOCX bulletins: cover, a filled-in TOC field whose numbers match the laid-out pages, order, captions, metadata.

The main bulletin (every sample and corpus article, by date, grouped by category, each article on
a right-hand page) is built once; its page numbers are checked against LibreOffice's layout of the
very file (the same tool the writer measures with), through pdftotext, page by page.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from bulletin_support import corpus_items, front, sample_items, squash, words
from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn

from converter.bulletin import docx as bulletin_docx
from converter.bulletin.assemble import assemble
from converter.bulletin.config import BulletinOptions
from converter.bulletin.pages import SOFFICE_ENV, soffice
from converter.labels import label
from converter.urls import display
from converter.walk import figures, numbered, plain_text

MAIN = BulletinOptions(order="date", group_by="category", start_on="right")
ENTRY_STYLES = {"TOC1", "TOC2"}


@pytest.fixture(scope="module")
def main() -> dict[str, Any]:
    bulletin = assemble(sample_items() + corpus_items(), front(), MAIN)
    data, warnings = bulletin_docx.build(bulletin, MAIN)
    return {"bulletin": bulletin, "bytes": data, "warnings": warnings, "doc": docx.Document(io.BytesIO(data))}


def toc(doc: Any) -> list[tuple[str, str, int]]:
    """(style id, text, cached page) of each filled-in contents entry, in order."""
    out = []
    for p in doc.paragraphs:
        style = p._p.pPr.pStyle.val if p._p.pPr is not None and p._p.pPr.pStyle is not None else ""
        if style not in ENTRY_STYLES:
            continue
        link = p._p.find(qn("w:hyperlink"))
        texts = [t.text for t in link.iter(qn("w:t"))]
        out.append((style, texts[0], int(texts[-1])))
    return out


def styled(doc: Any, name: str) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style is not None and p.style.name == name]


def test_the_cover_has_title_subtitle_issue_publisher_and_logo(main: dict[str, Any]) -> None:
    doc = main["doc"]
    first = [p.text for p in doc.paragraphs[:6]]
    assert "Bản tin Công Thương" in first and "Tin hoạt động trong tuần" in first
    assert "Số 12/2024 · 15/03/2024" in first
    assert "SỞ CÔNG THƯƠNG TỈNH LÂM GIANG" in first
    assert doc.inline_shapes and doc.paragraphs[0]._p.xpath(".//pic:pic")


def test_the_contents_is_a_toc_field_over_the_title_styles(main: dict[str, Any]) -> None:
    body = main["doc"].element.body
    instructions = [t.text.strip() for t in body.iter(qn("w:instrText")) if t.text.strip().startswith("TOC")]
    assert instructions == ['TOC \\h \\z \\t "Section Title,1,Title,2"']
    anchors = [link.get(qn("w:anchor")) for link in body.iter(qn("w:hyperlink")) if link.get(qn("w:anchor"))]
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    assert anchors and set(anchors) <= bookmarks


def test_contents_entries_follow_the_grouping_and_order(main: dict[str, Any]) -> None:
    bulletin, doc = main["bulletin"], main["doc"]
    expected = []
    for section in bulletin.sections:
        expected.append(("TOC1", section.heading))
        expected += [("TOC2", e.article.metadata.title) for e in section.entries]
    assert [(s, t) for s, t, _ in toc(doc)] == expected
    assert styled(doc, "Section Title") == [s.heading for s in bulletin.sections]
    assert styled(doc, "Title") == [e.article.metadata.title for e in bulletin.entries()]


@pytest.mark.skipif(soffice() is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice or pdftotext not installed")
def test_every_contents_number_is_the_page_libreoffice_puts_the_title_on(main: dict[str, Any],
                                                                         tmp_path: Path) -> None:
    assert not [w for w in main["warnings"] if w.code == "toc-pages-estimated"]
    source = tmp_path / "bulletin.docx"
    source.write_bytes(main["bytes"])
    export = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'
    subprocess.run([str(soffice()), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", export, "--outdir", str(tmp_path), str(source)], check=True,
                   capture_output=True, timeout=600)
    pages = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "bulletin.pdf"), "-"], check=True,
                           capture_output=True).stdout.decode("utf-8").split("\f")
    for style, text, page in toc(main["doc"]):
        assert words(text)[:40] in words(pages[page - 1]), f"{text!r} is not on page {page}"
        if style == "TOC2":
            assert page % 2 == 1, f"{text!r} starts on left-hand page {page} despite --start-on right"


def test_without_libreoffice_the_numbers_are_estimated_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SOFFICE_ENV, "none")
    bulletin = assemble(sample_items(), front(), BulletinOptions())
    data, warnings = bulletin_docx.build(bulletin, BulletinOptions())
    assert [w.code for w in warnings] == ["toc-pages-estimated"]
    numbers = [n for _, _, n in toc(docx.Document(io.BytesIO(data)))]
    assert numbers[0] >= 3 and numbers == sorted(numbers)
    again, _ = bulletin_docx.build(bulletin, BulletinOptions())
    assert again == data  # reproducible


def test_captions_are_numbered_through_the_bulletin(main: dict[str, Any]) -> None:
    doc, bulletin = main["doc"], main["bulletin"]
    captions = [p for p in doc.paragraphs if p.style is not None and p.style.name == "Caption"]
    expected = []
    for entry in bulletin.entries():
        for fig in filter(numbered, figures(entry.article.blocks)):  # only captioned figures get labels
            caption = plain_text(fig.caption)
            number = f"{label('figure', entry.language)} {len(expected) + 1}"
            expected.append(f"{number}. {caption}" if caption else number)
    assert len(captions) == len(expected)
    for paragraph, text in zip(captions, expected, strict=True):
        assert squash(paragraph.text).startswith(squash(text)[:60])
    seq = [r for p in captions for r in p._p.iter(qn("w:instrText")) if "SEQ Figure" in r.text]
    assert len(seq) == len(expected)


def test_every_articles_metadata_is_in_the_closing_tables(main: dict[str, Any]) -> None:
    doc, bulletin = main["doc"], main["bulletin"]
    headings = styled(doc, "Heading 2")
    tail = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    for entry in bulletin.entries():
        md = entry.article.metadata
        assert f"{entry.number}. {md.title}" in headings
        # The address as the metadata line shows it: decoded, without :80 (urls.display).
        for value in (md.published.text if md.published else "", *md.authors, md.category, display(md.source_url)):
            assert value in tail
        if md.views is not None:
            assert str(md.views) in tail


def test_properties_name_the_bulletin(main: dict[str, Any]) -> None:
    props = main["doc"].core_properties
    assert props.title == "Bản tin Công Thương"
    assert props.author == "Sở Công Thương tỉnh Lâm Giang"
    assert props.created.date().isoformat() == "2024-03-15"
    with __import__("zipfile").ZipFile(io.BytesIO(main["bytes"])) as z:
        custom = z.read("docProps/custom.xml").decode("utf-8")
    count = sum(1 for _ in main["bulletin"].entries())
    assert 'name="Issue"' in custom and f"<vt:lpwstr>{count}</vt:lpwstr>" in custom


def test_articles_start_right_hand_pages_with_their_own_running_head(main: dict[str, Any]) -> None:
    doc, bulletin = main["doc"], main["bulletin"]
    sections = doc.sections[2:-1]  # cover, front matter … closing tables
    assert len(sections) == sum(1 for _ in bulletin.entries())
    heads = [s.header.paragraphs[0].text for s in sections]
    entries = [(sec.heading, e) for sec in bulletin.sections for e in sec.entries]
    for section, head, (heading, _) in zip(sections, heads, entries, strict=True):
        assert section.start_type == WD_SECTION.ODD_PAGE
        assert head.endswith(heading) and head.startswith("Bản tin Công Thương")
    assert doc.settings.element.find(qn("w:mirrorMargins")) is not None


def test_composing_scans_the_whole_document_a_fixed_number_of_times(monkeypatch: pytest.MonkeyPatch) -> None:
    # python-docx finds the next drawing id, the sections and the block width by XPaths over the
    # whole document; asked per photo, table or article they made a bulletin of n articles cost
    # n². The composer must ask a fixed number of times, however many articles there are.
    from docx.oxml.document import CT_Document
    from docx.parts.story import StoryPart

    calls = {"next_id": 0, "sections": 0}
    next_id, sect_pr_lst = StoryPart.next_id, CT_Document.sectPr_lst

    def counted(name: str, prop: Any) -> property:
        def get(self: Any) -> Any:
            calls[name] += 1
            return prop.fget(self)
        return property(get)

    monkeypatch.setattr(StoryPart, "next_id", counted("next_id", next_id))
    monkeypatch.setattr(CT_Document, "sectPr_lst", counted("sections", sect_pr_lst))
    monkeypatch.setenv(SOFFICE_ENV, "none")
    seen = []
    for copies in (1, 3):
        calls.update(next_id=0, sections=0)
        items = sample_items() * copies
        bulletin = assemble(items, front(), MAIN)
        data, _ = bulletin_docx.build(bulletin, MAIN)
        seen.append(dict(calls))
        photos = len(docx.Document(io.BytesIO(data)).inline_shapes)
        assert photos > 3 * copies  # the samples' photos are in, each a drawing
    assert seen[0] == seen[1], seen


def test_articles_of_one_group_share_their_running_head_s_header_part(main: dict[str, Any]) -> None:
    # One header part per change of running head, not one per article (Word sections link to
    # the previous header by default); every article section still shows its group's head.
    doc, bulletin = main["doc"], main["bulletin"]
    headers = {rel.target_part.partname for rel in doc.part.rels.values() if rel.reltype.endswith("/header")}
    groups = [s for s in bulletin.sections if s.entries]
    articles = sum(len(s.entries) for s in groups)
    assert len(headers) == len(groups) + 1 < articles  # + 1: the closing details pages' own head


def test_one_layout_is_enough_when_the_numbers_keep_their_width(monkeypatch: pytest.MonkeyPatch) -> None:
    # The estimated numbers are replaced in place by the measured ones, padded with figure spaces to
    # the same width: the layout measured is the final one, so LibreOffice runs once (it took two
    # or three layouts before). That the numbers are then right is checked page by page above.
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    from converter.bulletin import pages as paging

    layouts = []
    measure = paging.measure

    def counted(*args: Any) -> Any:
        layouts.append(args)
        return measure(*args)

    monkeypatch.setattr(paging, "measure", counted)
    bulletin = assemble(sample_items(), front(), MAIN)
    data, warnings = bulletin_docx.build(bulletin, MAIN)
    assert len(layouts) == 1 and not warnings
    numbers = [t.text for p in docx.Document(io.BytesIO(data)).paragraphs
               if p.style is not None and p.style.name.lower() in ("toc 1", "toc 2")
               for t in [list(p._p.iter(qn("w:t")))[-1]]]
    width = max(len(n) for n in numbers)
    assert numbers and all(len(n) == width and n.lstrip("\u2007").isdigit() for n in numbers)


def test_contents_numbers_are_padded_with_figure_spaces() -> None:
    from converter.bulletin.docx_parts import page_number

    assert page_number(7, 3) == "\u2007\u20077" and page_number(123, 3) == "123" and page_number(1234, 3) == "1234"


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("options", [MAIN, BulletinOptions(), BulletinOptions(paper="A5", group_by="category"),
                                     BulletinOptions(start_on="right", duplex=True)],
                         ids=["grouped-right", "plain", "a5-grouped", "ungrouped-right"])
def test_pieces_laid_out_apart_give_the_pages_of_the_whole_document(options: BulletinOptions,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # A large bulletin is laid out in pieces by two LibreOffice processes (docx_split); every
    # bookmark's page must be the page LibreOffice gives it laying the whole document out.
    from converter.bulletin import docx_split
    from converter.bulletin import pages as paging

    bulletin = assemble(sample_items() * 2, front(), options)
    used = bulletin_docx.estimated_pages(bulletin, options)
    composer = bulletin_docx._Composer(bulletin, options)
    data = composer.compose(used, 2)
    command = str(soffice())
    whole = paging.measure(data, list(used), command)
    monkeypatch.setattr(docx_split, "PART_ARTICLES", 5)
    pieces = docx_split.measure_in_parts(data, composer.skeleton(), lambda d, b: paging.measure(d, b, command))
    assert whole is not None and pieces is not None
    assert {name: pieces[name] for name in whole} == whole
    assert len(docx_split.pieces(len(composer.closes))) >= 4


def test_pieces_are_placed_where_the_piece_before_measured_their_first_article() -> None:
    from converter.bulletin.docx_split import combine

    bookmarks = [("_TocSection1", "_TocArticle1"), ("_TocArticle2",), ("_TocSection2", "_TocArticle3"),
                 ("_TocArticle4",)]
    parts = [range(0, 2), range(2, 4)]
    first = {"_TocSection1": 3, "_TocArticle1": 3, "_TocArticle2": 5, "_TocSection2": 9}  # + where piece 2 starts
    second = {"_TocSection2": 1, "_TocArticle3": 1, "_TocArticle4": 7}
    assert combine(parts, [first, second], bookmarks) == {"_TocSection1": 3, "_TocArticle1": 3, "_TocArticle2": 5,
                                                          "_TocSection2": 9, "_TocArticle3": 9, "_TocArticle4": 15}
    assert combine(parts, [first, None], bookmarks) is None  # a failed layout: measure the whole instead
    assert combine(parts, [{"_TocArticle1": 3}, second], bookmarks) is None  # nothing placed piece 2
