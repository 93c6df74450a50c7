"""List-form footers ("Content Type: …", "Version: …", "Created at … by …"): an empty value stays empty."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from converter import read
from converter.extract.metadata import footer
from converter.extract.text import lines_of

PROSE = ("The badge office moves to the ground floor of the east wing on Monday; bring your old badge "
         "and a photo identity document to collect the new one.")

FORM = """<html lang="en-us"><head><title>Notices - Badge office</title></head><body>
<div id="DeltaPlaceHolderMain"><table class="ms-formtable">
<tr><td class="ms-formlabel"><h3 class="ms-standardheader">Title</h3></td><td class="ms-formbody">
<!-- FieldName="Title"
     FieldInternalName="Title"
     FieldType="SPFieldText"
  -->Badge office moves</td></tr>
<tr><td class="ms-formlabel"><h3 class="ms-standardheader">Body</h3></td><td class="ms-formbody">
<!-- FieldName="Body"
     FieldInternalName="Body"
     FieldType="SPFieldNote"
  --><div class="ExternalClassC3">{body}</div></td></tr>
</table>
<table class="ms-formtoolbar"><tr><td class="ms-descriptiontext">{footer}</td></tr></table>
</div></body></html>"""

# The shape of the issue: one cell, lines broken by <br>, the client-rendered values left empty.
EMPTY_BR = ("Content Type: Tin Tức Mở Rộng<br>Version: <br><span>Created at <span></span> by <span></span></span><br>"
            "<span>Last modified at <span></span> by <span></span></span>")


def parse(fragment: str, language: str = "en") -> dict[str, str]:
    """What the footer gives, dates as their text, in one flat dict."""
    result = footer(lxml.html.fromstring(f"<html><body>{fragment}</body></html>"), language)
    return {**result.values, **{k: d.text for k, d in result.dates.items()}}


def test_a_form_footer_with_empty_values_gives_the_content_type_alone(tmp_path: Path) -> None:
    path = tmp_path / "form.html"
    path.write_text(FORM.format(body=f"<p>{PROSE}</p>", footer=EMPTY_BR), encoding="utf-8")
    md = read(path).article.metadata
    assert md.content_type == "Tin Tức Mở Rộng"
    assert (md.version, md.created, md.created_by, md.modified, md.modified_by) == ("", None, "", None, "")


@pytest.mark.parametrize("fragment", [
    EMPTY_BR,
    # The same lines as separate elements, no <br>: the spans of one cell run together as text.
    '<div><span>Content Type: Tin Tức Mở Rộng</span><span>Version: </span><span>Created at <span></span> by '
    '<span></span></span><span>Last modified at <span></span> by <span></span></span></div>',
    # One row per line (the SP2013 form toolbar).
    '<table><tr><td>Content Type: Tin Tức Mở Rộng</td></tr><tr><td>Version: </td></tr>'
    '<tr><td><span>Created  at <span></span>\n by <span></span>\n</span></td></tr>'
    '<tr><td><span>Last modified at <span></span>\n by <span></span>\n</span></td></tr></table>',
])
def test_every_empty_value_is_empty_whatever_separates_the_lines(fragment: str) -> None:
    assert parse(fragment, "vi") == {"content_type": "Tin Tức Mở Rộng"}


def test_an_empty_content_type_does_not_take_the_version_after_it() -> None:
    assert parse("<div><span>Content Type: </span><span>Version: 2.0</span></div>") == {"version": "2.0"}
    assert parse("Content Type: <br>Version: <br>Created at <span></span> by <span></span>") == {}


@pytest.mark.parametrize(("fragment", "expected"), [
    ('Content Type: Item<br>Version: 2.0<br>Created at <span>3/12/2024 4:45 PM</span> by <span></span><br>'
     'Last modified at <span></span> by <a href="#">Omar Haddad</a>',
     {"content_type": "Item", "version": "2.0", "created": "3/12/2024 4:45 PM", "modified_by": "Omar Haddad"}),
    ('<div><span>Content Type: </span><span>Version: 3.0</span><span>Created at <span>3/12/2024</span> by '
     '<span>Dana Whitaker</span></span><span>Last modified at <span></span> by <span></span></span></div>',
     {"version": "3.0", "created": "3/12/2024", "created_by": "Dana Whitaker"}),
    # Written as plain text on one line: the labels alone delimit the fields.
    ("<p>Content Type: Item Version: Created at by Last modified at 3/14/2024 by Omar Haddad</p>",
     {"content_type": "Item", "modified": "3/14/2024", "modified_by": "Omar Haddad"}),
])
def test_filled_values_are_kept_beside_empty_ones(fragment: str, expected: dict[str, str]) -> None:
    assert parse(fragment) == expected


FILLED = {"content_type": "Staff News Item", "version": "3.0", "created": "3/12/2024 4:45 PM",
          "created_by": "Dana Whitaker", "modified": "3/14/2024 8:55 AM", "modified_by": "Omar Haddad"}


@pytest.mark.parametrize("fragment", [
    # SP2010 form toolbar: one cell per line, the user behind a presence icon.
    '<table><tr><td class="ms-descriptiontext">Content Type: Staff News Item</td></tr>'
    '<tr><td class="ms-descriptiontext">Version: 3.0 </td></tr>'
    '<tr><td class="ms-descriptiontext"><span>Created at 3/12/2024 4:45 PM&nbsp; by <span class="ms-imnSpan">'
    '<a href="#"><img alt="No presence information" src="p.png"></a></span><a href="#">Dana Whitaker</a>'
    '</span></td></tr><tr><td class="ms-descriptiontext"><span>Last modified at 3/14/2024 8:55 AM&nbsp; by '
    '<a href="#">Omar Haddad</a></span></td></tr></table>',
    "Content Type: Staff News Item<br>Version: 3.0<br>Created at <span>3/12/2024 4:45 PM</span> by "
    "<span>Dana Whitaker</span><br>Last modified at <span>3/14/2024 8:55 AM</span> by <span>Omar Haddad</span>",
])
def test_a_filled_footer_reads_as_before(fragment: str) -> None:
    assert parse(fragment) == FILLED


@pytest.mark.parametrize(("fragment", "language", "expected"), [
    ("Loại Nội dung: Thông báo<br>Phiên bản: <br>Được tạo lúc <span>14/03/2024 15:02</span> bởi <span></span><br>"
     "Sửa đổi lần cuối lúc <span></span> bởi <span>Trần Thị Bình</span>", "vi",
     {"content_type": "Thông báo", "created": "14/03/2024 15:02", "modified_by": "Trần Thị Bình"}),
    ("Type de contenu : <br>Version : 1.0<br>Créé le <span></span> par <span></span><br>"
     "Dernière modification le <span>14/03/2024</span> par <span>Claire Martin</span>", "fr",
     {"version": "1.0", "modified": "14/03/2024", "modified_by": "Claire Martin"}),
])
def test_vietnamese_and_french_footers_keep_empty_values_empty(fragment: str, language: str,
                                                               expected: dict[str, str]) -> None:
    assert parse(fragment, language) == expected


def test_lines_break_at_br_and_blocks_and_keep_their_text_nodes() -> None:
    root = lxml.html.fromstring("<div>a<br>b<span>c</span>d<p>e</p><!-- x -->f<script>g</script></div>")
    assert lines_of(root) == [["a"], ["b", "c", "d"], ["e"], ["f"]]
