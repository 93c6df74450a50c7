"""Find the article in a saved SharePoint page and build the model: body, metadata, resources."""

from __future__ import annotations

import re
from dataclasses import replace

from lxml.html import HtmlElement

from ..diagnostics import Warning
from ..errors import NoArticleError
from ..load.page import Page, unwrap_wayback
from ..model import Article, Block, DateValue, Heading, Metadata, Paragraph, Signature
from ..walk import plain_text
from .blocks import Converter
from .captions import pair_captions
from .dates import parse_date
from .metadata import (
    as_fields,
    first_text,
    footer,
    form_fields,
    language_of,
    mapped,
    page_context,
    squash,
    text_of,
    views_of,
)
from .sharepoint import (
    BYLINE_LINE,
    BYLINE_PREFIX,
    CHROME,
    CHROME_TEXT,
    DATELINE,
    LEAD_TAG,
    PROFILES,
    RELATED_HEADINGS,
)


def _strip_chrome(root: HtmlElement) -> None:
    for xp in CHROME:
        for el in root.xpath(xp):
            parent = el.getparent()
            if parent is not None:
                el.drop_tree()  # keeps the tail text, which belongs to the parent


def _find_body(root: HtmlElement) -> tuple[str, list[HtmlElement]]:
    """The first profile whose body XPaths find text or images; all its body zones in page order."""
    for profile in PROFILES:
        for xp in profile.body:
            found = [el for el in root.xpath(xp) if text_of(el) or el.find(".//img") is not None]
            # Nested matches (a zone inside a zone) would duplicate text: keep outermost ones.
            outer = [el for el in found if not any(a in found for a in el.iterancestors())]
            if outer:
                return profile.name, outer
    return "", []


def _source_url(page: Page, root: HtmlElement, ctx: dict[str, str]) -> str:
    for xp in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
        hits = root.xpath(xp)
        if hits and str(hits[0]).startswith("http"):
            return unwrap_wayback(str(hits[0]))
    if page.saved_from.startswith("http"):
        return page.saved_from
    base, path = ctx.get("siteAbsoluteUrl", ""), ctx.get("serverRequestPath", "")
    if base.startswith("http") and path:
        return base.rstrip("/") + "/" + path.lstrip("/")
    return ""


def extract(page: Page) -> tuple[Article, list[Warning]]:
    """The article of ``page``; raises NoArticleError when the page holds none."""
    root = page.root
    where = str(page.path)
    ctx = page_context(root)
    source_url = _source_url(page, root, ctx)
    head_title = squash(root.findtext(".//title") or "")
    site_name = squash(ctx.get("webTitle", ""))
    og_site = root.xpath("//meta[@property='og:site_name']/@content")
    site_name = site_name or (squash(str(og_site[0])) if og_site else "")
    _strip_chrome(root)
    profile_name, bodies = _find_body(root)
    profile = next((p for p in PROFILES if p.name == profile_name), None)
    rows = form_fields(root)
    body_rows = [r for r in rows if mapped(r.label, r.name) == "body" and r.value]
    if not bodies and body_rows:
        bodies, profile_name = [body_rows[0].element], "list-form"

    title = first_text(root, profile.title)[0] if profile else ""
    sample = " ".join([title, *(text_of(b) for b in bodies)])[:20000]
    language = language_of(root, sample if sample.strip() else text_of(root)[:20000])
    conv = Converter(page.resolver, source_url, where)
    blocks: list[Block] = []
    for body in bodies:
        blocks.extend(conv.blocks(body))
    blocks = pair_captions(blocks, conv.caption_like)
    blocks = [b for b in blocks if not (isinstance(b, Paragraph) and _is_chrome_text(plain_text(b.children)))]
    blocks = _cut_related(blocks)

    md: dict[str, object] = {"language": language, "source_url": source_url, "site_name": site_name}
    if profile is not None:
        md["title"] = title
        md["category"] = first_text(root, profile.category)[0]
        date_text = first_text(root, profile.date)[0].strip("() ")
        date_text = re.sub(r"^(Date|Ngày đăng|Posted)\s*:\s*", "", date_text, flags=re.IGNORECASE)
        if date_text:
            md["published"] = DateValue(date_text, parse_date(date_text, language))
        byline = first_text(root, profile.byline)[0]
        if byline:
            m = BYLINE_PREFIX.match(byline) or BYLINE_LINE.match(byline)
            md["authors"] = (squash(m["who"]) if m else byline,)
        lead = first_text(root, profile.lead)[0]
        if lead:
            md["lead"] = lead
    blocks, found_author = _byline_in_body(blocks, root)
    if found_author and not md.get("authors"):
        md["authors"] = (found_author,)
    blocks, lead_text = _lead(blocks)
    if lead_text and not md.get("lead"):
        md["lead"] = lead_text
    blocks = _signature(blocks, conv.right)
    md["title"] = md.get("title") or _first_heading(blocks) or head_title

    foot = footer(root, language)
    for key in ("content_type", "version", "created_by", "modified_by"):
        if foot.values.get(key):
            md[key] = foot.values[key]
    for key in ("created", "modified"):
        if key in foot.dates:
            md[key] = foot.dates[key]
    md["views"] = views_of(root)
    _apply_form_fields(md, rows, language)
    md["fields"] = as_fields([r for r in rows if mapped(r.label, r.name) != "body"])

    if not blocks or not md["title"]:
        raise NoArticleError(f"{where}: no article found")
    article = Article(Metadata(**md), tuple(blocks), tuple(conv.resources.values()))  # type: ignore[arg-type]
    warnings = list(page.warnings) + conv.warnings
    if not profile_name:
        warnings.append(Warning("no-profile", "no known SharePoint layout; article found by fallback", where))
    return article, warnings


def _apply_form_fields(md: dict[str, object], rows: list, language: str) -> None:  # type: ignore[type-arg]
    """Known list-form fields fill empty model fields; the page's visible values win."""
    for row in rows:
        target = mapped(row.label, row.name)
        if not row.value or target in (None, "body") or md.get(target):
            continue
        if target == "authors":
            md[target] = tuple(a.strip() for a in re.split(r"[;,]", row.value) if a.strip())
        elif target == "tags":
            md[target] = tuple(t.strip() for t in re.split(r"[;,]", row.value) if t.strip())
        elif target == "published":
            md[target] = DateValue(row.value, parse_date(row.value, language))
        elif target == "views":
            digits = re.sub(r"\D", "", row.value)
            md[target] = int(digits) if digits else None
        else:
            md[target] = row.value


def _is_chrome_text(t: str) -> bool:
    return any(p.match(t) for p in CHROME_TEXT)


def _cut_related(blocks: list[Block]) -> list[Block]:
    for i, b in enumerate(blocks):
        if isinstance(b, Paragraph | Heading) and squash(plain_text(b.children)).upper() in RELATED_HEADINGS:
            return blocks[:i]
    return blocks


def _byline_in_body(blocks: list[Block], root: HtmlElement) -> tuple[list[Block], str]:
    """The "08/10/2021 | Thu Thảo" line, in the first body paragraphs or anywhere near the title."""
    for i, b in enumerate(blocks[:3]):
        if isinstance(b, Paragraph) and (m := BYLINE_LINE.match(squash(plain_text(b.children)))):
            return blocks[:i] + blocks[i + 1 :], squash(m["who"])
    for el in root.iter("td", "div", "p", "span"):
        t = text_of(el)
        if len(t) < 100 and (m := BYLINE_LINE.match(t)):
            return blocks, squash(m["who"])
    return blocks, ""


def _lead(blocks: list[Block]) -> tuple[list[Block], str]:
    """A first paragraph that is all bold or opens with an agency tag "(TUAG)-" is the lead."""
    if not blocks or not isinstance(blocks[0], Paragraph):
        return blocks, ""
    first = blocks[0]
    text = squash(plain_text(first.children))
    from ..model import Strong

    all_bold = all(isinstance(c, Strong) or not plain_text((c,)).strip() for c in first.children)
    opens_bold = next((isinstance(c, Strong) for c in first.children if plain_text((c,)).strip()), False)
    if LEAD_TAG.match(text) or (all_bold and len(text) > 40) or (opens_bold and DATELINE.match(text)):
        return blocks[1:], text
    return blocks, ""


def _signature(blocks: list[Block], right: set[int]) -> list[Block]:
    """A short closing line, right-aligned or in capitals, is the article's signature."""
    for i in range(len(blocks) - 1, max(-1, len(blocks) - 3), -1):
        b = blocks[i]
        if not isinstance(b, Paragraph):
            continue
        t = squash(plain_text(b.children))
        letters = [c for c in t if c.isalpha()]
        caps = bool(letters) and all(c.isupper() for c in letters) and len(t.split()) <= 6
        if (id(b) in right and len(t) <= 80) or caps:
            return [*blocks[:i], replace_to_signature(b), *blocks[i + 1 :]]
    return blocks


def replace_to_signature(p: Paragraph) -> Signature:
    return Signature(p.children)


def _first_heading(blocks: list[Block]) -> str:
    for b in blocks:
        if isinstance(b, Heading):
            return squash(plain_text(b.children))
    return ""


__all__ = ["extract", "replace"]
