"""Opt-in fetching of remote images (``--fetch-remote``): bounded, public addresses only.

Never used unless the caller builds a :class:`RemoteFetcher`. Every request has a timeout; each
response and the sum of all responses have a size limit; redirects are followed by hand (at most
``max_redirects``), each target checked again, so no redirect reaches ``file:`` or a private,
loopback, link-local or reserved address, nor an IPv6 address that embeds one (NAT64, 6to4,
Teredo, IPv4-mapped or -compatible). The address is checked twice: every address the name
resolves to before connecting, and the peer actually connected to after, so a name that resolves
differently the second time (DNS rebinding) is still refused. ``http.client`` is used directly, so
proxy variables in the environment are not consulted.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import time
from dataclasses import field

from ..records import dataclass
from ..urls import join, split

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class RemoteRefused(Exception):
    """A remote resource that was not fetched, with the reason as message."""


# IPv6 forms whose last 32 bits are an IPv4 address that the packet actually reaches (through a
# NAT64 gateway, a stateless translator or a dual-stack socket): such an address is judged by the
# IPv4 address it embeds, so ``64:ff9b::a9fe:a9fe`` is refused like 169.254.169.254.
_EMBEDS_LAST_32_BITS = (
    ipaddress.IPv6Network("64:ff9b::/96"),  # NAT64 well-known prefix (RFC 6052)
    ipaddress.IPv6Network("::ffff:0:0:0/96"),  # IPv4-translated (RFC 2765)
    ipaddress.IPv6Network("::/96"),  # IPv4-compatible (deprecated, RFC 4291); includes :: and ::1
)
# The local-use NAT64 prefix may embed the IPv4 address at several positions (RFC 8215), so it
# cannot be decoded reliably; it is never a public destination either.
_REFUSED = (ipaddress.IPv6Network("64:ff9b:1::/48"),)


Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _judged_addresses(ip: Address) -> list[Address]:
    """The addresses whose rules decide whether ``ip`` may be connected to.

    An IPv6 address that carries an IPv4 address (mapped, compatible, translated, NAT64, 6to4,
    Teredo) can reach that IPv4 host, so the embedded address is judged too; for the forms that
    are nothing but a wrapper it is judged alone (the wrapper prefixes count as global).
    """
    if isinstance(ip, ipaddress.IPv4Address):
        return [ip]
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    if any(ip in net for net in _EMBEDS_LAST_32_BITS):
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    if ip.sixtofour is not None:
        return [ip, ip.sixtofour]
    if ip.teredo is not None:
        server, client = ip.teredo
        return [ip, server, client]
    return [ip]


def _address_allowed(address: str, allow: tuple[Network, ...]) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    judged = _judged_addresses(ip)
    if any(a in net for a in (ip, *judged) for net in allow):
        return True
    if any(ip in net for net in _REFUSED):
        return False
    return all(a.is_global and not a.is_multicast for a in judged)


@dataclass
class RemoteFetcher:
    """Fetches ``http(s)`` resources for one conversion within its limits; remembers what it fetched.

    ``allow`` lists networks that are fetched even though they are private; it exists for tests,
    which serve images from 127.0.0.1, and is never set by the command line.
    """

    timeout: float = 10.0  # seconds, for connecting and for each read
    deadline: float = 30.0  # seconds for one response body
    max_bytes: int = 20 * 1024 * 1024  # one resource
    max_total: int = 100 * 1024 * 1024  # all resources of one page
    max_requests: int = 200  # including redirects
    max_redirects: int = 5
    allow: tuple[Network, ...] = ()
    user_agent: str = "portalconv (saved-page converter; --fetch-remote)"
    total: int = 0
    requests: int = 0
    _cache: dict[str, tuple[bytes, str] | str] = field(default_factory=dict, repr=False)

    def fetch(self, url: str) -> tuple[bytes, str]:
        """(bytes, declared media type) of ``url``; raises :class:`RemoteRefused` with the reason."""
        cached = self._cache.get(url)
        if cached is None:
            try:
                cached = self._fetch(url)
            except RemoteRefused as exc:
                cached = str(exc)
            except (OSError, http.client.HTTPException, ValueError) as exc:
                cached = f"cannot fetch ({type(exc).__name__}: {exc})"
            self._cache[url] = cached
        if isinstance(cached, str):
            raise RemoteRefused(cached)
        return cached

    def _fetch(self, url: str) -> tuple[bytes, str]:
        for _ in range(self.max_redirects + 1):
            self.requests += 1
            if self.requests > self.max_requests:
                raise RemoteRefused(f"more than {self.max_requests} remote requests for one page")
            response, conn = self._open(url)
            try:
                if response.status in (301, 302, 303, 307, 308):
                    location = response.getheader("Location") or ""
                    if not location:
                        raise RemoteRefused(f"redirect without a target ({response.status})")
                    url = join(url, location)
                    if not url:
                        raise RemoteRefused(f"redirect to a malformed address ({location[:100]})")
                    continue
                if response.status != 200:
                    raise RemoteRefused(f"server answered {response.status} {response.reason}")
                return self._body(response), (response.getheader("Content-Type") or "").split(";")[0].strip()
            finally:
                conn.close()
        raise RemoteRefused(f"more than {self.max_redirects} redirects")

    def _open(self, url: str) -> tuple[http.client.HTTPResponse, http.client.HTTPConnection]:
        parts = split(url)
        if parts is None:
            raise RemoteRefused("malformed address")
        scheme = parts.scheme.lower()
        if scheme not in {"http", "https"}:
            raise RemoteRefused(f"{scheme or 'relative'} address refused: only http and https are fetched")
        host = parts.hostname
        if not host:
            raise RemoteRefused("address without a host")
        port = parts.port or (443 if scheme == "https" else 80)
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise RemoteRefused(f"cannot resolve {host} ({exc.strerror})") from exc
        for info in infos:
            if not _address_allowed(str(info[4][0]), self.allow):
                raise RemoteRefused(f"{host} is a private, loopback or reserved address ({info[4][0]})")
        cls = _CheckedHTTPS if scheme == "https" else _CheckedHTTP
        conn = cls(host, port, timeout=self.timeout)
        conn.allow = self.allow
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            conn.request("GET", path, headers={"User-Agent": self.user_agent, "Accept": "image/*",
                                               "Accept-Encoding": "identity"})
            return conn.getresponse(), conn
        except BaseException:
            conn.close()
            raise

    def _body(self, response: http.client.HTTPResponse) -> bytes:
        limit = min(self.max_bytes, self.max_total - self.total)
        if limit <= 0:
            raise RemoteRefused(f"the total limit of {self.max_total} bytes for remote resources is reached")
        length = response.getheader("Content-Length")
        if length and length.isdigit() and int(length) > limit:
            raise RemoteRefused(f"too large ({length} bytes; limit {limit})")
        # Read in pieces against a deadline: the socket timeout alone would let a server that sends
        # a byte every few seconds hold the conversion for ever. A missing or lying Content-Length
        # is caught by counting.
        deadline = time.monotonic() + self.deadline
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read1(65536):
            size += len(chunk)
            if size > limit:
                raise RemoteRefused(f"too large (over {limit} bytes)")
            if time.monotonic() > deadline:
                raise RemoteRefused(f"took longer than {self.deadline:g} s")
            chunks.append(chunk)
        self.total += size
        return b"".join(chunks)


def _check_peer(conn: http.client.HTTPConnection, allow: tuple[Network, ...]) -> None:
    peer = str(conn.sock.getpeername()[0])
    if not _address_allowed(peer, allow):
        conn.close()
        raise RemoteRefused(f"connected to a private, loopback or reserved address ({peer})")


class _CheckedHTTP(http.client.HTTPConnection):
    """An HTTP connection that refuses, once connected, a peer outside the allowed addresses."""

    allow: tuple[Network, ...] = ()

    def connect(self) -> None:
        super().connect()
        _check_peer(self, self.allow)


class _CheckedHTTPS(http.client.HTTPSConnection):
    """The HTTPS variant of :class:`_CheckedHTTP` (certificates checked as the default context does)."""

    allow: tuple[Network, ...] = ()

    def connect(self) -> None:
        super().connect()
        _check_peer(self, self.allow)
