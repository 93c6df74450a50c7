"""Nothing leaves the article silently: text the zones held that is in neither the article nor a rule.

Every removal inside the article zone has a name (a chrome rule, a header field, the related list,
a title repeat); what disappears without one is reported as a ``dropped-content`` warning and in the
trace, so a lost caption or date line shows at once (docs/architecture.md, "conservative by default").
Texts are compared by their letters and digits only, as ``verify`` does: spacing, case and the
writers' punctuation cannot make a kept line look lost.
"""

from __future__ import annotations

import unicodedata

from ..model import Article
from ..walk import block_text, iter_blocks, plain_text
from .trace import Trace

DROPPED = "dropped without a rule"  # the trace's name for such a line (verify does not count it as named)
MIN_LETTERS = 12  # shorter lines (a bullet, "Ảnh", a lone number) are not worth a warning


def _letters(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFC", s).casefold() if c.isalnum())


def _kept_text(article: Article) -> str:
    md = article.metadata
    parts = [md.title, md.subtitle, md.lead, md.category, " ".join(md.authors), md.content_type, md.version,
             md.created_by, md.modified_by, str(md.views or "")]
    parts += [d.text for d in (md.published, md.modified, md.created) if d is not None]
    parts += [f"{f.label} {f.value}" for f in md.fields]
    for block in iter_blocks(article.blocks):
        parts.append(block_text(block))
        caption = getattr(block, "caption", None)
        if caption:
            parts.append(plain_text(caption))
    return _letters(" ".join(parts))


def unaccounted(held: list[str], article: Article, trace: Trace) -> list[str]:
    """Lines of ``held`` (the zones' text when conversion began) that the article does not hold and
    no traced rule removed; each is added to the trace as dropped without a rule."""
    kept = _kept_text(article)
    named = _letters(" ".join(trace.removed))
    lost = []
    # Lines come in the order the article keeps them: each is first looked for after the one
    # before, so a long page costs one pass over the kept text instead of one per line.
    cursor = 0
    for line in held:
        letters = _letters(line)
        if len(letters) < MIN_LETTERS:
            continue
        at = kept.find(letters, cursor)
        if at >= 0:
            cursor = at + len(letters)
            continue
        if letters not in kept and letters not in named:
            lost.append(line)
            trace.add("chrome", DROPPED, line, "dropped-content: no rule named this removal")
    return lost
