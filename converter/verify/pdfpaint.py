"""What a PDF page visibly paints: text a reader can see, photos that show, drawings in figures.

``pypdf``'s text extraction returns every string a content stream shows, whether it is painted in
the page's own colour, at half a point, with opacity 0, clipped away or off the page. Verify must
count only what a reader sees, so :func:`keep_visible` walks the page's content (and the form
XObjects it draws) with the graphics state of ISO 32000-1 §8.4 and takes the text-showing
operators that paint nothing visible out of the stream, in memory; the text extraction that
follows then reads only visible text. Along the way it lists the photos drawn at a visible size
and counts the figures drawn as vector paths (an SVG photo becomes paths, not an image XObject).

The model is deliberately simple and errs towards "visible": colours in spaces other than gray,
RGB and CMYK, patterns and shadings count as visible; the background of a point is the last filled
rectangle under it, or white.
"""

from __future__ import annotations

import math
from dataclasses import field, replace
from typing import Any

from ..records import dataclass

# Below this a glyph cannot be read (0.5 pt text is a line of dots); real small print is 6 pt and up.
MIN_TEXT_PT = 3.0
# A photo smaller than this on either side shows nothing (a tampered 0.1 px photo).
MIN_PHOTO_PT = 2.0
# Channels closer than this to the background's are the background's colour to a reader.
MIN_CONTRAST = 0.12
# Below this opacity nothing can be seen.
MIN_ALPHA = 0.05
WHITE = (1.0, 1.0, 1.0)

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in device space
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_SHOW = {b"Tj", b"TJ", b"'", b'"'}
_PAINT = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s"}
_FILL = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}


def _mul(a: Matrix, b: Matrix) -> Matrix:
    """a × b (a applied first), as PDF concatenates matrices."""
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


def _point(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


def _scale(m: Matrix) -> float:
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


def _intersect(a: Box | None, b: Box) -> Box:
    if a is None:
        return b
    return max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])


def _inside(box: Box | None, x: float, y: float) -> bool:
    if box is None:
        return True
    if box[2] - box[0] < 0.5 or box[3] - box[1] < 0.5:  # an empty clip shows nothing
        return False
    return box[0] - 0.5 <= x <= box[2] + 0.5 and box[1] - 0.5 <= y <= box[3] + 0.5


def _num(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return 0.0


def _colour(space: str, values: list[Any]) -> tuple[float, float, float] | None:
    """RGB of a colour in a device space; None when we cannot tell (pattern, ICC, separation)."""
    nums = [_num(v) for v in values]
    if space == "gray" and len(nums) == 1:
        return nums[0], nums[0], nums[0]
    if space == "rgb" and len(nums) == 3:
        return nums[0], nums[1], nums[2]
    if space == "cmyk" and len(nums) == 4:
        c, m, y, k = nums
        return (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    return None


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    clip: Box | None = None
    fill_space: str = "gray"
    fill: tuple[float, float, float] | None = (0.0, 0.0, 0.0)
    alpha: float = 1.0
    render_mode: int = 0
    font_size: float = 0.0


@dataclass
class Painted:
    """What the page shows: image XObjects drawn visibly and figures drawn as vector paths."""

    images: list[Any] = field(default_factory=list)  # the image XObjects, each once
    vector_figures: int = 0
    hid_text: bool = False


@dataclass
class _Walk:
    page_box: Box
    painted: Painted
    seen_images: set[int]  # across pages: one photo on two pages is one photo
    backgrounds: list[tuple[Box, tuple[float, float, float] | None]] = field(default_factory=list)
    figure_depth: int = 0  # marked-content depth of the /Figure we are in; 0 outside
    figure_paths: bool = False
    figure_image: bool = False

    def background(self, x: float, y: float) -> tuple[float, float, float] | None:
        for box, colour in reversed(self.backgrounds):
            if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
                return colour
        return WHITE

    def text_visible(self, st: _State, tm: Matrix) -> bool:
        if st.render_mode in (3, 7) or st.alpha < MIN_ALPHA:
            return False
        m = _mul(tm, st.ctm)
        if abs(st.font_size) * _scale(m) < MIN_TEXT_PT:
            return False
        x, y = _point(m, 0, 0)
        if not _inside(self.page_box, x, y) or not _inside(st.clip, x, y):
            return False
        bg = self.background(x, y)
        filled = st.fill is not None and bg is not None and st.render_mode in (0, 4)
        return not (filled and max(abs(a - b) for a, b in zip(st.fill, bg, strict=True)) < MIN_CONTRAST)  # type: ignore[arg-type]

    def image_visible(self, st: _State) -> bool:
        """An image fills the unit square of the CTM: big enough, opaque enough, on the page."""
        if st.alpha < MIN_ALPHA:
            return False
        corners = [_point(st.ctm, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        if max(xs) - min(xs) < MIN_PHOTO_PT or max(ys) - min(ys) < MIN_PHOTO_PT:
            return False
        box = (min(xs), min(ys), max(xs), max(ys))
        for area in (self.page_box, st.clip):
            if area is None:
                continue
            cut = _intersect(area, box)
            if cut[2] - cut[0] < MIN_PHOTO_PT or cut[3] - cut[1] < MIN_PHOTO_PT:
                return False
        return True

    def run(self, contents: Any, resources: Any, st: _State, reader: Any, depth: int = 0) -> list[tuple[Any, bytes]]:
        from pypdf.generic import ContentStream

        ops = ContentStream(contents, reader, "bytes").operations
        kept: list[tuple[Any, bytes]] = []
        stack: list[_State] = []
        tm: Matrix = IDENTITY
        tlm: Matrix = IDENTITY
        leading = 0.0
        path: list[tuple[float, float]] = []
        rects = 0  # how many rectangles the current path is made of (and nothing else when len(path) == 4 * rects)
        pending_clip = False
        marked = 0
        resources = resources.get_object() if resources is not None else {}
        for operands, operator in ops:
            if operator == b"q":
                stack.append(replace(st))
            elif operator == b"Q":
                st = stack.pop() if stack else st
            elif operator == b"cm" and len(operands) == 6:
                st.ctm = _mul(tuple(_num(v) for v in operands), st.ctm)  # type: ignore[arg-type]
            elif operator in (b"g", b"rg", b"k"):
                st.fill_space = {b"g": "gray", b"rg": "rgb", b"k": "cmyk"}[operator]
                st.fill = _colour(st.fill_space, list(operands))
            elif operator == b"cs" and operands:
                name = str(operands[0])
                st.fill_space = {"/DeviceGray": "gray", "/DeviceRGB": "rgb", "/DeviceCMYK": "cmyk"}.get(name, name)
                st.fill = {"gray": (0.0, 0.0, 0.0), "rgb": (0.0, 0.0, 0.0), "cmyk": (0.0, 0.0, 0.0)}.get(st.fill_space)
            elif operator in (b"sc", b"scn"):
                st.fill = _colour(st.fill_space, list(operands))
            elif operator == b"gs" and operands:
                gs = _lookup(resources, "/ExtGState", operands[0])
                if gs is not None and "/ca" in gs:
                    st.alpha = _num(gs["/ca"])
            elif operator == b"Tr" and operands:
                st.render_mode = int(_num(operands[0]))
            elif operator == b"Tf" and len(operands) == 2:
                st.font_size = _num(operands[1])
            elif operator == b"BT":
                tm = tlm = IDENTITY
            elif operator == b"Tm" and len(operands) == 6:
                tm = tlm = tuple(_num(v) for v in operands)  # type: ignore[assignment]
            elif operator in (b"Td", b"TD") and len(operands) == 2:
                if operator == b"TD":
                    leading = -_num(operands[1])
                tm = tlm = _mul((1, 0, 0, 1, _num(operands[0]), _num(operands[1])), tlm)
            elif operator == b"TL" and operands:
                leading = _num(operands[0])
            elif operator in (b"T*", b"'", b'"'):
                tm = tlm = _mul((1, 0, 0, 1, 0, -leading), tlm)
            elif operator == b"re" and len(operands) == 4:
                x, y, w, h = (_num(v) for v in operands)
                rects += 1
                path += [_point(st.ctm, x, y), _point(st.ctm, x + w, y + h),
                         _point(st.ctm, x + w, y), _point(st.ctm, x, y + h)]
            elif operator in (b"m", b"l") and len(operands) == 2:
                path.append(_point(st.ctm, _num(operands[0]), _num(operands[1])))
            elif operator in (b"c", b"v", b"y") and len(operands) >= 4:
                path.append(_point(st.ctm, _num(operands[-2]), _num(operands[-1])))
            elif operator in (b"W", b"W*"):
                pending_clip = True
            elif operator in (b"BMC", b"BDC"):
                marked += 1
                if not self.figure_depth and operands and operands[0] == "/Figure":
                    self.figure_depth, self.figure_paths, self.figure_image = marked + depth * 1000, False, False
            elif operator == b"EMC":
                if self.figure_depth == marked + depth * 1000:
                    self.figure_depth = 0
                    if self.figure_paths and not self.figure_image:
                        self.painted.vector_figures += 1
                marked = max(marked - 1, 0)
            if operator in _PAINT or operator in (b"n", b"sh"):
                # Only a plain filled rectangle is a background: a border is drawn as a frame
                # (two rectangles, or a path) whose bounding box holds the very text it surrounds.
                if rects == 1 and len(path) == 4 and operator in _FILL and st.alpha >= MIN_ALPHA:
                    xs, ys = [p[0] for p in path], [p[1] for p in path]
                    self.backgrounds.append(((min(xs), min(ys), max(xs), max(ys)), st.fill))
                if self.figure_depth and operator != b"n" and st.alpha >= MIN_ALPHA and _big(path):
                    self.figure_paths = True
                if pending_clip and path:
                    xs, ys = [p[0] for p in path], [p[1] for p in path]
                    st.clip = _intersect(st.clip, (min(xs), min(ys), max(xs), max(ys)))
                path, rects, pending_clip = [], 0, False
            if operator in _SHOW and not self.text_visible(st, tm):
                self.painted.hid_text = True
                if operator == b"'":
                    kept.append(([], b"T*"))
                elif operator == b'"' and len(operands) >= 2:
                    kept += [([operands[0]], b"Tw"), ([operands[1]], b"Tc"), ([], b"T*")]
                continue
            if operator == b"Do" and operands and not self.draw(operands[0], resources, st, reader, depth):
                self.painted.hid_text = True  # drawn at opacity 0: leave the whole group out
                continue
            kept.append((operands, operator))
        return kept

    def draw(self, name: Any, resources: Any, st: _State, reader: Any, depth: int) -> bool:
        """Account for an XObject drawn in state ``st``; False when it shows nothing at all."""
        from pypdf.generic import ContentStream

        ref = _raw(resources, "/XObject", name)
        if ref is None:
            return True
        obj = ref.get_object()
        subtype = obj.get("/Subtype")
        if subtype == "/Image":
            if self.figure_depth:  # a photo figure, even a hidden one, is not a drawing
                self.figure_image = True
            if self.image_visible(st):
                key = getattr(ref, "idnum", None) or id(obj)
                if key not in self.seen_images:
                    self.seen_images.add(key)
                    self.painted.images.append(obj)
            return True
        if subtype != "/Form" or depth > 20:
            return True
        if st.alpha < MIN_ALPHA:
            return False  # a transparency group drawn at opacity 0
        inner = replace(st, ctm=_mul(tuple(_num(v) for v in obj.get("/Matrix", IDENTITY)), st.ctm))  # type: ignore[arg-type]
        bbox = obj.get("/BBox")
        if bbox is not None and len(bbox) == 4:
            corners = [_point(inner.ctm, _num(bbox[i]), _num(bbox[j])) for i, j in ((0, 1), (2, 3), (0, 3), (2, 1))]
            xs, ys = [c[0] for c in corners], [c[1] for c in corners]
            inner.clip = _intersect(inner.clip, (min(xs), min(ys), max(xs), max(ys)))
        before = self.painted.hid_text
        self.painted.hid_text = False
        kept = self.run(obj, obj.get("/Resources"), inner, reader, depth + 1)
        if self.painted.hid_text:
            stream = ContentStream(None, reader, "bytes")
            stream.operations = kept
            obj.set_data(stream.get_data())
        self.painted.hid_text = self.painted.hid_text or before
        return True


def _big(path: list[tuple[float, float]]) -> bool:
    """Whether a path covers at least a photo's minimum size (a shading fills its clip: counted too)."""
    if not path:
        return True
    xs, ys = [p[0] for p in path], [p[1] for p in path]
    return max(xs) - min(xs) >= MIN_PHOTO_PT and max(ys) - min(ys) >= MIN_PHOTO_PT


def _raw(resources: Any, kind: str, name: Any) -> Any:
    try:
        group = resources.get(kind)
        return group.get_object().raw_get(name) if group is not None and name in group.get_object() else None
    except Exception:  # a damaged resource dictionary: treat the object as absent
        return None


def _lookup(resources: Any, kind: str, name: Any) -> Any:
    ref = _raw(resources, kind, name)
    return ref.get_object() if ref is not None else None


def keep_visible(page: Any, reader: Any, seen_images: set[int]) -> Painted:
    """Drop the text ``page`` shows invisibly from its content (in memory); what it paints visibly."""
    from pypdf.generic import ArrayObject, ContentStream, NameObject, StreamObject

    painted = Painted()
    box = page.cropbox
    page_box = (min(_num(box[0]), _num(box[2])), min(_num(box[1]), _num(box[3])),
                max(_num(box[0]), _num(box[2])), max(_num(box[1]), _num(box[3])))
    raw = page.get("/Contents")
    raw = raw.get_object() if raw is not None else None
    if not isinstance(raw, (ArrayObject, StreamObject)):
        return painted
    walk = _Walk(page_box, painted, seen_images)
    kept = walk.run(raw, page.get("/Resources"), _State(), reader)
    if painted.hid_text:
        contents = ContentStream(None, reader, "bytes")
        contents.operations = kept
        page[NameObject("/Contents")] = contents
    return painted
