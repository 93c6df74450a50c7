"""The package's regular expressions, compiled once per installation rather than once per run.

CPython compiles a pattern in pure Python (``re._parser``, ``re._compiler``) every time a process
starts, and the package's hundred-odd module-level patterns cost a tenth of a one-page conversion
(benchmarks/README.md). :func:`compiled` is ``re.compile`` for those patterns, which keeps the
compiler's output (the SRE code CPython builds a pattern object from) in a cache file:

* in the user's cache folder (``$XDG_CACHE_HOME/portalconv``, ``~/.cache/portalconv``,
  ``~/Library/Caches/portalconv``, ``%LOCALAPPDATA%\\portalconv``), one file per installation
  and interpreter, or beside the bytecode when ``PYTHONPYCACHEPREFIX`` gathers bytecode elsewhere;
  never inside the installed package, so uninstalling leaves nothing there;
* written only by :func:`save`, which the command line calls when it ends, and like bytecode not
  at all under ``PYTHONDONTWRITEBYTECODE`` (``sys.dont_write_bytecode``);
* it belongs to one interpreter: its header holds the exact Python version and the SRE engine's
  magic number and code size, and a checksum guards the rest;
* an entry is stored only after the pattern object built from it compared equal to
  ``re.compile``'s (pattern objects compare their compiled code), so a change in a later Python's
  internals can make the cache useless, never wrong; any surprise (another implementation, an
  unreadable, foreign or corrupt file, ``_sre`` refusing the code) falls back to ``re.compile``.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
import sys
import zlib
from array import array
from typing import Any, AnyStr

try:  # CPython's engine and compiler; other implementations simply compile every time
    import _sre  # type: ignore[import-not-found]
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - CPython is what the project supports
    _sre = None

_FORMAT = 1
_MAX_ENTRIES = 4096  # patterns of older checkouts pile up in an editable install: start afresh
_SUFFIX = ".sre"
_WORD = "I"  # an unsigned int: SRE's code word on every platform CPython supports (checked below)
Key = tuple[str | bytes, int]
# The code is kept as the bytes of an array of code words: the file loads as one copy per pattern,
# not one Python int per word, and a run turns into lists only the patterns it uses.
Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]


def _header() -> tuple[Any, ...]:
    assert _sre is not None
    return ("portalconv-patterns", _FORMAT, sys.hexversion, sys.implementation.cache_tag, _sre.MAGIC,
            _sre.CODESIZE, sys.maxunicode)


def _cache_home() -> str | None:
    """The user's cache folder, as the platform's conventions (and platformdirs) place it."""
    if sys.platform == "win32":
        return os.environ.get("LOCALAPPDATA") or None
    if sys.platform == "darwin":
        return os.path.expanduser("~/Library/Caches")
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    return xdg if os.path.isabs(xdg) else os.path.expanduser("~/.cache")


def _default_path() -> str | None:
    """``…/portalconv/patterns-<install>.cpython-311.sre``; None where no cache can be kept."""
    if _sre is None or array(_WORD).itemsize != _sre.CODESIZE:
        return None
    package = os.path.dirname(os.path.abspath(__file__))
    # One file per installation: two virtual environments with different versions never take
    # turns rewriting one file. crc32 rather than hashlib, which would load OpenSSL at every start.
    name = f"patterns-{zlib.crc32(package.encode('utf-8', 'surrogatepass')):08x}.{sys.implementation.cache_tag}.sre"
    if sys.pycache_prefix:
        return os.path.join(sys.pycache_prefix, "portalconv", name)
    home = _cache_home()
    if not home or home.startswith("~"):  # no home folder to expand
        return None
    return os.path.join(home, "portalconv", name)


class Store:
    """Compiled code by (pattern, flags), read from ``path`` at the first pattern, written by ``save``."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.entries: dict[Key, Entry] = {}
        self.loaded = False
        self.added = 0  # entries compiled in this process and not yet saved
        self.hits = 0

    def _load(self) -> None:
        self.loaded = True
        if self.path is None:
            return
        try:
            with open(self.path, "rb") as f:
                blob = f.read()  # marshal.load() on the file object reads it a few bytes at a time
            header, checksum, payload = marshal.loads(blob)
            if header != _header() or checksum != zlib.crc32(payload):
                return
            entries = marshal.loads(payload)
        except (OSError, EOFError, ValueError, TypeError):
            return  # absent, unreadable, truncated or not ours: compile as if there were none
        if isinstance(entries, dict):
            self.entries = entries

    def compile(self, pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
        flags = int(flags)
        if _sre is None or flags & re.DEBUG:
            return re.compile(pattern, flags)
        if not self.loaded:
            self._load()
        key = (pattern, flags)
        entry = self.entries.get(key)
        if entry is not None:
            flags_, code, groups, groupindex, indexgroup = entry
            try:
                built: re.Pattern[AnyStr] = _sre.compile(pattern, flags_, _words(code), groups, groupindex,
                                                         indexgroup)
            except (TypeError, ValueError, RuntimeError):  # _sre refused the code: forget the file
                self.entries.clear()
            else:
                self.hits += 1
                return built
        compiled = re.compile(pattern, flags)
        fresh = _entry(pattern, flags)
        if fresh is not None:
            flags_, code, groups, groupindex, indexgroup = fresh
            try:
                same = _sre.compile(pattern, flags_, _words(code), groups, groupindex, indexgroup)
            except (TypeError, ValueError, RuntimeError):
                return compiled
            if same == compiled and (same.groups, same.groupindex) == (compiled.groups, compiled.groupindex):
                self.entries[key] = fresh
                self.added += 1
        return compiled

    def save(self) -> None:
        """Write the file when this process compiled patterns it did not hold; never raises."""
        if not self.added or self.path is None or sys.dont_write_bytecode or _sre is None:
            return
        entries = self.entries if len(self.entries) <= _MAX_ENTRIES else {}
        payload = marshal.dumps(entries)
        blob = marshal.dumps((_header(), zlib.crc32(payload), payload))
        temporary = f"{self.path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(temporary, "wb") as f:
                f.write(blob)
            os.replace(temporary, self.path)  # atomic: a concurrent run reads the old file or this one
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            return
        self.added = 0


def _entry(pattern: str | bytes, flags: int) -> Entry | None:
    """What ``re._compiler.compile`` passes to ``_sre.compile``, as plain marshal-able values."""
    try:
        parsed = _parser.parse(pattern, flags)
        code = array(_WORD, _compiler._code(parsed, flags)).tobytes()
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, number in groupindex.items():
            indexgroup[number] = name
        return int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup)
    except Exception:  # the internals of another Python version: compile as usual, cache nothing
        return None


def _words(code: bytes) -> list[int]:
    words = array(_WORD)
    words.frombytes(code)
    return words.tolist()


_STORE = Store(_default_path())


def compiled(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, from the compiled-code file when it holds the pattern."""
    return _STORE.compile(pattern, flags)


def save() -> None:
    """Keep the code of the patterns compiled in this process for the next one (see the module's text)."""
    _STORE.save()
