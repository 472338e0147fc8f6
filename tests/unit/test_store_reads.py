"""The store's record reads used by the explorer: both backends give the same answers."""
from __future__ import annotations

import pytest

from dotterel.store import EventFilters, open_store
from dotterel.store.memory import MemoryStore
from dotterel.testing import actor, make_article, make_mention, place

ARTICLES = [
    (make_article("a1", "Rebels attacked Kidal. Police arrested two men.", published="2024-03-04", outlet="X"),
     [make_mention("a1", "ASSAULT", actor=actor("Rebels", entity_id="rebels"), text="Rebels attacked Kidal",
                   place=place("Kidal", country="MLI", lat=18.4, lon=1.4), date="2024-03-03", confidence=0.8),
      make_mention("a1", "COERCE", actor=actor("Police"), text="Police arrested two men", start=23,
                   date="2024-03-04", confidence=0.4, status="asserted")]),
    (make_article("b2", "Students marched in Dakar.", published="2024-04-11"),
     [make_mention("b2", "PROTEST", actor=actor("Students"), text="Students marched in Dakar",
                   place=place("Dakar", country="SEN"), date="2024-04-10", status="intended")]),
]


@pytest.fixture(params=["memory", "duckdb"])
def store(request, tmp_path):
    s = MemoryStore() if request.param == "memory" else open_store(tmp_path / "s.duckdb")
    for article, mentions in ARTICLES:
        s.put_article(article, mentions, coding_key="k")
    yield s
    s.close()


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, ["ASSAULT", "COERCE", "PROTEST"]),
    ({"country": "MLI"}, ["ASSAULT"]),
    ({"actor": "rebels"}, ["ASSAULT"]),
    ({"actor": "stud"}, ["PROTEST"]),
    ({"min_confidence": 0.5}, ["ASSAULT", "PROTEST"]),
    ({"status": "intended"}, ["PROTEST"]),
    ({"start_date": "2024-03-04"}, ["COERCE", "PROTEST"]),
    ({"limit": 1}, ["ASSAULT"]),
])
def test_mention_records(store, filters, expected):
    assert [m.type for m in store.mention_records(EventFilters.make(**filters))] == expected


def test_article_and_its_mentions(store):
    stored = store.article("a1")
    assert stored is not None and stored.article == ARTICLES[0][0] and stored.n_mentions == 2
    assert store.article("nope") is None
    assert store.mentions_of("a1") == ARTICLES[0][1]
    assert store.mentions_of("nope") == []
