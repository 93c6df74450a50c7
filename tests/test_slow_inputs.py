"""Inputs that used to be slow without bound (issue 20, item 11), built small: each test checks the
behaviour that keeps them bounded (work done once, text read once, a cap with its warning, no text
lost), never a duration. ``benchmarks/slow_inputs.py`` measures them at size."""

from __future__ import annotations

import base64
import subprocess
import sys
import time
from pathlib import Path

import lxml.html
import pytest
from factories import photo_bytes
from typer.testing import CliRunner

from converter import api, read
from converter.cli import app
from converter.extract import blocks as extract_blocks
from converter.extract.text import short_text
from converter.load import reads, resolver
from converter.model import Figure, Paragraph, Table
from converter.walk import block_text, figures, iter_blocks, plain_text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import slow_inputs  # noqa: E402  (the benchmark's generators, at test size)

runner = CliRunner()


def _write(tmp_path: Path, html: str, name: str = "bai.html") -> Path:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------- tag soup
def test_tag_soup_is_read_a_bounded_number_of_times(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every word of a page nested hundreds deep used to be read once per element around it."""
    page = _write(tmp_path, slow_inputs.tag_soup(0.05))
    read_chars = 0
    text_content = lxml.html.HtmlMixin.text_content

    def counting(self: lxml.html.HtmlMixin) -> str:
        nonlocal read_chars
        text = text_content(self)  # type: ignore[arg-type]
        read_chars += len(text)
        return text

    monkeypatch.setattr(lxml.html.HtmlMixin, "text_content", counting)
    result = read(page)
    article_chars = sum(len(block_text(b)) for b in iter_blocks(result.article.blocks))
    assert "too-deep" in {w.code for w in result.warnings}
    assert article_chars > 20_000
    # A handful of whole-article passes (language, link share, zones), not one per nesting level.
    assert read_chars < 30 * article_chars


def test_short_text_is_the_text_of_a_short_element_and_none_for_a_long_one() -> None:
    el = lxml.html.fromstring("<div><b> Lượt  xem:</b><i>12</i>\u200b</div>")
    assert short_text(el, 120) == "Lượt xem:12"
    long = lxml.html.fromstring("<div>" + "<span>chữ </span>" * 500 + "</div>")
    assert short_text(long, 120) is None
    # Mostly white space: still measured by what is left once it is collapsed.
    spaced = lxml.html.fromstring("<p>" + " " * 5000 + "Xem chi tiết" + " " * 5000 + "</p>")
    assert short_text(spaced, 120) == "Xem chi tiết"


def test_a_deeply_nested_chrome_line_and_caption_still_work(tmp_path: Path) -> None:
    """The bounded reading keeps the rules: a chrome line is dropped, an italic caption pairs."""
    deep = "<span>" * 150 + "{}" + "</span>" * 150
    body = ("<p>Đoạn đầu của bài viết, đủ dài để là nội dung của bài.</p>"
            f'<p>{deep.format("Xem chi tiết tại đây")}</p>'
            f'<p><img src="data:image/jpeg;base64,{base64.b64encode(photo_bytes(64, 48)).decode()}"></p>'
            f'<p>{("<em>" * 120) + "Ảnh: quang cảnh buổi làm việc" + ("</em>" * 120)}</p>'
            "<p>Đoạn cuối của bài viết.</p>")
    article = read(_write(tmp_path, slow_inputs.page("Bài lồng sâu", body))).article
    text = "\n".join(block_text(b) for b in iter_blocks(article.blocks))
    assert "Xem chi tiết" not in text
    [fig] = figures(article.blocks)
    assert plain_text(fig.caption).endswith("quang cảnh buổi làm việc")


# -------------------------------------------------------------------------------- the same image
def test_an_image_named_many_times_is_read_and_decoded_once(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    page = slow_inputs.same_image(tmp_path, 60)
    # The same file under two more spellings: its name in another case, and with "./".
    html = page.read_text(encoding="utf-8").replace("</div>", '<p><img src="./anh_files/ANH.JPG"></p>'
                                                    '<p><img src="anh_files/anh.jpg?v=1"></p></div>', 1)
    page.write_text(html, encoding="utf-8")
    opened: list[Path] = []
    read_regular = resolver.read_regular

    def counting_read(path: Path, limit: int):  # type: ignore[no-untyped-def]
        opened.append(path)
        return read_regular(path, limit)

    decoded = 0
    inspect = extract_blocks.inspect_image

    def counting_inspect(resource):  # type: ignore[no-untyped-def]
        nonlocal decoded
        decoded += 1
        return inspect(resource)

    monkeypatch.setattr(resolver, "read_regular", counting_read)
    monkeypatch.setattr(extract_blocks, "inspect_image", counting_inspect)
    with reads.recording() as log:
        article = read(page).article
    image = (tmp_path / "anh_files" / "anh.jpg").resolve()
    assert opened == [image]
    assert decoded == 1
    assert list(log.files) == [str(page.resolve()), str(image)]  # the batch manifest still sees it
    figs = figures(article.blocks)
    assert len(figs) == 62 and {f.image.resource for f in figs} == {article.resources[0].key}
    assert len(article.resources) == 1


def test_a_missing_image_named_many_times_warns_each_time_it_is_shown(tmp_path: Path) -> None:
    body = "".join(f'<p>Đoạn {i}: <img src="mat/anh.jpg"></p>' for i in range(5))
    result = read(_write(tmp_path, slow_inputs.page("Ảnh mất", body)))
    missing = [w for w in result.warnings if w.code == "missing-image"]
    assert len(missing) == 5 and all("mat/anh.jpg" in w.message for w in missing)


# ----------------------------------------------------------------------------- PDF: long words
def test_a_long_word_gets_break_opportunities_and_keeps_every_character() -> None:
    from converter.writers.pdf.bounds import BREAK_EVERY, LONG_WORD, ZWSP, break_long_words

    word = ("abcdefghijklmnopqrstuvwxyz" * 200)[:5000]
    text = f"trước {word} sau"
    broken = break_long_words(text)
    assert broken.replace(ZWSP, "") == text
    pieces = broken.split(" ")[1].split(ZWSP)
    assert len(pieces) > 5000 // BREAK_EVERY - 1 and max(map(len, pieces)) <= BREAK_EVERY
    # Ordinary words, a word just under the limit, and scripts Pango breaks itself stay as they are.
    for kept in ("Hà Nội " * 300, "x" * (LONG_WORD - 1), "ภาษาไทย" * 300, "中文" * 600):
        assert break_long_words(kept) == kept
    # Never between a letter and its combining accent.
    accented = "e\u0301" * 1500
    assert all(not part.startswith("\u0301") for part in break_long_words(accented).split(ZWSP))


def test_the_pdf_xhtml_breaks_a_long_word_and_nothing_else() -> None:
    from converter import model as m
    from converter.writers.pdf.bounds import ZWSP
    from converter.writers.pdf.document import xhtml

    word = "x" * 3000
    article = m.article("Một từ dài", m.para(f"Trước {word} sau."), m.para("Đoạn bình thường."))
    source = xhtml(article).decode("utf-8")
    assert source.count(ZWSP) >= 3000 // 20 - 1
    assert source.replace(ZWSP, "").count(word) == 1
    assert "Đoạn bình thường." in source


# --------------------------------------------------------------------------------- PDF: big tables
def _table_article(rows: int, cols: int) -> object:
    from converter import model as m

    header = m.TableRow(tuple(m.TableCell(m.text(f"Cột {c}"), header=True) for c in range(cols)))
    body = tuple(m.TableRow(tuple(m.TableCell(m.text(f"ô {r}-{c}")) for c in range(cols))) for r in range(rows))
    return m.article("Bảng lớn", m.para("Trước bảng."), m.Table((header, *body), header_rows=1),
                     m.para("Sau bảng."))


def test_a_table_over_the_cell_limit_is_printed_as_rows_with_a_warning(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from converter.verify import verify
    from converter.writers.pdf import bounds
    from converter.writers.pdf.document import xhtml

    monkeypatch.setattr(bounds, "MAX_TABLE_CELLS", 30)
    article = _table_article(7, 5)  # 40 cells, header included
    source = xhtml(article).decode("utf-8")  # type: ignore[arg-type]
    assert "<table" not in source.split("<article", 1)[1].split("record", 1)[0]
    assert source.count('class="table-row"') == 7 and source.count("table-row table-head") == 1
    assert "ô 6-0 | ô 6-1 | ô 6-2 | ô 6-3 | ô 6-4" in source
    target = tmp_path / "bang.pdf"
    warnings = api.write(article, target, "pdf")  # type: ignore[arg-type]
    [warning] = [w for w in warnings if w.code == "large-table"]
    assert "40 cells" in warning.message and warning.where == "table 1"
    report = verify(article, target)  # type: ignore[arg-type]
    assert report.complete, report.missing  # every cell's text is in the PDF, in order


def test_a_table_under_the_limit_stays_a_table(monkeypatch: pytest.MonkeyPatch) -> None:
    from converter.writers.pdf import bounds
    from converter.writers.pdf.document import xhtml

    monkeypatch.setattr(bounds, "MAX_TABLE_CELLS", 40)
    article = _table_article(7, 5)
    assert "table-row" not in xhtml(article).decode("utf-8")  # type: ignore[arg-type]
    assert bounds.large_tables(article) == []  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ --timeout, one page
PAGE = slow_inputs.page("Bài có giới hạn thời gian", "<p>Nội dung của bài viết có giới hạn thời gian.</p>")


def _blocks_forever(*args: object, **kwargs: object) -> None:
    time.sleep(3600)  # far longer than any limit a test gives


def test_one_page_past_its_timeout_fails_with_exit_11_naming_it(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    page = _write(tmp_path, PAGE)
    monkeypatch.setattr(api, "read", _blocks_forever)
    result = runner.invoke(app, [str(page), "--to", "json", "--timeout", "1"])
    assert result.exit_code == 11, result.output
    assert f"portalconv: error: {page}: timed out after 1 s (--timeout)" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bai.html"]


def test_a_timeout_while_writing_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from converter.writers import json as json_writer

    page = _write(tmp_path, PAGE)
    monkeypatch.setattr(json_writer, "dumps", _blocks_forever)  # the temporary file exists meanwhile
    result = runner.invoke(app, [str(page), "--to", "json", "-o", str(tmp_path / "out.json"), "--timeout", "1"])
    assert result.exit_code == 11, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bai.html"]


def test_a_page_within_its_timeout_is_converted_as_one_page(tmp_path: Path) -> None:
    """--timeout alone no longer makes a batch (which would need -o)."""
    page = _write(tmp_path, PAGE)
    result = runner.invoke(app, [str(page), "--to", "json", "--timeout", "600"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "bai.json").is_file()


def test_a_stage_that_swallows_the_interruption_is_ended_by_the_watchdog(tmp_path: Path) -> None:
    """Where the timer cannot interrupt (no SIGALRM, a C call that never returns, a bare except),
    the process still ends with the same error and exit code, and no partial file."""
    page = _write(tmp_path, PAGE)
    script = (
        "import time\n"
        "from converter.writers import json as json_writer\n"
        "def stubborn(*a, **k):\n"
        "    while True:\n"
        "        try:\n"
        "            time.sleep(3600)\n"
        "        except BaseException:\n"
        "            pass\n"
        "json_writer.dumps = stubborn\n"
        "from converter.cli import main\n"
        "main()\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(page), "--to", "json", "--timeout", "1"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 11, proc.stderr
    assert f"{page}: timed out after 1 s (--timeout)" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bai.html"]


def test_the_article_model_is_untouched_by_the_pdf_bounds(tmp_path: Path) -> None:
    """JSON keeps a long word whole and a large table as a table: the bounds are the PDF's alone."""
    page = _write(tmp_path, slow_inputs.big_table(5, 5).replace("r0c0", "y" * 2000))
    article = read(page).article
    tables = [b for b in iter_blocks(article.blocks) if isinstance(b, Table)]
    assert len(tables) == 1 and plain_text(tables[0].rows[0].cells[0].children) == "y" * 2000
    assert all(not isinstance(b, Paragraph) or "\u200b" not in block_text(b) for b in article.blocks)
    assert not any(isinstance(b, Figure) for b in article.blocks)


def test_lost_lines_are_found_whatever_order_the_kept_ones_come_in() -> None:
    """Lines are looked for after the previous one first (one pass over a long page); a line found
    earlier in the article, or not at all, is still judged as before."""
    from converter import model as m
    from converter.extract.losses import unaccounted
    from converter.extract.trace import Trace

    lines = [f"Đoạn văn số {n} của bài viết dài" for n in range(6)]
    article = m.article("Bài", *(m.para(line) for line in lines))
    held = [lines[3], lines[4], lines[0], lines[5], "Dòng này không còn trong bài viết", lines[1]]
    assert unaccounted(held, article, Trace()) == ["Dòng này không còn trong bài viết"]


def test_flattening_tag_soup_decides_each_end_tag_without_walking_the_open_elements(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Thousands of unclosed <font> then stray </b>: each end tag used to look at every open element."""
    from converter.load import depth

    class Counting(dict):  # type: ignore[type-arg]
        looked = 0

        def get(self, *args):  # type: ignore[no-untyped-def]
            Counting.looked += 1
            return super().get(*args)

    monkeypatch.setattr(depth, "_END_PRIORITY", Counting(depth._END_PRIORITY))
    n = 2000
    text, dropped = depth.flatten("<font>x " * n + "</b> y " * n + "</font>z", limit=100)
    assert dropped == n - 100
    # The stray </b> are kept as written; the last </font> closes the innermost <font>, one dropped.
    assert text.count("<font>") == 100 and text.count("</b>") == n and text.endswith("</b> y z")
    assert Counting.looked < 10 * (2 * n + 1)  # a few per tag, not one per open element


def test_the_memo_keeps_no_more_bytes_than_its_budget() -> None:
    """A page naming many distinct large files holds no more of them at once than without the memo."""
    from converter.load.memo import Memo

    made: list[str] = []

    def make(key: str) -> bytes:
        made.append(key)
        return b"x" * 40

    memo: Memo[str, bytes] = Memo(len, budget=100)
    for key in ("a", "b", "a", "c", "b", "c", "c"):
        memo.get(key, make)
    assert made == ["a", "b", "c", "c", "c"]  # "c" would pass the budget: made again each time
