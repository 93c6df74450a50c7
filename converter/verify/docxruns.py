"""Which runs of a DOCX a reader sees: not hidden (``w:vanish``), not in the background's colour, not
too small to read.

A run's look is the sum of the document defaults, its paragraph style (and the styles it is based
on), its character style and its own properties (ECMA-376 Part 1, §17.7.2), so each is resolved
through that chain: a style marked hidden hides every run that uses it.
"""

from __future__ import annotations

from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Half-points (w:sz): under 3 pt a glyph cannot be read (a tampered 1 pt run is a line of dots).
MIN_HALF_POINTS = 6
# Channels closer than this (of 255) to the background's are the background's colour to a reader.
MIN_CONTRAST = 31
_OFF = {"0", "false", "off"}


def _props(rpr: Any) -> dict[str, str]:
    """The visibility-related properties a ``w:rPr`` sets (only those it sets)."""
    out: dict[str, str] = {}
    if rpr is None:
        return out
    for el in rpr:
        name = el.tag.removeprefix(W)
        if name == "vanish":
            out["vanish"] = "off" if (el.get(f"{W}val") or "on").lower() in _OFF else "on"
        elif name == "color" and el.get(f"{W}val"):
            out["color"] = el.get(f"{W}val")
        elif name == "sz" and el.get(f"{W}val"):
            out["sz"] = el.get(f"{W}val")
        elif name == "shd" and el.get(f"{W}fill"):
            out["shd"] = el.get(f"{W}fill")
        elif name == "highlight" and el.get(f"{W}val"):
            out["highlight"] = el.get(f"{W}val")
    return out


_HIGHLIGHT = {"white": "FFFFFF", "black": "000000", "yellow": "FFFF00", "none": ""}


def _rgb(value: str) -> tuple[int, int, int] | None:
    value = _HIGHLIGHT.get(value, value)
    if len(value) != 6:
        return None  # "auto", theme-only or not a colour: Word picks a contrasting one
    try:
        return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
    except ValueError:
        return None


class Runs:
    """Resolves run properties against ``word/styles.xml`` and the page background."""

    def __init__(self, styles: Any, document: Any) -> None:
        self.styles: dict[str, Any] = {}
        self.defaults: dict[str, str] = {}
        if styles is not None:
            for st in styles.iter(f"{W}style"):
                if st.get(f"{W}styleId"):
                    self.styles[st.get(f"{W}styleId")] = st
            default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
            self.defaults = _props(default)
        bg = document.find(f"{W}background")
        self.page = _rgb(bg.get(f"{W}color") or "") if bg is not None else None
        self._chains: dict[str, dict[str, str]] = {}

    def _style(self, style_id: str | None) -> dict[str, str]:
        """A style's run properties, its ``basedOn`` ancestors' first."""
        if not style_id:
            return {}
        if style_id not in self._chains:
            chain: list[Any] = []
            seen: set[str] = set()
            sid: str | None = style_id
            while sid and sid not in seen and sid in self.styles:
                seen.add(sid)
                chain.append(self.styles[sid])
                based = self.styles[sid].find(f"{W}basedOn")
                sid = based.get(f"{W}val") if based is not None else None
            props: dict[str, str] = {}
            for st in reversed(chain):
                props.update(_props(st.find(f"{W}rPr")))
            self._chains[style_id] = props
        return self._chains[style_id]

    def visible(self, run: Any, paragraph: Any) -> bool:
        ppr = paragraph.find(f"{W}pPr")
        pstyle = ppr.find(f"{W}pStyle") if ppr is not None else None
        rpr = run.find(f"{W}rPr")
        rstyle = rpr.find(f"{W}rStyle") if rpr is not None else None
        props = dict(self.defaults)
        props.update(self._style(pstyle.get(f"{W}val") if pstyle is not None else None))
        props.update(self._style(rstyle.get(f"{W}val") if rstyle is not None else None))
        props.update(_props(rpr))
        if props.get("vanish") == "on":
            return False
        try:
            if int(props.get("sz", "24")) < MIN_HALF_POINTS:
                return False
        except ValueError:
            pass
        colour = _rgb(props.get("color", "auto"))
        if colour is None:
            return True
        back = self._background(props, paragraph)
        return max(abs(a - b) for a, b in zip(colour, back, strict=True)) >= MIN_CONTRAST

    def _background(self, props: dict[str, str], paragraph: Any) -> tuple[int, int, int]:
        """What is behind a run: its highlight or shading, its paragraph's or cell's, or the page."""
        for key in ("highlight", "shd"):
            if (rgb := _rgb(props.get(key, ""))) is not None:
                return rgb
        shd = paragraph.find(f"{W}pPr/{W}shd")
        if shd is not None and (rgb := _rgb(shd.get(f"{W}fill") or "")) is not None:
            return rgb
        cell = next((a for a in paragraph.iterancestors(f"{W}tc")), None)
        shd = cell.find(f"{W}tcPr/{W}shd") if cell is not None else None
        if shd is not None and (rgb := _rgb(shd.get(f"{W}fill") or "")) is not None:
            return rgb
        return self.page or (255, 255, 255)
