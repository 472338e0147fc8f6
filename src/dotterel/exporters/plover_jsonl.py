"""plover-jsonl: one PLOVER interchange record per event, one JSON object per line.

Field names are those of the PLOVER manual's interchange format (docs/plover.md section 5):
`id`, `date`, `enddate`, `event`, `mode`, `context`, `quad_code`, `actor`, `recipient`,
`event_loc`, `event_text`, `text_info`, `cite_info`, `coder`. Entities carry `code` (country),
`sector`, `entity_text`, `identifier_id` (Wikidata) and `identifier_text` (canonical name).
PLOVER allows extra fields: `status`, `confidence` and `attributed_to` say how sure the text is,
and `dotterel` holds the counts (mentions, articles, outlets, independent sources, first and last
seen) and `record`, the whole Event, so that `read` gives back exactly what was written. A file
from another coder (no `dotterel` field) reads as far as its PLOVER fields go.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from dotterel._version import __version__
from dotterel.exporters._common import Out, canonical, canonical_article_field, text_out
from dotterel.model import ActorRef, PartialDate, PlaceRef
from dotterel.model.event import Event
from dotterel.model.plover import codebook
from dotterel.model.serialize import event_from_dict, to_dict
from dotterel.store.base import EventBundle
from dotterel.store.rows import date_bounds

FORMAT = "plover-jsonl"
SUFFIX = ".jsonl"
COLUMNS: tuple[str, ...] = (
    "id",
    "date",
    "enddate",
    "event",
    "mode",
    "context",
    "quad_code",
    "actor",
    "recipient",
    "event_loc",
    "event_text",
    "text_info",
    "cite_info",
    "coder",
    "status",
    "confidence",
    "attributed_to",
    "dotterel",
)


def record(bundle: EventBundle) -> dict[str, Any]:
    e = bundle.event
    m = canonical(bundle)
    start, end = date_bounds(e.date)
    rec: dict[str, Any] = {
        "id": e.event_id,
        "date": start,
        "event": e.type,
        "mode": [e.mode] if e.mode else [],
        "context": list(e.context),
        "quad_code": e.quad,
        "actor": [entity(e.actor)] if e.actor else [],
        "recipient": [entity(e.recipient)] if e.recipient else [],
        "event_loc": location(e.location),
        "event_text": m.evidence.text if m else None,
        "text_info": {
            "sequence": None,
            "start": m.evidence.start if m else None,
            "end": m.evidence.end if m else None,
            "text_story": m.doc_id if m else None,
        },
        "cite_info": {
            "corpus": "dotterel",
            "citation": canonical_article_field(bundle, "outlet"),
            "url": canonical_article_field(bundle, "url"),
            "title": canonical_article_field(bundle, "title"),
            "language": canonical_article_field(bundle, "language"),
            "publication": canonical_article_field(bundle, "outlet"),
            "coder": "dotterel",
            "codebook": codebook().version,
            "version": __version__,
        },
        "coder": "dotterel",
        "status": e.status,
        "confidence": e.confidence,
        "attributed_to": m.attributed_to if m else None,
        "dotterel": {
            "n_mentions": e.n_mentions,
            "n_articles": e.n_articles,
            "n_outlets": e.n_outlets,
            "n_sources": e.n_sources,
            "first_seen": e.first_seen,
            "last_seen": e.last_seen,
            "date_precision": e.date.precision if e.date else None,
            "score": e.score,
            "record": to_dict(e),
        },
    }
    if end and end != start:
        rec["enddate"] = end
    return rec


def entity(ref: ActorRef) -> dict[str, Any]:
    return {
        "code": ref.country,
        "sector": ref.sector,
        "entity_text": ref.text or ref.name,
        "identifier_id": ref.wikidata_id,
        "identifier_text": ref.name,
        "entity_id": ref.entity_id,
    }


def location(place: PlaceRef | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "extracted_place": place.text or place.name,
        "resolved_place": place.name,
        "geonameid": place.geonames_id,
        "lat": place.lat,
        "lon": place.lon,
        "province": place.admin1,
        "country_code": place.country,
        "feature_code": place.feature,
        "resolution": resolution(place),
    }


def resolution(place: PlaceRef) -> int:
    """PLOVER/mordecai resolution: 5 sub-city, 4 city, 3 district, 2 province, 1 country."""
    feature = (place.feature or "").upper()
    if place.precision >= 3:
        return 1
    if place.precision == 2:
        return 2 if feature.startswith("ADM1") else 3
    return 4 if feature.startswith("PPL") or not feature else 5


def write(bundles: Iterable[EventBundle], out: Out, **options: Any) -> int:
    n = 0
    with text_out(out) as f:
        for b in bundles:
            f.write(json.dumps(record(b), ensure_ascii=False) + "\n")
            n += 1
    return n


def read(path: str | Path) -> list[Event]:
    with open(path, encoding="utf-8") as f:
        return list(read_lines(f))


def read_lines(lines: Iterable[str]) -> Iterator[Event]:
    for line in lines:
        if line.strip():
            yield from_record(json.loads(line))


def from_record(rec: dict[str, Any]) -> Event:
    """An Event from a PLOVER record: exact from `dotterel.record`, else from the PLOVER fields."""
    extra = rec.get("dotterel") or {}
    if extra.get("record"):
        return event_from_dict(extra["record"])
    mode = rec.get("mode")
    actors = [_actor(x) for x in rec.get("actor") or []]
    recipients = [_actor(x) for x in rec.get("recipient") or []]
    loc = rec.get("event_loc")
    place = None
    if loc:
        place = PlaceRef(
            name=loc.get("resolved_place") or loc.get("extracted_place") or "",
            text=loc.get("extracted_place") or "",
            country=loc.get("country_code"),
            lat=loc.get("lat"),
            lon=loc.get("lon"),
            geonames_id=loc.get("geonameid"),
            admin1=loc.get("province"),
            feature=loc.get("feature_code"),
            precision=_precision(loc.get("resolution")),
        )
    event_type = rec.get("event") or ""
    book = codebook()
    return Event(
        event_id=str(rec.get("id")),
        type=event_type,
        mode=(mode[0] if mode else None) if isinstance(mode, list) else mode,
        context=tuple(rec.get("context") or ()),
        actor=actors[0] if actors else None,
        recipient=recipients[0] if recipients else None,
        location=place,
        date=_date(rec.get("date"), rec.get("enddate")),
        status=rec.get("status") or "asserted",
        confidence=float(rec.get("confidence") or 0.0),
        quad=rec.get("quad_code"),
        score=extra.get("score", book.score(event_type) if book.is_type(event_type) else None),
        canonical_mention_id="",
        mention_ids=(),
        doc_ids=(),
        n_mentions=int(extra.get("n_mentions") or 1),
        n_articles=int(extra.get("n_articles") or 1),
        n_outlets=int(extra.get("n_outlets") or 1),
        n_sources=int(extra.get("n_sources") or 1),
        first_seen=extra.get("first_seen"),
        last_seen=extra.get("last_seen"),
    )


def _actor(x: dict[str, Any]) -> ActorRef:
    return ActorRef(
        name=x.get("identifier_text") or x.get("entity_text") or "",
        text=x.get("entity_text") or "",
        country=x.get("code"),
        sector=x.get("sector"),
        wikidata_id=x.get("identifier_id"),
        entity_id=x.get("entity_id"),
        resolved=bool(x.get("entity_id") or x.get("identifier_id")),
    )


def _precision(resolution: Any) -> int:
    return {1: 3, 2: 2, 3: 2}.get(int(resolution), 1) if resolution is not None else 3


def _date(start: str | None, end: str | None) -> PartialDate | None:
    if not start:
        return None
    if not end or end == start:
        return PartialDate(start[:10], "day")
    if start[5:] == "01-01" and end[5:] == "12-31" and start[:4] == end[:4]:
        return PartialDate(start[:4], "year")
    if start[8:10] == "01" and start[:7] == end[:7]:
        return PartialDate(start[:7], "month")
    return PartialDate(start[:10], "day")
