"""MHTML (``.mht``/``.mhtml``, RFC 2557) as Chrome, Edge and IE save it: the page and its parts.

The standard library's email parser undoes quoted-printable and base64; parts are found by
``Content-Location`` (resolved against the page's own location) or by ``cid:`` Content-ID.
"""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from typing import TYPE_CHECKING
from urllib.parse import unquote

from ..diagnostics import Diagnostic
from ..errors import InputError
from ..model import Resource
from ..urls import join, split, without_fragment
from .blobs import data_resource, make_resource
from .encoding import decode
from .memo import Memo
from .refs import unwrap_wayback
from .resolver import fetch_remote, resource_size

if TYPE_CHECKING:
    from .remote import RemoteFetcher


class MhtmlResolver:
    """Serves the parts of one MHTML archive; anything else is missing unless remote fetching is on.

    Nothing is read from disk: a part whose ``Content-Location`` is a ``file:`` URL of the saving
    machine is served from the archive, never from this machine's disk.
    """

    def __init__(self, base: str, by_location: dict[str, EmailMessage], by_cid: dict[str, EmailMessage],
                 remote: RemoteFetcher | None = None) -> None:
        self.base = base if split(base) is not None else ""  # a malformed location locates nothing
        self.by_location = by_location
        self.by_cid = by_cid
        # Archives saved from a Wayback capture locate parts by wrapped addresses; pages refer by either.
        self.by_original = {unwrap_wayback(k): v for k, v in by_location.items()}
        self.remote = remote
        self.problems: dict[str, str] = {}
        self._resolved: Memo[str, Resource | None] = Memo(resource_size)

    def resolve(self, ref: str) -> Resource | None:
        ref = ref.strip()
        return self._resolved.get(ref, self._resolve)  # decoded once, however often the page repeats it

    def _resolve(self, ref: str) -> Resource | None:
        if ref.lower().startswith("data:"):
            return data_resource(ref)
        if ref.lower().startswith("cid:"):
            part = self.by_cid.get(unquote(ref[4:]).strip("<>"))  # RFC 2392: cid URLs are %-encoded
        else:
            absolute = without_fragment(join(self.base, ref) or ref)
            part = (self.by_location.get(absolute) or self.by_location.get(ref)
                    or self.by_original.get(unwrap_wayback(absolute)))
        if part is None:
            return fetch_remote(self.remote, ref, self.base, self.problems)
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            self.problems[ref] = "the archive part cannot be decoded"
            return None
        return make_resource(payload, ref, part.get_content_type())


def _header(part: EmailMessage, name: str) -> str:
    """A location or id header without the whitespace that folding long lines leaves in it."""
    return "".join(str(part[name] or "").split())


def read_mhtml(data: bytes, where: str, remote: RemoteFetcher | None = None
               ) -> tuple[str, str, MhtmlResolver, list[Diagnostic]]:
    """(page text, page location, resolver, warnings) of an MHTML archive."""
    msg = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(msg, EmailMessage) or not msg.is_multipart():
        raise InputError(f"{where}: not an MHTML archive (no multipart/related body)")
    parts = [p for p in msg.walk() if not p.is_multipart() and isinstance(p, EmailMessage)]
    by_location = {without_fragment(_header(p, "Content-Location")): p for p in parts if p["Content-Location"]}
    by_cid = {_header(p, "Content-ID").strip("<>"): p for p in parts if p["Content-ID"]}
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
    location = _header(root, "Content-Location") or _header(msg, "Snapshot-Content-Location")
    return text, location, MhtmlResolver(location, by_location, by_cid, remote), warnings
