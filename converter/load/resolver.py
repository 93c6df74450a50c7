"""Local-only resource resolution: the page's own folder and ``data:`` URIs, never the network.

Saved pages reference their files relatively (``./page_files/photo.jpg``), whatever the browser
called the folder, so resolving references against the page's directory finds the folder without
a list of localised names. Anything outside the page's directory tree is refused.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from ..model import Resource

_MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"GIF87a", "image/gif", "gif"),
    (b"GIF89a", "image/gif", "gif"),
)
_EXT = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp",
        "image/svg+xml": "svg", "image/bmp": "bmp"}


def sniff(data: bytes) -> str | None:
    """The image media type from the first bytes, or None when they are not a known image."""
    for magic, media_type, _ in _MAGIC:
        if data.startswith(magic):
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[:2] == b"BM":
        return "image/bmp"
    if re.match(rb"\s*(<\?xml[^>]*>\s*)?<svg", data[:256]):
        return "image/svg+xml"
    return None


def make_resource(data: bytes, origin: str, declared: str = "") -> Resource | None:
    media_type = sniff(data) or (declared if declared in _EXT else None)
    if media_type is None:
        return None
    key = f"img-{hashlib.sha256(data).hexdigest()[:12]}.{_EXT[media_type]}"
    return Resource(key, media_type, data, origin)


def decode_data_uri(uri: str) -> tuple[bytes, str] | None:
    """Bytes and declared media type of a ``data:`` URI (RFC 2397), or None when malformed."""
    header, sep, payload = uri[5:].partition(",")
    if not sep:
        return None
    params = header.split(";")
    media_type = params[0].strip().lower() or "text/plain"
    try:
        if "base64" in (p.strip().lower() for p in params[1:]):
            return base64.b64decode(unquote(payload), validate=False), media_type
        return unquote_to_bytes(payload), media_type
    except ValueError:
        return None


class LocalResolver:
    """Finds resources for one page on disk; refuses remote URLs and paths outside the page's folder."""

    def __init__(self, page: Path) -> None:
        self.root = page.resolve().parent

    def resolve(self, ref: str) -> Resource | None:
        ref = ref.strip()
        if ref.lower().startswith("data:"):
            decoded = decode_data_uri(ref)
            return make_resource(decoded[0], "data:", decoded[1]) if decoded else None
        parts = urlsplit(ref)
        if parts.scheme or parts.netloc:
            # file:// URLs of the saving machine and web URLs are not local to this page.
            return None
        candidate = (self.root / unquote(parts.path)).resolve()
        if not candidate.is_relative_to(self.root) or not candidate.is_file():
            return None
        return make_resource(candidate.read_bytes(), ref)
