"""Figures: the picture (sized to fit, alt text kept, a hyperlink when the page's photo was a link)
and its caption with a real SEQ field."""

from __future__ import annotations

import io
import numbers
import struct
import weakref
from typing import Any

from docx.document import Document
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.shared import Emu, Length, Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree
from PIL import Image as PILImage

from ...diagnostics import Diagnostic
from ...labels import label
from ...load.images import to_core_format
from ...model import Article, Figure, Link, Resource
from ...records import dataclass
from ...walk import image_name, numbered, plain_text, shown_target
from .fields import add_field, bookmark_end, bookmark_start
from .inlines import add_inlines, add_text, link_target, xml_text
from .page import last_section
from .styles import CAPTION, FIGURE, IMAGE_PLACEHOLDER

EMU_PER_INCH = 914400
DEFAULT_DPI = 96.0  # CSS pixels: what the page meant when the file carries no resolution
# Formats python-docx can embed as they are; others (WebP, …) are converted to PNG.
_NATIVE = {"JPEG", "PNG", "GIF", "BMP", "TIFF"}


@dataclass(frozen=True, slots=True)
class Picture:
    blob: bytes
    cx: int  # natural size in EMU at the image's own resolution
    cy: int


def _dpi(value: object) -> float:
    # Pillow gives floats, or IFDRational for TIFF: both are numbers.Real.
    if not isinstance(value, numbers.Real):
        return DEFAULT_DPI
    dpi = float(value)
    # 1 dpi is what many tools write for "unknown"; absurd values would make a poster or a dot.
    if not 24 <= dpi <= 2400:
        return DEFAULT_DPI
    # PNG stores pixels per metre (pHYs), so "96 dpi" comes back as 96.012: undo that rounding.
    return float(round(dpi)) if abs(dpi - round(dpi)) < 0.05 else dpi


def _docx_reads(data: bytes) -> bool:
    """Whether python-docx's own header parser accepts the bytes (it is stricter than Pillow)."""
    try:
        DocxImage.from_blob(data)
    except (UnrecognizedImageError, ValueError, IndexError, struct.error):
        return False
    return True


def load_picture(data: bytes) -> Picture | None:
    """The embeddable bytes and natural size of an image, or None when it cannot be decoded."""
    try:
        with PILImage.open(io.BytesIO(data)) as img:
            width, height = img.size
            dpi = img.info.get("dpi") or (DEFAULT_DPI, DEFAULT_DPI)
            blob = data
            if img.format not in _NATIVE or not _docx_reads(data):
                out = io.BytesIO()
                mode = "RGBA" if "A" in img.getbands() or "transparency" in img.info else "RGB"
                img.convert(mode).save(out, format="PNG")
                blob = out.getvalue()
    except (OSError, ValueError, PILImage.DecompressionBombError):
        return None
    if width <= 0 or height <= 0:
        return None
    cx = round(width * EMU_PER_INCH / _dpi(dpi[0]))
    cy = round(height * EMU_PER_INCH / _dpi(dpi[1]))
    return Picture(blob, max(cx, 1), max(cy, 1))


def fit(cx: int, cy: int, max_cx: int, max_cy: int | None = None) -> tuple[int, int]:
    """Shrink (never enlarge) to at most ``max_cx`` wide and ``max_cy`` high, keeping the aspect ratio."""
    scale = min(1.0, max_cx / cx, (max_cy / cy) if max_cy is not None else 1.0)
    if scale >= 1.0:
        return cx, cy
    return max(1, min(max_cx, round(cx * scale))), max(1, round(cy * scale))


# The PDF's height limit on a photo (writers/pdf/document.py PAPERS: 85 mm, 70 mm on A5): a
# portrait photo as wide as the text would be taller than the page, so each would sit alone on a
# page with its caption pushed to the next. Pages no taller than A5 get the lower limit.
MAX_PICTURE_HEIGHT = Mm(85)
MAX_PICTURE_HEIGHT_SMALL = Mm(70)
_SMALL_PAGE = Mm(215)


def max_picture_height(document: Document) -> int:
    """The tallest a figure photo may be on the document's (last) section's paper."""
    height = last_section(document).page_height
    return int(MAX_PICTURE_HEIGHT_SMALL if height is not None and height <= _SMALL_PAGE else MAX_PICTURE_HEIGHT)


# The next drawing id of each document part being written (see add_picture).
_SHAPE_IDS: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()


def add_picture(run: Run, blob: bytes, width: Length, height: Length) -> None:
    """``run.add_picture`` with the same ids, in constant time.

    python-docx numbers each drawing (wp:docPr/@id) one above the largest id in the document, found
    by an XPath over all of it at every picture: a bulletin of n photos took n² time. Here the
    part's ids are read once, then counted on; every picture of the document comes through here.
    """
    part = run.part
    shape_id = _SHAPE_IDS.get(part) or part.next_id
    r_id, image = part.get_or_add_image(io.BytesIO(blob))
    cx, cy = image.scaled_dimensions(width, height)
    run._r.add_drawing(CT_Inline.new_pic_inline(shape_id, r_id, image.filename, cx, cy))
    _SHAPE_IDS[part] = shape_id + 1


def _no_wrap_distance(run_el: etree._Element) -> None:
    """distT/distB/distL/distR="0" on wp:inline: without them LibreOffice adds its default gap
    beside the picture, and a photo as wide as the text stands past the right margin."""
    for inline in run_el.iter(qn("wp:inline")):
        for side in ("distT", "distB", "distL", "distR"):
            inline.set(side, "0")


def _hyperlink(paragraph: Paragraph, fig: Figure) -> str | None:
    """Put the paragraph's runs (the picture, or the placeholder's text) in a w:hyperlink to where
    the page's photo led; the relationship id, or None when there is no link Word can follow."""
    target = link_target(fig.link) if fig.link else None
    if target is None:
        return None
    r_id = paragraph.part.relate_to(target, RT.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), r_id)
    hyperlink.set(qn("w:history"), "1")
    for r in list(paragraph._p.iterchildren(qn("w:r"))):
        hyperlink.append(r)
    paragraph._p.append(hyperlink)
    return r_id


def _shown_target(paragraph: Paragraph, fig: Figure) -> None:
    """A link that leads nowhere from the document (a relative one of a page whose address is
    unknown) is printed on a line of its own under the picture, as the XHTML renderer does."""
    if target := shown_target(Link((), fig.link)):
        paragraph.add_run().add_break()
        add_text(paragraph, f"[{target}]")


class FigureWriter:
    """Writes figures in reading order; the running count is the figure number (SEQ Figure)."""

    def __init__(self, document: Document, article: Article, text_width: int) -> None:
        self.document = document
        self.article = article
        self.lang = article.metadata.language or "en"
        self.text_width = text_width
        self.max_height = max_picture_height(document)
        self.count = 0  # labelled figures so far: the SEQ number of the next caption is count + 1
        self.index = 0  # every figure so far, for warnings
        self._last_placeholder: etree._Element | None = None

    def add(self, fig: Figure) -> list[Diagnostic]:
        self.index += 1
        if numbered(fig):
            self.count += 1
        warnings: list[Diagnostic] = []
        res = self.article.resource(fig.image.resource)
        # Word cannot show SVG without a PNG fallback: the drawing goes in as a sanitised PNG.
        drawable = to_core_format(res) if res is not None and res.media_type == "image/svg+xml" else res
        picture = load_picture(drawable.data) if drawable is not None else None
        if res is not None and picture is not None:
            self._picture(fig, picture)
        else:
            self._placeholder(fig)
            warnings.append(self._warning(fig, res))
        if numbered(fig):
            self._caption(fig)
        return warnings

    def _picture(self, fig: Figure, picture: Picture) -> None:
        paragraph = self.document.add_paragraph(style=FIGURE)
        # Keep the photo on the page of its caption (w:keepNext), whatever the template says.
        paragraph.paragraph_format.keep_with_next = numbered(fig)
        cx, cy = fit(picture.cx, picture.cy, self.text_width, self.max_height)
        run = paragraph.add_run()
        add_picture(run, picture.blob, Emu(cx), Emu(cy))
        _no_wrap_distance(run._r)
        # Alt text goes in wp:docPr/@descr, where Word and screen readers look for it; the caption
        # stands in when the page gave none, as in the XHTML renderer.
        alt = xml_text(fig.image.alt or plain_text(fig.caption))
        for tag in ("wp:docPr", "pic:cNvPr"):
            for el in run._r.iter(qn(tag)):
                el.set("descr", alt)
        if (r_id := _hyperlink(paragraph, fig)) is not None:
            # As Word links a picture: the run inside w:hyperlink and a:hlinkClick on the drawing's
            # properties (what Word follows on Ctrl+click on the picture itself).
            for el in run._r.iter(qn("wp:docPr")):
                click = OxmlElement("a:hlinkClick")
                click.set(qn("r:id"), r_id)
                el.insert(0, click)
        _shown_target(paragraph, fig)

    def _placeholder(self, fig: Figure) -> None:
        """A box where the photo would be: the template's "Image Placeholder" draws the border
        (w:pBdr on all four sides) and the padding; inside, the label and the file name."""
        name = image_name(fig.image.src)
        paragraph = self.document.add_paragraph(style=IMAGE_PLACEHOLDER)
        previous = paragraph._p.getprevious()
        if previous is not None and previous is self._last_placeholder:
            # Word and LibreOffice draw adjacent paragraphs with the same borders as one box: two
            # missing photos in a row would read as one tall box. An empty borderless line parts them.
            spacer = paragraph.insert_paragraph_before()
            spacer.paragraph_format.space_before = spacer.paragraph_format.space_after = 0
            spacer.paragraph_format.line_spacing = Pt(6)
            spacer.paragraph_format.keep_with_next = True
        self._last_placeholder = paragraph._p
        paragraph.paragraph_format.keep_with_next = numbered(fig)
        # First-strong isolate (U+2068 … U+2069), as <bdi> in XHTML: a Latin file name inside an
        # Arabic sentence keeps its own order ("4711.jpg", not "jpg.4711").
        # A photo whose address was lost (src="") has no name to show: the label alone.
        add_text(paragraph, f"[{label('missing_image', self.lang)}: \u2068{name}\u2069]" if name
                 else f"[{label('missing_image', self.lang)}]")
        if fig.image.alt and fig.image.alt != name:
            paragraph.add_run().add_break()  # the page's alt text, on a line of its own, says what was there
            add_text(paragraph, fig.image.alt, italic=True)
        _hyperlink(paragraph, fig)
        _shown_target(paragraph, fig)

    def _warning(self, fig: Figure, res: Resource | None) -> Diagnostic:
        if res is None:
            return Diagnostic("missing-image", f"image not found, a placeholder was written (figure "
                           f"{self.index})", fig.image.src)
        return Diagnostic("unreadable-image", f"image bytes could not be decoded, a placeholder was "
                       f"written (figure {self.index})", fig.image.src)

    def _caption(self, fig: Figure) -> Paragraph:
        n = self.count
        paragraph = self.document.add_paragraph(style=CAPTION)
        # A bookmark over "Figure n", like Word's own captions, lets cross-references point here.
        bookmark_start(paragraph, n, f"_RefFigure{n}")
        add_text(paragraph, f"{label('figure', self.lang)} ")
        add_field(paragraph, r"SEQ Figure \* ARABIC", str(n))
        bookmark_end(paragraph, n)
        if fig.caption or fig.credit:
            add_text(paragraph, ". ")
        add_inlines(paragraph, fig.caption)
        if fig.credit:
            add_text(paragraph, f" ({fig.credit})" if fig.caption else f"({fig.credit})")
        return paragraph
