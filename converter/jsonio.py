"""The article model as JSON: every dataclass becomes an object tagged with ``"type"``.

The format is lossless (resource bytes as base64, datetimes in ISO 8601 with their offset) so that
``load(dump(a)) == a``; ``schema_version`` guards against reading a newer, incompatible file.
Files of an older version still load: fields added since take their defaults (v1 has no
``Figure.link``).
"""

from __future__ import annotations

import base64
import dataclasses
import json
from datetime import datetime
from typing import Any

from . import model
from .errors import InputError

_CLASSES: dict[str, type[Any]] = {
    name: obj
    for name, obj in vars(model).items()
    if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == model.__name__
}


def to_data(value: Any) -> Any:
    """Plain JSON-ready data for a model value."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {"type": type(value).__name__}
        for f in dataclasses.fields(value):
            out[f.name] = to_data(getattr(value, f.name))
        return out
    if isinstance(value, tuple | list):
        return [to_data(v) for v in value]
    if isinstance(value, bytes):
        return {"type": "bytes", "base64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, datetime):
        return {"type": "datetime", "iso": value.isoformat()}
    return value


def from_data(data: Any) -> Any:
    """The model value for data made by :func:`to_data`."""
    if isinstance(data, list):
        return tuple(from_data(v) for v in data)
    if not isinstance(data, dict):
        return data
    kind = data.get("type")
    if kind == "bytes":
        return base64.b64decode(data["base64"])
    if kind == "datetime":
        return datetime.fromisoformat(data["iso"])
    cls = _CLASSES.get(str(kind))
    if cls is None:
        raise InputError(f"unknown model type {kind!r} in JSON")
    return cls(**{k: from_data(v) for k, v in data.items() if k != "type"})


def dumps(article: model.Article, explain: list[dict[str, str]] | None = None) -> str:
    """Stable JSON text: sorted keys, two-space indent, UTF-8 characters kept as they are.

    ``explain`` (``--to json --explain``) adds the extraction's decisions beside the article; readers
    of the model ignore it.
    """
    doc: dict[str, Any] = {"schema_version": model.SCHEMA_VERSION, "article": to_data(article)}
    if explain is not None:
        doc["explain"] = explain
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def loads(text: str) -> model.Article:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc}") from exc
    version = doc.get("schema_version") if isinstance(doc, dict) else None
    if not isinstance(version, int) or isinstance(version, bool) or version not in model.READABLE_VERSIONS:
        raise InputError(f"unsupported schema_version {version!r} (expected {model.SCHEMA_VERSION})")
    try:
        art = from_data(doc.get("article"))
    except TypeError as exc:  # a field this version does not know, or one missing
        raise InputError(f"JSON does not match the article model: {exc}") from exc
    if not isinstance(art, model.Article):
        raise InputError("JSON does not hold an article")
    return art
