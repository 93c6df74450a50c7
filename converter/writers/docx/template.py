"""The document to fill: the shipped template or the user's ``--reference-docx``, with every style we use.

A user's template brings its styles, page margins, header and footer; its body text is dropped
(as pandoc does with ``--reference-doc``). Styles the writer needs but the template lacks are
copied from the shipped template, with a warning, so the output never falls back to Word's
unstyled "Normal" for a caption or a lead.
"""

from __future__ import annotations

import io
import zipfile
from copy import deepcopy
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.numbering import NumberingPart
from lxml import etree

from ...diagnostics import Diagnostic
from ...errors import InputError
from ...resources import style_path
from ...user_files import MAX_TEMPLATE_BYTES, read_option_file
from .styles import USED_STYLES

TEMPLATE = "reference.docx"
_CONTENT_TYPES = "[Content_Types].xml"
# A Word template (.dotx) is a document with another main-part content type; python-docx only
# opens the document one, and the output is a document anyway.
_DOTX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCX_MAIN = CT.WML_DOCUMENT_MAIN.encode()


def shipped_template() -> Document:
    """A fresh copy of ``styles/reference.docx``."""
    return docx.Document(str(style_path(TEMPLATE)))


def open_template(path: Path | None) -> tuple[Document, list[Diagnostic]]:
    """The document to write into, and a warning when the user's template lacks styles we use."""
    if path is None:
        document = shipped_template()
        keep_broken_lines_unstretched(document)
        return document, []
    document = _open_user(path)
    keep_broken_lines_unstretched(document)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):  # the last w:sectPr holds the page setup: keep it
            body.remove(child)
    _ensure_numbering(document)
    _own_app_properties(document)
    missing = add_missing_styles(document)
    if not missing:
        return document, []
    return document, [Diagnostic("reference-docx-style", f"the template lacks the style(s) {', '.join(missing)}; "
                              "portalconv's own definitions were used", str(path))]


# CT_Compat children that precede w:doNotExpandShiftReturn, and CT_Settings children after w:compat
# (ECMA-376 Part 1, 17.15.1.78 and 17.15.3): Word refuses a settings part out of schema order.
_COMPAT_BEFORE = ("useSingleBorderforContiguousCells", "wpJustification", "noTabHangInd", "noLeading", "spaceForUL",
                  "noColumnBalance", "balanceSingleByteDoubleByteWidth", "noExtraLineSpacing",
                  "doNotLeaveBackslashAlone", "ulTrailSpace")
_MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_SETTINGS_AFTER_COMPAT = ("docVars", "rsids", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                          "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
                          "readModeInkLockDown", "smartTagType", "shapeDefaults", "doNotEmbedSmartTags",
                          "decimalSymbol", "listSeparator")


def keep_broken_lines_unstretched(document: Document) -> None:
    """Set w:doNotExpandShiftReturn: a line ended by a <br> is not spread across a justified paragraph.

    Without it Word and LibreOffice stretch "Tel: +41 22 770 2967<br>" over the full measure.
    """
    settings = document.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = settings.makeelement(qn("w:compat"), {})
        after = {qn(f"w:{n}") for n in _SETTINGS_AFTER_COMPAT}
        later = next((el for el in settings if isinstance(el.tag, str)
                      and (el.tag in after or el.tag.startswith(f"{{{_MATH}}}"))), None)
        if later is None:
            settings.append(compat)
        else:
            later.addprevious(compat)
    if compat.find(qn("w:doNotExpandShiftReturn")) is not None:
        return
    flag = compat.makeelement(qn("w:doNotExpandShiftReturn"), {})
    before = [el for el in compat if el.tag in {qn(f"w:{n}") for n in _COMPAT_BEFORE}]
    if before:
        before[-1].addnext(flag)
    else:
        compat.insert(0, flag)


def _open_user(path: Path) -> Document:
    data = read_option_file(path, "reference document", "--reference-docx", MAX_TEMPLATE_BYTES)
    try:
        return docx.Document(io.BytesIO(_as_document(data)))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise InputError(f"{path}: not a usable Word document ({exc})",
                         hint="--reference-docx needs a .docx or .dotx file saved by Word or LibreOffice") from exc


def _as_document(data: bytes) -> bytes:
    """The package bytes with a .dotx main part relabelled as a document; others unchanged."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as src:
            types = src.read(_CONTENT_TYPES)
            if _DOTX_MAIN not in types:
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
                for info in src.infolist():
                    blob = src.read(info)
                    dst.writestr(info, types.replace(_DOTX_MAIN, _DOCX_MAIN) if info.filename == _CONTENT_TYPES
                                 else blob)
            return out.getvalue()
    except (zipfile.BadZipFile, KeyError):
        return data  # python-docx reports it with its own message


def _own_app_properties(document: Document) -> None:
    """docProps/app.xml of the shipped template: the user's names the application that made the
    template and counts its pages and words, which would be wrong for the article."""
    package = document.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            del package.rels[r_id]
    shipped = shipped_template().part.package
    app = next(rel.target_part for rel in shipped.rels.values() if rel.reltype == RT.EXTENDED_PROPERTIES)
    package.relate_to(Part(app.partname, app.content_type, app.blob, package), RT.EXTENDED_PROPERTIES)
    # "Spelling and grammar already checked" would hide proofing marks in the article's language.
    settings = document.settings.element
    for el in settings.findall(qn("w:proofState")):
        settings.remove(el)


def _ensure_numbering(document: Document) -> None:
    """Give the document a numbering part; python-docx cannot create one (NumberingPart.new raises)."""
    try:
        document.part.part_related_by(RT.NUMBERING)
    except KeyError:
        element = parse_xml(f"<w:numbering {nsdecls('w')}/>")
        part = NumberingPart(PackURI("/word/numbering.xml"), CT.WML_NUMBERING, element, document.part.package)
        document.part.relate_to(part, RT.NUMBERING)


def _defines(document: Document, name: str) -> bool:
    # styles[...] maps UI names to the built-in spellings ("Heading 1" is "heading 1" in the XML).
    try:
        document.styles[name]
    except KeyError:
        return False
    return True


def add_missing_styles(document: Document) -> list[str]:
    """Copy into ``document`` each used style it lacks (and the ancestors those need); their names."""
    missing = [name for name in USED_STYLES if not _defines(document, name)]
    if not missing:
        return []
    reference = shipped_template()
    by_id = {s.get(qn("w:styleId")): s for s in reference.styles.element.iterfind(qn("w:style"))}
    for name in missing:
        _copy_style(document, reference.styles[name].element, by_id)
    return missing


def _id_of_name(document: Document, style: etree._Element) -> str | None:
    """The id of the style in ``document`` that has the same XML name as ``style``, if any."""
    name = style.find(qn("w:name"))
    if name is None:
        return None
    for el in document.styles.element.iterfind(qn("w:style")):
        own = el.find(qn("w:name"))
        if own is not None and own.get(qn("w:val")) == name.get(qn("w:val")):
            return str(el.get(qn("w:styleId")))
    return None


def _copy_style(document: Document, style: etree._Element, by_id: dict[str | None, etree._Element]) -> str:
    """Append a copy of ``style``; returns the style id it got in ``document``."""
    root = document.styles.element
    ids = {s.get(qn("w:styleId")) for s in root.iterfind(qn("w:style"))}
    el = deepcopy(style)
    if qn("w:default") in el.attrib:  # the template's own default style stays the default
        del el.attrib[qn("w:default")]
    for tag in ("w:basedOn", "w:next", "w:link"):
        ref = el.find(qn(tag))
        if ref is None or ref.get(qn("w:val")) in ids:
            continue
        ancestor = by_id.get(ref.get(qn("w:val")))
        if tag == "w:basedOn" and ancestor is not None:
            # The look of ours depends on what it is based on: the user's style of that name,
            # else ours, brought along too.
            ref.set(qn("w:val"), _id_of_name(document, ancestor) or _copy_style(document, ancestor, by_id))
        else:
            el.remove(ref)  # a w:next or w:link to a style that is not there would dangle
    style_id = el.get(qn("w:styleId")) or "Style"
    if style_id in ids:
        # Same id, other name (the user's "Lead" is called "Standfirst"): ours gets a new id.
        n = 2
        while f"{style_id}{n}" in ids:
            n += 1
        style_id = f"{style_id}{n}"
        el.set(qn("w:styleId"), style_id)
    root.append(el)
    return style_id
