"""``portalconv bulletin``: parse the options, merge them over ``--config``, build, write, report.

Only Typer is imported at module level: the CLI registers this command for its help text, and the
readers and writers load when a bulletin is actually made.
"""

# Annotations stay objects (no __future__ import): Typer would eval each string at every start.

import re
from pathlib import Path
from typing import Annotated, Literal

import typer

from ..writers import REGISTRY, listed

_SUFFIXES = tuple(name for name, spec in REGISTRY.items() if spec.bulletin)
_NAMES = listed(_SUFFIXES, suffix=True).replace(".", "NAME.")  # NAME.docx, NAME.pdf or NAME.epub
HELP = ("Many saved pages (files or folders) → one print-ready bulletin: cover, contents with page "
        "numbers, one article per page, figures numbered throughout. The format follows -o "
        f"({listed(_SUFFIXES, suffix=True)}).")


def _complete_marks(incomplete: str) -> list[str]:
    """Shell completion of ``--marks``: each kind, also after a comma (``crop,c`` → ``crop,cross``)."""
    done, _, last = incomplete.rpartition(",")
    chosen = {kind.strip().lower() for kind in done.split(",")} if done else set()
    prefix = done + "," if done else ""
    return [prefix + kind for kind in ("crop", "cross", "bar", "none")
            if kind.startswith(last.lower()) and kind not in chosen]


def bulletin_command(
    inputs: Annotated[list[Path], typer.Argument(metavar="INPUTS...", help="Saved pages and/or folders of them, "
                                                 "in the order given (folders sorted by name).")],
    output: Annotated[Path, typer.Option("--output", "-o", help=f"The bulletin: {_NAMES}.",
                                         dir_okay=False)],
    config: Annotated[Path | None, typer.Option("--config", help="TOML file with front matter and options "
                                                "(see docs/bulletin.md); options given here win.", exists=True,
                                                dir_okay=False)] = None,
    title: Annotated[str | None, typer.Option(help="Bulletin title (cover, running head).")] = None,
    subtitle: Annotated[str | None, typer.Option(help="Subtitle under the title.")] = None,
    issue: Annotated[str | None, typer.Option(help="Issue number, e.g. 12/2024.")] = None,
    date: Annotated[str | None, typer.Option(help="Issue date YYYY-MM-DD (also every timestamp of the "
                                             "file; default: the newest article's date).")] = None,
    publisher: Annotated[str | None, typer.Option(help="Publisher (cover, document author).")] = None,
    logo: Annotated[Path | None, typer.Option(help="Logo image for the cover.", exists=True, dir_okay=False)] = None,
    note: Annotated[str | None, typer.Option(help="Editorial note before the contents.")] = None,
    language: Annotated[str | None, typer.Option(help="Language of the bulletin's own words (default: the "
                                                 "articles' most common).")] = None,
    order: Annotated[Literal["given", "date", "category"] | None, typer.Option(
        case_sensitive=False, help="given (default), date (oldest first) or category.")] = None,
    group_by: Annotated[Literal["category", "none"] | None, typer.Option(
        "--group-by", case_sensitive=False, help="category: a section per category.")] = None,
    start_on: Annotated[Literal["any", "right"] | None, typer.Option(
        "--start-on", case_sensitive=False, help="right: every article starts on a right-hand page (duplex "
        "printing; implies --duplex).")] = None,
    duplex: Annotated[bool | None, typer.Option("--duplex/--simplex", help="Mirrored margins and outer page "
                                                "numbers for two-sided printing.")] = None,
    paper: Annotated[Literal["A4", "A5"] | None, typer.Option(case_sensitive=False, help="A4 (default) or A5.")
                     ] = None,
    bleed: Annotated[str | None, typer.Option(help="PDF: bleed around the trim box, e.g. 3mm.")] = None,
    marks: Annotated[str | None, typer.Option(metavar="MARK[,MARK…]", autocompletion=_complete_marks,
                                              help="PDF: printer's marks outside the bleed: crop, cross "
                                              "(registration), bar (colour bar), none; e.g. crop,cross.")] = None,
    image_dpi: Annotated[int | None, typer.Option("--image-dpi", min=72, help="PDF: photo resolution cap "
                                                  "(default 300).")] = None,
    pdf_standard: Annotated[Literal["pdf/a-3u", "pdf/ua-1", "pdf/x-1a", "pdf/x-3", "pdf/x-4", "pdf/x-5g"] | None,
                            typer.Option("--pdf-standard", case_sensitive=False,
                                         help="PDF: pdf/a-3u, pdf/ua-1 or a PDF/X variant.")] = None,
    icc_profile: Annotated[Path | None, typer.Option("--icc-profile", help="PDF/X: the printing condition's CMYK "
                                                     "ICC profile (output intent).", exists=True, dir_okay=False)
                           ] = None,
    css: Annotated[Path | None, typer.Option(help="Extra CSS after the bulletin's (PDF, EPUB).", exists=True,
                                             dir_okay=False)] = None,
    strict: Annotated[bool, typer.Option(help="Fail (exit 7) when there are warnings.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
) -> None:
    from ..batch.discover import discover
    from ..cli_report import echo_warnings, fail
    from ..diagnostics import Diagnostic
    from ..errors import InputError, PortalconvError
    from . import FORMATS, build_bulletin, write_bulletin
    from .config import front_from, load_config, options_from
    from .model import FrontMatter

    try:
        if output.suffix.lower() not in FORMATS:
            raise typer.BadParameter(f"name the bulletin {listed(_SUFFIXES, suffix=True)}", param_hint="-o")
        front, options = load_config(config) if config is not None else (FrontMatter(), None)
        try:  # a bad value on the command line is a usage error (exit 2), in the file an input error
            front = front_from({"title": title, "subtitle": subtitle, "issue": issue, "date": date,
                                "publisher": publisher, "note": note, "language": language}, front)
            options = options_from({"order": order, "group_by": group_by, "start_on": start_on, "duplex": duplex,
                                    "paper": paper, "bleed": bleed, "marks": marks, "image_dpi": image_dpi,
                                    "pdf_standard": pdf_standard, "icc_profile": icc_profile, "css": css}, options)
        except InputError as exc:
            raise typer.BadParameter(str(exc)) from None
        if logo is not None:  # a file that cannot be used, like --css or --icc-profile: one line, exit 3
            front = front_from({"logo": logo}, front)
        # The pages found here, not in build_bulletin: a page named twice is there once, and says so.
        repeated: list[Path] = []
        pages = [page.source for page in discover(inputs, repeated=repeated)]
        bulletin, warnings = build_bulletin(pages, front, options)
        warnings[:0] = [Diagnostic("repeated-page", "named more than once; it is in the bulletin once, where it was "
                                "first named", str(path)) for path in repeated]
        warnings += write_bulletin(bulletin, output, options)
        echo_warnings(warnings, output, strict, quiet)
    except PortalconvError as exc:
        fail(exc)
    if not quiet:
        typer.echo(str(output))
        if options.start_on == "right" and output.suffix.lower() == ".pdf":
            # Say what --start-on right costs: on a short-article bulletin, a quarter of the pages.
            total, blank = page_counts(output.read_bytes())
            if blank:
                typer.echo(f"{output}: {blank} of {total} pages left blank so that every article starts on a "
                           "right-hand page (--start-on right)", err=True)


_PAINTS = re.compile(rb"\b(?:BT|Do|sh)\b")  # not patterns.compiled: `--help` loads this module


def page_counts(pdf: bytes) -> tuple[int, int]:
    """(pages, pages that show nothing): no text, picture or shading, printer's marks aside.

    A page with only marks is one WeasyPrint inserted for ``break-before: right`` (bulletin.css
    clears the running heads and page numbers of those).
    """
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    blank = 0
    for page in reader.pages:
        contents = page.get_contents()
        if contents is None or not _PAINTS.search(contents.get_data()):
            blank += 1
    return len(reader.pages), blank


def blank_pages(pdf: bytes) -> int:
    """How many pages of ``pdf`` show nothing (see ``page_counts``)."""
    return page_counts(pdf)[1]
