"""Test articles built in code: one with every block and inline kind, with real image bytes."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

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


# --------------------------------------------------------------------------- loading helpers


def cp1258(text: str) -> bytes:
    """Encode as Windows does: precomposed where cp1258 has the letter, else base + combining marks.

    Raises UnicodeEncodeError for a character cp1258 cannot write at all, so no text is lost silently.
    """
    import itertools
    import unicodedata

    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        for n in range(len(marks), -1, -1):
            for kept in itertools.combinations(marks, n):
                rest = [mk for mk in marks if mk not in kept]
                try:
                    out += unicodedata.normalize("NFC", base + "".join(kept)).encode("cp1258")
                    out += "".join(rest).encode("cp1258")
                    break
                except UnicodeEncodeError:
                    continue
            else:
                continue
            break
        else:
            raise UnicodeEncodeError("cp1258", ch, 0, 1, "not encodable even with combining marks")
    return bytes(out)


class LocalServer:
    """An HTTP server on 127.0.0.1 for one test: routes map a path to a handler; requests are logged.

    A route is (status, headers, body) or a callable taking the handler and the server for anything
    more (sleeping until ``server.stop`` is set, streaming without Content-Length). Threads are
    daemons and every socket has a timeout, so a failing test cannot hang the run.
    """

    def __init__(self, routes: dict[str, object]) -> None:
        import http.server
        import threading

        self.routes = routes
        self.requests: list[str] = []
        self.stop = threading.Event()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            timeout = 5

            def do_GET(self) -> None:
                server.requests.append(self.path)
                route = server.routes.get(self.path.split("?")[0])
                if route is None:
                    self.send_error(404)
                elif callable(route):
                    route(self, server)
                else:
                    status, headers, body = route  # type: ignore[misc]
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    if "Content-Length" not in headers:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()  # releases handlers that wait on it
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width``×``height`` with one tiny compressed row: a decompression bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def portal_page(title: str, body: str) -> str:
    """The smallest page the portal extractor takes as an article: a title and one body paragraph."""
    return (f'<html><body><table id="tableforprint"><tr><td><p class="Title">{title}</p></td></tr>\n'
            f'<tr><td><div class="ExternalClass1"><p>{body}</p></div></td></tr></table>\n</body></html>')


def icc_profile(space: bytes = b"CMYK") -> bytes:
    """The smallest output ("prtr") ICC profile lcms opens, CMYK unless ``space`` says otherwise.

    No CMYK printing profile is installable from the registries used here; this one is enough
    to check that it becomes the PDF/X output intent, not to convert colours.
    """
    text = b"Test " + space + b"\x00"
    desc = b"desc" + b"\x00" * 4 + struct.pack(">I", len(text)) + text + b"\x00" * 79
    desc += b"\x00" * (-len(desc) % 4)
    tags = struct.pack(">I4sII", 1, b"desc", 128 + 16, len(desc))
    header = (struct.pack(">I", 128 + len(tags) + len(desc)) + b"lcms" + bytes([2, 0x10, 0, 0]) + b"prtr"
              + space.ljust(4) + b"Lab " + b"\x00" * 12 + b"acspAPPL" + b"\x00" * 24
              + struct.pack(">iii", 63190, 65536, 54061) + b"\x00" * 48)
    return header + tags + desc


def rewrite_zip(src: Path, dst: Path, edit: dict[str, Callable[[bytes], bytes | None]]) -> Path:
    """Copy a zip (DOCX, EPUB), passing the named members through ``edit[name](bytes) -> bytes | None``
    (None leaves the member out): how the verify tests tamper with an output."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename in edit:
                changed = edit[info.filename](data)
                if changed is None:
                    continue
                data = changed
            zout.writestr(info, data)
    return dst
