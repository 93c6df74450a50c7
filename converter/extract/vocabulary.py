"""Words SharePoint pages use about themselves, as data: field labels, footers, dates, bylines.

Vietnamese, English and French forms side by side; the logic in ``metadata.py``, ``listform.py``
and ``header.py`` only consumes these tables (docs/architecture.md, "house style").
"""

from __future__ import annotations

import re

from ..patterns import compiled

# What a labelled publishing zone holds, by its hidden label (lower-cased). Unknown labels are
# "other": custom fields (IATAContentBox1, HighlightInformation) that may be sidebars.
ZONE_ROLES: dict[str, str] = {
    "page content": "body", "nội dung trang": "body", "contenu de la page": "body", "article content": "body",
    "seiteninhalt": "body", "contenido de la página": "body", "body": "body", "nội dung": "body",
    "page image": "image", "hình ảnh trang": "image", "image de la page": "image",
    "image caption": "caption", "chú thích ảnh": "caption", "légende de l'image": "caption",
    "byline": "byline", "tác giả": "byline", "signature": "byline",
    "article date": "date", "ngày bài viết": "date", "date de l'article": "date",
    "summary": "lead", "tóm tắt": "lead", "résumé": "lead", "page description": "lead",
}

# List-form labels (what the page shows) → model field; the rest stay in Metadata.fields.
FIELD_LABELS: dict[str, str] = {
    "tiêu đề": "title", "title": "title", "titre": "title",
    "tóm tắt": "lead", "summary": "lead", "description": "lead", "résumé": "lead", "trích yếu": "lead",
    "byline": "authors", "tác giả": "authors", "author": "authors", "người viết": "authors", "auteur": "authors",
    "created by": "created_by", "người tạo": "created_by", "créé par": "created_by",
    "modified by": "modified_by", "người sửa đổi": "modified_by", "modifié par": "modified_by",
    "ngày xuất bản": "published", "article date": "published", "published": "published", "ngày đăng": "published",
    "publisheddate": "published", "scheduling start date": "published", "publié": "published",
    "date de publication": "published",
    "loại bài viết": "category", "category": "category", "chuyên mục": "category", "catégorie": "category",
    "danh mục": "category", "postcategory": "category",
    "phân loại": "tags", "tags": "tags", "từ khóa": "tags", "enterprise keywords": "tags", "mots clés": "tags",
    "số lượt người đọc": "views", "lượt xem": "views", "views": "views",
    "nội dung": "body", "body": "body", "page content": "body", "corps": "body", "nội dung trang": "body",
    "contenu de la page": "body", "publishingpagecontent": "body", "wiki content": "body",
}

# SharePoint internal field names (language independent) → model field. Used for client-side
# JSON and for form rows whose label is not in FIELD_LABELS.
INTERNAL_FIELDS: dict[str, str] = {
    "title": "title", "body": "body", "publishingpagecontent": "body", "wikifield": "body",
    "comments": "lead", "articlesummary": "lead", "tomtat": "lead",
    "articlestartdate": "published", "publisheddate": "published", "ngayxuatban": "published",
    "articlebyline": "authors", "tacgia": "authors", "author": "authors",
    "editor": "modified_by", "created": "created", "modified": "modified",
    "postcategory": "category", "categories": "category", "loaibaiviet": "category",
    "taxkeyword": "tags", "_uiversionstring": "version", "contenttype": "content_type",
    "soluotnguoidoc": "views",
}
# Internal names whose values are about the item's record, not shown as article fields.
HOUSEKEEPING_FIELDS = frozenset({
    "id", "permmask", "fsobjtype", "_moderationstatus", "_moderationstatus.", "attachments", "contenttypeid",
    "filerefnoext", "fileref", "fileleafref", "_level", "_isfolder", "owshiddenversion", "smtotalsize",
    "postedbywithdate", "categorywithlink", "permalink", "emailpostlink", "numcomments", "numcommentsid",
    "linktitle", "linktitlenomenu", "edit", "docicon", "selecttitle", "uniqueid", "guid", "_hasversions",
})

# Footer lines of list forms, wiki and publishing pages: "Content Type: …", "Version: …",
# "Created at … by …", "Last modified at … by …". Each field starts with its label; any value may be
# empty (a client-rendered form leaves the spans for the date and the user empty until script runs).
FOOTER_LABELS: dict[str, tuple[str, ...]] = {
    "content_type": ("Content Type", "Loại Nội dung", "Type de contenu"),
    "version": ("Version", "Phiên bản"),
    "created": ("Created at", "Được tạo lúc", "Được tạo vào", "Créé le"),
    "modified": ("Last modified at", "Sửa đổi lần cuối lúc", "Được sửa đổi lần cuối vào", "Dernière modification le"),
}
_FOOTER_BY = r"(?:by|bởi|par)"


def _words(key: str) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in FOOTER_LABELS[key])


FOOTER: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("content_type", compiled(rf"^(?:{_words('content_type')})\s*:\s*(?P<value>.*?)\s*$", re.IGNORECASE)),
    ("version", compiled(rf"^(?:{_words('version')})\s*:\s*(?P<value>\d[\w.]*)?\s*$", re.IGNORECASE)),
    *((key, compiled(rf"^(?:{_words(key)})(?:\s+(?P<when>.+?))??\s+{_FOOTER_BY}(?:\s+(?P<who>.+?))?\s*$",
                     re.IGNORECASE)) for key in ("created", "modified")),
)
# Where a footer field starts: its label, with the colon of a labelled value or the space before a
# date. Within one footer line the labels delimit the fields, so an empty value stays empty.
FOOTER_LABEL = compiled(rf"(?:{_words('content_type')}|{_words('version')})\s*:|"
                        rf"(?:{_words('created')}|{_words('modified')})(?=\s|$)", re.IGNORECASE)

# Words before a date on header lines: "Date: 2 June 2019", "Ngày đăng: 08/10/2021",
# "Published in Press Releases on 26 May 2017", "Posted at 3:15 PM", "Publié le 6 septembre 2012".
DATE_PREFIX = compiled(
    r"^\s*(?:Date|Ngày đăng|Ngày|Posted(?: on| at)?|Published(?: in .+? on| on| in .+?)?|Publié le|Đăng ngày|"
    r"Cập nhật|Updated)\s*:?\s*", re.IGNORECASE)
# "Published in Council news on 26 May 2017": the section and the date in one line.
PUBLISHED_IN = compiled(r"^\s*(?:Published|Posted|Đăng)\s+(?:in|trong|tại)\s+(?P<section>.+?)\s+(?:on|ngày)\s+"
                        r"(?P<date>.+)$", re.IGNORECASE)
# A header line that is only a date and time (portal web parts): "(26.07.2019 14:14)".
DATE_ONLY = compiled(r"^\(?\s*\d{1,2}[./-]\d{1,2}[./-]\d{4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*\)?$")

# "08/10/2021 | Thu Thảo": the portal's date-and-author line.
BYLINE_LINE = compiled(r"^\s*\d{1,2}/\d{1,2}/\d{4}\s*\|\s*(?P<who>[^|]{2,80})$")
BYLINE_PREFIX = compiled(r"^\s*(?:By|Bởi|Tác giả|Author|Par|Posted by|Publié par)\s*:?\s+(?P<who>.{2,120}?)"
                         r"(?:\s*(?:\||,)?\s*(?:on|at|le|lúc)\s+\d.*)?$", re.IGNORECASE)
# SP2010 blog footer: "Posted at 3:15 PM by Jane Doe | Category: News | Permalink | …".
POSTED_FOOTER = compiled(r"Posted\s+(?:at|on)\s+(?P<when>.+?)\s+by\s+(?P<who>[^|]+?)\s*(?:\||$)", re.IGNORECASE)
# Credit and source lines that close Vietnamese articles: "Tin, ảnh: Mỹ Hằng", "Theo: Báo Đắk Nông".
CREDIT_LINE = compiled(r"^\s*(?:Tin(?:\s*(?:,|và)\s*ảnh)?|Bài(?:\s*(?:,|và)\s*ảnh)?|Ảnh|Tin, bài|"
                       r"Text and photos|Photos?)\s*:\s*(?P<who>[^\n]{2,80})$", re.IGNORECASE)
# A photo's caption that ends with its credit, the Vietnamese press convention under a photo:
# "Thủ tướng dự Phiên toàn thể … Ảnh: Thống Nhất - TTXVN", "… (Ảnh: Mỹ Hằng)", "… Photo: AFP".
PHOTO_CREDIT_END = compiled(r"(?:^|[\s.(])(?:Ảnh|Nguồn ảnh|Ảnh minh họa|Ảnh minh hoạ|Photo|Foto|Crédit photo)"
                            r"\s*:\s*[^.:()]{2,60}\)?\s*\.?\s*$", re.IGNORECASE)
# "Theo" also opens ordinary sentences ("Theo kế hoạch, …"): without a colon only a short line
# with no comma is a source line.
SOURCE_LINE = compiled(r"^\s*\(?(?:(?:Theo|Nguồn|Source)\s*:\s*(?P<who>[^\n]{2,120}?)|"
                       r"Theo\s+(?P<short>[^,\n]{2,50}?))\)?\s*$", re.IGNORECASE)
# "(TUAG)- ", "(CTTĐT) - ": the agency tag that opens a Vietnamese news lead.
LEAD_TAG = compiled(r"^\s*\([\w\s.&-]{2,20}\)\s*[-–—]")
# "Seoul - ", "Halvergate – ": a bold dateline opening an English press release's lead.
DATELINE = compiled(r"^\s*[^\W\d][\w .,'’]{0,40}\s[-–—]\s")
# "GENEVA – ", "HÀ NỘI - ": a dateline in capitals needs no bold to be one (the caller checks the
# place is in capitals: str.isupper knows Vietnamese letters, a character class would not).
CAPS_DATELINE = compiled(r"^\s*(?P<place>[^\W\d_]{2,}(?:[ .,'’]+[^\W\d_]+){0,4})\s[-–—]\s")

# Paragraph texts inside an article body that are chrome (font-size widget, print, read-more).
CHROME_TEXT: tuple[re.Pattern[str], ...] = (
    compiled(r"^\s*Cỡ chữ\s*:?.*$", re.IGNORECASE),
    compiled(r"^\s*Font size\s*:?.*$", re.IGNORECASE),
    compiled(r"^\s*(Bản in|In bài viết|Print|Gửi email|Quay lại|Back|Xem tiếp|Read more)\s*$", re.IGNORECASE),
    compiled(r"^\s*Xem chi tiết\s+tại đây\s*\.?\s*$", re.IGNORECASE),
    compiled(r"^\s*(JavaScript ne semble pas être activé|JavaScript must be enabled|Please enable scripts).*$",
             re.IGNORECASE),
)

# Blocks from these headings on are portal chrome (related news lists).
RELATED_HEADINGS: tuple[str, ...] = ("TIN ĐÃ ĐƯA", "TIN LIÊN QUAN", "TIN KHÁC", "CÁC TIN KHÁC", "RELATED NEWS",
                                     "RELATED LINKS", "RELATED ARTICLES")

# View counters: "Lượt người xem: 252", "Số lượt đọc: 1.318", "Views: 252"; never "lượt truy cập"
# (visits to the whole site).
VIEW_TEXT = compiled(
    r"(?:Số\s+)?Lượt\s+(?:người\s+)?(?:xem|đọc)\s*:?\s*(?:Views\s*:)?\s*(?P<n>\d[\d.,\s]*)|"
    r"\bViews\s*:\s*(?P<m>\d[\d.,]*)",
    re.IGNORECASE,
)

# Page names that are site furniture, not article titles.
GENERIC_TITLES = frozenset({"trang chủ", "home", "accueil", "default", "pages", "dispform", "view item",
                            "blog", "tin tức", "news"})

# Teaser links of listings and home pages ("Read Full Story", "Xem tiếp", "Chi tiết").
READ_MORE = compiled(r"^(?:Read (?:Full Story|more|the full story)|More|Xem tiếp|Xem thêm|Chi tiết|"
                     r"Lire la suite|En savoir plus)\s*(?:»|>>|\.\.\.|…)?$", re.IGNORECASE)
# The label of a "Theo: …" source line kept as a metadata field, per article language.
SOURCE_LABEL: dict[str, str] = {"vi": "Nguồn", "en": "Source", "fr": "Source"}

# Class or id words that name a category line above a title ("chuyenmuc", "category", LacViet's
# "FolderTitle", "kicker"): with such a name a short line needs no link to be the category.
CATEGORY_HINT = compiled(r"categ|chuyen-?muc|danh-?muc|chu-?de|folder|section|kicker|rubri|topic|eyebrow",
                         re.IGNORECASE)
# A line that is only an article's view counter: "Số lượt người xem: 13", "Lượt xem: 245",
# "Views: 1,024", "1.024 lượt xem", "Đã xem: 12".
VIEW_LINE = compiled(
    r"^\s*(?:(?:Số\s+)?Lượt\s+(?:người\s+)?(?:xem|đọc)|Đã xem|Số lần xem|Views?|Page views|Hits|Read|Lu|Vues)"
    r"\s*:?\s*\d[\d.,\s]*(?:lượt|views?|times)?\s*$|"
    r"^\s*\d[\d.,\s]*\s+(?:lượt\s+(?:người\s+)?(?:xem|đọc)|views|vues)\s*$",
    re.IGNORECASE)
# Words a date line may hold besides the date itself: weekdays (Vietnamese, English, French),
# "Ngày", labels, time words and zones. What is left after removing them (and the date) must be
# nothing for a line to be a date line.
DATE_LINE_WORDS = compiled(
    r"\b(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật|CN|ngày|lúc|giờ|cập\s+nhật|đăng|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"date|posted|published|updated|on|at|le|à|publié|mis\s+à\s+jour|"
    r"am|pm|a\.m\.|p\.m\.|SA|CH|GMT|UTC|ICT|BST)\b",
    re.IGNORECASE)
# The role a closing name may carry when the writer compiled rather than wrote the piece:
# "Hoàng Long (sưu tầm)", 'Hoàng Long "sưu tầm"', "Minh Anh (tổng hợp)", "Jane Doe (compiled)".
SIGNATURE_ROLE = compiled(r"\s*[(\"“”']?\s*(?:sưu\s+tầm|tổng\s+hợp|biên\s+soạn|st|th|compiled|compiler)\s*"
                          r"[)\"“”']?\s*\.?\s*$", re.IGNORECASE)
# A person's name as a closing line: two to five capitalised words of letters ("Kim Ngân",
# "Nguyễn Văn An", "Mary-Jane O'Neil").
PERSON_NAME = compiled(r"^(?:[^\W\d_][\w'’.-]*\s+){1,4}[^\W\d_][\w'’.-]*$")
# How a caption paragraph opens when it points at the photo: "Above - …", "Pictured: …",
# "(Ảnh: …)", "Hình: …", "Photo: …", "Trong ảnh: …".
# ("Ảnh: Minh Tâm" alone is a credit: the closing-line rules read it as the author.)
CAPTION_OPENING = compiled(r"^\s*(?:\(\s*(?:Ảnh|Photo|Hình)\s*:.*\)\s*$|(?:Above|Below|Pictured|Top|Bottom|"
                           r"Trong ảnh|Ci-dessus|En photo)\s*[-–—:]\s*\S)", re.IGNORECASE)
# The writer's newsroom or agency after a closing name: "Vương Hợp – PT.", "Thu Hà - TTXVN".
AGENCY_SUFFIX = compiled(r"\s*[-–—/]\s*[A-ZĐ][A-ZĐ0-9&]{0,7}\.?\s*$")
# Where a credit line passes from one contributor to the next: "Tin: Minh Anh - Ảnh: Thu Hà",
# "Bài: A; ảnh: B", "Text: A, photos: B".
CREDIT_SPLIT = compiled(r"\s*[-–—;,|/]\s*(?:Ảnh|Photos?|Tin|Bài)\s*:\s*", re.IGNORECASE)
