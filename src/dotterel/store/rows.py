"""Flat rows: how records become table rows (every backend and exporter uses these).

A mention or event row has flat columns for filtering and analysis (`actor_name`,
`actor_country`, `country`, `lat`, `date_start` ...) and a `record` column holding the whole
record as JSON, which is what the store reads back: flat columns are for people and SQL, the
record is the truth, so reading back is lossless.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from dotterel.model import ActorRef, Article, Mention, PartialDate, PlaceRef
from dotterel.model.event import Event, MergeLink
from dotterel.model.serialize import dumps, from_dict, to_dict

PARTY_FIELDS = ("name", "country", "sector", "entity_id", "wikidata_id")
# Column order of the flat part of the mentions and events tables (see schema.sql).
COMMON_COLUMNS: tuple[str, ...] = (
    "type",
    "mode",
    "context",
    "status",
    "confidence",
    "quad",
    "score",
    *(f"actor_{f}" for f in PARTY_FIELDS),
    *(f"recipient_{f}" for f in PARTY_FIELDS),
    "location_name",
    "country",
    "admin1",
    "lat",
    "lon",
    "geo_precision",
    "geonames_id",
    "date",
    "date_precision",
    "date_start",
    "date_end",
)
MENTION_COLUMNS: tuple[str, ...] = (
    "mention_id",
    "doc_id",
    "seq",
    *COMMON_COLUMNS,
    "attributed_to",
    "trigger",
    "evidence_start",
    "evidence_end",
    "evidence_text",
    "record",
)
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    *COMMON_COLUMNS,
    "n_mentions",
    "n_articles",
    "n_outlets",
    "n_sources",
    "first_seen",
    "last_seen",
    "canonical_mention_id",
    "mention_ids",
    "doc_ids",
    "outlets",
    "record",
)
ARTICLE_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "text_hash",
    "coding_key",
    "title",
    "url",
    "published",
    "outlet",
    "language",
    "text",
    "n_mentions",
    "fingerprint",
    "run_id",
    "record",
)
LINK_COLUMNS: tuple[str, ...] = (
    "event_id",
    "mention_id",
    "doc_id",
    "rank",
    "joined_with",
    "score",
    "mean_score",
    "components",
    "reason",
)


def date_bounds(d: PartialDate | None) -> tuple[str | None, str | None]:
    """First and last day a partial date can mean."""
    if d is None:
        return None, None
    if d.precision == "day":
        return d.value, d.value
    year = int(d.value[:4])
    if d.precision == "month":
        month = int(d.value[5:7])
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return f"{d.value}-01", last.isoformat()
    return f"{year:04d}-01-01", f"{year:04d}-12-31"


def _common(
    type_: str,
    mode: str | None,
    context: tuple[str, ...],
    status: str,
    confidence: float,
    quad: int | None,
    score: float | None,
    actor: ActorRef | None,
    recipient: ActorRef | None,
    location: PlaceRef | None,
    d: PartialDate | None,
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "type": type_,
        "mode": mode,
        "context": list(context),
        "status": status,
        "confidence": confidence,
        "quad": quad,
        "score": score,
    }
    for role, ref in (("actor", actor), ("recipient", recipient)):
        for f in PARTY_FIELDS:
            row[f"{role}_{f}"] = getattr(ref, f) if ref is not None else None
    row.update(
        {
            "location_name": location.name if location else None,
            "country": location.country if location else None,
            "admin1": location.admin1 if location else None,
            "lat": location.lat if location else None,
            "lon": location.lon if location else None,
            "geo_precision": location.precision if location else None,
            "geonames_id": location.geonames_id if location else None,
            "date": d.value if d else None,
            "date_precision": d.precision if d else None,
        }
    )
    row["date_start"], row["date_end"] = date_bounds(d)
    return row


def mention_row(mention: Mention, *, seq: int) -> dict[str, Any]:
    m = mention
    row = {"mention_id": m.mention_id, "doc_id": m.doc_id, "seq": seq}
    row.update(
        _common(
            m.type,
            m.mode,
            m.context,
            m.status,
            m.confidence,
            m.quad,
            m.score,
            m.actor,
            m.recipient,
            m.location,
            m.date,
        )
    )
    row.update(
        {
            "attributed_to": m.attributed_to,
            "trigger": m.trigger,
            "evidence_start": m.evidence.start,
            "evidence_end": m.evidence.end,
            "evidence_text": m.evidence.text,
            "record": dumps(m),
        }
    )
    return row


def event_row(event: Event) -> dict[str, Any]:
    e = event
    row: dict[str, Any] = {"event_id": e.event_id}
    row.update(
        _common(
            e.type,
            e.mode,
            e.context,
            e.status,
            e.confidence,
            e.quad,
            e.score,
            e.actor,
            e.recipient,
            e.location,
            e.date,
        )
    )
    row.update(
        {
            "n_mentions": e.n_mentions,
            "n_articles": e.n_articles,
            "n_outlets": e.n_outlets,
            "n_sources": e.n_sources,
            "first_seen": e.first_seen,
            "last_seen": e.last_seen,
            "canonical_mention_id": e.canonical_mention_id,
            "mention_ids": list(e.mention_ids),
            "doc_ids": list(e.doc_ids),
            "outlets": list(e.outlets),
            "record": dumps(e),
        }
    )
    return row


def link_row(link: MergeLink) -> dict[str, Any]:
    return {
        "event_id": link.event_id,
        "mention_id": link.mention_id,
        "doc_id": link.doc_id,
        "rank": link.rank,
        "joined_with": link.joined_with,
        "score": link.score,
        "mean_score": link.mean_score,
        "components": json.dumps(link.components, ensure_ascii=False, sort_keys=True),
        "reason": link.reason,
    }


def link_from_row(row: dict[str, Any]) -> MergeLink:
    return MergeLink(
        event_id=row["event_id"],
        mention_id=row["mention_id"],
        doc_id=row["doc_id"],
        rank=int(row["rank"]),
        joined_with=row["joined_with"],
        score=row["score"],
        mean_score=row["mean_score"],
        components=json.loads(row["components"] or "{}"),
        reason=row["reason"] or "",
    )


def article_row(
    article: Article, *, coding_key: str, n_mentions: int, fingerprint: tuple[int, ...], run_id: str | None
) -> dict[str, Any]:
    a = article
    meta = {k: v for k, v in to_dict(a).items() if k != "text"}
    return {
        "doc_id": a.doc_id,
        "text_hash": a.text_hash,
        "coding_key": coding_key,
        "title": a.title,
        "url": a.url,
        "published": a.published,
        "outlet": a.outlet,
        "language": a.language,
        "text": a.text,
        "n_mentions": n_mentions,
        "fingerprint": list(fingerprint),
        "run_id": run_id,
        "record": json.dumps(meta, ensure_ascii=False, sort_keys=True),
    }


def article_from_row(text: str, record: str) -> Article:
    return from_dict(Article, {**json.loads(record), "text": text})
