"""What a complete output must contain, derived from the article model."""

from __future__ import annotations

from dataclasses import field

from ..model import Article, Block, Figure, Heading, ListBlock, Paragraph, Quote, Signature, Table
from ..records import dataclass
from ..walk import plain_text
from .text import norm


@dataclass(frozen=True, slots=True)
class ExpectedFigure:
    caption: str
    has_image: bool
    resource: str | None = None  # the picture's key: one photo shown twice is one file
    digest: str = ""  # sha256 of the photo's bytes: which photo belongs under this caption


def digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


@dataclass
class Expected:
    texts: dict[str, list[str]] = field(default_factory=dict)  # kind → texts in reading order
    figures: list[ExpectedFigure] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    # Every text, captions included, in reading order: (kind, text). A complete output shows them in
    # this order, so a paragraph moved to the end or two captions swapped is a loss of the article.
    sequence: list[tuple[str, str]] = field(default_factory=list)


def _walk(blocks: tuple[Block, ...], exp: Expected, article: Article, in_list: bool = False) -> None:
    def add(kind: str, text: str) -> None:
        if (t := norm(text)):
            exp.texts.setdefault(kind, []).append(t)
            exp.sequence.append((kind, t))

    for b in blocks:
        match b:
            case Paragraph():
                add("list item" if in_list else "paragraph", plain_text(b.children, with_targets=True))
            case Heading():
                add("heading", plain_text(b.children, with_targets=True))
            case Signature():
                add("signature", plain_text(b.children, with_targets=True))
            case Table():
                for row in b.rows:
                    for cell in row.cells:
                        add("table cell", plain_text(cell.children, with_targets=True))
            case Figure():
                caption = norm(plain_text(b.caption, with_targets=True))
                res = article.resource(b.image.resource)
                shown = digest(res.data) if res else ""
                exp.figures.append(ExpectedFigure(caption, b.image.resource is not None, b.image.resource, shown))
                if caption:
                    exp.sequence.append(("caption", caption))
            case ListBlock():
                for item in b.items:
                    _walk(item.blocks, exp, article, in_list=True)
            case Quote():
                _walk(b.blocks, exp, article, in_list)
            case _:
                pass  # rules carry no text


def expected(article: Article) -> Expected:
    from ..render.meta import metadata_rows, shown_lead

    exp = Expected()
    md = article.metadata
    # The front matter every writer prints above the body: title, subtitle, one row per field, lead
    # (unless it only repeats the title).
    for kind, text in [("title", md.title), ("title", md.subtitle),
                       *(("metadata line", value) for _, value in metadata_rows(md)), ("lead", shown_lead(md))]:
        if (t := norm(text)):
            exp.texts.setdefault(kind, []).append(t)
            exp.sequence.append((kind, t))
    _walk(article.blocks, exp, article)
    exp.metadata = {"title": norm(md.title)}
    if md.authors:
        exp.metadata["author"] = norm(", ".join(md.authors))
    if md.language:
        exp.metadata["language"] = md.language
    if md.published and md.published.value:
        exp.metadata["date"] = md.published.value.date().isoformat()
    return exp
