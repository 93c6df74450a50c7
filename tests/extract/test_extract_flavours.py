"""Each SharePoint flavour, as a small page: where the article is found and what is left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from converter import model as m
from converter import read
from converter.errors import NoArticleError
from converter.extract.article import extract
from converter.load.page import load
from converter.walk import block_text, figures, iter_blocks, plain_text


def write(tmp_path: Path, html: str, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


def texts(art: m.Article) -> list[str]:
    return [block_text(b) for b in iter_blocks(art.blocks) if not isinstance(b, m.ListBlock | m.Quote)]


LONG = " ".join(["Đây là một câu văn dài để trang có đủ chữ như một bài viết thật sự trên cổng thông tin."] * 3)
PROSE = " ".join(["This sentence is here so that the paragraph reads like the prose of a real article."] * 3)


def test_the_lacviet_intro_web_part_gives_title_lead_category_and_body(tmp_path: Path) -> None:
    html = f"""<html><body><div class="title-gt"><p><strong>Tin chuyên ngành</strong></p></div>
    <div class="gthieu"><div class="gtTitle"><div><div style="text-align:center"><p style="font-weight:bold">
    Hội nghị tổng kết năm</p></div><div style="text-align: justify;font-weight: bold">Sáng nay, Sở tổ chức hội nghị.
    </div></div><div class="img"><p>{LONG}</p></div><div><p>Xem chi tiết <a href="">tại đây</a></p></div></div></div>
    </body></html>"""
    art = read(write(tmp_path, html)).article
    assert art.metadata.title == "Hội nghị tổng kết năm"
    assert art.metadata.lead == "Sáng nay, Sở tổ chức hội nghị."
    assert art.metadata.category == "Tin chuyên ngành"
    assert texts(art) == [LONG]


def test_a_document_page_keeps_the_line_that_links_its_document(tmp_path: Path) -> None:
    html = """<html><body><div class="gthieu"><div class="gtTitle"><div><div><p>Báo cáo quý I</p></div></div>
    <div class="img"></div><div><p>Xem chi tiết <a href="/img/bao-cao.pdf">tại đây</a></p></div></div></div>
    </body></html>"""
    art = read(write(tmp_path, html)).article
    assert art.metadata.title == "Báo cáo quý I"
    assert texts(art) == ["Xem chi tiết tại đây"]
    link = art.blocks[0].children[1]  # type: ignore[union-attr]
    assert isinstance(link, m.Link) and link.url == "/img/bao-cao.pdf"


def test_an_article_in_the_document_web_part_loses_its_repeated_headings(tmp_path: Path) -> None:
    html = f"""<html><body><table><tr id="ctl00_m_g_1_ctl00_Noidungtim"><td class="dv-title"><div>
    <h2>Công an huyện triệt phá nhóm cho vay</h2><h3>Công an huyện triệt phá nhóm  cho vay</h3><p>{LONG}</p></div>
    <p>Xem chi tiết <a href="">tại đây</a></p></td></tr></table></body></html>"""
    art = read(write(tmp_path, html)).article
    assert art.metadata.title == "Công an huyện triệt phá nhóm cho vay"
    assert texts(art) == [LONG]


PUBLISHING = """<html lang="en"><head><title>Port news</title></head><body><div id="DeltaPlaceHolderMain">
<h1 id="pageTitle"><span id="DeltaPlaceHolderPageTitleInTitleArea">Berth 9 reopens</span></h1>
<div id="ctl00_PlaceHolderMain_ctl01_label" style="display:none">Page Image</div>
<div id="ctl00_PlaceHolderMain_ctl01__ControlWrapper_RichImageField" class="ms-rtestate-field"
 aria-labelledby="ctl00_PlaceHolderMain_ctl01_label"><img src="page_files/berth.jpg" alt="Berth 9"></div>
<div id="ctl00_PlaceHolderMain_ctl02_label" style="display:none">Image Caption</div>
<div id="ctl00_PlaceHolderMain_ctl02__ControlWrapper_RichHtmlField" class="ms-rtestate-field"
 aria-labelledby="ctl00_PlaceHolderMain_ctl02_label"><p>The rebuilt quay wall of Berth 9.</p></div>
<div id="ctl00_PlaceHolderMain_ctl03_label" style="display:none">Page Content</div>
<div id="ctl00_PlaceHolderMain_ctl03__ControlWrapper_RichHtmlField" class="ms-rtestate-field"
 aria-labelledby="ctl00_PlaceHolderMain_ctl03_label"><p>{body}</p></div>
<div id="ctl00_PlaceHolderMain_ctl04_label" style="display:none">Sidebar Links</div>
<div id="ctl00_PlaceHolderMain_ctl04__ControlWrapper_RichHtmlField" class="ms-rtestate-field"
 aria-labelledby="ctl00_PlaceHolderMain_ctl04_label"><p>Ferry timetables and port webcams</p></div>
</div></body></html>"""


def test_a_publishing_page_reads_the_page_content_zone_with_its_page_image_and_caption(tmp_path: Path) -> None:
    from factories import photo_bytes

    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "berth.jpg").write_bytes(photo_bytes())
    art = read(write(tmp_path, PUBLISHING.replace("{body}", PROSE))).article
    assert art.metadata.title == "Berth 9 reopens"
    (fig,) = figures(art.blocks)
    assert plain_text(fig.caption) == "The rebuilt quay wall of Berth 9." and fig.image.alt == "Berth 9"
    assert texts(art) == ["The rebuilt quay wall of Berth 9.", PROSE]  # the caption once, inside its figure
    assert "Ferry timetables" not in " ".join(texts(art))


def test_a_content_editor_web_part_holds_the_article(tmp_path: Path) -> None:
    html = f"""<html><head><title>
    Council news
    Bins collected on Saturday
    </title></head><body><div id="DeltaPlaceHolderMain"><div class="ms-WPBody noindex"><div class="ms-rtestate-field">
    <p><strong>Bins collected on Saturday</strong></p><p>{PROSE}</p></div></div>
    <div class="ms-WPBody"><div class="ms-rtestate-field"><p>Call 0100</p></div></div></div></body></html>"""
    art = read(write(tmp_path, html)).article
    assert art.metadata.title == "Bins collected on Saturday"  # the last line of <title>, its repeat dropped
    assert texts(art) == [PROSE]


def test_several_editor_boxes_of_equal_weight_are_a_landing_page(tmp_path: Path) -> None:
    boxes = "".join(f'<div class="ms-WPBody"><div class="ms-rtestate-field"><h2>Box {i}</h2><p>{PROSE}</p></div></div>'
                    for i in range(4))
    path = write(tmp_path, f'<html><head><title>Home</title></head><body><div id="DeltaPlaceHolderMain">{boxes}</div>'
                           "</body></html>")
    with pytest.raises(NoArticleError, match="home or landing page"):
        read(path)


FORM = """<html lang="en-us"><head><title>Staff News - {title}</title></head><body><div id="MSO_ContentTable">
<table class="ms-formtable">
<tr><td class="ms-formlabel"><h3 class="ms-standardheader">Title</h3></td><td class="ms-formbody">
<!-- FieldName="Title"
     FieldInternalName="Title"
     FieldType="SPFieldText"
  -->{title}&nbsp;</td></tr>
<tr><td class="ms-formlabel"><h3 class="ms-standardheader">Body</h3></td><td class="ms-formbody">
<!-- FieldName="Body"
     FieldInternalName="Body"
     FieldType="SPFieldNote"
  --><div class="ExternalClassAB12">{body}</div></td></tr>
<tr><td class="ms-formlabel"><h3 class="ms-standardheader">Room</h3></td><td class="ms-formbody">
<!-- FieldName="Room"
     FieldInternalName="Room"
     FieldType="SPFieldText"
  -->G.14</td></tr>
<tr><td class="ms-formlabel"><h3 class="ms-standardheader">Attachments</h3></td><td class="ms-formbody">
<!-- FieldName="Attachments"
     FieldInternalName="Attachments"
     FieldType="SPFieldAttachments"
  --></td></tr>
</table>
<table><tr><td class="ms-descriptiontext">Content Type: Item</td></tr>
<tr><td class="ms-descriptiontext">Version: 2.0</td></tr>
<tr><td class="ms-descriptiontext">Created at 3/12/2024 4:45 PM&nbsp; by <a href="#">Dana Whitaker</a></td></tr>
<tr><td class="ms-descriptiontext">Last modified at 3/14/2024 8:55 AM&nbsp; by <a href="#">Omar Haddad</a></td></tr>
</table></div></body></html>"""


def test_a_list_form_gives_every_field_as_metadata_and_the_body_field_as_the_article(tmp_path: Path) -> None:
    art = read(write(tmp_path, FORM.format(title="Badge office moves", body=f"<p>{PROSE}</p>"))).article
    md = art.metadata
    assert md.title == "Badge office moves"
    assert [(f.label, f.value, f.name) for f in md.fields] == [("Title", "Badge office moves", "Title"),
                                                               ("Room", "G.14", "Room")]
    assert (md.content_type, md.version, md.created_by, md.modified_by) == ("Item", "2.0", "Dana Whitaker",
                                                                             "Omar Haddad")
    assert md.created is not None and md.created.value is not None
    assert md.created.value.isoformat() == "2024-03-12T16:45:00+00:00"  # en-US: month first, 12-hour clock
    assert texts(art) == [PROSE]


def test_a_list_form_without_values_is_no_article(tmp_path: Path) -> None:
    with pytest.raises(NoArticleError):
        read(write(tmp_path, FORM.format(title="", body="")))


CSR_FORM = """<html><head><title>Notices</title></head><body><div id="DeltaPlaceHolderMain">
<table class="ms-formtable"><tr><td class="ms-formlabel"><span class="ms-h3">Body</span></td><td class="ms-formbody">
<!-- FieldName="Body"
     FieldInternalName="Body"
     FieldType="SPFieldNote"
  --><span id="WPQ2abcBody" data-sp-control="SPFieldNote" data-sp-options='{"mode":1,"source":"Body"}'></span></td></tr>
</table>
<span>Created at <span id="WPQ2abcCreated" data-sp-control="SPFieldDateTime"
 data-sp-options='{"mode":1,"source":"Created"}'></span> by <span id="WPQ2abcAuthor" data-sp-control="SPFieldUser"
 data-sp-options='{"mode":1,"source":"Author"}'></span></span>
<script>var WPQ2FormCtx = {"ListData":{"Title":"Water off on Friday","Body":"<p>The water supply is off on Friday.</p>",
"Created":"3/12/2024 4:45 PM","Author":[{"Key":"i:0#.w|x","DisplayText":"Dana Whitaker"}]},
"ListSchema":{"Title":{"Title":"Title"},"Body":{"Title":"Body","RichText":true}}};</script>
</div></body></html>"""


def test_a_client_rendered_form_is_filled_from_its_form_context(tmp_path: Path) -> None:
    art = read(write(tmp_path, CSR_FORM)).article
    assert texts(art) == ["The water supply is off on Friday."]
    assert art.metadata.created_by == "Dana Whitaker"
    assert art.metadata.created is not None and art.metadata.created.text == "3/12/2024 4:45 PM"


BLOG_JSON = """<html lang="fr-FR"><head><title>Billet</title></head><body><div id="DeltaPlaceHolderMain">
<div>JavaScript ne semble pas être activé.</div>
<script>var WPQ5ListData = { "Row" : [{"ID": "10", "Title": "Un titre de billet",
"Body": "<div class=\\"ExternalClass1\\"><p>Le texte du billet.<\\u002fp><\\u002fdiv>",
"Author": [{"id":"20","title":"Liliane"}], "PublishedDate": "06\\u002f09\\u002f2012 00:17",
"PublishedDate.ISO8601": "2012-09-05T22:17:00Z", "PostCategory": [{"lookupId":4,"lookupValue":"Lectures"}]}],
"FirstRow" : 1 };var WPQ5SchemaData = { "Field": [{"Name": "Title", "DisplayName": "Titre"},
{"Name": "Body", "DisplayName": "Corps", "RichText": "TRUE"}, {"Name": "Author", "DisplayName": "Créé par"},
{"Name": "PublishedDate", "DisplayName": "Publié"}, {"Name": "PostCategory", "DisplayName": "Catégorie"}] };
ctx = new ContextInfo(); ctx.wpq= "WPQ5"; ctx.ListTemplateType = 301; ctx.ListTitle = "Billets";</script>
</div></body></html>"""


def test_a_blog_post_that_exists_only_as_json_is_the_article_with_the_sites_offset(tmp_path: Path) -> None:
    art = read(write(tmp_path, BLOG_JSON)).article
    md = art.metadata
    assert (md.title, md.authors, md.category) == ("Un titre de billet", ("Liliane",), "Lectures")
    assert md.published is not None and md.published.text == "06/09/2012 00:17"
    # The time shown is kept; the UTC twin gives the offset (and settles day-first).
    assert md.published.value is not None and md.published.value.isoformat() == "2012-09-06T00:17:00+02:00"
    assert texts(art) == ["Le texte du billet."]


def test_a_list_view_with_many_json_rows_is_no_article(tmp_path: Path) -> None:
    rows = ",".join(f'{{"ID": "{i}", "Title": "Photo {i}", "Body": "<p>Caption {i}</p>"}}' for i in range(5))
    html = f'<html><body><div id="DeltaPlaceHolderMain"><script>var WPQ2ListData = {{ "Row" : [{rows}] }};</script>' \
           "</div></body></html>"
    with pytest.raises(NoArticleError):
        read(write(tmp_path, html))


def test_a_server_rendered_blog_post_gives_date_author_and_category(tmp_path: Path) -> None:
    html = f"""<html><body><div class="ms-PostWrapper"><h2 class="ms-PostDate">Thursday, March 14, 2024</h2>
    <div class="ms-PostTitle"><h3><a href="#">A post</a></h3></div><div class="ms-PostBody"><p>{PROSE}</p></div>
    <div class="ms-PostFooter">Posted at 3:20 PM by <a href="/_layouts/userdisp.aspx?ID=9">Jane Doe</a> | Category:
    <a href="/Lists/Categories/Category.aspx?Name=News">News</a> | <a href="#">Permalink</a></div></div>
    <div class="ms-CommentBody">Nice post!</div></body></html>"""
    md = read(write(tmp_path, html)).article.metadata
    assert (md.title, md.authors, md.category) == ("A post", ("Jane Doe",), "News")
    assert md.published is not None and md.published.text == "Thursday, March 14, 2024"


def test_a_wiki_page_layout_is_read_zone_by_zone(tmp_path: Path) -> None:
    html = """<html><body><h1 id="pageTitle"><span id="DeltaPlaceHolderPageTitleInTitleArea">Onboarding</span></h1>
    <div class="ms-wikicontent ms-rtestate-field"><table id="layoutsTable"><tr><td>
    <div class="ms-rte-layoutszone-inner"><p>Main column text.</p></div></td>
    <td><div class="ms-rte-layoutszone-inner"><p>Side column text.</p></div></td>
    </tr></table><span id="layoutsData" style="display:none">false,false,2</span></div></body></html>"""
    art = read(write(tmp_path, html)).article
    assert art.metadata.title == "Onboarding"
    assert texts(art) == ["Main column text.", "Side column text."]
    assert not any(isinstance(b, m.Table) for b in art.blocks)


def test_a_modern_page_reads_text_and_image_parts_and_skips_news_and_comments(tmp_path: Path) -> None:
    html = f"""<html><body><div data-automation-id="pageHeader"><div data-automation-id="TitleTextId">Solar roof</div>
    <div data-automation-id="personaDetails"><div>Marta</div><div>Team</div></div>
    <span data-automation-id="publishedDate">Published 14 March 2024</span></div>
    <div class="CanvasZone"><div data-automation-id="CanvasControl"><div data-sp-feature-tag="Rich Text Editor">
    <div data-automation-id="textBox"><p>{PROSE}</p></div></div></div>
    <div data-automation-id="CanvasControl"><div data-sp-feature-tag="ImageWebPart web part (Image)"><figure>
    <img src="x.jpg" alt="roof"></figure><div data-automation-id="captionElement"><span>The roof.</span></div>
    </div></div>
    <div data-automation-id="CanvasControl"><div data-sp-feature-tag="NewsWebPart web part (News)">
    <a href="#">Other news</a></div></div></div>
    <div id="CommentsWrapper" data-sp-feature-tag="Comments">Add a comment</div></body></html>"""
    result = read(write(tmp_path, html))
    md = result.article.metadata
    assert (md.title, md.authors) == ("Solar roof", ("Marta",))
    assert md.published is not None and md.published.text == "14 March 2024"
    (fig,) = figures(result.article.blocks)
    assert plain_text(fig.caption) == "The roof."
    assert texts(result.article) == [PROSE, "The roof."]


def test_an_unknown_layout_is_found_by_scoring_inside_the_main_zone(tmp_path: Path) -> None:
    side = "".join(f"<li><a href='#'>Related link number {i} with a long title</a></li>" for i in range(20))
    story = "".join(f"<p>{PROSE}</p>" for _ in range(4))
    html = f"""<html><body><div class="footer-links">{story}</div><div id="DeltaPlaceHolderMain">
    <div class="col-main"><h1>A custom layout</h1><p id="date">Date: 2 June 2019</p>
    <div class="story">{story}</div></div>
    <div class="col-side"><ul>{side}</ul></div></div></body></html>"""
    art = read(write(tmp_path, html)).article
    assert art.metadata.title == "A custom layout"
    assert art.metadata.published is not None and art.metadata.published.text == "2 June 2019"
    assert texts(art) == [PROSE] * 4


def test_a_list_of_links_is_no_article_unless_the_whole_page_is_asked_for(tmp_path: Path) -> None:
    items = "".join(f"<li><span>20 Nov</span> <a href='#'>Press release number {i} about airline matters</a></li>"
                    for i in range(30))
    path = write(tmp_path, f'<html><body><div id="DeltaPlaceHolderMain"><h1>Press releases</h1><ul>{items}</ul>'
                           "</div></body></html>")
    with pytest.raises(NoArticleError):
        read(path)
    article, _ = extract(load(path), whole=True)
    assert article.metadata.title == "Press releases"
    assert len(article.blocks[0].items) == 30  # type: ignore[union-attr]
