"""A saved page on disk → a parsed HTML tree plus a resolver for its resources.

Accepted: ``.html``/``.htm``/``.aspx``/``.xhtml`` pages (with their resource folder, or without
it, or with ``data:`` images), and MHTML archives (``.mht``/``.mhtml``, or any file that starts
with MIME headers). Anything else (a folder, an empty file, a PDF, an image, binary data) is an
:class:`InputError` naming the file and what it looks like.

Parsing is inert: lxml's HTML parser runs without network access (``no_network``), libxml2's HTML
parser never loads a DTD nor expands entities declared in one, and scripts are only ever text
(nothing here or later executes them).
"""

from __future__ import annotations

import re
import stat
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

import lxml.html
from lxml import etree

from ..diagnostics import Diagnostic
from ..errors import InputError
from ..model import Resource
from ..page_names import MHTML_SUFFIXES
from ..patterns import compiled
from ..records import dataclass
from ..urls import scheme, split
from .blobs import data_resource
from .depth import DEPTH_LIMIT, TREE_LIMIT, deeper_than, flatten, flatten_passes, too_big, too_deep
from .encoding import decode
from .reads import note_file, read_regular
from .refs import unwrap_wayback
from .repair import foster_parent, unnest_void_elements
from .resolver import LocalResolver, fetch_remote
from .sniff import has_markup, looks_binary, not_a_page

if TYPE_CHECKING:  # imported only when --fetch-remote asks for it (http.client and ssl are slow to load)
    from .remote import RemoteFetcher

__all__ = ["AddressResolver", "Page", "Resolver", "load", "load_bytes", "mirror_root", "parse_html", "read_stream",
           "unwrap_wayback"]

# The largest page file read (HTML or MHTML with its parts); docs/safety.md, "Damaged and hostile pages".
MAX_PAGE_BYTES = 256 * 2**20
# An MHTML file saved under another name still starts with MIME headers (Chrome: "From: <Saved by Blink>").
_MIME_HEADERS = (b"from:", b"mime-version:", b"subject:", b"date:", b"content-type: multipart",
                 b"snapshot-content-location:", b"x-mimeole:")
# Browsers (IE, Edge, Chrome) record where a page came from: <!-- saved from url=(0042)https://... -->
_SAVED_FROM = compiled(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
# A capture saved from the Wayback Machine names itself in the toolbar's print line.
_WAYBACK_PRINT = compiled(r"id=[\"']?wm-ipp-print[^>]*>\s*The Wayback Machine - (https?://[^\s<]+)", re.IGNORECASE)
_BASE_HREF = compiled(r"<base\s[^>]*href\s*=\s*[\"']?(https?://[^\"'\s>]+)", re.IGNORECASE)
# HTTrack stamps every page it mirrors and keeps its cache folder at the mirror's root.
_HTTRACK = compiled(r"<!--\s*Mirrored from \S+ by HTTrack Website Copier", re.IGNORECASE)
_MIRROR_DEPTH = 12
# Characters XML forbids: libxml2's HTML parser keeps them, but lxml refuses any string holding one,
# so the first edit of the tree next to them (dropping chrome) would fail. Vertical tab (Word's line
# break) and form feed separate words like a space; the other C0 controls and U+FFFE/U+FFFF are no
# text at all.
_SPACING_CONTROLS = compiled(r"[\x0b\x0c]")
_NON_XML = compiled(r"[\x01-\x08\x0e-\x1f\ufffe\uffff]")

_XML_DECLARATION = compiled(r"^\s*<\?xml[^>]*\?>")


class Resolver(Protocol):
    """Maps a reference as written in the page to its bytes, or None (see resolver.py, mhtml.py)."""

    def resolve(self, ref: str) -> Resource | None: ...


@dataclass
class Page:
    """A loaded page: its tree, where its resources come from, and what loading noticed."""

    path: Path
    root: lxml.html.HtmlElement
    resolver: Resolver
    saved_from: str = ""
    encoding: str = ""
    warnings: list[Diagnostic] = field(default_factory=list)


def parse_html(text: str, where: str, warnings: list[Diagnostic] | None = None) -> lxml.html.HtmlElement:
    """Parse decoded page text into an lxml.html tree, without network or entity expansion.

    Where libxml2 would silently lose part of the page, the text is put right first, with a warning
    appended to ``warnings``: NUL and other control characters are removed, nodes over 10 MB get ``huge_tree``, and a
    page nested past the parser's depth limit is flattened (``depth.py``). HTML 5 void elements are
    then un-nested and content a table holds outside its cells moved before it (``repair.py``).
    """
    # lxml refuses str input that carries an XML encoding declaration; the text is decoded already.
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        raise InputError(f"{where}: the file is empty")
    nuls = text.count("\x00")
    if nuls:  # libxml2 would turn each into U+FFFD inside the text; a NUL is never content
        text = text.replace("\x00", "")
        if warnings is not None:
            warnings.append(Diagnostic("nul-bytes", f"{nuls} NUL character(s) removed", where))
    if _SPACING_CONTROLS.search(text):
        text = _SPACING_CONTROLS.sub(" ", text)
    junk = len(_NON_XML.findall(text))
    if junk:
        text = _NON_XML.sub("", text)
        if warnings is not None:
            warnings.append(Diagnostic("control-characters", f"{junk} control character(s) removed", where))
    root, messages = _parse(text, where)
    # Both limits make libxml2 stop and drop the rest of the page. A text, attribute or script over
    # 10 MB (a data: photo, a __VIEWSTATE) needs huge_tree; that also lifts the depth limit to 2048,
    # more than the extractor's recursion should meet, so the depth is checked again after it.
    big = too_big(messages)
    if big:
        root, messages = _parse(text, where, huge=True)
    if too_deep(messages) or (big and deeper_than(root, DEPTH_LIMIT)):
        dropped = 0
        for limit, keep_leaves in flatten_passes():  # until the tree fits: the last pass always does
            text, more = flatten(text, limit, keep_leaves)
            dropped += more
            root, messages = _parse(text, where, huge=big)
            if not too_deep(messages) and not deeper_than(root, TREE_LIMIT):
                break
        if dropped and warnings is not None:
            warnings.append(Diagnostic("too-deep", f"elements nested more than {DEPTH_LIMIT} levels deep; "
                                    f"{dropped} wrapper tag(s) beyond that were dropped, their text kept", where))
    unnest_void_elements(root)
    foster_parent(root)
    return root


def _parse(text: str, where: str, huge: bool = False) -> tuple[lxml.html.HtmlElement, list[str]]:
    # A parser per call: lxml parsers must not be shared between threads. The HTML parser expands no
    # user-defined entities, so huge_tree only lets big nodes through; the input bounds the memory.
    parser = lxml.html.HTMLParser(no_network=True, recover=True, huge_tree=huge, remove_pis=True,
                                  collect_ids=False)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{where}: not an HTML page ({exc})") from exc
    return root, [e.message for e in parser.error_log]


def mirror_root(path: Path, text: str) -> Path | None:
    """The root of an HTTrack mirror holding ``path``: the page says so and ``hts-cache/`` is there.

    Both are required, so a page alone cannot widen what may be read: the marker folder must exist
    on disk in one of the page's ancestors.
    """
    if not _HTTRACK.search(text[:8192]):
        return None
    for folder in list(path.resolve().parents)[:_MIRROR_DEPTH]:
        if (folder / "hts-cache").is_dir():
            return folder
    return None


def _read(path: Path) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a folder, not a saved page")
    # A device or a pipe may never end (/dev/zero, a FIFO nobody writes to): reading it would hang or
    # exhaust memory.
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: not a regular file (a device, pipe or socket), not a saved page")
    try:
        info, read = read_regular(path, MAX_PAGE_BYTES)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    if read is None:
        raise InputError(f"{path}: {info.st_size // 2**20} MB is more than a saved page can be "
                         f"(at most {MAX_PAGE_BYTES // 2**20} MB: the parsed page needs about eight times that)")
    data = read
    note_file(path.resolve(), info, data, MAX_PAGE_BYTES)
    return _check(data, str(path))


def _check(data: bytes, where: str) -> bytes:
    """Refuse bytes that are no saved page (empty, a PDF, an image), the same for a file and a stream."""
    if not data.strip(b" \t\r\n\f\x00\xef\xbb\xbf\xfe\xff"):
        raise InputError(f"{where}: the file is empty")
    kind = not_a_page(data)
    if kind is not None:
        raise InputError(f"{where}: not an HTML page (looks like {kind})")
    return data


def read_stream(stream: BinaryIO, where: str) -> bytes:
    """A page's bytes from a binary stream (standard input, an open file), within the page size limit."""
    try:
        data = stream.read(MAX_PAGE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{where}: cannot read ({exc.strerror or exc})") from exc
    if not isinstance(data, bytes):
        raise InputError(f"{where}: not a binary stream (open the file with \"rb\")")
    if len(data) > MAX_PAGE_BYTES:
        raise InputError(f"{where}: more than a saved page can be (at most {MAX_PAGE_BYTES // 2**20} MB: "
                         "the parsed page needs about eight times that)")
    return data


def _is_mhtml(path: Path, data: bytes) -> bool:
    head = data.lstrip()[:64].lower()
    if head.startswith(_MIME_HEADERS):
        return True
    # An .mht that is really plain HTML (some tools only rename) is read as HTML.
    return path.suffix.lower() in MHTML_SUFFIXES and not head.startswith(b"<")


def load(path: Path, *, root: Path | None = None, remote: RemoteFetcher | None = None) -> Page:
    """Read and parse a saved page; resources are resolved lazily through ``Page.resolver``.

    ``root`` widens what the resolver may read from the page's folder to a mirror's root folder
    (it must contain the page); ``remote`` turns on fetching of http(s) images within its limits.
    """
    path = Path(path)
    return _page(_read(path), path, str(path), root, remote)


def load_bytes(data: bytes, where: str, *, base: Path | str | None = None,
               remote: RemoteFetcher | None = None) -> Page:
    """Parse a page given as bytes (standard input, a download), HTML or MHTML sniffed as for a file.

    ``where`` names it in messages ("<stdin>"). Its resources are read from inside the folder
    ``base`` (as if the page were saved there), or, when ``base`` is an http(s) address, are that
    address's relative references, fetched only with ``remote``; with no base, only ``data:`` images
    and an MHTML archive's own parts are found. Nothing outside ``base`` is read.
    """
    data = _check(data, where)
    if isinstance(base, str) and scheme(base) in {"http", "https"}:
        return _page(data, Path(where), where, None, remote, stream=True, base_url=base)
    folder = Path(base).resolve() if base is not None else None
    if folder is not None and not folder.is_dir():
        raise InputError(f"{folder}: no such folder to read the page's resources from")
    # The page is read as if saved in the folder, which is also the root: nothing beside or above it.
    return _page(data, Path(where), where, folder, remote, stream=True)


def _page(data: bytes, path: Path, where: str, root: Path | None, remote: RemoteFetcher | None, *,
          stream: bool = False, base_url: str | None = None) -> Page:
    """Parse checked bytes. A file's resources come from beside ``path`` (or from ``root``); a
    ``stream``'s (``load_bytes``) from inside the folder ``root``, else from its base address."""
    if _is_mhtml(path, data):
        from .mhtml import read_mhtml

        text, location, archive, warnings = read_mhtml(data, where, remote)
        if not location:  # parts found by cid: only: the page's own "saved from" comment still says where
            m = _SAVED_FROM.search(text[:4096])
            location = m.group(1) if m else ""
        return Page(path, parse_html(text, where, warnings), archive, unwrap_wayback(location), "mhtml", warnings)
    text, encoding, warnings = decode(data, where)
    del data  # the bytes are not needed again: a 50 MB page should not be held twice while parsing
    if looks_binary(text):
        raise InputError(f"{where}: not an HTML page (binary data)")
    if not has_markup(text):
        raise InputError(f"{where}: not an HTML page (no HTML markup found)")
    tree = parse_html(text, where, warnings)
    m = _SAVED_FROM.search(text[:4096]) or _WAYBACK_PRINT.search(text[:200_000])
    saved_from = m.group(1) if m else ""
    base = _BASE_HREF.search(text[:65536])
    resolver: Resolver
    if stream and root is None:  # no folder: no file is read; relative references are the base address's
        resolver = AddressResolver(base_url or (base.group(1) if base else saved_from), remote)
    else:
        # A stream is read as if saved in its folder, which is also its root (no mirror widens it).
        page_file = root / "page.html" if stream and root is not None else path
        if root is not None and not page_file.resolve().parent.is_relative_to(root.resolve()):
            raise InputError(f"{path}: the page is not inside the root folder {root}")
        resolver = LocalResolver(page_file, root=root or mirror_root(path, text), site_url=unwrap_wayback(saved_from),
                                 base_url=base.group(1) if base else saved_from, remote=remote)
    return Page(path, tree, resolver, unwrap_wayback(saved_from), encoding, warnings)


class AddressResolver:
    """Resources of a page that has no folder: ``data:`` URIs, and addresses fetched with ``remote``.

    Relative references are relative to ``base_url`` (the caller's, else the page's own ``<base>``
    or "saved from" address); nothing is read from disk.
    """

    def __init__(self, base_url: str, remote: RemoteFetcher | None) -> None:
        self.base_url = base_url if split(base_url) is not None else ""
        self.remote = remote
        self.problems: dict[str, str] = {}

    def resolve(self, ref: str) -> Resource | None:
        ref = ref.strip()
        if ref.lower().startswith("data:"):
            return data_resource(ref)
        found = fetch_remote(self.remote, ref, self.base_url, self.problems)
        if found is None and ref not in self.problems:
            self.problems[ref] = ("not fetched from the base address (see --fetch-remote)"
                                  if scheme(self.base_url) in {"http", "https"} else "no folder to read it from")
        return found
