"""`verify` cannot be fooled, and does not cry wolf.

Each test converts an invented article page (three photos: JPEG, PNG and an SVG drawing), tampers
with one output the way someone hiding a loss would (text hidden, moved or recoloured, captions
swapped, photo bytes replaced, metadata removed) and checks that ``portalconv verify`` calls it
INCOMPLETE (exit 9); the untampered outputs verify complete.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from factories import photo_bytes
from typer.testing import CliRunner

from converter import api
from converter.cli import app
from converter.verify import verify

runner = CliRunner()

SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">'
       b'<rect width="400" height="200" fill="#3366aa"/><circle cx="100" cy="100" r="60" fill="#ffcc00"/></svg>')
TITLE = "Khánh thành cầu Sông Mây nối hai xã vùng cao"
P1 = "Cây cầu dài 120 mét, rộng 7 mét, được xây dựng trong 18 tháng với tổng vốn đầu tư 45 tỷ đồng."
P2 = "Trước đây, người dân phải đi đò qua sông, mùa mưa lũ việc đi lại rất nguy hiểm và khó khăn."
P3 = "Theo ông Lê Văn Sơn, Chủ tịch UBND huyện, cây cầu giúp rút ngắn thời gian vận chuyển nông sản."
P4 = "Huyện sẽ tiếp tục đầu tư tuyến đường dẫn dài 3 km trong năm tới để phát huy hiệu quả công trình."
CAP1 = "Toàn cảnh cầu Sông Mây trong ngày khánh thành"
CAP2 = "Lãnh đạo huyện cắt băng khánh thành công trình"
CAP3 = "Sơ đồ vị trí cầu và tuyến đường kết nối"
PAGE = f"""<html lang="vi"><head><meta charset="utf-8"><title>{TITLE}</title>
<meta property="article:published_time" content="2024-05-14T09:00:00+07:00"></head>
<body><article><h1>{TITLE}</h1>
<p class="lead"><strong>Sáng 14/5, huyện Đồi Chè khánh thành cầu Sông Mây, công trình mong đợi của hai xã.</strong></p>
<p>{P1}</p>
<figure><img src="bai_files/a.jpg"><figcaption>{CAP1}</figcaption></figure>
<p>{P2}</p>
<figure><img src="bai_files/b.png"><figcaption>{CAP2}</figcaption></figure>
<p>{P3}</p>
<figure><img src="bai_files/c.svg"><figcaption>{CAP3}</figcaption></figure>
<p>{P4}</p>
</article></body></html>"""


def make_page(folder: Path) -> Path:
    (folder / "bai_files").mkdir(parents=True, exist_ok=True)
    (folder / "bai_files" / "a.jpg").write_bytes(photo_bytes(400, 300, (40, 110, 160)))
    (folder / "bai_files" / "b.png").write_bytes(photo_bytes(300, 200, (150, 60, 60), "PNG"))
    (folder / "bai_files" / "c.svg").write_bytes(SVG)
    page = folder / "bai.html"
    page.write_text(PAGE, encoding="utf-8")
    return page


@pytest.fixture(scope="module")
def conv(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("cau-song-may")
    page = make_page(folder)
    written, _ = api.convert(page, ["docx", "epub", "pdf"], folder / "out")
    return {"page": page, "dir": folder, "article": api.read(page).article, **written}


def incomplete(conv: dict[str, Any], output: Path) -> str:
    """``portalconv verify PAGE OUTPUT`` must exit 9; its output, for the caller to check."""
    result = runner.invoke(app, ["verify", str(conv["page"]), str(output)])
    assert result.exit_code == 9, result.output
    assert "INCOMPLETE" in result.output
    return result.output


def rewrite(src: Path, dst: Path, edit: dict[str, Callable[[bytes], bytes | None]]) -> Path:
    """Copy a zip, passing the named members through ``edit[name](bytes) -> bytes | None``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename in edit:
                data = edit[info.filename](data)
                if data is None:
                    continue
            zout.writestr(info, data)
    return dst


@pytest.mark.parametrize("fmt", ["docx", "epub", "pdf"])
def test_the_untampered_outputs_are_complete_svg_photo_included(conv: dict[str, Any], fmt: str) -> None:
    report = verify(conv["article"], conv[fmt])
    assert report.complete, report.missing
    assert ("image", 3, 3) in report.rows
    result = runner.invoke(app, ["verify", str(conv["page"]), str(conv[fmt])])
    assert result.exit_code == 0, result.output


def _opf_name(epub: Path) -> str:
    with zipfile.ZipFile(epub) as zf:
        return next(n for n in zf.namelist() if n.endswith(".opf"))


@pytest.mark.parametrize("damage", ["no-rootfile", "rootfile-without-path", "item-without-href", "unknown-idref"])
def test_a_malformed_epub_package_is_incomplete_not_a_crash(conv: dict[str, Any], damage: str) -> None:
    def container(xml: bytes) -> bytes:
        if damage == "no-rootfile":
            return re.sub(rb"<rootfile [^>]*/>", b"", xml)
        return re.sub(rb'full-path="[^"]*"', b"", xml)

    def opf(xml: bytes) -> bytes:
        if damage == "item-without-href":
            return re.sub(rb'(<item [^>]*?)href="[^"]*"([^>]*media-type="application/xhtml\+xml")', rb"\1\2", xml)
        return re.sub(rb'idref="[^"]*"', b'idref="khong-co"', xml, count=1)

    edit = {"META-INF/container.xml": container} if "rootfile" in damage else {_opf_name(conv["epub"]): opf}
    damaged = rewrite(conv["epub"], conv["dir"] / f"{damage}.epub", edit)  # type: ignore[dict-item]
    assert "cannot be read back" in incomplete(conv, damaged)
