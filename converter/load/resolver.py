"""Local-only resource resolution: files under the page's folder and ``data:`` URIs; the network only on request.

Saved pages reference their files relatively (``./page_files/photo.jpg``), whatever the browser
called the folder (``_files``, ``-Dateien``, ``_fichiers``, ``.files``), so resolving references
against the page's directory finds the folder without a list of localised names.

The rules, in order:

* ``data:`` URIs carry their bytes.
* ``file:`` URLs, UNC paths (``\\\\server\\share``) and absolute Windows paths name the saving
  machine or another one: refused.
* A reference is URL-decoded (``%20``, UTF-8 names; Latin-1 and the raw form are tried too), its
  query string and fragment dropped (tried kept too, as wget saves ``x.png?rev=40``), ``\\`` read
  as ``/``, and matched case-insensitively and regardless of Unicode normalisation, as Windows
  and macOS save names.
* Only files inside the *root* are read: the page's own folder by default, or a mirror root the
  caller names (``load(path, root=…)``; an HTTrack mirror's root is found by ``page.py``).
  ``../`` escapes are refused before touching the disk; symlinks are followed and refused when
  they end outside the root. A reference starting with ``/`` is relative to the root.
* Wayback addresses (``/web/<timestamp>im_/<url>``) are looked up as written (a copy of the
  captures keeps that layout) and by their original address; an original address on the page's
  own site maps to the same relative place beside the page (as mirrors lay sites out).
* Remote ``http(s)`` addresses are fetched only when a :class:`RemoteFetcher` is given.
"""

from __future__ import annotations

import os
import posixpath
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from ..model import Resource
from ..urls import join, scheme, split
from .blobs import data_resource, decode_data_uri, make_resource
from .memo import Memo
from .reads import note_file, note_folder, note_root, read_regular
from .refs import is_wayback, refusal, unwrap_wayback

if TYPE_CHECKING:  # the fetcher module is imported only when --fetch-remote asks for it
    from .remote import RemoteFetcher

MAX_FILE_BYTES = 64 * 1024 * 1024  # no photo in a saved page is this large; a video renamed .jpg may be
__all__ = ["MAX_FILE_BYTES", "LocalResolver", "data_resource", "decode_data_uri", "fetch_remote", "make_resource"]


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def fetch_remote(remote: RemoteFetcher | None, ref: str, base_url: str, problems: dict[str, str]) -> Resource | None:
    """Fetch ``ref`` (absolute, or relative to an http(s) ``base_url``) when a fetcher is given."""
    parts = split(ref)
    if parts is None:
        return None
    if parts.scheme.lower() in {"http", "https"}:
        url = ref
    elif not parts.scheme and scheme(base_url) in {"http", "https"}:
        url = join(base_url, ref)
        if not url:  # the page's own address is malformed: nothing to be relative to
            return None
    else:
        return None
    if remote is None:
        if parts.scheme or parts.netloc:
            problems[ref] = "remote address, not fetched (see --fetch-remote)"
        return None
    from .remote import RemoteRefused  # here, not at the top: http.client and ssl cost ~20 ms to import

    try:
        data, declared = remote.fetch(url)
    except RemoteRefused as exc:
        problems[ref] = f"not fetched from {url}: {exc}"
        return None
    return make_resource(data, ref, declared)


class LocalResolver:
    """Finds resources for one page on disk; refuses anything outside the root (see the module doc)."""

    def __init__(self, page: Path, *, root: Path | None = None, site_url: str = "", base_url: str = "",
                 remote: RemoteFetcher | None = None) -> None:
        self.folder = page.resolve().parent
        self.root = root.resolve() if root is not None else self.folder
        if not self.folder.is_relative_to(self.root):
            raise ValueError(f"{page} is not inside the root folder {self.root}")
        # The page's original address (Wayback unwrapped), for same-site references, and what relative
        # references are joined to when fetching remotely. One that cannot be parsed ("http://[::1")
        # is as good as none.
        self.site_url = site_url if split(site_url) is not None else ""
        self.base_url = base_url if split(base_url) is not None else ""
        self.remote = remote
        self.problems: dict[str, str] = {}  # reference → why it was not resolved, for the warning
        self._listings: dict[Path, dict[str, str]] = {}
        # A page may name one file a hundred thousand times (a bullet icon, a spacer): each reference
        # is resolved once and each file read once per conversion, whatever the page repeats.
        self._resolved: Memo[str, Resource | None] = Memo(resource_size)
        self._files: Memo[Path, tuple[os.stat_result, bytes | None] | OSError] = Memo(_read_size)
        note_root(self.root)

    def resolve(self, ref: str) -> Resource | None:
        ref = ref.strip()
        return self._resolved.get(ref, self._resolve)

    def _resolve(self, ref: str) -> Resource | None:
        if ref.lower().startswith("data:"):
            return data_resource(ref)
        reason = refusal(ref)
        if reason is not None:
            self.problems[ref] = f"refused: {reason}"
            return None
        if split(ref) is None:
            self.problems[ref] = "not a valid address"
            return None
        for rel in self._local_paths(ref):
            path = self._find(rel, ref)
            if path is not None:
                return self._read(path, ref)
        if ref in self.problems:  # an escape or a symlink out: never fall back to the network
            return None
        return fetch_remote(self.remote, ref, self.base_url, self.problems)

    # ------------------------------------------------------------------ references → relative paths
    def _local_paths(self, ref: str) -> list[str]:
        parts = split(ref)
        if parts is None:
            return []
        out: list[str] = []
        if not parts.scheme and not parts.netloc:
            out += self._paths(parts.path, parts.query, ref, literal=True)
        elif is_wayback(ref):
            out += self._paths(parts.path, "", ref)  # a copy of the captures keeps /web/… under its root
        original = unwrap_wayback(ref) if is_wayback(ref) else ref
        if self.site_url and scheme(original) in {"http", "https"}:
            out += self._same_site(original, ref)
        return list(dict.fromkeys(out))

    def _same_site(self, url: str, ref: str) -> list[str]:
        """An address on the page's own site → the same place relative to the page's folder."""
        site, target = split(self.site_url), split(url)
        if site is None or target is None or not target.hostname \
                or _host(target.hostname) != _host(site.hostname or ""):
            return []
        here = posixpath.dirname(site.path) or "/"
        relative = posixpath.relpath(target.path or "/", here)
        return self._paths(relative, target.query, ref)

    def _paths(self, path: str, query: str, ref: str, literal: bool = False) -> list[str]:
        """Candidate paths relative to the root, for every decoding of ``path``.

        An escape from the root is dropped; for a ``literal`` (relative, as written) reference it
        is recorded as refused, which also keeps the reference from being fetched remotely.
        """
        if not path:
            return []
        # The last: %-escapes that are not UTF-8 as the very bytes of a file name ("caf%E9.jpg" names
        # b"caf\xe9.jpg" on a POSIX disk; surrogate escapes are how Python spells such a name).
        variants = [unquote(path), path, unquote(path, encoding="latin-1"), unquote(path, errors="surrogateescape")]
        if query:
            variants += [unquote(path) + "?" + unquote(query), path + "?" + query]
        here = self.folder.relative_to(self.root).as_posix()
        out: list[str] = []
        for variant in dict.fromkeys(variants):
            variant = variant.replace("\\", "/")
            joined = variant.lstrip("/") if variant.startswith("/") else posixpath.join(here, variant)
            rel = posixpath.normpath(joined)
            if rel == ".." or rel.startswith("../") or rel.startswith("/"):
                if literal:
                    self.problems[ref] = "refused: outside the page's folder"
                continue
            out.append(rel)
        return out

    # ------------------------------------------------------------------ the disk
    def _find(self, rel: str, ref: str) -> Path | None:
        """The file at ``rel`` under the root, matching each name case-insensitively if need be."""
        current = self.root
        for name in rel.split("/"):
            if name in ("", "."):
                continue
            exact = current / name
            if os.path.lexists(exact):
                current = exact
                continue
            if not self._inside(current, ref):
                return None  # a symlinked folder leading out: not even its listing is read
            match = self._listing(current).get(_fold(name))
            if match is None:
                return None
            current = current / match
        try:
            resolved = current.resolve(strict=True)
        except (OSError, RuntimeError):  # dangling or looping symlink
            return None
        if not resolved.is_relative_to(self.root):
            self.problems[ref] = "refused: a symlink pointing outside the page's folder"
            return None
        return resolved if resolved.is_file() else None

    def _inside(self, folder: Path, ref: str) -> bool:
        try:
            resolved = folder.resolve(strict=True)
        except (OSError, RuntimeError):
            return False
        if resolved.is_relative_to(self.root):
            return True
        self.problems[ref] = "refused: a symlink pointing outside the page's folder"
        return False

    def _listing(self, folder: Path) -> dict[str, str]:
        """Folded name → real name for the entries of ``folder`` (first in sorted order wins)."""
        if folder not in self._listings:
            names: dict[str, str] = {}
            try:
                entries = os.listdir(folder)
                # A name that appears here later could match the reference: a batch must notice.
                note_folder(folder.resolve(), entries)
                for entry in sorted(entries):
                    names.setdefault(_fold(entry), entry)
            except OSError:
                pass
            self._listings[folder] = names
        return self._listings[folder]

    def _read(self, path: Path, ref: str) -> Resource | None:
        read = self._files.get(path, _read_file)  # two spellings of one file ("a.jpg", "./A.JPG") read it once
        if isinstance(read, OSError):
            self.problems[ref] = f"cannot read {path.name} ({read.strerror})"
            return None
        _, data = read
        if data is None:
            self.problems[ref] = f"refused: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"
            return None
        return make_resource(data, ref)


def _read_file(path: Path) -> tuple[os.stat_result, bytes | None] | OSError:
    try:
        info, data = read_regular(path, MAX_FILE_BYTES)
    except OSError as exc:
        return exc
    # Refused or not, what it holds decided this conversion: a batch re-checks it.
    note_file(path, info, data, MAX_FILE_BYTES)
    return info, data


def _read_size(read: tuple[os.stat_result, bytes | None] | OSError) -> int:
    return len(read[1] or b"") if isinstance(read, tuple) else 0


def resource_size(resource: Resource | None) -> int:
    return len(resource.data) if resource is not None else 0


def _host(name: str) -> str:
    name = name.lower().rstrip(".")
    return name[4:] if name.startswith("www.") else name
