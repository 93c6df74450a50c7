"""Printer's marks in a slug outside the bleed: crop marks, registration targets, a colour bar.

WeasyPrint draws CSS ``marks`` inside the bleed (its MediaBox is the BleedBox), 1.5 mm ticks a
print shop cannot use: the guillotine cuts through the bleed, so marks there are printed over the
picture and the bleed hides them. Print shops expect the marks outside the bleed, in a slug: the
MediaBox is the BleedBox grown by ``SLUG`` on every side, the crop marks start ``GAP`` beyond the
bleed and are ``LENGTH`` long, in registration colour (every separation, here CMYK 100 % each)
with a hairline, as page-layout programs draw them by default.

The page's own content is wrapped in ``q``/``Q`` so that the marks are drawn in default user
space whatever transformation WeasyPrint's stream leaves behind. The PDF's TrimBox and BleedBox
are left as WeasyPrint set them, so imposition software still finds the trim and the bleed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

MM = 72 / 25.4
GAP = 1.0 * MM  # between the bleed's edge and the marks
LENGTH = 5.0 * MM  # crop mark length, registration target size, colour patch size
SLUG = GAP + LENGTH + 2.0 * MM  # the room beyond the bleed (MediaBox = BleedBox + SLUG)
HAIRLINE = 0.25  # pt
REGISTRATION = "1 1 1 1 K"  # stroke in every separation (the "registration" colour)
# Solid process colours, their overprints and two black tints: what a press operator reads off.
PATCHES = ((1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1), (1, 1, 0, 0), (1, 0, 1, 0), (0, 1, 1, 0),
           (0, 0, 0, 0.5), (0, 0, 0, 0.25))
KINDS = ("crop", "cross", "bar")


def _n(value: float) -> str:
    """A number as PDF writes it: fixed decimals, so reruns give the same bytes."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _line(x0: float, y0: float, x1: float, y1: float) -> str:
    return f"{_n(x0)} {_n(y0)} m {_n(x1)} {_n(y1)} l S"


def _crop(trim: tuple[float, float, float, float], bleed: float) -> list[str]:
    """Two ticks at each corner, on the trim lines' extensions, from GAP beyond the bleed outwards."""
    x0, y0, x1, y1 = trim
    near, far = bleed + GAP, bleed + GAP + LENGTH
    ops = []
    for x, dx in ((x0, -1), (x1, 1)):
        for y, dy in ((y0, -1), (y1, 1)):
            ops.append(_line(x + dx * near, y, x + dx * far, y))  # horizontal, level with the trim line
            ops.append(_line(x, y + dy * near, x, y + dy * far))  # vertical
    return ops


def _circle(cx: float, cy: float, r: float) -> str:
    k = 0.5523 * r  # four cubic Béziers approximate a circle
    return (f"{_n(cx + r)} {_n(cy)} m "
            f"{_n(cx + r)} {_n(cy + k)} {_n(cx + k)} {_n(cy + r)} {_n(cx)} {_n(cy + r)} c "
            f"{_n(cx - k)} {_n(cy + r)} {_n(cx - r)} {_n(cy + k)} {_n(cx - r)} {_n(cy)} c "
            f"{_n(cx - r)} {_n(cy - k)} {_n(cx - k)} {_n(cy - r)} {_n(cx)} {_n(cy - r)} c "
            f"{_n(cx + k)} {_n(cy - r)} {_n(cx + r)} {_n(cy - k)} {_n(cx + r)} {_n(cy)} c S")


def _registration(trim: tuple[float, float, float, float], bleed: float) -> list[str]:
    """A target (circle and cross hair) in the slug at the middle of each side."""
    x0, y0, x1, y1 = trim
    mid_x, mid_y, out = (x0 + x1) / 2, (y0 + y1) / 2, bleed + GAP + LENGTH / 2
    half = LENGTH / 2
    ops = []
    for cx, cy in ((mid_x, y1 + out), (mid_x, y0 - out), (x0 - out, mid_y), (x1 + out, mid_y)):
        ops += [_circle(cx, cy, half * 0.6), _line(cx - half, cy, cx + half, cy), _line(cx, cy - half, cx, cy + half)]
    return ops


def _colour_bar(trim: tuple[float, float, float, float], bleed: float) -> list[str]:
    """Solid patches in the top slug, left of centre so they clear the registration target."""
    x0, _, x1, y1 = trim
    y = y1 + bleed + GAP
    start = x0 + LENGTH  # clear of the corner's crop marks
    ops = []
    for i, (c, m, yellow, k) in enumerate(PATCHES):
        x = start + i * LENGTH
        if x + LENGTH > (x0 + x1) / 2 - LENGTH:  # a narrow page takes fewer patches
            break
        ops.append(f"{_n(c)} {_n(m)} {_n(yellow)} {_n(k)} k {_n(x)} {_n(y)} {_n(LENGTH)} {_n(LENGTH)} re f")
    return ops


def _box(value: Any) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in value)
    return x0, y0, x1, y1


def marks_stream(trim: tuple[float, float, float, float], bleed: float, kinds: Iterable[str]) -> bytes:
    """The content drawing ``kinds`` ("crop", "cross", "bar") around ``trim`` (points), outside the bleed."""
    chosen = set(kinds)
    ops = ["q", f"{_n(HAIRLINE)} w 0 J [] 0 d {REGISTRATION}"]
    if "crop" in chosen:
        ops += _crop(trim, bleed)
    if "cross" in chosen:
        ops += _registration(trim, bleed)
    if "bar" in chosen:
        ops += _colour_bar(trim, bleed)
    ops.append("Q")
    return "\n".join(ops).encode("ascii")


def add_marks(pdf: Any, kinds: Iterable[str]) -> None:
    """Grow every page of a WeasyPrint ``pdf`` (pydyf, in a finisher) by a slug and draw ``kinds`` in it."""
    import pydyf  # type: ignore[import-untyped]  # WeasyPrint's PDF library has no hints

    kinds = tuple(kinds)
    if not kinds:
        return
    for number in pdf.pages["Kids"][::3]:
        page = pdf.objects[number]
        trim = _box(page.get("TrimBox", page["MediaBox"]))
        bleed_box = _box(page.get("BleedBox", page["MediaBox"]))
        bleed = max(0.0, trim[0] - bleed_box[0])
        media = (bleed_box[0] - SLUG, bleed_box[1] - SLUG, bleed_box[2] + SLUG, bleed_box[3] + SLUG)
        page["MediaBox"] = pydyf.Array(round(v, 4) for v in media)
        page["CropBox"] = page["MediaBox"]  # WeasyPrint's CropBox is its MediaBox: viewers would hide the slug
        reference = page["Contents"]
        text = reference.decode() if isinstance(reference, bytes) else str(reference)
        contents = pdf.objects[int(text.split()[0])]
        contents.stream.insert(0, b"q")
        contents.stream.append(b"Q")
        contents.stream.append(marks_stream(trim, bleed, kinds))
