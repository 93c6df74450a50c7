"""How every command reports: warnings to stderr, --strict, and one-line errors with their exit code."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NoReturn

import typer

from .diagnostics import Diagnostic
from .errors import PortalconvError, StrictError

# re.compile, not patterns.compiled: `--help` loads this module, and reading the pattern cache
# would cost it more than compiling this one pattern.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """``text`` on one line: a control character (a file name may hold a line feed) shown escaped, "\\n"."""
    return _CONTROLS.sub(lambda m: repr(m[0])[1:-1], text)


def echo_warnings(warnings: Sequence[Diagnostic], subject: object, strict: bool, quiet: bool = False) -> None:
    """Print each warning; under ``--strict`` any warning becomes a StrictError (exit 7).

    ``quiet`` (``-q``, "nothing but errors") keeps them to itself, unless ``--strict`` makes them
    errors: then they say what failed.
    """
    if quiet and not strict:
        return
    for w in warnings:
        typer.echo(one_line(f"warning: {w}"), err=True)
    if strict and warnings:
        raise StrictError(f"{subject}: {len(warnings)} warning(s) under --strict")


def fail(exc: PortalconvError) -> NoReturn:
    """The error line, its hint, and the documented exit code."""
    typer.echo(one_line(f"portalconv: error: {exc}"), err=True)
    if exc.hint:
        typer.echo(one_line(f"  hint: {exc.hint}"), err=True)
    raise typer.Exit(exc.exit_code) from None
