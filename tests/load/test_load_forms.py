"""Every form of saved page gives the same article: complete, MHTML, single-file, re-encoded, renamed.

Each form is generated here, in tmp_path, from ``samples/vn-portal-news.html`` and its folder, so the
fixtures cannot drift from the sample.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import re
import shutil
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from conftest import SAMPLES
from factories import cp1258

from converter import jsonio, read
from converter.load.page import load
from converter.walk import figures

PAGE = SAMPLES / "vn-portal-news.html"
FILES = SAMPLES / "vn-portal-news_files"
TEXT = PAGE.read_text(encoding="utf-8")
URL = "https://example-province.gov.vn/tin-tuc/Lists/TinTuc/DispForm.aspx?ID=1523"  # its saved-from comment
REF = re.compile(r'(src|href)="\./vn-portal-news_files/([^"]+)"')


def model_json(path: Path) -> dict[str, Any]:
    return json.loads(jsonio.dumps(read(path).article))  # type: ignore[no-any-return]


def blank_references(data: Any) -> Any:
    """The model with Image.src and Resource.origin emptied: the only fields that hold the
    reference as written in the page, which legitimately differs between forms (a data: URI, a
    renamed folder); everything else, resource bytes and keys included, must be identical."""
    if isinstance(data, dict):
        out = {k: blank_references(v) for k, v in data.items()}
        if out.get("type") == "Image":
            out["src"] = ""
        if out.get("type") == "Resource":
            out["origin"] = ""
        return out
    if isinstance(data, list):
        return [blank_references(v) for v in data]
    return data


@pytest.fixture(scope="module")
def complete() -> dict[str, Any]:
    return model_json(PAGE)


def with_folder(tmp: Path, html: bytes, name: str = "vn-portal-news.html",
                folder: str = "vn-portal-news_files") -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    shutil.copytree(FILES, tmp / folder)
    (tmp / name).write_bytes(html)
    return tmp / name


def mhtml_form(tmp: Path) -> Path:
    """The sample as Chrome's "Webpage, single file" (.mhtml): quoted-printable page, base64 parts."""
    msg = EmailMessage()
    msg["From"] = "<Saved by Blink>"
    msg["Snapshot-Content-Location"] = URL
    msg["MIME-Version"] = "1.0"
    msg.make_related()
    page = EmailMessage()
    page.set_content(TEXT, subtype="html", charset="utf-8", cte="quoted-printable")
    page["Content-Location"] = URL
    msg.attach(page)
    for file in sorted(FILES.iterdir()):
        part = EmailMessage()
        maintype, subtype = (mimetypes.guess_type(file.name)[0] or "application/octet-stream").split("/")
        part.set_content(file.read_bytes(), maintype=maintype, subtype=subtype, cte="base64")
        part["Content-Location"] = urljoin(URL, f"./vn-portal-news_files/{file.name}")
        msg.attach(part)
    path = tmp / "vn-portal-news.mhtml"
    path.write_bytes(msg.as_bytes(policy=SMTP))
    return path


def single_file_form(tmp: Path) -> Path:
    """The sample as SingleFile writes it: every resource inlined as a data: URI, no folder."""
    def inline(m: re.Match[str]) -> str:
        data = (FILES / m.group(2)).read_bytes() if (FILES / m.group(2)).is_file() else b""
        media_type = mimetypes.guess_type(m.group(2))[0] or "application/octet-stream"
        return f'{m.group(1)}="data:{media_type};base64,{base64.b64encode(data).decode()}"'

    tmp.mkdir(parents=True, exist_ok=True)
    path = tmp / "vn-portal-news.html"
    path.write_text(REF.sub(inline, TEXT), encoding="utf-8")
    return path


def declared(charset: str) -> str:
    return TEXT.replace('<meta charset="utf-8">', f'<meta charset="{charset}">', 1)


def test_the_sample_declares_utf8_once() -> None:
    assert TEXT.count('<meta charset="utf-8">') == 1  # the re-encoded forms below rely on it


def test_the_mhtml_form_gives_the_identical_model(tmp_path: Path, complete: dict[str, Any]) -> None:
    path = mhtml_form(tmp_path)
    assert load(path).encoding == "mhtml"
    assert model_json(path) == complete


def test_the_windows_1258_form_gives_the_identical_model(tmp_path: Path, complete: dict[str, Any]) -> None:
    data = cp1258(declared("windows-1258"))
    assert re.search(rb"[\xcc\xd2\xde\xec\xf2]", data), "combining tone marks are used"
    path = with_folder(tmp_path, data)
    assert load(path).encoding == "cp1258"
    assert model_json(path) == complete


@pytest.mark.parametrize(("codec", "bom"), [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b"")])
def test_the_utf16_forms_give_the_identical_model(tmp_path: Path, complete: dict[str, Any], codec: str,
                                                  bom: bytes) -> None:
    path = with_folder(tmp_path, bom + declared("utf-16").encode(codec))
    assert load(path).encoding == codec
    assert model_json(path) == complete


def test_the_single_file_form_gives_the_same_model_but_for_the_references(tmp_path: Path,
                                                                          complete: dict[str, Any]) -> None:
    path = single_file_form(tmp_path)
    result = read(path)
    assert not [w for w in result.warnings if w.code in {"missing-image", "unreadable-image"}]
    # Image.src keeps only the data: header; the bytes are in the resource, not repeated in the model.
    assert {f.image.src for f in figures(result.article.blocks)} == {"data:image/jpeg;base64,…"}
    assert blank_references(model_json(path)) == blank_references(complete)


@pytest.mark.parametrize("folder", ["vn-portal-news-Dateien", "vn-portal-news_fichiers", "vn-portal-news_archivos",
                                    "vn-portal-news.files", "Ảnh của bài"])
def test_whatever_the_browser_called_the_folder_it_is_found(tmp_path: Path, complete: dict[str, Any],
                                                           folder: str) -> None:
    html = TEXT.replace("./vn-portal-news_files/", f"./{folder}/")
    path = with_folder(tmp_path, html.encode("utf-8"), folder=folder)
    result = read(path)
    assert not [w for w in result.warnings if w.code == "missing-image"]
    assert blank_references(model_json(path)) == blank_references(complete)


@pytest.mark.parametrize("suffix", [".htm", ".aspx", ".xhtml"])
def test_page_suffixes_other_than_html_read_the_same(tmp_path: Path, complete: dict[str, Any], suffix: str) -> None:
    path = with_folder(tmp_path, TEXT.encode("utf-8"), name=f"vn-portal-news{suffix}")
    assert model_json(path) == complete


def test_html_only_keeps_every_caption_and_warns_once_per_missing_photo(tmp_path: Path) -> None:
    path = tmp_path / "vn-portal-news.html"
    path.write_text(TEXT, encoding="utf-8")  # "Web page, HTML only": no folder beside it
    result = read(path)
    figs = figures(result.article.blocks)
    assert len(figs) == 5 and all(f.image.resource is None and f.caption for f in figs)
    missing = [w for w in result.warnings if w.code == "missing-image"]
    assert len(missing) == 5
    assert all(f.image.src.rsplit("/", 1)[-1] in w.message for f, w in zip(figs, missing, strict=True))
