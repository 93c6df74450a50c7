"""The bulletin model: front matter and sections of numbered articles, frozen like the article model.

A Bulletin is what ``assemble`` makes and every bulletin writer consumes. Articles stay the
unchanged :class:`~converter.model.Article` values the writers already handle; the bulletin only
adds their position, their anchor and the number of their first figure (figures are numbered
through the whole bulletin), and holds every image once in ``resources``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, date, datetime

from ..jsonio import dumps
from ..model import Article, DateValue, Metadata, Resource
from ..records import dataclass

# Words only the bulletin prints, per language (primary subtag); English otherwise.
_WORDS: dict[str, dict[str, str]] = {
    "en": {"bulletin": "Bulletin", "contents": "Contents", "issue": "No.", "editorial": "Editorial",
           "other": "Other news", "details": "Article details", "number": "No.", "title": "Title",
           "page": "Page", "cover": "Cover", "articles": "Articles"},
    "vi": {"bulletin": "Bản tin", "contents": "Mục lục", "issue": "Số", "editorial": "Lời tòa soạn",
           "other": "Tin khác", "details": "Thông tin các bài viết", "number": "STT", "title": "Tiêu đề",
           "page": "Trang", "cover": "Bìa", "articles": "Số bài"},
}


def word(key: str, language: str) -> str:
    """``key`` in ``language`` (primary subtag), English when the language has no table."""
    return _WORDS.get(language.split("-")[0].lower(), _WORDS["en"])[key]


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """What the cover and the document properties say about the bulletin as a whole."""

    title: str = ""
    subtitle: str = ""
    issue: str = ""  # issue number as the editor writes it: "12", "12/2024"
    date: date | None = None
    publisher: str = ""
    logo: Resource | None = None
    note: str = ""  # editorial note; blank lines separate paragraphs
    language: str = ""  # BCP 47; assemble() fills it from the articles when empty


@dataclass(frozen=True, slots=True)
class Entry:
    """One article at its place in the bulletin."""

    article: Article
    number: int  # 1-based position in reading order
    first_figure: int  # bulletin-wide number of the article's first figure
    source: str = ""  # the file it was read from, for warnings

    @property
    def anchor(self) -> str:
        """The id of the article in a single-document rendering and the name of its bookmark."""
        return f"article-{self.number}"

    @property
    def language(self) -> str:
        return self.article.metadata.language or "en"


@dataclass(frozen=True, slots=True)
class Section:
    """A run of entries under one heading (a category); ``heading`` is "" when not grouped."""

    heading: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class Bulletin:
    front: FrontMatter
    sections: tuple[Section, ...]
    resources: tuple[Resource, ...] = ()  # every image of every article, each once

    @property
    def grouped(self) -> bool:
        return any(s.heading for s in self.sections)

    @property
    def language(self) -> str:
        return self.front.language or "en"

    @property
    def title(self) -> str:
        return self.front.title or word("bulletin", self.language)

    def entries(self) -> Iterator[Entry]:
        for section in self.sections:
            yield from section.entries

    def moment(self) -> datetime | None:
        """The bulletin's timestamp: its date, else the newest article date, else None (never invented;
        a writer whose format needs a date uses ``writers.moments.NO_DATE``)."""
        if self.front.date is not None:
            return datetime(self.front.date.year, self.front.date.month, self.front.date.day, tzinfo=UTC)
        dates = [article_moment(e.article) for e in self.entries()]
        known = [d for d in dates if d is not None]
        return max(known) if known else None

    def digest(self) -> str:
        """SHA-256 of the front matter and every article model: identifiers derive from it."""
        h = hashlib.sha256(repr((self.front.title, self.front.subtitle, self.front.issue, self.front.date,
                                 self.front.publisher, self.front.note)).encode("utf-8"))
        for entry in self.entries():
            h.update(dumps(entry.article).encode("utf-8"))
        return h.hexdigest()

    def as_article(self) -> Article:
        """The bulletin described as one Article: the writers' metadata helpers take that form.

        The title, subtitle, date, publisher (as site name and author) and categories (as tags);
        images are the bulletin's, so a writer's resource lookups still work on it.
        """
        front = self.front
        moment = self.moment()
        published = None
        if moment is not None:
            published = DateValue(front.date.isoformat() if front.date else moment.date().isoformat(), moment)
        categories = dict.fromkeys(e.article.metadata.category for e in self.entries() if e.article.metadata.category)
        issue = f"{word('issue', self.language)} {front.issue}" if front.issue else ""
        md = Metadata(
            title=self.title, subtitle=front.subtitle or issue, lead=front.note.strip(),
            published=published, authors=(front.publisher,) if front.publisher else (),
            category=word("bulletin", self.language), tags=tuple(categories), language=self.language,
            site_name=front.publisher,
        )
        return Article(md, (), self.resources)


def _aware(value: datetime) -> datetime:
    # A naive time is read as UTC, never as the converting machine's zone.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def article_moment(article: Article) -> datetime | None:
    """When the article was published (else modified, else created), timezone-aware, or None."""
    md = article.metadata
    for d in (md.published, md.modified, md.created):
        if d is not None and d.value is not None:
            return _aware(d.value)
    return None
