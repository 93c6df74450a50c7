"""One conversion job, and the worker process that runs jobs one after another (see :func:`main`).

The worker imports the writers once, then reads pickled :class:`Job` values from stdin and writes
pickled :class:`JobResult` values to its own copy of stdout (fd 1 itself is pointed at stderr so a
library's stray ``print`` cannot corrupt the protocol). It exits on EOF, when idle too long, when
its parent dies, and after a MemoryError (the heap may be in a poor state).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pickle
import signal
import struct
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import field
from pathlib import Path
from typing import IO, Any

from ..options import ReadOptions, WriteOptions
from ..records import dataclass
from ..writers import VERIFIABLE  # what ``portalconv verify`` can read back (the registry says)

# Test-only fault injection: the coordinator reads this variable (a JSON object mapping a page's
# file name to "raise", "hang", "crash", "memory", "slow:SECONDS", "damage:TEXT" or "truncate") and
# passes the fault inside the job; workers never look at their own environment for it.
FAULTS_ENV = "PORTALCONV_TEST_FAULTS"


# Modules worth importing before the first job so no page pays for them (and its timeout with them).
_WARM_UP = {"pdf": ("weasyprint",)}


@dataclass(frozen=True, slots=True)
class Job:
    """Convert ``source`` to each format in ``targets`` (format → absolute output path)."""

    id: int
    source: str
    targets: dict[str, str]
    options: WriteOptions
    fault: str = ""
    verify: bool = False  # re-read each DOCX/EPUB/PDF written and check it holds the whole article
    reading: ReadOptions = field(default_factory=ReadOptions)  # how the page is read (whole page, remote images, root)
    index: bool = False  # also return what the archive index shows of the article (batch/index.py)


@dataclass(slots=True)
class FormatResult:
    status: str  # converted | no-article | failed
    output_hash: str = ""
    output_size: int = -1
    output_mtime_ns: int = -1
    warnings: list[dict[str, str]] = field(default_factory=list)
    error: str = ""
    duration: float = 0.0
    verified: bool | None = None  # None: not checked (not asked, JSON, or not written)
    missing: list[str] = field(default_factory=list)  # what verification did not find


@dataclass(slots=True)
class JobResult:
    id: int
    formats: dict[str, FormatResult]
    recycle: bool = False  # the worker is exiting after this job
    # What reading the page read from disk (load.reads.ReadLog.to_data()); None when it never got that far.
    reads: dict[str, Any] | None = None
    entry: dict[str, Any] | None = None  # the archive index's entry (batch/index.py), when asked


def failed(job: Job, error: str, duration: float = 0.0) -> JobResult:
    """The same failure for every format of ``job`` (the page could not be read, timed out, crashed)."""
    return JobResult(job.id, {fmt: FormatResult("failed", error=error, duration=duration) for fmt in job.targets})


def _warning_dicts(warnings: list[Any]) -> list[dict[str, str]]:
    return [{"code": w.code, "message": w.message, "where": w.where} for w in warnings]


def _inject(fault: str) -> None:
    if fault == "raise":
        raise RuntimeError("injected failure")
    if fault == "hang":
        time.sleep(3600)
    if fault == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    if fault == "memory":
        hog = []
        while True:  # until the worker's memory limit says no
            hog.append(bytearray(64 << 20))


def _describe(exc: BaseException) -> str:
    from ..errors import PortalconvError

    if isinstance(exc, PortalconvError):
        return f"{exc} ({exc.hint})" if exc.hint else str(exc)
    if isinstance(exc, MemoryError):
        return "out of memory"
    # Anything else is a bug in portalconv; keep where it happened so the report can be filed.
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"internal error: {type(exc).__name__}: {exc}{where}"


def run_job(job: Job) -> JobResult:
    """Read the page once and write every requested format; failures become values, never raise."""
    from .. import api
    from ..errors import NoArticleError
    from .files import sha256_file

    kind, _, arg = job.fault.partition(":")
    if kind in {"slow", "damage", "truncate"}:
        with _write_fault(kind, arg):
            return run_job(dataclasses.replace(job, fault=""))
    from ..load.reads import recording

    start = time.perf_counter()
    recycle = False
    try:
        if job.fault:
            _inject(job.fault)
        # The manifest hashes exactly what this read (see load/reads.py), not a guess from the markup.
        page_text = None
        with recording() as log:
            if job.verify:
                # Verification also compares the outputs with the page's own text (verify/pagetext.py),
                # so a line the model lost is caught, not only what the writers lost.
                from ..verify import read_for_verify

                reading = read_for_verify(job.source, job.reading)
                result = api.Result(reading.article, reading.warnings)
                page_text = reading.page_text
            else:
                result = api.read_as(job.source, job.reading)
    except NoArticleError as exc:
        took = time.perf_counter() - start
        return JobResult(job.id, {f: FormatResult("no-article", error=str(exc), duration=took) for f in job.targets},
                         reads=log.to_data())
    except MemoryError as exc:
        gone = failed(job, _describe(exc), time.perf_counter() - start)
        gone.recycle = True
        return gone
    except Exception as exc:  # one page's failure must not stop the batch
        return failed(job, _describe(exc), time.perf_counter() - start)
    read_time = time.perf_counter() - start
    read_warnings = _warning_dicts(result.warnings)
    # As api.convert does: a writer that archives the saved page (PDF/A-3) is told where it is.
    options = job.options if job.options.source else dataclasses.replace(job.options, source=Path(job.source))
    out: dict[str, FormatResult] = {}
    for fmt, target in job.targets.items():
        t0 = time.perf_counter()
        try:
            # The reader already warned once per missing image; writers repeat it (see api.convert).
            warnings = [w for w in api.write(result.article, target, fmt, options) if w.code != "missing-image"]
            st = os.stat(target)
            out[fmt] = FormatResult("converted", sha256_file(Path(target)), st.st_size, st.st_mtime_ns,
                                    read_warnings + _warning_dicts(warnings))
            if job.verify and fmt in VERIFIABLE:
                _verify(result.article, Path(target), out[fmt], page_text)
            out[fmt].duration = read_time + time.perf_counter() - t0
        except MemoryError as exc:
            recycle = True
            out[fmt] = FormatResult("failed", error=_describe(exc), duration=read_time + time.perf_counter() - t0)
        except Exception as exc:
            out[fmt] = FormatResult("failed", warnings=read_warnings, error=_describe(exc),
                                    duration=read_time + time.perf_counter() - t0)
    entry = None
    if job.index:
        from .index import entry as index_entry

        entry = index_entry(result.article)
    return JobResult(job.id, out, recycle, log.to_data(), entry)


def _verify(article: Any, target: Path, res: FormatResult, page_text: Any = None) -> None:
    """Read ``target`` back and compare it with the article (and the page's own text); an incomplete
    output is a failure."""
    from ..verify import verify

    report = verify(article, target, page_text)
    res.verified, res.missing = report.complete, list(report.missing)
    if not report.complete:
        shown = "; ".join(report.missing[:3]) + ("; …" if len(report.missing) > 3 else "")
        res.status = "failed"
        res.error = f"verification: {len(report.missing)} missing from {target.name}: {shown}"


@contextlib.contextmanager
def _after_writes(then: Any) -> Iterator[None]:
    """Test faults: ``then(tmp)`` runs after every output's temporary file is filled, before its rename."""
    from .. import atomic

    original = atomic.fill

    def fill(tmp: Path, data: bytes) -> None:
        original(tmp, data)
        then(tmp)

    atomic.fill = fill
    try:
        yield
    finally:
        atomic.fill = original


def _slow_writes(seconds: float) -> contextlib.AbstractContextManager[None]:
    """Every writer pauses before the rename (a kill then leaves a temporary file)."""
    return _after_writes(lambda tmp: time.sleep(seconds))


def _damaged_writes(text: str) -> contextlib.AbstractContextManager[None]:
    """Every DOCX and EPUB written loses ``text`` from each of its parts, as a buggy writer might."""

    def damage(tmp: Path) -> None:
        import zipfile

        if not zipfile.is_zipfile(tmp):
            return
        with zipfile.ZipFile(tmp) as z:
            parts = [(info, z.read(info)) for info in z.infolist()]
        with zipfile.ZipFile(tmp, "w") as z:
            for info, data in parts:
                z.writestr(info, data.replace(text.encode(), b""))

    return _after_writes(damage)


def _write_fault(kind: str, arg: str) -> contextlib.AbstractContextManager[None]:
    if kind == "slow":
        return _slow_writes(float(arg))
    if kind == "damage":
        return _damaged_writes(arg)
    # "truncate": every file written loses its second half, as a full disk or a killed copy leaves it.
    return _after_writes(lambda tmp: os.truncate(tmp, os.path.getsize(tmp) // 2))


# --- the protocol: 4-byte big-endian length, then a pickle --------------------------------------

def send(stream: IO[bytes], value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack(">I", len(data)) + data)
    stream.flush()


def _read_exact(stream: IO[bytes], size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def recv(stream: IO[bytes]) -> Any:
    """The next value, or None at end of stream (including a truncated message from a dying peer)."""
    head = _read_exact(stream, 4)
    if len(head) < 4:
        return None
    (size,) = struct.unpack(">I", head)
    data = _read_exact(stream, size)
    return pickle.loads(data) if len(data) == size else None


def _exit_with_parent(parent: int) -> None:
    # A kill -9 of the coordinator closes our stdin, but a busy worker would not notice until the
    # page is done (or never, if it hangs): poll the parent instead.
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(70)


def _idle_exit(stream: IO[bytes], seconds: float) -> bool:
    """Wait for the next job; True when none came within ``seconds`` (Dask workers reap idle slots)."""
    import select

    ready, _, _ = select.select([stream], [], [], seconds)
    return not ready


def main(argv: list[str]) -> int:
    """Worker entry; arguments: PARENT_PID MEMORY_MB IDLE_SECONDS FORMAT... (see executor.Slot)."""
    parent, memory_mb, idle = int(argv[0]), int(argv[1]), float(argv[2])
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    stdin = os.fdopen(os.dup(0), "rb", buffering=0)  # unbuffered: select() must see what is pending
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the coordinator's to handle
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    if memory_mb > 0:
        with contextlib.suppress(ImportError, ValueError, OSError):
            import resource

            limit = memory_mb << 20
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from .. import api  # noqa: F401 - the point is to import it now
    from ..writers import REGISTRY

    for fmt in argv[3:]:
        # A writer that cannot load (no Pango) reports it on each page instead.
        with contextlib.suppress(Exception):
            REGISTRY[fmt].load()
            for module in _WARM_UP.get(fmt, ()):
                __import__(module)
    send(out, ("ready", os.getpid()))
    while True:
        if idle > 0 and _idle_exit(stdin, idle):
            return 0
        job = recv(stdin)
        if job is None:
            return 0
        result = run_job(job)
        send(out, result)
        if result.recycle:
            return 0

