"""Whether the zone a flavour found is the page's article, judged by the page around it.

Two shapes are not articles whatever their prose: a zone that is one box among several (a home or
landing page's page-content field beside teaser boxes) and a zone holding fields to fill in (a
feedback or sign-up form). ``judge.py`` judges the zone's own blocks; this module compares the zone
with the page.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from .sharepoint import Profile
from .text import text_of

# Controls a visitor fills in; hidden inputs and buttons are the page's machinery, not a form's fields.
_FILL_IN = ("//textarea | //select | //input[not(@type) or @type='text' or @type='email' or @type='tel' "
            "or @type='number' or @type='date' or @type='file' or @type='radio' or @type='checkbox']")
_FIELDS = "data-pc-fields"
MIN_FORM_FIELDS = 3  # an article zone holding this many is a form (feedback, search, sign-up), not an article

# Zones that also fill home and landing pages (a flavour that is not ``dedicated``: a page-content
# field, an editor web part, the densest block) must hold at least this share of the main zone's
# text (links aside) to be the article: on the corpus's article pages they hold 72-100 %, on home
# pages a third or less.
MIN_ZONE_SHARE = 0.5


def count_fields(root: HtmlElement) -> None:
    """Write on every element how many fields to fill in it holds (run before the chrome pass,
    which removes the form controls)."""
    for control in root.xpath(_FILL_IN):
        for anc in control.iterancestors():
            anc.set(_FIELDS, str(int(anc.get(_FIELDS) or 0) + 1))


def not_the_article(flavour: Profile, zones: list[HtmlElement], main: HtmlElement) -> tuple[str, str]:
    """(verdict, basis) when the zones are not the page's article by its shape, else ("", "")."""
    fields = sum(int(z.get(_FIELDS) or 0) for z in zones)
    if fields >= MIN_FORM_FIELDS:
        return (f"a form to fill in: {fields} fields in the article zone",
                f"the {flavour.name} flavour's zone holds text boxes and choices to fill in")
    if not flavour.dedicated:
        page = _prose(main)
        share = sum(_prose(z) for z in zones) / page if page else 1.0
        if share < MIN_ZONE_SHARE:
            return (f"one box among several: the article zone holds {share:.0%} of the page's text",
                    f"the {flavour.name} flavour's zone against the whole main zone (a home or landing page)")
    return "", ""


def _prose(el: HtmlElement) -> int:
    """Characters of ``el``'s text outside links."""
    return max(0, len(text_of(el)) - sum(len(text_of(a)) for a in el.iter("a")))
