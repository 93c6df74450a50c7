"""A time limit for converting one page in this process (``portalconv PAGE --timeout SECONDS``).

A batch runs each page in a worker process it can kill (``batch/executor.py``); a single page runs
in the command's own process, so its limit works from inside:

* Where there is ``SIGALRM`` (POSIX), a timer interrupts the conversion between two Python steps
  with :class:`Expired`. It derives from ``BaseException`` so that no ``except Exception`` on the
  way (WeasyPrint catches those from its URL fetcher) can swallow it; the writers' ``finally``
  clauses still run, so the temporary output file is removed and nothing half-written is left.
* A watchdog thread covers what the timer cannot reach: no ``SIGALRM`` (Windows), or a single call
  into a C library that does not return. When the conversion has still not ended a grace period
  later, it prints the same error, deletes the temporary files of the outputs and ends the process
  with the same exit code.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType

GRACE_SECONDS = 10.0  # at most; never more than the limit itself


class Expired(BaseException):
    """The time limit of :func:`limit` ran out (not an Exception: nothing may catch it by accident)."""


def _alarm_available() -> bool:
    return hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def limit(seconds: float | None, on_abandon: Callable[[], None]) -> Iterator[None]:
    """Raise :class:`Expired` in the ``with`` body after ``seconds`` (None or 0: no limit).

    ``on_abandon`` runs in the watchdog thread when the body ignores the limit for a grace period
    after it; it must end the process (``os._exit``) after cleaning up.
    """
    if not seconds:
        yield
        return
    done = threading.Event()

    def watchdog() -> None:
        if not done.wait(seconds + min(GRACE_SECONDS, seconds)):
            on_abandon()

    guard = threading.Thread(target=watchdog, name="portalconv-timeout", daemon=True)
    alarm = _alarm_available()
    previous: object = None
    if alarm:
        def expire(signum: int, frame: FrameType | None) -> None:
            raise Expired

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    guard.start()
    try:
        yield
    finally:
        done.set()
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)  # type: ignore[arg-type]


def abandon(message: str, exit_code: int, cleanup: Callable[[], None]) -> Callable[[], None]:
    """An ``on_abandon`` for :func:`limit`: run ``cleanup``, print ``message`` and exit at once."""
    def run() -> None:
        with contextlib.suppress(Exception):
            cleanup()
        with contextlib.suppress(Exception):
            sys.stderr.write(message + "\n")
            sys.stderr.flush()
        os._exit(exit_code)

    return run
