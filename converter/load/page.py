"""A saved page on disk → a parsed HTML tree plus a resolver for its resources."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import lxml.html
from lxml import etree

from ..diagnostics import Warning
from ..errors import InputError
from ..model import Resource
from .encoding import decode
from .resolver import LocalResolver

PAGE_SUFFIXES = (".html", ".htm", ".aspx", ".xhtml", ".mht", ".mhtml")
MHTML_SUFFIXES = (".mht", ".mhtml")
# An MHTML file saved under another name still starts with MIME headers.
_MIME_HEADERS = (b"from:", b"mime-version:", b"subject:", b"date:", b"content-type: multipart")
# Browsers (IE, Edge, Chrome) record where a page came from: <!-- saved from url=(0042)https://... -->
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
# Wayback captures wrap every address: https://web.archive.org/web/20190726/http://site/page
_WAYBACK = re.compile(r"^https?://web\.archive\.org/web/\d+[a-z_]*/(.+)$", re.IGNORECASE)


class Resolver(Protocol):
    def resolve(self, ref: str) -> Resource | None: ...


@dataclass
class Page:
    path: Path
    root: lxml.html.HtmlElement
    resolver: Resolver
    saved_from: str = ""
    encoding: str = ""
    warnings: list[Warning] = field(default_factory=list)


def unwrap_wayback(url: str) -> str:
    m = _WAYBACK.match(url)
    if not m:
        return url
    inner = m.group(1)
    return inner if re.match(r"^[a-z]+://", inner) else "http://" + inner


def parse_html(text: str, where: str) -> lxml.html.HtmlElement:
    # lxml refuses str input that carries an XML encoding declaration; the text is decoded already.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)
    if not text.strip():
        raise InputError(f"{where}: the file is empty")
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{where}: not an HTML page ({exc})") from exc
    return root


def load(path: Path) -> Page:
    """Read and parse a saved page; resources are resolved lazily through ``Page.resolver``."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a saved page")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    if path.suffix.lower() in MHTML_SUFFIXES or data.lstrip()[:40].lower().startswith(_MIME_HEADERS):
        from .mhtml import read_mhtml

        text, location, resolver, warnings = read_mhtml(data, str(path))
        return Page(path, parse_html(text, str(path)), resolver, unwrap_wayback(location), "mhtml", warnings)
    text, encoding, warnings = decode(data, str(path))
    root = parse_html(text, str(path))
    m = _SAVED_FROM.search(text[:4096])
    saved_from = unwrap_wayback(m.group(1)) if m else ""
    return Page(path, root, LocalResolver(path), saved_from, encoding, warnings)
