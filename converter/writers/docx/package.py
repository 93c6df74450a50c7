"""Byte-stable packaging: re-pack python-docx's zip so the same article gives the same bytes."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx.document import Document
from docx.opc.pkgwriter import PackageWriter

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


def pack(parts: dict[str, bytes]) -> bytes:
    """The OPC package of ``parts`` (member name → bytes) with fixed entry times and attributes.

    ``[Content_Types].xml`` comes first (readers that stream the package expect it there, and
    Word writes it so); the other parts follow sorted by name.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in sorted(parts, key=lambda n: (n != CONTENT_TYPES, n)):
            info = _entry(name)
            dst.writestr(info, parts[name], compress_type=info.compress_type, compresslevel=6)
    return out.getvalue()


def repack(data: bytes) -> bytes:
    """:func:`pack` of the parts of an existing package (a zip python-docx or Word wrote)."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return pack({name: src.read(name) for name in src.namelist()})


class _Parts:
    """python-docx's physical package writer, keeping each part's bytes instead of zipping them.

    ``Document.save`` would deflate every part only for :func:`repack` to inflate and deflate it
    again (a third of the time of writing a short article's DOCX).
    """

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.blobs[pack_uri.membername] = blob

    def close(self) -> None:
        pass


def save_bytes(document: Document) -> bytes:
    """Serialise a python-docx document and pack it deterministically.

    The parts are what ``Document.save`` writes (the same steps as python-docx's ``OpcPackage.save``
    and ``PackageWriter.write``); a python-docx without those steps falls back to saving and
    re-packing, which gives the same bytes more slowly.
    """
    package = document.part.package
    writer: Any = PackageWriter  # its steps are private and typed for its own physical writer
    if not all(hasattr(writer, step) for step in _WRITER_STEPS):
        buf = io.BytesIO()
        document.save(buf)
        return repack(buf.getvalue())
    for part in package.parts:
        part.before_marshal()
    collected = _Parts()
    writer._write_content_types_stream(collected, package.parts)
    writer._write_pkg_rels(collected, package.rels)
    writer._write_parts(collected, package.parts)
    return pack(collected.blobs)


# PackageWriter.write's three steps, in its order (python-docx 1.1 and 1.2).
_WRITER_STEPS = ("_write_content_types_stream", "_write_pkg_rels", "_write_parts")
