"""List items with filled fields but no body (tasks, contacts): their fields are the document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from converter import model as m
from converter import read
from converter.errors import NoArticleError
from converter.render.meta import record_rows
from converter.walk import figures, plain_text


def write(tmp_path: Path, html: str) -> Path:
    path = tmp_path / "DispForm.html"
    path.write_text(html, encoding="utf-8")
    return path


def row(label: str, internal: str, kind: str, value: str) -> str:
    """One SP2010 server-rendered form row, with the field comment SharePoint writes."""
    return (f'<tr><td class="ms-formlabel"><h3 class="ms-standardheader"><a name="SPBookmark_{internal}"></a>{label}'
            f'</h3></td><td class="ms-formbody">\n<!-- FieldName="{label}"\n     FieldInternalName="{internal}"\n'
            f'     FieldType="{kind}"\n  -->{value}</td></tr>\n')


PRESENCE = ('<span class="ms-imnSpan"><a href="#" class="ms-imnlink ms-spimn-presenceLink">'
            '<span class="ms-spimn-presenceWrapper ms-imnImg ms-spimn-imgSize-10x10"><img name="imnmark" '
            'class="ms-spimn-img ms-spimn-presence-disconnected-10x10x32" src="./DispForm_files/spimn.png" '
            'alt="No presence information" /></span></a></span>')


def form(title: str, phone: str, company: str = "Harbourside Fire Engineering Ltd") -> str:
    rows = [row("Last Name", "Title", "SPFieldText", title), row("First Name", "FirstName", "SPFieldText", "Aisha"),
            row("Company", "Company", "SPFieldText", company),
            row("Business Phone", "WorkPhone", "SPFieldText", phone),
            row("E-mail Address", "Email", "SPFieldText", '<a href="mailto:a.kowalski@harbourside-fire.example">'
                'a.kowalski@harbourside-fire.example</a>'),
            row("Account Manager", "AccountManager", "SPFieldUser",
                PRESENCE + '<a href="/_layouts/userdisp.aspx?ID=14">Priya Raman</a>'),
            row("Notes", "Comments", "SPFieldNote", ""), row("Attachments", "Attachments", "SPFieldAttachments", "")]
    return ('<html lang="en-us"><head><title>Contractors - Kowalski</title></head><body><div id="MSO_ContentTable">'
            f'<table class="ms-formtable">{"".join(rows)}</table>'
            '<table><tr><td class="ms-descriptiontext">Content Type: Contact</td></tr>'
            '<tr><td class="ms-descriptiontext">Version: 3.0</td></tr>'
            '<tr><td class="ms-descriptiontext">Created at 3/12/2024 4:45 PM&nbsp; by <a href="#">Dana Whitaker</a>'
            '</td></tr></table></div></body></html>')


def table_rows(art: m.Article) -> list[tuple[str, str]]:
    tables = [b for b in art.blocks if isinstance(b, m.Table)]
    assert len(tables) == 1 and len(art.blocks) == 1
    return [(plain_text(r.cells[0].children), plain_text(r.cells[1].children)) for r in tables[0].rows]


def test_a_contact_without_a_body_is_the_table_of_its_filled_fields(tmp_path: Path) -> None:
    art = read(write(tmp_path, form("Kowalski", "+44 20 7946 0321"))).article
    assert art.metadata.title == "Kowalski"
    assert table_rows(art) == [("First Name", "Aisha"), ("Company", "Harbourside Fire Engineering Ltd"),
                               ("Business Phone", "+44 20 7946 0321"),
                               ("E-mail Address", "a.kowalski@harbourside-fire.example"),
                               ("Account Manager", "Priya Raman")]
    table = art.blocks[0]
    assert isinstance(table, m.Table)
    assert all(r.cells[0].header and not r.cells[1].header for r in table.rows)  # label | value
    mail = table.rows[3].cells[1].children[0]
    assert isinstance(mail, m.Link) and mail.url == "mailto:a.kowalski@harbourside-fire.example"
    assert figures(art.blocks) == []  # the presence dot is decoration


def test_every_filled_field_of_a_body_less_item_is_also_metadata(tmp_path: Path) -> None:
    md = read(write(tmp_path, form("Kowalski", "+44 20 7946 0321"))).article.metadata
    assert [(f.label, f.value) for f in md.fields] == [
        ("Last Name", "Kowalski"), ("First Name", "Aisha"), ("Company", "Harbourside Fire Engineering Ltd"),
        ("Business Phone", "+44 20 7946 0321"), ("E-mail Address", "a.kowalski@harbourside-fire.example"),
        ("Account Manager", "Priya Raman")]
    assert (md.content_type, md.version, md.created_by) == ("Contact", "3.0", "Dana Whitaker")


def test_the_record_table_does_not_repeat_the_fields_the_body_shows(tmp_path: Path) -> None:
    art = read(write(tmp_path, form("Kowalski", "+44 20 7946 0321"))).article
    rows = record_rows(art.metadata, art.blocks)
    # The header prints the value as the title, but not what its label says: the row stays.
    assert ("Last Name", "Kowalski") in rows
    assert ("Business Phone", "+44 20 7946 0321") not in rows
    assert ("Business Phone", "+44 20 7946 0321") in record_rows(art.metadata)  # without the body, all


def test_a_form_whose_values_are_all_empty_is_still_no_article(tmp_path: Path) -> None:
    html = form("", "", company="")
    for value in ("Aisha", "Priya Raman", "a.kowalski@harbourside-fire.example"):
        html = html.replace(value, "")
    with pytest.raises(NoArticleError) as err:
        read(write(tmp_path, html))
    assert err.value.exit_code == 4


def test_an_item_with_fields_but_no_title_is_no_article(tmp_path: Path) -> None:
    with pytest.raises(NoArticleError):
        read(write(tmp_path, form("", "+44 20 7946 0321")))


def _form_ctx(data: dict[str, object]) -> str:
    schema = {k: {"Title": k.replace("DueDate", "Due Date"), "Name": k} for k in data}
    schema["Body"] = {"Title": "Description", "Name": "Body", "RichText": True}
    ctx = {"ListData": data, "ListSchema": schema, "ListAttributes": {"ListTemplateType": 171}}
    return ('<html lang="en-us"><head><title>Tasks</title></head><body><div id="DeltaPlaceHolderMain">'
            f"<script>var WPQ2FormCtx = {json.dumps(ctx)};</script></div></body></html>")


def test_a_form_context_without_a_form_table_gives_the_items_fields(tmp_path: Path) -> None:
    html = _form_ctx({"ContentType": "Task", "Title": "Renew the fire certificate", "Body": "",
                      "DueDate": "4/30/2024", "Status": "In Progress", "Created": "3/1/2024 10:12 AM"})
    art = read(write(tmp_path, html)).article
    assert art.metadata.title == "Renew the fire certificate"
    # Content type and creation date are the record, printed by the writers' record table.
    assert table_rows(art) == [("Due Date", "4/30/2024"), ("Status", "In Progress")]
    assert art.metadata.content_type == "Task"


def test_a_form_context_with_only_its_content_type_is_no_article(tmp_path: Path) -> None:
    """Corpus 09's form context: every field "" but the content type."""
    html = _form_ctx({"ContentType": "MainThumbnails", "Title": "", "Body": "", "DueDate": "", "Created": ""})
    with pytest.raises(NoArticleError):
        read(write(tmp_path, html))


def test_a_list_view_of_one_item_without_a_body_is_no_article(tmp_path: Path) -> None:
    html = ('<html><head><title>Tasks</title></head><body><div id="DeltaPlaceHolderMain"><script>var WPQ2ListData = '
            '{ "Row" : [{"ID": "1", "Title": "Renew the fire certificate", "DueDate": "4/30/2024"}] };</script>'
            "</div></body></html>")
    with pytest.raises(NoArticleError):
        read(write(tmp_path, html))


def test_an_empty_form_web_part_does_not_displace_the_page_article(tmp_path: Path) -> None:
    """A publishing page that also carries a filled form web part keeps its page content."""
    prose = " ".join(["The new ferry timetable starts on Monday with earlier sailings on every route."] * 3)
    html = form("Kowalski", "+44 20 7946 0321").replace(
        '<div id="MSO_ContentTable">',
        '<div id="MSO_ContentTable"><div id="ctl00_PlaceHolderMain_content">'
        f'<div class="ms-rtestate-field" id="ctl00_PlaceHolderMain_RichHtmlField"><p>{prose}</p></div></div>')
    art = read(write(tmp_path, html)).article
    assert not any(isinstance(b, m.Table) for b in art.blocks)
