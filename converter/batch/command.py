"""The batch side of ``portalconv convert``: run, show progress and the summary, save the report, exit.

Kept out of ``cli.py`` so that the command module stays a parser; this is still presentation only.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import PagesFailedError, StrictError
from ..options import ReadOptions, WriteOptions
from . import BatchOptions, Report, run
from . import progress as progress_mod


def run_command(sources: list[Path], formats: list[str], out_dir: Path, options: WriteOptions,
                batch: BatchOptions, *, report_path: Path | None, strict: bool, quiet: bool,
                reading: ReadOptions | None = None) -> Report:
    """Run the batch for the CLI and raise the error whose exit code says how it went.

    The table goes to stdout (it is the command's result); progress goes to stderr, and so does
    each failed page under ``-q``. A page whose output failed ``--verify`` always gets a line on
    stderr naming what is missing (the full list is in the report).
    """
    from rich.console import Console

    progress = progress_mod.make(quiet, sys.stderr)
    try:
        report = run(sources, formats, out_dir, options, batch, progress, reading=reading)
    except KeyboardInterrupt:
        print("portalconv: interrupted; the same command finishes the job (converted pages are kept)",
              file=sys.stderr)
        raise SystemExit(130) from None  # 128 + SIGINT, as shells report it
    if report_path is not None:
        report.write(report_path)
    if not quiet:
        report.render(Console(file=sys.stdout, highlight=False, soft_wrap=True), report_path)
    failures = report.failures()
    if failures:
        incomplete = report.incomplete()
        for src, what in incomplete.items():
            print(f"portalconv: incomplete: {src}: {what}", file=sys.stderr)
        if quiet:  # the table (which lists them) was not shown
            # Pages that failed only verification were named just above.
            others = {row.source for row in report.rows if row.status == "failed" and row.verified is not False}
            for src, reason in failures.items():
                if src in others:
                    print(f"portalconv: error: {src}: {reason}", file=sys.stderr)
        raise PagesFailedError(f"{len(failures)} of {len(report.pages())} pages failed",
                               hint=f"see {report_path}" if report_path else "see the list above")
    if strict and report.warnings():
        count = sum(len(ws) for ws in report.warnings().values())
        raise StrictError(f"{count} warning(s) in {len(report.warnings())} page(s) under --strict")
    return report
