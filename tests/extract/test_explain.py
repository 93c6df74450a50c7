"""``portalconv explain``: the trace of the conversion itself, as text, JSON and a marked-up page."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_extract_nearby import LACVIET_BARE

from converter import read
from converter.explain import explain
from converter.explain_html import COLOURS, picture
from converter.extract.losses import unaccounted
from converter.extract.trace import Trace
from converter.model import Article, Metadata, Paragraph, Text

# The fixture with a share bar (chrome, removed by a named rule) inside the article's web part.
PAGE = LACVIET_BARE.replace('<span class="css_readCounter">', '<div class="share-bar">Chia sẻ: Facebook Zalo</div>'
                            '<span class="css_readCounter">')
LISTING = """<html><head><title>Tin tức</title></head><body><div id="DeltaPlaceHolderMain">
<div class="ms-WPBody"><div class="ms-rtestate-field">""" + "".join(
    f'<p><a href="/tin/{i}.aspx">Tin số {i} trong danh sách các tin của cổng</a></p>' for i in range(40)) + \
    "</div></div></div></body></html>"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "converter", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "bai.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_explain_names_the_rule_behind_each_metadata_value_caption_and_drop(page: Path) -> None:
    out = run("explain", str(page))
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "an article" in text and "found by the portal-news flavour" in text
    assert "thứ ba, Ngày 23/07/2019, 07:50 → 2019-07-23T07:50:00+07:00" in text
    assert "view-counter-line (in the article zone)" in text
    assert "Ban tổ chức trao giải nhất cho đội thi thị trấn" in text and "caption-like paragraph" in text
    assert "Chia sẻ: Facebook Zalo" in text and "share-bar" in text  # dropped, with the chrome rule named


def test_explain_is_the_conversion_own_trace_not_a_second_analysis(page: Path) -> None:
    expl = explain(page)
    assert expl.article is not None
    assert expl.article.metadata == read(page).article.metadata
    kept = {d.what: d.text for d in expl.trace.of("metadata")}
    assert kept["views"] == "13" and kept["authors"] == "Minh Tâm"
    assert len(expl.trace.of("caption")) == 3


def test_explain_json_lists_every_decision(page: Path) -> None:
    out = run("explain", str(page), "--json")
    data = json.loads(out.stdout)
    assert data["article"] is True and data["refusal"] == ""
    kinds = {d["kind"] for d in data["decisions"]}
    assert {"verdict", "metadata", "header", "body", "caption", "chrome"} <= kinds
    assert all(d["rule"] for d in data["decisions"])


def test_explain_says_why_a_page_is_not_an_article(tmp_path: Path) -> None:
    path = tmp_path / "ds.html"
    path.write_text(LISTING, encoding="utf-8")
    out = run("explain", str(path))
    assert out.returncode == 0
    assert "no article found (" in out.stdout and "Article or not" in out.stdout
    assert "words of prose" in out.stdout and "in links" in out.stdout  # what the verdict was based on


def test_the_picture_outlines_the_four_kinds_offline(page: Path, tmp_path: Path) -> None:
    target = tmp_path / "explain.html"
    assert run("explain", str(page), "--html", str(target)).returncode == 0
    html = target.read_text(encoding="utf-8")
    for kind in COLOURS:
        assert f'data-pc-kind="{kind}"' in html, kind
    assert "<script" not in html.lower() and "Content-Security-Policy" in html
    assert f'<base href="{page.parent.as_uri()}/">' in html


CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_the_picture_shows_the_four_colours_in_a_browser(page: Path, tmp_path: Path) -> None:
    from PIL import Image

    target = tmp_path / "explain.html"
    target.write_text(picture(explain(page)), encoding="utf-8")
    shot = tmp_path / "shot.png"
    assert CHROMIUM is not None
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}",
                    "--window-size=1000,1000", target.as_uri()], capture_output=True, timeout=120, check=False)
    colours = {c for _, c in Image.open(shot).convert("RGB").getcolors(1_000_000) or []}
    for kind, hexa in COLOURS.items():
        rgb = tuple(int(hexa[i:i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, kind


def test_text_that_leaves_the_zone_without_a_rule_is_reported() -> None:
    trace = Trace()
    trace.add("chrome", "share", "Chia sẻ: Facebook Zalo", "chrome rule share-bar")
    article = Article(Metadata(title="Tiêu đề"), (Paragraph((Text("Đoạn văn được giữ lại trong bài."),)),))
    held = ["Đoạn văn được giữ lại trong bài.", "Chia sẻ: Facebook Zalo", "Một câu biến mất không có quy tắc nào",
            "Ảnh"]
    assert unaccounted(held, article, trace) == ["Một câu biến mất không có quy tắc nào"]
    assert trace.of("chrome")[-1].rule.startswith("dropped-content")


def test_json_with_explain_holds_the_same_article_and_its_decisions(page: Path, tmp_path: Path) -> None:
    plain, traced = tmp_path / "plain.json", tmp_path / "traced.json"
    assert run(str(page), "--to", "json", "-o", str(plain), "-q").returncode == 0
    assert run(str(page), "--to", "json", "--explain", "-o", str(traced), "-q").returncode == 0
    data = json.loads(traced.read_text(encoding="utf-8"))
    assert data["article"] == json.loads(plain.read_text(encoding="utf-8"))["article"]
    assert any(d["kind"] == "caption" and "Ban tổ chức trao giải" in d["text"] for d in data["explain"])
    from converter.jsonio import loads

    assert loads(traced.read_text(encoding="utf-8")).metadata.views == 13  # still a readable model file


def test_explain_goes_with_json_only_and_a_refused_page_keeps_its_exit_code(page: Path, tmp_path: Path) -> None:
    assert run(str(page), "--to", "pdf", "--explain", "-o", str(tmp_path / "x.pdf")).returncode == 2
    listing = tmp_path / "ds.html"
    listing.write_text(LISTING, encoding="utf-8")
    out = run(str(listing), "--to", "json", "--explain", "-o", str(tmp_path / "ds.json"))
    assert out.returncode == 4 and "no article found" in out.stderr
    assert not (tmp_path / "ds.json").exists()
    batch = run(str(page.parent), "--to", "json", "--explain", "-o", str(tmp_path / "out"))
    assert batch.returncode == 2 and "--explain" in batch.stderr and not (tmp_path / "out").exists()


def test_a_long_caption_is_traced_once_with_the_rule_that_paired_it(tmp_path: Path) -> None:
    long = "Ban tổ chức trao giải cho các đội thi " + "xuất sắc " * 30  # longer than a trace snippet
    path = tmp_path / "bai.html"
    path.write_text(PAGE.replace("Ban tổ chức trao giải nhất cho đội thi thị trấn", long), encoding="utf-8")
    captions = [d for d in explain(path).trace.of("caption") if d.text.startswith("Ban tổ chức trao giải")]
    assert len(captions) == 1 and "own caption markup" not in captions[0].rule
