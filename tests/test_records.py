"""``converter.records.dataclass`` behaves as the standard library's on the same definitions."""

from __future__ import annotations

import copy
import dataclasses
import importlib
import inspect
import pickle
import pkgutil
from typing import Any, ClassVar

import pytest

import converter
from converter import records


def _pair(frozen: bool, slots: bool) -> tuple[type, type]:
    """The same class definition made by the standard library and by records."""
    made = []
    for deco in (dataclasses.dataclass, records.dataclass):
        class Sample:
            a: int
            b: str = "b"
            c: tuple[int, ...] = dataclasses.field(default_factory=tuple)
            d: float = dataclasses.field(default=0.5, repr=False)
            e: str = dataclasses.field(default="", compare=False)

            def total(self) -> int:
                return self.a + len(self.c)

        made.append(deco(frozen=frozen, slots=slots)(Sample))  # type: ignore[call-overload]
    return made[0], made[1]


KINDS = [(True, True), (False, True), (False, False), (True, False)]


@pytest.mark.parametrize(("frozen", "slots"), KINDS)
def test_construction_repr_and_comparison_match(frozen: bool, slots: bool) -> None:
    std, rec = _pair(frozen, slots)
    for args, kwargs in [((1,), {}), ((2, "x", (1, 2)), {"d": 1.5, "e": "ignored"}), ((), {"a": 3, "c": (4,)})]:
        s, r = std(*args, **kwargs), rec(*args, **kwargs)
        assert repr(r) == repr(s)
        assert dataclasses.astuple(r) == dataclasses.astuple(s)
        assert dataclasses.asdict(r) == dataclasses.asdict(s)
        assert r.total() == s.total()
        assert r == rec(*args, **kwargs) and r != rec(99)
        assert r == dataclasses.replace(r, e="compare=False fields do not count")
        assert r != s  # another class: never equal, as the standard library
        if frozen:
            assert hash(r) == hash(rec(*args, **kwargs))
            assert hash(r) != hash(rec(99))
    fresh_std, fresh_rec = std(1), rec(1)
    assert fresh_rec.c == fresh_std.c == ()
    assert [f.name for f in dataclasses.fields(rec)] == [f.name for f in dataclasses.fields(std)]
    assert rec.__match_args__ == std.__match_args__
    assert rec.__doc__ == std.__doc__  # written from the fields, not by inspect.signature()
    assert hasattr(rec, "__slots__") == hasattr(std, "__slots__") == slots
    assert (rec.__hash__ is None) == (std.__hash__ is None)
    assert rec.__dataclass_params__.frozen == frozen  # type: ignore[attr-defined]


@pytest.mark.parametrize(("frozen", "slots"), KINDS)
def test_argument_errors_match(frozen: bool, slots: bool) -> None:
    std, rec = _pair(frozen, slots)
    for args, kwargs in [((), {}), ((1, "b", (), 0.5, "", "extra"), {}), ((1,), {"z": 1}), ((1,), {"a": 2})]:
        with pytest.raises(TypeError) as expected:
            std(*args, **kwargs)
        with pytest.raises(TypeError) as got:
            rec(*args, **kwargs)
        assert str(got.value) == str(expected.value)


@pytest.mark.parametrize("slots", [True, False])
def test_frozen_refuses_assignment_and_deletion(slots: bool) -> None:
    _, rec = _pair(True, slots)
    r = rec(1)
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'a'"):
        r.a = 2
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'b'"):
        del r.b
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.other = 1  # not a field: refused on the frozen class itself too
    assert r.a == 1


@pytest.mark.parametrize(("frozen", "slots"), KINDS)
def test_copy_and_pickle(frozen: bool, slots: bool) -> None:
    _, rec = _pair(frozen, slots)
    globals()["Sample"] = rec  # pickle finds classes by module and name
    rec.__qualname__ = "Sample"
    try:
        r = rec(5, "x", (1,), 2.0, "e")
        for again in (pickle.loads(pickle.dumps(r)), copy.copy(r), copy.deepcopy(r)):
            assert again == r and again.e == "e" and again is not r
    finally:
        del globals()["Sample"]


def test_mutable_records_assign_and_are_unhashable() -> None:
    std, rec = _pair(False, True)
    r = rec(1)
    r.a = 7
    assert r.a == 7
    with pytest.raises(TypeError, match="unhashable"):
        hash(r)
    with pytest.raises(TypeError, match="unhashable"):
        hash(std(1))


def test_post_init_runs_after_fields() -> None:
    seen = []

    @records.dataclass(frozen=True, slots=True)
    class Checked:
        n: int

        def __post_init__(self) -> None:
            seen.append(self.n)
            object.__setattr__(self, "n", self.n * 2)

    assert Checked(3).n == 6 and seen == [3]


def test_own_methods_are_kept() -> None:
    @records.dataclass(frozen=True, slots=True)
    class Own:
        n: int

        def __repr__(self) -> str:
            return "own"

        def __hash__(self) -> int:
            return 7

    assert repr(Own(1)) == "own" and hash(Own(1)) == 7 and Own(1) == Own(1)


def test_unsupported_fields_are_refused() -> None:
    with pytest.raises(TypeError, match="ClassVar"):
        @records.dataclass(frozen=True)
        class WithClassVar:
            n: int
            shared: ClassVar[int] = 1

    with pytest.raises(TypeError, match="keyword-only"):
        @records.dataclass(frozen=True)
        class KeywordOnly:
            n: int = dataclasses.field(kw_only=True)


def test_init_is_compiled_on_first_use_only() -> None:
    _, rec = _pair(True, True)
    assert rec.__dict__["__init__"] is records._lazy_init  # nothing compiled when the class is made
    rec(1)
    init = rec.__dict__["__init__"]
    assert init is not records._lazy_init
    assert list(inspect.signature(init).parameters) == ["self", "a", "b", "c", "d", "e"]
    rec(2)
    assert rec.__dict__["__init__"] is init  # compiled once


def _package_records() -> list[type]:
    found = []
    for info in pkgutil.walk_packages(converter.__path__, "converter."):
        if info.name.endswith(("__main__", "worker_main")):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module.__name__ and dataclasses.is_dataclass(value):
                found.append(value)
    return found


def test_every_record_of_the_package_is_made_by_records() -> None:
    # The import cost is only saved if no module goes back to the standard library's decorator.
    classes = _package_records()
    assert len(classes) > 50
    compiled_by_stdlib = [c.__qualname__ for c in classes
                          if c.__dict__.get("__init__") is not records._lazy_init
                          and getattr(c.__dict__.get("__init__"), "__code__", None) is not None
                          and "__create_fn__" in c.__dict__["__init__"].__code__.co_qualname]
    assert compiled_by_stdlib == []


def test_model_records_round_trip_through_replace() -> None:
    from converter.model import Link, Text

    link = Link((Text("x"),), "https://example.org/")
    moved: Any = dataclasses.replace(link, url="https://example.org/b")
    assert moved.url.endswith("/b") and moved.children == link.children and moved.title == ""
    assert moved != link and hash(link) == hash(Link((Text("x"),), "https://example.org/"))
