"""Find the saved pages under the sources, tell them from resource folders, and name their outputs.

A folder is a *resource folder* (never walked for pages) when it is named after a sibling page the
way browsers name it (``NAME_files``, ``NAME-Dateien`` ...) or when a sibling page loads something
from it (``src=``, ``<link href=``, CSS ``url()``) and it holds no page of its own. A referenced
folder that does hold pages is content (a portal's ``news/``) and is walked. Dot-files and
dot-folders are skipped, except a bare ``.html``: a site root saved without a name (see :func:`hidden`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote_to_bytes

from ..errors import InputError
from ..page_names import MHTML_SUFFIXES, PAGE_SUFFIXES, is_page, page_stem
from ..patterns import compiled
from ..records import dataclass
from .files import open_regular

# How browsers name the folder of "Web page, complete": NAME + one of these. IE and old Firefox
# localised the word (German "-Dateien", French "_fichiers", Spanish "_archivos", ...).
RESOURCE_FOLDER_SUFFIXES = ("_files", "-files", ".files", "_file", "-dateien", "_fichiers", "_archivos",
                            "_arquivos", "_bestanden", "_pliki", "_soubory", "-filer", "_tiedostot")

# Attributes that *load* a resource (as opposed to <a href>, which navigates to another page).
# This scan is the coordinator's largest cost per page, so it is made cheap: matched in lower case
# against the page's bytes lowered (ASCII only, every offset stays put) and cut from the original
# bytes, since re.IGNORECASE is two to three times slower; and tried only where one of
# _ANCHORS starts (every match starts with one), found by bytes.find, three times faster again
# than letting the regex engine try every position.
_REFERENCES = compiled(
    rb"""(?:\b(?:src|srcset|background|data|poster)\s*=\s*|<link\b[^>]*?\bhref\s*=\s*|url\(\s*)["']?\s*([^"'\s>)]+)""",
)
_ANCHORS = (b"src", b"background", b"data", b"poster", b"<link", b"url(")
_MAX_SCAN = 256 * 2**20  # the loader reads no larger page (load.page.MAX_PAGE_BYTES)
NAME_MAX_BYTES = 255  # the longest file name on Linux, macOS (APFS, HFS+) and Windows (NTFS, in UTF-16 units)
_SCHEME = compiled(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Page:
    """One saved page: where it is, where its outputs go (before clash resolution), what it uses."""

    source: Path  # absolute
    mirror: PurePosixPath  # output path relative to OUT_DIR, without extension
    resources: tuple[Path, ...] = ()  # resource folders whose files the page may load (never walked for pages)
    stamp: str = field(default="", compare=False)  # "size:mtime_ns" of the page when its refs were read
    refs: tuple[str, ...] = field(default=(), compare=False, repr=False)  # relative references in the page


# source path → (stamp, references) from an earlier run
RefCache = Mapping[str, tuple[str, tuple[str, ...]]]


def _key(name: str) -> str:
    # Case-insensitive, normalisation-insensitive: macOS and Windows would otherwise make two
    # "different" names one file.
    return unicodedata.normalize("NFC", name).casefold()


def references(page: Path) -> list[str]:
    """Every relative resource reference in a page, percent-decoded, without query or fragment."""
    if page.name.lower().endswith(MHTML_SUFFIXES):
        return []  # an MHTML archive carries its resources inside
    try:
        with open_regular(page) as f:
            data = f.read(_MAX_SCAN)
    except OSError:
        return []  # not a regular file or unreadable: its conversion says so
    out: list[str] = []
    for m in _reference_matches(data.lower()):
        ref = data[m.start(1):m.end(1)].replace(b"\\", b"/")  # IE on Windows sometimes wrote backslashes
        if _SCHEME.match(ref.decode("latin-1")) or ref.startswith((b"/", b"#")):
            continue
        ref = re.split(rb"[?#]", ref, maxsplit=1)[0]
        if ref:
            out.append(unquote_to_bytes(ref).decode("utf-8", "surrogateescape"))
    return out


def _reference_matches(lowered: bytes) -> Iterator[re.Match[bytes]]:
    """What ``_REFERENCES.finditer(lowered)`` finds (non-overlapping, left to right), tried only at
    the anchors. ``match`` at a position still sees the byte before it, so ``\\b`` holds."""
    starts: set[int] = set()
    for anchor in _ANCHORS:
        at = lowered.find(anchor)
        while at != -1:
            starts.add(at)
            at = lowered.find(anchor, at + 1)
    end = 0
    for at in sorted(starts):
        if at >= end and (m := _REFERENCES.match(lowered, at)):
            end = m.end()
            yield m


def _first_folder(ref: str) -> str | None:
    """The folder a reference starts with (comparison key), or None for a file beside the page or ``../``."""
    while ref.startswith("./"):
        ref = ref[2:]
    head, sep, _ = ref.partition("/")
    return _key(head) if sep and head and head != ".." else None


def _resource_folders(folder: Path, pages: Sequence[str], subdirs: Sequence[str],
                      refs: Mapping[str, Sequence[str]]) -> dict[str, set[str]]:
    """Map each resource subfolder of ``folder`` to the pages (file names) that use it."""
    if not pages or not subdirs:
        return {}
    by_key = {_key(d): d for d in subdirs}
    users: dict[str, set[str]] = {}
    content: dict[str, bool] = {}
    for page in pages:
        stem = _key(page_stem(page))
        for d_key, d in by_key.items():
            if d_key.startswith(stem) and d_key[len(stem):] in RESOURCE_FOLDER_SUFFIXES:
                users.setdefault(d, set()).add(page)
        for ref in {f for r in refs[page] if (f := _first_folder(r))} & by_key.keys():
            d = by_key[ref]
            if d not in content:
                content[d] = _holds_pages(folder / d)
            if d in users or not content[d]:
                users.setdefault(d, set()).add(page)
    return users


def hidden(name: str) -> bool:
    """A dot-file or dot-folder (``.git``, ``.hidden.html``): tooling or private, not content.

    A bare ``.html`` (``.htm``, ``.aspx`` ...) is not: it is a site's root saved without a name, and
    is converted (as ``index``) although ``ls`` does not show it.
    """
    return name.startswith(".") and name.lower() not in PAGE_SUFFIXES


def _holds_pages(folder: Path) -> bool:
    """Whether a page lies anywhere under ``folder`` (then it is content, not a resource folder)."""
    for _, dirnames, names in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not hidden(d)]
        if any(is_page(name) and not hidden(name) for name in names):
            return True
    return False


def _stamp(path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        return ""
    return f"{st.st_size}:{st.st_mtime_ns}"


def _pages_in(folder: Path, names: Sequence[str], subdirs: Sequence[str], mirror: PurePosixPath,
              cache: RefCache) -> tuple[list[Page], set[str]]:
    """The pages among ``names`` in ``folder``, and which ``subdirs`` are resource folders."""
    stamps = {name: _stamp(folder / name) for name in names}
    refs: dict[str, tuple[str, ...]] = {}
    for name in names:
        known = cache.get(str(folder / name))
        # A re-run of a big tree must not re-read every page: same size and mtime, same references.
        refs[name] = known[1] if known and known[0] == stamps[name] else tuple(references(folder / name))
    resources = _resource_folders(folder, names, subdirs, refs)
    pages = []
    for name in names:
        used = tuple(folder / d for d, users in sorted(resources.items()) if name in users)
        # What the page loads is recorded by its conversion (manifest.InputHasher), not guessed here.
        pages.append(Page(folder / name, mirror / page_stem(name), used, stamps[name], refs[name]))
    return pages, set(resources)


def _walk(root: Path, prefix: PurePosixPath, excluded: set[Path], cache: RefCache) -> Iterator[Page]:
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        if here.resolve() in excluded:
            dirnames[:] = []
            continue
        rel = PurePosixPath(*here.relative_to(root).parts)
        names = sorted(f for f in filenames if is_page(f) and not hidden(f))
        pages, resources = _pages_in(here, names, dirnames, prefix / rel, cache)
        dirnames[:] = sorted(d for d in dirnames if d not in resources and not hidden(d))
        yield from pages


def discover(sources: Sequence[Path], exclude: Iterable[Path] = (), cache: RefCache | None = None,
             repeated: list[Path] | None = None) -> list[Page]:
    """Every page under ``sources`` (folders recursively, files as given), each once, in a stable order.

    One folder mirrors onto OUT_DIR itself; with several sources each folder gets a subfolder named
    after it and each file lands at the top. ``cache`` holds references found by an earlier run.
    A page met again (named twice, or inside a folder also given) is appended to ``repeated``.
    """
    excluded = {p.resolve() for p in exclude}
    cache = cache or {}
    seen: set[Path] = set()
    out: list[Page] = []
    single_folder = len(sources) == 1
    for src in sources:
        if not src.exists():
            raise InputError(f"{src}: no such file or folder")
        root = src.resolve()
        if root.is_dir():
            prefix = PurePosixPath() if single_folder else PurePosixPath(root.name or "root")
            found: Iterable[Page] = _walk(root, prefix, excluded, cache)
        else:
            found, _ = _pages_in(root.parent, [root.name], [d.name for d in _subdirs(root.parent)],
                                 PurePosixPath(), cache)
        for page in found:
            if page.source not in seen:  # overlapping sources: a page is converted once
                seen.add(page.source)
                out.append(page)
            elif repeated is not None and page.source not in repeated:
                repeated.append(page.source)
    return out


def _subdirs(folder: Path) -> list[Path]:
    try:
        return [Path(e.path) for e in os.scandir(folder) if e.is_dir()]
    except OSError:
        return []


def fit_name(base: str, suffix: str = "", room: int = 0) -> str:
    """``base`` + ``suffix``, its last part cut (by characters) so that it and ``room`` more bytes fit a file name.

    A clash suffix on a long page name, or a ``.htm`` page's 251-byte stem, would otherwise make an
    output name longer than the filesystem allows, and that page would fail on every run.
    """
    head, sep, last = base.rpartition("/")
    limit = NAME_MAX_BYTES - room - len(suffix.encode("utf-8", "surrogateescape"))
    while last and len(last.encode("utf-8", "surrogateescape")) > limit:
        last = last[:-1]
    return head + sep + (last or "page") + suffix


def assign_names(pages: Sequence[Page], previous: Mapping[str, str], room: int = 0) -> dict[Path, str]:
    """A distinct output name (path without extension, relative to OUT_DIR) for every page.

    Names are sticky: a page keeps the name the manifest recorded for it while nobody else has
    taken it, so adding a page never renames another one's outputs. A page that has left the
    sources keeps its name reserved: its outputs stay in OUT_DIR, and a newcomer must not write
    over them. Clashing newcomers get ``NAME-2``, ``NAME-3`` ... in discovery order. Comparison
    ignores case and Unicode form. Every name leaves ``room`` bytes for the longest extension (see
    :func:`fit_name`).
    """
    taken: set[str] = set()
    names: dict[Path, str] = {}
    for page in pages:
        old = previous.get(str(page.source))
        # Only a clash suffix is sticky; a name from another layout (other sources) is not.
        base = str(page.mirror)
        if old is not None and _key(old) not in taken and _one_of(old, base, room):
            names[page.source] = old
            taken.add(_key(old))
    # After the pages present kept theirs: should an older run have given two pages one name, the
    # page still here owns the files on disk.
    present = {str(page.source) for page in pages}
    taken.update(_key(name) for source, name in previous.items() if source not in present)
    for page in pages:
        if page.source in names:
            continue
        base = str(page.mirror)
        candidate, n = fit_name(base, "", room), 1
        while _key(candidate) in taken:
            n += 1
            candidate = fit_name(base, f"-{n}", room)
        names[page.source] = candidate
        taken.add(_key(candidate))
    return names


def _one_of(old: str, base: str, room: int) -> bool:
    """Whether ``old`` is a name :func:`assign_names` gives ``base`` (itself or with a clash suffix)."""
    if old == fit_name(base, "", room):
        return True
    m = re.search(r"-(\d+)$", old)
    return m is not None and old == fit_name(base, f"-{int(m.group(1))}", room)
