"""The WeasyPrint engine as every PDF renderer here uses it: imported late, one render at a time,
reproducible, its log messages kept for the caller. Shared by the article writer and the bulletin."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

from ...errors import DependencyError

PANGO_MESSAGE = (
    "PDF output needs the Pango library (Debian/Ubuntu: apt-get install libpango-1.0-0 "
    "libpangoft2-1.0-0; macOS: brew install pango)"
)


def import_weasyprint() -> ModuleType:
    """The weasyprint module, or a DependencyError that says what to install."""
    try:
        import weasyprint

        module: ModuleType = weasyprint
    except OSError as exc:
        # cffi raises OSError ("cannot load library 'libpango-1.0-0'") when the shared library
        # is missing; the Python package itself is installed.
        raise DependencyError(PANGO_MESSAGE, hint=str(exc)) from exc
    except ImportError as exc:
        raise DependencyError("PDF output needs the WeasyPrint package (pip install weasyprint)") from exc
    return module


# One render at a time per process: SOURCE_DATE_EPOCH and the "weasyprint" logger that the
# render borrows are process-wide, and WeasyPrint holds the GIL for nearly all its work anyway.
RENDER_LOCK = threading.Lock()

# Messages about the machine, not the document: reporting them on every PDF would make --strict
# fail everywhere the system lacks HarfBuzz-Subset.
_ENVIRONMENT_MESSAGES = ("Using fontTools instead of HarfBuzz-Subset",)


@contextmanager
def pinned_source_date_epoch(epoch: int) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH (reproducible-builds.org) while rendering, unless the user has.

    WeasyPrint's fallback font subsetter (fontTools, used when the HarfBuzz-Subset library is
    missing) stamps every embedded font with the current time unless this variable is set.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


class _Collector(logging.Handler):
    """Keeps WeasyPrint's warnings and errors (bad CSS, unloadable images) for the caller."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith(_ENVIRONMENT_MESSAGES):
            return
        if message not in self.messages:
            self.messages.append(message)


@contextmanager
def collect_renderer_messages() -> Iterator[_Collector]:
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    logger.addHandler(collector)
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
