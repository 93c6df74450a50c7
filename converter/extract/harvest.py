"""What a page says about itself in places the chrome pass removes: head, scripts, hidden labels.

Read once, before chrome is stripped: ``<title>``, ``<meta>`` (``og:``, ``article:``), the
``_spPageContextInfo`` object, client-side JSON (``clientside.py``) and the hidden labels of
publishing field zones, which are written onto the zones as ``data-zone-role``.
"""

from __future__ import annotations

import json
import re
from dataclasses import field

from lxml.html import HtmlElement

from ..patterns import compiled
from ..records import dataclass
from .clientside import ClientData, client_data, hydrate
from .sharepoint import LABELLED_ZONES, SECTION_XPATHS, SITE_NAME_XPATHS
from .text import first_text, squash
from .vocabulary import GENERIC_TITLES, ZONE_ROLES

_CONTEXT = compiled(r"_spPageContextInfo\s*=\s*(\{.*?\})\s*;", re.DOTALL)

_JS_PAIR = compiled(r"[\"']?(\w+)[\"']?\s*:\s*\"((?:[^\"\\]|\\.)*)\"")
_JS_UNICODE_ESCAPE = compiled(r"\\u([0-9a-fA-F]{4})")
_JS_ESCAPE = compiled(r"\\(.)")


@dataclass
class Harvest:
    head_title: str = ""
    meta: dict[str, str] = field(default_factory=dict)  # lower-cased property/name → content
    context: dict[str, str] = field(default_factory=dict)
    client: list[ClientData] = field(default_factory=list)
    lang: str = ""
    section: str = ""  # the selected navigation entry (quick launch, breadcrumb)
    site_name: str = ""  # the site title the master page shows


def harvest(root: HtmlElement) -> Harvest:
    """Everything above, and every labelled publishing zone marked with its role."""
    h = Harvest()
    title = root.find(".//title")
    if title is not None:
        # SharePoint's title placeholder puts the site or list name and the page title on
        # separate lines (corpus/07-kpc-press-release-vietnam-refinery.html,
        # corpus/22-kpc-ar-weekly-newsletter-470111.html): keep the lines apart for header.clean_title.
        lines = [squash(line) for line in title.text_content().splitlines()]
        h.head_title = "\n".join(line for line in lines if line)
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = squash(meta.get("content") or "")
        if key and content and key not in h.meta:
            h.meta[key] = content
    h.context = page_context(root)
    h.client = client_data(root)
    hydrate(root, h.client)
    section = first_text(root, SECTION_XPATHS)[0]
    h.section = "" if section.lower() in GENERIC_TITLES else section  # "default", "Home": the page, not a section
    for xp in SITE_NAME_XPATHS:
        hits = xp(root)
        name = squash(hits[0] if isinstance(hits[0], str) else hits[0].text_content()) if hits else ""
        if name and name.lower() not in GENERIC_TITLES:  # SP2010 portals title their home site "Home"
            h.site_name = name
            break
    h.lang = (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()
    label_zones(root)
    return h


def label_zones(root: HtmlElement) -> None:
    """Mark each publishing zone with the role its hidden label names ("Page Content" → body)."""
    ids = {el.get("id"): el for el in root.xpath("//*[@id]") if el.get("id")}
    for zone in LABELLED_ZONES(root):
        label_el = ids.get(zone.get("aria-labelledby"))
        if label_el is None:
            continue
        label = squash(label_el.text_content()).lower()
        zone.set("data-zone-role", ZONE_ROLES.get(label, "other"))
        zone.set("data-zone-label", label)


def page_context(root: HtmlElement) -> dict[str, str]:
    """String values of ``_spPageContextInfo`` (webTitle, siteAbsoluteUrl, serverRequestPath...)."""
    for script in root.iter("script"):
        m = _CONTEXT.search(script.text or "")
        if not m:
            continue
        try:
            data = json.loads(m.group(1))
        except json.JSONDecodeError:
            # Older pages write a JS object literal; pick "key": "value" pairs by pattern.
            pairs = _JS_PAIR.findall(m.group(1))
            return {k: _js_unescape(v) for k, v in pairs}
        if isinstance(data, dict):
            return {k: str(v) for k, v in data.items() if isinstance(v, str | int) and not isinstance(v, bool)}
    return {}


def _js_unescape(s: str) -> str:
    """``\\u002f`` and ``\\/`` as JavaScript string literals write them."""
    s = _JS_UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), s)
    return _JS_ESCAPE.sub(r"\1", s)
