"""The bulletin as one Word document: the DOCX writer's pieces, called article by article.

Composed through the DOCX writer's public interface (``writers.docx.__all__``): its
``DocumentBuilder`` opens the template, sets languages, properties, page and footer, adds each
article (title block and lead, body with figures numbered on through the bulletin, record table)
and packages the file deterministically, exactly as for a single page, which is a one-article
document of the same builder.

Added here: a cover, the editorial note, a TOC field with its entries already filled (page
numbers from ``pages``), a Word section per article starting a new (or right-hand) page with a
running head naming its group or category, mirrored margins for duplex, and at the end a table
of every article's metadata, since Word has document properties for one article only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.shared import Cm, Emu, Mm
from docx.text.paragraph import Paragraph
from lxml import etree

from ..diagnostics import Diagnostic
from ..model import Field
from ..render.meta import metadata_rows, record_rows
from ..writers.docx import (
    BODY_TEXT,
    FOOTER,
    LEAD,
    METADATA,
    SUBTITLE,
    DocumentBuilder,
    add_picture,
    add_record_table,
    add_text,
    fit,
    load_picture,
)
from . import docx_parts as parts
from . import docx_split as split
from . import pages as paging
from .config import BulletinOptions
from .html import as_printed, issue_line, running_head
from .model import Bulletin, Entry, Section, word

# Bookmark ids above those of the writer's figure captions, which count figures from 1.
_ARTICLE_IDS, _SECTION_IDS = 1_000_000, 2_000_000
_LOGO_HEIGHT = Mm(25)
_MAX_ROUNDS = 3  # layouts until the filled-in numbers no longer move the pages
# Duplex margins (cm): inside, outside. Their sum is the writer's, so the text width is too.
_DUPLEX = {"A4": (Cm(2.8), Cm(2.2)), "A5": (Cm(2.2), Cm(1.8))}


def article_bookmark(entry: Entry) -> str:
    return f"_TocArticle{entry.number}"


def section_bookmark(n: int) -> str:
    return f"_TocSection{n}"


class _Composer:
    """One pass of writing the bulletin into a fresh document from the template."""

    def __init__(self, bulletin: Bulletin, options: BulletinOptions) -> None:
        self.bulletin, self.options = bulletin, options
        self.builder = DocumentBuilder(None, bulletin.language)
        self.document = self.builder.document
        self.warnings: list[Diagnostic] = self.builder.warnings
        self.width = 0
        self.running: str | None = None  # the running head of the last header written
        self.numbers: dict[str, etree._Element] = {}  # each contents number's w:t, by bookmark
        self.width_digits = 1
        # Where each article is in the body, for measuring in pieces (docx_split.Skeleton).
        self.closes: list[int] = []
        self.bookmarks: list[tuple[str, ...]] = []
        self.headers: list[etree._Element | None] = []
        self.header: etree._Element | None = None  # the w:headerReference of the running head
        self.end = 0

    def skeleton(self) -> split.Skeleton:
        first = self.document.sections[0]._sectPr  # the cover's: its footer is every section's
        footers = tuple(first.findall(qn("w:footerReference")))
        return split.Skeleton(tuple(self.closes), self.end, tuple(self.bookmarks), tuple(self.headers), footers)

    def mark(self) -> int:
        return self.builder.mark()

    def since(self, mark: int) -> list[etree._Element]:
        return self.builder.since(mark)

    def compose(self, pages: Mapping[str, int], width: int = 1) -> bytes:
        """The document with ``pages`` in the contents, each number padded to ``width`` digits."""
        self.width_digits = width
        doc, bulletin = self.document, self.bulletin
        md = bulletin.as_article().metadata
        fields = tuple(Field(name, value) for name, value in parts.properties_fields(bulletin))
        self.builder.properties(replace(md, fields=fields, site_name=""))
        self.builder.page(self.options.paper, bulletin.language)
        self.width = self.builder.text_width
        parts.add_styles(doc, self.width)
        if self.options.mirrored:
            parts.mirror_margins(doc)
            inside, outside = _DUPLEX[self.options.paper.upper()]
            doc.sections[0].left_margin, doc.sections[0].right_margin = inside, outside
        # The cover has neither running head nor page number (w:titlePg, an empty first-page footer).
        doc.sections[0].different_first_page_header_footer = True
        start = self.mark()
        self.cover()
        self.front(pages)
        self.builder.mark_runs(self.since(start))
        for n, section in enumerate(bulletin.sections, 1):
            for i, entry in enumerate(section.entries):
                mark = self.mark()
                self.new_page(running_head(section, entry))
                names = []
                if i == 0 and section.heading:
                    heading = doc.add_paragraph(style=parts.SECTION_TITLE)
                    add_text(heading, section.heading)
                    parts.bookmark(heading, _SECTION_IDS + n, section_bookmark(n))
                    names.append(section_bookmark(n))
                if self.article(entry, section):
                    names.append(article_bookmark(entry))
                self.builder.mark_runs(self.since(mark), entry.article.metadata.language)
                self.closes.append(mark)
                self.bookmarks.append(tuple(names))
                self.headers.append(self.header)
        mark = self.mark()
        self.end = mark
        self.details()
        self.builder.mark_runs(self.since(mark))
        return self.builder.save()

    def new_page(self, running: str | None = None) -> None:
        """Start a Word section on a new (or, with ``--start-on right``, a right-hand) page.

        A section per article or group carries its own running head as plain text: the
        ``STYLEREF`` field that would do it in one section is left unevaluated by LibreOffice.
        """
        start = WD_SECTION.ODD_PAGE if self.options.start_on == "right" else WD_SECTION.NEW_PAGE
        section = self.document.add_section(start)
        section.different_first_page_header_footer = False  # cloned from the cover's section
        if running is None or running == self.running:
            # The front matter: the cover's (empty) header continues. The same head as the
            # section before: its header continues too (a new section is linked to the previous
            # one), so a group of articles shares one header part, not one each (each part
            # is a relationship python-docx searches through at every styled paragraph).
            return
        self.running = running
        header = section.header
        header.is_linked_to_previous = False
        self.header = section._sectPr.find(qn("w:headerReference"))
        paragraph = header.paragraphs[0]
        paragraph.style = self.document.styles[FOOTER]
        stops = paragraph.paragraph_format.tab_stops
        for twips in (4680, 9360):  # the Footer style's own stops would catch the tab first
            stops.add_tab_stop(Emu(twips * 635), WD_TAB_ALIGNMENT.CLEAR)
        stops.add_tab_stop(Emu(self.width), WD_TAB_ALIGNMENT.RIGHT)
        add_text(paragraph, " · ".join(p for p in (self.bulletin.title, issue_line(self.bulletin)) if p))
        paragraph.add_run().add_tab()
        add_text(paragraph, running)

    def cover(self) -> None:
        doc, front = self.document, self.bulletin.front
        if front.logo is not None:
            picture = load_picture(front.logo.data)
            if picture is not None:
                cx, cy = fit(picture.cx, picture.cy, self.width // 2)
                scale = min(1.0, _LOGO_HEIGHT / cy)
                add_picture(doc.add_paragraph().add_run(), picture.blob, Emu(round(cx * scale)),
                            Emu(round(cy * scale)))
        if front.publisher:
            add_text(doc.add_paragraph(style=METADATA), front.publisher.upper(), bold=True)
        add_text(doc.add_paragraph(style=parts.BULLETIN_TITLE), self.bulletin.title)
        if front.subtitle:
            add_text(doc.add_paragraph(style=SUBTITLE), front.subtitle)
        line = issue_line(self.bulletin)
        if line:
            add_text(doc.add_paragraph(style=LEAD), line)

    def front(self, pages: Mapping[str, int]) -> None:
        """Editorial note and contents, from page 2 (page 3 with ``--start-on right``)."""
        doc, lang = self.document, self.bulletin.language
        self.new_page()
        note = self.bulletin.front.note.strip()
        if note:
            add_text(doc.add_paragraph(style="Heading 1"), word("editorial", lang))
            for block in note.split("\n\n"):
                if block.strip():
                    add_text(doc.add_paragraph(style=BODY_TEXT), " ".join(block.split()), italic=True)
        add_text(doc.add_paragraph(style=parts.TOC_HEADING), word("contents", lang))
        instruction = parts.toc_instruction(self.bulletin.grouped)
        self.numbers = parts.add_toc(doc, toc_entries(self.bulletin, pages), instruction, self.width_digits)

    def renumber(self, pages: Mapping[str, int], width: int) -> bytes:
        """The composed document again with other contents numbers: the numbers are the only change."""
        for bookmark, number in self.numbers.items():
            number.text = parts.page_number(pages.get(bookmark, 0), width)
        return self.builder.save()

    def article(self, entry: Entry, section: Section) -> bool:
        """The article, its title bookmarked for the contents (True) when it has one."""
        # Captions continue the bulletin's numbering; the header is as printed in its section (a
        # section of its own category does not repeat the category).
        added = self.builder.add_article(entry.article, first_figure=entry.first_figure,
                                         header=as_printed(section, entry).article.metadata)
        new = [Paragraph(p, self.document._body) for p in added.front if isinstance(p, CT_P)]
        title = next((p for p in new if p.style is not None and p.style.name == parts.TITLE), new[0] if new else None)
        if title is not None:  # what the contents entry links to and PAGEREF measures
            parts.bookmark(title, _ARTICLE_IDS + entry.number, article_bookmark(entry))
        # The reader already reported each missing image once.
        self.warnings += [w for w in added.warnings if w.code != "missing-image"]
        return title is not None

    def details(self) -> None:
        """Every article's metadata, one table each: what custom properties would hold per article."""
        doc, lang = self.document, self.bulletin.language
        self.new_page(word("details", lang))
        add_text(doc.add_paragraph(style="Heading 1"), word("details", lang))
        for entry in self.bulletin.entries():
            md = entry.article.metadata
            add_text(doc.add_paragraph(style="Heading 2"), f"{entry.number}. {md.title}")
            add_record_table(doc, [*metadata_rows(md), *record_rows(md)], self.width)


def toc_entries(bulletin: Bulletin, pages: Mapping[str, int]) -> list[parts.TocEntry]:
    out: list[parts.TocEntry] = []
    level = 2 if bulletin.grouped else 1
    for n, section in enumerate(bulletin.sections, 1):
        if section.heading:
            out.append(parts.TocEntry(1, section.heading, section_bookmark(n), pages.get(section_bookmark(n), 0)))
        for entry in section.entries:
            name = article_bookmark(entry)
            out.append(parts.TocEntry(level, entry.article.metadata.title or "—", name, pages.get(name, 0)))
    return out


def estimated_pages(bulletin: Bulletin, options: BulletinOptions) -> dict[str, int]:
    """Where each section and article would start by the rough count of ``pages.article_pages``."""
    entries = sum(1 for _ in bulletin.entries()) + len(bulletin.sections)
    front_pages = 1 + entries // 28 + (1 if bulletin.front.note.strip() else 0)
    first = 2 + front_pages + (1 if options.start_on == "right" else 0)
    starts: list[tuple[str, int]] = []
    for n, section in enumerate(bulletin.sections, 1):
        if section.heading:
            starts.append((section_bookmark(n), 0))
        starts += [(article_bookmark(e), paging.article_pages(e.article, options.paper)) for e in section.entries]
    return paging.estimate(starts, first, options.start_on == "right")


def _pages(data: bytes, used: Mapping[str, int], composer: _Composer,
           options: BulletinOptions) -> tuple[dict[str, int], bool]:
    """The measured pages (and True), laid out in pieces when the bulletin is large; else as
    ``pages.pages_or_estimate``."""
    command = paging.soffice()
    if command is not None and split.wanted(len(composer.closes), options.start_on == "right", options.mirrored):
        found = split.measure_in_parts(data, composer.skeleton(), lambda d, b: paging.measure(d, b, command))
        if found is not None and used.keys() <= found.keys():
            return {name: found[name] for name in used}, True
    return paging.pages_or_estimate(data, used)


def _digits(pages: Mapping[str, int]) -> int:
    return len(str(max(pages.values(), default=1)))


def build(bulletin: Bulletin, options: BulletinOptions) -> tuple[bytes, list[Diagnostic]]:
    """The DOCX bytes, its contents numbered as LibreOffice paginates it (else estimated).

    The document is composed once, with estimated numbers, and laid out by LibreOffice to measure
    where each title lands. The measured numbers then replace the estimates in place: every number
    is padded to the same width with figure spaces (``docx_parts.page_number``), so the layout that
    was measured is the layout with the real numbers, and one layout is enough. Only when a number
    needs more digits than were reserved is it laid out again with the wider numbers.
    """
    used = estimated_pages(bulletin, options)
    width = _digits(used)
    composer = _Composer(bulletin, options)
    data = composer.compose(used, width)
    warnings = composer.warnings
    for _ in range(_MAX_ROUNDS):
        pages, measured = _pages(data, used, composer, options)
        if not measured:
            warnings.append(Diagnostic("toc-pages-estimated", "LibreOffice is not available to lay the document "
                                    "out: the contents' page numbers are estimates (in Word: select the "
                                    "contents, press F9)"))
            break
        if pages == used:
            break
        fits = _digits(pages) <= width
        width = max(width, _digits(pages))
        data = composer.renumber(pages, width)
        if fits:
            break  # same widths, same layout: the measured pages are the pages of this document
        used = pages
    return data, warnings
