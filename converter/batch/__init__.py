"""Batch archiving: convert whole folder trees into a mirrored OUT_DIR, incrementally and in parallel.

:func:`run` discovers the pages, decides from the manifest what is up to date, runs the rest on an
executor (local worker processes, or Dask) and records every result as it arrives, so an
interrupted run loses only the pages in flight. This process alone owns the manifest.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from .. import __version__
from ..errors import InputError, OutputError, without_file
from ..options import ReadOptions, WriteOptions
from ..page_names import PAGE_SUFFIXES
from ..patterns import compiled
from ..records import dataclass
from ..writers import REGISTRY
from .discover import Page, assign_names, discover
from .executor import run_dask, run_local
from .lock import exclusive
from .manifest import MANIFEST_NAME, InputHasher, Manifest, Record, is_current, options_hash
from .progress import Progress, Silent
from .report import Report, Row, page_status
from .worker import FAULTS_ENV, Job, JobResult

__all__ = ["BatchOptions", "Report", "run"]

# api.write's temporary names: ".NAME." + 8 random characters from mkstemp + ".part"
_PARTIAL = compiled(r"^\..+\.[a-z0-9_]{8}\.part$")


@dataclass(frozen=True, slots=True)
class BatchOptions:
    jobs: int = 0  # worker processes; 0 = one per CPU
    timeout: float = 300.0  # seconds per page; 0 = no limit
    force: bool = False  # rebuild everything, up to date or not
    executor: str = "local"  # "local" or "dask"
    scheduler: str = ""  # Dask scheduler address; "" = Dask's own configuration
    memory_limit: int = 0  # MB of address space per worker; 0 = automatic, -1 = none
    verify: bool = False  # re-read every DOCX/EPUB/PDF written; an incomplete one is a failed page
    index: bool = False  # also write OUT_DIR/index.html, a browsable list of the archive (batch/index.py)


def workers(jobs: int) -> int:
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def memory_limit_mb(batch: BatchOptions, n_workers: int) -> int:
    """Per-worker address-space cap: by default 80 % of RAM shared by the workers, at least 1 GB.

    Without a cap a page that balloons would push the whole machine into swap or wake the OOM
    killer, which may pick any process; with one, that page gets a MemoryError and fails alone.
    """
    if batch.memory_limit:
        return max(batch.memory_limit, 0)
    try:
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return 0
    return max(1024, int(ram * 0.8 / n_workers) >> 20)


def _exclusive(out_dir: Path) -> contextlib.AbstractContextManager[None]:
    """Refuse a second batch writing into the same OUT_DIR at the same time (exit 5)."""
    return exclusive(out_dir / (MANIFEST_NAME + ".lock"), f"{out_dir}: another portalconv batch is writing here",
                     hint="wait for it to finish, or choose another -o")


def _missing_folders(folder: Path) -> list[Path]:
    """``folder`` and those of its parents that do not exist yet, deepest first."""
    missing: list[Path] = []
    while not folder.exists() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    return missing


def _remove_empty(folders: list[Path]) -> None:
    """Remove the folders this run created (deepest first), as long as they are empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def _remove_manifest(out_dir: Path) -> None:
    for leftover in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(f"{out_dir / MANIFEST_NAME}{leftover}").unlink()


def _remove_partials(out_dir: Path) -> None:
    """Temporary files of a run that was killed (kill -9, power loss) before it could tidy up."""
    for dirpath, _, filenames in os.walk(out_dir):
        for name in filenames:
            if _PARTIAL.match(name):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(dirpath, name))


_Options = TypeVar("_Options", WriteOptions, ReadOptions)


def _absolute(options: _Options) -> _Options:
    """Option files and folders (``--css``, ``--root``) as absolute paths: a Dask worker has another cwd."""
    changes: dict[str, Any] = {f.name: Path(value).resolve() for f in dataclasses.fields(options)
                               if isinstance(value := getattr(options, f.name), Path)}
    return dataclasses.replace(options, **changes)


def _faults() -> dict[str, str]:
    raw = os.environ.get(FAULTS_ENV, "")
    return json.loads(raw) if raw else {}


def run(sources: Sequence[Path], formats: Sequence[str], out_dir: Path, options: WriteOptions | None = None,
        batch: BatchOptions | None = None, progress: Progress | None = None, *,
        reading: ReadOptions | None = None) -> Report:
    """Convert every page under ``sources`` to ``formats`` in ``out_dir``; returns what happened.

    Raises InputError when a source is missing or holds no page, OutputError when OUT_DIR cannot be
    used (read-only, a source folder itself, its manifest unusable, or the disk fills mid-run: the
    results committed until then are kept); a page's own failure is a row in the report, never an
    exception. ``reading`` says how each page is read, ``options`` how it is written.
    """
    options = _absolute(options or WriteOptions())
    reading = _absolute(reading or ReadOptions())
    batch = batch or BatchOptions()
    progress = progress or Silent()
    started = time.monotonic()
    out_dir = Path(out_dir).resolve()
    for src in sources:  # before OUT_DIR is made: a typo must not leave an empty archive behind
        if not Path(src).exists():
            raise InputError(f"{src}: no such file or folder")
        if Path(src).resolve() == out_dir:
            # Discovery skips OUT_DIR, so this source would look empty and the manifest would land
            # among the saved pages. A folder *inside* the source is fine: it is skipped.
            raise OutputError(f"{src}: the output folder is this source folder itself",
                              hint="choose another -o: a new folder beside it, or one inside it (skipped "
                                   "when looking for pages)")
    created = _missing_folders(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot create the output folder ({exc.strerror})") from exc
    if not out_dir.is_dir():
        raise OutputError(f"{out_dir}: not a folder")
    n_workers = workers(batch.jobs)
    with _exclusive(out_dir):
        _remove_partials(out_dir)
        new_manifest = not (out_dir / MANIFEST_NAME).exists()
        manifest = Manifest(out_dir)
        try:
            pages = discover([Path(s) for s in sources], exclude=[out_dir], cache=manifest.refs())
            if pages:
                rows, jobs = _plan(pages, formats, out_dir, options, batch, manifest, reading)
                progress.start(len(pages), len(pages) - len(jobs), **_skipped(rows, jobs),
                               hidden=[str(p.mirror.parent / p.source.name) for p in pages
                                       if p.source.name.startswith(".")])
                rows.extend(_execute(jobs, out_dir, options, batch, manifest, progress, n_workers))
                if batch.index:
                    from . import index

                    rows.sort(key=lambda r: (r.source, list(formats).index(r.format)))
                    index.write(Report(out_dir, rows, 0.0, 0, __version__), formats, manifest.names(),
                                manifest.entries())
        finally:
            progress.close()
            manifest.close()
        if not pages and new_manifest:
            _remove_manifest(out_dir)
    if not pages:  # nothing to convert: leave no trace, not even an empty -o folder
        _remove_empty(created)
        raise InputError(f"{', '.join(map(str, sources))}: no saved pages ({', '.join(PAGE_SUFFIXES)}) found")
    rows.sort(key=lambda r: (r.source, list(formats).index(r.format)))
    local_workers = n_workers if batch.executor == "local" else 0  # Dask: the cluster decides
    return Report(out_dir, rows, time.monotonic() - started, local_workers, __version__, batch.executor)


def _skipped(rows: list[Row], jobs: list[tuple[Job, dict[str, str]]]) -> dict[str, int]:
    """Pages that need no worker, by why: unreadable, or recorded as no article (the rest are up to date)."""
    queued = {job.source for job, _ in jobs}
    by_page: dict[str, list[str]] = {}
    for row in rows:
        if row.source not in queued:
            by_page.setdefault(row.source, []).append(row.status)
    statuses = [page_status(st) for st in by_page.values()]
    return {"unreadable": statuses.count("failed"), "no_article": statuses.count("no-article")}


def _plan(pages: list[Page], formats: Sequence[str], out_dir: Path, options: WriteOptions, batch: BatchOptions,
          manifest: Manifest, reading: ReadOptions) -> tuple[list[Row], list[tuple[Job, dict[str, str]]]]:
    """Rows for what is up to date, and a job (with each format's input hash) for everything else."""
    # Room for every format's extension, not only this run's: a page keeps its name whatever is asked.
    room = max(len(spec.extension.encode()) for spec in REGISTRY.values())
    names = assign_names(pages, manifest.names(), room)
    opts_hash = options_hash(options, reading)
    hasher = InputHasher()
    faults = _faults()
    indexed = manifest.entries() if batch.index else {}
    rows: list[Row] = []
    jobs: list[tuple[Job, dict[str, str]]] = []
    for page in pages:
        source, name = str(page.source), names[page.source]
        known = manifest.page(source)
        reads = known[2] if known else None
        signature = input_hash = ""  # unknown until a conversion has recorded what it reads
        if known is not None and reads is not None and hasher.known(reads):
            signature = hasher.signature(reads)
            input_hash = known[1] if known[0] == signature else hasher.input_hash(reads)
        manifest.save_page(page, name, signature, input_hash, reads)
        previous = manifest.outputs(source)
        targets: dict[str, str] = {}
        for fmt in formats:
            output = name + REGISTRY[fmt].extension
            rec = previous.get(fmt)
            # --index needs each article's entry: a page converted by a run without it is converted again.
            fresh = not (batch.index and source not in indexed and rec is not None and rec.status == "converted")
            if not batch.force and fresh and is_current(rec, output=output, input_hash=input_hash, opts_hash=opts_hash,
                                              version=__version__, out_dir=out_dir, manifest=manifest,
                                              verify=batch.verify):
                assert rec is not None
                status = "no-article" if rec.status == "no-article" else "up-to-date"
                rows.append(Row(source, fmt, output if status == "up-to-date" else "", status,
                                without_file(rec.error, source), rec.warnings, 0.0, rec.verified))
            else:
                targets[fmt] = str(out_dir / output)
        if targets:
            job = Job(len(jobs), source, targets, options, faults.get(page.source.name, ""), batch.verify, reading,
                      batch.index)
            jobs.append((job, {"input_hash": input_hash, "options_hash": opts_hash}))
    return rows, jobs


def _execute(jobs: list[tuple[Job, dict[str, str]]], out_dir: Path, options: WriteOptions, batch: BatchOptions,
             manifest: Manifest, progress: Progress, n_workers: int) -> list[Row]:
    """Run the jobs and record each result in the manifest the moment it arrives."""
    rows: list[Row] = []
    hashes = {job.id: h for job, h in jobs}

    def on_result(job: Job, result: JobResult) -> None:
        input_hash = hashes[job.id]["input_hash"]
        if result.reads is not None:  # what this conversion read is what the next run compares
            input_hash = InputHasher.recorded_hash(result.reads)
            manifest.save_reads(job.source, InputHasher.recorded_signature(result.reads), input_hash, result.reads)
            manifest.save_entry(job.source, result.entry)
        for fmt, res in result.formats.items():
            output = Path(job.targets[fmt]).relative_to(out_dir).as_posix()
            error = without_file(res.error, job.source)
            manifest.record(Record(job.source, fmt, output, res.status, input_hash,
                                   hashes[job.id]["options_hash"], __version__, res.output_hash, res.output_size,
                                   res.output_mtime_ns, res.warnings, error, res.duration, time.time(),
                                   res.verified, res.missing))
            # An output that failed verification stays on disk for inspection; the row names it.
            written = res.status == "converted" or res.verified is False
            rows.append(Row(job.source, fmt, output if written else "", res.status, error,
                            res.warnings, res.duration, res.verified, res.missing))
        progress.advance(page_status([r.status for r in result.formats.values()]))

    formats = sorted({fmt for job, _ in jobs for fmt in job.targets})
    timeout = batch.timeout if batch.timeout > 0 else None
    plain = [job for job, _ in jobs]
    if batch.executor == "dask":
        # This machine's RAM says nothing about the cluster's: cap only when asked; Dask's own
        # worker memory limits apply anyway.
        memory = max(batch.memory_limit, 0)
        run_dask(plain, on_result, scheduler=batch.scheduler, timeout=timeout, memory_mb=memory, formats=formats)
    else:
        memory = memory_limit_mb(batch, n_workers)
        run_local(plain, on_result, workers=n_workers, timeout=timeout, memory_mb=memory, formats=formats)
    return rows
