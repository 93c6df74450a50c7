"""``@dataclass`` without the import-time compiling: the package's records, made cheaply.

Python 3.11's :func:`dataclasses.dataclass` writes the source of ``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, ``__setattr__`` and ``__delattr__`` for every class and compiles each one
when the module is imported: the ~60 records a one-page EPUB loads cost ~45 ms of its start, about
a sixth of the whole run. Here the class is still made by :func:`dataclasses.dataclass`
(so :func:`~dataclasses.fields`, :func:`~dataclasses.replace`, :func:`~dataclasses.asdict`,
``__match_args__`` and ``__slots__`` are the standard library's own), but with the generated
methods switched off; in their place:

* ``__init__`` is compiled for a class the first time one is made (a third of the records a run
  loads are never made), by the same rules: defaults, ``default_factory``, ``__post_init__``,
  frozen fields set through ``object.__setattr__``;
* ``__repr__``, ``__eq__``, ``__hash__`` and the frozen ``__setattr__``/``__delattr__`` are shared
  functions that read the class's fields.

Behaviour is the standard library's (``tests/test_records.py`` compares the two on the same
definitions). For type checkers this *is* :func:`dataclasses.dataclass`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError
from inspect import formatannotation as inspect_formatannotation
from operator import attrgetter
from reprlib import recursive_repr
from typing import TYPE_CHECKING, Any

__all__ = ["dataclass", "field"]

field = dataclasses.field
_stdlib_dataclass = dataclasses.dataclass
_KEY = "__record_key__"  # the class's attrgetter of its compared fields, made on first use


def _key(obj: Any) -> tuple[Any, ...]:
    """The compared fields' values as a tuple, as the standard library's ``__eq__`` builds it."""
    cls = type(obj)
    key = cls.__dict__.get(_KEY)
    if key is None:
        names = [f.name for f in dataclasses.fields(cls) if f.compare]
        if len(names) > 1:
            key = attrgetter(*names)
        elif names:  # attrgetter of one name gives the value itself, not a 1-tuple
            one = attrgetter(names[0])
            key = lambda o: (one(o),)  # noqa: E731
        else:
            key = lambda o: ()  # noqa: E731
        type.__setattr__(cls, _KEY, key)
    result: tuple[Any, ...] = key(obj)
    return result


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        return _key(self) == _key(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(_key(self))


@recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in dataclasses.fields(self) if f.repr)
    return f"{type(self).__qualname__}({shown})"


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    if _is_frozen_record(type(self)) or name in type(self).__dataclass_fields__:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)


def _frozen_delattr(self: Any, name: str) -> None:
    if _is_frozen_record(type(self)) or name in type(self).__dataclass_fields__:
        raise FrozenInstanceError(f"cannot delete field {name!r}")
    object.__delattr__(self, name)


def _is_frozen_record(cls: type) -> bool:
    # The standard library raises for any name on the frozen class itself, and only for its fields
    # on a subclass that is not a frozen dataclass of its own.
    return cls.__dict__.get("__setattr__") is _frozen_setattr


def _getstate(self: Any) -> list[Any]:
    return [getattr(self, f.name) for f in dataclasses.fields(self)]


def _setstate(self: Any, state: list[Any]) -> None:
    for f, value in zip(dataclasses.fields(self), state, strict=True):
        object.__setattr__(self, f.name, value)  # the frozen __setattr__ refuses


def _compile_init(cls: type) -> Callable[..., None]:
    """The ``__init__`` :func:`dataclasses.dataclass` would have written for ``cls``."""
    frozen = _is_frozen_record(cls)
    env: dict[str, Any] = {"__MISSING": MISSING, "__set": object.__setattr__}
    params, body = ["self"], []
    for f in dataclasses.fields(cls):
        if f.default_factory is not MISSING:
            env[f"__f_{f.name}"] = f.default_factory
            if f.init:
                params.append(f"{f.name}=__MISSING")
                value = f"__f_{f.name}() if {f.name} is __MISSING else {f.name}"
            else:
                value = f"__f_{f.name}()"
        elif f.default is not MISSING:
            env[f"__d_{f.name}"] = f.default
            if f.init:
                params.append(f"{f.name}=__d_{f.name}")
                value = f.name
            else:
                value = f"__d_{f.name}"
        elif f.init:
            params.append(f.name)
            value = f.name
        else:
            continue  # init=False and no default: left unset, as the standard library does
        body.append(f"__set(self, {f.name!r}, {value})" if frozen else f"self.{f.name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    source = (f"def __make({', '.join(env)}):\n def __init__({', '.join(params)}):\n"
              + "".join(f"  {line}\n" for line in body or ["pass"]) + " return __init__\n")
    namespace: dict[str, Any] = {}
    exec(source, {}, namespace)  # our own source, built from the class's field names
    init: Callable[..., None] = namespace["__make"](**env)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


def _lazy_init(self: Any, *args: Any, **kwargs: Any) -> None:
    owner = next(c for c in type(self).__mro__ if c.__dict__.get("__init__") is _lazy_init)
    init = _compile_init(owner)
    type.__setattr__(owner, "__init__", init)
    init(self, *args, **kwargs)


def _signature_doc(cls: type) -> str:
    """What the standard library writes as an undocumented dataclass's docstring."""
    params = []
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        text = f"{f.name}: {f.type!r}" if isinstance(f.type, str) else f"{f.name}: {inspect_formatannotation(f.type)}"
        if f.default is not MISSING:
            text += f" = {f.default!r}"
        elif f.default_factory is not MISSING:
            text += " = <factory>"
        params.append(text)
    return f"{cls.__name__}({', '.join(params)})"


def _put(cls: type, name: str, value: Any) -> None:
    type.__setattr__(cls, name, value)


def _make(cls: type, *, frozen: bool, slots: bool, eq: bool) -> type:
    own = cls.__dict__
    # The standard library's rule (dataclasses._hash_action, unsafe_hash=False): a __hash__ the
    # class wrote is kept; "__hash__ = None" put there by writing __eq__ does not count.
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    # A class without a docstring gets "Name(field: 'type', ...)" from inspect.signature(), which
    # for a class without its own __init__ parses object's text signature with tokenize and ast:
    # more than all the rest of making the class. The same text is written below from the fields.
    undocumented = not cls.__doc__
    if undocumented:
        cls.__doc__ = "-"
    made: type = _stdlib_dataclass(cls, init=False, repr=False, eq=False, slots=slots)
    if undocumented:
        made.__doc__ = _signature_doc(made)
    pseudo = set(made.__dataclass_fields__) - {f.name for f in dataclasses.fields(made)}  # type: ignore[attr-defined]
    if pseudo or any(f.kw_only for f in dataclasses.fields(made)):
        # Neither is used here; rather than copy more of the standard library, refuse them.
        raise TypeError(f"{made.__qualname__}: records take no ClassVar, InitVar or keyword-only "
                        f"fields ({', '.join(sorted(pseudo)) or 'kw_only'}); use dataclasses.dataclass")
    params = made.__dataclass_params__  # type: ignore[attr-defined]
    params.init, params.repr, params.eq, params.frozen = True, True, eq, frozen  # what the class now does
    own = made.__dict__
    if "__init__" not in own:
        _put(made, "__init__", _lazy_init)
    if "__repr__" not in own:
        _put(made, "__repr__", _repr)
    if eq:
        if "__eq__" not in own:
            _put(made, "__eq__", _eq)
        if not explicit_hash:
            # Compared and frozen: hashable by value; compared and mutable: unhashable.
            _put(made, "__hash__", _hash if frozen else None)
    if frozen:
        _put(made, "__setattr__", _frozen_setattr)
        _put(made, "__delattr__", _frozen_delattr)
        if slots:
            _put(made, "__getstate__", _getstate)
            _put(made, "__setstate__", _setstate)
    return made


def _dataclass(cls: type | None = None, /, *, frozen: bool = False, slots: bool = False,
               eq: bool = True) -> Any:
    def wrap(c: type) -> type:
        return _make(c, frozen=frozen, slots=slots, eq=eq)
    return wrap if cls is None else wrap(cls)


if TYPE_CHECKING:
    from dataclasses import dataclass
else:
    dataclass = _dataclass
