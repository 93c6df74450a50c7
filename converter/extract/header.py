"""The edges of an article body: title repeats, kicker, lead, byline, signature, credits, chrome lines.

Pages repeat the title inside the body (corpus/07-kpc-press-release-vietnam-refinery.html,
corpus/19-vn-daknong-hdnd-article-in-vbpl-webpart.html, corpus/22-kpc-ar-weekly-newsletter-470111.html),
open with a bold lead or an agency tag, and close with a signature in capitals or a credit line
("Tin, ảnh: Mỹ Hằng"). These passes move such blocks into metadata (or mark them as a Signature)
so that nothing appears twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field

from ..model import Block, Figure, Heading, Inline, LineBreak, Link, Paragraph, Rule, Signature, Strong, Text
from ..patterns import compiled
from ..records import dataclass
from ..walk import plain_text
from .hints import Hints
from .text import same_text, squash
from .vocabulary import (
    AGENCY_SUFFIX,
    BYLINE_LINE,
    BYLINE_PREFIX,
    CAPS_DATELINE,
    CREDIT_LINE,
    CREDIT_SPLIT,
    DATE_ONLY,
    DATE_PREFIX,
    DATELINE,
    GENERIC_TITLES,
    LEAD_TAG,
    PERSON_NAME,
    PUBLISHED_IN,
    RELATED_HEADINGS,
    SIGNATURE_ROLE,
    SOURCE_LINE,
)

_SLUG = compiled(r"^[\w.]+(?:[-_][\w.]+)+$")
_ACRONYM = compiled(r"^[A-Z][A-Z0-9&]{1,7}$")
_PREFIXED = compiled(r"^(?P<first>[^-–—|:]{2,40}?)\s*[-–—|:]\s*(?P<rest>\S.*)$")
HEAD = 4  # how many leading blocks may hold the title repeat, kicker, byline or lead

_TITLE_SEPARATOR = compiled(r"\s*[-–—|:]")


def _text(b: Block) -> str:
    return squash(plain_text(b.children)) if isinstance(b, Paragraph | Heading | Signature) else ""


def looks_like_slug(s: str) -> bool:
    """"firstairline-story", "Pages_default": a file name standing in for a title
    (corpus/03-iata-feature-first-airline-story.html)."""
    return bool(_SLUG.match(s)) and " " not in s


def clean_head_title(head: str, site_names: list[str]) -> tuple[str, str]:
    """(page title, site name) read from ``<title>``; "" when it names only the site or a slug.

    SharePoint writes the site or list name and the page title on separate lines
    (corpus/07-kpc-press-release-vietnam-refinery.html, corpus/22-kpc-ar-weekly-newsletter-470111.html)
    or joined by a separator ("FMIC-Family Hifazat App", "Trang chủ - Sở Tài chính").
    """
    lines = [squash(line) for line in head.split("\n") if squash(line)]
    if not lines:
        return "", ""
    if len(lines) > 1:
        title, site = lines[-1], lines[0].rstrip(" -–—|:")  # "IATA - " on its own line: the separator is no name
    else:
        title, site = lines[0], ""
        for name in (n for n in site_names if n):
            if title.lower() == name.lower():
                return "", name
            if title.lower().startswith(name.lower()) and _TITLE_SEPARATOR.match(title[len(name):]):
                title, site = title[len(name):].lstrip(" -–—|:"), name
                break
        else:
            # Without a known site name only an acronym ("FMIC-", "IATA - ") or a generic page
            # name ("Trang chủ - ") is taken for the site: "Al-Marzouq: …" stays whole.
            m = _PREFIXED.match(title)
            if m and m["first"].lower() in GENERIC_TITLES:
                return "", m["rest"]
            if m and _ACRONYM.match(m["first"]):
                title, site = m["rest"], m["first"]
    if looks_like_slug(title):
        return "", site
    return title, site


def cut_related(blocks: list[Block]) -> list[Block]:
    """Everything from a "TIN ĐÃ ĐƯA" / "Related news" heading on is the portal's related list."""
    for i, b in enumerate(blocks):
        if isinstance(b, Paragraph | Heading) and _text(b).upper().rstrip(":") in RELATED_HEADINGS:
            return blocks[:i]
    return blocks


@dataclass
class Edges:
    """What the edge passes took out of the body."""

    subtitle: str = ""
    lead: str = ""
    authors: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    title_from_body: str = ""
    date: str = ""  # a date line's text without its words ("Date:", "Published in … on")
    section: str = ""


def _mostly_links(p: Paragraph) -> bool:
    """Most of the paragraph's text is link text: a line of links, not prose."""
    linked = sum(len(plain_text(c.children)) for c in p.children if isinstance(c, Link))
    return linked > 0 and linked >= 0.6 * len(plain_text(p.children))


def _all_bold(p: Paragraph) -> bool:
    return all(isinstance(c, Strong) or not plain_text((c,)).strip() for c in p.children)


def drop_title_repeats(blocks: list[Block], title: str, edges: Edges) -> list[Block]:
    """Leading headings or paragraphs that repeat the title go; a bold line just before the
    repeat is the kicker (subtitle)."""
    out = list(blocks)
    for _ in range(2):  # the h2 and its h3 copy (corpus/19-vn-daknong-hdnd-article-in-vbpl-webpart.html)
        idx = next((i for i, b in enumerate(out[:HEAD]) if same_text(_text(b), title)), None)
        if idx is None:
            break
        before = [b for b in out[:idx] if not isinstance(b, Figure | Rule)]
        if len(before) == 1 and isinstance(before[0], Paragraph) and _all_bold(before[0]) \
                and len(_text(before[0])) < 200:
            edges.subtitle = edges.subtitle or _text(before[0])
            out.remove(before[0])
            idx -= 1
        del out[idx]
    return out


def title_from_first_heading(blocks: list[Block], edges: Edges) -> list[Block]:
    """With no title anywhere else, a heading that opens the body is the title (and leaves it)."""
    for i, b in enumerate(blocks[:HEAD]):
        if isinstance(b, Heading):
            edges.title_from_body = _text(b)
            return blocks[:i] + blocks[i + 1:]
        if not isinstance(b, Figure):
            break
    return blocks


def take_byline(blocks: list[Block], edges: Edges) -> list[Block]:
    """A byline among the first blocks ("08/10/2021 | Thu Thảo", "By Priya Raman") gives the
    author and leaves the body."""
    for i, b in enumerate(blocks[:HEAD]):
        t = _text(b) if isinstance(b, Paragraph) else ""
        if t and len(t) <= 100 and (m := BYLINE_LINE.match(t) or BYLINE_PREFIX.match(t)):
            edges.authors.append(squash(m["who"]).rstrip("."))
            return blocks[:i] + blocks[i + 1:]
    return blocks


def take_dateline(blocks: list[Block], edges: Edges, parses: Callable[[str], bool]) -> list[Block]:
    """A short line among the first blocks that only dates the article ("Published: 14 March
    2024", "Published in Council news on 26 May 2017", "(26.07.2019 14:14)") leaves the body."""
    for i, b in enumerate(blocks[:HEAD]):
        if not isinstance(b, Paragraph):
            continue
        t = _text(b)
        if len(t) > 100:
            continue
        if (m := PUBLISHED_IN.match(t)) and parses(m["date"]):
            edges.date, edges.section = m["date"], m["section"]
        elif (m := DATE_PREFIX.match(t)) and m.group(0).strip() and parses(t[m.end():]):
            edges.date = t[m.end():]
        elif DATE_ONLY.match(t):
            edges.date = t.strip("() ")
        else:
            continue
        return blocks[:i] + blocks[i + 1:]
    return blocks


def take_lead(blocks: list[Block], edges: Edges, explicit: str = "") -> list[Block]:
    """The first text paragraph (after any opening photo) is the lead when it is all bold, opens
    with an agency tag "(TUAG)-", or opens with a bold dateline ("Seoul - …").

    With an ``explicit`` lead (a summary field, p.sapo) that paragraph leaves the body only when it
    repeats it: otherwise it is the first paragraph of the text, and taking it would lose it.
    """
    for i, b in enumerate(blocks[:HEAD]):
        if isinstance(b, Figure) or (isinstance(b, Paragraph) and _mostly_links(b)):
            # an opening photo, or a line of links before the text ("Translations: …",
            # corpus/01-iata-press-release-2019-06-02.html)
            continue
        if not isinstance(b, Paragraph):
            return blocks
        b, rest = _split_at_blank_line(b)
        text = _text(b)
        opens_bold = next((isinstance(c, Strong) for c in b.children if plain_text((c,)).strip()), False)
        if LEAD_TAG.match(text) or (_all_bold(b) and len(text) > 40) or (opens_bold and DATELINE.match(text)) \
                or ((m := CAPS_DATELINE.match(text)) is not None and m["place"].isupper()):
            if explicit and not same_text(text, explicit):
                return blocks
            edges.lead = text
            return blocks[:i] + ([rest] if rest is not None else []) + blocks[i + 1:]
        return blocks
    return blocks


def _split_at_blank_line(p: Paragraph) -> tuple[Paragraph, Paragraph | None]:
    """A paragraph cut at its first blank line (two line breaks): pages that set paragraphs apart
    with ``<br><br>`` inside one ``<p>`` (corpus/01-iata-press-release-2019-06-02.html) make only
    the first of them the lead."""
    kids = p.children
    for j, c in enumerate(kids):
        if not isinstance(c, LineBreak):
            continue
        k = j + 1
        while k < len(kids) and _blank(kids[k]):
            k += 1
        if k < len(kids) and isinstance(kids[k], LineBreak):
            head, tail = kids[:j], kids[k + 1:]
            if plain_text(head).strip() and plain_text(tail).strip():
                return Paragraph(head), Paragraph(_lstrip(tail))
            break
    return p, None


def _lstrip(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Without the line breaks and blank text that opened the rest of a split paragraph."""
    i = 0
    while i < len(inlines) and (isinstance(inlines[i], LineBreak) or _blank(inlines[i])):
        i += 1
    return inlines[i:]


def _blank(c: Inline) -> bool:
    return isinstance(c, Text) and not c.text.strip()


def closing_lines(blocks: list[Block], hints: Hints, edges: Edges) -> list[Block]:
    """The last short lines: a right-aligned or all-capitals signature, a credit line
    ("Tin, ảnh: …") become Signature blocks and give authors; "Theo: …" names the source."""
    out = list(blocks)
    for i in range(len(out) - 1, max(-1, len(out) - 3), -1):
        b = out[i]
        right = hints.of(b).right
        if isinstance(b, Heading) and right:  # a closing line typed into a heading
            b = Paragraph(b.children)
        if not isinstance(b, Paragraph):
            continue
        t = _text(b)
        letters = [c for c in t if c.isalpha()]
        caps = bool(letters) and all(c.isupper() for c in letters) and len(t.split()) <= 6
        if (m := CREDIT_LINE.match(t)) and len(t) <= 100:
            edges.authors += credited(m["who"])
            out[i] = Signature(b.children)
        elif (m := BYLINE_PREFIX.match(t)) and len(t) <= 100 and person_name(m["who"]):
            edges.authors.append(person_name(m["who"]))  # "By Jane Doe" closing the article
            out[i] = Signature(b.children)
        elif (m := SOURCE_LINE.match(t)) and len(t) <= 140:
            edges.sources.append(squash(m["who"] or m["short"]).rstrip("."))
        elif i == len(out) - 1 and (name := person_name(t)):
            edges.authors.append(name)
            out[i] = Signature(b.children)
            break
        elif (right and len(t) <= 80) or caps:
            out[i] = Signature(b.children)
            if caps and len(t.split()) <= 4 and not any(ch.isdigit() for ch in t):
                edges.authors.append(_name_case(t))
            break
    return out


def credited(who: str) -> list[str]:
    """The people of a credit line: "A - Ảnh: B" (text by A, photos by B) is two, each once."""
    names = [squash(n).strip(" .") for n in CREDIT_SPLIT.split(who)]
    return list(dict.fromkeys(n for n in names if n))


def person_name(line: str) -> str:
    """The name a closing line holds when it is only a name (perhaps with a compiler's role):
    "Kim Ngân", "Hoàng Long (sưu tầm)"; "" otherwise. Capitals are left to the caps rule."""
    name = AGENCY_SUFFIX.sub("", SIGNATURE_ROLE.sub("", line)).strip(" .")
    words = name.split()
    if not PERSON_NAME.match(name) or name.isupper() or any(c.isdigit() for c in name):
        return ""
    return name if all(w[0].isupper() for w in words) else ""


def _name_case(s: str) -> str:
    """"THU THẢO" → "Thu Thảo": a signature in capitals read as a name (same letters, name case)."""
    return " ".join(w[:1] + w[1:].lower() for w in s.split())

