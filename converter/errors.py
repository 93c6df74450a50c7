"""The error hierarchy. Each error carries a one-line message, a hint and its CLI exit code.

Exit codes (also in README.md and docs/cli.md): 0 success; 1 unexpected bug (traceback); 2 command-line usage;
3 input missing or unreadable; 4 no article found in the page; 5 output cannot be written;
6 a system library (Pango for PDF) is missing; 7 warnings under --strict; 8 a batch finished but
some pages failed; 9 verification found something missing in an output; 10 the Dask scheduler
cannot be reached; 11 a single page ran past its --timeout.
"""

from __future__ import annotations


class PortalconvError(Exception):
    exit_code = 1
    hint = ""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        if hint:
            self.hint = hint


class UsageError(PortalconvError):
    """A value outside the choices an option has (an unknown paper size): the command line's exit 2."""

    exit_code = 2


class InputError(PortalconvError):
    exit_code = 3


class NoArticleError(PortalconvError):
    exit_code = 4
    hint = "the page looks like a listing, a home page or an empty form"


class OutputError(PortalconvError):
    exit_code = 5


class DependencyError(PortalconvError):
    exit_code = 6


class StrictError(PortalconvError):
    exit_code = 7


class PagesFailedError(PortalconvError):
    """A batch ran to the end but some pages failed (listed in its report); the others are done."""

    exit_code = 8


class SchedulerError(PortalconvError):
    exit_code = 10
    hint = "check --scheduler (tcp://HOST:8786) and that the Dask scheduler is running"


class VerificationError(PortalconvError):
    exit_code = 9


class PageTimeoutError(PortalconvError):
    """One page (not a batch, whose pages fail one by one: exit 8) ran past ``--timeout``."""

    exit_code = 11
    hint = "give it more time with a larger --timeout (0 = no limit)"


def without_file(message: str, *names: str) -> str:
    """An error message without the file name it starts with ("PAGE: not an HTML page" → "not an
    HTML page"), for displays that name the file already; a message about another file keeps its name."""
    for name in dict.fromkeys(names):
        if name and message.startswith(name + ": "):
            return message[len(name) + 2:]
    return message
