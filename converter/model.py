"""The article model: frozen, slotted dataclasses that every reader produces and every writer consumes.

The unions are closed (``Inline`` and ``Block``); writers dispatch on them with ``match`` and
``assert_never`` so that adding a kind fails type checking until every writer handles it.
Changes go through :func:`dataclasses.replace`. JSON (de)serialisation lives in ``converter.jsonio``.
"""

from __future__ import annotations

from dataclasses import field
from datetime import datetime

from .records import dataclass

# Bump when the JSON shape changes; ``jsonio.loads`` refuses versions it does not know.
# 2: Figure.link (the address the page's photo linked to).
SCHEMA_VERSION = 2
# Older versions this one reads: each only lacks fields that have defaults here.
READABLE_VERSIONS = frozenset({1, SCHEMA_VERSION})

# --------------------------------------------------------------------------- inlines


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Underline:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Superscript:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Subscript:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Code:
    text: str


@dataclass(frozen=True, slots=True)
class Link:
    children: tuple[Inline, ...]
    url: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class LineBreak:
    pass


Inline = Text | Strong | Emphasis | Underline | Superscript | Subscript | Code | Link | LineBreak
# Inline kinds that only wrap other inlines; handy for generic traversal.
Container = Strong | Emphasis | Underline | Superscript | Subscript | Link

# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True)
class Paragraph:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 1..6, relative to the article (the article title is above level 1)
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class ListItem:
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class ListBlock:
    ordered: bool
    items: tuple[ListItem, ...]
    start: int = 1


@dataclass(frozen=True, slots=True)
class TableCell:
    children: tuple[Inline, ...]
    header: bool = False
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True, slots=True)
class TableRow:
    cells: tuple[TableCell, ...]


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[TableRow, ...]
    caption: tuple[Inline, ...] = ()
    header_rows: int = 0  # leading rows that repeat on every page


@dataclass(frozen=True, slots=True)
class Image:
    """A picture as the page referenced it; ``resource`` is None when its bytes were not found."""

    src: str
    alt: str = ""
    resource: str | None = None  # key into Article.resources
    width: int | None = None  # CSS pixels declared by the page, if any
    height: int | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    image: Image
    caption: tuple[Inline, ...] = ()
    credit: str = ""
    link: str = ""  # where the photo led (its enclosing <a href>), resolved like a Link's url


@dataclass(frozen=True, slots=True)
class Quote:
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Signature:
    """The byline or signature line that closes many news articles ("THU THẢO")."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Rule:
    pass


Block = Paragraph | Heading | ListBlock | Table | Figure | Quote | Signature | Rule

# --------------------------------------------------------------------------- metadata


@dataclass(frozen=True, slots=True)
class DateValue:
    """A moment as the page showed it (``text``) and as understood (``value``, timezone-aware)."""

    text: str
    value: datetime | None = None


@dataclass(frozen=True, slots=True)
class Field:
    """One labelled value of the page (a list-form field, a footer line) kept in page order."""

    label: str
    value: str
    name: str = ""  # SharePoint internal name when the page gives it


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str = ""
    subtitle: str = ""
    lead: str = ""
    published: DateValue | None = None
    modified: DateValue | None = None
    created: DateValue | None = None
    authors: tuple[str, ...] = ()
    category: str = ""
    tags: tuple[str, ...] = ()
    language: str = ""  # BCP 47, e.g. "vi" or "en"
    site_name: str = ""
    source_url: str = ""
    views: int | None = None
    content_type: str = ""
    version: str = ""
    created_by: str = ""
    modified_by: str = ""
    fields: tuple[Field, ...] = ()


@dataclass(frozen=True, slots=True)
class Resource:
    """Bytes of one image found beside, inside or embedded in the saved page."""

    key: str  # stable, derived from content: "img-<sha256 prefix>.<ext>"
    media_type: str
    data: bytes = field(repr=False)
    origin: str = ""  # the reference as it appeared in the page


@dataclass(frozen=True, slots=True)
class Article:
    metadata: Metadata
    blocks: tuple[Block, ...]
    resources: tuple[Resource, ...] = ()

    def resource(self, key: str | None) -> Resource | None:
        """The resource with this key, or None (also for a None key)."""
        if key is None:
            return None
        for res in self.resources:
            if res.key == key:
                return res
        return None


# --------------------------------------------------------------------------- factories
# Small constructors with defaults so that tests and extractors stay one line.


def text(s: str) -> tuple[Inline, ...]:
    return (Text(s),) if s else ()


def para(s: str) -> Paragraph:
    return Paragraph(text(s))


def heading(level: int, s: str) -> Heading:
    return Heading(level, text(s))


def figure(src: str, caption: str = "", *, alt: str = "", resource: str | None = None, link: str = "") -> Figure:
    return Figure(Image(src=src, alt=alt, resource=resource), text(caption), link=link)


def bullet_list(*items: str, ordered: bool = False) -> ListBlock:
    return ListBlock(ordered, tuple(ListItem((para(i),)) for i in items))


def article(title: str, *blocks: Block, **meta: object) -> Article:
    return Article(Metadata(title=title, **meta), tuple(blocks))  # type: ignore[arg-type]
