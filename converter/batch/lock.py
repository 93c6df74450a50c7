"""One batch at a time per OUT_DIR: an exclusive, non-blocking lock on a file, on POSIX and Windows.

POSIX uses ``flock`` and Windows ``msvcrt.locking``; both locks belong to an open file and go away
when it is closed, so a batch that is killed (kill -9, power loss) never leaves OUT_DIR locked. The
lock file is removed when the batch ends, so that nothing but outputs and the manifest stays in
OUT_DIR. (``filelock`` would do the same, but it is one more dependency for thirty lines.)
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import OutputError

_ATTEMPTS = 5  # a lock file removed under us by the batch that just ended: open the new one and try again


class Busy(Exception):
    """Another process holds the lock."""


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:
        import msvcrt  # Windows

        os.lseek(fd, 0, os.SEEK_SET)  # msvcrt locks bytes from the current position
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
        except OSError:
            raise Busy from None
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        raise Busy from None


def _unlock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined,unused-ignore]
        return
    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_UN)


def _same_file(fd: int, path: Path) -> bool:
    """Whether ``path`` still names the file ``fd`` holds (the last holder may have removed it)."""
    try:
        here, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


@contextlib.contextmanager
def exclusive(path: Path, busy: str, hint: str = "") -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if need be) for the ``with`` block, then remove it.

    Raises OutputError(``busy``) at once when another process holds it, and OutputError when the
    file cannot be created (read-only folder, no permission).
    """
    for _ in range(_ATTEMPTS):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(f"{path.parent}: cannot write in the output folder ({exc.strerror or exc})") from exc
        try:
            _lock(fd)
        except Busy:
            os.close(fd)
            raise OutputError(busy, hint=hint) from None
        if _same_file(fd, path):
            break
        # The batch before us removed this file between our open and our lock: the lock we got is
        # on a name nobody else will open. Take the new one.
        _unlock(fd)
        os.close(fd)
    else:
        raise OutputError(busy, hint=hint)
    try:
        yield
    finally:
        if os.name == "nt":
            # Windows cannot remove an open file: let go first. A batch that takes the lock in
            # between keeps its file (removing it fails while it is open), which is what it needs.
            _unlock(fd)
            os.close(fd)
            with contextlib.suppress(OSError):
                path.unlink()
        else:
            # Removed while still held: whoever opens the name next gets a new file, which the
            # check above tells from this one.
            with contextlib.suppress(OSError):
                path.unlink()
            _unlock(fd)
            os.close(fd)
