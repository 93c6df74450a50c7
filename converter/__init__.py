"""portalconv: saved SharePoint pages → DOCX, PDF, EPUB and JSON.

Public API: :func:`read` (page → normalised Article with warnings), :func:`write` (Article → file,
atomically) and :func:`convert` (both, for several formats). They are imported on first use
(PEP 562) so that ``portalconv --help`` does not pay for lxml and the extractor.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from .api import Result, convert, read, write

__all__ = ["Result", "__version__", "convert", "read", "write"]


def __getattr__(name: str) -> Any:
    if name in {"Result", "convert", "read", "write"}:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
