"""Reading options reach the reader, single page and batch alike. ``--root``: a site mirror's pages
reference ``../../images/…``; naming the mirror's top folder lets those be read, and nothing outside
it ever is. ``--whole-page``: a listing converts instead of being refused."""

from __future__ import annotations

import json
from pathlib import Path

from factories import photo_bytes
from typer.testing import CliRunner

from converter.cli import app

runner = CliRunner()
SENTENCE = "Bài viết trong bản sao của trang web có ảnh nằm ở thư mục chung của bản sao."


def _mirror(tmp_path: Path) -> Path:
    mirror = tmp_path / "mirror"
    (mirror / "img").mkdir(parents=True)
    (mirror / "img" / "anh.jpg").write_bytes(photo_bytes(120, 80))
    page = mirror / "site" / "tin" / "bai.html"
    page.parent.mkdir(parents=True)
    page.write_text('<html><body><table id="tableforprint"><tr><td><p class="Title">Tin trong bản sao</p></td></tr>'
                    '<tr><td><div class="ExternalClass1"><p><img src="../../img/anh.jpg" alt="Ảnh"></p>'
                    f"<p>{SENTENCE}</p></div></td></tr></table></body></html>", encoding="utf-8")
    return page


def _resources(out: Path) -> list[str]:
    return [r["origin"] for r in json.loads(out.read_text(encoding="utf-8"))["article"]["resources"]]


def test_without_root_the_mirror_image_is_refused_with_a_warning(tmp_path: Path) -> None:
    page = _mirror(tmp_path)
    result = runner.invoke(app, [str(page), "--to", "json", "-o", str(tmp_path / "a.json")])
    assert result.exit_code == 0, result.output
    assert "missing-image" in result.output and "outside the page's folder" in result.output
    assert _resources(tmp_path / "a.json") == []


def test_with_root_the_mirror_image_is_embedded(tmp_path: Path) -> None:
    page = _mirror(tmp_path)
    result = runner.invoke(app, [str(page), "--to", "json,docx", "-o", str(tmp_path / "out"),
                                 "--root", str(tmp_path / "mirror")])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    assert _resources(tmp_path / "out" / "bai.json") == ["../../img/anh.jpg"]


def test_a_root_that_does_not_hold_the_page_is_a_usage_error_and_writes_nothing(tmp_path: Path) -> None:
    page = _mirror(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = runner.invoke(app, [str(page), "--to", "json", "-o", str(tmp_path / "out"), "--root", str(elsewhere)])
    assert result.exit_code == 2
    assert "is not inside" in result.output
    assert not (tmp_path / "out").exists()


def test_a_batch_reads_with_the_root_too(tmp_path: Path) -> None:
    page = _mirror(tmp_path)
    result = runner.invoke(app, [str(page.parent), "--to", "json", "-o", str(tmp_path / "out"), "-j", "1",
                                 "--root", str(tmp_path / "mirror"), "-q"])
    assert result.exit_code == 0, result.output
    assert _resources(tmp_path / "out" / "bai.json") == ["../../img/anh.jpg"]


def test_a_batch_honours_whole_page(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    items = "".join(f"<li><a href='t{i}.html'>Tin số {i} của chuyên mục thời sự hôm nay</a></li>" for i in range(30))
    (site / "danh-sach.html").write_text(f"<html><body><div id='main'><h1>Danh sách tin</h1><ul>{items}</ul>"
                                         "</div></body></html>", encoding="utf-8")
    plain = runner.invoke(app, [str(site), "--to", "json", "-o", str(tmp_path / "a"), "-j", "1", "-q"])
    assert plain.exit_code == 0 and not (tmp_path / "a" / "danh-sach.json").exists()
    whole = runner.invoke(app, [str(site), "--to", "json", "-o", str(tmp_path / "b"), "-j", "1", "-q",
                                "--whole-page"])
    assert whole.exit_code == 0, whole.output
    assert "Tin số 29" in (tmp_path / "b" / "danh-sach.json").read_text(encoding="utf-8")
