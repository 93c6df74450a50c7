"""Where the article is: the first flavour (in ``sharepoint.FLAVOUR_ORDER``) that finds one.

Page-structure flavours find their zones by the XPaths of their profile; the flavours found by code
(``finder="code"``, one function each in ``ITEM_FINDERS``) are list forms and client-side JSON
items whose body field is the article (or, with no body, whose fields are), and the scored
fallback, which searches the main zone of unknown layouts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field

from lxml.html import HtmlElement

from ..model import DateValue
from ..records import dataclass
from .clientside import BLOG_POSTS, ClientData, local_time
from .fallback import best_container, main_zone
from .harvest import Harvest
from .listform import FormField, body_field, client_fields, fields_table, form_fields, fragment, mapped
from .sharepoint import BY_NAME, DOMINANT_SHARE, FLAVOUR_ORDER, Profile
from .text import text_of


@dataclass
class Located:
    """The article's zones (page order) and what the flavour knows about the item."""

    profile: Profile  # the flavour that found the zones
    zones: list[HtmlElement]
    fields: list[FormField] = field(default_factory=list)
    dates: dict[str, DateValue] = field(default_factory=dict)  # item dates read precisely from JSON
    verdict: str = ""  # why this is not an article, when the flavour can already tell

    @property
    def flavour(self) -> str:
        return self.profile.name


def _has_content(el: HtmlElement) -> bool:
    return bool(text_of(el)) or el.find(".//img") is not None


def _outermost(found: list[HtmlElement]) -> list[HtmlElement]:
    """Nested matches (a zone inside a zone) would duplicate text: keep the outermost ones."""
    kept = set(found)  # the elements themselves: lxml proxies are stable while referenced
    return [el for el in found if not any(a in kept for a in el.iterancestors())]


def _by_profile(profile: Profile, root: HtmlElement) -> Located | None:
    for xp in profile.body:
        found = [el for el in xp(root) if isinstance(el, HtmlElement) and _has_content(el)]
        if found:
            zones = _outermost(found)
            if profile.dominant and len(zones) > 1:
                sizes = [len(text_of(z)) for z in zones]
                if max(sizes) < DOMINANT_SHARE * sum(sizes):
                    return Located(profile, zones,
                                   verdict="several separate boxes of text, as on a home or landing page")
                zones = [zones[sizes.index(max(sizes))]]
            return Located(profile, zones)
    return None


def _list_form(root: HtmlElement, harvest: Harvest, language: str) -> Located | None:
    fields = form_fields(root)
    body = body_field(fields)
    if body is None:
        return None
    zone = fragment(body.html) if body.html else body.element
    if zone is None:
        return None
    return Located(BY_NAME["list-form"], [zone], fields=fields)


def _client_side(root: HtmlElement, harvest: Harvest, language: str) -> Located | None:
    """A single item with a body in a CSR data set: a blog post (template 301) or a form item.

    A data set with several rows is a list view (a picture library:
    corpus/23-kpc-picture-library-thumbnails-view.html), never an article.
    """
    candidates: list[tuple[ClientData, dict[str, object]]] = [
        (d, d.rows[0]) for d in harvest.client if len(d.rows) == 1]
    candidates.sort(key=lambda c: c[0].template != BLOG_POSTS)
    for data, row in candidates:
        fields = client_fields(data, row)
        body = body_field(fields)
        if body is None or not body.html:
            continue
        zone = fragment(body.html)
        if zone is None:
            continue
        return Located(BY_NAME["client-side"], [zone], fields=fields, dates=_item_dates(fields, row, language))
    return None


def _item_dates(fields: list[FormField], row: dict[str, object], language: str) -> dict[str, DateValue]:
    """The item's dates read with the site's UTC offset that the JSON reveals."""
    dates: dict[str, DateValue] = {}
    for f in fields:
        if mapped(f.label, f.name) in ("published", "created", "modified") and f.value:
            dates[f.name] = DateValue(f.value, local_time(row, f.name, f.value, language))
    return dates


def _list_item(root: HtmlElement, harvest: Harvest, language: str) -> Located | None:
    """A list item whose fields are filled in but which has no body (a task, a contact): the table
    of its fields is the document. The form's rows, else a single-item form context (JSON).

    A form whose values are all empty (corpus/09-kpc-list-dispform-empty.html) gives no table, and
    an item must name itself (a filled title field) to be a document of its own; a list view is
    never an item.
    """
    fields = form_fields(root)
    dates: dict[str, DateValue] = {}
    if not fields:  # rows hydrated from a form context already hold all of its values
        forms = [d for d in harvest.client if d.kind == "FormCtx" and len(d.rows) == 1]
        if forms:
            fields = client_fields(forms[0], forms[0].rows[0])
            dates = _item_dates(fields, forms[0].rows[0], language)
    if not any(f.value and mapped(f.label, f.name) == "title" for f in fields):
        return None
    table = fields_table(fields)
    return Located(BY_NAME["list-item"], [table], fields=fields, dates=dates) if table is not None else None


def _fallback(root: HtmlElement, harvest: Harvest, language: str) -> Located | None:
    zone = main_zone(root)
    best = best_container(zone)
    return Located(BY_NAME["fallback"], [best]) if best is not None else None


# The code of each flavour that is found by code (``Profile.finder == "code"``), by its name.
ITEM_FINDERS: dict[str, Callable[[HtmlElement, Harvest, str], Located | None]] = {
    "list-form": _list_form, "client-side": _client_side, "list-item": _list_item, "fallback": _fallback,
}


def locate(root: HtmlElement, harvest: Harvest, language: str) -> Located | None:
    """The article's location by the first flavour that finds one, or None."""
    for profile in FLAVOUR_ORDER:
        found = _by_profile(profile, root) if profile.finder == "zones" else \
            ITEM_FINDERS[profile.name](root, harvest, language)
        if found is not None:
            return found
    return None


def whole_page(root: HtmlElement) -> Located:
    """``--whole-page``: the main zone as it is, for pages that are not articles."""
    return Located(BY_NAME["whole-page"], [main_zone(root)])
