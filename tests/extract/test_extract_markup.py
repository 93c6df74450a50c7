"""Pages built from the structure of real SharePoint markup (docs/markup-sources.md): the element
nesting and class names of Microsoft's own renderers, with text of our own."""

from __future__ import annotations

from pathlib import Path

from converter import model as m
from converter import read
from converter.walk import block_text, iter_blocks

PROSE = " ".join(["The harbour ferry now runs every twenty minutes on weekdays, from early morning until late."] * 2)


def write(tmp_path: Path, html: str) -> Path:
    path = tmp_path / "Post.html"
    path.write_text(html, encoding="utf-8")
    return path


def texts(art: m.Article) -> list[str]:
    return [block_text(b) for b in iter_blocks(art.blocks) if not isinstance(b, m.ListBlock | m.Quote)]


# SP2013 blog post page saved after its scripts ran: SP.UI.Blogs.PostBehavior (sp.ui.blogs.js) wrote
# li > div > h1 > a.ms-accentText, div.ms-metadata (PublishedDate.LongDate), <p> then
# div.ms-blog-postBody (the browser closes the <p> before the div), div.ms-metadata.ms-textSmall
# ("by {Author} at {time} in {categories}") and the command bar.
SP2013_POST = f"""<html lang="en-us"><head><title>Harbour Blog - Ferry timetable</title></head><body>
<div id="DeltaPlaceHolderMain"><div class="ms-blog-MainArea"><ul class="ms-blog-postList">
<li><div>
<h1><a class="ms-accentText" href="/blog/Lists/Posts/Post.aspx?ID=12">More ferries from Monday</a></h1>
<div class="ms-metadata">Thursday, March 14, 2024</div>
<p><div class="ms-blog-postBody"><div class="ExternalClass5F1E"><p>{PROSE}</p></div></div></p>
<div class="ms-metadata ms-textSmall"><span>by <span class="ms-noWrap ms-imnSpan"><a class="ms-subtleLink"
 href="/blog/_layouts/15/userdisp.aspx?ID=9">Jane Doe</a></span> at 3:15 PM in
 <a href="/blog/Lists/Categories/Category.aspx?CategoryId=2&amp;Name=Transport" id="blgcat"
 class="ms-link">Transport</a></span></div>
<div class="ms-blog-commandSpace"><div><span class="ms-blog-command">Like</span>
<a class="ms-blog-command">Share</a></div></div>
</div><div class="ms-blog-postDivider"><a name="comments"></a><h3 class="ms-blog-postComments">0 comments</h3>
</div></li>
</ul></div></div></body></html>"""


def test_a_client_rendered_sp2013_blog_post_gives_title_date_author_and_category(tmp_path: Path) -> None:
    art = read(write(tmp_path, SP2013_POST)).article
    md = art.metadata
    assert md.title == "More ferries from Monday"
    assert md.published is not None and md.published.text == "Thursday, March 14, 2024"
    assert md.published.value is not None and md.published.value.date().isoformat() == "2024-03-14"
    assert md.authors == ("Jane Doe",)
    assert md.category == "Transport"
    assert texts(art) == [PROSE]


# SP2010 blog XSLT: the date header is an h3.ms-PostDate above the post wrapper.
SP2010_POST = f"""<html><head><title>Blog - Ferry timetable</title></head><body><div id="MSO_ContentTable">
<table class="ms-blog-MainArea"><tr><td class="ms-blog-MainArea"><h3 class="ms-PostDate">Thursday, March 14, 2024</h3>
<div class="ms-PostWrapper"><div class="ms-PostTitle"><h3><a href="/blog/Lists/Posts/Post.aspx?ID=12">More ferries from
Monday</a></h3></div><div class="ms-PostBody"><div class="ExternalClass5F1E"><p>{PROSE}</p></div></div>
<div class="ms-PostFooter">Posted at 3:15 PM by <a href="/blog/_layouts/userdisp.aspx?ID=9">Jane Doe</a> | Category:
<a href="/blog/Lists/Categories/Category.aspx?CategoryId=2">Transport</a> | Permalink</div></div></td></tr></table>
</div></body></html>"""


def test_an_sp2010_blog_post_with_its_h3_date_header(tmp_path: Path) -> None:
    md = read(write(tmp_path, SP2010_POST)).article.metadata
    assert (md.title, md.authors, md.category) == ("More ferries from Monday", ("Jane Doe",), "Transport")
    assert md.published is not None and md.published.text == "Thursday, March 14, 2024"


# A wiki page as SharePoint 2013 renders its WikiField: div#ctl00_PlaceHolderMain_WikiField >
# div.ms-wikicontent.ms-rtestate-field > div.ExternalClass… > table#layoutsTable > td >
# div.ms-rte-layoutszone-outer > div.ms-rte-layoutszone-inner, with a web part embedded in the text
# as div.ms-rtestate-read.ms-rte-wpbox; the page name sits hidden in wikiPageNameDisplay.
WIKI = f"""<html><head><title>Team Site - Ferry timetable</title></head><body><div id="s4-workspace">
<div id="DeltaPlaceHolderMain"><span id="ctl00_PlaceHolderMain_wikiPageNameDisplay" style="display: none;">
Ferry timetable</span><div id="ctl00_PlaceHolderMain_WikiField"><div class="ms-wikicontent ms-rtestate-field"
 style="padding-right: 10px;"><div class="ExternalClassCD82"><table id="layoutsTable" style="width:100%;"><tbody>
<tr style="vertical-align:top;"><td style="width:66.6%;"><div class="ms-rte-layoutszone-outer" style="width:100%;">
<div class="ms-rte-layoutszone-inner" role="textbox"><h2>Weekday sailings</h2><p>{PROSE}</p></div></div></td>
<td style="width:33.3%;"><div class="ms-rte-layoutszone-outer" style="width:100%;"><div class="ms-rte-layoutszone-inner"
 role="textbox"><p>Saturday sailings start at eight.</p></div></div></td></tr></tbody></table></div></div></div>
</div></div></body></html>"""


def test_a_wiki_field_is_read_zone_by_zone_and_never_as_a_data_table(tmp_path: Path) -> None:
    art = read(write(tmp_path, WIKI)).article
    assert art.metadata.title == "Ferry timetable"  # the hidden page name, not the first heading
    assert not any(isinstance(b, m.Table) for b in iter_blocks(art.blocks))
    assert texts(art) == ["Weekday sailings", PROSE, "Saturday sailings start at eight."]


def test_a_menu_element_is_an_unordered_list(tmp_path: Path) -> None:
    """HTML's <menu> (publishing pages list in-page anchors with it) is a list, not unknown markup."""
    path = tmp_path / "p.html"
    path.write_text('<html lang="en"><head><title>Use policy</title></head><body><div id="DeltaPlaceHolderMain">'
                    '<h1>Use policy</h1><div class="ms-rtestate-field" id="c_RichHtmlField">'
                    '<p>These conditions apply to everyone who uses the site and its published documents.</p>'
                    '<menu><li><a href="#a">Privacy</a></li><li><a href="#b">Copyright</a></li></menu>'
                    "</div></div></body></html>", encoding="utf-8")
    result = read(path)
    lists = [b for b in result.article.blocks if isinstance(b, m.ListBlock)]
    assert len(lists) == 1 and len(lists[0].items) == 2
    assert not [w for w in result.warnings if w.code == "unknown-element"]
