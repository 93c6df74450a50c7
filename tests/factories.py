"""Test articles built in code: one with every block and inline kind, with real image bytes."""

from __future__ import annotations

import hashlib
import io
from datetime import datetime, timedelta, timezone

from PIL import Image as PILImage

from converter import model as m

ICT = timezone(timedelta(hours=7))


def photo_bytes(width: int = 640, height: int = 427, color: tuple[int, int, int] = (40, 110, 160),
                fmt: str = "JPEG") -> bytes:
    """A small real photo-like image: a vertical gradient over a base colour."""
    img = PILImage.new("RGB", (width, height), color)
    px = img.load()
    assert px is not None
    for y in range(0, height, 4):
        shade = int(80 * y / height)
        for x in range(0, width, 4):
            px[x, y] = (min(255, color[0] + shade), min(255, color[1] + shade // 2), color[2])
    buf = io.BytesIO()
    img.save(buf, format=fmt, dpi=(96, 96))
    return buf.getvalue()


def resource(data: bytes, media_type: str = "image/jpeg", origin: str = "") -> m.Resource:
    ext = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif"}[media_type]
    return m.Resource(f"img-{hashlib.sha256(data).hexdigest()[:12]}.{ext}", media_type, data, origin)


def rich_article(language: str = "vi") -> m.Article:
    """Every block kind, every inline kind, a present and a missing image, all metadata fields."""
    jpeg = resource(photo_bytes(), "image/jpeg", "bai_files/anh-1.jpg")
    png = resource(photo_bytes(300, 200, (150, 60, 60), "PNG"), "image/png", "bai_files/so-do.png")
    inl: tuple[m.Inline, ...] = (
        m.Text("Văn bản thường, "),
        m.Strong((m.Text("đậm"),)),
        m.Text(", "),
        m.Emphasis((m.Text("nghiêng"),)),
        m.Text(", "),
        m.Underline((m.Text("gạch chân"),)),
        m.Text(", H"),
        m.Subscript((m.Text("2"),)),
        m.Text("O, m"),
        m.Superscript((m.Text("2"),)),
        m.Text(", "),
        m.Code("mã_nguồn()"),
        m.Text(", "),
        m.Link((m.Text("liên kết"),), "https://example.gov.vn/tin-tuc/bai-1.aspx"),
        m.LineBreak(),
        m.Text("dòng mới sau ngắt dòng."),
    )
    blocks: tuple[m.Block, ...] = (
        m.Paragraph(inl),
        m.heading(1, "Tiêu đề cấp một"),
        m.para("Đoạn văn thứ hai với đủ dấu: Phước, Nưng, Hồ Chí Minh, ưu tiên, người dân."),
        m.Figure(m.Image("bai_files/anh-1.jpg", "Ảnh quang cảnh", jpeg.key, 640, 427),
                 m.text("Quang cảnh buổi làm việc"), "Ảnh: Thu Thảo"),
        m.heading(2, "Tiêu đề cấp hai"),
        m.ListBlock(False, (
            m.ListItem((m.para("Mục một"),)),
            m.ListItem((m.para("Mục hai"), m.bullet_list("Mục con A", "Mục con B", ordered=True))),
        )),
        m.bullet_list("Bước đầu", "Bước sau", ordered=True),
        m.Table(
            (
                m.TableRow((m.TableCell(m.text("Chỉ tiêu"), header=True),
                            m.TableCell(m.text("Số liệu"), header=True))),
                m.TableRow((m.TableCell(m.text("Ca nhiễm")), m.TableCell(m.text("6.360")))),
                m.TableRow((m.TableCell(m.text("Khỏi bệnh"), colspan=1),
                            m.TableCell(m.text("3.789")))),
            ),
            m.text("Bảng số liệu dịch bệnh"),
            header_rows=1,
        ),
        m.Figure(m.Image("bai_files/so-do.png", "", png.key), m.text("Sơ đồ tổ chức")),
        m.Quote((m.para("Trích dẫn lời phát biểu của đồng chí Bí thư."),)),
        m.Rule(),
        m.Figure(m.Image("bai_files/mat-anh.jpg", "Ảnh bị thiếu"), m.text("Ảnh không còn trên đĩa")),
        m.Signature(m.text("THU THẢO")),
    )
    md = m.Metadata(
        title="Phó Trưởng Ban Dân vận Trung ương làm việc với tỉnh về phòng, chống dịch",
        subtitle="Phụ đề bài viết",
        lead="(TUAG)- Chiều 8/10, đoàn công tác đã có buổi khảo sát và làm việc với tỉnh.",
        published=m.DateValue("Thứ 6, Ngày 08/10/2021, 19:00", datetime(2021, 10, 8, 19, 0, tzinfo=ICT)),
        modified=m.DateValue("09/10/2021 08:15", datetime(2021, 10, 9, 8, 15, tzinfo=ICT)),
        created=m.DateValue("08/10/2021 18:40", datetime(2021, 10, 8, 18, 40, tzinfo=ICT)),
        authors=("Thu Thảo",),
        category="Xây dựng Đảng",
        tags=("COVID-19", "Dân vận"),
        language=language,
        site_name="Cổng thông tin điện tử tỉnh",
        source_url="https://example.gov.vn/tin-tuc/Pages/bai-1.aspx",
        views=252,
        content_type="Tin Tức Mở Rộng",
        version="3.0",
        created_by="Quản trị viên",
        modified_by="Biên tập viên",
        fields=(m.Field("Số Trang", "1", "SoTrang"), m.Field("Trạng thái", "Đã duyệt", "TrangThai")),
    )
    return m.Article(md, blocks, (jpeg, png))
