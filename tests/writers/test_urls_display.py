"""Addresses: written as URIs in every link target, shown as IRIs (decoded, no default port) in text."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from test_epub_validity import JAR, JAVA

from converter import model as m
from converter.options import WriteOptions
from converter.render.html import document
from converter.urls import display, to_uri

# A curly apostrophe and a no-break space in the path: epubcheck's RSC-020 "is not a valid URI".
CURLY = "https://news.example.org/Pages/It’s\u00a0here.aspx?q=a b&x=1#Part 2"
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]]|%[0-9A-F]{2})*$")


@pytest.mark.parametrize(("iri", "uri"), [
    (CURLY, "https://news.example.org/Pages/It%E2%80%99s%C2%A0here.aspx?q=a%20b&x=1#Part%202"),
    ("https://a.example/tin tức/bài 1.aspx", "https://a.example/tin%20t%E1%BB%A9c/b%C3%A0i%201.aspx"),
    ("http://bücher.example/x", "http://xn--bcher-kva.example/x"),
    ("mailto:ann@example.org?subject=Ça va", "mailto:ann@example.org?subject=%C3%87a%20va"),
    ("https://a.example/a%2Fb%20c?x=%E2%80%99", "https://a.example/a%2Fb%20c?x=%E2%80%99"),  # kept as it was
    ("https://a.example/100%/x", "https://a.example/100%25/x"),
    ("https://a.example/p#a#b", "https://a.example/p#a%23b"),
    ("https://[::1]:8080/a<b>", "https://[::1]:8080/a%3Cb%3E"),
    ("\n https://a.example/x\ty \n", "https://a.example/xy"),
])
def test_an_iri_becomes_a_uri_without_double_encoding(iri: str, uri: str) -> None:
    assert to_uri(iri) == uri
    assert URI.match(to_uri(iri))
    assert to_uri(to_uri(iri)) == to_uri(iri)


@pytest.mark.parametrize(("uri", "shown"), [
    ("https://news.example.org:443/Pages/It%E2%80%99s%20here.aspx", "https://news.example.org/Pages/It’s%20here.aspx"),
    ("http://a.example:80/tin%20t%E1%BB%A9c/b%C3%A0i.aspx", "http://a.example/tin%20tức/bài.aspx"),
    ("http://xn--bcher-kva.example:8080/", "http://bücher.example:8080/"),
    ("https://a.example/a%2Fb%3F%23?q=%26%3D", "https://a.example/a%2Fb%3F%23?q=%26%3D"),  # reserved stay
    ("https://a.example/%FF%E2%80/%C2%A0%E2%80%8B%0A", "https://a.example/%FF%E2%80/%C2%A0%E2%80%8B%0A"),
    ("https://a.example:0443/%41", "https://a.example/A"),
    ("https://a.example:444/", "https://a.example:444/"),
])
def test_an_address_is_shown_decoded_without_its_default_port(uri: str, shown: str) -> None:
    assert display(uri) == shown
    assert URI.match(to_uri(display(uri)))  # what is shown still makes the address when typed in


def article() -> m.Article:
    links = (m.Link(m.text("read it"), CURLY), m.Link(m.text("rate"), "https://a.example/100%/x#p"))
    fig = m.Figure(m.Image("a.jpg", alt="x"), (), link="https://photos.example/Ảnh 1.jpg")
    return m.Article(m.Metadata(title="Links", language="en"), (m.Paragraph(links), fig))


def test_the_pdf_and_epub_html_carries_uris() -> None:
    root = etree.fromstring(document(article(), lambda res: "x.jpg"))
    hrefs = root.xpath("//h:a/@href", namespaces={"h": "http://www.w3.org/1999/xhtml"})
    assert hrefs == [to_uri(CURLY), "https://a.example/100%25/x#p", "https://photos.example/%E1%BA%A2nh%201.jpg"]


def test_a_docx_hyperlink_target_is_a_uri(tmp_path: Path) -> None:
    from converter.writers.docx import write

    target = tmp_path / "a.docx"
    write(article(), target, WriteOptions())
    with zipfile.ZipFile(target) as zf:
        rels = zf.read("word/_rels/document.xml.rels").decode()
    targets = re.findall(r'Target="(http[^"]*)"', rels)
    assert to_uri(CURLY).replace("&", "&amp;") in targets and "https://a.example/100%25/x#p" in targets
    assert all(URI.match(t.replace("&amp;", "&")) for t in targets)


# epubcheck 4.2 (Debian's) checks hrefs against RFC 3986 and reports RSC-020; 5 follows WHATWG URL.
JARS = sorted({str(j) for j in (JAR, Path("/usr/share/java/epubcheck.jar")) if j is not None and Path(j).is_file()})


@pytest.mark.skipif(shutil.which("java") is None or not JARS, reason="java or epubcheck absent")
@pytest.mark.parametrize("jar", JARS)
def test_epubcheck_takes_the_links(tmp_path: Path, jar: str) -> None:
    from converter.writers.epub import write

    target = tmp_path / "a.epub"
    write(article(), target, WriteOptions(cover=False))
    proc = subprocess.run([*JAVA, "-jar", jar, str(target)], capture_output=True, text=True, timeout=600,
                          check=False)
    assert "RSC-020" not in proc.stdout + proc.stderr
    assert proc.returncode == 0, proc.stdout + proc.stderr


SOURCE = "https://www.example.org:443/pressroom/pr/Pages/2019-06-02-caf%C3%A9.aspx"


def source_article(language: str = "en") -> m.Article:
    published = m.DateValue("3 juin 2019" if language == "fr" else "3 June 2019", None)
    return m.Article(m.Metadata(title="T", language=language, source_url=SOURCE, published=published),
                     (m.para("Body."),))


def test_the_metadata_line_shows_the_address_decoded_breaking_after_path_slashes() -> None:
    root = etree.fromstring(document(source_article(), lambda res: "x.jpg"))
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    value = root.xpath("//h:ul[@class='metadata']/h:li[h:span[@class='label']='Source: ']/h:span[@class='value']",
                       namespaces=ns)[0]
    assert "".join(value.itertext()) == "https://www.example.org/pressroom/pr/Pages/2019-06-02-café.aspx"
    # no break inside "https://www.example.org/", a break opportunity after each later "/"
    assert value.xpath("h:span[@class='url-origin']/text()", namespaces=ns) == ["https://www.example.org/"]
    assert "/<wbr/>pr/<wbr/>Pages/<wbr/>2019" in etree.tostring(value, encoding="unicode")


def test_the_docx_metadata_line_links_the_uri_and_shows_the_iri(tmp_path: Path) -> None:
    from converter.writers.docx import write

    target = tmp_path / "a.docx"
    write(source_article(), target, WriteOptions())
    with zipfile.ZipFile(target) as zf:
        body = zf.read("word/document.xml").decode()
        rels = zf.read("word/_rels/document.xml.rels").decode()
    assert "https://www.example.org/pressroom/pr/Pages/2019-06-02-café.aspx" in body and ":443" not in body
    assert 'Target="https://www.example.org:443/pressroom/pr/Pages/2019-06-02-caf%C3%A9.aspx"' in rels


def test_french_labels_take_a_narrow_no_break_space_before_the_colon(tmp_path: Path) -> None:
    from converter.writers.docx import write

    root = etree.fromstring(document(source_article("fr"), lambda res: "x.jpg"))
    labels = root.xpath("//h:span[@class='label']/text()", namespaces={"h": "http://www.w3.org/1999/xhtml"})
    assert labels == ["Publié le\u202f: ", "Source\u202f: "]
    target = tmp_path / "a.docx"
    write(source_article("fr"), target, WriteOptions())
    with zipfile.ZipFile(target) as zf:
        assert "Publié le\u202f: " in zf.read("word/document.xml").decode()
    english = etree.fromstring(document(source_article(), lambda res: "x.jpg"))
    assert english.xpath("//h:span[@class='label']/text()", namespaces={"h": "http://www.w3.org/1999/xhtml"}) == [
        "Published: ", "Source: "]


def sharepoint_page(context: str, title: str = "Contoso -\n  Rates rise") -> str:
    return (f"<html lang='en'><head><title>{title}</title><script>var _spPageContextInfo = {{{context}}};"
            "</script></head><body><div id='DeltaPlaceHolderMain'><div class='article-content "
            "ms-rtestate-field'><h1>Rates rise</h1><p>The council agreed on Thursday that the rates rise by "
            "two per cent next year, after a long debate about the budget and the services it pays for.</p>"
            "<p>A second paragraph says more about the budget, the roads and the schools of the town.</p>"
            "</div></div></body></html>")


@pytest.mark.parametrize("context", [
    # a subsite's title ("web") is a section of the site, not the site
    'webTitle: "Press Releases", webServerRelativeUrl: "/news/pr", siteServerRelativeUrl: "/"',
    # a list's title is no site name either
    'webTitle: "Announcements", listTitle: "Announcements", webServerRelativeUrl: "/", siteServerRelativeUrl: "/"',
])
def test_the_site_name_is_the_site_not_a_section_or_list(tmp_path: Path, context: str) -> None:
    from converter import read

    page = tmp_path / "p.html"
    page.write_text(sharepoint_page(context), encoding="utf-8")
    assert read(page).article.metadata.site_name == "Contoso"


def test_the_root_web_title_is_the_site_name(tmp_path: Path) -> None:
    from converter import read

    page = tmp_path / "p.html"
    page.write_text(sharepoint_page('webTitle: "Contoso Council", webServerRelativeUrl: "/", '
                                    'siteServerRelativeUrl: "/"', "Rates rise"), encoding="utf-8")
    assert read(page).article.metadata.site_name == "Contoso Council"


def test_a_section_named_first_in_the_title_is_no_site_name_either(tmp_path: Path) -> None:
    from converter import read

    page = tmp_path / "p.html"
    page.write_text(sharepoint_page('webTitle: "Press Releases", webServerRelativeUrl: "/news/pr", '
                                    'siteServerRelativeUrl: "/"', "Press Releases\n  Rates rise"), encoding="utf-8")
    md = read(page).article.metadata
    assert md.site_name == "" and md.title == "Rates rise"
