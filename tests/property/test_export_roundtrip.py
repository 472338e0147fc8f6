"""Export -> re-import gives the same events (plover-jsonl) or the same rows (csv, parquet, geojson)."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from strategies import corpora, news

from dotterel.api import dedup_store
from dotterel.exporters import csv, geojson, parquet, plover_jsonl
from dotterel.exporters._common import flat_row
from dotterel.model import Article
from dotterel.store.memory import MemoryStore

_n = itertools.count()
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def bundles_of(corpus):
    store = MemoryStore()
    for article, ms in corpus:
        store.put_article(article, ms, coding_key="k")
    dedup_store(store)
    return list(store.bundles())


@SETTINGS
@given(corpus=corpora())
def test_plover_jsonl_round_trip(tmp_path_factory, corpus):
    bundles = bundles_of(corpus)
    path = tmp_path_factory.getbasetemp() / f"events-{next(_n)}.jsonl"
    assert plover_jsonl.write(bundles, path) == len(bundles)
    assert plover_jsonl.read(path) == [b.event for b in bundles]


@SETTINGS
@given(data=news())
def test_plover_fields_alone_carry_the_event(data):
    """A reader that knows only PLOVER (no `dotterel` block) gets the PLOVER part right."""
    ms, docs = data
    store = MemoryStore()
    for d in docs:
        store.put_article(
            Article(doc_id=d.doc_id, text=d.lead, published=d.published, outlet=d.outlet),
            [m for m in ms if m.doc_id == d.doc_id],
            coding_key="k",
        )
    dedup_store(store)
    for b in store.bundles():
        rec = plover_jsonl.record(b)
        rec.pop("dotterel")
        e, back = b.event, plover_jsonl.from_record(rec)
        assert (back.event_id, back.type, back.mode, back.context, back.quad) == (
            e.event_id,
            e.type,
            e.mode,
            e.context,
            e.quad,
        )
        assert (back.date.value if back.date else None) == (e.date.value if e.date else None)
        for got, want in ((back.actor, e.actor), (back.recipient, e.recipient)):
            assert (
                (got.name, got.country, got.sector) == (want.name, want.country, want.sector)
                if want
                else got is None
            )
        if e.location:
            assert (back.location.name, back.location.country, back.location.lat, back.location.lon) == (
                e.location.name,
                e.location.country,
                e.location.lat,
                e.location.lon,
            )


@SETTINGS
@given(corpus=corpora())
def test_tables_round_trip(tmp_path_factory, corpus):
    bundles = bundles_of(corpus)
    rows = [flat_row(b) for b in bundles]
    base = tmp_path_factory.getbasetemp()
    for mod in (csv, parquet, geojson):
        path = base / f"events-{next(_n)}{mod.SUFFIX}"
        assert mod.write(bundles, path) == len(rows)
        back = mod.read(path)
        if mod is csv:  # a CSV cell cannot tell an empty text from a missing one
            rows_ = [{k: (None if v == "" else v) for k, v in r.items()} for r in rows]
            assert back == rows_
        else:
            assert back == rows
