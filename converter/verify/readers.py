"""Read a written DOCX, EPUB or PDF back: its text, its figures with their captions, its metadata."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import field
from pathlib import Path
from typing import Any

from lxml import etree

from ..model import Article
from ..patterns import compiled
from ..records import dataclass
from .text import norm

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XHTML = "{http://www.w3.org/1999/xhtml}"
DC = "{http://purl.org/dc/elements/1.1/}"
_FOOTER = compiled(r"^\s*(Trang \d+ / \d+|Page \d+ of \d+)\s*$")


class Damaged(ValueError):
    """The file is a zip but not the package it claims to be (no rootfile, an item without href)."""


@dataclass
class Found:
    text: str = ""  # all text, normalised, one space between paragraphs
    # (caption text, has a picture, sha256 of the picture's bytes or "" when not known)
    figures: list[tuple[str, bool, str]] = field(default_factory=list)
    images: int = 0
    images_are_files: bool = False  # PDF: ``images`` counts image objects, and a photo shown twice is one
    metadata: dict[str, str] = field(default_factory=dict)
    # PDF: a line that wraps inside a word (after "/", at a soft hyphen) reads back with a space, and
    # one that wraps at a space may read back without: spaces prove nothing there, only the letters do.
    spacing_unreliable: bool = False

    def holds(self, text: str) -> bool:
        return self.find(text, 0) >= 0

    def find(self, text: str, start: int) -> int:
        """Where ``text`` first occurs at or after ``start`` (in this output's comparison terms), or -1."""
        if self.spacing_unreliable:
            if self._squashed[0] != self.text:
                self._squashed = (self.text, _pdf_letters(self.text))
            return self._squashed[1].find(_pdf_letters(text), start)
        return self.text.find(text, start)

    _squashed: tuple[str, str] = field(default=("", ""), repr=False, compare=False)


# pypdf reads a run of Arabic-Indic digits inside right-to-left text in visual order ("٤٢٠٢" for
# "٢٠٢٤"): the PDF holds the right number, so such a run is compared as the digits it holds.
_INDIC_DIGITS = compiled("[\u0660-\u0669\u06f0-\u06f9]{2,}")


def _pdf_letters(text: str) -> str:
    """Text as a PDF is compared: without spaces, each Arabic-Indic digit run in a canonical order."""
    return _INDIC_DIGITS.sub(lambda m: "".join(sorted(m[0])), text.replace(" ", ""))


def _xml(data: bytes) -> Any:
    # No network, no entities: outputs are ours but may have been tampered with.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    return etree.fromstring(data, parser)


_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def read_docx(path: Path, article: Article) -> Found:
    from .docxruns import Runs
    from .expected import digest

    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        doc = _xml(zf.read("word/document.xml"))
        core = _xml(zf.read("docProps/core.xml")) if "docProps/core.xml" in names else None
        rels = _xml(zf.read("word/_rels/document.xml.rels")) if "word/_rels/document.xml.rels" in names else None
        styles_xml = _xml(zf.read("word/styles.xml")) if "word/styles.xml" in names else None
        targets = {r.get("Id"): "word/" + (r.get("Target") or "").lstrip("/").removeprefix("word/")
                   for r in (rels if rels is not None else ())}
        # Each media file once: its digest when its bytes decode to a picture, None when they do not.
        media: dict[str, str | None] = {}
        for target in set(targets.values()) & names:
            if target.startswith("word/media/"):
                data = zf.read(target)
                media[target] = digest(data) if _decodes(data) else None
    styles = {p: p.get(f"{W}val") for p in doc.iter(f"{W}pStyle")}
    paragraphs = list(doc.iter(f"{W}p"))
    runs = Runs(styles_xml, doc)

    def text_of(p: Any) -> str:
        """The text of the runs a reader sees (hidden, page-coloured or unreadably small ones are not)."""
        parts = []
        for r in p.iter(f"{W}r"):
            if r.getparent() is not None and not runs.visible(r, p):
                continue
            for el in r:
                if el.tag == f"{W}t":
                    parts.append(el.text or "")
                elif el.tag in (f"{W}br", f"{W}tab", f"{W}cr"):
                    parts.append(" ")
        return "".join(parts)

    found = Found(text=norm(" ".join(text_of(p) for p in paragraphs)))

    def style_of(p: Any) -> str | None:
        return next((styles[s] for s in p.iter(f"{W}pStyle")), None)

    def picture(p: Any) -> str | None:
        """The digest of the first picture a paragraph shows, None when it shows none that decodes."""
        for blip in p.iter(f"{{{_A}}}blip"):
            return media.get(targets.get(blip.get(f"{{{_R}}}embed"), ""))
        return None

    # A figure is its picture (or placeholder box) paragraph; its caption, when it has one, is the
    # Caption paragraph with a SEQ field right after it.
    for i, p in enumerate(paragraphs):
        if style_of(p) not in {"Figure", "ImagePlaceholder"}:
            continue
        nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        captioned = nxt is not None and style_of(nxt) == "Caption" and \
            "SEQ" in "".join(t.text or "" for t in nxt.iter(f"{W}instrText"))
        shown = picture(p)
        has_picture = any(True for _ in p.iter(f"{W}drawing")) and shown is not None
        found.figures.append((norm(text_of(nxt)) if captioned and nxt is not None else "", has_picture, shown or ""))
    # Pictures shown, not media files: one photo used twice is one file and two pictures; a file
    # whose bytes are not a picture shows nothing.
    blips = [b.get(f"{{{_R}}}embed") for b in doc.iter(f"{{{_A}}}blip")]
    found.images = sum(1 for rid in blips if media.get(targets.get(rid, "")) is not None)
    if core is not None:
        found.metadata["title"] = norm("".join(core.findtext(f"{DC}title") or ""))
        found.metadata["author"] = norm(core.findtext(f"{DC}creator") or "").replace(";", ",")
        created = core.findtext("{http://purl.org/dc/terms/}created") or ""
        if created:
            found.metadata["date"] = _local_date(created, article)
    return found


def _local_date(w3cdtf: str, article: Article) -> str:
    """The calendar date of a UTC timestamp as seen in the article's own time zone."""
    from datetime import datetime

    try:
        got = datetime.fromisoformat(w3cdtf.replace("Z", "+00:00"))
    except ValueError:
        return w3cdtf
    value = article.metadata.published.value if article.metadata.published else None
    return (got.astimezone(value.tzinfo) if value is not None else got).date().isoformat()


def read_epub(path: Path, article: Article) -> Found:
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        container = _xml(zf.read("META-INF/container.xml"))
        rootfile = container.find(".//{*}rootfile")
        opf_name = rootfile.get("full-path") if rootfile is not None else None
        if not opf_name:
            raise Damaged("META-INF/container.xml names no package document (rootfile full-path)")
        opf = _xml(zf.read(opf_name))
        base = opf_name.rsplit("/", 1)[0] + "/" if "/" in opf_name else ""
        manifest = {i.get("id"): i.get("href") for i in opf.iter("{*}item")}
        spine = [manifest.get(r.get("idref")) for r in opf.iter("{*}itemref")]
        if not all(spine):
            raise Damaged("a spine item is missing from the manifest or has no href")
        texts: list[str] = []
        found = Found()
        for href in spine:
            chapter_name = base + str(href)
            doc = _xml(zf.read(chapter_name))
            _drop_unseen(doc, _style_sheets(zf, names, chapter_name, doc))
            texts.append(_xhtml_text(doc))
            for fig in doc.iter(f"{XHTML}figure"):
                cap = fig.find(f"{XHTML}figcaption")
                img = fig.find(f".//{XHTML}img")
                shown = _epub_picture(zf, names, chapter_name, img.get("src", "")) if img is not None else None
                found.figures.append((norm("".join(cap.itertext())) if cap is not None else "", shown is not None,
                                      shown or ""))
                found.images += 1 if shown is not None else 0
    found.text = norm(" ".join(texts))
    found.metadata["title"] = norm(" ".join(t.text or "" for t in opf.iter(f"{DC}title")))
    found.metadata["author"] = norm(", ".join(t.text or "" for t in opf.iter(f"{DC}creator")))
    found.metadata["language"] = " ".join(t.text or "" for t in opf.iter(f"{DC}language"))
    found.metadata["date"] = " ".join(t.text or "" for t in opf.iter(f"{DC}date"))
    return found


_BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "div", "br", "dt", "dd",
           "caption", "tr", "title", "section", "header", "blockquote"}


def _xhtml_text(doc: Any) -> str:
    """Text with a space at block boundaries only, so inline markup never splits or joins words."""
    for el in doc.iter():
        if isinstance(el.tag, str) and etree.QName(el).localname in _BLOCKS:
            el.tail = " " + (el.tail or "")
            el.text = " " + (el.text or "")
    return "".join(doc.itertext())


def _member(names: list[str], chapter: str, src: str) -> str | None:
    """The zip member a relative reference from ``chapter`` names, if the package holds it."""
    import posixpath
    from urllib.parse import unquote

    target = posixpath.normpath(posixpath.join(posixpath.dirname(chapter), unquote(src.split("#")[0])))
    return target if target in names else None


def _epub_picture(zf: zipfile.ZipFile, names: list[str], chapter: str, src: str) -> str | None:
    """The digest of the picture ``src`` shows, None when it is not in the package or does not decode."""
    from .expected import digest

    member = _member(names, chapter, src)
    if member is None:
        return None
    data = zf.read(member)
    if member.lower().endswith(".svg"):
        try:
            ok = etree.QName(_xml(data)).localname == "svg"
        except etree.XMLSyntaxError:
            ok = False
    else:
        ok = _decodes(data)
    return digest(data) if ok else None


def _style_sheets(zf: zipfile.ZipFile, names: list[str], chapter: str, doc: Any) -> list[str]:
    """The text of the style sheets a content document links to (those the package holds)."""
    sheets = []
    for link in doc.iter(f"{XHTML}link"):
        if "stylesheet" in (link.get("rel") or "").lower().split():
            member = _member(names, chapter, link.get("href") or "")
            if member is not None:
                sheets.append(zf.read(member).decode("utf-8", errors="replace"))
    return sheets


def _drop_unseen(doc: Any, style_sheets: list[str]) -> None:
    """Take out of ``doc`` what a reader does not see: ``<head>`` and every hidden element."""
    from .csshide import hidden_elements

    unseen = [*doc.iter(f"{XHTML}head"), *hidden_elements(doc, style_sheets)]
    for el in unseen:
        parent = el.getparent()
        if parent is None:
            continue
        # The text after the element is the parent's, and stays; a space keeps the words apart.
        tail = " " + (el.tail or "")
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
        parent.remove(el)


def read_pdf(path: Path, article: Article) -> Found:
    from pypdf import PdfReader

    from .pdfpaint import keep_visible

    reader = PdfReader(str(path))
    md = article.metadata
    # The running header: site name at the top left, category at the top right (one line of text).
    heads = {norm(md.site_name), norm(md.category), norm(f"{md.site_name} {md.category}")} - {""}
    lines: list[str] = []
    images: list[Any] = []
    vector_figures = 0
    seen: set[int] = set()
    for page in reader.pages:
        # Running heads and page numbers sit between the halves of a paragraph broken by a page.
        # Our writer marks them (the page's margin boxes) as artifacts, which are not content.
        marked = _blank_artifacts(page, reader)
        painted = keep_visible(page, reader, seen)  # text a reader cannot see is not there
        images += painted.images
        vector_figures += painted.vector_figures
        for line in (page.extract_text() or "").splitlines():
            # A page whose furniture is not marked (another writer, an older portalconv): drop the
            # lines that are exactly a running head or a page number.
            if not marked and (_FOOTER.match(line) or norm(line) in heads):
                continue
            lines.append(line)
    joined = re.sub(r"(?<=\w)-\n(?=\w)", "-", "\n".join(lines))
    # List markers are drawn apart from their items' text (WeasyPrint paints a page's markers
    # first): a paragraph broken by a page can read back with the next list's bullets between its
    # halves. A bullet standing alone is never article text.
    joined = _LONE_BULLETS.sub(" ", joined)
    # A figure drawn as paths (an SVG photo: WeasyPrint draws it, it embeds no image) shows a picture too.
    decodable = sum(1 for obj in images if _pdf_image_decodes(obj))
    found = Found(text=norm(joined), images=decodable + vector_figures, images_are_files=True,
                  spacing_unreliable=True)
    # A PDF has no figure structure we can trust; a caption counts as attached when its text is there
    # and the figure label precedes it, and the photo count is checked separately.
    found.figures = _figure_lines(found.text, article)
    info: dict[str, Any] = dict(reader.metadata or {})
    found.metadata["title"] = norm(str(info.get("/Title", "")))
    found.metadata["author"] = norm(str(info.get("/Author", "")))
    created = str(info.get("/CreationDate", ""))
    if (m := re.match(r"D:(\d{4})(\d{2})(\d{2})", created)):
        found.metadata["date"] = f"{m[1]}-{m[2]}-{m[3]}"
    return found


_LONE_BULLETS = compiled(r"(?<!\S)[•◦▪‣∙○■□](?!\S)")


def _blank_artifacts(page: Any, reader: Any) -> bool:
    """Take the text shown inside ``/Artifact`` marked content out of ``page``; whether any text was.

    Artifacts (ISO 32000-1 §14.8.2.2) are page furniture, not content: here the running header and
    the "Trang 2 / 3" footer that the writer draws in the page's margin boxes and marks
    ``/Artifact <</Type /Pagination>>`` (writers/pdf/standards.py). Left in, they land between the
    two halves of a paragraph that a page break splits. Only the text-showing operators (and form
    XObjects) inside an artifact are removed, in memory: positions, fonts and the graphics state are
    untouched, so everything else on the page is extracted as before.
    """
    from pypdf.generic import ArrayObject, ContentStream, NameObject, StreamObject

    raw = page.get("/Contents")
    raw = raw.get_object() if raw is not None else None
    if not isinstance(raw, (ArrayObject, StreamObject)):
        return False
    # "bytes", as pypdf's own text extraction parses it: strings stay in the font's encoding.
    contents = ContentStream(raw, reader, "bytes")
    kept: list[tuple[Any, bytes]] = []
    depth = 0  # marked-content nesting
    artifact = 0  # the depth at which the artifact sequence we are in began; 0 when in none
    dropped = False  # text shown in an artifact (WeasyPrint also marks backgrounds, which show none)
    for operands, operator in contents.operations:
        if operator in (b"BMC", b"BDC"):
            depth += 1
            if not artifact and operands and operands[0] == "/Artifact":
                artifact = depth
        elif operator == b"EMC":
            if artifact == depth:
                artifact = 0
            depth = max(depth - 1, 0)
        elif artifact:
            if operator == b"Do":  # a form or image: nothing of it is content either
                continue
            if operator in (b"Tj", b"TJ"):
                dropped = True
                continue
            if operator == b"'":  # move to the next line, show nothing
                operator, operands, dropped = b"T*", [], True
            elif operator == b'"' and len(operands) >= 2:
                kept += [([operands[0]], b"Tw"), ([operands[1]], b"Tc")]
                operator, operands, dropped = b"T*", [], True
        kept.append((operands, operator))
    if dropped:
        contents.operations = kept
        page[NameObject("/Contents")] = contents
    return dropped


def _figure_lines(text: str, article: Article) -> list[tuple[str, bool, str]]:
    from ..walk import figures, plain_text

    out = []
    for fig in figures(article.blocks):
        cap = norm(plain_text(fig.caption, with_targets=True))  # as expected.py reads it: link notes printed
        # Caption text present ⇒ attached (the PDF keeps figure and caption in one unbreakable box).
        out.append((cap if cap.replace(" ", "") in text.replace(" ", "") else "", fig.image.resource is not None, ""))
    return out


def _pdf_image_decodes(obj: Any) -> bool:
    """Whether an image XObject's data decodes to pixels (a corrupt JPEG stream shows nothing)."""
    try:
        if obj.get("/Filter") in ("/DCTDecode", ["/DCTDecode"]):  # the data is the JPEG file itself
            return _decodes(obj.get_data())
        with obj.decode_as_image() as im:
            im.load()
        return True
    except Exception:  # any failure to decode is a photo that does not show
        return False


def _decodes(data: bytes) -> bool:
    """Whether raster ``data`` decodes completely (not only its header)."""
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as im:
            im.draft(im.mode, (64, 64))  # JPEG: decode at 1/8 scale, every byte of the stream still read
            im.load()
        return True
    except Exception:  # Pillow raises many kinds for damaged data; all mean "does not show"
        return False


READERS: dict[str, Callable[[Path, Article], Found]] = {"docx": read_docx, "epub": read_epub, "pdf": read_pdf}
