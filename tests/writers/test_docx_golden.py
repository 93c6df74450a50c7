"""Golden DOCX parts: each sample's document, styles, numbering, core and custom properties, compared as
normalised XML with the files under ``tests/golden/docx/<sample>/``; media compared by SHA-256.

Normalised means: whitespace between elements dropped, attributes sorted, pretty-printed, so a diff
shows what changed in the document rather than in the serialisation. Zip bytes are not compared
(``test_writer_docx.py`` checks byte-for-byte determinism separately).

When a change is intended (the writer, the template, or extraction of a sample changed), accept
the new output and review the diff of ``tests/golden/docx`` before committing::

    PORTALCONV_UPDATE_GOLDEN=1 .venv/bin/pytest tests/writers/test_docx_golden.py
"""

from __future__ import annotations

import difflib
import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from converter import api

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "samples").glob("*.html"))
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "docx"
PARTS = ("word/document.xml", "word/styles.xml", "word/numbering.xml", "docProps/core.xml",
         "docProps/custom.xml", "word/_rels/document.xml.rels")
MEDIA = "media.txt"
UPDATE = os.environ.get("PORTALCONV_UPDATE_GOLDEN") == "1"
HOW_TO_ACCEPT = ("If this change is intended (writer, template or the sample's extraction changed), accept it "
                 "with:\n    PORTALCONV_UPDATE_GOLDEN=1 .venv/bin/pytest tests/writers/test_docx_golden.py\n"
                 "and review `git diff tests/golden/docx` before committing.")
_cache: dict[str, bytes] = {}


def normalise(xml: bytes) -> str:
    """Pretty-printed XML with sorted attributes and no whitespace-only text between elements."""
    root = etree.fromstring(xml)
    for el in root.iter():
        if len(el):
            # Whitespace between child elements is layout; text in leaves (w:t) is content.
            if el.text is not None and not el.text.strip():
                el.text = None
            for child in el:
                if child.tail is not None and not child.tail.strip():
                    child.tail = None
        if isinstance(el.tag, str):
            attrs = sorted(el.attrib.items())
            el.attrib.clear()
            el.attrib.update(attrs)
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="unicode") + "\n"


def media_manifest(zf: zipfile.ZipFile) -> str:
    lines = []
    for name in sorted(n for n in zf.namelist() if n.startswith("word/media/")):
        data = zf.read(name)
        lines.append(f"{name} {len(data)} {hashlib.sha256(data).hexdigest()}")
    return "\n".join(lines) + "\n"


def docx_bytes(page: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    if page.stem not in _cache:
        target = tmp_path_factory.mktemp(page.stem) / f"{page.stem}.docx"
        api.write(api.read(page).article, target, "docx")
        _cache[page.stem] = target.read_bytes()
    return _cache[page.stem]


def actual(page: Path, name: str, tmp_path_factory: pytest.TempPathFactory) -> str | None:
    """The normalised part (None when the package has no such part) or the media manifest."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes(page, tmp_path_factory))) as zf:
        if name == MEDIA:
            return media_manifest(zf)
        if name not in zf.namelist():
            return None
        return normalise(zf.read(name))


def golden_path(page: Path, name: str) -> Path:
    return GOLDEN / page.stem / name


@pytest.mark.parametrize("name", [*PARTS, MEDIA])
@pytest.mark.parametrize("page", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_the_docx_part_matches_its_golden_file(page: Path, name: str,
                                               tmp_path_factory: pytest.TempPathFactory) -> None:
    got = actual(page, name, tmp_path_factory)
    path = golden_path(page, name)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        if got is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(got, encoding="utf-8")
        return
    want = path.read_text(encoding="utf-8") if path.exists() else None
    if got == want:
        return
    if want is None or got is None:
        state = "has no golden file" if want is None else "is missing from the DOCX"
        pytest.fail(f"{page.stem}: {name} {state} ({path.relative_to(ROOT)}).\n{HOW_TO_ACCEPT}")
    diff = list(difflib.unified_diff(want.splitlines(), got.splitlines(), f"golden/{path.name}", "output",
                                     lineterm="", n=2))
    shown = "\n".join(diff[:80]) + (f"\n… {len(diff) - 80} more diff lines" if len(diff) > 80 else "")
    pytest.fail(f"{page.stem}: {name} differs from {path.relative_to(ROOT)}:\n{shown}\n\n{HOW_TO_ACCEPT}")


def test_normalising_sorts_attributes_and_drops_layout_whitespace_only() -> None:
    xml = b'<a xmlns:w="urn:w" z="1" b="2">\n  <w:t xml:space="preserve"> x </w:t>\n  <w:t> </w:t></a>'
    assert normalise(xml) == ('<a xmlns:w="urn:w" b="2" z="1">\n  <w:t xml:space="preserve"> x </w:t>\n'
                              "  <w:t> </w:t>\n</a>\n")
