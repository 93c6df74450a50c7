"""Progress of a batch: a rich bar on a terminal, a plain line every few seconds in a log, or nothing."""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Sequence
from typing import IO, Any, Protocol


class Progress(Protocol):
    # done: pages needing no worker, of which ``unreadable`` failed before one could be given them
    # and ``no_article`` were recorded as no article before (the rest are up to date). ``hidden``:
    # pages that ``ls`` does not show (a bare ``.html``), named so that the count adds up.
    def start(self, total: int, done: int, unreadable: int = 0, no_article: int = 0,
              hidden: Sequence[str] = ()) -> None: ...

    def advance(self, status: str) -> None: ...

    def close(self) -> None: ...


class Silent:
    """``-q``: nothing at all."""

    def start(self, total: int, done: int, unreadable: int = 0, no_article: int = 0,
              hidden: Sequence[str] = ()) -> None:
        pass

    def advance(self, status: str) -> None:
        pass

    def close(self) -> None:
        pass


def _ready(done: int, unreadable: int, no_article: int) -> str:
    """The pages skipped, counted as the summary table will count them."""
    return (f"{done - unreadable - no_article} up to date" + (f", {no_article} no article" if no_article else "")
            + (f", {unreadable} unreadable" if unreadable else ""))


def _pages(total: int, hidden: Sequence[str], shown: int = 3) -> str:
    """``N pages``, naming those ``ls`` hides (else the count looks one too many)."""
    if not hidden:
        return f"{total} pages"
    more = len(hidden) - shown
    return f"{total} pages (hidden by ls: {', '.join(hidden[:shown])}{f' and {more} more' if more > 0 else ''})"


def _counts(counts: Counter[str]) -> str:
    parts = [f"{counts[s]} {label}" for s, label in (("converted", "converted"), ("no-article", "no article"),
                                                     ("failed", "failed")) if counts[s]]
    return ", ".join(parts)


class Plain:
    """Not a terminal (a log file, CI): one line at the start, then at most one every ``interval`` s."""

    def __init__(self, stream: IO[str], interval: float = 10.0) -> None:
        self.stream = stream
        self.interval = interval
        self.counts: Counter[str] = Counter()

    def start(self, total: int, done: int, unreadable: int = 0, no_article: int = 0,
              hidden: Sequence[str] = ()) -> None:
        self.total, self.done, self.first = total, done, done
        self.started = self.last = time.monotonic()
        todo = total - done
        self._line(f"{_pages(total, hidden)}, {_ready(done, unreadable, no_article)}, {todo} to convert")

    def advance(self, status: str) -> None:
        self.done += 1
        self.counts[status] += 1
        now = time.monotonic()
        if now - self.last >= self.interval and self.done < self.total:
            self.last = now
            self._line(self._status(now))

    def _status(self, now: float) -> str:
        elapsed = now - self.started
        made = self.done - self.first
        line = f"{self.done}/{self.total} pages ({_counts(self.counts) or 'nothing new'}), {elapsed:.0f} s"
        if made and self.done < self.total:
            line += f", about {elapsed / made * (self.total - self.done):.0f} s left"
        return line

    def close(self) -> None:
        if hasattr(self, "started"):
            end = "done" if self.done >= self.total else "stopped"
            self._line(self._status(time.monotonic()).split(", about")[0] + f" — {end}")

    def _line(self, text: str) -> None:
        print(f"portalconv: {text}", file=self.stream, flush=True)


class Bar:
    """A terminal: rich's bar with counts, elapsed time and ETA, redrawn in place on stderr."""

    def __init__(self, stream: IO[str]) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress

        self.counts: Counter[str] = Counter()
        # rich draws a bar in pink-red by default, which reads as errors: a neutral colour instead.
        bar = BarColumn(complete_style="blue", finished_style="blue")
        self.bar = RichProgress(TextColumn("converting"), bar, MofNCompleteColumn(),
                                TextColumn("{task.fields[counts]}"), TimeElapsedColumn(), TextColumn("ETA"),
                                TimeRemainingColumn(), console=Console(file=stream), transient=True)
        self.task: Any = None

    def start(self, total: int, done: int, unreadable: int = 0, no_article: int = 0,
              hidden: Sequence[str] = ()) -> None:
        if hidden:  # the bar counts them; say which they are
            self.bar.console.print(f"portalconv: {_pages(total, hidden)}", markup=False, highlight=False)
        self.bar.start()
        self.task = self.bar.add_task("batch", total=total, completed=done, counts=_ready(done, unreadable, no_article))

    def advance(self, status: str) -> None:
        self.counts[status] += 1
        self.bar.update(self.task, advance=1, counts=_counts(self.counts))

    def close(self) -> None:
        self.bar.stop()


def make(quiet: bool, stream: IO[str] | None = None, interval: float = 10.0) -> Progress:
    """The right progress display for where stderr goes."""
    stream = stream or sys.stderr
    if quiet:
        return Silent()
    if stream.isatty():
        return Bar(stream)
    return Plain(stream, interval)
