"""The ``portalconv`` command: parse options, call the library, report. No conversion logic here."""

# No "from __future__ import annotations" here: Typer reads every command's annotations at each
# start, and string annotations would make it eval and compile each one twice (a third of --help).

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from typer.core import TyperGroup

from .cli_report import echo_warnings, fail
from .errors import PortalconvError, UsageError, VerificationError
from .options import Paper, PdfStandard, ReadOptions, WriteOptions, paper_size
from .options import pdf_standard as standard_named
from .writers import REGISTRY, VERIFIABLE, listed


class _DefaultToConvert(TyperGroup):
    """``portalconv PAGE …`` means ``portalconv convert PAGE …``; named subcommands still work."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # click.Context (vendored by Typer)
        if args and args[0] not in self.commands and args[0] not in _ROOT_OPTIONS:
            args = ["convert", *args]
        return super().parse_args(ctx, args)


# The root command's own options: anything else first on the line is a page for "convert".
_ROOT_OPTIONS = frozenset({"--help", "-h", "--version", "--install-completion", "--show-completion"})

app = typer.Typer(cls=_DefaultToConvert, add_completion=True, rich_markup_mode=None,
                  pretty_exceptions_enable=False, no_args_is_help=True,
                  context_settings={"help_option_names": ["-h", "--help"]})


def _formats(values: list[str]) -> list[str]:
    """``--to pdf --to docx`` and ``--to pdf,docx`` both work; order kept, duplicates dropped."""
    out: list[str] = []
    for value in values:
        for name in value.split(","):
            name = name.strip().lower()
            if not name:
                continue
            if name not in REGISTRY:
                raise typer.BadParameter(f"unknown format {name!r}; choose from {', '.join(REGISTRY)}")
            if name not in out:
                out.append(name)
    if not out:
        raise typer.BadParameter(f"name at least one format: {', '.join(REGISTRY)}", param_hint="--to")
    return out


def _complete_formats(incomplete: str) -> list[str]:
    """Shell completion of ``--to``: each format, also after a comma (``pdf,d`` → ``pdf,docx``)."""
    done, _, last = incomplete.rpartition(",")
    chosen = {name.strip().lower() for name in done.split(",")} if done else set()
    prefix = done + "," if done else ""
    return [prefix + name for name in REGISTRY if name.startswith(last.lower()) and name not in chosen]


def _check_output_file(output: str | None, formats: list[str]) -> None:
    """An -o named like one format's file must be that format's only output.

    Otherwise ``--to json -o a.docx`` would write JSON into a .docx, and ``--to pdf,docx -o a.docx``
    a folder called a.docx.
    """
    from .api import names_folder

    if output is None or names_folder(output) or Path(output).is_dir():
        return
    path = Path(output)
    named = next((fmt for fmt, entry in REGISTRY.items() if path.suffix.lower() == entry.extension), None)
    if named is None:
        return
    if len(formats) > 1:
        raise typer.BadParameter(f"{output} names one .{named} file, but --to asks for {', '.join(formats)}; "
                                 "give a folder", param_hint="-o")
    if formats != [named]:
        raise typer.BadParameter(f"{output} is named as {named}, but --to asks for {formats[0]}; name it "
                                 f"{path.with_suffix(REGISTRY[formats[0]].extension).name}", param_hint="-o")


def _version(value: bool) -> None:
    if value:
        from . import __version__  # the package metadata, read only when asked

        typer.echo(f"portalconv {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Saved SharePoint pages → documents. "portalconv PAGE" is "portalconv convert PAGE"."""
    if _CONSOLE:
        # Here, not in main(): "--help" and "--version" end before this runs and never load logging.
        from .logs import configure_for_console

        configure_for_console()


# Set by main(), the console entry: a test invoking ``app`` leaves the process's logging alone.
_CONSOLE = False


@app.command("convert", help="Convert saved SharePoint pages (.html/.htm/.aspx/.xhtml/.mht/.mhtml) to "
             f"{listed(tuple(REGISTRY))}. One page: written beside it or to -o. Folders or several pages: "
             "a batch mirrored into the -o folder, incremental (manifest in OUT_DIR), parallel, with a report.")
def main_command(
    sources: Annotated[list[Path], typer.Argument(metavar="SRC...", help="Saved page(s) (NAME.html with its "
                                                  "NAME_files folder) and/or folders, converted recursively.")],
    to: Annotated[list[str], typer.Option("--to", "-t", metavar="FORMAT[,FORMAT…]", autocompletion=_complete_formats,
                                          help=f"Output format(s): {', '.join(REGISTRY)}; "
                                          "repeat or separate with commas.")] = ["pdf"],  # noqa: B006
    # A string, not a Path: "-o out/" names a folder, and pathlib would drop the slash that says so.
    output: Annotated[str | None, typer.Option("--output", "-o", help="Output file (one format) or folder. "
                                                "Default: beside the page.")] = None,
    paper: Annotated[Paper, typer.Option(case_sensitive=False, help="Paper size (PDF, DOCX).")] = "A4",
    css: Annotated[Path | None, typer.Option(help="Extra CSS appended to the default (PDF, EPUB).",
                                             exists=True, dir_okay=False)] = None,
    no_cover: Annotated[bool, typer.Option("--no-cover", help="EPUB: no cover page and no cover image (default: "
                                           "the lead photo, else one drawn from title, category and date).")] = False,
    reference_docx: Annotated[Path | None, typer.Option("--reference-docx", help="DOCX: take styles, margins, "
                                                        "header and footer from this .docx/.dotx.",
                                                        exists=True, dir_okay=False)] = None,
    image_dpi: Annotated[int | None, typer.Option("--image-dpi", min=72, help="PDF: photos above this resolution "
                                                  "are downsampled (default 300; 150 with --screen).")] = None,
    screen: Annotated[bool, typer.Option("--screen", help="PDF for reading on screen (150 dpi photos).")] = False,
    pdf_standard: Annotated[PdfStandard | None, typer.Option("--pdf-standard", case_sensitive=False,
                                                             help="PDF: pdf/a-3u (archival; the saved page and the "
                                                             "model JSON attached) or pdf/ua-1 (accessible).")
                            ] = None,
    fetch_remote: Annotated[bool, typer.Option("--fetch-remote", help="Fetch http(s) images the page links to "
                                               "(public addresses only; 10 s timeout; 20 MB each, 100 MB in all)."
                                               )] = False,
    whole_page: Annotated[bool, typer.Option("--whole-page", help="Convert the page's main zone even when it "
                                             "is not an article (a listing, a home page).")] = False,
    root: Annotated[Path | None, typer.Option("--root", help="Read resources from anywhere inside this folder "
                                              "(the top of a site mirror that holds the page), not only from "
                                              "the page's own folder.", exists=True, file_okay=False)] = None,
    strict: Annotated[bool, typer.Option(help="Fail (exit 7) when there are warnings.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Batch: worker processes "
                                             "(default: one per CPU).")] = None,
    timeout: Annotated[float | None, typer.Option("--timeout", min=0, help="Seconds one page may take before it "
                                                  "fails (exit 11 for one page; a batch's page fails, exit 8). "
                                                  "Default: none for one page, 300 in a batch; 0 = no limit.")
                       ] = None,
    force: Annotated[bool, typer.Option("--force", help="Batch: rebuild every output, even up-to-date ones.")
                     ] = False,
    report: Annotated[Path | None, typer.Option("--report", help="Batch: also save the report as FILE.json "
                                                "or FILE.csv.", dir_okay=False)] = None,
    executor: Annotated[Literal["local", "dask"] | None, typer.Option(
        "--executor", case_sensitive=False, help="Batch: local (worker processes, default) or dask.")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Batch: Dask scheduler address "
                                                  "(tcp://HOST:8786); implies --executor dask.")] = None,
    memory_limit: Annotated[int | None, typer.Option("--memory-limit", min=0, help="Batch: MB of memory per "
                                                     "worker (default: 80% of RAM / jobs; 0 = no limit).")] = None,
    explain_json: Annotated[bool, typer.Option("--explain", help="With --to json for one page: add every "
                                               "extraction decision and its rule (what 'portalconv explain' "
                                               "shows) to the JSON, under \"explain\".")] = False,
    verify_outputs: Annotated[bool, typer.Option("--verify", help=f"Re-read each {listed(VERIFIABLE)} written and "
                                                 "check that it holds the whole article (exit 9 when not; in a "
                                                 "batch the page fails, exit 8).")] = False,
    index: Annotated[bool, typer.Option("--index", help="Batch: also write OUT_DIR/index.html, the archive's "
                                        "articles with date, category, author, thumbnail and links, sortable "
                                        "and filterable offline.")] = False,
) -> None:
    from .api import convert  # the library, imported only when there is work to do

    formats = _formats(to)
    try:  # the options check their own closed sets (paper, PDF standard): one message each
        options = WriteOptions(paper=paper_size(paper), css=css, reference_docx=reference_docx, cover=not no_cover,
                               image_dpi=image_dpi, screen=screen, pdf_standard=standard_named(pdf_standard))
    except UsageError as exc:
        raise typer.BadParameter(str(exc)) from None
    reading = ReadOptions(fetch_remote=fetch_remote, whole_page=whole_page,
                          root=root.resolve() if root is not None else None)
    if root is not None:
        outside = [src for src in sources if src != Path("-") and not src.resolve().is_relative_to(root.resolve())]
        if outside:
            raise typer.BadParameter(f"{outside[0]} is not inside {root}", param_hint="--root")
    batch_only = (jobs, report, executor, scheduler, memory_limit)
    if output == "-" or Path("-") in sources:  # standard input or output: cli_pipes.py
        from .cli_pipes import run_pipe

        try:
            with _time_limit(Path("-"), timeout, [], None):
                run_pipe(sources, formats, output, options, reading, explain=explain_json, verify=verify_outputs,
                         batch=force or index or any(v is not None for v in batch_only), strict=strict,
                         quiet=quiet)
        except PortalconvError as exc:
            fail(exc)
        return
    if len(sources) > 1 or sources[0].is_dir() or force or index or any(v is not None for v in batch_only):
        if explain_json:  # a batch has no single JSON to add the decisions to; say so rather than ignore it
            raise typer.BadParameter("goes with one page (use 'portalconv explain PAGE' for each page of a batch)",
                                     param_hint="--explain")
        out_dir = Path(output) if output is not None else None
        _batch(sources, formats, out_dir, options, reading, jobs, timeout, force, report, executor, scheduler,
               memory_limit, strict=strict, quiet=quiet, verify=verify_outputs, index=index)
        return
    page = sources[0]
    _check_output_file(output, formats)
    if explain_json:
        if formats != ["json"]:
            raise typer.BadParameter("goes with --to json (the decisions are data, not a document)",
                                     param_hint="--explain")
        _json_with_explain(page, output, reading, strict, quiet, timeout)
        return
    try:
        with _time_limit(page, timeout, formats, output):
            written, warnings = convert(page, formats, output, options, reading)
        echo_warnings(warnings, page, strict, quiet)
    except PortalconvError as exc:
        fail(exc)
    if not quiet:
        for path in written.values():
            typer.echo(str(path))
    if verify_outputs:
        checkable = [p for fmt, p in written.items() if fmt != "json"]
        if checkable:
            _verify(page, checkable, reading, quiet=True)


@contextlib.contextmanager
def _time_limit(page: Path, seconds: float | None, formats: list[str], output: str | None) -> Iterator[None]:
    """``--timeout`` for one page: a PageTimeoutError (exit 11) naming it, no output half-written.

    The conversion is interrupted in this process (``deadline.py``); an output written before
    the limit ran out (the first of several formats) is whole and stays.
    """
    if not seconds:
        yield
        return
    from .api import output_paths
    from .atomic import remove_partials
    from .deadline import Expired, abandon, limit
    from .errors import PageTimeoutError

    error = PageTimeoutError(f"{page}: timed out after {seconds:g} s (--timeout)")
    targets = list(output_paths(page, formats, output).values())
    try:
        with limit(seconds, abandon(f"portalconv: error: {error}", error.exit_code,
                                    lambda: remove_partials(targets))):
            yield
    except Expired:
        remove_partials(targets)  # the writer's own clean-up ran; this is for anything it missed
        raise error from None


def _json_with_explain(page: Path, output: str | None, reading: ReadOptions, strict: bool, quiet: bool,
                       timeout: float | None) -> None:
    """``--to json --explain``: the model and the trace of the very run that made it, in one file."""
    from .api import output_paths
    from .atomic import write_text_atomically
    from .errors import NoArticleError
    from .explain import as_data, explain
    from .jsonio import dumps
    from .normalise import normalise

    try:
        with _time_limit(page, timeout, ["json"], output):
            expl = explain(page, whole_page=reading.whole_page, root=reading.root)
            if expl.article is None:
                raise NoArticleError(expl.refusal)
            echo_warnings(expl.warnings, page, strict, quiet)  # under --strict, before anything is written
            target = output_paths(page, ["json"], output)["json"]
            write_text_atomically(target, dumps(normalise(expl.article),
                                                [as_data(d) for d in expl.trace.decisions]))
    except PortalconvError as exc:
        fail(exc)
    if not quiet:
        typer.echo(str(target))


@app.command("verify", help="Check that each OUTPUT holds the whole article of PAGE (exit 9 when not).")
def verify_command(
    page: Annotated[Path, typer.Argument(help="The saved page the outputs were made from.")],
    outputs: Annotated[list[Path], typer.Argument(help=f"{listed(VERIFIABLE)} files to check.")],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only what is missing.")] = False,
    whole_page: Annotated[bool, typer.Option("--whole-page", help="The outputs were made with --whole-page.")
                          ] = False,
    root: Annotated[Path | None, typer.Option("--root", help="The outputs were made with --root DIR.",
                                              exists=True, file_okay=False)] = None,
) -> None:
    reading = ReadOptions(whole_page=whole_page, root=root.resolve() if root is not None else None)
    _verify(page, outputs, reading, quiet)


def _verify(page: Path, outputs: list[Path], reading: ReadOptions, quiet: bool) -> None:
    """Read ``page`` as the conversion did (same reading options) and check each output against it
    and against the page's own text."""
    from .verify import read_for_verify, verify

    try:
        # The article as the conversion read it, and the page's own text: a line of the article zone
        # that neither the model nor the output holds is a loss the model alone cannot show.
        read = read_for_verify(page, reading)
        reports = [verify(read.article, out, read.page_text) for out in outputs]
    except PortalconvError as exc:
        fail(exc)
    for report in reports:
        _print_report(report, quiet)
    if not all(r.complete for r in reports):
        raise typer.Exit(VerificationError.exit_code)


def _print_report(report: object, quiet: bool) -> None:
    from .verify import Report

    assert isinstance(report, Report)
    status = "complete" if report.complete else f"INCOMPLETE ({len(report.missing)} missing)"
    if not quiet or not report.complete:
        typer.echo(f"{report.output}: {status}")
    if not quiet:
        for kind, found, wanted in report.rows:
            typer.echo(f"  {kind:<22} {found:>4} / {wanted}")
    for item in report.missing:
        typer.echo(f"  missing {item}")


@app.command("explain", help="Show why PAGE converts as it does: what became metadata (and by which rule), "
             "the article zone, which paragraph became which photo's caption, what was dropped as chrome, and "
             "why the page is or is not an article.")
def explain_command(
    page: Annotated[Path, typer.Argument(help="The saved page to explain.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the decisions as JSON.")] = False,
    html: Annotated[Path | None, typer.Option("--html", help="Also write FILE: the saved page with metadata, body, "
                                              "captions and chrome outlined in four colours, each labelled with "
                                              "its rule (open it in a browser; nothing is fetched).",
                                              dir_okay=False)] = None,
    whole_page: Annotated[bool, typer.Option("--whole-page", help="Explain the --whole-page conversion.")] = False,
    root: Annotated[Path | None, typer.Option("--root", help="As for convert: the top of the site mirror.",
                                              exists=True, file_okay=False)] = None,
) -> None:
    import json

    from .explain import explain

    try:
        expl = explain(page, whole_page=whole_page, root=root)
        if html is not None:
            from .atomic import write_text_atomically
            from .explain_html import picture

            write_text_atomically(html, picture(expl, root))
    except PortalconvError as exc:
        fail(exc)
    typer.echo(json.dumps(expl.data(), ensure_ascii=False, indent=2) if as_json else expl.text(), nl=not as_json)
    if as_json:
        typer.echo("")


@app.command("schema", help="Print the JSON Schema of the article model (what --to json writes).")
def schema_command() -> None:
    import json

    from .schema import article_schema

    typer.echo(json.dumps(article_schema(), ensure_ascii=False, indent=2))


# Many pages → one print-ready document; the command lives with the bulletin package.
from .bulletin.command import HELP as _BULLETIN_HELP  # noqa: E402
from .bulletin.command import bulletin_command  # noqa: E402

app.command("bulletin", help=_BULLETIN_HELP)(bulletin_command)


def _batch(sources: list[Path], formats: list[str], output: Path | None, options: WriteOptions, reading: ReadOptions,
           jobs: int | None, timeout: float | None, force: bool, report: Path | None, executor: str | None,
           scheduler: str | None, memory_limit: int | None, *, strict: bool, quiet: bool, verify: bool,
           index: bool = False) -> None:
    """Folders or several pages: mirror them into the -o folder (see converter.batch)."""
    from .api import check_options
    from .batch import BatchOptions
    from .batch.command import run_command

    if output is None:
        why = ("a folder or several pages" if len(sources) > 1 or sources[0].is_dir()
               else "--force, --index, --jobs, --report, --executor, --scheduler and --memory-limit run a batch")
        raise typer.BadParameter(f"a batch ({why}) needs an output folder", param_hint="-o")
    if output.exists() and not output.is_dir():
        raise typer.BadParameter(f"{output} is a file; a batch writes into a folder", param_hint="-o")
    executor = executor or ("dask" if scheduler else "local")  # a choice, checked by the parser
    if report is not None and report.suffix.lower() not in {".json", ".csv"}:
        raise typer.BadParameter("the report is FILE.json or FILE.csv", param_hint="--report")
    if report is not None:  # found out now, not after the whole batch has run
        folder = report.parent.resolve()
        if not folder.is_dir() or not os.access(folder, os.W_OK):
            raise typer.BadParameter(f"cannot write {report} (no writable folder {folder})", param_hint="--report")
    batch = BatchOptions(jobs=jobs or 0, timeout=300.0 if timeout is None else timeout, force=force,
                         executor=executor, scheduler=scheduler or "",
                         memory_limit=-1 if memory_limit == 0 else memory_limit or 0, verify=verify, index=index)
    try:
        check_options(options, formats)
        run_command(sources, formats, output, options, batch, report_path=report, strict=strict, quiet=quiet,
                    reading=reading)
    except PortalconvError as exc:
        fail(exc)


def main() -> None:
    """Console-script entry point."""
    # A file name that is not UTF-8 reaches us as surrogate escapes; show it escaped (\udce9), never a
    # UnicodeEncodeError in the middle of a report.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    global _CONSOLE
    _CONSOLE = True
    try:
        app()
    finally:  # even after an error: the next run starts faster whatever this one did
        patterns = sys.modules.get("converter.patterns")  # loaded by a conversion, not by --help
        if patterns is not None:
            patterns.save()
