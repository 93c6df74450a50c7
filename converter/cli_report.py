"""How every command reports: warnings to stderr, --strict, and one-line errors with their exit code."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NoReturn

import typer

from .diagnostics import Warning
from .errors import PortalconvError, StrictError


def echo_warnings(warnings: Sequence[Warning], subject: object, strict: bool, quiet: bool = False) -> None:
    """Print each warning; under ``--strict`` any warning becomes a StrictError (exit 7).

    ``-q`` prints nothing but errors, so it keeps the warnings back, except under ``--strict``: there they
    are what the error is about, and "3 warning(s)" alone would not say which.
    """
    if not quiet or strict:
        for w in warnings:
            typer.echo(f"warning: {w}", err=True)
    if strict and warnings:
        raise StrictError(f"{subject}: {len(warnings)} warning(s) under --strict")


def fail(exc: PortalconvError) -> NoReturn:
    """The error line, its hint, and the documented exit code."""
    typer.echo(f"portalconv: error: {exc}", err=True)
    if exc.hint:
        typer.echo(f"  hint: {exc.hint}", err=True)
    raise typer.Exit(exc.exit_code) from None
