"""The shipped fonts cover every character that samples and corpus articles print: no tofu, and no
system font ever drawn in.

Checked on the character maps rather than on rendered PDFs, so that the whole corpus takes a
second: Pango falls back to a system font exactly when no font of the CSS family list has the
character. One render confirms the Arabic and CJK fonts are really used.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont
from lxml import etree
from pdfprobe import font_rows, needs_poppler

from converter import api
from converter import model as m
from converter.errors import PortalconvError
from converter.options import WriteOptions
from converter.resources import style_path
from converter.writers import pdf as pdf_writer
from converter.writers.pdf.document import xhtml

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
PAGES = sorted(ROOT.glob("samples/*.html")) + sorted(CORPUS.glob("*.html"))
# The font-family lists of print.css: the body (serif) and everything else (sans).
STACKS = {
    "serif": ("NotoSerif", "NotoNaskhArabic", "NotoSansCJKsc"),
    "sans": ("NotoSans", "NotoSansArabic", "NotoSansCJKsc"),
}


@cache
def covered(stack: str, style: str) -> frozenset[int]:
    codepoints: set[int] = set()
    for family in STACKS[stack]:
        # Arabic has no italic and CJK only one weight: Pango then uses the closest face of the
        # same family, never a system font.
        for candidate in (style, style.replace("Italic", "") or "Regular", "Regular"):
            found = [style_path(f"fonts/{family}-{candidate}{ext}") for ext in (".ttf", ".otf")]
            path = next((f for f in found if f.is_file()), None)
            if path is not None:
                codepoints |= set(TTFont(path).getBestCmap())
                break
        else:
            raise AssertionError(f"no {family} face in styles/fonts")
    return frozenset(codepoints)


def printed_characters(article: m.Article) -> set[str]:
    root = etree.fromstring(xhtml(article).split(b"\n", 1)[1])
    body = root.find("{http://www.w3.org/1999/xhtml}body")
    assert body is not None
    text = "".join(body.itertext()) + article.metadata.site_name + article.metadata.category
    # Whitespace and format characters (ZWSP, ZWJ, bidi marks) are not drawn with a glyph.
    return {c for c in text if not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf")}


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_every_printed_character_is_in_the_shipped_fonts(page: Path) -> None:
    try:
        article = api.read(page).article
    except PortalconvError:
        pytest.skip("no article in this page")
    chars = printed_characters(article)
    for stack in STACKS:
        for style in ("Regular", "Bold", "Italic", "BoldItalic"):
            missing = sorted(c for c in chars if ord(c) not in covered(stack, style))
            assert missing == [], f"{stack} {style}: {[f'U+{ord(c):04X} {c}' for c in missing]}"


@needs_poppler
def test_arabic_chinese_and_korean_are_set_in_the_shipped_fonts(tmp_path: Path) -> None:
    article = m.article("بيان صحفي", m.heading(1, "عنوان فرعي"), m.para("أقام نائب العضو المنتدب حفل وداع."),
                        m.para("国际航协大幅下调2019年全球航空运输业净利润 — 2019년 항공업계 전망"), language="ar")
    target = tmp_path / "ar.pdf"
    # No warning: a missing glyph would come back as a ".notdef glyph rendered" renderer warning.
    assert pdf_writer.write(article, target, WriteOptions()) == []
    names = {row["name"].split("+", 1)[1] for row in font_rows(target)}
    assert {"Portalconv-Noto-Naskh-Arabic", "Portalconv-Noto-Sans-Arabic-Bold", "Portalconv-Noto-Sans-CJK"} <= names
    assert all(name.startswith("Portalconv-") for name in names)
    assert b'dir="rtl"' in xhtml(article)
    with pikepdf.open(target) as pdf:
        assert str(pdf.Root.Lang) == "ar"
