"""The ``portalconv`` command: parse options, call the library, report. No conversion logic here."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import PortalconvError, StrictError, VerificationError
from .options import WriteOptions
from .writers import REGISTRY


class _DefaultToConvert(TyperGroup):
    """``portalconv PAGE …`` means ``portalconv convert PAGE …``; named subcommands still work."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # click.Context (vendored by Typer)
        if args and args[0] not in self.commands and args[0] not in {"--help", "-h", "--version"}:
            args = ["convert", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(cls=_DefaultToConvert, add_completion=False, rich_markup_mode=None,
                  pretty_exceptions_enable=False, no_args_is_help=True)
log = logging.getLogger("portalconv")


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
    return out


def _version(value: bool) -> None:
    if value:
        typer.echo(f"portalconv {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Saved SharePoint pages → DOCX, PDF, EPUB and JSON. ``portalconv PAGE`` is ``portalconv convert PAGE``."""


@app.command("convert", help="Convert a saved SharePoint page (.html/.htm/.aspx) to DOCX, PDF, EPUB or JSON.")
def main_command(
    page: Annotated[Path, typer.Argument(help="The saved page (NAME.html with its NAME_files folder).")],
    to: Annotated[list[str], typer.Option("--to", "-t", help=f"Output format(s): {', '.join(REGISTRY)}; "
                                          "repeat or separate with commas.")] = ["pdf"],  # noqa: B006
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output file (one format) or folder. "
                                                "Default: beside the page.")] = None,
    paper: Annotated[str, typer.Option(help="PDF paper size: A4, A5 or Letter.")] = "A4",
    css: Annotated[Path | None, typer.Option(help="Extra CSS appended to the default (PDF, EPUB).",
                                             exists=True, dir_okay=False)] = None,
    strict: Annotated[bool, typer.Option(help="Fail (exit 7) when there are warnings.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    verify_outputs: Annotated[bool, typer.Option("--verify", help="Re-read each DOCX/EPUB/PDF written and check "
                                                 "that it holds the whole article (exit 9 when not).")] = False,
) -> None:
    from .api import convert  # the library, imported only when there is work to do

    formats = _formats(to)
    if paper.upper() not in {"A4", "A5", "LETTER"}:
        raise typer.BadParameter("choose A4, A5 or Letter", param_hint="--paper")
    options = WriteOptions(paper="Letter" if paper.upper() == "LETTER" else paper.upper(), css=css)
    try:
        written, warnings = convert(page, formats, output, options)
        for w in warnings:
            typer.echo(f"warning: {w}", err=True)
        if strict and warnings:
            raise StrictError(f"{page}: {len(warnings)} warning(s) under --strict")
    except PortalconvError as exc:
        typer.echo(f"portalconv: error: {exc}", err=True)
        if exc.hint:
            typer.echo(f"  hint: {exc.hint}", err=True)
        raise typer.Exit(exc.exit_code) from None
    if not quiet:
        for path in written.values():
            typer.echo(str(path))
    if verify_outputs:
        checkable = [p for fmt, p in written.items() if fmt != "json"]
        if checkable:
            verify_command(page, checkable, quiet=True)


@app.command("verify", help="Check that each OUTPUT holds the whole article of PAGE (exit 9 when not).")
def verify_command(
    page: Annotated[Path, typer.Argument(help="The saved page the outputs were made from.")],
    outputs: Annotated[list[Path], typer.Argument(help="DOCX, EPUB or PDF files to check.")],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only what is missing.")] = False,
) -> None:
    from .api import read
    from .verify import verify

    try:
        article = read(page).article
        reports = [verify(article, out) for out in outputs]
    except PortalconvError as exc:
        _fail(exc)
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


@app.command("schema", help="Print the JSON Schema of the article model (what --to json writes).")
def schema_command() -> None:
    import json

    from .schema import article_schema

    typer.echo(json.dumps(article_schema(), ensure_ascii=False, indent=2))


def _fail(exc: PortalconvError) -> NoReturn:
    typer.echo(f"portalconv: error: {exc}", err=True)
    if exc.hint:
        typer.echo(f"  hint: {exc.hint}", err=True)
    raise typer.Exit(exc.exit_code) from None


def main() -> None:
    """Console-script entry point."""
    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr)
    # The PDF writer turns WeasyPrint's log records into our warnings; don't print them twice.
    logging.getLogger("weasyprint").propagate = False
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    app()
