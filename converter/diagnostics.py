"""Warnings as values: readers and writers return them; only the CLI prints them.

The class is ``Diagnostic``: named ``Warning`` it shadowed the builtin in every module that used it.
"""

from __future__ import annotations

import warnings
from typing import Any

from .records import dataclass


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One thing a reader or writer noticed: a stable code, a message, and what it is about."""

    code: str  # stable, kebab-case: "missing-image", "unknown-element", ...
    message: str
    where: str = ""  # file, element path or resource the warning is about

    def __str__(self) -> str:
        return f"{self.where}: {self.message} [{self.code}]" if self.where else f"{self.message} [{self.code}]"


def __getattr__(name: str) -> Any:
    # The old name, for library code written against portalconv 0.1; not a module attribute, so it
    # shadows nothing here.
    if name == "Warning":
        warnings.warn("converter.diagnostics.Warning is now Diagnostic", DeprecationWarning, stacklevel=2)
        return Diagnostic
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
