"""What a run of bytes is, from its first bytes: image types for resources, and non-pages for errors.

Extensions lie (an ``.aspx`` saved from a download link may be a PDF; a ``.jpg`` may be the
server's HTML error page), so both resources and pages are judged by their content.
"""

from __future__ import annotations

import re

from ..patterns import compiled

# (magic, media type, key extension, human name)
_IMAGES: tuple[tuple[bytes, str, str, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg", "a JPEG image"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png", "a PNG image"),
    (b"GIF87a", "image/gif", "gif", "a GIF image"),
    (b"GIF89a", "image/gif", "gif", "a GIF image"),
    (b"BM", "image/bmp", "bmp", "a BMP image"),
    (b"II*\x00", "image/tiff", "tif", "a TIFF image"),
    (b"MM\x00*", "image/tiff", "tif", "a TIFF image"),
    (b"\x00\x00\x01\x00", "image/x-icon", "ico", "an icon"),
)
EXTENSIONS = {media_type: ext for _, media_type, ext, _ in _IMAGES} | {
    "image/webp": "webp", "image/avif": "avif", "image/svg+xml": "svg",
}
_NAMES = {media_type: name for _, media_type, _, name in _IMAGES} | {
    "image/webp": "a WebP image", "image/avif": "an AVIF image", "image/svg+xml": "an SVG image",
}
# Files that are certainly not a saved page, for the "not an HTML page (looks like …)" error.
_DOCUMENTS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (DOCX, XLSX, EPUB or similar)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
    (b"OggS", "an Ogg audio or video file"),
    (b"ID3", "an MP3 audio file"),
)
_SVG = compiled(rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?<svg[\s>]", re.DOTALL)


def _iso_brand(data: bytes) -> str | None:
    """AVIF/HEIF live in an ISO-BMFF box: ``....ftypavif``; MP4 video shares the container."""
    if data[4:8] != b"ftyp":
        return None
    return data[8:12].decode("latin-1")


def image_type(data: bytes) -> str | None:
    """The image media type of ``data`` from its first bytes, or None when it is not a known image."""
    for magic, media_type, _, _ in _IMAGES:
        if data.startswith(magic):
            # "BM" and the icon header are short; check a field that must be sane to avoid text "BM…".
            if media_type == "image/bmp" and data[14:15] not in (b"\x0c", b"\x28", b"\x38", b"\x40", b"\x6c", b"\x7c"):
                continue
            if media_type == "image/x-icon" and not 0 < int.from_bytes(data[4:6], "little") < 256:
                continue
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if _iso_brand(data) in {"avif", "avis"}:
        return "image/avif"
    if _SVG.match(data[:1024]):
        return "image/svg+xml"
    return None


def not_a_page(data: bytes) -> str | None:
    """What ``data`` looks like when it is certainly not an HTML page ("a PDF document"), else None."""
    head = data[:16]
    for magic, name in _DOCUMENTS:
        if head.startswith(magic):
            return name
    media_type = image_type(data)
    if media_type is not None:
        return _NAMES[media_type]
    if _iso_brand(data) is not None:
        return "a video or HEIF image"
    return None


# C0 controls other than tab, line feed, form feed and carriage return; and the replacement character.
_CONTROLS = compiled(r"[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def looks_binary(text: str) -> bool:
    """Decoded text with many control characters is binary data, whatever the decoder made of it."""
    sample = text[:8192]
    if not sample:
        return False
    return len(_CONTROLS.findall(sample)) > len(sample) // 50


_MARKUP = compiled(r"<(?:[A-Za-z][A-Za-z0-9:-]*[\s/>]|!--|!doctype|\?xml)", re.IGNORECASE)


def has_markup(text: str) -> bool:
    """Whether the text holds at least one HTML tag, comment or declaration near its start."""
    return _MARKUP.search(text[:65536]) is not None
