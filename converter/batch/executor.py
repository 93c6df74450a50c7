"""Run jobs in isolated worker processes: locally (a pool of slots) or on a Dask cluster.

A :class:`Slot` owns one worker process and runs one job at a time in it. The worker imports the
writers once and serves job after job; a job that overruns its timeout gets the worker killed, a
worker that dies (segfault, out-of-memory kill) fails only its own job, and the slot starts a fresh
worker for the next one. Workers are plain subprocesses, not ``multiprocessing`` children, so a
slot also works inside a daemonic Dask worker.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import IO, Any

from ..atomic import remove_partials
from ..errors import DependencyError, SchedulerError
from ..logs import logger
from .worker import Job, JobResult, failed, recv, send

log = logger(__name__)
OnResult = Callable[[Job, JobResult], None]

_STARTUP_TIMEOUT = 120.0  # a cold start imports lxml, python-docx, WeasyPrint ... on a busy machine
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
# Not "-m converter.batch.worker": runpy would run a second copy of the module as __main__, whose
# classes the coordinator cannot unpickle.
_ENTRY = "import sys; from converter.batch.worker import main; sys.exit(main(sys.argv[1:]))"


def _death(returncode: int, stderr_tail: str) -> str:
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        if name == "SIGKILL":
            return "worker was killed (SIGKILL; most often the system ran out of memory)"
        return f"worker crashed ({name})" + (f": {stderr_tail}" if stderr_tail else "")
    return f"worker exited with code {returncode}" + (f": {stderr_tail}" if stderr_tail else "")


class Slot:
    """One worker process, started on first use and replaced after a timeout or a crash."""

    def __init__(self, formats: Sequence[str], memory_mb: int, idle_exit: float = 0.0) -> None:
        self.formats = tuple(formats)
        self.memory_mb = memory_mb
        self.idle_exit = idle_exit
        self.proc: subprocess.Popen[bytes] | None = None
        self._messages: queue.Queue[Any] = queue.Queue()
        self._stderr: IO[bytes] | None = None

    def _start(self) -> None:
        if self._stderr is not None:
            self._stderr.close()
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the worker; read after a crash
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH", "")) if p)
        argv = [sys.executable, "-c", _ENTRY, str(os.getpid()), str(self.memory_mb), str(self.idle_exit),
                *self.formats]
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
                                     env=env, start_new_session=True)  # Ctrl-C in the terminal is ours alone
        self._messages = queue.Queue()
        threading.Thread(target=self._read, args=(self.proc.stdout, self._messages), daemon=True).start()
        hello = self._wait(_STARTUP_TIMEOUT)
        if hello is queue.Empty:
            self.kill()
            raise RuntimeError(f"no sign of life within {_STARTUP_TIMEOUT:g} s")
        if not (isinstance(hello, tuple) and hello[:1] == ("ready",)):
            try:
                rc = self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                rc = self.kill() or -9
            self._close_pipes()
            self.proc = None
            raise RuntimeError(_death(rc, self._tail()))

    @staticmethod
    def _read(stream: IO[bytes], into: queue.Queue[Any]) -> None:
        # This thread alone reads and closes the worker's stdout: closing it from another thread
        # while a read is blocked on it is not safe.
        try:
            with stream:
                while (message := recv(stream)) is not None:
                    into.put(message)
        except Exception:  # an unreadable message is as good as a dead worker: the slot replaces it
            log.exception("bad message from a batch worker")
        into.put(None)

    def _wait(self, timeout: float | None) -> Any:
        try:
            return self._messages.get(timeout=timeout)
        except queue.Empty:
            return queue.Empty

    def _tail(self) -> str:
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        lines = [ln for ln in self._stderr.read().decode("utf-8", "replace").splitlines() if ln.strip()]
        return lines[-1].strip()[:300] if lines else ""

    def run(self, job: Job, timeout: float | None) -> JobResult:
        """Run ``job``; every outcome, including the worker's death, comes back as a result."""
        if self.proc is None or self.proc.poll() is not None:
            try:
                self._start()
            except (OSError, RuntimeError) as exc:
                # A worker that dies while importing, under an address-space limit, ran out of it.
                small = f" (is --memory-limit {self.memory_mb} MB too small?)" if self.memory_mb > 0 else ""
                return failed(job, f"worker could not start: {exc}{small}")
        proc = self.proc  # kill() from another thread (Ctrl-C) may reset self.proc meanwhile
        assert proc is not None and proc.stdin is not None and self._stderr is not None
        self._stderr.seek(0)
        self._stderr.truncate()
        with contextlib.suppress(OSError):  # it died just now: the reader reports end of stream below
            send(proc.stdin, job)
        message = self._wait(timeout)
        if message is queue.Empty:
            self.kill()
            remove_partials(job.targets.values())
            return failed(job, f"timed out after {timeout:g} s", timeout or 0.0)
        if message is None:
            rc = proc.wait()
            remove_partials(job.targets.values())
            self._close_pipes()
            self.proc = None
            return failed(job, _death(rc, self._tail()))
        result: JobResult = message
        if result.recycle:
            self.close()
        return result

    def kill(self) -> int | None:
        if self.proc is None:
            return None
        with contextlib.suppress(OSError):
            self.proc.kill()
        rc = self.proc.wait()
        self._close_pipes()
        self.proc = None
        return rc

    def close(self) -> None:
        """Ask the worker to exit (end of its stdin); kill it if it does not."""
        if self.proc is None:
            return
        with contextlib.suppress(OSError):
            if self.proc.stdin:
                self.proc.stdin.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
        self._close_pipes()
        self.proc = None

    def _close_pipes(self) -> None:
        if self.proc is not None and self.proc.stdin is not None:
            with contextlib.suppress(OSError):
                self.proc.stdin.close()


def run_local(jobs: Sequence[Job], on_result: OnResult, *, workers: int, timeout: float | None,
              memory_mb: int, formats: Sequence[str]) -> None:
    """Run ``jobs`` on ``workers`` slots; ``on_result`` is called in this thread as each one ends."""
    if not jobs:
        return
    free: queue.Queue[Slot] = queue.Queue()
    slots = [Slot(formats, memory_mb) for _ in range(max(1, min(workers, len(jobs))))]
    for slot in slots:
        free.put(slot)

    def task(job: Job) -> JobResult:
        slot = free.get()
        try:
            return slot.run(job, timeout)
        finally:
            free.put(slot)

    pool = ThreadPoolExecutor(max_workers=len(slots), thread_name_prefix="portalconv-slot")
    futures: dict[Future[JobResult], Job] = {}
    try:
        futures = {pool.submit(task, job): job for job in jobs}
        for future in as_completed(futures):
            on_result(futures[future], future.result())
    except BaseException:
        # Ctrl-C or a failing callback: stop handing out work, kill the workers (their jobs come
        # back as failures nobody records) and leave no temporary file behind.
        pool.shutdown(wait=False, cancel_futures=True)
        for slot in slots:
            slot.kill()
        for future, job in futures.items():
            if not future.done() or future.cancelled():
                remove_partials(job.targets.values())
        raise
    finally:
        pool.shutdown(wait=True)
        for slot in slots:
            slot.close()


# --- Dask ----------------------------------------------------------------------------------------

_dask_slots = threading.local()


def dask_task(job: Job, timeout: float | None, memory_mb: int, formats: tuple[str, ...]) -> JobResult:
    """Runs on a Dask worker: one slot per worker thread, kept between tasks, reaped when idle."""
    slot: Slot | None = getattr(_dask_slots, "slot", None)
    if slot is None or slot.formats != formats or slot.memory_mb != memory_mb:
        if slot is not None:
            slot.close()
        slot = _dask_slots.slot = Slot(formats, memory_mb, idle_exit=300.0)
    return slot.run(job, timeout)


def dask_tasks(jobs: tuple[Job, ...], timeout: float | None, memory_mb: int,
               formats: tuple[str, ...]) -> list[JobResult]:
    """Runs on a Dask worker: several pages in one task, each under its own timeout in the slot."""
    return [dask_task(job, timeout, memory_mb, formats) for job in jobs]


def chunk_size(pages: int, threads: int) -> int:
    """Pages per Dask task: Dask's own cost per task (scheduling, messages, pickling) is a good part
    of a small page's conversion, so a long batch sends a few pages per task, while keeping at least
    four tasks per worker thread so that every thread stays busy to the end. Short batches: one page
    per task."""
    return max(1, min(16, pages // (4 * max(threads, 1))))


def run_dask(jobs: Sequence[Job], on_result: OnResult, *, scheduler: str, timeout: float | None,
             memory_mb: int, formats: Sequence[str]) -> None:
    """Run ``jobs`` on a Dask cluster; the workers must see the same paths as this machine."""
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError as exc:
        raise DependencyError("--executor dask needs Dask distributed",
                              hint="pip install 'portalconv[dask]'") from exc
    if not jobs:
        return
    try:
        # The connect timeout is Dask's own setting (distributed.comm.timeouts.connect).
        client = Client(scheduler) if scheduler else Client()  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise SchedulerError(f"cannot reach the Dask scheduler at {scheduler or '(dask config)'}: {exc}") from exc
    futures: dict[Any, tuple[Job, ...]] = {}
    try:
        token = os.urandom(4).hex()  # task keys must not collide with an earlier run's on the cluster
        threads = sum(client.nthreads().values())  # type: ignore[no-untyped-call]
        size = chunk_size(len(jobs), threads)
        chunks = [tuple(jobs[i:i + size]) for i in range(0, len(jobs), size)]
        futures = {client.submit(dask_tasks, chunk, timeout, memory_mb, tuple(formats), pure=False,
                                 key=f"portalconv-{token}-{chunk[0].id}"): chunk for chunk in chunks}
        for future in dask_completed(futures):  # type: ignore[no-untyped-call]
            chunk = futures[future]
            try:
                results = future.result()
            except Exception as exc:  # a lost worker, a cancelled task: these pages only (retried next run)
                results = [failed(job, f"dask: {type(exc).__name__}: {exc}") for job in chunk]
            for job, result in zip(chunk, results, strict=True):
                on_result(job, result)
    except BaseException:
        client.cancel(list(futures))  # type: ignore[no-untyped-call]  # Ctrl-C: leave the cluster idle
        raise
    finally:
        client.close()  # type: ignore[no-untyped-call]
