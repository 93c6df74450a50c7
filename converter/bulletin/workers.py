"""Worker processes that render the documents of a bulletin rendered in parts (``parts``).

Plain subprocesses (``python -m converter.bulletin.worker_main``), as the batch workers are, not
``multiprocessing`` children: the spawn and forkserver methods re-import the caller's main module
(a script without a ``__main__`` guard would build its bulletin again in every worker), and fork
copies whatever threads and locks the caller holds. Each worker does one job at a time: a pickled
``(kind, argument)`` in on standard input (``JOBS``: render a document of a bulletin rendered in
parts, read a batch of saved pages), the pickled result (or the exception) out on standard output,
each preceded by its length; it stops at the end of its input. Only this module's own processes
are at either end of the pipes.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import Any

from ..batch.worker import recv, send
from ..errors import PortalconvError

# The batch workers' framing (a length, then a pickle), read and written by this package's own
# processes at both ends: ``send`` and ``recv`` (None at the end of the stream).
__all__ = ["Workers", "recv", "send"]


class Workers:
    """``count`` worker processes, started when first needed; ``submit`` returns a Future."""

    def __init__(self, count: int) -> None:
        self._pool = ThreadPoolExecutor(max_workers=count, thread_name_prefix="portalconv-part")
        self._local = threading.local()
        self._started: list[subprocess.Popen[bytes]] = []
        self._lock = threading.Lock()

    def _process(self) -> subprocess.Popen[bytes]:
        proc: subprocess.Popen[bytes] | None = getattr(self._local, "proc", None)
        if proc is None:
            # The worker imports this package from where the caller did, installed or not.
            root = str(Path(__file__).resolve().parent.parent.parent)
            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
            proc = subprocess.Popen([sys.executable, "-m", "converter.bulletin.worker_main"], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, env=env)
            self._local.proc = proc
            with self._lock:
                self._started.append(proc)
        return proc

    def _run(self, job: Any) -> Any:
        proc = self._process()
        assert proc.stdin is not None and proc.stdout is not None
        try:
            send(proc.stdin, job)
            message = recv(proc.stdout)
            if message is None:
                raise EOFError
        except (OSError, EOFError) as exc:
            raise PortalconvError(f"a bulletin worker process stopped (exit status {proc.poll()})",
                                  hint="it may have run out of memory") from exc
        ok, value = message
        if not ok:
            raise value
        return value

    def submit(self, kind: str, argument: Any) -> Future[Any]:
        """Run ``JOBS[kind](argument)`` in a worker."""
        return self._pool.submit(self._run, (kind, argument))

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if kind is not None:
            # Interrupted, or a job failed: the work in progress is not wanted. (Killing the
            # processes also ends the threads waiting for their answers.)
            for proc in self._started:
                proc.kill()
        self._pool.shutdown(wait=True, cancel_futures=True)
        for proc in self._started:
            if proc.stdin is not None:
                with contextlib.suppress(OSError):
                    proc.stdin.close()
        for proc in self._started:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()
