"""The compiled-code file of the package's regular expressions (converter/patterns.py).

What it must never do is change a pattern: every test compares what it builds with
``re.compile``'s object, whose equality covers the compiled code itself.
"""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from converter import patterns
from converter.patterns import Store

SAMPLES = [
    (r"^(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})$", 0),
    (r"(?:Ngày đăng|Posted on)\s*:?\s*", re.IGNORECASE),
    (r"""(?x) \A \s* (?P<word>[^\W\d_]+) # a word
         \s* \Z""", 0),
    (r"^[-–—|:]+.$", re.MULTILINE | re.DOTALL),
    (r"[\x00-\x08\x0b\ud800-\udfff\ufffe]", 0),
    (r"\w+", re.ASCII),
    (rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE),
]


def same(built: re.Pattern[str] | re.Pattern[bytes], pattern: str | bytes, flags: int) -> bool:
    reference = re.compile(pattern, flags)
    return (built == reference and built.flags == reference.flags and built.groups == reference.groups
            and dict(built.groupindex) == dict(reference.groupindex))


def test_a_pattern_read_back_from_the_file_is_the_one_re_compile_makes(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    path = str(tmp_path / "patterns.sre")
    first = Store(path)
    for pattern, flags in SAMPLES:
        assert same(first.compile(pattern, flags), pattern, flags)
    assert (first.hits, first.added) == (0, len(SAMPLES))
    first.save()
    assert os.path.exists(path) and first.added == 0

    second = Store(path)
    for pattern, flags in SAMPLES:
        built = second.compile(pattern, flags)
        assert same(built, pattern, flags)
    assert (second.hits, second.added) == (len(SAMPLES), 0)
    assert second.compile(SAMPLES[0][0]).match("06/12/2026")["year"] == "2026"  # type: ignore[index]
    # Flags given as RegexFlag or as int are the same key.
    assert second.compile(SAMPLES[1][0], int(re.IGNORECASE)).pattern == SAMPLES[1][0]
    assert second.hits == len(SAMPLES) + 2


def test_every_pattern_of_the_package_is_cached_exactly(tmp_path: Path) -> None:
    """Every module-level pattern in converter/, written to a file and read back, equals re.compile's.

    A fresh interpreter imports every module with the store pointed at a scratch file (reloading
    modules here would give other tests' objects stale classes).
    """
    path = tmp_path / "all.sre"
    script = (
        "import importlib, pkgutil, sys\n"
        "sys.dont_write_bytecode = False\n"
        "import converter\n"
        "from converter import patterns\n"
        f"patterns._STORE = patterns.Store({str(path)!r})\n"
        "for info in pkgutil.walk_packages(converter.__path__, 'converter.'):\n"
        "    if not info.name.endswith(('__main__', 'worker_main')):\n"
        "        importlib.import_module(info.name)\n"
        "patterns.save()\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=Path(__file__).resolve().parents[1])
    reader = Store(str(path))
    reader.compile("x")  # loads the file
    keys = [key for key in reader.entries if key != ("x", 0)]
    assert len(keys) > 100  # the package's patterns go through compiled(), not re.compile()
    for pattern, flags in keys:
        assert same(reader.compile(pattern, flags), pattern, flags), pattern
    assert reader.hits == len(keys)


def test_no_file_is_written_where_python_writes_no_bytecode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    store = Store(str(tmp_path / "p.sre"))
    store.compile(r"\d+")
    store.save()
    assert not (tmp_path / "p.sre").exists()


@pytest.mark.parametrize("damage", ["truncated", "garbage", "other-python", "checksum", "empty"])
def test_a_damaged_or_foreign_file_is_ignored_and_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            damage: str) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    path = tmp_path / "p.sre"
    good = Store(str(path))
    for pattern, flags in SAMPLES:
        good.compile(pattern, flags)
    good.save()
    blob = path.read_bytes()
    header, checksum, payload = marshal.loads(blob)
    if damage == "truncated":
        path.write_bytes(blob[: len(blob) // 2])
    elif damage == "garbage":
        path.write_bytes(b"\x00not marshal at all")
    elif damage == "other-python":
        path.write_bytes(marshal.dumps(((*header[:2], header[2] + 1, *header[3:]), checksum, payload)))
    elif damage == "checksum":
        path.write_bytes(marshal.dumps((header, checksum ^ 1, payload)))
    else:
        path.write_bytes(b"")
    store = Store(str(path))
    for pattern, flags in SAMPLES:
        assert same(store.compile(pattern, flags), pattern, flags)
    assert store.hits == 0 and store.added == len(SAMPLES)
    store.save()
    assert Store(str(path)).compile(*SAMPLES[0]) is not None and path.read_bytes() == blob


def test_code_the_engine_refuses_falls_back_to_re_compile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    path = tmp_path / "p.sre"
    store = Store(str(path))
    store.compile(r"(?P<n>\d+)px")
    store.save()
    header, _, payload = marshal.loads(path.read_bytes())
    entries = marshal.loads(payload)
    ((key, (flags, code, groups, groupindex, indexgroup)),) = entries.items()
    entries[key] = (flags, b"\xff" * len(code), groups, groupindex, indexgroup)  # not SRE code
    payload = marshal.dumps(entries)
    import zlib

    path.write_bytes(marshal.dumps((header, zlib.crc32(payload), payload)))
    reader = Store(str(path))
    assert same(reader.compile(r"(?P<n>\d+)px"), r"(?P<n>\d+)px", 0)
    assert reader.hits == 0


def test_an_unwritable_place_costs_nothing_but_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder would be")
    store = Store(str(blocker / "sub" / "p.sre"))
    assert same(store.compile(r"\s+"), r"\s+", 0)
    store.save()  # no exception, nothing written, nothing left behind
    assert blocker.read_text() == "a file where the folder would be"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_the_command_writes_the_file_in_the_user_cache_and_the_next_run_reads_it(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPYCACHEPREFIX", None)
    root = Path(__file__).resolve().parents[1]
    page = root / "samples" / "vn-portal-news-html-only.html"
    out = tmp_path / "out.json"
    probe = (f"import sys; sys.argv = ['portalconv', {str(page)!r}, '--to', 'json', '-o', {str(out)!r}]\n"
             "from converter import cli, patterns\n"
             "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
             "print(patterns._STORE.hits, patterns._STORE.path)")
    before = sorted(p.name for p in (root / "converter").rglob("*.sre"))
    runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=root,
                           check=True).stdout.split() for _ in range(2)]
    (hits_first, path_first), (hits_second, path_second) = (run[-2:] for run in runs)
    assert path_first == path_second and Path(path_first).parent == cache / "portalconv"
    assert Path(path_first).is_file() and Path(path_first).name.endswith(f".{sys.implementation.cache_tag}.sre")
    # The first run finds only a pattern two modules share; the second, all of them in the file.
    assert int(hits_second) > int(hits_first) + 50
    assert sorted(p.name for p in (root / "converter").rglob("*.sre")) == before  # nothing in the package


def test_where_the_file_goes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    if sys.platform in ("win32", "darwin"):
        pytest.skip("the XDG rules are the Linux and BSD ones")
    monkeypatch.setattr(sys, "pycache_prefix", None)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    path = Path(patterns._default_path() or "")
    assert path.parent == tmp_path / "xdg" / "portalconv"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")  # not absolute: ignored, as the spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert Path(patterns._default_path() or "").parent == tmp_path / "home" / ".cache" / "portalconv"
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "prefix"))  # PYTHONPYCACHEPREFIX wins
    assert Path(patterns._default_path() or "").parent == tmp_path / "prefix" / "portalconv"
    # Another installation of the package gets a file of its own.
    monkeypatch.setattr(patterns, "__file__", str(tmp_path / "elsewhere" / "converter" / "patterns.py"))
    assert Path(patterns._default_path() or "").name != path.name
