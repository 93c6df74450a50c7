"""Model → model passes run once between extraction and writing; writers assume their result.

Passes: quotes and lists bounded in depth (``nesting.py``), NFC and HTML whitespace collapsing
(across inline boundaries), merging adjacent text, dropping empty inlines and blocks, and shifting
headings so the highest is level 1.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import fields, replace
from typing import assert_never

from .model import (
    Article,
    Block,
    Code,
    Container,
    DateValue,
    Emphasis,
    Field,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Metadata,
    Paragraph,
    Quote,
    Rule,
    Signature,
    Strong,
    Subscript,
    Superscript,
    Table,
    TableRow,
    Text,
    Underline,
)
from .nesting import bounded
from .patterns import compiled
from .walk import iter_blocks, plain_text

# HTML collapses runs of white space; a single no-break space between words is kept on purpose.
_SPACES = compiled(r"[ \t\r\n\f\u00a0]{2,}|[\t\r\n\f]")
# Invisible characters editors leave behind (SharePoint 2013's RTE starts paragraphs with U+200B), and
# the C0 controls no reader shows and XML 1.0 cannot hold (the parser drops them from the page's text,
# but a value read from the raw markup, as the "saved from" address, keeps them: the PDF's XMP then
# refused it). Tab, line feed, carriage return and form feed are white space (``_SPACES``).
_INVISIBLE = compiled("[\x00-\x08\x0b\x0e-\x1f\u200b\u200c\u200d\u2060\ufeff]")


# Word's empty-paragraph tags typed into the page as text ("&lt;o:p&gt;&lt;/o:p&gt;" in the source):
# markup of the editor, never words of the article. Also encoded once more (the text still reads
# "&lt;o:p&gt;" after parsing), in any case, self-closed, with attributes, and a "&nbsp;" typed
# between the pair, which would otherwise be left behind as text.
_LT, _GT = r"(?:<|&lt;|&#0*60;|&#x0*3c;)", r"(?:>|&gt;|&#0*62;|&#x0*3e;)"
_OFFICE_TAG = rf"{_LT}\s*/?\s*o:p\b[^<>]{{0,200}}?{_GT}"
_OFFICE_TAGS = compiled(rf"{_OFFICE_TAG}(?:(?:&nbsp;|&#160;)+{_OFFICE_TAG})?", re.IGNORECASE)


def clean(s: str) -> str:
    """NFC text with HTML white space collapsed, invisible characters and Word's literal ``<o:p>``
    tags removed (no trimming)."""
    return _SPACES.sub(" ", _OFFICE_TAGS.sub("", _INVISIBLE.sub("", unicodedata.normalize("NFC", s))))


def squash(s: str) -> str:
    return clean(s).strip(" \u00a0")


class _Inlines:
    """Collapse white space across a whole paragraph, remembering whether we just wrote a space."""

    def __init__(self) -> None:
        self.space = True  # paragraph start: leading space is dropped

    def run(self, inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for node in inlines:
            new = self.one(node)
            if new is None:
                continue
            if out and isinstance(new, Text) and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + new.text)
            else:
                out.append(new)
        return tuple(out)

    def one(self, node: Inline) -> Inline | None:
        match node:
            case Text():
                t = clean(node.text)
                if self.space:
                    t = t.lstrip(" ")
                if not t:
                    return None
                self.space = t.endswith(" ")
                return Text(t)
            case Code():
                self.space = False
                return Code(unicodedata.normalize("NFC", node.text)) if node.text else None
            case LineBreak():
                self.space = True
                return node
            case Strong() | Emphasis() | Underline() | Superscript() | Subscript() | Link():
                children = self.run(node.children)
                if not plain_text(children).strip() and not any(isinstance(c, LineBreak) for c in children):
                    return None
                return _with_children(node, children)
            case _:
                assert_never(node)


def _with_children(node: Container, children: tuple[Inline, ...]) -> Inline:
    return replace(node, children=children)


def inlines(items: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Normalised inline run with no leading or trailing white space or line breaks."""
    out = list(_Inlines().run(items))
    while out and isinstance(out[-1], LineBreak):
        out.pop()
    while out and isinstance(out[0], LineBreak):
        out.pop(0)
    _rstrip(out)
    return tuple(out)


def _rstrip(out: list[Inline]) -> None:
    """Strip trailing spaces, descending into the last container."""
    if not out:
        return
    last = out[-1]
    if isinstance(last, Text):
        t = last.text.rstrip(" \u00a0")
        if t:
            out[-1] = Text(t)
        else:
            out.pop()
            _rstrip(out)
    elif isinstance(last, Strong | Emphasis | Underline | Superscript | Subscript | Link):
        children = list(last.children)
        _rstrip(children)
        out[-1] = _with_children(last, tuple(children))


def _has_text(items: tuple[Inline, ...]) -> bool:
    return bool(plain_text(items).strip())


def block(b: Block) -> Block | None:
    match b:
        case Paragraph():
            children = inlines(b.children)
            return Paragraph(children) if _has_text(children) else None
        case Heading():
            children = inlines(b.children)
            return Heading(b.level, children) if _has_text(children) else None
        case Signature():
            children = inlines(b.children)
            return Signature(children) if _has_text(children) else None
        case ListBlock():
            items = tuple(ListItem(tuple(blocks(item.blocks))) for item in b.items)
            items = tuple(i for i in items if i.blocks)
            return replace(b, items=items) if items else None
        case Table():
            rows = tuple(TableRow(tuple(replace(c, children=inlines(c.children)) for c in r.cells))
                         for r in b.rows)
            return replace(b, rows=rows, caption=inlines(b.caption))
        case Figure():
            image = replace(b.image, alt=squash(b.image.alt))
            return replace(b, image=image, caption=inlines(b.caption), credit=squash(b.credit))
        case Quote():
            inner = tuple(blocks(b.blocks))
            return Quote(inner) if inner else None
        case Rule():
            return b
        case _:
            assert_never(b)


def blocks(items: tuple[Block, ...] | list[Block]) -> list[Block]:
    return [n for n in (block(b) for b in items) if n is not None]


def _shift_headings(items: list[Block]) -> list[Block]:
    """Make the highest heading level 1 (pages often start sections at h2 or h3)."""
    levels = [b.level for b in iter_blocks(items) if isinstance(b, Heading)]
    if not levels or min(levels) == 1:
        return items
    delta = min(levels) - 1

    def shift(b: Block) -> Block:
        if isinstance(b, Heading):
            return Heading(b.level - delta, b.children)
        if isinstance(b, ListBlock):
            return replace(b, items=tuple(ListItem(tuple(shift(x) for x in i.blocks)) for i in b.items))
        if isinstance(b, Quote):
            return Quote(tuple(shift(x) for x in b.blocks))
        return b

    return [shift(b) for b in items]


def metadata(md: Metadata) -> Metadata:
    changes: dict[str, object] = {}
    for f in fields(md):
        value = getattr(md, f.name)
        if isinstance(value, str):
            changes[f.name] = squash(value)
        elif isinstance(value, DateValue):
            changes[f.name] = DateValue(squash(value.text), value.value)
        elif f.name == "fields":
            changes[f.name] = tuple(Field(squash(x.label), squash(x.value), x.name) for x in value)
        elif isinstance(value, tuple):
            changes[f.name] = tuple(s for s in (squash(v) for v in value) if s)
    return replace(md, **changes)  # type: ignore[arg-type]


def normalise(article: Article) -> Article:
    """Run every pass once."""
    new_blocks = _shift_headings(blocks(bounded(article.blocks)))
    return replace(article, metadata=metadata(article.metadata), blocks=tuple(new_blocks))
