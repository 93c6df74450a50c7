"""Batch progress: a bar on a terminal, plain periodic lines otherwise, nothing with -q."""

from __future__ import annotations

import io

from converter.batch import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_display_follows_where_stderr_goes() -> None:
    assert isinstance(progress.make(False, Terminal()), progress.Bar)
    assert isinstance(progress.make(False, io.StringIO()), progress.Plain)
    assert isinstance(progress.make(True, Terminal()), progress.Silent)


def test_plain_lines_count_pages_by_outcome_and_end_with_done() -> None:
    stream = io.StringIO()
    shown = progress.Plain(stream, interval=0)
    shown.start(5, 1)
    for status in ("converted", "failed", "no-article", "converted"):
        shown.advance(status)
    shown.close()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "portalconv: 5 pages, 1 up to date, 4 to convert"
    assert lines[1].startswith("portalconv: 2/5 pages (1 converted), ") and "left" in lines[1]
    assert lines[-1].startswith("portalconv: 5/5 pages (2 converted, 1 no article, 1 failed), ")
    assert lines[-1].endswith("— done") and len(lines) == 5


def test_pages_that_failed_before_conversion_are_not_called_up_to_date() -> None:
    stream = io.StringIO()
    progress.Plain(stream, interval=0).start(6, 3, unreadable=2)
    assert stream.getvalue().splitlines()[0] == "portalconv: 6 pages, 1 up to date, 2 unreadable, 3 to convert"


def test_pages_recorded_as_no_article_are_counted_apart_from_those_up_to_date() -> None:
    stream = io.StringIO()
    progress.Plain(stream, interval=0).start(181, 181, no_article=104)
    assert stream.getvalue().splitlines()[0] == "portalconv: 181 pages, 77 up to date, 104 no article, 0 to convert"
    stream = io.StringIO()
    progress.Plain(stream, interval=0).start(10, 6, unreadable=1, no_article=2)
    assert stream.getvalue().splitlines()[0] == ("portalconv: 10 pages, 3 up to date, 2 no article, 1 unreadable, "
                                                 "4 to convert")


def test_plain_lines_are_spaced_by_the_interval() -> None:
    stream = io.StringIO()
    shown = progress.Plain(stream, interval=3600)
    shown.start(100, 0)
    for _ in range(100):
        shown.advance("converted")
    shown.close()
    assert len(stream.getvalue().splitlines()) == 2  # the start line and the final one


def test_the_bar_runs_on_a_terminal() -> None:
    stream = Terminal()
    bar = progress.make(False, stream)
    bar.start(3, 1)
    bar.advance("converted")
    bar.advance("failed")
    bar.close()
    assert "3/3" in stream.getvalue() or "converting" in stream.getvalue()
