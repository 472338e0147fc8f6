"""Building an Event from its mentions: the representative fields and the counts.

- type: the type with the largest summed confidence (ties: the canonical mention's); mode,
  status likewise among the mentions of that type; context: the union, sorted.
- actor, recipient: the entity (or, unresolved, the normalised name) with the largest summed
  confidence, resolved actors counting double; the most confident reference to it.
- location: first the country with the largest summed confidence, then within it the place with
  the largest summed confidence weighted by precision (exact 1.5, region 1.2, country 1.0); date:
  the same for dates, explicit day dates counting double.
- confidence: 1 - prod(1 - c_s) over independent sources s, c_s being the highest confidence of
  a mention from that source; so ten copies of one wire story are as good as one report.
- n_mentions, n_articles, n_outlets (outlet name, else URL host, else doc_id), n_sources
  (syndication groups), first_seen / last_seen (publication dates of its articles).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar
from urllib.parse import urlsplit

from dotterel.dedup.similarity import Features, norm_name
from dotterel.model import ActorRef, Mention, PartialDate, PlaceRef
from dotterel.model.event import Event
from dotterel.model.plover import codebook

T = TypeVar("T")
PRECISION_WEIGHT = {1: 1.5, 2: 1.2, 3: 1.0}


def build_event(
    event_id: str,
    members: Sequence[Features],
    *,
    outlet_of: Callable[[str], str | None],
    url_of: Callable[[str], str | None],
) -> Event:
    """`members` in canonical order (the first is the canonical mention)."""
    mentions = [f.mention for f in members]
    canonical = mentions[0]
    type_ = vote([(m.type, m.confidence) for m in mentions], default=canonical.type)
    typed = [m for m in mentions if m.type == type_] or mentions
    mode = vote([(m.mode, m.confidence) for m in typed if m.mode], default=None)
    status = vote([(m.status, m.confidence) for m in typed], default=typed[0].status)
    context = tuple(sorted({c for m in mentions for c in m.context}))
    actor = best_ref(typed, lambda m: m.actor)
    recipient = best_ref(typed, lambda m: m.recipient)
    location = best_place(typed)
    date = best_date(typed)
    book = codebook()
    if book.is_type(type_):
        quad: int | None = book.quad(type_)
        score: float | None = book.score(type_, mode if book.is_mode(type_, mode) else None)
    else:
        quad, score = canonical.quad, canonical.score
    by_source: dict[str, float] = {}
    for f in members:
        by_source[f.source] = max(by_source.get(f.source, 0.0), f.mention.confidence)
    miss = 1.0
    for c in by_source.values():
        miss *= 1.0 - min(max(c, 0.0), 1.0)
    doc_ids = _unique(m.doc_id for m in mentions)
    outlets = sorted({_outlet(d, outlet_of, url_of) for d in doc_ids})
    seen = sorted(f.published for f in members if f.published)
    return Event(
        event_id=event_id,
        type=type_,
        mode=mode,
        context=context,
        actor=actor,
        recipient=recipient,
        location=location,
        date=date,
        status=status,
        confidence=round(min(0.99, 1.0 - miss), 6),
        quad=quad,
        score=score,
        canonical_mention_id=canonical.mention_id,
        mention_ids=tuple(m.mention_id for m in mentions),
        doc_ids=tuple(doc_ids),
        n_mentions=len(mentions),
        n_articles=len(doc_ids),
        n_outlets=len(outlets),
        n_sources=len(by_source),
        first_seen=seen[0][:10] if seen else None,
        last_seen=seen[-1][:10] if seen else None,
        outlets=tuple(outlets),
    )


def vote(items: Sequence[tuple[T, float]], *, default: T) -> T:
    """The item with the largest summed weight; ties go to the earliest listed."""
    totals: dict[T, float] = {}
    for item, weight in items:
        totals[item] = totals.get(item, 0.0) + weight
    if not totals:
        return default
    best = max(totals.values())
    return next(item for item, _ in items if totals[item] == best)


def best_ref(mentions: Sequence[Mention], get: Callable[[Mention], ActorRef | None]) -> ActorRef | None:
    refs = [(r, m.confidence) for m in mentions if (r := get(m)) is not None]
    if not refs:
        return None
    key = vote(
        [(_ref_key(r), c * (2.0 if r.entity_id else 1.0)) for r, c in refs], default=_ref_key(refs[0][0])
    )
    return max((r for r, _ in refs if _ref_key(r) == key), key=lambda r: r.confidence)


def _ref_key(ref: ActorRef) -> Hashable:
    return ("id", ref.entity_id) if ref.entity_id else ("name", norm_name(ref.name) or ref.name.lower())


def best_place(mentions: Sequence[Mention]) -> PlaceRef | None:
    places = [
        (p, m.confidence * PRECISION_WEIGHT.get(p.precision, 1.0)) for m in mentions if (p := m.location)
    ]
    if not places:
        return None
    # first the country most reports agree on (one report's geocoding slip abroad does not win),
    # then the place within it
    country = vote(
        [(p.country, m.confidence) for m in mentions if (p := m.location)], default=places[0][0].country
    )
    places = [(p, w) for p, w in places if p.country == country]
    key = vote([(_place_key(p), w) for p, w in places], default=_place_key(places[0][0]))
    return min((p for p, _ in places if _place_key(p) == key), key=lambda p: p.precision)


def _place_key(p: PlaceRef) -> Hashable:
    return ("gn", p.geonames_id) if p.geonames_id is not None else ("name", p.name.lower(), p.country)


def best_date(mentions: Sequence[Mention]) -> PartialDate | None:
    dates = [
        (m.date, m.confidence * (2.0 if m.date.precision == "day" and m.date.how != "published" else 1.0))
        for m in mentions
        if m.date is not None
    ]
    if not dates:
        return None
    value = vote([(d.value, w) for d, w in dates], default=dates[0][0].value)
    return next(d for d, _ in dates if d.value == value)


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for x in items:
        seen.setdefault(x, None)
    return list(seen)


def _outlet(doc_id: str, outlet_of: Callable[[str], str | None], url_of: Callable[[str], str | None]) -> str:
    outlet = outlet_of(doc_id)
    if outlet:
        return outlet
    url = url_of(doc_id)
    if url:
        host = urlsplit(url).hostname or ""
        if host:
            return host.removeprefix("www.")
    return doc_id
