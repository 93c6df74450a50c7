"""The bulletin as one PDF: every article through the PDF writer's XHTML, laid out by WeasyPrint.

Composed through the PDF writer's public interface (``writers.pdf.__all__``): each article's
XHTML (``xhtml``: image URLs under the private scheme, PDF/UA alt texts, record-table scopes,
right-to-left direction), the photo downsampler, and ``render_layout``, the one render a single
page goes through too (the fetcher that serves only the images and the shipped styles, the render
lock and log collector, the XMP/``/Info`` finishing and the tagging repairs).

Up to ``parts.ONE_PIECE_UP_TO`` articles, and always with ``--pdf-standard`` (one structure tree,
one catalogue), the bulletin is one document: ``target-counter`` page numbers in the contents,
running heads and outlines come from WeasyPrint itself, and the PDF is tagged. Beyond that, one
render holds every laid-out page in memory (about 0.8 MiB a page: 1.9 GB and eight minutes for
1,000 articles, 2,386 pages, on one core), so a larger bulletin is rendered in parts by two worker
processes and joined (``parts``, ``stitch``): same pages, text, page numbers, contents numbers,
outline, links, boxes and marks, metadata and ``/ID``, but untagged.
"""

from __future__ import annotations

import base64
from dataclasses import replace
from types import ModuleType

from lxml import etree

from ..diagnostics import Diagnostic
from ..errors import InputError, PortalconvError
from ..labels import label
from ..model import Article, DateValue, Metadata
from ..options import PDF_STANDARDS
from ..resources import styles_dir
from ..user_files import read_icc_profile, read_stylesheet
from ..writers.pdf import (
    NO_DATE,
    PAPERS,
    Layout,
    Paper,
    css_string,
    downsample,
    import_weasyprint,
    render_layout,
    resource_url,
    xhtml,
)
from . import html
from .config import BulletinOptions
from .model import Bulletin, Entry

_X = "{http://www.w3.org/1999/xhtml}"
# Duplex margins (mm): top, outer, bottom, inner. The inner margin is wider: binding (staples,
# glue) takes a few millimetres at the spine. Their sum equals the writer's two side margins,
# so the text width, and with it the photo downsampling, is the same as for a single article.
_DUPLEX = {"a4": (22.0, 17.0, 24.0, 23.0), "a5": (16.0, 12.0, 18.0, 16.0)}


def check_standard(name: str | None, weasyprint: ModuleType | None = None) -> str | None:
    """The normalised standard: the PDF writer's (PDF/A-3u, PDF/UA-1) or a PDF/X variant of WeasyPrint."""
    if name is None:
        return None
    key = name.strip().lower()
    if key in PDF_STANDARDS:
        return key
    variants: tuple[str, ...] = ()
    if weasyprint is not None:
        from weasyprint.pdf import VARIANTS

        variants = tuple(v for v in VARIANTS if v.startswith("pdf/x-"))
    if key in variants or (weasyprint is None and key.startswith("pdf/x-")):
        return key
    raise PortalconvError(f"unknown PDF standard {name!r}; choose {', '.join((*PDF_STANDARDS, *variants))}")


def paper(options: BulletinOptions) -> Paper:
    """The writer's geometry for the paper, with duplex margins when they are mirrored."""
    base = PAPERS[options.paper.lower()]
    if not options.mirrored:
        return base
    top, outer, bottom, inner = _DUPLEX[options.paper.lower()]
    # Paper.margins is (top, right, bottom, left): the right-hand page's right margin is outer.
    return replace(base, margins=(top, outer, bottom, inner))


def page_css(bulletin: Bulletin, options: BulletinOptions, geometry: Paper, total_pages: int | None = None) -> str:
    """Size, margins (mirrored for duplex), bleed and marks, running heads, page numbers.

    ``total_pages`` prints that number for ``counter(pages)`` ("Page 3 of 2386"): the page numbers
    of a bulletin rendered in parts come from documents holding only some of its pages.
    """
    top, right, bottom, left = geometry.margins
    lang = bulletin.language
    head = css_string(" · ".join(p for p in (bulletin.title, html.issue_line(bulletin)) if p))
    rules = [f"@page {{ size: {geometry.css_size}; margin: {top}mm {right}mm {bottom}mm {left}mm; }}",
             f"figure img {{ max-height: {geometry.figure_max_height}mm; }}"]
    if options.bleed:
        # The marks are drawn by writers.pdf.marks in a slug outside the bleed, not by WeasyPrint,
        # whose marks sit inside the bleed where the guillotine cuts them off.
        rules.append(f"@page {{ bleed: {options.bleed}; marks: none; }}")
    if options.mirrored:
        # Left-hand pages: the bulletin's name at the outer (left) edge; right-hand pages: the
        # section. Page numbers at the outer corners, where a thumb finds them.
        rules += [
            f"@page :left {{ margin-left: {right}mm; margin-right: {left}mm;"
            f" @top-left {{ content: {head}; }} @top-right {{ content: none; }}"
            " @bottom-left { content: counter(page); } @bottom-center { content: none; } }",
            "@page :right { @top-right { content: string(section); } @top-left { content: none; }"
            " @bottom-right { content: counter(page); } @bottom-center { content: none; } }",
        ]
    else:
        page, of = css_string(label("page", lang) + " "), css_string(" " + label("of", lang) + " ")
        pages = "counter(pages)" if total_pages is None else css_string(str(total_pages))
        rules += [f"@page {{ @top-left {{ content: {head}; }} @top-right {{ content: string(section); }}"
                  f" @bottom-center {{ content: {page} counter(page) {of} {pages}; }} }}"]
    if options.icc_profile is not None:
        # The output intent of PDF/X (ISO 15930): WeasyPrint takes it from the device-cmyk profile.
        # A data: URL, because the fetcher serves no file outside the styles folder.
        icc = base64.b64encode(read_icc_profile(options.icc_profile)).decode("ascii")
        rules.append(f"@color-profile device-cmyk {{ src: url(data:application/vnd.iccprofile;base64,{icc});"
                     " components: cyan, magenta, yellow, black; }")
    if options.start_on == "right":
        rules.append("section.front-matter, section.bulletin-section, .entry + .entry { break-before: right; }")
    return "\n".join(rules) + "\n" + geometry.extra_css


def article_element(entry: Entry, resolutions: dict[str, float]) -> etree._Element:
    """The entry's ``<article>`` as the PDF writer renders it, renumbered for the bulletin."""
    root = etree.fromstring(xhtml(entry.article, resolutions))
    article = root.find(f".//{_X}article")
    assert article is not None, "render.html always writes an article element"
    html.renumber(article, entry, f"{entry.anchor}-")
    if root.get("dir"):
        article.set("dir", root.get("dir", ""))
    return article


def document(bulletin: Bulletin, resolutions: dict[str, float], dates_required: bool = False) -> bytes:
    """The bulletin XHTML: the writer's head (title, dates, keywords) over the bulletin body.

    An undated bulletin has no dates in its head, so none in the PDF. ``dates_required`` (PDF/X:
    ISO 15930 requires ``/CreationDate`` and ``/ModDate``, and WeasyPrint fills missing ones from
    the clock) dates it ``moments.NO_DATE`` instead.
    """
    root = head(bulletin, dates_required)
    root.append(html.body(bulletin, lambda e: article_element(e, resolutions), logo_url(bulletin)))
    return b"<!DOCTYPE html>\n" + etree.tostring(root, encoding="utf-8")


def head(bulletin: Bulletin, dates_required: bool = False) -> etree._Element:
    """The bulletin's ``<html>`` with the writer's ``<head>`` (see ``document``) and no body yet."""
    own = bulletin.as_article()
    if dates_required and own.metadata.published is None:
        own = replace(own, metadata=replace(own.metadata, published=DateValue("", NO_DATE)))
    root = etree.fromstring(xhtml(replace(own, resources=())))
    old = root.find(f"{_X}body")
    assert old is not None
    root.remove(old)
    return root


def logo_url(bulletin: Bulletin) -> str | None:
    return resource_url(bulletin.front.logo) if bulletin.front.logo is not None else None


def identifier(bulletin: Bulletin) -> bytes:
    """The first half of the PDF ``/ID``, from the content (equal bulletins, equal IDs)."""
    return bulletin.digest()[:32].encode("ascii")


def build(bulletin: Bulletin, options: BulletinOptions, part_size: int | None = None
          ) -> tuple[bytes, list[Diagnostic]]:
    """The PDF's bytes and the renderer's warnings.

    A large bulletin is rendered in parts (``parts``), ``part_size`` articles each (default
    ``parts.PART_ARTICLES``, and only above ``parts.ONE_PIECE_UP_TO`` articles); giving it renders
    in parts whatever the size, where the options allow (``parts.possible``).
    """
    weasyprint = import_weasyprint()
    standard = check_standard(options.pdf_standard, weasyprint)
    if standard is not None and standard.startswith("pdf/x-") and options.icc_profile is None:
        raise InputError(f"{standard.upper()} needs the printing condition's CMYK ICC profile as output intent",
                         hint="give it with --icc-profile FILE (your printer names it, e.g. ISO Coated v2 / FOGRA39)")
    geometry = paper(options)
    # One downsampling pass over every figure of the bulletin: a shared photo is resampled once.
    blocks = tuple(block for entry in bulletin.entries() for block in entry.article.blocks)
    smaller = downsample(Article(Metadata(), blocks, bulletin.resources), geometry, options.image_dpi)
    user_css = ((read_stylesheet(options.css), options.css.resolve().as_uri()),) if options.css is not None else ()
    epoch = max(0, int((bulletin.moment() or NO_DATE).timestamp()))  # font timestamps need one
    from . import parts

    if parts.wanted(bulletin, options, standard, part_size):
        plan = parts.Plan(bulletin, options, geometry, smaller.resolutions, smaller.article.resources, user_css,
                          identifier(bulletin), epoch, part_size or parts.PART_ARTICLES)
        built = parts.build(plan)
        if built is not None:
            return built
    source = document(bulletin, smaller.resolutions, dates_required=(standard or "").startswith("pdf/x-"))
    styles_url = styles_dir().resolve().as_uri() + "/"
    css = [(page_css(bulletin, options, geometry), styles_url), *user_css]
    layout = Layout(source, smaller.article.resources, tuple(css), identifier(bulletin), epoch,
                    shipped=("print.css", "bulletin.css"), standard=standard, color_profiles=True,
                    marks=tuple(options.marks))
    return render_layout(layout)
