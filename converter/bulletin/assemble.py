"""Inputs → a Bulletin: find and read the pages, order and group the articles, share their images.

Figures are numbered through the whole bulletin (``Entry.first_figure``), and an image that
several articles use (the same bytes, hence the same content-derived key) becomes one Resource
object shared by all of them, so every writer embeds it once.
"""

from __future__ import annotations

import dataclasses
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from ..errors import InputError, NoArticleError, PortalconvError, without_file
from ..model import Article, Block, Figure, ListBlock, ListItem, Quote, Resource
from ..walk import figures, numbered
from .config import BulletinOptions
from .model import Bulletin, Entry, FrontMatter, Section, article_moment, word

Item = tuple[str, Article]  # (where it was read from, the article)


def find_pages(inputs: Sequence[Path]) -> list[Path]:
    """Every saved page under ``inputs``: files as given, folders walked in a stable order."""
    from ..batch.discover import discover  # the batch's rules tell pages from resource folders

    return [page.source for page in discover(inputs)]


def _reason(path: Path, exc: PortalconvError) -> str:
    return without_file(str(exc), str(path), str(path.resolve()))  # the warning names the file once


# From this many pages on, two worker processes read them (``workers``): 1,000 pages take 17 s in
# one process. Fewer are read here, where starting the workers would cost more than it saves.
READ_IN_WORKERS_FROM = 100
_BATCH = 20  # pages per job

# A page's outcome: (True, article, warnings) or (False, the error, []).
Outcome = tuple[bool, Any, list[Diagnostic]]


def _read_one(path: Path) -> Outcome:
    from ..api import read

    try:
        result = read(path)
    except (NoArticleError, InputError) as exc:
        return False, exc, []
    return True, result.article, list(result.warnings)


def read_batch(paths: Sequence[str]) -> list[Outcome]:
    """The outcome of reading each page (a worker's job)."""
    return [_read_one(Path(p)) for p in paths]


def _outcomes(paths: Sequence[Path]) -> Iterator[Outcome]:
    if len(paths) < READ_IN_WORKERS_FROM or (os.cpu_count() or 1) < 2:
        yield from (_read_one(path) for path in paths)
        return
    from .workers import Workers

    with Workers(2) as pool:
        jobs = [pool.submit("read", [str(p) for p in paths[i:i + _BATCH]]) for i in range(0, len(paths), _BATCH)]
        for job in jobs:
            yield from job.result()


def read_articles(paths: Sequence[Path]) -> tuple[list[Item], list[Diagnostic]]:
    """The article of every page, and the warnings; pages that give none are left out with a warning.

    A page without an article (a listing, a home page) is a ``not-an-article`` warning, a page that
    cannot be read (empty, binary, not HTML, too big) an ``unreadable-page`` one: one damaged file
    among forty weekly articles should not cost the bulletin. When no page gives an article, the
    error is the page's own (one page) or names how many were left out and why.
    """
    items: list[Item] = []
    warnings: list[Diagnostic] = []
    failed: list[tuple[Path, PortalconvError]] = []
    for path, (ok, value, found) in zip(paths, _outcomes(paths), strict=True):
        if not ok:
            exc = value
            code = "not-an-article" if isinstance(exc, NoArticleError) else "unreadable-page"
            warnings.append(Diagnostic(code, f"left out of the bulletin: {_reason(path, exc)}", str(path)))
            failed.append((path, exc))
            continue
        items.append((str(path), value))
        warnings += [w if w.where.startswith(str(path))
                     else dataclasses.replace(w, where=f"{path}: {w.where}" if w.where else str(path))
                     for w in found]
    if not items:
        raise _nothing_usable(failed)
    return items, warnings


def _nothing_usable(failed: Sequence[tuple[Path, PortalconvError]]) -> PortalconvError:
    """The error when no page gave an article: exit 3 if any page was unreadable, else exit 4."""
    hint = "give saved article pages or folders of them"
    if len(failed) == 1:
        return failed[0][1]
    unreadable = [(path, exc) for path, exc in failed if not isinstance(exc, NoArticleError)]
    if not unreadable:
        return NoArticleError(f"none of the {len(failed)} pages holds an article" if failed
                              else "none of the inputs holds an article", hint=hint)
    path, exc = unreadable[0]
    return InputError(f"none of the {len(failed)} pages holds a usable article: {len(failed) - len(unreadable)} "
                      f"without an article, {len(unreadable)} unreadable (the first, {path}: {_reason(path, exc)})",
                      hint=hint)


def order_items(items: Sequence[Item], order: str) -> list[Item]:
    """``given`` keeps the input order; ``date`` is oldest first (undated last); ``category`` A→Z.

    Sorting is stable, so ties keep the input order.
    """
    if order == "date":
        moments = [(article_moment(item[1]), item) for item in items]
        dated: list[tuple[datetime, Item]] = [(m, i) for m, i in moments if m is not None]
        dated.sort(key=lambda pair: pair[0])
        return [i for _, i in dated] + [i for m, i in moments if m is None]
    if order == "category":
        return sorted(items, key=lambda i: (not i[1].metadata.category, i[1].metadata.category.casefold()))
    return list(items)


def _groups(items: Sequence[Item], group_by: str | None, language: str) -> list[tuple[str, list[Item]]]:
    """Sections in order of their first article; articles without a category go last."""
    if group_by is None:
        return [("", list(items))]
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(item[1].metadata.category.strip(), []).append(item)
    other = groups.pop("", None)
    out = list(groups.items())
    if other:
        out.append((word("other", language), other))
    return out


def _rekey_blocks(blocks: tuple[Block, ...], old: str, new: str) -> tuple[Block, ...]:
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Figure) and block.image.resource == old:
            block = dataclasses.replace(block, image=dataclasses.replace(block.image, resource=new))
        elif isinstance(block, ListBlock):
            block = dataclasses.replace(block, items=tuple(
                ListItem(_rekey_blocks(item.blocks, old, new)) for item in block.items))
        elif isinstance(block, Quote):
            block = Quote(_rekey_blocks(block.blocks, old, new))
        out.append(block)
    return tuple(out)


def share_resources(articles: Sequence[Article]) -> tuple[list[Article], tuple[Resource, ...]]:
    """Articles whose equal images are one shared Resource object, and the pool of all images.

    Keys derive from a content hash prefix, so equal keys almost always mean equal bytes; when
    they do not, the newcomer is given a new key (and its figures follow) rather than being lost.
    """
    pool: dict[str, Resource] = {}
    out: list[Article] = []
    for article in articles:
        blocks, resources = article.blocks, []
        for res in article.resources:
            known = pool.get(res.key)
            if known is not None and known.data != res.data:
                stem, dot, ext = res.key.rpartition(".")
                n = 2
                while f"{stem}-{n}{dot}{ext}" in pool:
                    n += 1
                new_key = f"{stem}-{n}{dot}{ext}"
                blocks = _rekey_blocks(blocks, res.key, new_key)
                res, known = dataclasses.replace(res, key=new_key), None
            if known is None:
                pool[res.key] = known = res
            resources.append(known)
        out.append(dataclasses.replace(article, blocks=blocks, resources=tuple(resources)))
    return out, tuple(pool.values())


def bulletin_language(articles: Sequence[Article]) -> str:
    """The most common article language (the first one met on a tie), English when none is known."""
    counts = Counter(a.metadata.language.split("-")[0].lower() for a in articles if a.metadata.language)
    if not counts:
        return "en"
    top = max(counts.values())
    return next(lang for lang in counts if counts[lang] == top)


def assemble(items: Sequence[Item], front: FrontMatter, options: BulletinOptions) -> Bulletin:
    """The bulletin of ``items`` in the order and grouping the options ask for."""
    ordered = order_items(items, options.order)
    articles, pool = share_resources([article for _, article in ordered])
    if front.logo is not None:
        pool = (*pool, front.logo)
    language = front.language or bulletin_language(articles)
    front = dataclasses.replace(front, language=language)
    shared = [(where, article) for (where, _), article in zip(ordered, articles, strict=True)]
    sections: list[Section] = []
    number, next_figure = 1, 1
    for heading, group in _groups(shared, options.group_by, language):
        entries: list[Entry] = []
        for where, article in group:
            entries.append(Entry(article, number, next_figure, where))
            number += 1
            next_figure += sum(1 for fig in figures(article.blocks) if numbered(fig))
        sections.append(Section(heading, tuple(entries)))
    return Bulletin(front, tuple(sections), pool)
