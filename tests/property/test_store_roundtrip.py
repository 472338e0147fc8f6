"""Store -> read back gives equal records, on a real DuckDB file; and the two backends agree."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import corpora, news

from dotterel.api import dedup_store
from dotterel.model.serialize import mention_from_dict, mention_to_dict
from dotterel.store import EventFilters, open_store
from dotterel.store.memory import MemoryStore

_n = itertools.count()
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(corpus=corpora())
def test_articles_and_mentions_round_trip_through_duckdb(tmp_path_factory, corpus):
    path = tmp_path_factory.getbasetemp() / f"roundtrip-{next(_n)}.duckdb"
    with open_store(path) as store:
        for article, ms in corpus:
            store.put_article(article, ms, coding_key="k", fingerprint=(1, -2, 2**62))
    with open_store(path, read_only=True) as store:  # reopened: what is on disk
        assert [s.article for s in store.iter_articles()] == sorted(
            (a for a, _ in corpus), key=lambda a: a.doc_id
        )
        assert list(store.iter_mentions()) == [
            m for _, ms in sorted(corpus, key=lambda t: t[0].doc_id) for m in ms
        ]
        assert all(s.fingerprint == (1, -2, 2**62) for s in store.iter_articles())


@SETTINGS
@given(corpus=corpora())
def test_serialisation_is_lossless(corpus):
    for _, ms in corpus:
        for m in ms:
            assert mention_from_dict(mention_to_dict(m)) == m


@SETTINGS
@given(
    data=news(),
    filters=st.fixed_dictionaries(
        {},
        optional={
            "start_date": st.sampled_from(["2024-05-11", "2024-05-13"]),
            "end_date": st.sampled_from(["2024-05-13", "2024-05-16"]),
            "country": st.sampled_from(["NGA", "KEN", "NGA,KEN"]),
            "event_type": st.sampled_from(["ASSAULT", "PROTEST"]),
            "actor": st.sampled_from(["boko", "NGA-ARMY", "police", "gunmen"]),
            "status": st.sampled_from(["asserted", "intended"]),
            "min_confidence": st.sampled_from([0.5, 0.7]),
            "limit": st.sampled_from([1, 3]),
        },
    ),
)
def test_events_and_filters_agree_on_both_backends(tmp_path_factory, data, filters):
    """What the DuckDB store keeps and finds (SQL filters) is what the memory store does (Python)."""
    from dotterel.model import Article

    ms, docs = data
    path = tmp_path_factory.getbasetemp() / f"filters-{next(_n)}.duckdb"
    stores = [open_store(path), MemoryStore()]
    try:
        for store in stores:
            for d in docs:
                article = Article(doc_id=d.doc_id, text=d.lead, published=d.published, outlet=d.outlet)
                store.put_article(
                    article,
                    [m for m in ms if m.doc_id == d.doc_id],
                    coding_key="k",
                    fingerprint=d.fingerprint,
                )
            dedup_store(store)
        f = EventFilters.make(**filters)
        duck, memory = (s.event_records(f) for s in stores)
        assert duck == memory
        assert [b.event for b in stores[0].bundles(f)] == duck
    finally:
        stores[0].close()
