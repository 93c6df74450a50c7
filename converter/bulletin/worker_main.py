"""A bulletin worker process (``python -m converter.bulletin.worker_main``, started by ``workers``).

Apart from ``workers`` so that the pool, which ``assemble`` and ``parts`` use, does not import them
back: only the process at the other end of the pipe needs the jobs themselves.
"""

from __future__ import annotations

import pickle
import signal
import sys
from collections.abc import Callable
from typing import Any

from ..errors import PortalconvError
from .workers import recv, send


def _jobs() -> dict[str, Callable[[Any], Any]]:
    from .assemble import read_batch
    from .parts import render_piece

    return {"render": render_piece, "read": read_batch}


def main() -> None:
    """The worker's loop: do each job read from standard input until it ends."""
    # Ctrl-C reaches the whole process group: the coordinator handles it (and ends the workers);
    # a worker would only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    jobs = _jobs()
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # anything printed by a library must not corrupt the results' stream
    while True:
        message = recv(stdin)
        if message is None:
            return
        kind, argument = message
        try:
            result: tuple[bool, Any] = (True, jobs[kind](argument))
        except Exception as exc:  # handed to the coordinator, which raises it
            try:
                pickle.dumps(exc)
                result = (False, exc)
            except Exception:  # an exception that cannot travel travels as text
                result = (False, PortalconvError(f"rendering a part of the bulletin failed: {exc!r}"))
        send(stdout, result)


if __name__ == "__main__":
    main()
