"""Dependencies of the routers: the store and the filters (override them in tests).

    app = create_app(store)
    app.dependency_overrides[get_store] = lambda: MemoryStore()   # another store, same routes

`get_filters` reads the shared filter vocabulary (`dotterel.store.filters`) from the query
string: start_date, end_date, country, event_type, actor, status, min_confidence. Lists may be
given comma-separated (`country=MLI,NER`) or repeated (`country=MLI&country=NER`).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import nullcontext
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from dotterel.errors import InputError
from dotterel.model.plover import TYPES
from dotterel.store.base import EventStore
from dotterel.store.filters import EventFilters

PAGE_LIMIT = 50
MAX_PAGE_LIMIT = 1000
PAGE_CACHE_EVENTS = 20_000  # events kept in the page cache of a read-only store (some 40 MB)
FREEZE_EVENTS = 5_000  # a cached result this long is kept out of the collector's full passes


class SerializedStore:
    """A store shared by the request threads: one call at a time (a DuckDB connection is not
    thread-safe), iterators read to the end under the lock; a store that says it is
    `thread_safe` (the read-only DuckDB store: a cursor per thread) is called from several
    threads at once. A read-only store cannot change under the app, so the events each filter
    selects are kept (the last `cache_size` filters), and so are the pages of events the store
    cuts itself (`event_page`: up to `PAGE_CACHE_EVENTS` events in all)."""

    def __init__(self, store: EventStore, *, cache_size: int | None = None) -> None:
        self.store = store
        self._lock = threading.Lock()  # the caches
        self._calls: Any = nullcontext() if getattr(store, "thread_safe", False) else threading.Lock()
        read_only = bool(getattr(store, "read_only", False))
        self._cache_size = cache_size if cache_size is not None else (32 if read_only else 0)
        self._events: OrderedDict[EventFilters, list[Any]] = OrderedDict()
        self._pages: OrderedDict[tuple[Any, ...], tuple[int, list[Any]]] = OrderedDict()
        self._page_events = 0  # events held by the page cache
        self._page_cache = PAGE_CACHE_EVENTS if read_only else 0

    def event_records(self, filters: EventFilters | None = None) -> list[Any]:
        key = filters or EventFilters()
        with self._lock:
            if key in self._events:
                self._events.move_to_end(key)
                return list(self._events[key])
        with self._calls:
            events = self.store.event_records(key)
        if self._cache_size:
            with self._lock:
                self._events[key] = events
                while len(self._events) > self._cache_size:
                    self._events.popitem(last=False)
            if len(events) >= FREEZE_EVENTS:
                _out_of_full_collections()
        return list(events)

    def _event_page(self, filters: EventFilters | None = None, **page: Any) -> tuple[int, list[Any]]:
        key = (filters or EventFilters(), *sorted(page.items()))
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                total, events = self._pages[key]
                return total, list(events)
        with self._calls:
            total, events = self.store.event_page(filters, **page)  # type: ignore[attr-defined]
        if self._page_cache:
            with self._lock:
                if key not in self._pages:
                    self._pages[key] = (total, list(events))
                    self._page_events += len(events)
                while self._page_events > self._page_cache and self._pages:
                    self._page_events -= len(self._pages.popitem(last=False)[1][1])
        return total, events

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.store, name)
        if name == "event_page":  # only where the store has it: browse falls back on event_records
            return self._event_page
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            with self._calls:
                result = attr(*args, **kwargs)
                if isinstance(result, Iterator):
                    result = list(result)
            return result

        return call


def _out_of_full_collections() -> None:
    """Move what the process holds now out of the garbage collector's reach. A cached list of
    100,000 events is half a million objects, and each full collection (every few seconds
    under load) scanned them all, stalling every request some 0.4 s (docs/reliability.md,
    "Load"). Records hold no reference cycles, so an evicted list is still freed at once."""
    import gc

    gc.freeze()


def get_store(request: Request) -> EventStore:
    """The store the app was created with."""
    store: EventStore = request.app.state.store
    return store


def get_filters(
    start_date: Annotated[str | None, Query(description="Events whose whole date lies on or after this day "
                                                        "(YYYY-MM-DD); undated events never match.",
                                            examples=["2024-06-01"])] = None,
    end_date: Annotated[str | None, Query(description="Events whose whole date lies on or before this day.",
                                          examples=["2024-06-30"])] = None,
    country: Annotated[list[str] | None, Query(description="Where it happened: ISO 3166-1 alpha-3 code(s).",
                                               examples=["MLI"])] = None,
    event_type: Annotated[list[str] | None, Query(description="PLOVER type(s): " + ", ".join(TYPES) + ".")] = None,
    actor: Annotated[str | None, Query(description="The actor or the recipient: its entity id or Wikidata id, "
                                                   "or part of its name (case-insensitive).", max_length=200)] = None,
    status: Annotated[list[str] | None, Query(description="asserted, intended, negated or hypothetical.")] = None,
    min_confidence: Annotated[float | None, Query(ge=0.0, le=1.0, allow_inf_nan=False,
                                                  description="Only events at least this confident.")] = None,
) -> EventFilters:
    """The filters of the query string, validated (a bad value is a 400 with the reason)."""
    types = _many(event_type)
    unknown = [t for t in types if t.upper() not in TYPES]
    if unknown:
        raise InputError(f"event_type {unknown[0]!r} is not a PLOVER type; choose from {', '.join(TYPES)}")
    return EventFilters.make(start_date=start_date, end_date=end_date, country=_many(country), event_type=types,
                             actor=actor, status=_many(status), min_confidence=min_confidence)


Store = Annotated[EventStore, Depends(get_store)]
Filters = Annotated[EventFilters, Depends(get_filters)]
Offset = Annotated[int, Query(ge=0, le=10**9, description="Skip this many items.")]
Limit = Annotated[int, Query(ge=0, le=MAX_PAGE_LIMIT, description="At most this many items.")]


def _many(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or () for v in value.split(",") if v.strip()]

