"""A manifest portalconv cannot read or must not alter is refused, untouched, before any conversion."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from test_batch_run import make_small_site
from typer.testing import CliRunner, Result

from converter.batch.manifest import MANIFEST_NAME
from converter.cli import app


def _convert(site: Path, out: Path) -> Result:
    return CliRunner().invoke(app, [str(site), "--to", "json", "-o", str(out), "-j", "1"])


def _newer(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    db.commit()
    db.close()


def _foreign(path: Path) -> None:
    path.unlink()
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE photos (name TEXT)")
    db.execute("INSERT INTO photos VALUES ('anh.png')")
    db.commit()
    db.close()


Spoil = Callable[[Path], object]


@pytest.mark.parametrize(("spoil", "message"), [
    (lambda p: p.write_bytes(b"not a database, just some notes\n" * 40), "not a portalconv manifest"),
    (_foreign, "not a portalconv manifest (tables: photos)"),
    (_newer, "written by a newer portalconv (manifest schema 99"),
])
def test_an_unusable_manifest_exits_5_with_one_line_and_is_left_as_it_was(
        tmp_path: Path, spoil: Spoil, message: str) -> None:
    site, out = make_small_site(tmp_path / "site"), tmp_path / "out"
    assert _convert(site, out).exit_code == 0
    manifest = out / MANIFEST_NAME
    for made in out.rglob("*.json"):
        made.unlink()
    spoil(manifest)
    before = manifest.read_bytes()

    result = _convert(site, out)
    assert result.exit_code == 5
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(manifest) in lines[0] and message in lines[0]
    assert manifest.read_bytes() == before
    assert not list(out.rglob("*.json")), "nothing is converted against a manifest that was refused"

