"""Bulletin options and the ``--config bulletin.toml`` file: front matter and layout in one place.

The TOML file is flat; every key is optional and command-line options win over it::

    title = "Bản tin Sở Công Thương"
    subtitle = "Tin hoạt động trong tuần"
    issue = "12/2024"
    date = 2024-03-15            # a TOML date, or "2024-03-15"
    publisher = "Sở Công Thương tỉnh Lâm Đồng"
    logo = "logo.png"            # relative to the TOML file
    note = \"\"\"Lời tòa soạn …\"\"\"
    language = "vi"
    order = "date"               # given | date | category
    group_by = "category"
    start_on = "right"           # any | right
    duplex = true
    paper = "A5"                 # A4 | A5
    bleed = "3mm"
    marks = "crop"               # crop, cross or both
    image_dpi = 300
    pdf_standard = "pdf/x-4"
    icc_profile = "ISOcoated_v2_eci.icc"   # PDF/X: the printer's CMYK profile
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import InputError
from .model import FrontMatter

ORDERS = ("given", "date", "category")
GROUPS = ("category",)
START_ON = ("any", "right")
PAPERS = ("A4", "A5")
MARKS = ("crop", "cross")
# A CSS length as CSS Paged Media's ``bleed`` takes it (absolute units only: a bleed in em or %
# would depend on fonts the printer never sees).
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt|pc|px)\s*$", re.IGNORECASE)
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_FRONT_KEYS = ("title", "subtitle", "issue", "date", "publisher", "logo", "note", "language")


@dataclass(frozen=True, slots=True)
class BulletinOptions:
    """How the bulletin is ordered and laid out; the front matter lives in ``FrontMatter``."""

    order: str = "given"
    group_by: str | None = None  # "category": a section heading per category
    start_on: str = "any"  # "right": every article (and section) starts on a right-hand page
    duplex: bool = False  # mirrored margins and outer page numbers; implied by start_on="right"
    paper: str = "A4"
    bleed: str | None = None  # CSS length, e.g. "3mm" (PDF)
    marks: tuple[str, ...] = ()  # printer's marks (PDF): "crop", "cross"
    image_dpi: int = 300
    pdf_standard: str | None = None
    icc_profile: Path | None = None  # PDF/X: the printing condition's CMYK profile (output intent)
    css: Path | None = None  # extra stylesheet after bulletin.css (PDF, EPUB)

    @property
    def mirrored(self) -> bool:
        return self.duplex or self.start_on == "right"


def _choice(key: str, value: Any, allowed: tuple[str, ...]) -> str:
    text = str(value).strip()
    for choice in allowed:
        if text.lower() == choice.lower():
            return choice
    raise InputError(f"{key} = {value!r}: choose {', '.join(allowed)}")


def parse_bleed(value: str) -> str:
    """A normalised CSS length ("3mm"), or an InputError."""
    match = _LENGTH.match(value)
    if match is None:
        raise InputError(f"bleed {value!r} is not a length such as 3mm or 0.125in")
    return f"{match.group(1)}{match.group(2).lower()}"


def parse_marks(value: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``"crop"``, ``"crop,cross"``, ``["crop", "cross"]`` → the marks in canonical order."""
    items = value.replace(",", " ").split() if isinstance(value, str) else [str(v) for v in value]
    chosen = {_choice("marks", item, MARKS) for item in items if item.lower() != "none"}
    return tuple(m for m in MARKS if m in chosen)


def parse_language(value: Any) -> str:
    """A BCP 47 language tag ("vi", "en-GB"): it becomes the documents' language (EPUB requires a valid one)."""
    text = str(value).strip()
    if _LANGUAGE.match(text) is None:
        raise InputError(f"language {value!r} is not a language tag such as vi or en-GB")
    return text


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"date {value!r} is not a date such as 2024-03-15") from None


def options_from(values: Mapping[str, Any], base: BulletinOptions | None = None) -> BulletinOptions:
    """``base`` with every non-None entry of ``values`` checked and applied."""
    out = base or BulletinOptions()
    checked: dict[str, Any] = {}
    for key, value in values.items():
        if value is None:
            continue
        match key:
            case "order":
                checked[key] = _choice(key, value, ORDERS)
            case "group_by":
                checked[key] = None if str(value).lower() == "none" else _choice(key, value, GROUPS)
            case "start_on":
                checked[key] = _choice(key, value, START_ON)
            case "paper":
                checked[key] = _choice(key, value, PAPERS)
            case "bleed":
                checked[key] = parse_bleed(str(value))
            case "marks":
                checked[key] = parse_marks(value)
            case "duplex":
                checked[key] = bool(value)
            case "image_dpi":
                if not isinstance(value, int) or value < 72:
                    raise InputError(f"image_dpi = {value!r}: a whole number of at least 72")
                checked[key] = value
            case "pdf_standard":
                checked[key] = str(value).strip().lower()
            case "css" | "icc_profile":
                checked[key] = Path(value)
            case _:
                raise InputError(f"unknown bulletin option {key!r}")
    return replace(out, **checked)


def _logo(path: Path) -> Any:
    from ..load.blobs import make_resource

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the logo ({exc.strerror or exc})") from exc
    res = make_resource(data, path.name)
    if not res.media_type.startswith("image/"):
        raise InputError(f"{path}: the logo is not an image")
    return replace(res, key="logo-" + res.key)


def front_from(values: Mapping[str, Any], base: FrontMatter | None = None, *, relative_to: Path | None = None
               ) -> FrontMatter:
    """``base`` with every non-None front-matter entry of ``values`` applied (the logo file read)."""
    out = base or FrontMatter()
    checked: dict[str, Any] = {}
    for key, value in values.items():
        if value is None:
            continue
        if key == "date":
            checked[key] = parse_date(value)
        elif key == "language":
            checked[key] = parse_language(value)
        elif key == "logo":
            path = Path(value)
            checked[key] = _logo(path if path.is_absolute() or relative_to is None else relative_to / path)
        elif key in _FRONT_KEYS:
            checked[key] = str(value)
        else:
            raise InputError(f"unknown front-matter field {key!r}")
    return replace(out, **checked)


def load_config(path: Path) -> tuple[FrontMatter, BulletinOptions]:
    """Front matter and options of a TOML file; unknown keys and bad values are InputErrors."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a valid TOML file ({exc})") from exc
    option_keys = {f.name for f in fields(BulletinOptions)}
    unknown = sorted(k for k in data if k not in option_keys and k not in _FRONT_KEYS)
    if unknown:
        raise InputError(f"{path}: unknown key(s) {', '.join(unknown)}",
                         hint=f"allowed: {', '.join((*_FRONT_KEYS, *sorted(option_keys)))}")
    try:
        front = front_from({k: v for k, v in data.items() if k in _FRONT_KEYS}, relative_to=path.parent)
        options = options_from({k: v for k, v in data.items() if k in option_keys})
    except InputError as exc:
        raise InputError(f"{path}: {exc}", hint=exc.hint) from None
    for key in ("css", "icc_profile"):  # files named in the TOML file are beside it
        named = getattr(options, key)
        if named is not None and not named.is_absolute():
            options = replace(options, **{key: path.parent / named})
    return front, options
