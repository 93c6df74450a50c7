"""``-`` on the command line: a page read from standard input, one format written to standard output.

Kept out of cli.py, which only routes here. A page from standard input is HTML or MHTML (sniffed as
a file is); its resources come from inside ``--root`` or else the current folder, and nothing outside
that folder is read. Standard output takes one format, and a binary one (DOCX, PDF, EPUB) never goes
to a terminal, as pandoc refuses it. Warnings and errors go to standard error; exit codes are a file's.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from .cli_report import echo_warnings, fail
from .errors import OutputError, PortalconvError, VerificationError
from .options import ReadOptions, WriteOptions
from .writers import REGISTRY

if TYPE_CHECKING:
    from .model import Article

STDIO = Path("-")
TEXT_FORMATS = frozenset({"json"})  # the others are zip or PDF bytes: garbage on a terminal


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def check_pipe(sources: list[Path], formats: list[str], output: str | None, *, batch: bool, explain: bool,
               verify: bool) -> None:
    """Refuse what ``-`` cannot mean (typer.BadParameter, exit 2) before anything is read."""
    if sources.count(STDIO) > 1:
        raise typer.BadParameter("standard input can be read only once: give - once", param_hint="SRC")
    if len(sources) > 1 or batch or (sources[0] != STDIO and sources[0].is_dir()):
        raise typer.BadParameter("- (standard input or output) goes with one page, not a batch", param_hint="SRC")
    if explain:
        raise typer.BadParameter("reads a page file and writes a file; it does not go with -", param_hint="--explain")
    if output is not None and output != "-":
        from .cli import _check_output_file

        _check_output_file(output, formats)
        return
    # Standard output: asked for with -o -, and where a page from standard input goes by default.
    if len(formats) > 1:
        raise typer.BadParameter(f"standard output takes one format, but --to asks for {', '.join(formats)}; "
                                 "give a folder", param_hint="-o")
    if verify:
        raise typer.BadParameter("re-reads the files written; standard output leaves none", param_hint="--verify")
    fmt = formats[0]
    if fmt not in TEXT_FORMATS and _is_terminal(sys.stdout):
        raise typer.BadParameter(f"will not write {fmt.upper()} (binary) to a terminal; redirect it "
                                 f"(> page{REGISTRY[fmt].extension}), pipe it, or name a file", param_hint="-o")


def run_pipe(sources: list[Path], formats: list[str], output: str | None, options: WriteOptions,
             reading: ReadOptions, *, batch: bool, explain: bool, verify: bool, strict: bool, quiet: bool) -> None:
    """``portalconv - …`` and ``portalconv PAGE -o - …``."""
    from . import api

    check_pipe(sources, formats, output, batch=batch, explain=explain, verify=verify)
    source = sources[0]
    base = reading.root or Path.cwd()  # a page from standard input is read as if saved here
    try:
        if output is not None and output != "-":  # standard input → files, as for a page file
            done = api.convert(sys.stdin.buffer, formats, output, options, reading, base=base, name="<stdin>")
            echo_warnings(done.warnings, "<stdin>", strict, quiet)
            if not quiet:
                for path in done.paths.values():
                    typer.echo(str(path))
            if verify:
                _verify(done.article, [p for fmt, p in done.paths.items() if fmt != "json"])
            return
        if source == STDIO:
            result = api.read(sys.stdin.buffer, reading, base=base, name="<stdin>")
        else:
            result = api.read(source, reading)
            options = options if options.source is not None else replace(options, source=source)
        api.check_options(options, formats)
        rendered = api.to_bytes(result.article, formats[0], options)
        _write_stdout(rendered.data)
        # The reader warned once per missing image; the writer's repeats are dropped (as api.convert does).
        echo_warnings([*result.warnings, *(w for w in rendered.warnings if w.code != "missing-image")],
                      "<stdin>" if source == STDIO else source, strict, quiet)
    except PortalconvError as exc:
        fail(exc)


def _write_stdout(data: bytes) -> None:
    sys.stdout.flush()
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        # The reader went away (… | head): say so once, and keep Python's own flush at exit quiet.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        raise OutputError("<stdout>: the reading end of the pipe was closed before the end") from None


def _verify(article: Article, outputs: list[Path]) -> None:
    from .cli import _print_report
    from .verify import verify

    reports = [verify(article, out) for out in outputs]
    for report in reports:
        _print_report(report, quiet=True)
    if not all(r.complete for r in reports):
        raise typer.Exit(VerificationError.exit_code)
