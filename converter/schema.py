"""The JSON Schema of the article model's JSON form (``converter.jsonio``), derived from the model.

Deriving it from the dataclasses keeps it in step with the model: a field added to ``model.py``
appears here without a second definition to maintain.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import datetime
from typing import Any

from . import model

SCHEMA_ID = f"https://portalconv.invalid/schema/article-v{model.SCHEMA_VERSION}.json"


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if tp is str:
        return {"type": "string"}
    if tp is int:
        return {"type": "integer"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is type(None):
        return {"type": "null"}
    if tp is bytes:
        return {"$ref": "#/$defs/bytes"}
    if tp is datetime:
        return {"$ref": "#/$defs/datetime"}
    if origin is tuple:
        item, *_ = typing.get_args(tp)
        return {"type": "array", "items": _type_schema(item, defs)}
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_type_schema(arg, defs) for arg in typing.get_args(tp)]}
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        _define(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    raise TypeError(f"no JSON Schema for {tp!r}")  # a new kind of field: teach this module


def _define(cls: type[Any], defs: dict[str, Any]) -> None:
    name = cls.__name__
    if name in defs:
        return
    defs[name] = {}  # placeholder first: the model is recursive (Quote holds blocks)
    hints = typing.get_type_hints(cls, vars(model))
    props: dict[str, Any] = {"type": {"const": name}}
    for f in dataclasses.fields(cls):
        props[f.name] = _type_schema(hints[f.name], defs)
    defs[name] = {
        "type": "object",
        "properties": props,
        "required": sorted(props),
        "additionalProperties": False,
    }


def article_schema() -> dict[str, Any]:
    """The schema of a document written by ``jsonio.dumps``."""
    defs: dict[str, Any] = {
        "bytes": {"type": "object", "properties": {"type": {"const": "bytes"}, "base64": {"type": "string"}},
                  "required": ["type", "base64"], "additionalProperties": False},
        "datetime": {"type": "object",
                     "properties": {"type": {"const": "datetime"}, "iso": {"type": "string", "format": "date-time"}},
                     "required": ["type", "iso"], "additionalProperties": False},
    }
    _define(model.Article, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "portalconv article",
        "type": "object",
        "properties": {"schema_version": {"const": model.SCHEMA_VERSION}, "article": {"$ref": "#/$defs/Article"}},
        "required": ["schema_version", "article"],
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }
