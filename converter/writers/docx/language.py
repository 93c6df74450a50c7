"""The document's language: ``w:lang`` on defaults, styles and runs; East Asian and complex-script fonts.

Word picks proofing tools and hyphenation from ``w:lang`` (ECMA-376 §17.3.2.20): ``w:val`` for
Latin and Cyrillic text, ``w:eastAsia`` for Chinese, Japanese and Korean, ``w:bidi`` for complex
scripts (Thai, Khmer, Arabic…). Each script also has its own font slot in ``w:rFonts``; the template's
Latin fonts lack the glyphs of those scripts, so the slot gets a font that has them.
"""

from __future__ import annotations

from collections.abc import Iterable

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from ...records import dataclass

# Word wants a language *and* region ("vi-VN") to pick its proofing tools; pages mostly say "vi".
_REGIONS = {
    "vi": "vi-VN", "en": "en-US", "fr": "fr-FR", "de": "de-DE", "zh": "zh-CN", "ja": "ja-JP",
    "ko": "ko-KR", "km": "km-KH", "lo": "lo-LA", "th": "th-TH", "ru": "ru-RU", "ar": "ar-SA",
    "he": "he-IL", "hi": "hi-IN", "fa": "fa-IR",
}
# Fonts Windows and Office ship for each script; LibreOffice substitutes its own when absent.
_EAST_ASIAN_FONTS = {"zh-CN": "SimSun", "zh-SG": "SimSun", "zh-TW": "PMingLiU", "zh-HK": "PMingLiU",
                     "ja": "MS Mincho", "ko": "Malgun Gothic"}
_COMPLEX_FONTS = {"th": "Tahoma", "km": "Khmer UI", "lo": "Lao UI", "ar": "Arial", "he": "Arial",
                  "fa": "Arial", "ur": "Arial", "hi": "Mangal", "bn": "Vrinda", "ta": "Latha"}
# Children of w:rPr that the schema (CT_RPr, ECMA-376 §17.3.2.28) places after w:lang.
_AFTER_LANG = {qn("w:eastAsianLayout"), qn("w:specVanish"), qn("w:oMath"), qn("w:rPrChange")}
_THEME_ATTRS = {"w:eastAsia": "w:eastAsiaTheme", "w:cs": "w:cstheme"}


def word_language(tag: str) -> str:
    """A BCP 47 tag as Word writes it in ``w:lang`` ("vi" → "vi-VN"; "en-gb" → "en-GB")."""
    parts = tag.strip().replace("_", "-").split("-")
    primary = parts[0].lower()
    if not primary:
        return "en-US"
    if len(parts) > 1 and len(parts[1]) == 2 and parts[1].isalpha():
        return f"{primary}-{parts[1].upper()}"
    return _REGIONS.get(primary, primary)


@dataclass(frozen=True, slots=True)
class Language:
    """What ``w:lang`` and ``w:rFonts`` say for one article language."""

    tag: str  # w:lang/@w:val, always set
    east_asia: str = ""  # w:lang/@w:eastAsia, for CJK only
    bidi: str = ""  # w:lang/@w:bidi, for complex scripts only
    fonts: tuple[tuple[str, str], ...] = ()  # (w:rFonts attribute, font) for those scripts

    def lang_attrs(self) -> dict[str, str]:
        attrs = {"w:val": self.tag}
        if self.east_asia:
            attrs["w:eastAsia"] = self.east_asia
        if self.bidi:
            attrs["w:bidi"] = self.bidi
        return attrs


def language_of(bcp47: str) -> Language:
    """The Word language settings for an article's BCP 47 tag (empty means English)."""
    tag = word_language(bcp47 or "en")
    primary = tag.split("-")[0]
    east = _EAST_ASIAN_FONTS.get(tag) or _EAST_ASIAN_FONTS.get(primary)
    if east:
        return Language(tag, east_asia=tag, fonts=(("w:eastAsia", east),))
    if primary == "zh":  # Chinese of an unlisted region: simplified characters are the safer guess
        return Language(tag, east_asia=tag, fonts=(("w:eastAsia", _EAST_ASIAN_FONTS["zh-CN"]),))
    complex_font = _COMPLEX_FONTS.get(primary)
    if complex_font:
        return Language(tag, bidi=tag, fonts=(("w:cs", complex_font),))
    return Language(tag)


def child_element(parent: etree._Element, tag: str, first: bool = False) -> etree._Element:
    """The ``tag`` child of ``parent``, created (first or last) when missing."""
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        if first:
            parent.insert(0, el)
        else:
            parent.append(el)
    return el


def set_lang(rpr: etree._Element, language: Language) -> None:
    """Set ``w:lang`` on one ``w:rPr``, in schema order, replacing whatever it said."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        successor = next((el for el in rpr if el.tag in _AFTER_LANG), None)
        if successor is None:
            rpr.append(lang)
        else:
            successor.addprevious(lang)
    for attr in list(lang.attrib):
        del lang.attrib[attr]
    for attr, value in language.lang_attrs().items():
        lang.set(qn(attr), value)


def _set_fonts(rpr: etree._Element, language: Language, *, create: bool) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        if not create or not language.fonts:
            return
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)  # w:rFonts follows only w:rStyle, which defaults never have
    for attr, font in language.fonts:
        # A theme attribute (w:eastAsiaTheme…) wins over the explicit font: drop it.
        if qn(_THEME_ATTRS[attr]) in fonts.attrib:
            del fonts.attrib[qn(_THEME_ATTRS[attr])]
        fonts.set(qn(attr), font)


def apply_language(document: Document, language: Language) -> None:
    """The article language on the run defaults, every paragraph and character style, and the settings.

    Defaults alone are not enough: a template style that names its own ``w:lang`` (a user's
    en-US "Normal") would win over them, so every style is set too.
    """
    styles = document.styles.element
    defaults = child_element(styles, "w:docDefaults", first=True)
    rpr_default = child_element(defaults, "w:rPrDefault", first=True)
    rpr = child_element(rpr_default, "w:rPr")
    _set_fonts(rpr, language, create=True)
    set_lang(rpr, language)
    for style in styles.iterfind(qn("w:style")):
        if style.get(qn("w:type")) not in {"paragraph", "character"}:
            continue
        style_rpr = style.find(qn("w:rPr"))
        if style_rpr is None:
            style_rpr = OxmlElement("w:rPr")
            # w:rPr is the last child of CT_Style but for w:tblPr, w:trPr, w:tcPr, w:tblStylePr.
            successor = next((el for el in style if el.tag in {qn("w:tblPr"), qn("w:trPr"), qn("w:tcPr"),
                                                                qn("w:tblStylePr")}), None)
            if successor is None:
                style.append(style_rpr)
            else:
                successor.addprevious(style_rpr)
        _set_fonts(style_rpr, language, create=False)
        set_lang(style_rpr, language)
    # w:themeFontLang tells Word which theme fonts to use for each script (§17.15.1.88).
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), language.tag)
        for attr, value in (("w:eastAsia", language.east_asia), ("w:bidi", language.bidi)):
            if value:
                theme_lang.set(qn(attr), value)


def mark_runs(elements: Iterable[etree._Element], language: Language) -> None:
    """``w:lang`` on every run that holds text, as Word writes it when the author types.

    The run's own language survives a change of template or a paste into another document,
    where style-level languages are lost.
    """
    for root in elements:
        for run in root.iter(qn("w:r")):
            if run.find(qn("w:t")) is None:
                continue
            rpr = run.find(qn("w:rPr"))
            if rpr is None:
                rpr = OxmlElement("w:rPr")
                run.insert(0, rpr)  # CT_R: w:rPr comes first
            set_lang(rpr, language)
