"""portalconv: saved SharePoint pages → DOCX, PDF, EPUB and JSON.

Public API: :func:`read` (page → normalised Article with warnings), :func:`write` (Article → file,
atomically) and :func:`convert` (both, for several formats).
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

from .api import Result, convert, read, write  # noqa: E402  (version first: writers read it)

__all__ = ["Result", "__version__", "convert", "read", "write"]
