"""What conversion notices about a block (centred, right-aligned, caption-like) follows that very
block object: not an equal block, and never a later block that happens to get its address."""

from __future__ import annotations

from pathlib import Path

from converter import model as m
from converter import read
from converter.extract.hints import Hint, Hints


def _paragraph(text: str) -> m.Paragraph:
    return m.Paragraph((m.Text(text),))


def test_a_hint_belongs_to_the_block_object_not_to_an_equal_block() -> None:
    hints = Hints()
    first, second = _paragraph("Ảnh: Mỹ Hằng"), _paragraph("Ảnh: Mỹ Hằng")
    assert first == second  # blocks compare by value
    hints.caption_candidate(first, "caption-like paragraph (italic)")
    hints.caption_candidate(first, "a later reason")
    assert hints.of(first).caption_like and hints.of(first).why == "caption-like paragraph (italic)"
    assert hints.of(second) == Hint()
    assert hints.of(None) == Hint()
    hints.of(second).right = True  # a blank hint read back is not kept
    assert not hints.of(second).right
    hints.note(second).right = True
    assert hints.of(second).right and not hints.of(first).right
    assert sorted(h.right for h in hints) == [False, True]


def test_a_dropped_block_lends_its_hint_to_no_later_block() -> None:
    """A block the conversion drops (a table cell's paragraph, read as a line of the cell) stays
    with its hint, so no block made after it can be given its address and its hint: with a table
    keyed by id() alone, CPython hands the freed address to the next block of the same size."""
    hints = Hints()
    for n in range(50):
        hints.note(_paragraph(f"{n} đồng")).right = True  # nobody else keeps these blocks
    later = [_paragraph(f"dòng {n}") for n in range(200)]
    assert not any(hints.of(p).right for p in later)


CELLS = "".join(f'<tr><td><p style="text-align:right">{n} đồng</p></td><td><p style="text-align:right">Mục {n}</p>'
                "</td></tr>" for n in range(40))
PAGE = """<html><head><title>Tin</title></head><body><table id="tableforprint">
<tr><td><p class="Title">Bảng giá dịch vụ năm nay</p></td></tr><tr><td><div class="ExternalClassA">
<p>Đoạn mở đầu của bài viết về bảng giá dịch vụ công của tỉnh trong năm nay.</p>
<table border="1"><tr><th>Giá</th><th>Mục</th></tr>{cells}</table>
<p>Đoạn giữa bài viết nói thêm về cách tính giá và thời hạn áp dụng của bảng này.</p>
<p>Xem thêm các thông báo khác {tail}</p>
</div></td></tr></table></body></html>"""


def test_right_aligned_table_cells_make_no_later_line_a_signature(tmp_path: Path) -> None:
    """The right-aligned paragraphs of a data table's cells become lines of its cells; the short
    last paragraph, set like any other, stays a paragraph (it became a signature on some pages
    when it took the address of a cell's dropped paragraph)."""
    for n in range(30):
        path = tmp_path / f"bang-gia-{n}.html"
        path.write_text(PAGE.format(cells=CELLS, tail="x" * n), encoding="utf-8")
        last = read(path).article.blocks[-1]
        assert isinstance(last, m.Paragraph), (n, last)
