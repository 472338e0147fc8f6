"""A page of events cut by DuckDB (`DuckDBStore.event_page`, the fast path of `browse.page_events`)
is the page the Python sort gives: same total, same events, same order, for every sort key,
filter, offset and limit; and the web app's thread-safe cursors and page cache change nothing."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import news

from dotterel import browse
from dotterel.api import dedup_store
from dotterel.model import Article
from dotterel.store import EventFilters, open_store
from dotterel.store.memory import MemoryStore

_n = itertools.count()


def fill(store, data) -> None:
    ms, docs = data
    for d in docs:
        article = Article(doc_id=d.doc_id, text=d.lead, published=d.published, outlet=d.outlet)
        store.put_article(article, [m for m in ms if m.doc_id == d.doc_id], coding_key="k", fingerprint=d.fingerprint)
    dedup_store(store)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=news(), sort=st.sampled_from(browse.SORTS), offset=st.integers(0, 6), limit=st.integers(0, 5),
       filters=st.fixed_dictionaries({}, optional={"country": st.sampled_from(["NGA", "KEN"]),
                                                   "status": st.sampled_from(["asserted", "intended"]),
                                                   "min_confidence": st.sampled_from([0.5, 0.7])}))
def test_the_database_cuts_the_page_the_python_sort_gives(tmp_path_factory, data, sort, offset, limit, filters):
    path = tmp_path_factory.getbasetemp() / f"page-{next(_n)}.duckdb"
    with open_store(path) as store:
        fill(store, data)
    memory = MemoryStore()
    fill(memory, data)
    f = EventFilters.make(**filters)
    with open_store(path, read_only=True) as store:
        fast = browse.page_events(store, f, sort=sort, offset=offset, limit=limit)
        slow = browse.page_events(memory, f, sort=sort, offset=offset, limit=limit)  # no event_page: sorted here
        everything = browse.sort_events(store.event_records(f), sort)
    assert fast == slow
    assert [e["event_id"] for e in fast["items"]] == [e.event_id for e in everything[offset:offset + limit]]
    assert fast["total"] == len(everything)


def test_threads_and_the_page_cache_give_the_same_answers(tmp_path):
    from dotterel.testing import make_mention
    from dotterel.web.deps import SerializedStore

    path = tmp_path / "threads.duckdb"
    with open_store(path) as store:
        for i in range(60):
            article = Article(doc_id=f"t{i}", text=f"Police arrested {i} people.", published="2024-05-01")
            store.put_article(article, [make_mention(f"t{i}", ("ASSAULT", "PROTEST")[i % 2], date=f"2024-05-{i % 28 + 1:02d}",
                                                     text=article.text, confidence=(i % 10) / 10)], coding_key="k")
        dedup_store(store)
    with open_store(path, read_only=True) as store:
        assert store.thread_safe
        shared = SerializedStore(store)
        queries = [(EventFilters.make(event_type=t), s, o) for t in ("ASSAULT", "PROTEST", None)
                   for s in browse.SORTS for o in (0, 7)] * 3
        expected = [browse.page_events(store, f, sort=s, offset=o, limit=10) for f, s, o in queries]
        with ThreadPoolExecutor(8) as pool:
            got = list(pool.map(lambda q: browse.page_events(shared, q[0], sort=q[1], offset=q[2], limit=10), queries))
        assert got == expected


def test_a_long_cached_result_leaves_the_collectors_full_passes(monkeypatch):
    """A read-only store's cached results can be half a million objects: once cached they are
    frozen out of the garbage collector's full passes (the load test's 0.4 s stalls)."""
    import gc

    from dotterel.web import deps
    from dotterel.web.deps import SerializedStore

    class ReadOnly:
        read_only = True
        thread_safe = True

        def __init__(self, n: int) -> None:
            self.n = n

        def event_records(self, filters=None):
            return [object() for _ in range(self.n)]

    monkeypatch.setattr(deps, "FREEZE_EVENTS", 10)
    calls = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append(1))
    SerializedStore(ReadOnly(3)).event_records()
    assert calls == []  # short results stay with the collector
    SerializedStore(ReadOnly(10)).event_records()
    assert calls == [1]
