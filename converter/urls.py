"""URL parsing that never raises: a saved page's addresses are whatever its author typed.

The standard library raises ``ValueError`` for some malformed addresses ("http://[::1" with an
unclosed IPv6 bracket, a bracketed host that is no IP address, a port that is not a number), and
``urljoin``/``urldefrag`` raise too since they split first. One such address in an ``href``, a
``src``, ``<base>``, the "saved from" comment or an MHTML part's location must cost at most that
address, never the page: these wrappers answer "not a URL" instead.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from urllib.parse import SplitResult, unquote_to_bytes, urldefrag, urljoin, urlsplit

from .patterns import compiled

_SCHEME = compiled(r"^([A-Za-z][A-Za-z0-9+.-]*):")

_TAB_OR_NEWLINE = compiled(r"[\t\r\n]")


def split(url: str) -> SplitResult | None:
    """``urlsplit(url)``, or None for an address it cannot split (or whose port is no number)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for "http://host:abc/" or a port out of range
    except ValueError:
        return None
    return parts


def scheme(url: str) -> str:
    """The scheme in lower case ("" for a relative reference), read even from a malformed address."""
    parts = split(url)
    if parts is not None:
        return parts.scheme.lower()
    # As urlsplit reads it: leading controls and spaces skipped, tabs and newlines anywhere ignored.
    m = _SCHEME.match(_TAB_OR_NEWLINE.sub("", url).lstrip("".join(map(chr, range(33)))))
    return m.group(1).lower() if m else ""


def join(base: str, ref: str) -> str:
    """``ref`` made absolute against ``base``; "" when either cannot be parsed."""
    if split(base) is None or split(ref) is None:
        return ""
    try:
        return urljoin(base, ref)
    except ValueError:
        return ""


def without_fragment(url: str) -> str:
    """``url`` without its ``#fragment``; a malformed address is returned as it is."""
    try:
        return urldefrag(url)[0]
    except ValueError:
        return url


# What RFC 3986 lets a URI hold literally after its authority: unreserved and reserved characters
# (but "[" and "]", which belong to an IPv6 host only) and "%" when it starts an escape.
_PATH_SAFE = "A-Za-z0-9\\-._~!$&'()*+,;=:@/?"
_NOT_IN_PATH = compiled(rf"%(?![0-9A-Fa-f]{{2}})|[^{_PATH_SAFE}%]")
_NOT_IN_AUTHORITY = compiled(r"%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@\[\]%]")
_PREFIX = compiled(r"^([A-Za-z][A-Za-z0-9+.-]*:)(//[^/?#]*)?")
_C0_AND_SPACE = "".join(map(chr, range(33)))


def _escape(m: re.Match[str]) -> str:
    return "".join(f"%{b:02X}" for b in m.group().encode("utf-8", "surrogatepass"))


def _authority(authority: str) -> tuple[str, str, str]:
    """``//user@host:port`` → ("user@", "host", ":port"); an IPv6 host keeps its brackets."""
    userinfo, at, hostport = authority[2:].rpartition("@")
    if hostport.startswith("[") and "]" in hostport:
        end = hostport.index("]") + 1
        host, port = hostport[:end], hostport[end:]
    else:
        host, colon, number = hostport.rpartition(":")
        host, port = (host, colon + number) if colon else (hostport, "")
    return userinfo + at, host, port


def _ascii_host(authority: str) -> str:
    """``//user@höst:port`` with its host in IDNA (punycode) form, which every URL parser takes."""
    userinfo, host, port = _authority(authority)
    if not host.isascii():
        # A name IDNA refuses (an empty or 64-letter label) stays Unicode and is escaped below.
        with contextlib.suppress(UnicodeError):
            host = host.encode("idna").decode("ascii")
    return "//" + userinfo + host + port


def to_uri(url: str) -> str:
    """The address as a URI (RFC 3986, RFC 3987's IRI → URI mapping): what an EPUB, a PDF or Word
    may carry as a link target.

    Characters a URI cannot hold (non-ASCII letters, a curly apostrophe, a no-break space, spaces,
    quotes, a "%" that starts no escape, a second "#") are percent-encoded as UTF-8; escapes already
    there are kept as they are, so an encoded address is not encoded twice. Tabs and newlines are
    dropped and surrounding spaces trimmed, as browsers do when they follow a link.
    """
    url = _TAB_OR_NEWLINE.sub("", url).strip(_C0_AND_SPACE)
    m = _PREFIX.match(url)
    prefix, authority = (m.group(1), m.group(2) or "") if m else ("", "")
    rest = url[m.end() :] if m else url
    if authority:
        authority = "//" + _NOT_IN_AUTHORITY.sub(_escape, _ascii_host(authority)[2:])
    before, hash_, fragment = rest.partition("#")
    rest = _NOT_IN_PATH.sub(_escape, before) + hash_ + _NOT_IN_PATH.sub(_escape, fragment)
    return prefix + authority + rest


_DEFAULT_PORTS = {"http": "80", "https": "443", "ftp": "21", "ws": "80", "wss": "443"}
_ESCAPES = compiled(r"(?:%[0-9A-Fa-f]{2})+")
# Decoded, these would change what the address means or read as something else (RFC 3987 §3.2).
_KEEP_ENCODED = frozenset(":/?#[]@!$&'()*+,;=%")


def _shown(char: str) -> bool:
    if "\udc80" <= char <= "\udcff":  # a byte that was no UTF-8
        return False
    if char in _KEEP_ENCODED or char.isspace():
        return False
    return unicodedata.category(char) not in {"Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cs", "Cn"}


def _unescape(m: re.Match[str]) -> str:
    text = unquote_to_bytes(m.group()).decode("utf-8", "surrogateescape")
    out = []
    for char in text:
        if _shown(char):
            out.append(char)
        elif "\udc80" <= char <= "\udcff":
            out.append(f"%{ord(char) - 0xDC00:02X}")
        else:
            out.append("".join(f"%{b:02X}" for b in char.encode("utf-8")))
    return "".join(out)


def display(url: str) -> str:
    """The address as people read it (an IRI): escapes of letters decoded, the host in its own
    script, the scheme's default port (":80" for http, ":443" for https) left out.

    Escapes stay where decoding would change the address or hide something: reserved characters
    ("%2F" is not "/"), spaces, controls, invisible format characters, and bytes that are no UTF-8.
    Link targets keep the URI form (``to_uri``); this is for the text shown.
    """
    m = _PREFIX.match(url.strip())
    if not m or not m.group(2):
        return _ESCAPES.sub(_unescape, url.strip())
    scheme_ = m.group(1)
    userinfo, host, port = _authority(m.group(2))
    if port[:1] == ":" and port[1:].lstrip("0") in {"", _DEFAULT_PORTS.get(scheme_[:-1].lower())}:
        port = ""
    if "xn--" in host.lower():
        with contextlib.suppress(UnicodeError):
            host = host.encode("ascii").decode("idna")
    rest = _ESCAPES.sub(_unescape, url.strip()[m.end() :])
    return scheme_ + "//" + userinfo + host + port + rest
