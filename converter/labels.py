"""Words the writers print themselves ("Figure", "Page", metadata labels), per language."""

from __future__ import annotations

_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "figure": "Figure",
        "table": "Table",
        "page": "Page",
        "of": "of",
        "published": "Published",
        "modified": "Modified",
        "created": "Created",
        "authors": "Author",
        "category": "Category",
        "views": "Views",
        "source": "Source",
        "content_type": "Content type",
        "version": "Version",
        "created_by": "Created by",
        "modified_by": "Modified by",
        "missing_image": "Missing image",
        "contents": "Contents",
        "tags": "Tags",
        "site_name": "Site",
        "cover": "Cover",  # the EPUB cover page's title
        "landmarks": "Landmarks",  # the EPUB navigation's landmarks heading
    },
    "vi": {
        "figure": "Hình",
        "table": "Bảng",
        "page": "Trang",
        "of": "/",
        "published": "Ngày đăng",
        "modified": "Ngày sửa đổi",
        "created": "Ngày tạo",
        "authors": "Tác giả",
        "category": "Chuyên mục",
        "views": "Lượt xem",
        "source": "Nguồn",
        "content_type": "Loại nội dung",
        "version": "Phiên bản",
        "created_by": "Người tạo",
        "modified_by": "Người sửa",
        "missing_image": "Thiếu ảnh",
        "contents": "Mục lục",
        "tags": "Thẻ",
        "site_name": "Trang web",
        "cover": "Bìa",
        "landmarks": "Mốc chính",
    },
    "fr": {
        "figure": "Figure",
        "table": "Tableau",
        "page": "Page",
        "of": "sur",
        "published": "Publié le",
        "modified": "Modifié le",
        "created": "Créé le",
        "authors": "Auteur",
        "category": "Catégorie",
        "views": "Vues",
        "source": "Source",
        "content_type": "Type de contenu",
        "version": "Version",
        "created_by": "Créé par",
        "modified_by": "Modifié par",
        "missing_image": "Image manquante",
        "contents": "Sommaire",
        "tags": "Mots-clés",
        "site_name": "Site",
        "cover": "Couverture",
        "landmarks": "Repères",
    },
    "ar": {
        "figure": "الشكل",
        "table": "الجدول",
        "page": "صفحة",
        "of": "من",
        "published": "تاريخ النشر",
        "modified": "تاريخ التعديل",
        "created": "تاريخ الإنشاء",
        "authors": "الكاتب",
        "category": "الفئة",
        "views": "المشاهدات",
        "source": "المصدر",
        "content_type": "نوع المحتوى",
        "version": "الإصدار",
        "created_by": "أنشأه",
        "modified_by": "عدّله",
        "missing_image": "صورة مفقودة",
        "contents": "المحتويات",
        "tags": "الوسوم",
        "site_name": "الموقع",
        "cover": "الغلاف",
        "landmarks": "المعالم",
    },
}


# French typography puts a space before a colon, a narrow no-break one (U+202F) so that the colon
# never starts a line: "Publié le : 3 juin".
_SPACE_BEFORE_COLON = frozenset({"fr"})


def colon(language: str) -> str:
    """What follows a label before its value: ": ", or narrow no-break space + ": " in French."""
    return "\u202f: " if language.split("-")[0].lower() in _SPACE_BEFORE_COLON else ": "


def label(key: str, language: str) -> str:
    """The label for ``key`` in the article's language (primary subtag), English otherwise."""
    table = _LABELS.get(language.split("-")[0].lower(), _LABELS["en"])
    return table.get(key, _LABELS["en"][key])


# Scripts written right to left: the writers set the base direction of the text from this.
RIGHT_TO_LEFT = frozenset({"ar", "fa", "ur", "ps", "he", "yi", "dv", "sd", "ug", "ckb"})


def right_to_left(language: str) -> bool:
    """Whether text in ``language`` (BCP 47) runs right to left."""
    return language.split("-")[0].lower() in RIGHT_TO_LEFT
