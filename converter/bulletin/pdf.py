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

from types import ModuleType

from ..diagnostics import Diagnostic
from ..errors import InputError, PortalconvError
from ..model import Article, Metadata
from ..options import PDF_STANDARDS
from ..resources import styles_dir
from ..user_files import read_stylesheet
from ..writers.pdf import (
    NO_DATE,
    Layout,
    downsample,
    import_weasyprint,
    render_layout,
)
from .config import BulletinOptions
from .model import Bulletin
from .pdf_source import document, identifier, page_css, paper


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
