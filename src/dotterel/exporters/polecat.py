"""polecat: POLECAT-shaped TSV (the PLOVER-coded dataset's weekly files), one row per event.

Column names and order are POLECAT's. Values follow PLOVER as dotterel codes it: `Event Type`
and `Event Mode` are PLOVER names, `Intensity` the PLOVER score, `Quad Code` the quad (1-4),
countries ISO alpha-3, `Wikipedia * ID` the Wikidata QID. POLECAT counts events per story;
these rows are de-duplicated events (the `dotterel_*` columns at the end say from how many
mentions and independent sources; `extras=False` drops them). Columns that cannot be filled
are empty (`UNFILLED`, docs/exports.md).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from dotterel._version import __version__
from dotterel.exporters._common import Out, canonical, cell, text_out
from dotterel.model import ActorRef
from dotterel.store.base import EventBundle
from dotterel.store.rows import date_bounds

FORMAT = "polecat"
SUFFIX = ".tsv"
COLUMNS: tuple[str, ...] = (
    "Event ID",
    "Event Date",
    "Event Type",
    "Event Mode",
    "Intensity",
    "Quad Code",
    "Contexts",
    "Actor Name",
    "Actor Country",
    "Actor COW",
    "Primary Actor Sector",
    "Actor Sectors",
    "Actor Title",
    "Actor Name Raw",
    "Wikipedia Actor ID",
    "Recipient Name",
    "Recipient Country",
    "Recipient COW",
    "Primary Recipient Sector",
    "Recipient Sectors",
    "Recipient Title",
    "Recipient Name Raw",
    "Wikipedia Recipient ID",
    "Placename",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
    "GeoNames ID",
    "Raw Placename",
    "Feature Type",
    "Source",
    "Publication Date",
    "Story People",
    "Story Organizations",
    "Story Locations",
    "Language",
    "Version",
)
EXTRA_COLUMNS: tuple[str, ...] = (
    "dotterel_status",
    "dotterel_confidence",
    "dotterel_date_precision",
    "dotterel_n_mentions",
    "dotterel_n_articles",
    "dotterel_n_sources",
    "dotterel_source_url",
    "dotterel_evidence",
)
UNFILLED: dict[str, str] = {
    "Actor COW": "Correlates of War country numbers: no COW table ships with dotterel (the ISO code is in Actor Country)",
    "Recipient COW": "as Actor COW",
    "Actor Title": "offices and titles are not extracted",
    "Recipient Title": "as Actor Title",
    "District": "second-level divisions are not resolved",
    "Story People": "dotterel does not list every person named in a story",
    "Story Organizations": "as Story People",
    "Story Locations": "as Story People",
}


def rows(bundles: Iterable[EventBundle], *, extras: bool = True) -> Iterator[dict[str, Any]]:
    for b in bundles:
        e = b.event
        start, _ = date_bounds(e.date)
        place = e.location
        m = canonical(b)
        stored = b.articles.get(m.doc_id) if m else None
        row: dict[str, Any] = {
            "Event ID": e.event_id,
            "Event Date": start,
            "Event Type": e.type,
            "Event Mode": e.mode,
            "Intensity": e.score,
            "Quad Code": e.quad,
            "Contexts": ";".join(e.context) or None,
            **_party("Actor", e.actor),
            **_party("Recipient", e.recipient),
            "Placename": place.name if place else None,
            "City": place.name if place and (place.feature or "").upper().startswith("PPL") else None,
            "District": None,
            "Province": place.admin1 if place else None,
            "Country": place.country if place else None,
            "Latitude": place.lat if place else None,
            "Longitude": place.lon if place else None,
            "GeoNames ID": place.geonames_id if place else None,
            "Raw Placename": (place.text or place.name) if place else None,
            "Feature Type": place.feature if place else None,
            "Source": "; ".join(e.outlets) or None,
            "Publication Date": e.first_seen,
            "Story People": None,
            "Story Organizations": None,
            "Story Locations": None,
            "Language": stored.article.language if stored else None,
            "Version": f"dotterel {__version__}",
        }
        if extras:
            row.update(
                {
                    "dotterel_status": e.status,
                    "dotterel_confidence": e.confidence,
                    "dotterel_date_precision": e.date.precision if e.date else None,
                    "dotterel_n_mentions": e.n_mentions,
                    "dotterel_n_articles": e.n_articles,
                    "dotterel_n_sources": e.n_sources,
                    "dotterel_source_url": stored.article.url if stored else None,
                    "dotterel_evidence": m.evidence.text if m else None,
                }
            )
        yield row


def _party(role: str, ref: ActorRef | None) -> dict[str, Any]:
    return {
        f"{role} Name": ref.name if ref else None,
        f"{role} Country": ref.country if ref else None,
        f"{role} COW": None,
        f"Primary {role} Sector": ref.sector if ref else None,
        f"{role} Sectors": ref.sector if ref else None,
        f"{role} Title": None,
        f"{role} Name Raw": (ref.text or ref.name) if ref else None,
        f"Wikipedia {role} ID": ref.wikidata_id if ref else None,
    }


def write(bundles: Iterable[EventBundle], out: Out, *, extras: bool = True, **options: Any) -> int:
    n = 0
    with text_out(out) as f:
        writer = csv.DictWriter(
            f,
            fieldnames=list(COLUMNS + (EXTRA_COLUMNS if extras else ())),
            delimiter="\t",
            lineterminator="\n",
        )
        writer.writeheader()
        for row in rows(bundles, extras=extras):
            writer.writerow({k: cell(v) for k, v in row.items()})
            n += 1
    return n
