"""The package's loggers, and how the command line prints library log records.

Kept out of ``converter/__init__`` so that ``import converter`` (and ``portalconv --help``)
does not load :mod:`logging`; the modules that log import it through :func:`logger`.
"""

from __future__ import annotations

import logging
import sys

# A library's loggers stay silent unless the application configures logging (the logging HOWTO).
logging.getLogger("converter").addHandler(logging.NullHandler())


def logger(name: str) -> logging.Logger:
    """The logger of module ``name`` (under ``converter``, so the NullHandler above covers it)."""
    return logging.getLogger(name)


def configure_for_console() -> None:
    """What the ``portalconv`` command prints of other libraries' log records: warnings, as bare lines."""
    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr)
    # The PDF writer turns WeasyPrint's log records into our warnings; don't print them twice.
    logging.getLogger("weasyprint").propagate = False
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    # pypdf logs what it stumbles over in a damaged PDF; verify reports the failure in its own words.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
