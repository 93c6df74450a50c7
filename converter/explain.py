"""``portalconv explain``: what extraction kept, dropped and paired on one page, and by which rule.

A view of the trace that the conversion itself records (``extract/trace.py``), never a second
analysis: the same ``extract`` call runs, with a ``Trace`` that also numbers the page's elements so
that ``--html`` can outline each decision on the saved page (``explain_html.py``).
"""

from __future__ import annotations

import os
from dataclasses import field
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic
from .errors import NoArticleError
from .extract.article import extract
from .extract.trace import KINDS, Decision, Trace
from .load.page import load
from .model import Article
from .records import dataclass

SECTIONS = {
    "verdict": "Article or not",
    "metadata": "Metadata (the value kept, and the rule it came from)",
    "header": "Header elements read as metadata",
    "body": "Article zone",
    "caption": "Captions (paired with their photos)",
    "chrome": "Dropped as chrome",
}


@dataclass
class Explanation:
    page: Path
    trace: Trace
    article: Article | None = None
    warnings: list[Diagnostic] = field(default_factory=list)
    refusal: str = ""  # the NoArticleError message when the page is not an article

    def data(self) -> dict[str, Any]:
        """The explanation as JSON-ready data (``explain --json``)."""
        return {
            "page": str(self.page),
            "article": self.article is not None,
            "refusal": self.refusal,
            "decisions": [as_data(d) for d in self.trace.decisions],
            "warnings": [{"code": w.code, "message": w.message} for w in self.warnings],
        }

    def text(self, chrome_limit: int = 40) -> str:
        """A readable report, section by section; chrome beyond ``chrome_limit`` lines is counted."""
        out = [f"{self.page}: " + ("an article" if self.article is not None else self.refusal)]
        for kind in KINDS:
            decisions = self.trace.of(kind)
            if not decisions:
                continue
            out.append(f"\n{SECTIONS[kind]} ({len(decisions)})")
            shown = decisions if kind != "chrome" else decisions[:chrome_limit]
            for d in shown:
                where = f" [#{d.element}]" if d.element else ""
                text = f": {d.text}" if d.text else ""
                out.append(f"  {d.what}{text}{where}\n      rule: {d.rule}")
            if len(shown) < len(decisions):
                out.append(f"  … and {len(decisions) - len(shown)} more (see --json)")
        if self.warnings:
            out.append(f"\nWarnings ({len(self.warnings)})")
            out += [f"  {w.code}: {w.message}" for w in self.warnings]
        return "\n".join(out) + "\n"


def as_data(d: Decision) -> dict[str, str]:
    return {"kind": d.kind, "what": d.what, "text": d.text, "rule": d.rule, "element": d.element}


def explain(path: str | os.PathLike[str], *, whole_page: bool = False,
            root: str | os.PathLike[str] | None = None) -> Explanation:
    """Convert ``path`` to the model as ``read`` does, keeping the trace of every decision."""
    page_path = Path(path)
    trace = Trace(stamp=True)
    page = load(page_path, root=Path(root) if root is not None else None)
    try:
        article, warnings = extract(page, whole=whole_page, trace=trace)
    except NoArticleError as exc:
        return Explanation(page_path, trace, None, list(page.warnings), str(exc))
    return Explanation(page_path, trace, article, warnings)


__all__ = ["Explanation", "as_data", "explain"]
