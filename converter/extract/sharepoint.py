"""SharePoint page structure as data: article zones per flavour, the main zone, chrome to strip.

Adding a portal should mean adding rows here, not branches in the logic (docs/architecture.md,
"house style"). Words (field labels, footer lines, date and byline patterns) live in ``vocabulary.py``.
XPath helpers keep class tests exact (``ms-rtestate-field`` must not match ``ms-rtestate-field-x``).
"""

from __future__ import annotations

import re
from typing import Any, Literal, cast

from lxml import etree

from ..patterns import compiled
from ..records import dataclass


def cls(name: str) -> str:
    """XPath predicate: the element has CSS class ``name`` (whole word)."""
    # The plain substring test first: it rejects almost every element without building the
    # padded, normalised copy of its class attribute (a third of the time of each page scan).
    return f"(contains(@class, '{name}') and contains(concat(' ', normalize-space(@class), ' '), ' {name} '))"


def cls_prefix(prefix: str) -> str:
    """XPath predicate: some class starts with ``prefix`` (``ExternalClassD44D…``)."""
    return f"(starts-with(@class, '{prefix}') or contains(@class, ' {prefix}'))"


def auto(name: str) -> str:
    """XPath predicate: modern SharePoint's test hook ``data-automation-id`` equals ``name``."""
    return f"@data-automation-id='{name}'"


class XPath(etree.XPath):
    """An XPath compiled once, when the module loads (as trafilatura does), not at every page.

    Called on an element it returns what ``element.xpath(path)`` would (lxml's type stubs give the
    call a union of every XPath result type, which no caller here can use).
    """

    def __call__(self, _etree_or_element: Any, **_variables: Any) -> list[Any]:
        return cast(list[Any], super().__call__(_etree_or_element, **_variables))


XPaths = tuple[XPath, ...]


def _x(*paths: str) -> XPaths:
    return tuple(XPath(p) for p in paths)


# How a flavour finds its article: by its ``body`` XPaths; by code in locate.py (a list form's
# body field, an item in JSON, the scored fallback); or only when asked (``--whole-page``).
Finder = Literal["zones", "code", "request"]


@dataclass(frozen=True, slots=True)
class Profile:
    """One page flavour: where it keeps its article and how its zone is judged. Every property of
    a flavour is here; ``FLAVOURS`` lists them in the order they are tried.

    ``body`` XPaths find the article zones (all matches of the first XPath that finds content, in
    page order); the other XPaths find the article's header, read once and kept out of the body,
    first hit wins.
    """

    name: str
    body: XPaths = ()
    title: XPaths = ()
    date: XPaths = ()
    category: XPaths = ()
    byline: XPaths = ()
    lead: XPaths = ()
    fields: XPaths = ()  # "Label: value" lines of the header ("Press Release No.: 27")
    dominant: bool = False  # several zones: only one holding most of the text is the article
    # The zone exists only on article pages (a news web part, a post, a form's body field): it is
    # the article whatever it holds, as long as it is some text or a photo (judge.py). Zones that
    # also fill home and landing pages must hold most of the page's text (page_shape.py).
    dedicated: bool = False
    finder: Finder = "zones"
    # The header is read around the zone (``header`` False: an item's fields are its header).
    # ``header_in_main``: its XPaths are searched inside the main zone only (they are relative).
    header: bool = True
    header_in_main: bool = False


_RTE = f"div[{cls('ms-rtestate-field')}]"
WIKI_PAGE_NAME = "contains(@id, 'wikiPageNameDisplay')"
# The list item (li) of an SP2013 blog post rendered by its client-side script.
_SP2013_POST = f"//li[.//div[{cls('ms-blog-postBody')}]]"
_PERSON = "contains(@href, 'userdisp') or contains(@href, 'Person')"  # a link to a user's profile
# Modern pages: the canvas controls that hold article content (text, image, quote web parts);
# news, quick links, events and comments web parts are site furniture.
_MODERN_CONTENT = ("Rich Text Editor", "(Image)", "(Quote)", "(Text)", "(Divider)")
_MODERN_PART = " or ".join(f"contains(@data-sp-feature-tag, '{t}')" for t in _MODERN_CONTENT)

# The header of pages whose article is the main zone or found in it (custom page layouts), searched
# inside the main zone only (relative XPaths).
_MAIN_TITLE = _x(".//h1")
_MAIN_DATE = _x(".//p[@id='date']", f".//*[{cls('date-line')}]", f".//*[{cls('article-date')}]",
                f".//*[{cls('news-date')}]")
_MAIN_BYLINE = _x(f".//*[{cls('by-line')}]", f".//*[{cls('article-byline')}]", f".//*[{cls('byline')}]")
_MAIN_FIELDS = _x(f".//p[{cls('pr-rel-numb')}]")  # IATA press releases: "Press Release No.: 27"

# Every flavour, in the order they are tried: the first that finds an article wins. List forms
# come before publishing and Content Editor zones because a form's rich-text cell is itself an
# ms-rtestate-field; a body-less item comes after them, so an empty form web part on an article
# page never stands in for the article; the scored fallback comes last.
FLAVOURS: tuple[Profile, ...] = (
    # LacViet CMS news web part on SP2010 provincial portals (samples/vn-portal-news;
    # corpus/17-vn-daknong-thanhtra-le-ra-quan-tong-dieu-tra-dan-so.html).
    Profile(
        name="portal-news",
        dedicated=True,
        # The document-notice layout links the document itself below the body (div.htvb_Att_img
        # "Nhấn vào để xem : chi tiết"): part of the article, or its only content.
        body=_x(f"//table[@id='tableforprint']//div[{cls_prefix('ExternalClass')}] | "
                f"//table[@id='tableforprint']//div[{cls('htvb_Att_img')}][.//a[@href != '']]",
                f"//div[{cls('news-detail')}]//div[{cls_prefix('ExternalClass')}]",
                f"//*[p[{cls('Title')}]]/following::div[{cls_prefix('ExternalClass')}][1]",
                # Without the ExternalClass wrapper the body paragraphs follow the title's print table
                # in the same web-part div: that div is the zone (the title leaves it as the header).
                f"//table[@id='tableforprint'][.//p[{cls('Title')}]]/parent::*"),
        title=_x(f"//p[{cls('Title')}]", f"//*[{cls('news-title')}]"),
        date=_x(f"//tr[{cls('ms-news-header')}]//td[{cls('Time')}]", f"//*[{cls('news-date')}]"),
        category=_x(f"//tr[{cls('ms-news-header')}]//td[{cls('FolderTitle')}]",),
        byline=_x(f"//*[{cls('lv-authorname')}]", f"//*[{cls('news-byline')}]", f"//*[{cls('Author')}]"),
        lead=_x(f"//b[{cls('lv_description_mode1')}]", f"//*[{cls('sapo')}]"),
    ),
    # LacViet "Giới thiệu" web part (div.gthieu), which static copies of Đắk Nông portals use for
    # every article (corpus/batch-stc/): centred bold title, bold lead, body in div.img.
    Profile(
        name="portal-intro",
        dedicated=True,
        # The body, then the "Xem chi tiết tại đây" line that links a document page to its PDF.
        body=_x(f"//div[{cls('gtTitle')}]/div[{cls('img')}] | "
                f"//div[{cls('gtTitle')}]/div[{cls('img')}]/following-sibling::div[.//a[@href != '']]",),
        title=_x(f"(//div[{cls('gtTitle')}]//p)[1]",),
        category=_x(f"//div[{cls('title-gt')}]",),
        lead=_x(f"//div[{cls('gtTitle')}]/div[1]/div[contains(@style, 'justify')]",),
    ),
    # An article placed in the "Ý kiến kiến nghị" document web part: the search-result row
    # ("Noidungtim") holds h2 title, h3 repeat and the text
    # (corpus/19-vn-daknong-hdnd-article-in-vbpl-webpart.html).
    Profile(
        name="portal-document",
        dedicated=True,
        body=_x("//tr[contains(@id, 'Noidungtim')]/td/div",),
        title=_x("//tr[contains(@id, 'Noidungtim')]//h2",),
    ),
    # Blog posts of SP2010/2013 blog sites (Post.aspx). SP2010 renders them on the server with its
    # blog XSLT (div.ms-PostTitle, h3.ms-PostDate, div.ms-PostBody, div.ms-PostFooter "Posted at …
    # by …"). SP2013 renders them in the browser (SP.UI.Blogs.PostBehavior in sp.ui.blogs.js, see
    # docs/markup-sources.md): li > div > h1 > a.ms-accentText (title), div.ms-metadata (long
    # date), div.ms-blog-postBody (body), div.ms-metadata.ms-textSmall ("by Author at 3:15 PM in
    # a#blgcat categories"); a page saved after the scripts ran keeps that markup.
    Profile(
        name="blog-post",
        dedicated=True,
        body=_x(f"//div[{cls('ms-PostBody')}]", f"//div[{cls('ms-blog-postBody')}]"),
        title=_x(f"//*[{cls('ms-PostTitle')}]", f"//*[{cls('ms-blog-postTitle')}]",
                 f"{_SP2013_POST}//h1[a[{cls('ms-accentText')}]]", f"{_SP2013_POST}//h1"),
        date=_x(f"//*[{cls('ms-PostDate')}]", f"//*[{cls('ms-BlogDateHeader')}]", f"//*[{cls('ms-blog-postDate')}]",
                f"{_SP2013_POST}//div[{cls('ms-metadata')}][not({cls('ms-textSmall')})]"),
        byline=_x(f"//*[{cls('ms-PostFooter')}]//a[{_PERSON}]",
                  f"{_SP2013_POST}//*[{cls('ms-metadata')}]//a[{_PERSON}]"),
        category=_x(f"//*[{cls('ms-PostFooter')}]//a[contains(@href, 'Category')]",
                    f"{_SP2013_POST}//a[@id='blgcat']"),
    ),
    # Team-site wiki pages (SP2010+): the WikiField, laid out in layoutsTable zones. The page name
    # is span#…wikiPageNameDisplay: in the title area on SP2010, hidden in PlaceHolderMain on
    # SP2013+ (kept by the chrome pass for this reason), where the title area is a breadcrumb.
    Profile(
        name="wiki",
        dedicated=True,
        body=_x(f"//div[{cls('ms-wikicontent')}]",),
        title=_x(f"//*[{WIKI_PAGE_NAME}]", "//*[contains(@id, 'PlaceHolderPageTitleInTitleArea')]",
                 "//*[@id='pageTitle']"),
    ),
    # Modern SharePoint Online site pages saved after rendering: canvas controls in page order.
    Profile(
        name="modern",
        dedicated=True,
        body=_x(f"//div[{auto('CanvasControl')}][.//*[{_MODERN_PART}]]",
                f"//div[{cls('ControlZone')}][.//*[{_MODERN_PART}]]"),
        title=_x(f"//*[{auto('TitleTextId')}]", f"//*[{auto('pageTitle')}]"),
        byline=_x(f"//*[{auto('pageHeader')}]//*[{auto('personaDetails')}]//*[1]",
                  f"//*[{auto('pageAuthorByLine')}]"),
        # The title area's date line ("Published 14 March 2024"), found by its name, not by a
        # fixed automation id (they change between releases).
        date=_x(f"//*[{auto('pageHeader')}]//*[contains(@data-automation-id, 'Date') or contains(@class, 'Date')"
                " or contains(@class, 'date')]", f"//*[{auto('pageHeader')}]//time"),
        category=_x(f"//*[{auto('pageHeader')}]//*[{auto('topicHeader')}]",),
    ),
    # A list item's display form whose rich-text body field is the article (locate._list_form).
    Profile(name="list-form", finder="code", dedicated=True, header=False),
    # A single item with a body in a client-side rendering data set (WPQn JSON): a blog post or a
    # form item (locate._client_side).
    Profile(name="client-side", finder="code", dedicated=True, header=False),
    # Classic publishing pages: the zones whose hidden label names the page content ("Page
    # Content" and translations, vocabulary.ZONE_ROLES) with the page image and its caption
    # field, else rich-text fields in PlaceHolderMain that carry no label at all.
    Profile(
        name="publishing",
        body=_x("//*[@data-zone-role='body' or @data-zone-role='image' or @data-zone-role='caption']"
                "[//*[@data-zone-role='body'][normalize-space() or .//img]]",
                f"//{_RTE}[contains(@id, 'RichHtmlField')][ancestor::*[contains(@id, 'PlaceHolderMain')]]"
                "[not(@data-zone-role)]"),
        title=_x("//*[@id='pageTitle']//*[contains(@id, 'PlaceHolderPageTitleInTitleArea')]",
                 "//h1[@id='pageTitle']", "//*[@data-zone-role='title']",
                 "//*[contains(@id, 'DeltaPlaceHolderMain') or contains(@id, 'PlaceHolderMain')]//h1"
                 "[not(ancestor::*[@data-zone-role])]"),
        date=_x(f"//*[{cls('article-date')}]", f"//*[{cls('date-line')}]", f"//*[{cls('ms-pageArticleDate')}]",
                "//*[@data-zone-role='date']", "//*[contains(@id, 'ArticleStartDate')]", "//p[@id='date']"),
        byline=_x(f"//*[{cls('article-byline')}]", f"//*[{cls('by-line')}]", f"//*[{cls('ms-pageByline')}]",
                  "//*[@data-zone-role='byline']", "//*[contains(@id, 'ArticleByLine')]"),
        lead=_x("//*[@data-zone-role='lead']",),
        category=_x(f"//*[{cls('article-category')}]",),
    ),
    # Content Editor web parts (SP2010: ms-WPBody > div.ms-rtestate-field; SP2013 the same).
    Profile(
        name="content-editor",
        body=_x(f"//div[{cls('ms-WPBody')}]/{_RTE}", f"//div[{cls('ms-WPBody')}]//{_RTE}"),
        # A web-part page with several editor boxes of similar size is a home or landing page
        # (corpus/12-fmic-home.html); one box holding most of the text is the article
        # (corpus/07-kpc-press-release-vietnam-refinery.html, corpus/11-fmic-family-hifazat.html).
        dominant=True,
    ),
    # A list item whose fields are filled in but which has no body (a task, a contact): the table
    # of its fields is the document (locate._list_item).
    Profile(name="list-item", finder="code", dedicated=True, header=False),
    # Custom page layouts: the densest prose of the main zone (fallback.best_container); its
    # header is searched inside the main zone only, and removed from the body when found there.
    Profile(name="fallback", finder="code", header_in_main=True,
            title=_MAIN_TITLE, date=_MAIN_DATE, byline=_MAIN_BYLINE, fields=_MAIN_FIELDS),
    # ``--whole-page``: the main zone as it is, for pages that are not articles; never tried.
    Profile(name="whole-page", finder="request", dedicated=True, header_in_main=True,
            title=_MAIN_TITLE, date=_MAIN_DATE, byline=_MAIN_BYLINE, fields=_MAIN_FIELDS),
)
# The order in which flavours are tried: the table's, without those used only on request.
FLAVOUR_ORDER: tuple[Profile, ...] = tuple(p for p in FLAVOURS if p.finder != "request")
BY_NAME: dict[str, Profile] = {p.name: p for p in FLAVOURS}
DOMINANT_SHARE = 0.6

# No category field on most layouts: the selected quick-launch entry names the section. Read
# before the chrome pass (navigation is chrome) and offered after the article's own category.
SECTION_XPATHS: XPaths = _x(
    # An entry linking to the site root is the home page's, not a section (corpus/11-fmic-family-hifazat.html
    # marks it).
    f"//*[{cls('ms-core-listMenu-verticalBox')}]//a[{cls('ms-core-listMenu-selected')}][not(@href='/')]"
    f"//*[{cls('menu-item-text')}]",
    f"//*[{cls('s4-breadcrumbCurrentNode')}]",
)

# The site's name as the master page shows it (SP2010 v4.master title row; SP2013 Seattle).
# A list's or library's address: /<web>/Lists/<list name>/... (the name is no site name).
LIST_SEGMENT = compiled(r"/Lists/([^/?#]+)", re.IGNORECASE)

SITE_NAME_XPATHS: XPaths = _x(
    "//*[contains(@id, 'PlaceHolderSiteName_onetidProjectPropertyTitle')]",
    "//*[@id='DeltaSiteLogo']//img/@alt",
)

# Publishing field zones (RichHtmlField, RichImageField) name their hidden label div in
# aria-labelledby; the label ("Page Content", "Page Image"…) says what the zone holds. The labels
# are display:none, so harvest.label_zones reads them before the chrome pass and marks each zone
# with data-zone-role (see vocabulary.ZONE_ROLES).
LABELLED_ZONES = XPath(f"//*[@aria-labelledby][{cls('ms-rtestate-field')} or contains(@id, 'ControlWrapper')]")

# Where the article lives when no profile matches: the master page's main placeholder, else the
# workspace, else the body. The scored fallback never looks outside it.
MAIN_ZONES: XPaths = _x(
    "//*[@id='DeltaPlaceHolderMain']", "//*[@id='ctl00_PlaceHolderMain_PlaceHolderMain']",
    "//*[@id='MSO_ContentTable']", "//*[@id='contentBox']", "//*[@id='spPageCanvasContent']",
    "//main", "//*[@role='main']", "//*[@id='s4-bodyContainer']", "//body",
)

# Class and id words that make a fallback candidate less or more likely to be the article.
FALLBACK_NEGATIVE = compiled(r"nav|menu|footer|sidebar|comment|related|share|social|banner|breadcrumb|"
                             r"teaser|carousel|slider|widget|promo|ad-|advert|col-xtra|extend", re.IGNORECASE)
FALLBACK_POSITIVE = compiled(r"article|content|body|main|post|entry|story|text|ExternalClass|rtestate",
                             re.IGNORECASE)

# Elements that are never article content, removed from the whole page before extraction.
CHROME: XPaths = _x(
    "//script", "//style", "//noscript", "//template", "//link", "//meta",
    # An <object> with neither params nor data is an ActiveX stub (presence, IE plugins); one with data warns.
    "//input", "//select", "//button", "//textarea", "//object[not(param)][not(@data)]",
    "//*[@id='s4-ribbonrow']", "//*[@id='suiteBar']", "//*[@id='suiteBarTop']", "//*[@id='SuiteNavWrapper']",
    f"//*[{cls('ms-cui-topBar2')}]", f"//*[{cls('ms-cui-ribbonTopBars')}]", "//*[@id='RibbonContainer']",
    "//*[@id='wm-ipp-base']", "//*[@id='wm-ipp']", "//*[@id='donato']", "//*[@id='wm-ipp-print']",  # Wayback toolbar
    "//*[@id='printHeader']",  # the logo block custom master pages show only when printing
    f"//*[{cls('ms-hide')}]", f"//*[{cls('s4-die')}]", "//*[@hidden]", "//*[@aria-hidden='true'][not(.//img)]",
    # translate() lower-cases and, since the space has no counterpart, deletes spaces.
    "//*[contains(translate(@style, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ ', 'abcdefghijklmnopqrstuvwxyz'),"
    f" 'display:none')][not({WIKI_PAGE_NAME})]",
    "//*[contains(translate(@style, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ ', 'abcdefghijklmnopqrstuvwxyz'),"
    " 'visibility:hidden')]",
    # SharePoint search skips class="noindex"; site templates put navigation, share bars and ads in
    # it. The web part framework also marks whole web parts noindex (the article's own Content
    # Editor web part in corpus/07-kpc-press-release-vietnam-refinery.html,
    # corpus/11-fmic-family-hifazat.html, corpus/19-vn-daknong-hdnd-article-in-vbpl-webpart.html),
    # so a noindex element holding rich text stays.
    f"//*[{cls('noindex')}][not({cls('ms-WPBody')})][not(.//div[{cls('ms-rtestate-field')}])]"
    f"[not(.//div[{cls_prefix('ExternalClass')}])][not(.//*[{cls('ms-formtable')}])]",
    # Navigation, breadcrumbs and page furniture of SP2010/2013 master pages and modern pages.
    "//*[@id='sideNavBox']", "//*[@id='DeltaPlaceHolderLeftNavBar']", "//*[@id='DeltaTopNavigation']",
    f"//*[{cls('ms-core-listMenu-verticalBox')}]", f"//*[{cls('ms-breadcrumb-box')}]",
    "//*[@id='spCommandBar']", "//*[@id='spSiteHeader']", "//*[@id='spLeftNav']", "//*[@id='CommentsWrapper']",
    f"//*[{auto('pageCommandBar')}]", f"//*[{auto('pageFooter')}]", "//*[@data-sp-feature-tag='Comments']",
    "//nav", "//*[@role='navigation']",
    # Font-size widgets, share and print bars, read-more links on news portals.
    f"//*[{cls('fontsize')}]", f"//*[{cls('font-size')}]", f"//*[{cls('css_linkstoweb')}]",
    f"//*[{cls('css_printandback')}]", f"//*[{cls('share-bar')}]", f"//*[{cls('ms-socialNotif')}]",
    f"//*[{cls('css_Xemtiep')}]",
)

_QUOTED = compiled(r"'([^']*)'")


def needs(xp: XPath) -> tuple[Literal["id", "class"], str] | None:
    """The id, or the class word, without which a rule can match nothing: for the rules that test
    nothing else (``//*[@id='x']``, ``//*[cls('x')]``); None for any other rule."""
    m = _QUOTED.search(xp.path)
    if m is None:
        return None
    word = m.group(1)
    if xp.path == f"//*[@id='{word}']":
        return "id", word
    if xp.path == f"//*[{cls(word)}]":
        return "class", word
    return None


# What each chrome rule needs on the page (``strip_chrome`` skips a rule whose id or class word no
# element carries rather than scanning the whole page for it), and the two scans that read them.
CHROME_NEEDS = tuple(needs(xp) for xp in CHROME)
PAGE_IDS = XPath("//@id", smart_strings=False)
PAGE_CLASSES = XPath("//@class", smart_strings=False)

# A chrome element that contains any of these is not removed: broken markup can nest the whole
# page inside a toolbar (batch-stc: an unclosed Wayback div#wm-ipp holds every web part).
CHROME_KEEP = XPath("./descendant::*[@id='DeltaPlaceHolderMain' or @id='MSO_ContentTable'"
                    " or @id='s4-bodyContainer'"
                    f" or {cls('ms-WPBody')} or {cls('ms-rtestate-field')} or {cls('ms-formtable')}][1]")

# View counters that belong to the article (never the site-wide hit counter, tb-HitCount).
VIEW_XPATHS: XPaths = _x(f"//*[{cls('css_readCounter')}]", f"//*[{cls('view-count')}]",
                         "//*[@id='viewCounter']", f"//*[{auto('pageViewCount')}]")
# Site-wide hit counters: their numbers are never an article's views.
HIT_COUNTERS: XPaths = _x(f"//*[{cls('tb-HitCount')}]", f"//*[{cls('dvHit-main')}]",
                          f"//*[{cls('HitCount-content')}]")

# Related-news lists whose entry for this very article carries its date (where the date appears
# nowhere else: corpus/19-vn-daknong-hdnd-article-in-vbpl-webpart.html): the link text equals the
# title, the date is in span.ShowDate.
RELATED_ENTRY_DATE = XPath(f"//li[a][span[{cls('ShowDate')}]]")

# List display forms (SP2010 server-rendered, SP2013 client-rendered cells).
FORM_ROWS = XPath(f"//table[{cls('ms-formtable')}]//tr[td[{cls('ms-formlabel')}]]")
FORM_LABEL = XPath(f"./td[{cls('ms-formlabel')}]")
FORM_BODY = XPath(f"./td[{cls('ms-formbody')}]")
# The class of the table that shows a body-less item's fields (listform.fields_table).
FIELDS_TABLE_CLASS = "portalconv-item-fields"

# Rich-text styles that mark a quotation (SharePoint's rte styles, common portal classes).
QUOTE_CLASS = compiled(r"ms-rteStyle-Quote|ms-rteElement-Quote|ms-rteStyle-IntenseQuote|pullquote|blockquote",
                       re.IGNORECASE)
# Tables that only lay out a page: SP2010+ wiki and rich-text layouts (layoutsTable with
# ms-rte-layoutszone cells) are read cell by cell, never as data tables.
LAYOUT_TABLE_IDS = ("layoutsTable",)
LAYOUT_ZONE_CLASS = "ms-rte-layoutszone"
# Header rows of tables (the rich-text editor's ms-rteTableHeaderRow-* styles, HeaderRow classes).
HEADER_ROW_CLASS = compiled(r"headerrow", re.IGNORECASE)

# Images that decorate rather than illustrate: SharePoint's interface images (/_layouts/…: presence
# dots, file-type icons, portal buttons such as LacViet's xemtiep.gif) and icon classes. Images of at
# most ICON_SIZE pixels both ways, as the page declares them, are icons too.
DECORATIVE_SRC = compiled(r"/_layouts/|/_catalogs/theme/|(?:^|/)(?:icons?|emoticons?)/", re.IGNORECASE)
# SP2013 draws presence dots from a sprite: img.ms-spimn-img inside span.ms-imnImg.
DECORATIVE_CLASS = compiled(r"\b(?:ms-asset-icon|ms-imnImg|ms-spimn-img|icon)\b", re.IGNORECASE)
ICON_SIZE = 32
