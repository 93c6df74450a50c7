"""SharePoint knowledge as data: zones, chrome, field labels and footer patterns.

Adding a portal should mean adding rows here, not branches in the logic (see ARCHITECTURE.md,
house style 2). XPath helpers keep class tests exact (``ms-rtestate-field`` must not match
``ms-rtestate-field-x``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def cls(name: str) -> str:
    """XPath predicate: the element has CSS class ``name`` (whole word)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def cls_prefix(prefix: str) -> str:
    """XPath predicate: some class starts with ``prefix`` (``ExternalClassD44D…``)."""
    return f"(starts-with(@class, '{prefix}') or contains(@class, ' {prefix}'))"


@dataclass(frozen=True, slots=True)
class Profile:
    """Where one page flavour keeps its article; every entry is a list of XPaths, first hit wins."""

    name: str
    body: tuple[str, ...]
    title: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    byline: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()


PROFILES: tuple[Profile, ...] = (
    # LacViet CMS news web part on SP2010 provincial portals (corpus 17, 19; the seed page).
    Profile(
        name="portal-news",
        body=(f"//table[@id='tableforprint']//div[{cls_prefix('ExternalClass')}]",
              f"//div[{cls('news-detail')}]//div[{cls_prefix('ExternalClass')}]",
              f"//*[p[{cls('Title')}]]/following::div[{cls_prefix('ExternalClass')}][1]"),
        title=(f"//p[{cls('Title')}]", f"//*[{cls('news-title')}]"),
        date=(f"//tr[{cls('ms-news-header')}]//td[{cls('Time')}]", f"//*[{cls('news-date')}]"),
        category=(f"//tr[{cls('ms-news-header')}]//td[{cls('FolderTitle')}]",),
        byline=(f"//*[{cls('lv-authorname')}]", f"//*[{cls('news-byline')}]", f"//*[{cls('Author')}]"),
        lead=(f"//b[{cls('lv_description_mode1')}]",),
    ),
    # Blog posts (SP2010/2013 blog site templates).
    Profile(
        name="blog-post",
        body=(f"//div[{cls('ms-PostBody')}]",),
        title=(f"//*[{cls('ms-PostTitle')}]",),
        date=(f"//*[{cls('ms-PostDate')}]", f"//*[{cls('ms-blog-postDate')}]"),
        byline=(f"//*[{cls('ms-PostFooter')}]//a[contains(@href, 'userdisp') or contains(@href, 'Person')]",),
    ),
    # Classic publishing pages: RichHtmlField zones (SP2010/2013/2016), then Content Editor web parts.
    Profile(
        name="publishing",
        body=(f"//div[contains(@id, 'RichHtmlField')]//div[{cls('ms-rtestate-field')}]",
              f"//div[{cls('ms-rtestate-field')}][ancestor::*[contains(@id, 'PlaceHolderMain')]]",
              f"//div[{cls('ms-WPBody')}]//div[{cls('ms-rtestate-field')}]",
              f"//div[{cls('ms-wikicontent')}]",
              f"//div[{cls('ms-rtestate-field')}]"),
        title=("//*[@id='pageTitle']//h1", "//h1[@id='pageTitle']",
               "//*[contains(@id, 'PlaceHolderPageTitleInTitleArea')]",
               "//*[@id='DeltaPlaceHolderMain']//h1", "//h1"),
        date=(f"//*[{cls('article-date')}]", f"//*[{cls('date-line')}]", f"//*[{cls('ms-pageArticleDate')}]",
              "//*[contains(@id, 'ArticleStartDate')]", "//p[@id='date']"),
        byline=(f"//*[{cls('article-byline')}]", f"//*[{cls('by-line')}]", f"//*[{cls('ms-pageByline')}]",
                "//*[contains(@id, 'ArticleByLine')]"),
        # No category field on most layouts: the selected quick-launch entry names the section.
        category=(f"//*[{cls('article-category')}]",
                  f"//*[{cls('ms-core-listMenu-verticalBox')}]//a[{cls('ms-core-listMenu-selected')}]"
                  f"//*[{cls('menu-item-text')}]",
                  f"//*[{cls('s4-breadcrumbCurrentNode')}]"),
    ),
)

# Elements that are never article content, removed from the whole page before extraction.
CHROME: tuple[str, ...] = (
    "//script", "//style", "//noscript", "//template", "//link", "//meta",
    "//input", "//select", "//button", "//textarea", "//object[not(param)]",
    "//*[@id='s4-ribbonrow']", "//*[@id='suiteBar']", "//*[@id='suiteBarTop']",
    f"//*[{cls('ms-cui-topBar2')}]", f"//*[{cls('ms-cui-ribbonTopBars')}]", "//*[@id='RibbonContainer']",
    "//*[@id='wm-ipp-base']", "//*[@id='wm-ipp']", "//*[@id='donato']",  # Wayback toolbar
    f"//*[{cls('ms-hide')}]", f"//*[{cls('s4-die')}]", "//*[@hidden]",
    # translate() lower-cases and, since the space has no counterpart, deletes spaces.
    "//*[contains(translate(@style, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ ', 'abcdefghijklmnopqrstuvwxyz'),"
    " 'display:none')]",
    "//*[contains(translate(@style, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ ', 'abcdefghijklmnopqrstuvwxyz'),"
    " 'visibility:hidden')]",
    # Font-size widgets, share and print bars on news portals.
    f"//*[{cls('fontsize')}]", f"//*[{cls('font-size')}]", f"//*[{cls('css_linkstoweb')}]",
    f"//*[{cls('css_printandback')}]", f"//*[{cls('share-bar')}]", f"//*[{cls('ms-socialNotif')}]",
)

# Paragraph texts inside an article body that are chrome (font-size widget, print links...).
CHROME_TEXT: tuple[re.Pattern[str], ...] = (
    re.compile(r"^\s*Cỡ chữ\s*:?.*$", re.IGNORECASE),
    re.compile(r"^\s*Font size\s*:?.*$", re.IGNORECASE),
    re.compile(r"^\s*(Bản in|In bài viết|Print)\s*$", re.IGNORECASE),
)

# List-form labels (Vietnamese and English) → model field; the rest go to Metadata.fields.
FIELD_MAP: dict[str, str] = {
    "tiêu đề": "title", "title": "title",
    "tóm tắt": "lead", "summary": "lead", "description": "lead", "byline": "authors",
    "tác giả": "authors", "author": "authors", "người viết": "authors", "created by": "created_by",
    "ngày xuất bản": "published", "article date": "published", "published": "published",
    "publisheddate": "published", "scheduling start date": "published",
    "loại bài viết": "category", "category": "category", "chuyên mục": "category",
    "postcategory": "category", "phân loại": "tags", "tags": "tags",
    "số lượt người đọc": "views", "lượt xem": "views", "views": "views",
    "nội dung": "body", "body": "body", "page content": "body", "publishingpagecontent": "body",
}

# Footer lines of list forms and publishing pages ("Created at … by …").
FOOTER: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("content_type", re.compile(r"^Content Type:\s*(?P<value>.+)$", re.IGNORECASE)),
    ("version", re.compile(r"^Version:\s*(?P<value>\S.*)$", re.IGNORECASE)),
    ("created", re.compile(r"^Created at\s+(?P<when>.+?)\s+by\s+(?P<who>.+)$", re.IGNORECASE)),
    ("modified", re.compile(r"^Last modified at\s+(?P<when>.+?)\s+by\s+(?P<who>.+)$", re.IGNORECASE)),
)

# View counters: LacViet's span, or the bilingual label "Lượt người xem: Views: 252".
VIEW_XPATHS: tuple[str, ...] = (f"//*[{cls('css_readCounter')}]", f"//*[{cls('view-count')}]")
VIEW_TEXT = re.compile(
    r"(?:Số\s+)?Lượt\s+(?:người\s+)?(?:xem|đọc)\s*:?\s*(?:Views\s*:)?\s*(?P<n>\d[\d.,\s]*)|"
    r"\bViews\s*:\s*(?P<m>\d[\d.,]*)",
    re.IGNORECASE,
)
# "08/10/2021 | Thu Thảo": the portal's date-and-author line.
BYLINE_LINE = re.compile(r"^\s*\d{1,2}/\d{1,2}/\d{4}\s*\|\s*(?P<who>[^|]{2,80})$")
BYLINE_PREFIX = re.compile(r"^\s*(?:By|Bởi|Tác giả|Author)\s*:?\s+(?P<who>.{2,120})$", re.IGNORECASE)
# "(TUAG)- ", "(CTTĐT) - ": the agency tag that opens a Vietnamese news lead.
LEAD_TAG = re.compile(r"^\s*\([\w\s.&-]{2,20}\)\s*[-–—]")
# "Seoul - ", "Halvergate – ": a bold dateline opening an English press release's lead.
DATELINE = re.compile(r"^\s*[^\W\d][\w .,'’]{0,40}\s[-–—]\s")
# Rich-text styles that mark a quotation (SharePoint's rte styles, common portal classes).
QUOTE_CLASS = re.compile(r"ms-rteStyle-Quote|ms-rteElement-Quote|ms-rteStyle-IntenseQuote|pullquote|blockquote",
                         re.IGNORECASE)

# Blocks after these headings are portal chrome (related news lists).
RELATED_HEADINGS: tuple[str, ...] = ("TIN ĐÃ ĐƯA", "TIN LIÊN QUAN", "TIN KHÁC", "RELATED NEWS")
