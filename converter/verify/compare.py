"""Found versus expected, per kind, and the list of what is missing."""

from __future__ import annotations

from dataclasses import dataclass, field

from .expected import Expected
from .readers import Found


@dataclass
class Report:
    output: str
    rows: list[tuple[str, int, int]] = field(default_factory=list)  # (kind, found, expected)
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing


def _short(s: str, n: int = 70) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def compare(exp: Expected, found: Found, output: str) -> Report:
    report = Report(output)
    for kind, texts in exp.texts.items():
        hits = 0
        for t in texts:
            if found.holds(t):
                hits += 1
            else:
                report.missing.append(f"{kind}: {_short(t)}")
        report.rows.append((kind, hits, len(texts)))
    # Figures in order: each expected caption must be attached to a figure of the same kind
    # (photo or placeholder) that has not been used by an earlier caption.
    pool = list(found.figures)
    hits = 0
    for fig in exp.figures:
        match = next((i for i, (cap, img) in enumerate(pool) if fig.caption in cap and img == fig.has_image), None)
        if match is None:
            what = "photo" if fig.has_image else "placeholder"
            report.missing.append(f"figure ({what}) with caption: {_short(fig.caption) or '(none)'}")
        else:
            hits += 1
            del pool[match]
    report.rows.append(("figure with caption", hits, len(exp.figures)))
    shown = [f for f in exp.figures if f.has_image]
    # A PDF embeds a photo the article shows twice (an icon by two links) once.
    want_images = len({f.resource for f in shown}) if found.images_are_files else len(shown)
    report.rows.append(("image", min(found.images, want_images), want_images))
    if found.images < want_images:
        report.missing.append(f"images: {found.images} of {want_images} embedded")
    meta_hits = 0
    for key, value in exp.metadata.items():
        got = found.metadata.get(key)
        if got is None:  # the format cannot hold this field
            continue
        if value in got:
            meta_hits += 1
        else:
            report.missing.append(f"metadata {key}: expected {_short(value)!r}, found {_short(got)!r}")
    report.rows.append(("metadata", meta_hits, sum(1 for k in exp.metadata if k in found.metadata)))
    if "\ufffd" in found.text:
        report.missing.append("text contains U+FFFD replacement characters")
    return report
