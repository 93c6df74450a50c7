"""Which characters a shipped font can draw: its ``cmap`` table, read with ``struct``.

The drawn EPUB cover needs only this set, to know whether the title can be drawn at all.
fontTools reads it too, but importing it and decoding a cmap costs more than drawing the whole
cover; this reader understands the two Unicode subtable formats fonts use (4: the Basic
Multilingual Plane in segments, 12: every plane in groups) and prefers them as fontTools'
``getBestCmap`` does. ``tests/writers/test_epub_cover.py`` compares it with fontTools on the
shipped fonts.

The cover asks about the few dozen letters of a title, not about the font's thousands:
:class:`Cmap` answers one code point at a time by bisecting the subtable's sorted segments or
groups; ``code_points``, the whole set (what the tests compare with fontTools), asks it about
every code of every segment.
"""

from __future__ import annotations

import struct
from bisect import bisect_left, bisect_right
from pathlib import Path

# (platform, encoding) of Unicode subtables, best first (fontTools' getBestCmap order).
_PREFERENCE = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))


class FontError(ValueError):
    """The file is not a TrueType/OpenType font with a Unicode cmap this reader understands."""


def code_points(path: Path) -> frozenset[int]:
    """Every code point the font maps to a glyph other than .notdef."""
    return Cmap(path).code_points()


def _best_subtable(data: bytes) -> tuple[int, int]:
    """(format, offset) of the preferred Unicode subtable of format 4 or 12."""
    (tables,) = struct.unpack_from(">H", data, 4)
    cmap = next((offset for tag, _, offset, _ in (struct.unpack_from(">4sIII", data, 12 + 16 * n)
                                                  for n in range(tables)) if tag == b"cmap"), None)
    if cmap is None:
        raise FontError("no cmap table")
    (count,) = struct.unpack_from(">H", data, cmap + 2)
    subtables: dict[tuple[int, int], int] = {}
    for n in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * n)
        subtables.setdefault((platform, encoding), cmap + offset)
    for key in _PREFERENCE:
        at = subtables.get(key)
        if at is None:
            continue
        (fmt,) = struct.unpack_from(">H", data, at)
        if fmt in (4, 12):
            return fmt, at
    raise FontError("no Unicode cmap subtable of format 4 or 12")


class Cmap:
    """Whether a font maps a code point to a glyph other than .notdef, asked one at a time."""

    _starts: tuple[int, ...]
    _ends: tuple[int, ...]
    _deltas: tuple[int, ...]  # format 4
    _offsets: tuple[int, ...]  # format 4
    _glyphs: tuple[int, ...]  # format 12

    def __init__(self, path: Path) -> None:
        data = path.read_bytes()
        try:
            self._fmt, at = _best_subtable(data)
            if self._fmt == 4:
                (seg_x2,) = struct.unpack_from(">H", data, at + 6)
                segs = seg_x2 // 2
                self._ends = struct.unpack_from(f">{segs}H", data, at + 14)
                self._starts = struct.unpack_from(f">{segs}H", data, at + 16 + seg_x2)
                self._deltas = struct.unpack_from(f">{segs}h", data, at + 16 + 2 * seg_x2)
                self._range_at = at + 16 + 3 * seg_x2
                self._offsets = struct.unpack_from(f">{segs}H", data, self._range_at)
            else:
                (groups,) = struct.unpack_from(">I", data, at + 12)
                triples = struct.unpack_from(f">{3 * groups}I", data, at + 16)
                self._starts, self._ends, self._glyphs = triples[0::3], triples[1::3], triples[2::3]
        except (struct.error, IndexError) as exc:
            raise FontError(f"{path.name}: damaged font tables") from exc
        self._data = data

    def __contains__(self, code: int) -> bool:
        try:
            return self._format_4(code) if self._fmt == 4 else self._format_12(code)
        except (struct.error, IndexError):
            return False  # a segment pointing outside the table maps nothing

    def code_points(self) -> frozenset[int]:
        """All of them: every code of every segment or group, asked one at a time."""
        spans = zip(self._starts, self._ends, strict=True)
        return frozenset(code for start, end in spans for code in range(start, min(end, 0x10FFFF) + 1)
                         if code in self)

    def _format_4(self, code: int) -> bool:
        i = bisect_left(self._ends, code)  # the segments are sorted by their last code
        if code > 0xFFFE or i == len(self._ends) or self._starts[i] > code:
            return False
        delta, offset = self._deltas[i], self._offsets[i]
        if offset == 0:
            return (code + delta) & 0xFFFF != 0
        at = self._range_at + 2 * i + offset + 2 * (code - self._starts[i])
        glyph: int = struct.unpack_from(">H", self._data, at)[0]
        return glyph != 0 and (glyph + delta) & 0xFFFF != 0

    def _format_12(self, code: int) -> bool:
        i = bisect_right(self._starts, code) - 1  # the groups are sorted by their first code
        if i < 0 or code > self._ends[i]:
            return False
        return not (code == self._starts[i] and self._glyphs[i] == 0)  # a group starting at .notdef
