"""Warnings as values: readers and writers return them; only the CLI prints them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Warning:
    code: str  # stable, kebab-case: "missing-image", "unknown-element", ...
    message: str
    where: str = ""  # file, element path or resource the warning is about

    def __str__(self) -> str:
        return f"{self.where}: {self.message} [{self.code}]" if self.where else f"{self.message} [{self.code}]"
