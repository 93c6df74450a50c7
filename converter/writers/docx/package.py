"""Byte-stable packaging: re-pack python-docx's zip so the same article gives the same bytes."""

from __future__ import annotations

import io
import zipfile

from docx.document import Document

# The earliest time a zip entry can carry (MS-DOS epoch); python-docx would stamp "now".
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CONTENT_TYPES = "[Content_Types].xml"
# Photos are already compressed; storing them saves time and deflate gains nothing.
_STORED_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif")


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    # ZipInfo defaults create_system to the host OS (0 on Windows, 3 elsewhere); pin it and the
    # attributes so the bytes do not depend on where the conversion ran.
    info.create_system = 0
    info.external_attr = 0
    stored = name.startswith("word/media/") and name.lower().endswith(_STORED_SUFFIXES)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    return info


def repack(data: bytes) -> bytes:
    """The same OPC package with fixed entry times and attributes, in a stable entry order.

    ``[Content_Types].xml`` comes first (readers that stream the package expect it there, and
    Word writes it so); the other parts follow sorted by name.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        names = sorted(src.namelist(), key=lambda n: (n != CONTENT_TYPES, n))
        for name in names:
            info = _entry(name)
            dst.writestr(info, src.read(name), compress_type=info.compress_type, compresslevel=6)
    return out.getvalue()


def save_bytes(document: Document) -> bytes:
    """Serialise a python-docx document and re-pack it deterministically."""
    buf = io.BytesIO()
    document.save(buf)
    return repack(buf.getvalue())
