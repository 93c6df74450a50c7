"""The batch manifest: an SQLite file in OUT_DIR recording, per page and format, what was made from what.

An output is up to date when its row says it was converted from the same input hash (the files its
conversion read, as the loader recorded them, and the listings of the folders it searched), the
same options hash and the same tool version, and the file is still there with the recorded hash.
Only the coordinating process opens the manifest.

Paths are kept exactly: a name that is not UTF-8 (held as surrogate escapes) is stored as a BLOB of
its bytes, and JSON columns escape it, so one such name cannot stop the batch.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

from ..errors import OutputError
from ..load.reads import current_digest, current_listing
from ..options import ReadOptions, WriteOptions
from ..records import dataclass
from ..writers import VERIFIABLE
from .discover import Page
from .files import sha256_file

MANIFEST_NAME = "portalconv-manifest.sqlite"
_SCHEMA_VERSION = "4"  # 2: verified, missing (batch --verify); 3: pages.reads; 4: pages.entry

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pages (
    source TEXT PRIMARY KEY,       -- absolute path of the saved page
    name TEXT NOT NULL,            -- output path without extension, relative to OUT_DIR
    signature TEXT NOT NULL,       -- sizes and mtimes of the page and its resources (cheap check)
    input_hash TEXT NOT NULL,      -- sha256 of the page and its resources' contents
    stamp TEXT NOT NULL,           -- size:mtime_ns of the page file when refs were read
    refs TEXT NOT NULL,            -- JSON list of its relative resource references
    reads TEXT NOT NULL DEFAULT '', -- JSON: what its last conversion read (load.reads.ReadLog); '' = unknown
    entry TEXT NOT NULL DEFAULT ''  -- JSON: the archive index's entry (batch/index.py); '' = none yet
);
CREATE TABLE IF NOT EXISTS outputs (
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    output TEXT NOT NULL,          -- relative to OUT_DIR, '/'-separated
    status TEXT NOT NULL,          -- converted | no-article | failed
    input_hash TEXT NOT NULL,
    options_hash TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    output_hash TEXT NOT NULL DEFAULT '',
    output_size INTEGER NOT NULL DEFAULT -1,
    output_mtime_ns INTEGER NOT NULL DEFAULT -1,
    warnings TEXT NOT NULL DEFAULT '[]',  -- JSON list of {code, message, where}
    error TEXT NOT NULL DEFAULT '',
    duration REAL NOT NULL DEFAULT 0,
    finished_at REAL NOT NULL DEFAULT 0,
    verified INTEGER,              -- NULL: not checked; 1: the output holds the whole article; 0: it does not
    missing TEXT NOT NULL DEFAULT '[]',  -- JSON list of what verification did not find
    PRIMARY KEY (source, format)
);
"""
# Columns added since version 1, in table order: a manifest written by an older portalconv gains them
# (NULL: never verified) instead of being discarded, so its up-to-date outputs stay up to date.
_ADDED_COLUMNS = {"outputs": (("verified", "INTEGER"), ("missing", "TEXT NOT NULL DEFAULT '[]'")),
                  "pages": (("reads", "TEXT NOT NULL DEFAULT ''"), ("entry", "TEXT NOT NULL DEFAULT ''"))}


@dataclass(frozen=True, slots=True)
class Record:
    """One row of ``outputs``: the outcome of one page in one format."""

    source: str
    format: str
    output: str
    status: str
    input_hash: str
    options_hash: str
    tool_version: str
    output_hash: str = ""
    output_size: int = -1
    output_mtime_ns: int = -1
    warnings: list[dict[str, str]] = field(default_factory=list)
    error: str = ""
    duration: float = 0.0
    finished_at: float = 0.0
    verified: bool | None = None
    missing: list[str] = field(default_factory=list)


def options_hash(options: WriteOptions, reading: ReadOptions | None = None) -> str:
    """A hash of every write and read option; a stylesheet counts by its contents, not its name.

    The read options come after the write options, in the order they had when both were one
    object, so that a manifest made then still matches.
    """
    parts: list[str] = []
    for opts in (options, reading or ReadOptions()):
        for f in dataclasses.fields(opts):
            value = getattr(opts, f.name)
            if isinstance(value, Path):  # a file by its contents; a folder (--root) by its path
                kind = "folder" if value.is_dir() else "missing"
                value = sha256_file(value) if value.is_file() else f"{kind}:{value}"
            parts.append(f"{f.name}={value!r}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _db(value: Any) -> Any:
    """A text for SQLite: a string holding surrogate escapes (a non-UTF-8 name) goes in as its bytes."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "surrogateescape")
    return value


def _py(value: Any) -> Any:
    return value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else value


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=True)  # ASCII: a lone surrogate survives as \udcXX


Reads = dict[str, Any]  # load.reads.ReadLog.to_data()


class InputHasher:
    """A page's input signature (stats) and hash (contents), from what its last conversion read.

    Only recorded inputs are looked at, and a changed one is re-read under the loader's rules
    (inside the root it was read under, a regular file, within its size limit): the coordinator
    never opens what a page merely points at, and never hashes more than the loader would read.
    """

    def __init__(self) -> None:
        self._digests: dict[tuple[str, str], str] = {}

    @staticmethod
    def known(reads: Reads | None) -> bool:
        """Whether ``reads`` describes a conversion that read its page (else nothing is current)."""
        return bool(reads and reads.get("files"))

    @staticmethod
    def _stat(path: str) -> tuple[int, int] | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return st.st_size, st.st_mtime_ns

    @staticmethod
    def _combine(parts: Sequence[str]) -> str:
        return hashlib.sha256("\n".join(sorted(parts)).encode("utf-8", "surrogateescape")).hexdigest()

    @classmethod
    def recorded_signature(cls, reads: Reads) -> str:
        return cls._combine([f"f\0{p}\0{size}:{mtime}" for p, (size, mtime, *_) in reads["files"].items()]
                            + [f"d\0{p}\0{mtime}" for p, (mtime, _) in reads["folders"].items()])

    @classmethod
    def recorded_hash(cls, reads: Reads) -> str:
        return cls._combine([f"f\0{p}\0{digest}" for p, (_, _, digest, _) in reads["files"].items()]
                            + [f"d\0{p}\0{digest}" for p, (_, digest) in reads["folders"].items()])

    def signature(self, reads: Reads) -> str:
        """Sizes and mtimes now of everything ``reads`` lists: equal signatures, equal inputs."""
        files = []
        for p in reads["files"]:
            now = self._stat(p)
            files.append(f"f\0{p}\0{now[0]}:{now[1]}" if now else f"f\0{p}\0gone")
        folders = []
        for p in reads["folders"]:
            now = self._stat(p)
            folders.append(f"d\0{p}\0{now[1]}" if now else f"d\0{p}\0gone")
        return self._combine(files + folders)

    def input_hash(self, reads: Reads) -> str:
        """The input hash now; only what changed size or mtime since it was recorded is read again."""
        root = reads.get("root", "")
        parts = []
        for p, (size, mtime, digest, limit) in reads["files"].items():
            if self._stat(p) != (size, mtime):
                digest = self._digest("f", p, lambda p=p, limit=limit: current_digest(p, root, limit))
            parts.append(f"f\0{p}\0{digest}")
        for p, (mtime, digest) in reads["folders"].items():
            now = self._stat(p)
            if now is None or now[1] != mtime:
                digest = self._digest("d", p, lambda p=p: current_listing(p, root))
            parts.append(f"d\0{p}\0{digest}")
        return self._combine(parts)

    def _digest(self, kind: str, path: str, compute: Any) -> str:
        if (kind, path) not in self._digests:  # a shared stylesheet or photo is read once per run
            self._digests[kind, path] = compute()
        return self._digests[kind, path]


class Manifest:
    """The SQLite manifest in OUT_DIR; every recorded result is committed at once (kill -9 safe).

    Every SQLite failure leaves as an OutputError naming the manifest (exit 5): a full disk or a
    folder that cannot be written stops the batch with one line, and the rows committed so far stay.
    """

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / MANIFEST_NAME
        if self.path.is_dir() or (self.path.exists() and not self.path.is_file()):
            raise OutputError(f"{self.path}: not a portalconv manifest (not a file); move it away to start a new "
                              "record of this folder")
        created = not self.path.exists()
        with self._sql():
            self.db = sqlite3.connect(self.path, isolation_level=None)  # autocommit: one row, one commit
        try:
            self._open()
        except BaseException:
            self.db.close()
            if created:  # a manifest this run began and could not finish setting up holds nothing
                for leftover in ("", "-wal", "-shm", "-journal"):
                    with contextlib.suppress(OSError):
                        Path(f"{self.path}{leftover}").unlink()
            raise

    @contextlib.contextmanager
    def _sql(self) -> Iterator[None]:
        """Turn an SQLite failure into an OutputError that says what to do about it."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            # ProgrammingError, IntegrityError ... are bugs in this module: keep their traceback.
            if type(exc) is not sqlite3.DatabaseError and not isinstance(exc, sqlite3.OperationalError):
                raise
            raise self._error(exc) from exc

    def _error(self, exc: sqlite3.DatabaseError) -> OutputError:
        code = getattr(exc, "sqlite_errorname", "") or ""
        if code in {"SQLITE_NOTADB", "SQLITE_CORRUPT"} or code.startswith("SQLITE_CORRUPT_"):
            # Only a file SQLite cannot read as a database is "not a manifest"; moving it away is safe advice.
            return OutputError(f"{self.path}: not a portalconv manifest ({exc}); move it away to start a new "
                               "record of this folder")
        if code == "SQLITE_FULL":
            return OutputError(f"{self.path}: the disk is full ({exc})",
                               hint="free some space and run the same command again; pages already "
                                    "converted are kept")
        if code.startswith("SQLITE_CANTOPEN"):
            return OutputError(f"{self.path}: cannot open the manifest ({exc})",
                               hint="check that the output folder can be written")
        return OutputError(f"{self.path}: cannot write the manifest ({exc})",
                           hint="check that the output folder can be written and the disk has space")

    def _open(self) -> None:
        with self._sql():
            self._check()
            # WAL: a commit per page stays cheap, and a crash mid-write never corrupts earlier rows.
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
            self._migrate()
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (_SCHEMA_VERSION,))

    def _check(self) -> None:
        """Refuse a file we did not write or a newer portalconv's manifest: altering either loses its record."""
        tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return  # a new manifest
        if not {"meta", "pages", "outputs"} <= tables:
            raise OutputError(f"{self.path}: not a portalconv manifest (tables: {', '.join(sorted(tables))}); "
                              "move it away to start a new record of this folder")
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = row[0] if row else "1"
        if not version.isdigit() or int(version) > int(_SCHEMA_VERSION):
            raise OutputError(f"{self.path}: written by a newer portalconv (manifest schema {version}, this one "
                              f"reads up to {_SCHEMA_VERSION}); upgrade portalconv or use another output folder")

    def _migrate(self) -> None:
        for table, columns in _ADDED_COLUMNS.items():
            have = {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}
            for name, decl in columns:
                if name not in have:
                    self.db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {decl}")

    def close(self) -> None:
        self.db.close()

    def names(self) -> dict[str, str]:
        with self._sql():
            return {_py(s): _py(n) for s, n in self.db.execute("SELECT source, name FROM pages").fetchall()}

    def page(self, source: str) -> tuple[str, str, Reads | None] | None:
        """Signature, input hash and recorded reads of ``source`` (reads None: never read by this version)."""
        with self._sql():
            row = self.db.execute("SELECT signature, input_hash, reads FROM pages WHERE source = ?",
                                  (_db(source),)).fetchone()
        if row is None:
            return None
        try:
            reads = json.loads(row[2]) if row[2] else None
        except ValueError:
            reads = None
        return row[0], row[1], reads

    def save_page(self, page: Page, name: str, signature: str, input_hash: str, reads: Reads | None) -> None:
        with self._sql():
            # An upsert, not a replace: the index entry stays with the page until a conversion renews it.
            self.db.execute("INSERT INTO pages (source, name, signature, input_hash, stamp, refs, reads) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(source) DO UPDATE SET name = excluded.name, "
                            "signature = excluded.signature, input_hash = excluded.input_hash, "
                            "stamp = excluded.stamp, refs = excluded.refs, reads = excluded.reads",
                            (_db(str(page.source)), _db(name), signature, input_hash, page.stamp,
                             _json(page.refs), _json(reads) if reads is not None else ""))

    def save_reads(self, source: str, signature: str, input_hash: str, reads: Reads) -> None:
        """What a conversion of ``source`` just read: the next run compares against this."""
        with self._sql():
            self.db.execute("UPDATE pages SET signature = ?, input_hash = ?, reads = ? WHERE source = ?",
                            (signature, input_hash, _json(reads), _db(source)))

    def save_entry(self, source: str, entry: dict[str, Any] | None) -> None:
        """The index entry of a conversion just made (None: not asked, so an older one is stale)."""
        with self._sql():
            self.db.execute("UPDATE pages SET entry = ? WHERE source = ?",
                            (_json(entry) if entry is not None else "", _db(source)))

    def entries(self) -> dict[str, dict[str, Any]]:
        """The archive index's entry of every page that has one (see batch/index.py)."""
        with self._sql():
            rows = self.db.execute("SELECT source, entry FROM pages WHERE entry != ''").fetchall()
        out = {}
        for source, raw in rows:
            with contextlib.suppress(ValueError):
                out[_py(source)] = json.loads(raw)
        return out

    def refs(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        """What discovery read from each page last time (see discover.RefCache)."""
        with self._sql():
            rows = self.db.execute("SELECT source, stamp, refs FROM pages").fetchall()
            return {_py(source): (stamp, tuple(json.loads(refs))) for source, stamp, refs in rows}

    def outputs(self, source: str) -> dict[str, Record]:
        with self._sql():
            cur = self.db.execute("SELECT * FROM outputs WHERE source = ?", (_db(source),))
            cols = [c[0] for c in cur.description]
            out = {}
            for row in cur.fetchall():
                data: dict[str, Any] = {c: _py(v) for c, v in zip(cols, row, strict=True)}
                data["warnings"] = json.loads(data["warnings"])
                data["missing"] = json.loads(data["missing"])
                data["verified"] = None if data["verified"] is None else bool(data["verified"])
                out[data["format"]] = Record(**data)
            return out

    def record(self, rec: Record) -> None:
        with self._sql():
            row = {f.name: getattr(rec, f.name) for f in dataclasses.fields(rec)}
            row["warnings"] = _json(rec.warnings)
            row["missing"] = _json(rec.missing)
            row = {k: _db(v) for k, v in row.items()}
            # Named columns: an old manifest's migrated table has them in the same order, but say so.
            self.db.execute(f"INSERT OR REPLACE INTO outputs ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                            tuple(row.values()))

    def touch_output(self, rec: Record, size: int, mtime_ns: int) -> None:
        """Remember a new stat for an output whose contents were checked unchanged (a copy, a touch)."""
        with self._sql():
            self.db.execute("UPDATE outputs SET output_size = ?, output_mtime_ns = ? WHERE source = ? AND format = ?",
                            (size, mtime_ns, _db(rec.source), rec.format))


def is_current(rec: Record | None, *, output: str, input_hash: str, opts_hash: str, version: str,
               out_dir: Path, manifest: Manifest, verify: bool = False) -> bool:
    """Whether ``rec`` still describes what converting now would give, so the work can be skipped.

    Failures are never current (the next run retries them); a "no article" verdict is current while
    the input, options and version are. A converted output must still exist with its recorded hash;
    size and mtime spare re-reading it when nobody touched it. Under ``verify`` an output that was
    never verified is not current either: it is made again and checked.
    """
    if rec is None or rec.status == "failed" or rec.output != output or not input_hash:
        return False
    if verify and rec.status == "converted" and rec.format in VERIFIABLE and rec.verified is not True:
        return False
    if (rec.input_hash, rec.options_hash, rec.tool_version) != (input_hash, opts_hash, version):
        return False
    if rec.status == "no-article":
        return True
    target = out_dir / output
    try:
        st = target.stat()
    except OSError:
        return False
    if (st.st_size, st.st_mtime_ns) == (rec.output_size, rec.output_mtime_ns):
        return True
    if st.st_size != rec.output_size or sha256_file(target) != rec.output_hash:
        return False
    manifest.touch_output(rec, st.st_size, st.st_mtime_ns)
    return True
