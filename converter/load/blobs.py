"""Resource values from bytes: media type judged by content, keys derived from content; ``data:`` URIs."""

from __future__ import annotations

import base64
import binascii
import hashlib
from urllib.parse import unquote, unquote_to_bytes

from ..model import Resource
from .sniff import EXTENSIONS, image_type

UNKNOWN = "application/octet-stream"


def make_resource(data: bytes, origin: str, declared: str = "") -> Resource:
    """A Resource for ``data``; its type comes from the bytes, the declared type only as a fallback.

    Bytes that are no known image (a server's HTML error page saved as ``photo.jpg``) still make
    a Resource of type ``application/octet-stream``, so the extractor can say the image is
    unreadable rather than missing.
    """
    declared = declared.lower().strip()
    media_type = image_type(data) or (declared if declared in EXTENSIONS else UNKNOWN)
    ext = EXTENSIONS.get(media_type, "bin")
    return Resource(f"img-{hashlib.sha256(data).hexdigest()[:12]}.{ext}", media_type, data, origin)


def decode_data_uri(uri: str) -> tuple[bytes, str] | None:
    """Bytes and declared media type of a ``data:`` URI (RFC 2397), or None when malformed."""
    header, sep, payload = uri.strip()[5:].partition(",")
    if not sep:
        return None
    params = header.split(";")
    media_type = params[0].strip().lower() or "text/plain"
    try:
        if "base64" in (p.strip().lower() for p in params[1:]):
            # Pages wrap long base64 over lines and drop padding; both are harmless here.
            text = "".join(unquote(payload).split())
            return base64.b64decode(text + "=" * (-len(text) % 4)), media_type
        return unquote_to_bytes(payload), media_type
    except (ValueError, binascii.Error):
        return None


def data_resource(uri: str) -> Resource | None:
    """The Resource a ``data:`` URI carries, or None when the URI is malformed."""
    decoded = decode_data_uri(uri)
    return make_resource(decoded[0], "data:", decoded[1]) if decoded else None
