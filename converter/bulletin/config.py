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
    marks = "crop"               # crop, cross (registration), bar (colour bar), or a list
    image_dpi = 300
    pdf_standard = "pdf/x-4"
    icc_profile = "ISOcoated_v2_eci.icc"   # PDF/X: the printer's CMYK profile
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import fields, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..patterns import compiled
from ..records import dataclass
from .model import FrontMatter

ORDERS = ("given", "date", "category")
GROUPS = ("category",)
START_ON = ("any", "right")
PAPERS = ("A4", "A5")
MARKS = ("crop", "cross", "bar")
# Other names print shops use: registration targets are CSS's "cross" marks.
_MARK_NAMES = {"registration": "cross", "colour-bar": "bar", "color-bar": "bar", "colour": "bar", "color": "bar"}
# A CSS length as CSS Paged Media's ``bleed`` takes it (absolute units only: a bleed in em or %
# would depend on fonts the printer never sees).
_LENGTH = compiled(r"^\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt|pc|px)\s*$", re.IGNORECASE)
_LANGUAGE = compiled(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_FRONT_KEYS = ("title", "subtitle", "issue", "date", "publisher", "logo", "note", "language")
# The PDF/X variants WeasyPrint writes (``weasyprint.pdf.VARIANTS``); the PDF writer's own
# standards (PDF/A-3u, PDF/UA-1) come from ``converter.options`` (the closed set every PDF writer takes).
PDF_X_VARIANTS = ("pdf/x-1a", "pdf/x-3", "pdf/x-4", "pdf/x-5g")
# The files a TOML file may name besides the logo (read with the front matter); checked on loading.
_CONFIG_FILES = ("css", "icc_profile")


@dataclass(frozen=True, slots=True)
class BulletinOptions:
    """How the bulletin is ordered and laid out; the front matter lives in ``FrontMatter``."""

    order: str = "given"
    group_by: str | None = None  # "category": a section heading per category
    start_on: str = "any"  # "right": every article (and section) starts on a right-hand page
    duplex: bool = False  # mirrored margins and outer page numbers; implied by start_on="right"
    paper: str = "A4"
    bleed: str | None = None  # CSS length, e.g. "3mm" (PDF)
    marks: tuple[str, ...] = ()  # printer's marks (PDF): "crop", "cross" (registration), "bar" (colour bar)
    image_dpi: int = 300
    pdf_standard: str | None = None
    icc_profile: Path | None = None  # PDF/X: the printing condition's CMYK profile (output intent)
    css: Path | None = None  # extra stylesheet after bulletin.css (PDF, EPUB)

    @property
    def mirrored(self) -> bool:
        return self.duplex or self.start_on == "right"


def _kind(value: Any) -> str:
    """What a TOML value is, in TOML's words (for errors about a value of the wrong type)."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, datetime):
        return "a date-time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, Mapping):
        return "a table"
    return type(value).__name__


def _show(value: Any) -> str:
    """A value as it was written in TOML (``"false"``, ``true``, ``{"a": 1}``), near enough."""
    return json.dumps(value, ensure_ascii=False, default=str)


def _typed(key: str, value: Any, types: type | tuple[type, ...], expected: str, hint: str = "") -> Any:
    """``value`` if it is one of ``types`` (a bool is never taken for a number), else an InputError."""
    wanted = types if isinstance(types, tuple) else (types,)
    if isinstance(value, wanted) and not (isinstance(value, bool) and bool not in wanted):
        return value
    raise InputError(f"{key} must be {expected}, not {_kind(value)} ({_show(value)})", hint=hint)


def _text(key: str, value: Any) -> str:
    return str(_typed(key, value, str, "a string", hint=f'write {key} = "…" in quotes'))


def _choice(key: str, value: Any, allowed: tuple[str, ...]) -> str:
    text = _text(key, value).strip()
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
    if isinstance(value, str):
        items = value.replace(",", " ").split()
    elif isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        items = list(value)
    else:
        raise InputError(f"marks must be a string or an array of strings, not {_kind(value)} ({_show(value)})",
                         hint='e.g. marks = "crop" or marks = ["crop", "cross"]')
    chosen = {_choice("marks", _MARK_NAMES.get(item.strip().lower(), item), MARKS)
              for item in items if item.lower() != "none"}
    return tuple(m for m in MARKS if m in chosen)


def parse_language(value: Any) -> str:
    """A BCP 47 language tag ("vi", "en-GB"): it becomes the documents' language (EPUB requires a valid one)."""
    text = _text("language", value).strip()
    if _LANGUAGE.match(text) is None:
        raise InputError(f"language {value!r} is not a language tag such as vi or en-GB")
    return text


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    _typed("date", value, str, "a date (2024-03-15, unquoted) or a string")
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"date {value!r} is not a date such as 2024-03-15") from None


def parse_pdf_standard(value: Any) -> str:
    """The normalised standard: the PDF writer's (PDF/A-3u, PDF/UA-1) or a PDF/X variant."""
    from ..options import PDF_STANDARDS

    allowed = (*PDF_STANDARDS, *PDF_X_VARIANTS)
    key = _text("pdf_standard", value).strip().lower()
    if key not in allowed:
        raise InputError(f"pdf_standard = {value!r}: choose {', '.join(allowed)}")
    return key


def options_from(values: Mapping[str, Any], base: BulletinOptions | None = None) -> BulletinOptions:
    """``base`` with every non-None entry of ``values`` checked and applied.

    Values come from the command line (already strings, booleans, numbers and paths) or from a
    TOML file, where a value of the wrong type (``duplex = "false"``) is an InputError.
    """
    out = base or BulletinOptions()
    checked: dict[str, Any] = {}
    for key, value in values.items():
        if value is None:
            continue
        match key:
            case "order":
                checked[key] = _choice(key, value, ORDERS)
            case "group_by":
                checked[key] = None if _text(key, value).lower() == "none" else _choice(key, value, GROUPS)
            case "start_on":
                checked[key] = _choice(key, value, START_ON)
            case "paper":
                checked[key] = _choice(key, value, PAPERS)
            case "bleed":
                checked[key] = parse_bleed(_text(key, value))
            case "marks":
                checked[key] = parse_marks(value)
            case "duplex":
                checked[key] = _typed(key, value, bool, "a boolean (true or false)",
                                      hint=f"write {key} = true or {key} = false, without quotes")
            case "image_dpi":
                if not isinstance(value, int) or isinstance(value, bool) or value < 72:
                    raise InputError(f"image_dpi = {_show(value)}: a whole number of at least 72")
                checked[key] = value
            case "pdf_standard":
                checked[key] = parse_pdf_standard(value)
            case "css" | "icc_profile":
                checked[key] = Path(_typed(key, value, (str, Path), "a file name (a string)"))
            case _:
                raise InputError(f"unknown bulletin option {key!r}")
    return replace(out, **checked)


def _logo(path: Path) -> Any:
    from ..load.blobs import make_resource
    from ..user_files import MAX_LOGO_BYTES, read_option_file

    data = read_option_file(path, "logo", "--logo or logo", MAX_LOGO_BYTES)
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
            path = Path(_typed(key, value, (str, Path), "a file name (a string)"))
            checked[key] = _logo(path if path.is_absolute() or relative_to is None else relative_to / path)
        elif key == "issue":  # issue = 12 is an issue number as much as issue = "12/2024"
            checked[key] = str(_typed(key, value, (str, int, float), "a string or a number"))
        elif key in _FRONT_KEYS:
            checked[key] = _text(key, value)
        else:
            raise InputError(f"unknown front-matter field {key!r}")
    return replace(out, **checked)


def load_config(path: Path) -> tuple[FrontMatter, BulletinOptions]:
    """Front matter and options of a TOML file; unknown keys and bad values are InputErrors."""
    from ..user_files import MAX_CONFIG_BYTES, read_option_file

    raw = read_option_file(path, "configuration", "--config", MAX_CONFIG_BYTES)
    try:
        data = tomllib.loads(raw.decode("utf-8"))
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
    for key in _CONFIG_FILES:  # files named in the TOML file are beside it, and checked now
        named = getattr(options, key)
        if named is None:
            continue
        if not named.is_absolute():
            named = path.parent / named
            options = replace(options, **{key: named})
        _check_file(path, key, named)
    return front, options


def _check_file(config: Path, key: str, named: Path) -> None:
    """Read the ``css`` or ``icc_profile`` a TOML file names, so that a bad one is blamed on its key.

    The readers are told the TOML key instead of the command-line option (``--css``), since it is
    what the user has to fix.
    """
    from ..user_files import read_icc_profile, read_stylesheet

    try:
        if key == "css":
            read_stylesheet(named, f"{key} in {config.name}")
        else:
            read_icc_profile(named, f"{key} in {config.name}")
    except InputError as exc:
        hint = f"check {key} in {config.name} (a path relative to it)"
        if exc.hint and not exc.hint.startswith("check "):  # keep advice about the file's content
            hint += f"; {exc.hint}"
        raise InputError(f"{config}: {key}: {exc}", hint=hint) from None
