"""Package-level parts of the EPUB: Dublin Core metadata, the identifier and the table of contents.

Everything here is derived from the article so that the same article always gives the same
package document, navigation document and NCX (ebooklib would otherwise use a random uuid4 and
the current time).
"""

from __future__ import annotations

import dataclasses
import hashlib
import uuid
from dataclasses import field
from datetime import UTC, datetime

from ebooklib import epub
from lxml import etree

from ...jsonio import dumps
from ...model import Article, DateValue
from ...patterns import compiled
from ...records import dataclass
from ...render.html import xml_text
from .. import moments

XHTML = "{http://www.w3.org/1999/xhtml}"
# Languages written right to left (primary subtags): Arabic, Persian, Urdu, Pashto, Hebrew, Yiddish,
# Dhivehi, Sindhi, Uyghur, Central Kurdish. The same list as the PDF writer's.
# The shape of a language tag (RFC 5646, section 2.1) loose enough for every registered tag.
_BCP47 = compiled(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")
# Namespace for identifiers derived from the model's hash (random once, fixed forever).
_CONTENT_NS = uuid.UUID("5b0d7a4e-2f2c-4c4e-9d8e-2a1f3d6c9b71")


def identifier(article: Article) -> str:
    """``urn:uuid:`` + a uuid5 of the source URL, or of the model's SHA-256 when there is no URL."""
    url = article.metadata.source_url
    if url:
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}"
    digest = hashlib.sha256(dumps(article).encode("utf-8")).hexdigest()
    return f"urn:uuid:{uuid.uuid5(_CONTENT_NS, digest)}"


def language_tag(value: str) -> str:
    """A well-formed BCP 47 tag for ``dc:language`` and ``lang``: the article's, else "en" when it
    has none, else "und" (undetermined) when a page declared something like ``vi_VN`` or ``{lang}``,
    which epubcheck rejects (OPF-092 in the package, RSC-005 in the XHTML)."""
    tag = xml_text(value).strip().replace("_", "-")
    if not tag:
        return "en"
    return tag if _BCP47.fullmatch(tag) else "und"


def _utc(moment: datetime) -> datetime:
    # A naive datetime has no offset to convert from; reading it as UTC is the only neutral choice.
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _value(date: DateValue | None) -> datetime | None:
    return date.value if date is not None else None


def modified(article: Article) -> datetime:
    """The moment for ``dcterms:modified`` (UTC), which EPUB 3 requires: the page's modified, else
    published, else created date; ``moments.NO_DATE`` for a page without any (never the clock)."""
    return _utc(moments.required(article.metadata))


def w3cdtf(moment: datetime) -> str:
    """ISO 8601 as W3CDTF wants it (seconds, and an offset whenever a time is given)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    text = moment.isoformat(timespec="seconds")
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def add_metadata(book: epub.EpubBook, article: Article, title: str, language: str) -> None:
    """Dublin Core elements for every metadata field a reading system can show or index."""
    md = article.metadata
    # lxml refuses control characters, which a model loaded from JSON may hold.
    md = dataclasses.replace(
        md, subtitle=xml_text(md.subtitle), lead=xml_text(md.lead), category=xml_text(md.category),
        site_name=xml_text(md.site_name), source_url=xml_text(md.source_url),
        authors=tuple(map(xml_text, md.authors)), tags=tuple(map(xml_text, md.tags)),
    )
    book.set_identifier(identifier(article))
    # ebooklib's set_title gives no id to refine; the subtitle is a second dc:title that
    # ``title-type`` tells apart (EPUB 3.3 meta properties), while EPUB 2 readers show the first.
    book.title = title
    book.add_metadata("DC", "title", title, {"id": "title"})
    book.add_metadata(None, "meta", "main", {"refines": "#title", "property": "title-type"})
    if md.subtitle:
        book.add_metadata("DC", "title", md.subtitle, {"id": "subtitle"})
        book.add_metadata(None, "meta", "subtitle", {"refines": "#subtitle", "property": "title-type"})
    book.set_language(language)
    # One id per creator (ids in the package document must be unique), each refined with its
    # MARC relator role so that readers list them as authors, not editors or illustrators.
    for n, author in enumerate(md.authors, 1):
        book.add_metadata("DC", "creator", author, {"id": f"creator-{n}"})
        book.add_metadata(None, "meta", "aut", {"refines": f"#creator-{n}", "property": "role",
                                                "scheme": "marc:relators"})
    published = _value(md.published)
    if published is not None:
        book.add_metadata("DC", "date", w3cdtf(published))
    for subject in (md.category, *md.tags):
        if subject:
            book.add_metadata("DC", "subject", subject)
    for name, value in (("description", md.lead), ("source", md.source_url), ("publisher", md.site_name)):
        if value:
            book.add_metadata("DC", name, value)


@dataclass
class _Entry:
    title: str
    href: str
    uid: str
    children: list[_Entry] = field(default_factory=list)

    def to_toc(self) -> epub.Link | tuple[epub.Section, list[object]]:
        if not self.children:
            return epub.Link(self.href, self.title, self.uid)
        return (epub.Section(self.title, self.href), [child.to_toc() for child in self.children])


def _headings(xhtml: bytes) -> list[tuple[int, str, str]]:
    """(level, text, id) of every body heading with an id, in document order."""
    root = etree.fromstring(xhtml)
    tags = {f"{XHTML}h{n}": n for n in range(2, 7)}
    out = []
    for el in root.iter(*tags):
        ident = el.get("id")
        if ident:
            words = "".join(str(t) for t in el.itertext()).split()
            out.append((tags[str(el.tag)], " ".join(words), ident))
    return out


def table_of_contents(title: str, href: str, xhtml: bytes) -> list[object]:
    """ebooklib's ``book.toc``: the article title, with its headings nested by level beneath it.

    The headings are read back from the rendered chapter so that the anchors are exactly the ids
    ``render.html`` gave them.
    """
    root = _Entry(title, href, "toc-article")
    stack: list[tuple[int, _Entry]] = [(1, root)]
    for level, text, ident in _headings(xhtml):
        while stack[-1][0] >= level:
            stack.pop()
        # An empty link text is an error in the navigation document (EPUB 3.2 nav, 5.4.2.2).
        entry = _Entry(text or ident, f"{href}#{ident}", f"toc-{ident}")
        stack[-1][1].children.append(entry)
        stack.append((level, entry))
    return [root.to_toc()]
