"""Print-shop marks: a slug outside the bleed (MediaBox > BleedBox > TrimBox), crop marks of standard
length in it, registration targets and a colour bar on request, deterministic output."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest

from converter import model as m
from converter.bulletin.assemble import assemble
from converter.bulletin.command import blank_pages, page_counts
from converter.bulletin.config import BulletinOptions, parse_marks
from converter.bulletin.model import FrontMatter
from converter.bulletin.pdf import build
from converter.writers.pdf.marks import GAP, LENGTH, SLUG, marks_stream

MM = 72 / 25.4
A5 = (419.528, 595.276)


def items(n: int) -> list[tuple[str, m.Article]]:
    return [(f"a{i}.html", m.article(f"Article {i}", m.para(f"Text of article {i}."), language="en",
                                     published=m.DateValue("2024-03-0" + str(i), None)))
            for i in range(1, n + 1)]


def render(options: BulletinOptions, n: int = 3) -> bytes:
    bulletin = assemble(items(n), FrontMatter(title="Weekly"), options)
    data, _ = build(bulletin, options)
    return data


def boxes(page: Any) -> dict[str, list[float]]:
    return {name: [float(v) for v in getattr(page, name)] for name in ("mediabox", "bleedbox", "trimbox")}


def strokes(page: Any) -> list[tuple[float, float, float, float]]:
    """Every straight line the page draws (``x0 y0 m x1 y1 l S``), in default user space."""
    data = page.get_contents().get_data().decode("latin-1")
    return [tuple(map(float, g)) for g in re.findall(r"(-?[\d.]+) (-?[\d.]+) m (-?[\d.]+) (-?[\d.]+) l S", data)]


@pytest.fixture(scope="module")
def crop() -> bytes:
    return render(BulletinOptions(paper="A5", bleed="3mm", marks=("crop",)))


def test_the_media_box_holds_a_slug_outside_the_bleed(crop: bytes) -> None:
    for page in pypdf.PdfReader(io.BytesIO(crop)).pages:
        b = boxes(page)
        assert b["trimbox"][2] - b["trimbox"][0] == pytest.approx(A5[0], abs=0.1)
        for i, sign in enumerate((-1, -1, 1, 1)):
            assert (b["bleedbox"][i] - b["trimbox"][i]) * sign == pytest.approx(3 * MM, abs=0.01)
            assert (b["mediabox"][i] - b["bleedbox"][i]) * sign == pytest.approx(SLUG, abs=0.01)
        assert SLUG >= GAP + LENGTH


def test_crop_marks_are_standard_length_and_outside_the_bleed(crop: bytes) -> None:
    page = pypdf.PdfReader(io.BytesIO(crop)).pages[0]
    b = boxes(page)
    x0, y0, x1, y1 = b["bleedbox"]
    lines = strokes(page)
    assert len(lines) == 8  # two ticks at each corner
    for lx0, ly0, lx1, ly1 in lines:
        assert abs(lx1 - lx0) + abs(ly1 - ly0) == pytest.approx(LENGTH, abs=0.01)  # 5 mm, not 1.5 mm
        for x, y in ((lx0, ly0), (lx1, ly1)):
            assert not (x0 < x < x1 and y0 < y < y1)  # no end inside the bleed box
            assert b["mediabox"][0] <= x <= b["mediabox"][2] and b["mediabox"][1] <= y <= b["mediabox"][3]
        # each tick lies on a trim line's extension
        assert (lx0 == lx1 and any(lx0 == pytest.approx(t, abs=0.01) for t in b["trimbox"][::2])) or (
            ly0 == ly1 and any(ly0 == pytest.approx(t, abs=0.01) for t in b["trimbox"][1::2]))


def test_the_output_is_byte_identical_on_a_rerun(crop: bytes) -> None:
    assert render(BulletinOptions(paper="A5", bleed="3mm", marks=("crop",))) == crop


def test_registration_marks_and_colour_bar_on_request() -> None:
    assert parse_marks("crop,registration,colour-bar") == ("crop", "cross", "bar")
    data = render(BulletinOptions(paper="A5", bleed="3mm", marks=parse_marks("crop,registration,bar")), n=1)
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    content = page.get_contents().get_data().decode("latin-1")
    assert content.count(" c S") == 4  # a target circle at the middle of each side
    patches = re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) k (-?[\d.]+) (-?[\d.]+) [\d.]+ [\d.]+ re f", content)
    assert {tuple(map(float, p[:4])) for p in patches} >= {(1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1)}
    top = boxes(page)["bleedbox"][3]
    assert all(float(p[5]) > top for p in patches)  # in the slug above the bleed


def test_marks_without_bleed_sit_outside_the_trim() -> None:
    stream = marks_stream((0, 0, 100, 100), 0, ("crop",)).decode()
    ends = [tuple(map(float, g)) for g in re.findall(r"(-?[\d.]+) (-?[\d.]+) m", stream)]
    assert ends and all(not (0 <= x <= 100 and 0 <= y <= 100) for x, y in ends)


def test_blank_pages_of_start_on_right_are_counted() -> None:
    options = BulletinOptions(paper="A5", start_on="right")
    data = render(options, n=3)
    reader = pypdf.PdfReader(io.BytesIO(data))
    blank = blank_pages(data)
    assert 0 < blank < len(reader.pages)
    assert blank_pages(render(BulletinOptions(paper="A5"), n=3)) == 0


def test_the_summary_says_how_many_pages_start_on_right_left_blank(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from converter.cli import app

    for i in range(1, 4):
        (tmp_path / f"a{i}.html").write_text(
            f'<html lang="en"><head><meta charset="utf-8"><title>Article {i}</title></head><body><article>'
            f"<h1>Article {i}</h1><p>The council met on Thursday to discuss item {i} of the agenda, and "
            f"agreed to publish the minutes next week.</p></article></body></html>", encoding="utf-8")
    target = tmp_path / "out" / "b.pdf"
    result = CliRunner().invoke(app, ["bulletin", str(tmp_path), "-o", str(target), "--start-on", "right",
                                      "--paper", "a5"])
    assert result.exit_code == 0, result.output
    total, blank = page_counts(target.read_bytes())
    assert blank > 0
    assert f"{blank} of {total} pages left blank" in result.output
