"""portalconv: saved SharePoint pages → DOCX, PDF, EPUB and JSON.

Public API (``__all__``; docs/library.md): :func:`read` (a page's path, bytes or binary file →
:class:`Result`, the normalised article with its warnings), :func:`write` (article → file,
atomically), :func:`to_bytes` (article → bytes), :func:`convert` (read once, write several formats →
:class:`Converted`), the option objects :class:`ReadOptions` and :class:`WriteOptions`, and the
errors, each with its command-line exit code. Names are imported on first use (PEP 562) so that
``portalconv --help`` pays for neither lxml and the extractor nor the package metadata.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import Converted, Result, convert, read, to_bytes, write
    from .errors import (
        DependencyError,
        InputError,
        NoArticleError,
        OutputError,
        PagesFailedError,
        PortalconvError,
        SchedulerError,
        StrictError,
        UsageError,
        VerificationError,
    )
    from .options import ReadOptions, WriteOptions

    __version__: str

__all__ = [
    "Converted", "DependencyError", "InputError", "NoArticleError", "OutputError", "PagesFailedError",
    "PortalconvError", "ReadOptions", "Result", "SchedulerError", "StrictError", "UsageError", "VerificationError",
    "WriteOptions", "__version__", "convert", "read", "to_bytes", "write",
]
# Each name of the API → the module that defines it, imported when the name is first used.
_HOME = {name: "api" for name in ("Converted", "Result", "convert", "read", "to_bytes", "write")}
_HOME |= {name: "options" for name in ("ReadOptions", "WriteOptions")}
_HOME |= {name: "errors" for name in __all__ if name.endswith("Error")}


def _version() -> str:
    """The one version: the installed distribution's (pyproject.toml's ``version``)."""
    from importlib.metadata import PackageNotFoundError, version  # ~20 ms: only when asked

    try:
        return version("portalconv")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        value: Any = _version()
    elif name in _HOME:
        value = getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return list(__all__)
