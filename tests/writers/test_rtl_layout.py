"""Right-to-left layout: an Arabic article mirrors in print, and Word styles carry complex-script twins.

The PDF tests read where pdftotext finds each line (``-bbox-layout``, in points from the top left)
in an Arabic article with every direction-sensitive block: a title and a heading that wrap, bullet
and numbered lists, a quote, a table and a signature. A right-to-left paragraph starts at the right
margin, so the wrapped lines, list items, quote and table cells must end there and the signature
(end of the line) must sit at the left margin. An English article checks that the mirrored rules
stay out of left-to-right text, and a bulletin checks them where ``dir="rtl"`` is on the
``<article>`` rather than on ``<html>``. pdftotext gives Arabic words in visual order, letters
reversed, so words are compared as sets of letters.
"""

from __future__ import annotations

import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from lxml import etree
from pdfprobe import PT_PER_MM, ink_box, needs_poppler, rendered_pages

from converter import model as m
from converter.bulletin.assemble import assemble
from converter.bulletin.config import BulletinOptions
from converter.bulletin.model import FrontMatter
from converter.bulletin.pdf import build
from converter.bulletin.pdf_source import paper
from converter.options import WriteOptions
from converter.verify import verify
from converter.writers import docx as docx_writer
from converter.writers import pdf as pdf_writer
from converter.writers.pdf.document import PAPERS, page_css

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")

@dataclass(frozen=True)
class Text:
    """The words of one test article (Arabic written for these tests; English for the control)."""

    language: str
    title: str
    subtitle: str
    category: str
    intro: str
    heading: str  # long enough to wrap, like the title
    bullets: tuple[str, ...]
    steps: tuple[str, ...]
    quote: str
    header: tuple[str, str]
    row: tuple[str, str]
    signature: str


AR = Text(
    "ar",
    title="تقرير اللجنة الوطنية عن مشاريع البنية التحتية في المحافظات الشمالية والجنوبية لعام ٢٠٢٤",
    subtitle="ملخص أعمال الاجتماع",
    category="أخبار",
    intro="عقدت اللجنة اجتماعها الدوري في مقر الوزارة.",
    heading="اجتماع اللجنة الوطنية لمتابعة خطط التنمية المستدامة في المحافظات الشمالية والجنوبية"
            " خلال الربع الأخير من العام",
    bullets=("المياه", "الطرق", "المدارس"),
    steps=("التسجيل", "المراجعة", "التوقيع"),
    quote="نحن ملتزمون بإنجاز المشاريع في مواعيدها.",
    header=("المشروع", "النسبة"),
    row=("محطة", "٨٠٪"),
    signature="قسم التحرير",
)
EN = Text(
    "en",
    title="Report of the national committee on infrastructure projects in the provinces in 2024",
    subtitle="Summary of the meeting",
    category="News",
    intro="The committee met at the ministry.",
    heading="Quarterly review of the national committee for sustainable development plans in"
            " the northern and southern provinces",
    bullets=("Water", "Roads", "Schools"),
    steps=("Register", "Review", "Sign"),
    quote="We are committed to finishing every project on time.",
    header=("Project", "Share"),
    row=("Station", "80%"),
    signature="Editorial desk",
)


def _article(t: Text) -> m.Article:
    table = m.Table((
        m.TableRow(tuple(m.TableCell(m.text(h), header=True) for h in t.header)),
        m.TableRow(tuple(m.TableCell(m.text(c)) for c in t.row)),
    ), header_rows=1)
    return m.article(
        t.title,
        m.para(t.intro),
        m.heading(1, t.heading),
        m.bullet_list(*t.bullets),
        m.bullet_list(*t.steps, ordered=True),
        m.Quote((m.para(t.quote),)),
        table,
        m.Signature(m.text(t.signature)),
        language=t.language, category=t.category, subtitle=t.subtitle,
    )


# --------------------------------------------------------------------------- reading the PDF


@dataclass(frozen=True)
class Line:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    words: tuple[str, ...]  # left to right, as pdftotext lists them
    spans: tuple[tuple[float, float], ...]  # each word's x0, x1


def _lines(pdf: Path) -> list[Line]:
    out = subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(pdf), "-"],
                         capture_output=True, check=True).stdout
    root = etree.fromstring(out, etree.XMLParser(recover=True))
    lines = []
    for number, page in enumerate(root.iter("{*}page")):
        for line in page.iter("{*}line"):
            found = list(line.iter("{*}word"))
            words = tuple(unicodedata.normalize("NFKC", w.text or "") for w in found)
            spans = tuple((float(w.get("xMin", "0")), float(w.get("xMax", "0"))) for w in found)
            box = [float(line.get(k, "0")) for k in ("xMin", "yMin", "xMax", "yMax")]
            lines.append(Line(number, *box, words, spans))
    return lines


def _same(found: str, word: str) -> bool:
    # The same letters in any order: pdftotext reverses Arabic words but keeps a lam-alef
    # ligature's two letters in logical order ("الأخير" comes out "ريخلأا").
    return sorted(found) == sorted(word)


def _lines_of(lines: list[Line], text: str) -> list[Line]:
    """The lines made only of words of ``text`` (so a wrapped block gives all its lines, in order)."""
    words = text.split()
    return [ln for ln in lines if ln.words and all(any(_same(f, w) for w in words) for f in ln.words)]


def _line_with(lines: list[Line], word: str) -> Line:
    found = [ln for ln in lines if any(_same(f, word) for f in ln.words)]
    assert len(found) == 1, f"{word!r} found on {len(found)} lines"
    return found[0]


@dataclass(frozen=True)
class Render:
    pdf: Path
    lines: list[Line]
    left: float  # the text column's edges, in points
    right: float


def _render_article(tmp: Path, text: Text) -> Render:
    target = tmp / f"{text.language}.pdf"
    assert pdf_writer.write(_article(text), target, WriteOptions()) == []
    a4 = PAPERS["a4"]
    left = a4.margins[3] * PT_PER_MM
    return Render(target, _lines(target), left, left + a4.text_width * PT_PER_MM)


@pytest.fixture(scope="module")
def arabic_pdf(tmp_path_factory: pytest.TempPathFactory) -> Render:
    return _render_article(tmp_path_factory.mktemp("rtl"), AR)


@pytest.fixture(scope="module")
def english_pdf(tmp_path_factory: pytest.TempPathFactory) -> Render:
    return _render_article(tmp_path_factory.mktemp("ltr"), EN)


@pytest.fixture(scope="module")
def arabic_in_bulletin(tmp_path_factory: pytest.TempPathFactory) -> Render:
    options = BulletinOptions()
    front = FrontMatter(title="Bản tin", language="vi")
    data, _ = build(assemble([("ar.html", _article(AR))], front, options), options)
    target = tmp_path_factory.mktemp("bulletin") / "bulletin.pdf"
    target.write_bytes(data)
    geometry = paper(options)
    left = geometry.margins[3] * PT_PER_MM
    return Render(target, _lines(target), left, left + geometry.text_width * PT_PER_MM)


TOLERANCE = 1.5  # points: pdftotext's boxes come from glyph advances


# --------------------------------------------------------------------------- PDF, right to left


@needs_poppler
def test_every_line_of_a_wrapped_arabic_title_and_heading_ends_at_the_right_margin(arabic_pdf: Render) -> None:
    for text in (AR.title, AR.heading):
        lines = _lines_of(arabic_pdf.lines, text)
        assert len(lines) >= 2, f"expected {text[:20]}… to wrap, got {len(lines)} line(s)"
        for line in lines:
            assert line.x1 == pytest.approx(arabic_pdf.right, abs=TOLERANCE)
        # The short last line is flushed right, so it leaves the left margin empty.
        assert lines[-1].x0 > arabic_pdf.left + 40


@needs_poppler
def test_arabic_list_items_sit_against_the_right_margin_with_their_marker_outside(arabic_pdf: Render) -> None:
    text_ends = set()
    for word in AR.bullets + AR.steps:
        line = _line_with(arabic_pdf.lines, word)
        assert len(line.words) == 2, f"the item {word!r} and its marker, got {line.words}"
        # Left to right: the item's text, then its marker in the gutter before the right margin.
        assert _same(line.words[0], word) and line.spans[0][1] < line.spans[1][0]
        assert arabic_pdf.right - 30 < line.x1 <= arabic_pdf.right + TOLERANCE
        text_ends.add(round(line.spans[0][1]))
    # Every item's text ends at the same x, whatever its length: aligned right, not left.
    assert len(text_ends) == 1, text_ends


@needs_poppler
def test_an_arabic_quote_is_indented_from_the_right_and_its_bar_is_on_the_right(arabic_pdf: Render) -> None:
    line = _lines_of(arabic_pdf.lines, AR.quote)[0]
    assert arabic_pdf.right - 60 < line.x1 < arabic_pdf.right - 10  # indented from the right margin
    # The bar is pale grey (#c7ccd1), so look for it with a high threshold at 72 dpi (1 px = 1 pt).
    page = rendered_pages(arabic_pdf.pdf, dpi=72)[line.page]
    band = (int(line.y0) + 2, int(line.y1) - 2)
    right_gap = ink_box(page, (int(line.x1) + 2, band[0], int(arabic_pdf.right) + 2, band[1]), threshold=235)
    left_gap = ink_box(page, (int(arabic_pdf.left) - 2, band[0], int(line.x0) - 2, band[1]), threshold=235)
    assert right_gap is not None, "no quote bar between the text and the right margin"
    assert left_gap is None, f"something drawn left of the quote text: {left_gap}"


@needs_poppler
def test_arabic_table_cells_are_right_aligned_and_the_signature_ends_the_line_on_the_left(arabic_pdf: Render) -> None:
    cell = _line_with(arabic_pdf.lines, AR.row[0])
    # First column on the right (the table runs right to left), its text against the cell's right
    # padding rather than at the middle of the table.
    assert arabic_pdf.right - 15 < cell.x1 <= arabic_pdf.right
    signature = _lines_of(arabic_pdf.lines, AR.signature)[-1]
    assert signature.x0 == pytest.approx(arabic_pdf.left, abs=TOLERANCE)


@needs_poppler
def test_an_arabic_article_in_a_bulletin_is_mirrored_too(arabic_in_bulletin: Render) -> None:
    # The bulletin puts dir="rtl" on the <article>, not on <html>.
    render = arabic_in_bulletin
    heading = _lines_of(render.lines, AR.heading)
    assert len(heading) >= 2
    for line in heading:
        assert line.x1 == pytest.approx(render.right, abs=TOLERANCE)
    for word in AR.bullets:
        assert render.right - 30 < _line_with(render.lines, word).x1 <= render.right + TOLERANCE
    assert render.right - 60 < _lines_of(render.lines, AR.quote)[0].x1 < render.right - 10
    assert _lines_of(render.lines, AR.signature)[-1].x0 == pytest.approx(render.left, abs=TOLERANCE)


# --------------------------------------------------------------------------- PDF, left to right


@needs_poppler
def test_an_english_article_keeps_its_left_to_right_layout(english_pdf: Render) -> None:
    render = english_pdf
    heading = _lines_of(render.lines, EN.heading)
    assert len(heading) >= 2
    assert all(ln.x0 == pytest.approx(render.left, abs=TOLERANCE) for ln in heading)
    assert heading[-1].x1 < render.right - 40
    for word in EN.bullets:
        line = _line_with(render.lines, word)
        assert line.words[0] == "•" and render.left < line.x0 < render.left + 30
    quote = _line_with(render.lines, "committed")
    assert render.left + 10 < quote.x0 < render.left + 60
    page = rendered_pages(render.pdf, dpi=72)[quote.page]
    band = (int(quote.y0) + 2, int(quote.y1) - 2)
    assert ink_box(page, (int(render.left) + 2, band[0], int(quote.x0) - 2, band[1]), threshold=235) is not None
    assert _line_with(render.lines, EN.row[0]).x0 < render.left + 15
    assert _line_with(render.lines, EN.signature.split()[0]).x1 == pytest.approx(render.right, abs=TOLERANCE)


# --------------------------------------------------------------------------- DOCX

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


@pytest.fixture(scope="module")
def arabic_styles(tmp_path_factory: pytest.TempPathFactory) -> etree._Element:
    target = tmp_path_factory.mktemp("docx") / "ar.docx"
    docx_writer.write(_article(AR), target, WriteOptions())
    with zipfile.ZipFile(target) as zf:
        return etree.fromstring(zf.read("word/styles.xml"))


def _rpr(styles: etree._Element, style_id: str) -> etree._Element:
    found = styles.xpath(f"w:style[@w:styleId='{style_id}']/w:rPr", namespaces=NS)
    assert found, f"style {style_id} has no run properties"
    return found[0]


def _val(rpr: etree._Element, tag: str) -> str | None:
    """w:val of a child ("on" for an on/off element without one), None when the child is absent."""
    el = rpr.find(f"{{{W}}}{tag}")
    return None if el is None else el.get(f"{{{W}}}val", "on")


@pytest.mark.parametrize(("style_id", "tag", "value"), [
    ("Title", "b", "on"),
    ("Lead", "b", "on"),
    ("Signature", "b", "on"),
    ("Caption", "i", "on"),
    ("Caption", "b", "0"),  # explicitly not bold, for Arabic too
    ("Subtitle", "i", "on"),
    ("Quote", "i", "on"),
    ("Title", "sz", "40"),
    ("Metadata", "sz", "20"),
    ("Normal", "sz", "24"),
    ("TableText", "sz", "22"),
])
def test_a_word_style_gives_arabic_text_the_same_weight_slant_and_size(
        arabic_styles: etree._Element, style_id: str, tag: str, value: str) -> None:
    rpr = _rpr(arabic_styles, style_id)
    assert (_val(rpr, tag), _val(rpr, tag + "Cs")) == (value, value)


def test_no_word_style_sets_bold_italic_or_size_for_latin_text_only(arabic_styles: etree._Element) -> None:
    missing = []
    for rpr in arabic_styles.xpath("//w:style/w:rPr | //w:docDefaults//w:rPr | //w:tblStylePr/w:rPr",
                                   namespaces=NS):
        owner = rpr.getparent()
        name = owner.get(f"{{{W}}}styleId") or owner.get(f"{{{W}}}type") or etree.QName(owner).localname
        for tag in ("b", "i", "sz"):
            if _val(rpr, tag) != _val(rpr, tag + "Cs"):
                missing.append(f"{name}: w:{tag}={_val(rpr, tag)} but w:{tag}Cs={_val(rpr, tag + 'Cs')}")
    assert not missing, "\n".join(missing)


def test_the_cs_twins_are_in_schema_order(arabic_styles: etree._Element) -> None:
    # CT_RPr is a sequence (ECMA-376 §17.3.2.28): Word rejects a w:bCs before w:b or a w:szCs before w:sz.
    order = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
             "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
             "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
             "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")
    for rpr in arabic_styles.xpath("//w:rPr", namespaces=NS):
        names = [etree.QName(c).localname for c in rpr]
        assert names == sorted(names, key=order.index), names


def test_the_running_header_is_mirrored_for_a_right_to_left_article() -> None:
    ar = replace(_article(AR), metadata=replace(_article(AR).metadata, site_name="شركة نفط الكويت"))
    css, _ = page_css(ar, "A4")
    assert "@top-right { content: \"شركة نفط الكويت\"; }" in css and "@top-left { content: \"أخبار\"; }" in css
    en = replace(_article(EN), metadata=replace(_article(EN).metadata, site_name="Kuwait Oil Company"))
    css, _ = page_css(en, "A4")
    assert "@top-left { content: \"Kuwait Oil Company\"; }" in css and "@top-right { content: \"News\"; }" in css


def test_an_arabic_pdf_reads_back_in_order_and_verifies_complete(arabic_pdf: Render) -> None:
    # Justified right-to-left lines came out of the text layer in reverse word order (and overflowed
    # the margin); ragged Arabic paragraphs read back as written.
    report = verify(_article(AR), arabic_pdf.pdf)
    found = {kind: (got, wanted) for kind, got, wanted in report.rows}
    for kind in ("paragraph", "heading", "list item", "signature"):
        assert found[kind][0] == found[kind][1], report.missing
    # pypdf reads a run of Arabic-Indic digits inside right-to-left text in visual order ("٠٨٪" for
    # "٨٠٪", "٤٢٠٢" for the title's "٢٠٢٤"); verify compares such a run by the digits it holds.
    assert report.complete, report.missing
    # Still by its digits: another year in the title is not found.
    other = _article(AR)
    other = replace(other, metadata=replace(other.metadata, title=AR.title.replace("٢٠٢٤", "٢٠٢٥")))
    assert any(item.startswith("title: ") for item in verify(other, arabic_pdf.pdf).missing)
