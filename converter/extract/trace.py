"""Why extraction did what it did: every decision with the rule that made it.

Extraction records as it goes (docs/architecture.md: "the trace is the product"): what became metadata,
what was dropped as chrome, which paragraph became which photo's caption, where the article was
found and whether the page is one. ``portalconv explain`` shows this record; it never re-analyses
the page, so it cannot disagree with the conversion.

With ``stamp`` the page's elements are numbered (``data-pc``) before anything is removed, so a
decision can point at its element and ``explain --html`` can outline it on the saved page itself.
"""

from __future__ import annotations

from dataclasses import field

from lxml.html import HtmlElement

from ..records import dataclass
from .text import text_of

STAMP = "data-pc"  # the attribute that numbers elements while tracing
KINDS = ("verdict", "metadata", "header", "body", "caption", "chrome")
SNIPPET = 160  # characters of text kept per decision


@dataclass(frozen=True, slots=True)
class Decision:
    kind: str  # one of KINDS
    what: str  # the metadata field, "zone", "caption", the chrome rule's subject…
    text: str  # what it concerns, shortened
    rule: str  # the rule that decided
    element: str = ""  # the element's stamp ("17"), when the page was stamped


@dataclass
class Trace:
    stamp: bool = False
    decisions: list[Decision] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # full texts that named rules took out of the page

    def add(self, kind: str, what: str, text: str, rule: str, el: HtmlElement | None = None) -> None:
        text = " ".join(text.split())
        if kind in ("chrome", "header"):
            self.removed.append(text)
        short = text if len(text) <= SNIPPET else text[:SNIPPET - 1] + "…"
        self.decisions.append(Decision(kind, what, short, rule, (el.get(STAMP) or "") if el is not None else ""))

    def element(self, kind: str, what: str, el: HtmlElement, rule: str) -> None:
        self.add(kind, what, text_of(el), rule, el)

    def of(self, kind: str) -> list[Decision]:
        return [d for d in self.decisions if d.kind == kind]


def stamp(root: HtmlElement) -> None:
    """Number every element in document order: the same page parsed again gets the same numbers."""
    for n, el in enumerate(e for e in root.iter() if isinstance(e.tag, str)):
        el.set(STAMP, str(n))
