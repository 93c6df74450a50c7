"""Which elements of an EPUB content document a reader cannot see.

An element is hidden when it has the ``hidden`` attribute, or when its ``style`` attribute or a rule
of the document's style sheets (linked or in ``<style>``) that selects it hides it: ``display:
none``, ``visibility: hidden``, ``opacity: 0``, an unreadably small ``font-size``, a transparent or
white text colour with no background, no height with the overflow hidden, a box under a pixel, or a
position far off the page. Rules are not cascaded: a rule that would hide article text is a tampered output even if
another rule happens to win, and our own style sheet hides nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..patterns import compiled

# Below these a glyph cannot be read.
_MIN_FONT = {"px": 4.0, "pt": 3.0, "em": 0.25, "rem": 0.25, "%": 25.0, "mm": 1.0, "cm": 0.1, "in": 0.04}
_FAR = 999.0  # px: "left: -9999px" and "text-indent: -9999px" put text beyond any screen
_NUMBER = compiled(r"^\s*(-?[\d.]+)\s*([a-z%]*)\s*$")
_WHITE = {"white", "#fff", "#ffffff", "rgb(255,255,255)", "transparent", "rgba(0,0,0,0)"}


def _length(value: str) -> tuple[float, str] | None:
    m = _NUMBER.match(value)
    if m is None:
        return None
    try:
        return float(m[1]), m[2] or "px"
    except ValueError:
        return None


def hides(declarations: dict[str, str]) -> bool:
    """Whether one rule's (or one style attribute's) declarations make what they apply to invisible."""
    d = {k: v.replace(" !important", "").replace("!important", "").strip().lower() for k, v in declarations.items()}
    if d.get("display") == "none" or d.get("visibility") in ("hidden", "collapse"):
        return True
    if (op := _length(d.get("opacity", ""))) is not None and op[0] < 0.05:
        return True
    if (size := _length(d.get("font-size", ""))) is not None and size[0] < _MIN_FONT.get(size[1], 0.0):
        return True
    colour = d.get("color", "").replace(" ", "")
    if colour in _WHITE and not any(k.startswith("background") for k in d):
        return True
    clipped = d.get("overflow") in ("hidden", "clip")
    for key in ("height", "max-height", "width", "max-width"):
        if (v := _length(d.get(key, ""))) is None:
            continue
        # No room and the overflow cut off; or a box (a photo) shrunk below a pixel.
        if (clipped and v[0] <= 0) or (0 < v[0] < 1 and v[1] in ("px", "pt")):
            return True
    for key in ("left", "top", "right", "text-indent", "margin-left", "margin-top"):
        if (v := _length(d.get(key, ""))) is not None and v[0] <= -_FAR:
            return True
    return "scale(0" in d.get("transform", "")


def _declarations(tokens: Iterable[Any]) -> dict[str, str]:
    import tinycss2

    out = {}
    for decl in tinycss2.parse_declaration_list(tokens, skip_whitespace=True, skip_comments=True):
        if decl.type == "declaration":
            out[decl.lower_name] = tinycss2.serialize(decl.value) + (" !important" if decl.important else "")
    return out


def hidden_elements(doc: Any, style_sheets: list[str]) -> set[Any]:
    """The elements of ``doc`` (an lxml tree) that are hidden themselves; their content is hidden with them."""
    import cssselect2
    import tinycss2

    hidden: set[Any] = set()
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        style = el.get("style")
        if el.get("hidden") is not None or (style and hides(_declarations(style))):
            hidden.add(el)
    sheets = [*style_sheets, *("".join(s.itertext()) for s in doc.iter("{*}style"))]
    tests: list[Callable[[Any], bool]] = []
    for css in sheets:
        for rule in _rules(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)):
            if not hides(_declarations(rule.content)):
                continue
            try:
                tests += [sel.test for sel in cssselect2.compile_selector_list(rule.prelude)]
            except cssselect2.SelectorError:
                continue  # a selector we cannot read selects nothing we can name
    if tests:
        root = cssselect2.ElementWrapper.from_xml_root(doc)
        for wrapper in root.iter_subtree():
            if any(test(wrapper) for test in tests):
                hidden.add(wrapper.etree_element)
    return hidden


def _rules(nodes: Iterable[Any]) -> Iterable[Any]:
    """Qualified rules, also those inside ``@media`` and ``@supports`` blocks."""
    import tinycss2

    for node in nodes:
        if node.type == "qualified-rule":
            yield node
        elif node.type == "at-rule" and node.lower_at_keyword in ("media", "supports") and node.content:
            yield from _rules(tinycss2.parse_rule_list(node.content, skip_whitespace=True, skip_comments=True))
