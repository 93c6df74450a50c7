"""Tables of an article body: a grid of records under column labels is data whatever its border;
layout tables (wrappers, photo and caption, fact boxes, rich-text layouts) are read through."""

from __future__ import annotations

from pathlib import Path

from factories import photo_bytes

from converter import model as m
from converter import read
from converter.walk import block_text, figures, plain_text

PAGE = """<html lang="en"><head><title>Staff</title></head><body>
<table id="tableforprint"><tr><td><p class="Title">Finance department</p></td></tr>
<tr><td><div class="ExternalClass1">{body}</div></td></tr></table></body></html>"""

PHONES = ('<table border="0" cellpadding="0"><tr><td>Office</td><td>555-0101</td></tr>'
          "<tr><td>Mobile</td><td>555-0199</td></tr></table>")
PEOPLE = [
    ("Ana Lima", "555-0100", "ana@example.org", "Director", "Finance"),
    ("Bo Chen", PHONES, "bo@example.org", "Accountant", "Finance"),
    ("Cy Diaz", "555-0120", "cy@example.org", "Clerk", '<table><tr><td></td><td>Records</td></tr></table>'),
]
LABELS = ("Name", "Phone", "Email", "Position", "Department")


def directory(header: str) -> str:
    def cell(value: str) -> str:
        return f'<td><a href="mailto:{value}">{value}</a></td>' if "@" in value else f"<td>{value}</td>"

    rows = "".join("<tr>" + "".join(cell(v) for v in person) + "</tr>" for person in PEOPLE)
    return f'<table border="0" cellspacing="0" width="100%">{header}{rows}</table>'


def convert(tmp_path: Path, body: str, files: dict[str, bytes] | None = None) -> m.Article:
    path = tmp_path / "page.html"
    path.write_text(PAGE.replace("{body}", body), encoding="utf-8")
    for name, data in (files or {}).items():
        (tmp_path / name).write_bytes(data)
    return read(path).article


def rows(table: m.Block) -> list[list[str]]:
    assert isinstance(table, m.Table)
    return [[plain_text(c.children) for c in r.cells] for r in table.rows]


def test_a_borderless_staff_directory_with_bold_labels_and_nested_tables_stays_a_table(tmp_path: Path) -> None:
    labels = "<tr>" + "".join(f"<td><strong>{label}</strong></td>" for label in LABELS) + "</tr>"
    (table,) = convert(tmp_path, directory(labels)).blocks
    assert isinstance(table, m.Table) and table.header_rows == 1
    assert rows(table) == [
        list(LABELS),
        ["Ana Lima", "555-0100", "ana@example.org", "Director", "Finance"],
        # The small table nested in a cell keeps its text there, a line per row.
        ["Bo Chen", "Office 555-0101\nMobile 555-0199", "bo@example.org", "Accountant", "Finance"],
        ["Cy Diaz", "555-0120", "cy@example.org", "Clerk", "Records"],
    ]
    email = table.rows[1].cells[2].children[0]
    assert isinstance(email, m.Link) and email.url == "mailto:ana@example.org"


def test_a_header_row_of_th_cells_makes_the_grid_data(tmp_path: Path) -> None:
    labels = "<tr>" + "".join(f"<th>{label}</th>" for label in LABELS) + "</tr>"
    (table,) = convert(tmp_path, directory(labels)).blocks
    assert isinstance(table, m.Table) and table.header_rows == 1 and len(table.rows) == 4


def test_a_first_row_of_centred_labels_makes_the_grid_data(tmp_path: Path) -> None:
    labels = "<tr>" + "".join(f'<td><p align="center">{label}</p></td>' for label in LABELS) + "</tr>"
    (table,) = convert(tmp_path, directory(labels)).blocks
    assert isinstance(table, m.Table) and rows(table)[0] == list(LABELS)


def test_mail_and_phone_icons_beside_the_values_do_not_make_a_directory_layout(tmp_path: Path) -> None:
    labels = "<tr>" + "".join(f"<th>{label}</th>" for label in LABELS) + "</tr>"
    body = directory(labels).replace("<td><a href", '<td><img src="/_layouts/images/mail.gif"> <a href')
    (table,) = convert(tmp_path, body).blocks
    assert isinstance(table, m.Table) and rows(table)[1][2].strip() == "ana@example.org"


def test_a_grid_without_a_header_row_with_nested_tables_is_still_read_through(tmp_path: Path) -> None:
    blocks = convert(tmp_path, directory("")).blocks
    assert not any(isinstance(b, m.Table) and len(b.rows) > 2 for b in blocks)
    assert block_text(blocks[0]) == "Ana Lima"


def test_a_one_cell_wrapper_is_read_through_and_the_directory_inside_stays_a_table(tmp_path: Path) -> None:
    labels = "<tr>" + "".join(f"<td><b>{label}</b></td>" for label in LABELS) + "</tr>"
    body = f'<table border="0"><tr><td><p>Our team.</p>{directory(labels)}</td></tr></table>'
    blocks = convert(tmp_path, body).blocks
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table"]
    assert len(rows(blocks[1])) == 4


def test_photo_and_caption_tables_stay_layout(tmp_path: Path) -> None:
    files = {"a.jpg": photo_bytes(), "b.jpg": photo_bytes(color=(90, 20, 20))}
    body = ('<table border="0"><tr><td><img src="a.jpg"></td></tr><tr><td>The new reading room.</td></tr></table>'
            '<table border="0"><tr><td><img src="b.jpg"></td><td><b>The archive.</b></td></tr></table>'
            "<p>The office moved in May.</p>")
    art = convert(tmp_path, body, files)
    assert not any(isinstance(b, m.Table) for b in art.blocks)
    assert plain_text(figures(art.blocks)[0].caption) == "The new reading room."
    assert len(figures(art.blocks)) == 2


def test_a_grid_of_photos_under_bold_labels_stays_layout_so_the_photos_are_kept(tmp_path: Path) -> None:
    files = {f"{i}.jpg": photo_bytes(color=(30 * i, 60, 90)) for i in range(4)}
    cells = [f'<td><img src="{i}.jpg"></td>' for i in range(4)]
    body = ('<table border="0"><tr><td><b>Before</b></td><td><b>After</b></td></tr>'
            f"<tr>{cells[0]}{cells[1]}</tr><tr>{cells[2]}{cells[3]}</tr></table>")
    art = convert(tmp_path, body, files)
    assert not any(isinstance(b, m.Table) for b in art.blocks) and len(figures(art.blocks)) == 4


def test_a_rich_text_layout_table_shaped_like_a_grid_stays_layout(tmp_path: Path) -> None:
    zone = '<td><div class="ms-rte-layoutszone-outer"><div class="ms-rte-layoutszone-inner">{}</div></div></td>'
    body = ('<table id="layoutsTable"><tr>' + zone.format("<b>Left</b>") + zone.format("<b>Right</b>") + "</tr>"
            + "".join("<tr>" + zone.format(f"Left {i}") + zone.format(f"Right {i}") + "</tr>" for i in range(3))
            + "</table>")
    blocks = convert(tmp_path, body).blocks
    assert not any(isinstance(b, m.Table) for b in blocks)
    assert [block_text(b) for b in blocks][:3] == ["Left", "Right", "Left 0"]


def test_a_two_cell_fact_box_is_read_as_it_was(tmp_path: Path) -> None:
    body = ('<table border="0" style="background:#eee"><tr><td>&nbsp;</td>'
            "<td><p><b>Opening hours</b></p><p>Monday to Friday, nine to five.</p></td></tr></table>")
    (box,) = convert(tmp_path, body).blocks
    assert isinstance(box, m.Table) and len(box.rows) == 1 and box.header_rows == 0
