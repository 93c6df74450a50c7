"""The model's JSON form: lossless round trips, versioned, stable text."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from factories import rich_article
from hypothesis import given, settings
from hypothesis import strategies as st

from converter import jsonio
from converter import model as m
from converter.errors import InputError

texts = st.text(max_size=30)
leaf_inlines = st.one_of(st.builds(m.Text, texts), st.builds(m.Code, texts), st.just(m.LineBreak()))
inlines = st.recursive(
    leaf_inlines,
    lambda kids: st.one_of(
        st.builds(m.Strong, st.lists(kids, max_size=3).map(tuple)),
        st.builds(m.Emphasis, st.lists(kids, max_size=3).map(tuple)),
        st.builds(m.Link, st.lists(kids, max_size=3).map(tuple), texts, texts),
    ),
    max_leaves=8,
)
runs = st.lists(inlines, max_size=4).map(tuple)
dates = st.builds(
    m.DateValue, texts,
    st.one_of(st.none(), st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=7))]))),
)
leaf_blocks = st.one_of(
    st.builds(m.Paragraph, runs),
    st.builds(m.Heading, st.integers(1, 6), runs),
    st.builds(m.Signature, runs),
    st.just(m.Rule()),
    st.builds(m.Figure, st.builds(m.Image, texts, texts, st.one_of(st.none(), texts)), runs, texts, texts),
    st.builds(m.Table, st.lists(st.builds(m.TableRow, st.lists(st.builds(m.TableCell, runs, st.booleans()),
                                                               max_size=3).map(tuple)), max_size=3).map(tuple),
              runs, st.integers(0, 2)),
)
blocks = st.recursive(
    leaf_blocks,
    lambda kids: st.one_of(
        st.builds(m.Quote, st.lists(kids, max_size=3).map(tuple)),
        st.builds(m.ListBlock, st.booleans(),
                  st.lists(st.builds(m.ListItem, st.lists(kids, max_size=2).map(tuple)), max_size=3).map(tuple)),
    ),
    max_leaves=10,
)
articles = st.builds(
    m.Article,
    st.builds(m.Metadata, title=texts, lead=texts, published=st.one_of(st.none(), dates),
              authors=st.lists(texts, max_size=3).map(tuple), views=st.one_of(st.none(), st.integers(0, 10**9)),
              fields=st.lists(st.builds(m.Field, texts, texts, texts), max_size=3).map(tuple)),
    st.lists(blocks, max_size=5).map(tuple),
    st.lists(st.builds(m.Resource, texts, texts, st.binary(max_size=64), texts), max_size=2).map(tuple),
)


@settings(max_examples=150, deadline=None)
@given(articles)
def test_any_article_survives_a_json_round_trip(article: m.Article) -> None:
    assert jsonio.loads(jsonio.dumps(article)) == article


def test_the_rich_article_round_trips_and_keeps_its_aware_dates() -> None:
    art = rich_article()
    back = jsonio.loads(jsonio.dumps(art))
    assert back == art
    assert back.metadata.published is not None and back.metadata.published.value == datetime(
        2021, 10, 8, 19, 0, tzinfo=timezone(timedelta(hours=7)))


def test_json_text_is_stable_and_keeps_vietnamese_readable() -> None:
    text = jsonio.dumps(rich_article())
    assert text == jsonio.dumps(rich_article())
    assert "Quang cảnh buổi làm việc" in text
    assert json.loads(text)["schema_version"] == m.SCHEMA_VERSION


def test_another_schema_version_is_refused() -> None:
    doc = json.loads(jsonio.dumps(rich_article()))
    doc["schema_version"] = 999
    with pytest.raises(InputError, match="schema_version"):
        jsonio.loads(json.dumps(doc))


def test_json_that_is_not_an_article_is_refused() -> None:
    with pytest.raises(InputError):
        jsonio.loads("{not json")
    with pytest.raises(InputError, match="unknown model type"):
        jsonio.loads(json.dumps({"schema_version": m.SCHEMA_VERSION, "article": {"type": "Bogus"}}))
