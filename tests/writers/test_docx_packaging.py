"""The DOCX package is built from python-docx's parts directly, with the bytes a save and re-pack give."""

from __future__ import annotations

import io
import zipfile

import docx
from PIL import Image

from converter.writers.docx.package import CONTENT_TYPES, repack, save_bytes


def _document() -> docx.document.Document:
    document = docx.Document()
    document.add_heading("Tiêu đề", level=1)
    document.add_paragraph("Đoạn văn có ảnh.")
    png = io.BytesIO()
    Image.new("RGB", (8, 4), (200, 30, 30)).save(png, format="PNG")
    png.seek(0)
    document.add_picture(png)
    return document


def test_parts_packed_directly_equal_a_saved_and_repacked_document() -> None:
    saved = io.BytesIO()
    _document().save(saved)
    assert save_bytes(_document()) == repack(saved.getvalue())


def test_package_starts_with_content_types_and_stores_photos() -> None:
    with zipfile.ZipFile(io.BytesIO(save_bytes(_document()))) as z:
        infos = z.infolist()
        assert infos[0].filename == CONTENT_TYPES
        media = [i for i in infos if i.filename.startswith("word/media/")]
        assert media and all(i.compress_type == zipfile.ZIP_STORED for i in media)
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
