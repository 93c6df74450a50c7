"""What a resolver has already resolved, kept for the rest of one conversion within a byte budget.

A page may name one file a hundred thousand times (a bullet icon, a photo repeated by a template):
each reference is resolved, and each file read, once. The bytes are kept only up to a budget, so a
page naming hundreds of distinct large files (which the extractor may refuse one by one as
corrupt) holds no more of them at once than it did without the memo; past the budget they are
simply resolved again when named again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

BUDGET_BYTES = 256 * 2**20


class Memo(Generic[K, V]):
    """``get(key, make)``: ``make(key)`` the first time, the same value after while within budget."""

    def __init__(self, size: Callable[[V], int], budget: int = BUDGET_BYTES) -> None:
        self._size = size
        self._budget = budget
        self._held = 0
        self._values: dict[K, V] = {}

    def get(self, key: K, make: Callable[[K], V]) -> V:
        if key in self._values:
            return self._values[key]
        value = make(key)
        size = self._size(value)
        if self._held + size <= self._budget:
            self._values[key] = value
            self._held += size
        return value
