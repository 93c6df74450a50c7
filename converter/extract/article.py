"""Find the article in a saved SharePoint page and build the model: body, metadata, resources.

The steps: harvest what the head, scripts and hidden labels say (``harvest.py``); strip chrome;
locate the article by flavour (``locate.py``); convert its zones to blocks (``blocks.py``), pair
captions, trim the edges (``header.py``); merge metadata by priority (``metadata.py``); refuse
pages that are not articles (listings, home pages, empty forms) with :class:`NoArticleError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NoReturn
from urllib.parse import unquote

from lxml.html import HtmlElement

from ..diagnostics import Diagnostic
from ..errors import NoArticleError
from ..load.page import Page, unwrap_wayback
from ..logs import logger
from ..model import Article, Block, DateValue, Field, Figure, Heading, Metadata, Paragraph, Signature
from ..patterns import compiled
from ..walk import block_text, figures, plain_text
from .backgrounds import background_photos
from .blocks import Converter
from .captions import MAX_CAPTION, captions_in_style, headings_as_captions, page_caption_style, pair_captions
from .dates import date_locale, parse_date
from .fallback import main_zone
from .harvest import Harvest, harvest
from .header import (
    Edges,
    clean_head_title,
    closing_lines,
    cut_related,
    drop_title_repeats,
    looks_like_slug,
    take_byline,
    take_dateline,
    take_lead,
    title_from_first_heading,
)
from .hints import Hints
from .judge import describe, judge, link_share, nothing_found, tally
from .locate import Located, locate, whole_page
from .losses import unaccounted
from .metadata import Offers, as_fields, footer, language_of, offer_fields, views_of
from .nearby import Found, Nearby, digits, headline_before, lines, scan, view_lines
from .page_shape import count_fields, not_the_article
from .sharepoint import (
    CHROME,
    CHROME_KEEP,
    CHROME_NEEDS,
    LIST_SEGMENT,
    PAGE_CLASSES,
    PAGE_IDS,
    RELATED_ENTRY_DATE,
    Profile,
    XPaths,
    cls,
)
from .text import first_text, same_text, short_text, squash, text_of
from .trace import Trace, stamp
from .vocabulary import BYLINE_LINE, BYLINE_PREFIX, CHROME_TEXT, DATE_PREFIX, POSTED_FOOTER, SOURCE_LABEL

log = logger(__name__)

_AUTHOR_SEPARATOR = compiled(r"\s*(?:;| and | và |&)\s*")
_URL_HOST = compiled(r"\s*https?://([^/:?#\s]+)", re.IGNORECASE)


def strip_chrome(root: HtmlElement, trace: Trace | None = None) -> None:
    """Remove every element of ``sharepoint.CHROME`` (their tails stay with the parent), except
    those that hold page content (``sharepoint.CHROME_KEEP``); each visible one is traced with
    the rule (the XPath) that removed it."""
    # The page's ids and class words, read once: a rule that needs one no element carries is
    # skipped. Removing elements only shrinks these sets, so they stay true for the whole loop.
    # str.split() splits at every space XPath's normalize-space() splits at (and at more), so a
    # class word a rule can match is always in the set.
    ids, words = set(PAGE_IDS(root)), set(" ".join(PAGE_CLASSES(root)).split())
    for xp, need in zip(CHROME, CHROME_NEEDS, strict=True):
        if need is not None and need[1] not in (ids if need[0] == "id" else words):
            continue
        for el in xp(root):
            if el.getparent() is not None and not (len(el) and CHROME_KEEP(el)):
                if trace is not None and el.tag not in _MACHINERY and (text_of(el) or el.find(".//img") is not None):
                    trace.element("chrome", "page furniture", el, f"chrome rule {xp.path}")
                el.drop_tree()


# Elements whose removal nobody sees (scripts, styles, form machinery): not worth a trace line.
_MACHINERY = frozenset({"script", "style", "noscript", "template", "link", "meta", "input", "select", "button",
                        "textarea", "object"})


def _source_url(page: Page, root: HtmlElement, h: Harvest) -> str:
    for url in [*root.xpath("//link[@rel='canonical']/@href"), h.meta.get("og:url", "")]:
        if str(url).startswith("http"):
            return unwrap_wayback(str(url))
    if page.saved_from.startswith("http"):
        return page.saved_from
    base, path = h.context.get("siteAbsoluteUrl", ""), h.context.get("serverRequestPath", "")
    if base.startswith("http") and path:
        return base.rstrip("/") + "/" + path.lstrip("/")
    return ""


class _Header:
    """The article's visible header, read through a profile, its elements taken out of the body.

    With ``scope`` (the main zone, for a profile whose ``header_in_main``) the profile's XPaths,
    which are relative, are searched inside it only.
    Then the short lines around the title are read by their content (``nearby.scan``): a date
    line, a category link, a byline or a view counter no profile names.
    """

    def __init__(self, root: HtmlElement, profile: Profile | None, zones: list[HtmlElement],
                 scope: HtmlElement | None = None, parses: Callable[[str], bool] = lambda t: False,
                 trace: Trace | None = None) -> None:
        self.values: dict[str, str] = {}
        self.fields: list[Field] = []
        self.nearby = Nearby()
        self.headline = ""  # the heading right before the zone, when the profile names no title
        if profile is None:
            return
        here = scope if scope is not None else root
        found: dict[str, HtmlElement] = {}
        keys: tuple[tuple[str, XPaths], ...] = (("title", profile.title), ("date", profile.date),
                                                 ("byline", profile.byline), ("category", profile.category),
                                                 ("lead", profile.lead))
        for key, xpaths in keys:
            text, el = first_text(here, xpaths)
            if text and el is not None:
                self.values[key] = text
                found[key] = el
        anchor = found.get("title")
        if anchor is None and zones:
            anchor = headline_before(here, zones[0])
            self.headline = text_of(anchor) if anchor is not None else ""
        if anchor is not None:
            self.nearby = scan(here, anchor, parses, skip=found.values())
        if trace is not None:
            for key, el in found.items():
                trace.element("header", key, el, f"{profile.name} profile: the layout's {key} element")
            for f in self.nearby.found:
                trace.element("header", f.key, f.element, f.rule)
            if self.headline:
                trace.element("header", "title", anchor, "headline: the last h1/h2 before the article zone")
        # Read once, never also a body paragraph; an element holding the body stays.
        for key, el in [*found.items(), *((f.key, f.element) for f in self.nearby.found)]:
            if key != "category" and el.getparent() is not None and not _holds_zone(el, zones):
                el.drop_tree()
        for xp in profile.fields:
            for el in xp(here):
                label, _, value = text_of(el).partition(":")
                if value.strip():
                    self.fields.append(Field(squash(label), squash(value)))
                    el.drop_tree()


def _holds_zone(el: HtmlElement, zones: list[HtmlElement]) -> bool:
    return any(z is el or any(a is el for a in z.iterancestors()) for z in zones)


def _date(text: str, language: str) -> DateValue | None:
    text = DATE_PREFIX.sub("", text.strip()).strip("() ")
    if not text:
        return None
    return DateValue(text, parse_date(text, language))


def _authors(text: str) -> tuple[str, ...]:
    m = POSTED_FOOTER.search(text) or BYLINE_PREFIX.match(text) or BYLINE_LINE.match(text)
    who = squash(m["who"]) if m else squash(text)
    return tuple(a.strip() for a in _AUTHOR_SEPARATOR.split(who) if a.strip())


def _prune(zone: HtmlElement, trace: Trace) -> None:
    """Drop chrome lines (font-size widget, "Xem chi tiết tại đây"…) that link nowhere: a real link
    makes the line content (on document pages it leads to the document itself)."""
    for el in list(zone.iter("p", "div", "span", "td")):
        t = short_text(el, 120)
        pattern = next((p for p in CHROME_TEXT if p.match(t)), None) if t else None
        if pattern is not None and el.getparent() is not None \
                and not el.xpath(".//a[@href != '' and not(starts-with(@href, '#'))"
                                 " and not(starts-with(@href, 'javascript'))]"):
            trace.element("chrome", "chrome line in the article zone", el, f"chrome text {pattern.pattern[:60]}")
            el.drop_tree()


def _convert(page: Page, located: Located, source_url: str, trace: Trace) -> tuple[Converter, list[Block], list[str]]:
    """The zones' blocks, and the text lines the zones held when conversion began (to check that
    none is lost without a rule, ``losses.unaccounted``)."""
    conv = Converter(page.resolver, source_url, str(page.path))
    blocks: list[Block] = []
    held: list[str] = []
    for zone in located.zones:
        _prune(zone, trace)
        background_photos(zone)
        held += [line.text for line in lines(zone)]
        zone_blocks = conv.blocks(zone)
        # A zone's first block is never the caption of the zone before, unless the zone is the
        # publishing layout's own Image Caption field.
        if blocks and zone_blocks and zone.get("data-zone-role") != "caption":
            conv.hints.note(zone_blocks[0]).zone_start = True
        if zone.get("data-zone-role") == "caption":  # the publishing "Image Caption" field
            for b in zone_blocks:
                if isinstance(b, Paragraph):
                    conv.hints.caption_candidate(b, "the page's Image Caption field")
        blocks.extend(zone_blocks)
    return conv, blocks, held


def extract(page: Page, *, whole: bool = False, trace: Trace | None = None) -> tuple[Article, list[Diagnostic]]:
    """The article of ``page``; raises NoArticleError when the page holds none.

    ``whole`` (the CLI's ``--whole-page``) converts the page's main zone even when it is not an
    article (a listing, a home page). ``trace`` receives every decision and its rule (``portalconv
    explain``), also when the page is refused.
    """
    trace = trace if trace is not None else Trace()
    root, where = page.root, str(page.path)
    if trace.stamp:
        stamp(root)
    h = harvest(root)
    source_url = _source_url(page, root, h)
    hosts = _hosts(root, source_url)
    count_fields(root)  # before the chrome pass removes the form controls
    # Chrome outside the article is traced only for explain (it numbers the page): a conversion has
    # no use for it, and tracing costs the text of every removed element.
    strip_chrome(root, trace if trace.stamp else None)
    main = main_zone(root)
    page_links = link_share(main)  # before the header is taken out of it
    hint = language_of(text_of(main)[:20000], h.lang, h.context.get("currentCultureName", ""))
    located = whole_page(root) if whole else locate(root, h, hint)
    if located is None:
        return _refuse(trace, where, nothing_found(main), "no flavour found an article zone")
    for zone in located.zones:
        trace.element("body", "article zone", zone, f"found by the {located.flavour} flavour")
    if located.verdict and not whole:
        return _refuse(trace, where, located.verdict, f"the {located.flavour} flavour")
    verdict, basis = not_the_article(located.profile, located.zones, main)
    if verdict and not whole:
        return _refuse(trace, where, verdict, basis)
    parses: Callable[[str], bool] = lambda t: parse_date(t, hint) is not None  # noqa: E731
    profile = located.profile
    if profile.header:
        head = _Header(root, profile, located.zones, main if profile.header_in_main else None, parses=parses,
                       trace=trace)
    else:  # an item: its fields are its header
        head = _Header(root, None, located.zones)
    sample = " ".join([head.values.get("title", ""), *(text_of(z) for z in located.zones)])[:20000]
    language = language_of(sample, h.lang, h.context.get("currentCultureName", ""))
    # Dates are read in the page's locale (day/month order, time zone), decided once per page.
    dating = date_locale(language, h.lang or h.context.get("currentCultureName", ""), hosts, text_of(root))
    zone_views = _take_view_lines(located.zones)
    for found in zone_views:
        trace.add("header", "views", found.text, found.rule, found.element)
    conv, blocks, held = _convert(page, located, source_url, trace)
    converted = blocks
    blocks = cut_related(blocks)
    if len(blocks) < len(converted):
        # Their whole text (list items, cells, captions), not the block's kind: it is named removed text.
        trace.removed += [block_text(b) for b in converted[len(blocks):]]
        trace.add("chrome", "related list", " · ".join(_text_of_block(b) for b in converted[len(blocks):][:6]),
                  "related-news list: everything from a 'TIN ĐÃ ĐƯA' / 'Related news' heading on")

    offers = Offers()
    layout = f"{located.flavour} layout's own element"
    offers.offer("title", head.values.get("title"), layout)
    offers.offer("title", head.headline, "headline: the last h1/h2 before the article zone")
    offers.offer("published", _date(head.values.get("date", ""), dating), layout)
    offers.offer("authors", _authors(head.values["byline"]) if "byline" in head.values else (), layout)
    offers.offer("category", head.values.get("category"), layout)
    offers.offer("lead", head.values.get("lead"), layout)
    offer_fields(offers, located.fields, dating, f"the item's field ({located.flavour})", located.dates)
    _offer_nearby(offers, head.nearby, zone_views, dating)
    edges = Edges()
    before = blocks
    blocks, title_site = _title(blocks, offers, h, edges)
    _took(trace, before, blocks, "title", "the title (or kicker) repeated at the top of the body")
    blocks = _body_edges(blocks, conv, offers, edges, dating, trace)
    offers.offer("published", _related_date(root, str(offers.get("title")), dating),
                 "the related-news list's entry for this article")
    _offer_page(offers, root, h, located, language, dating)
    for site in site_names(h, title_site, source_url):
        offers.offer("site_name", site, "og:site_name, site title, or <title>")
    offers.offer("source_url", source_url, "canonical link, og:url, 'saved from' comment or page context")
    fields = [*head.fields, *as_fields(located.fields)]
    fields += [Field(SOURCE_LABEL.get(language, SOURCE_LABEL["en"]), s, "source") for s in edges.sources]
    offers.offer("fields", tuple(fields))
    log.debug("%s: metadata from %s", where, offers.origin)

    verdict = judge(blocks, located.profile, page_links)
    if not whole and verdict:
        return _refuse(trace, where, verdict, f"the {located.flavour} flavour's zone: {describe(tally(blocks))}")
    if not blocks:
        return _refuse(trace, where, "nothing in the article zone", f"the {located.flavour} flavour's zone")
    if not offers.get("title"):
        return _refuse(trace, where, "no title", "no title element, heading, og:title or <title>")
    trace.add("verdict", "article", f"{located.flavour}: {describe(tally(blocks))}",
              "whole page asked for (--whole-page)" if whole else f"found by the {located.flavour} flavour")
    for key, value in offers.values.items():
        if key != "fields":
            trace.add("metadata", key, _shown(value), offers.origin.get(key, ""))
    for f in fields:
        trace.add("metadata", f"field: {f.label}", f.value, "list-form or header field")
    metadata = Metadata(**offers.values)  # type: ignore[arg-type]
    resources = tuple(conv.resources.values())
    article = Article(metadata, tuple(blocks), resources)
    lost = unaccounted(held, article, trace)
    return article, list(page.warnings) + conv.warnings + [
        Diagnostic("dropped-content", f"text left the article without a rule: “{t[:80]}”", where) for t in lost]


def _refuse(trace: Trace, where: str, verdict: str, basis: str) -> NoReturn:
    """Record why the page is not an article (and what that was judged on), then say so."""
    trace.add("verdict", "not an article", verdict, basis)
    raise NoArticleError(f"{where}: no article found ({verdict})")


def _shown(value: object) -> str:
    if isinstance(value, DateValue):
        return value.text + (f" → {value.value.isoformat()}" if value.value else "")
    if isinstance(value, tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def _text_of_block(b: Block) -> str:
    return plain_text(b.children) if isinstance(b, Paragraph | Heading | Signature) else type(b).__name__


def _take_view_lines(zones: list[HtmlElement]) -> list[Found]:
    """Lines inside the article zone that only count its readers leave the body (read as views)."""
    taken = []
    for zone in zones:
        for line in view_lines(zone):
            if line.element.getparent() is not None and not _holds_zone(line.element, zones):
                taken.append(Found("views", line.text, "view-counter-line (in the article zone)", line.element))
                line.element.drop_tree()
    return taken


def _offer_nearby(offers: Offers, near: Nearby, zone_views: list[Found], dating: str) -> None:
    """What the lines around the title said (after the profile's own header and the item's fields),
    and view-counter lines inside the article zone, which leave the body."""
    for f in near.found:
        if f.key == "published":
            offers.offer("published", _date(f.text, dating), f.rule)
        elif f.key == "authors":
            offers.offer("authors", _authors(f.text), f.rule)
        elif f.key == "views":
            offers.offer("views", digits(f.text), f.rule)
        else:
            offers.offer(f.key, f.text, f.rule)
    for found in zone_views:
        offers.offer("views", digits(found.text), found.rule)


def _hosts(root: HtmlElement, source_url: str) -> list[str]:
    """Host names of the page's own address and of every absolute link, stylesheet, form and image:
    where the site lives (its country decides how its dates are written)."""
    urls = [source_url, *root.xpath("//a/@href | //link/@href | //form/@action | //img/@src")]
    hosts = []
    for url in urls:
        m = _URL_HOST.match(str(url))
        if m:
            hosts.append(m.group(1).lower().rstrip("."))
    return hosts


def _title(blocks: list[Block], offers: Offers, h: Harvest, edges: Edges) -> tuple[list[Block], str]:
    """Settle the title (header, item, a heading opening the body, og:title, <title>) and drop its
    repeats from the body; returns the blocks and the site name <title> revealed."""
    page_title, title_site = clean_head_title(h.head_title, [h.context.get("webTitle", ""),
                                                             h.meta.get("og:site_name", ""), h.site_name])
    title = str(offers.get("title") or "")
    if not title:
        blocks = title_from_first_heading(blocks, edges)
        title = edges.title_from_body or h.meta.get("og:title", "") or page_title
    if title and not looks_like_slug(title):
        blocks = drop_title_repeats(blocks, title, edges)
    offers.offer("title", title, "the body's opening heading, og:title or <title>")
    offers.offer("subtitle", edges.subtitle, "body")
    return blocks, title_site


def _took(trace: Trace, before: list[Block], after: list[Block], what: str, rule: str) -> None:
    """Trace the blocks an edge pass took out of the body (into metadata)."""
    kept = {id(b) for b in after}
    for b in before:
        if id(b) not in kept:
            trace.add("header", what, _text_of_block(b), rule)


def _body_edges(blocks: list[Block], conv: Converter, offers: Offers, edges: Edges, dating: str,
                trace: Trace) -> list[Block]:
    """Date line, byline and lead at the top, captions paired, signature and credits at the end."""
    before = blocks
    blocks = take_dateline(blocks, edges, lambda t: parse_date(t, dating) is not None)
    _took(trace, before, blocks, "published", "a line among the first blocks that only dates the article")
    before = blocks
    blocks = take_byline(blocks, edges)
    _took(trace, before, blocks, "authors", "a byline among the first blocks ('By …', 'date | author')")
    before = blocks
    # The lead goes before captions are paired: a bold lead right under the opening photo is
    # centred like a caption on some sites (corpus/22-kpc-ar-weekly-newsletter-470111.html), but a
    # lead is never a caption.
    blocks = take_lead(blocks, edges, str(offers.get("lead") or ""))
    _took(trace, before, blocks, "lead", "the first paragraph, bold, agency-tagged or opening with a dateline")
    offers.offer("published", _date(edges.date, dating), "body: a date line among the first blocks")
    offers.offer("category", edges.section, "body: 'Published in SECTION on DATE'")
    hints = conv.hints
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    if sum(1 for p in paragraphs if hints.of(p).centred) > len(paragraphs) / 2:
        # Sites that centre everything (corpus/22-kpc-ar-weekly-newsletter-470111.html): centring
        # says nothing about captions there.
        for hint in hints:
            hint.caption_like = hint.caption_like and not hint.centred
    blocks = headings_as_captions(blocks, hints)
    # Then the page's own caption style, learnt from its clearest figures, for every figure.
    style = page_caption_style(blocks, hints)
    captions_in_style(blocks, hints, style)
    for hint in hints:  # a zone's first block is never the caption of the zone before
        hint.caption_like = (hint.caption_like or hint.in_style) and not hint.zone_start
    _continued(blocks, hints, style)

    traced: set[int] = set()  # figures whose caption a paragraph gave (the rest came with their markup)

    def paired(p: Paragraph, fig: Figure) -> None:
        traced.add(id(fig))
        trace.add("caption", fig.image.src[:60] or "(image without address)", plain_text(fig.caption),
                  hints.of(p).why or "caption-like paragraph right after the photo", hints.of(p).source)

    blocks = pair_captions(blocks, hints, paired)
    blocks = closing_lines(blocks, hints, edges)
    offers.offer("authors", tuple(edges.authors), "body: byline, credit line or signature")
    offers.offer("lead", edges.lead, "body: bold, agency-tagged or dateline first paragraph")
    for fig in figures(blocks):
        if fig.caption and id(fig) not in traced:
            trace.add("caption", fig.image.src[:60], plain_text(fig.caption), "the photo's own caption markup "
                      "(figcaption, caption element)")
    return blocks


def _continued(blocks: list[Block], hints: Hints, style: set[str]) -> None:
    """Note (``Hint.continued``) the paragraphs that carry on a caption: right after one in the
    page's caption style, set the same way, short, and not followed by a photo of their own."""
    for i, b in enumerate(blocks[1:], start=1):
        prev, nxt = blocks[i - 1], blocks[i + 1] if i + 1 < len(blocks) else None
        marks = hints.of(b).marks
        if isinstance(b, Paragraph) and hints.of(prev).in_style and marks & style \
                and marks == hints.of(prev).marks and len(plain_text(b.children)) <= MAX_CAPTION // 2 \
                and not isinstance(nxt, Figure):
            hints.note(b).continued = True


def _offer_page(offers: Offers, root: HtmlElement, h: Harvest, located: Located, language: str,
                dating: str) -> None:
    """Footers, meta tags, navigation, the view counter and the language (priorities 4 to 6)."""
    foot = footer(root, dating)
    for key in ("content_type", "version", "created_by", "modified_by"):
        offers.offer(key, foot.values.get(key), "the list form's footer line")
    for key in ("created", "modified"):
        offers.offer(key, foot.dates.get(key), "the list form's footer line")
    _offer_meta(offers, h, dating)
    offers.offer("category", h.section, "the selected navigation entry")
    in_page = [z for z in located.zones if z.getroottree().getroot() is root]  # not JSON fragments
    offers.offer("views", views_of(root, in_page), "a view counter beside the article")
    offers.offer("language", language, "the text's letters, else the page's lang")


def _related_date(root: HtmlElement, title: str, language: str) -> DateValue | None:
    """The date a related-news list gives this very article (its entry's link text is the title)."""
    for li in RELATED_ENTRY_DATE(root):
        link = li.find("a")
        if link is not None and same_text(text_of(link), title):
            span = li.xpath(f"span[{cls('ShowDate')}]")
            return _date(text_of(span[0]), language) if span else None
    return None


def _offer_meta(offers: Offers, h: Harvest, language: str) -> None:
    """Open Graph and article meta tags (priority 5)."""
    offers.offer("title", h.meta.get("og:title"), "the page's meta tags")
    for key, target in (("article:published_time", "published"), ("article:modified_time", "modified")):
        if h.meta.get(key):
            offers.offer(target, DateValue(h.meta[key], parse_date(h.meta[key], language)), "the page's meta tags")
    if h.meta.get("article:author", "").strip() and not h.meta["article:author"].startswith("http"):
        offers.offer("authors", (h.meta["article:author"],), "the page's meta tags")
    offers.offer("category", h.meta.get("article:section"), "the page's meta tags")
    tags = tuple(t.strip() for t in h.meta.get("article:tag", "").split(",") if t.strip())
    offers.offer("tags", tags, "the page's meta tags")


__all__ = ["extract", "strip_chrome"]


def site_names(h: Harvest, title_site: str, source_url: str) -> list[str]:
    """Candidates for the site's name, best first, without the names of a part of the site.

    ``_spPageContextInfo.webTitle`` names the web the page lives in; when that web is not the site
    collection's root (``webServerRelativeUrl`` differs from ``siteServerRelativeUrl``) it is a
    section ("Press Releases", "About Us"), which would stand as the site in the metadata line and
    the running head; SharePoint also puts it first in <title>, where it looks like a site name. A
    list's or library's name (``listTitle``, the segment after ``/Lists/``) is not the site either.
    No site name is better than a section's or list's.
    """
    context = h.context
    web_title = squash(context.get("webTitle", ""))
    web, root = context.get("webServerRelativeUrl"), context.get("siteServerRelativeUrl")
    subweb = web is not None and root is not None and web.rstrip("/") != root.rstrip("/")
    parts = {squash(context.get("listTitle", "")).lower(), web_title.lower() if subweb else ""}
    for url in (source_url, context.get("serverRequestPath", "")):
        m = LIST_SEGMENT.search(url or "")
        if m:
            parts.add(squash(unquote(m.group(1))).lower())
    parts.discard("")
    ranked = [h.meta.get("og:site_name", ""), h.site_name, web_title, title_site]
    return [name for name in ranked if name and name.lower() not in parts]
