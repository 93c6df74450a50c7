"""The library as a package: its names, its one version, its types, pages given as bytes, and the
runnable example of docs/library.md."""

from __future__ import annotations

import io
import ipaddress
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from factories import LocalServer, photo_bytes, portal_page

import converter
from converter import api, errors, options
from converter.walk import figures

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "vn-portal-news.html"
PAGE = portal_page("Bài từ các byte", 'Đoạn văn.</p><p><img src="bai_files/anh.jpg" alt="Ảnh">'
                   '</p><p><img src="../ngoai.jpg" alt="Ngoài">')


def test_the_package_exports_its_api_and_dir_shows_it() -> None:
    assert converter.WriteOptions is options.WriteOptions and converter.ReadOptions is options.ReadOptions
    assert converter.Result is api.Result and converter.Converted is api.Converted
    assert converter.to_bytes is api.to_bytes and converter.read is api.read
    for name in ("PortalconvError", "UsageError", "InputError", "NoArticleError", "OutputError", "DependencyError",
                 "StrictError", "PagesFailedError", "VerificationError", "SchedulerError"):
        assert getattr(converter, name) is getattr(errors, name)
        assert issubclass(getattr(converter, name), converter.PortalconvError)
    assert sorted(dir(converter)) == sorted(converter.__all__)
    assert {"read", "write", "to_bytes", "convert", "ReadOptions", "WriteOptions", "Result", "Converted",
            "__version__"} <= set(dir(converter))
    for name in converter.__all__:
        assert getattr(converter, name) is not None
    with pytest.raises(AttributeError):
        converter.nothing_such  # noqa: B018


def test_importing_the_package_stays_light() -> None:
    probe = ("import sys, converter; print(sorted(m for m in ('converter.api', 'lxml', 'importlib.metadata') "
             "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_the_version_is_the_package_metadata_s(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert converter.__version__ == importlib.metadata.version("portalconv") == pyproject
    # One source: no version literal in the package itself.
    assert not re.search(r"__version__\s*=\s*[\"']", (ROOT / "converter" / "__init__.py").read_text("utf-8"))

    def not_installed(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    assert converter._version() == "0+unknown"


def test_the_package_is_typed_and_the_wheel_carries_the_marker() -> None:
    assert (ROOT / "converter" / "py.typed").is_file()
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]
    assert config["targets"]["wheel"]["packages"] == ["converter"]  # every file of the package, py.typed too
    assert "py.typed" in (ROOT / "Makefile").read_text(encoding="utf-8")  # make wheel-check looks for it


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    (folder / "bai_files").mkdir(parents=True)
    (folder / "bai_files" / "anh.jpg").write_bytes(photo_bytes(64, 48))
    (tmp_path / "ngoai.jpg").write_bytes(photo_bytes(64, 48))
    return folder


def test_read_takes_bytes_or_a_binary_file_with_a_base_folder(site: Path) -> None:
    for source in (PAGE.encode("utf-8"), io.BytesIO(PAGE.encode("utf-8"))):
        result = converter.read(source, base=site)
        assert result.article.metadata.title == "Bài từ các byte"
        assert len(result.article.resources) == 1  # bai_files/anh.jpg; ../ngoai.jpg is outside the base
        assert any("../ngoai.jpg" in w.message and "refused" in w.message for w in result.warnings)
    named = converter.read(PAGE.encode("utf-8"), converter.ReadOptions(root=site), name="bai.aspx")
    assert len(named.article.resources) == 1 and {w.where for w in named.warnings} == {"bai.aspx"}


def test_bytes_without_a_base_read_nothing_from_disk(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(site)  # not even from the current folder
    result = converter.read(PAGE.encode("utf-8"))
    assert result.article.resources == ()
    assert {w.where for w in result.warnings} == {"<bytes>"}
    # A file object is named after its file.
    with open(site / "bai_files" / "anh.jpg", "rb") as f, pytest.raises(converter.InputError,
                                                                         match=r"anh\.jpg: not an HTML page"):
        converter.read(f)


def test_a_base_address_makes_relative_resources_remote_and_fetched_only_when_asked(tmp_path: Path) -> None:
    from converter.load.page import load_bytes
    from converter.load.remote import RemoteFetcher

    page = portal_page("Bài từ mạng", 'Đoạn văn.</p><p><img src="anh.jpg" alt="Ảnh">').encode("utf-8")
    (tmp_path / "anh.jpg").write_bytes(photo_bytes(32, 24))  # a file of that name beside us is never read
    with LocalServer({"/tin/anh.jpg": (200, {"Content-Type": "image/jpeg"}, photo_bytes(32, 24))}) as server:
        unfetched = converter.read(page, base=f"{server.url}/tin/bai.aspx")
        assert unfetched.article.resources == () and server.requests == []
        assert any("--fetch-remote" in w.message for w in unfetched.warnings)
        loaded = load_bytes(page, "<bytes>", base=f"{server.url}/tin/bai.aspx",
                            remote=RemoteFetcher(allow=(ipaddress.ip_network("127.0.0.1/32"),)))
        resource = loaded.resolver.resolve("anh.jpg")
        assert resource is not None and server.requests == ["/tin/anh.jpg"]


def test_convert_returns_a_result_that_still_unpacks_as_paths_and_warnings(tmp_path: Path) -> None:
    page = tmp_path / "bai.html"
    page.write_text(portal_page("Bài chuyển đổi", "Đoạn văn."), encoding="utf-8")
    done = converter.convert(page, ["json"], tmp_path / "out")
    assert isinstance(done, converter.Converted)
    assert done.article.metadata.title == "Bài chuyển đổi"
    assert done.paths == {"json": tmp_path / "out" / "bai.json"} and done.warnings == []
    paths, warnings = done
    assert paths is done.paths and warnings is done.warnings
    from_bytes = converter.convert(page.read_bytes(), ["json"], tmp_path / "b/", name="<stdin>")
    assert from_bytes.paths == {"json": tmp_path / "b" / "stdin.json"}
    with pytest.raises(converter.UsageError, match="name an output"):
        converter.convert(page.read_bytes(), ["json"])


def test_to_bytes_gives_the_bytes_write_puts_on_disk(tmp_path: Path) -> None:
    article = converter.read(portal_page("Bài kết xuất", "Đoạn văn.").encode("utf-8")).article
    rendered = converter.to_bytes(article, "json")
    converter.write(article, tmp_path / "a.json", "json")
    assert rendered.data == (tmp_path / "a.json").read_bytes()
    assert json.loads(rendered.data)["article"]["metadata"]["title"] == "Bài kết xuất"
    with pytest.raises(converter.UsageError):
        converter.to_bytes(article, "odt")


def _runnable_blocks(doc: str) -> list[str]:
    """The ```python blocks of a page that follow a ``<!-- runnable -->`` marker."""
    return re.findall(r"<!-- runnable[^>]*-->\s*```python\n(.*?)```", doc, re.S)


def test_the_library_page_s_example_runs(tmp_path: Path) -> None:
    blocks = _runnable_blocks((ROOT / "docs" / "library.md").read_text(encoding="utf-8"))
    assert blocks, "docs/library.md has no runnable example"
    shutil.copy(SAMPLE, tmp_path / "page.html")  # the sample's photos are in the folder it names
    shutil.copytree(SAMPLE.with_name("vn-portal-news_files"), tmp_path / "vn-portal-news_files")
    script = tmp_path / "example.py"
    script.write_text("\n".join(blocks), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    assert "Khai mạc Hội chợ" in proc.stdout
    assert (tmp_path / "out" / "page.docx").is_file() and (tmp_path / "out" / "page.json").is_file()
    assert figures(converter.read(tmp_path / "page.html").article.blocks)


def test_the_warning_value_is_a_diagnostic_and_shadows_no_builtin() -> None:
    import warnings

    from converter import diagnostics

    assert "Warning" not in vars(diagnostics)  # the builtin is not shadowed in the module
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert diagnostics.Warning is diagnostics.Diagnostic  # the old name still works
    assert caught and issubclass(caught[0].category, DeprecationWarning)
