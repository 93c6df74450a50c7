"""Re-pack an EPUB zip deterministically: ``mimetype`` first and stored, fixed times and attributes.

ebooklib stamps every entry with the current time, so two runs never give the same bytes. OCF
(EPUB 3.2, section 4.3) also requires ``mimetype`` to be the first entry, uncompressed, without an
extra field; ``ZipFile.writestr`` with a bare ``ZipInfo`` guarantees both.
"""

from __future__ import annotations

import io
import zipfile

MIMETYPE = "mimetype"
# The earliest time a zip header can hold; any constant would do, this one is conventional.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
# -rw-r--r-- on a Unix host, so that extractors create ordinary readable files.
FILE_ATTR = 0o100644 << 16
UNIX = 3
# JPEG and GIF data are already compressed by their own codecs: deflate takes ~30 ms per MB of
# photos and saves under 1 % of them, so they are stored (OCF allows either method for any entry).
# PNG is deflated again: a PNG written quickly (the drawn cover) still shrinks by a sixth.
_STORED_SUFFIXES = (".jpg", ".jpeg", ".gif")


def _info(name: str, compress_type: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = compress_type
    info.external_attr = FILE_ATTR
    info.create_system = UNIX
    return info


def repack(data: bytes) -> bytes:
    """The same archive with ``mimetype`` first and every entry's metadata fixed.

    Entries keep ebooklib's order (container, package document, then items as added), which
    depends only on the article, so the order is stable too.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        names = src.namelist()
        dst.writestr(_info(MIMETYPE, zipfile.ZIP_STORED), src.read(MIMETYPE))
        for name in names:
            if name == MIMETYPE:
                continue
            if name.lower().endswith(_STORED_SUFFIXES):
                dst.writestr(_info(name, zipfile.ZIP_STORED), src.read(name))
            else:
                dst.writestr(_info(name, zipfile.ZIP_DEFLATED), src.read(name), compresslevel=9)
    return out.getvalue()
