"""What a complete output must contain, derived from the article model."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Article, Block, Figure, Heading, ListBlock, Paragraph, Quote, Signature, Table
from ..walk import plain_text
from .text import norm


@dataclass(frozen=True, slots=True)
class ExpectedFigure:
    caption: str
    has_image: bool
    resource: str | None = None  # the picture's key: one photo shown twice is one file


@dataclass
class Expected:
    texts: dict[str, list[str]] = field(default_factory=dict)  # kind → texts in reading order
    figures: list[ExpectedFigure] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)


def _walk(blocks: tuple[Block, ...], exp: Expected, in_list: bool = False) -> None:
    def add(kind: str, text: str) -> None:
        if (t := norm(text)):
            exp.texts.setdefault(kind, []).append(t)

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
                exp.figures.append(ExpectedFigure(caption, b.image.resource is not None, b.image.resource))
            case ListBlock():
                for item in b.items:
                    _walk(item.blocks, exp, in_list=True)
            case Quote():
                _walk(b.blocks, exp, in_list)
            case _:
                pass  # rules carry no text


def expected(article: Article) -> Expected:
    exp = Expected()
    md = article.metadata
    if md.lead:
        exp.texts["lead"] = [norm(md.lead)]
    _walk(article.blocks, exp)
    exp.metadata = {"title": norm(md.title)}
    if md.authors:
        exp.metadata["author"] = norm(", ".join(md.authors))
    if md.language:
        exp.metadata["language"] = md.language
    if md.published and md.published.value:
        exp.metadata["date"] = md.published.value.date().isoformat()
    return exp
