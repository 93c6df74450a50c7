"""MHTML (``.mht``/``.mhtml``, RFC 2557) as Chrome, Edge and IE save it: the page and its parts.

The standard library's email parser undoes quoted-printable and base64; parts are found by
``Content-Location`` (resolved against the page's own location) or by ``cid:`` Content-ID.
"""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from urllib.parse import urldefrag, urljoin

from ..diagnostics import Warning
from ..errors import InputError
from ..model import Resource
from .encoding import decode
from .resolver import decode_data_uri, make_resource


class MhtmlResolver:
    """Serves the parts of one MHTML archive; anything not in the archive is missing."""

    def __init__(self, base: str, by_location: dict[str, EmailMessage], by_cid: dict[str, EmailMessage]) -> None:
        self.base = base
        self.by_location = by_location
        self.by_cid = by_cid

    def resolve(self, ref: str) -> Resource | None:
        ref = ref.strip()
        if ref.lower().startswith("data:"):
            decoded = decode_data_uri(ref)
            return make_resource(decoded[0], "data:", decoded[1]) if decoded else None
        if ref.lower().startswith("cid:"):
            part = self.by_cid.get(ref[4:].strip("<>"))
        else:
            part = self.by_location.get(urldefrag(urljoin(self.base, ref))[0]) or self.by_location.get(ref)
        if part is None:
            return None
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            return None
        return make_resource(payload, ref, part.get_content_type())


def read_mhtml(data: bytes, where: str) -> tuple[str, str, MhtmlResolver, list[Warning]]:
    """(page text, page location, resolver, warnings) of an MHTML archive."""
    msg = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(msg, EmailMessage) or not msg.is_multipart():
        raise InputError(f"{where}: not an MHTML archive (no multipart/related body)")
    parts = [p for p in msg.walk() if not p.is_multipart() and isinstance(p, EmailMessage)]
    by_location = {urldefrag(str(p["Content-Location"]))[0]: p for p in parts if p["Content-Location"]}
    by_cid = {str(p["Content-ID"]).strip("<>"): p for p in parts if p["Content-ID"]}
    start = (msg.get_param("start") or "")
    root = by_cid.get(str(start).strip("<>")) if start else None
    root = root or next((p for p in parts if p.get_content_type() == "text/html"), None)
    if root is None:
        raise InputError(f"{where}: the MHTML archive holds no HTML page")
    raw = root.get_payload(decode=True)
    if not isinstance(raw, bytes):
        raise InputError(f"{where}: the MHTML page part cannot be decoded")
    charset = root.get_content_charset()
    if charset:
        raw = b'<meta charset="' + charset.encode("ascii", "ignore") + b'">' + raw
    text, _, warnings = decode(raw, where)
    location = str(root["Content-Location"] or msg["Snapshot-Content-Location"] or "")
    return text, location, MhtmlResolver(location, by_location, by_cid), warnings
