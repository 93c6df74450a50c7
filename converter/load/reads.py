"""What a conversion read from disk, recorded as it reads, so a batch can tell when it is out of date.

Re-deriving a page's inputs from its markup misses what the resolver really did (a name matched in
another case, the larger ``srcset`` candidate, a root-relative or entity-encoded reference) and
reads what the resolver would refuse. So the loader notes each file it read (with the digest of the
very bytes it read) and each folder it listed to match a name that was not there as written (a file
appearing there could change the result). Nothing is recorded unless a caller asks (:func:`recording`).

Also here, without lxml: the checks a batch applies when it re-hashes a recorded input (inside the
root, a regular file, within the size limit), the same rules the loader read it under.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import field
from pathlib import Path
from typing import Any

from ..records import dataclass


@dataclass(slots=True)
class ReadLog:
    """Files read (path → [size, mtime_ns, sha256, byte limit]) and folders listed (path → [mtime_ns, digest])."""

    root: str = ""
    files: dict[str, list[Any]] = field(default_factory=dict)
    folders: dict[str, list[Any]] = field(default_factory=dict)

    def to_data(self) -> dict[str, Any]:
        return {"root": self.root, "files": self.files, "folders": self.folders}


_TOO_LARGE = "refused: too large"
_active: ContextVar[ReadLog | None] = ContextVar("portalconv_reads", default=None)


@contextlib.contextmanager
def recording() -> Iterator[ReadLog]:
    """Record every file and folder the loader reads inside the ``with``."""
    log = ReadLog()
    token = _active.set(log)
    try:
        yield log
    finally:
        _active.reset(token)


def note_root(root: Path) -> None:
    log = _active.get()
    if log is not None and not log.root:
        log.root = str(root)


def note_file(path: Path, info: os.stat_result, data: bytes | None, limit: int) -> None:
    """``data`` None: the file was refused for its size (as :func:`current_digest` says then too)."""
    log = _active.get()
    if log is not None:
        digest = _TOO_LARGE if data is None else hashlib.sha256(data).hexdigest()
        log.files[str(path)] = [info.st_size, info.st_mtime_ns, digest, limit]


def note_folder(folder: Path, names: list[str]) -> None:
    log = _active.get()
    if log is not None:
        with contextlib.suppress(OSError):
            log.folders[str(folder)] = [folder.stat().st_mtime_ns, listing_digest(names)]


def listing_digest(names: list[str]) -> str:
    joined = "\0".join(sorted(names)).encode("utf-8", "surrogateescape")
    return hashlib.sha256(joined).hexdigest()


def read_regular(path: Path, limit: int) -> tuple[os.stat_result, bytes | None]:
    """``path``'s stat and bytes; None for the bytes when it is larger than ``limit``.

    OSError for anything that is not a regular file (a FIFO would block, a device never end).
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if info.st_size > limit:
            return info, None
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(limit + 1)
        return info, None if len(data) > limit else data  # it grew past the limit since fstat
    finally:
        os.close(fd)


def current_digest(path: str, root: str, limit: int) -> str:
    """The digest of a recorded file now, under the loader's rules; a marker when they refuse it."""
    try:
        resolved = Path(path).resolve(strict=True)
        if root and not resolved.is_relative_to(root):
            return "refused: outside the root"
        _, data = read_regular(resolved, limit)
    except (OSError, RuntimeError):
        return "unreadable"
    return _TOO_LARGE if data is None else hashlib.sha256(data).hexdigest()


def current_listing(path: str, root: str) -> str:
    try:
        resolved = Path(path).resolve(strict=True)
        if root and not resolved.is_relative_to(root):
            return "refused: outside the root"
        return listing_digest(os.listdir(resolved))
    except (OSError, RuntimeError):
        return "unreadable"
