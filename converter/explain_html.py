"""``portalconv explain --html FILE``: the saved page itself with every decision outlined.

The page is loaded again and numbered as the traced run numbered it (``trace.stamp``: same parser,
same order, same numbers), so each decision finds its element. Metadata, body, captions and chrome
get four colours, each outline a label naming its rule. The picture is offline: scripts and event
handlers are removed and a Content-Security-Policy forbids every network request; the page's own
files are found through ``<base>`` pointing at its folder.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import lxml.html
from lxml.html import HtmlElement

from .explain import Explanation
from .extract.trace import STAMP, stamp
from .load.page import load

COLOURS = {"header": "#1565c0", "body": "#2e7d32", "caption": "#ef6c00", "chrome": "#c62828"}
NAMES = {"header": "metadata", "body": "article body", "caption": "caption", "chrome": "chrome (dropped)"}
_CSP = ("default-src 'none'; img-src 'self' file: data:; style-src 'self' file: 'unsafe-inline'; "
        "font-src 'self' file: data:")
_STYLE = """
.pc-label{display:inline-block;margin:0 4px 2px 0;font:11px/1.3 sans-serif;color:#fff;font-style:normal;
 font-weight:normal;text-indent:0;padding:1px 4px;max-width:480px;white-space:normal;vertical-align:middle}
#pc-legend{position:fixed;top:8px;right:8px;z-index:2147483647;background:#fff;border:1px solid #999;
 font:12px/1.5 sans-serif;padding:6px 10px;box-shadow:0 1px 4px rgba(0,0,0,.3)}
#pc-legend span{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:middle}
"""


def picture(expl: Explanation, root: str | os.PathLike[str] | None = None) -> str:
    """The page as HTML with the trace's decisions drawn on it."""
    page = load(expl.page, root=Path(root) if root is not None else None)
    doc = page.root
    stamp(doc)
    by_stamp = {el.get(STAMP): el for el in doc.iter() if isinstance(el.tag, str)}
    counts = dict.fromkeys(COLOURS, 0)
    for d in expl.trace.decisions:
        el = by_stamp.get(d.element) if d.element else None
        if el is None or d.kind not in COLOURS:
            continue
        counts[d.kind] += 1
        _outline(el, d.kind, f"{NAMES[d.kind]}: {d.what} — {d.rule}")
    _offline(doc, expl.page.resolve().parent)
    _legend(doc, counts, expl)
    markup: str = lxml.html.tostring(doc, encoding="unicode", method="html")
    return "<!DOCTYPE html>\n" + markup


def _outline(el: HtmlElement, kind: str, label: str) -> None:
    colour = COLOURS[kind]
    width = "3px" if kind != "body" else "4px"
    style = (el.get("style") or "").rstrip("; ")
    el.set("style", f"{style}{'; ' if style else ''}outline:{width} solid {colour}!important;"
                    "outline-offset:1px")
    el.set("data-pc-kind", kind)
    tip = el.get("title")
    el.set("title", f"{label}" + (f"\n{tip}" if tip else ""))
    if el.tag in ("img", "br", "hr", "input", "table", "tr", "tbody"):
        return  # no child can be added (or shown) there: the outline and the tooltip say it
    badge = lxml.html.Element("span")
    badge.set("class", "pc-label")
    badge.set("style", f"background:{colour}")
    badge.text = label
    badge.tail = el.text
    el.text = None
    el.insert(0, badge)


def _offline(doc: HtmlElement, folder: Path) -> None:
    """No script runs and nothing is fetched; relative files load from the page's own folder."""
    for el in list(doc.iter("script", "noscript", "iframe", "object", "embed")):
        if el.getparent() is not None:
            el.drop_tree()
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for name in [a for a in el.attrib if a.lower().startswith("on")]:
            del el.attrib[name]
    for el in list(doc.iter("base", "meta")):
        equiv = (el.get("http-equiv") or "").lower()
        if el.tag == "base" or el.get("charset") is not None or equiv in ("refresh", "content-security-policy",
                                                                          "content-type"):
            el.drop_tree()
    head = doc.find("head")
    if head is None:
        head = lxml.html.Element("head")
        doc.insert(0, head)
    csp = lxml.html.Element("meta")
    csp.set("http-equiv", "Content-Security-Policy")
    csp.set("content", _CSP)
    base = lxml.html.Element("base")
    base.set("href", folder.as_uri() + "/")
    charset = lxml.html.Element("meta")
    charset.set("charset", "utf-8")
    style = lxml.html.Element("style")
    style.text = _STYLE
    for i, el in enumerate((charset, csp, base, style)):
        head.insert(i, el)


def _legend(doc: HtmlElement, counts: dict[str, int], expl: Explanation) -> None:
    body = doc.find("body")
    if body is None:
        body = lxml.html.Element("body")
        doc.append(body)
    verdict = "an article" if expl.article is not None else html.escape(expl.refusal)
    rows = "".join(f'<div><span style="background:{COLOURS[k]}"></span>{NAMES[k]}: {counts[k]}</div>'
                   for k in COLOURS)
    legend = lxml.html.fragment_fromstring(f'<div id="pc-legend"><b>portalconv explain</b>: {verdict}{rows}</div>')
    body.insert(0, legend)


__all__ = ["picture"]
