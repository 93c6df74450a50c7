"""Found versus expected, per kind, and the list of what is missing."""

from __future__ import annotations

from dataclasses import field

from ..records import dataclass
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
    photos = {f.digest for f in exp.figures if f.digest}
    for fig in exp.figures:
        match = next((i for i, (cap, img, _) in enumerate(pool) if fig.caption in cap and img == fig.has_image), None)
        what = "photo" if fig.has_image else "placeholder"
        if match is None:
            report.missing.append(f"figure ({what}) with caption: {_short(fig.caption) or '(none)'}")
            continue
        shown = pool[match][2]
        # The file holds the very bytes of another figure's photo: the caption sits under the wrong
        # photo. (A converted photo matches no original and proves nothing either way.)
        if fig.digest and shown and shown != fig.digest and shown in photos:
            report.missing.append(f"figure (photo) with caption: {_short(fig.caption) or '(none)'} "
                                  "(shows another figure's photo)")
        else:
            hits += 1
        del pool[match]
    report.rows.append(("figure with caption", hits, len(exp.figures)))
    pictured = [f for f in exp.figures if f.has_image]
    # A PDF embeds a photo the article shows twice (an icon by two links) once.
    want_images = len({f.resource for f in pictured}) if found.images_are_files else len(pictured)
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
    _check_order(exp, found, report)
    if "\ufffd" in found.text:
        report.missing.append("text contains U+FFFD replacement characters")
    return report


def _check_order(exp: Expected, found: Found, report: Report) -> None:
    """Each text found must come after the one before it (texts not found are reported already).

    Matching at the earliest place at or after the previous match's start never misses a correct
    order (texts that contain one another may share a start); one out of place is reported once and
    the walk goes on from where it is.
    """
    cursor, before = 0, ""
    for kind, text in exp.sequence:
        at = found.find(text, cursor)
        if at < 0:
            at = found.find(text, 0)
            if at < 0:
                continue
            report.missing.append(f"order: {kind} {_short(text, 50)!r} comes before {_short(before, 50)!r}")
        cursor, before = at, text
