"""Article or not: one rule on prose for every zone that also fills other pages (Content Editor,
publishing, the scored fallback), and a refusal that says what it was based on."""

from __future__ import annotations

from pathlib import Path

import pytest

from converter import read
from converter.errors import NoArticleError
from converter.walk import block_text

INFO = [
    "The records office keeps the birth, marriage and death registers of every town in the county. "
    "Copies can be ordered at the front desk, by post with the form below, or through the online "
    "service. Staff check each request against the register before a copy is printed and sealed. Records "
    "older than a century are kept at the county archive, which has its own reading room.",
    "Most orders are ready within five working days, and urgent requests are handled on the same day "
    "when they arrive before noon. A certified copy costs twelve pounds; each further copy of the same "
    "record costs six pounds. Please bring a photo identity document and proof of your address when you "
    "collect a certificate in person. The office is closed on public holidays and on the first Monday of "
    "each month, when its staff are in training.",
]
# The page title sits in the master page's title row, above the main zone.
PAGE = """<html lang="en-gb"><head><title>Certificates and records</title></head><body>
<div id="s4-titlerow"><h1 class="ms-pagetitle"><span>Certificates and records</span></h1></div>
<div id="DeltaPlaceHolderMain">{main}</div></body></html>"""


def write(tmp_path: Path, main: str, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_text(PAGE.replace("{main}", main), encoding="utf-8")
    return path


def web_part(inner: str) -> str:
    return (f'<table class="s4-wpTopTable"><tr><td><div class="ms-WPBody noindex" id="WebPartWPQ2">{inner}'
            "</div></td></tr></table>")


def test_the_info_text_is_about_140_words() -> None:
    assert 130 <= len(" ".join(INFO).split()) <= 160


@pytest.mark.parametrize("markup", [
    '<div class="ms-rtestate-field">{}</div>',  # SP2010 and later: the Content Editor profile finds it
    '<div class="ExternalClass5F3A">{}</div>',  # no rich-text field class: the scored fallback finds it
])
def test_a_short_information_page_in_a_content_editor_web_part_is_an_article(tmp_path: Path, markup: str) -> None:
    body = "".join(f"<p>{p}</p>" for p in INFO)
    art = read(write(tmp_path, web_part(markup.format(body)))).article
    assert art.metadata.title == "Certificates and records"
    assert [block_text(b) for b in art.blocks] == INFO


TEASER = ('<div class="item"><h3><a href="/news/{i}.aspx">Council news story number {i} of this week</a></h3>'
          "<p>A short summary of the story that the home page shows under its headline, so that readers "
          "can decide whether to open it.</p></div>")
QUICK_LINKS = "".join(f'<li><a href="/services/{i}.aspx">Online service number {i}</a></li>' for i in range(12))


def test_a_home_page_of_link_lists_and_teasers_is_no_article_and_says_why(tmp_path: Path) -> None:
    teasers = "".join(TEASER.format(i=i) for i in range(5))
    main = (f'<div class="col-left"><h2>Latest news</h2>{teasers}</div>'
            f'<div class="col-right"><h2>Quick links</h2><ul>{QUICK_LINKS}</ul></div>')
    with pytest.raises(NoArticleError) as refused:
        read(write(tmp_path, main, "home.html"))
    message = str(refused.value)
    assert "home.html" in message
    assert "no article found (a list of teasers: 5 linked headlines, each over its summary)" in message


def test_an_intro_above_link_lists_is_no_article_and_the_message_gives_the_counts(tmp_path: Path) -> None:
    main = (web_part(f'<div class="ExternalClass1"><p>{INFO[1]}</p></div>')
            + "".join(f'<h2>Services {n}</h2><ul>{QUICK_LINKS}</ul>' for n in range(3)))
    with pytest.raises(NoArticleError) as refused:
        read(write(tmp_path, main, "landing.html"))
    assert str(refused.value).endswith(
        "landing.html: no article found (too little prose: 77 words in 1 paragraph, 77% of the page's text is links)")


def test_a_list_view_is_never_taken_for_an_article_by_one_long_cell(tmp_path: Path) -> None:
    rows = "".join(f'<tr><td class="ms-vb2"><a href="/news/{i}.aspx">Item {i}</a></td><td class="ms-vb2">Editor</td>'
                   f'<td class="ms-vb2">{INFO[1] if i == 0 else "Short note."}</td></tr>' for i in range(3))
    view = ('<table class="ms-listviewtable"><tr class="ms-viewheadertr"><th>Title</th><th>Created By</th>'
            f"<th>Summary</th></tr>{rows}</table>")
    with pytest.raises(NoArticleError, match=r"no article found \(no article zone, and no paragraph of prose "
                                             r"outside links and data grids: the page holds \d+ words"):
        read(write(tmp_path, web_part(view), "view.html"))


def test_a_form_to_fill_in_is_not_an_article_and_says_so(tmp_path: Path) -> None:
    """A feedback form: a disclaimer in prose above text boxes and choices (fields the visitor fills in)."""
    form = ("<div class='panel'>" + "".join(f"<p>{p}</p>" for p in INFO)
            + "<p>Your comment <textarea name='c'></textarea></p><p>Your email <input type='text' name='e'></p>"
            "<p>Topic <select name='t'><option>Records</option></select></p><input type='hidden' name='h'>"
            "<input type='submit' value='Send'></div>")
    path = tmp_path / "form.html"
    path.write_text(PAGE.format(main=form), encoding="utf-8")
    with pytest.raises(NoArticleError, match=r"no article found \(a form to fill in: 3 fields"):
        read(path)


def test_a_search_box_outside_the_article_does_not_make_it_a_form(tmp_path: Path) -> None:
    page = PAGE.replace("<body>", "<body><div id='search'><input type='text' name='q'><input type='text' name='q2'>"
                        "<select name='s'><option>All</option></select></div>")
    path = tmp_path / "article.html"
    path.write_text(page.format(main="".join(f"<p>{p}</p>" for p in INFO)), encoding="utf-8")
    assert "birth, marriage and death registers" in " ".join(block_text(b) for b in read(path).article.blocks)


def test_a_page_content_box_among_teaser_boxes_is_a_home_page(tmp_path: Path) -> None:
    """A home page's "Page Content" field holds one short teaser while boxes of prose fill the rest of the
    main zone: the field is one box among several, not an article."""
    teaser = "<div class='box'><h2>Programme {n}</h2><p>" + INFO[0] + "</p></div>"
    main = ("<div id='lbl' style='display:none'>Page Content</div>"
            "<div class='ms-rtestate-field' aria-labelledby='lbl'><p>New: the open data portal. Agencies now publish "
            "their data sets in one place, free for everyone to reuse.</p></div>"
            + "".join(teaser.format(n=n) for n in range(3)))
    path = tmp_path / "home.html"
    path.write_text(PAGE.format(main=main), encoding="utf-8")
    with pytest.raises(NoArticleError, match=r"one box among several: the article zone holds \d+%"):
        read(path)
