"""The shared filter vocabulary: one meaning for the Python API, the CLI and the REST API.

    start_date, end_date  ISO dates; an event or mention matches when its whole date interval
                          lies inside [start_date, end_date] (a year-level date "2024" is not
                          "in June 2024"); an undated one never matches a date filter. For
                          articles: the publication date.
    country               ISO 3166-1 alpha-3 code(s) of where it happened (the location's
                          country), e.g. "NGA" or ("NGA", "NER")
    event_type            PLOVER type(s), e.g. "ASSAULT"
    actor                 matches the actor or the recipient: equal to its entity id or Wikidata
                          id, or contained in its name (case-insensitive)
    status                asserted | intended | negated | hypothetical (one or several)
    min_confidence        confidence at least this
    limit                 at most this many rows

For articles, the filters other than the dates select the articles that have at least one
mention matching them. `EventFilters.sql` renders a filter as SQL for the DuckDB store and
`EventFilters.matches` as a Python predicate over the same flat rows (the in-memory store);
a test checks that the two agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Literal

from dotterel.errors import InputError
from dotterel.model.records import STATUSES

Kind = Literal["events", "mentions", "articles"]
FILTER_NAMES: tuple[str, ...] = (
    "start_date",
    "end_date",
    "country",
    "event_type",
    "actor",
    "status",
    "min_confidence",
    "limit",
)


@dataclass(frozen=True)
class EventFilters:
    start_date: str | None = None
    end_date: str | None = None
    country: tuple[str, ...] = ()
    event_type: tuple[str, ...] = ()
    actor: str | None = None
    status: tuple[str, ...] = ()
    min_confidence: float | None = None
    limit: int | None = None

    @classmethod
    def make(
        cls,
        start_date: str | date | None = None,
        end_date: str | date | None = None,
        country: str | Iterable[str] | None = None,
        event_type: str | Iterable[str] | None = None,
        actor: str | None = None,
        status: str | Iterable[str] | None = None,
        min_confidence: float | None = None,
        limit: int | None = None,
    ) -> EventFilters:
        """Validate and normalise user values (case, single values or lists)."""
        out = cls(
            start_date=_iso(start_date, "start_date"),
            end_date=_iso(end_date, "end_date"),
            country=tuple(c.upper() for c in _many(country)),
            event_type=tuple(t.upper() for t in _many(event_type)),
            actor=actor.strip() or None if actor else None,
            status=tuple(s.lower() for s in _many(status)),
            min_confidence=float(min_confidence) if min_confidence is not None else None,
            limit=int(limit) if limit is not None else None,
        )
        bad = [s for s in out.status if s not in STATUSES]
        if bad:
            raise InputError(f"status {bad[0]!r} is not one of {', '.join(STATUSES)}")
        if out.limit is not None and out.limit < 0:
            raise InputError(f"limit must be 0 or more, not {out.limit}")
        if out.start_date and out.end_date and out.start_date > out.end_date:
            raise InputError(f"start_date {out.start_date} is after end_date {out.end_date}")
        return out

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> EventFilters:
        unknown = sorted(set(values) - set(FILTER_NAMES))
        if unknown:
            raise InputError(f"unknown filter {unknown[0]!r}; filters are {', '.join(FILTER_NAMES)}")
        return cls.make(**values)

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, ()) for f in fields(self))

    # -- SQL ------------------------------------------------------------------------------------
    def sql(self, kind: Kind, *, alias: str = "") -> tuple[str, list[Any]]:
        """A WHERE clause (without the keyword; "TRUE" when empty) and its parameters."""
        p = f"{alias}." if alias else ""
        clauses: list[str] = []
        params: list[Any] = []
        if kind == "articles":
            if self.start_date:
                clauses.append(f"left({p}published, 10) >= ?")
                params.append(self.start_date)
            if self.end_date:
                clauses.append(f"left({p}published, 10) <= ?")
                params.append(self.end_date)
            inner, inner_params = EventFilters(
                country=self.country,
                event_type=self.event_type,
                actor=self.actor,
                status=self.status,
                min_confidence=self.min_confidence,
            ).sql("mentions", alias="m")
            if inner != "TRUE":
                clauses.append(f"EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = {p}doc_id AND {inner})")
                params.extend(inner_params)
            return (" AND ".join(clauses) or "TRUE"), params
        if self.start_date:
            clauses.append(f"{p}date_start >= CAST(? AS DATE)")
            params.append(self.start_date)
        if self.end_date:
            clauses.append(f"{p}date_end <= CAST(? AS DATE)")
            params.append(self.end_date)
        for column, values in (("country", self.country), ("type", self.event_type), ("status", self.status)):
            if values:
                clauses.append(f"{p}{column} IN ({', '.join('?' * len(values))})")
                params.extend(values)
        if self.min_confidence is not None:
            clauses.append(f"{p}confidence >= ?")
            params.append(self.min_confidence)
        if self.actor:
            parts = []
            for role in ("actor", "recipient"):
                parts.append(
                    f"lower({p}{role}_entity_id) = ? OR lower({p}{role}_wikidata_id) = ? "
                    f"OR contains(lower({p}{role}_name), ?)"
                )
                params.extend([self.actor.lower()] * 3)
            clauses.append("(" + " OR ".join(parts) + ")")
        return (" AND ".join(clauses) or "TRUE"), params

    # -- Python ---------------------------------------------------------------------------------
    def matches(
        self, row: Mapping[str, Any], kind: Kind, *, mentions: Iterable[Mapping[str, Any]] = ()
    ) -> bool:
        """The same test as `sql`, over one flat row (for articles: with its mention rows)."""
        if kind == "articles":
            published = _day(row.get("published"))
            if self.start_date and (published is None or published < self.start_date):
                return False
            if self.end_date and (published is None or published > self.end_date):
                return False
            inner = EventFilters(
                country=self.country,
                event_type=self.event_type,
                actor=self.actor,
                status=self.status,
                min_confidence=self.min_confidence,
            )
            return inner.is_empty() or any(inner.matches(m, "mentions") for m in mentions)
        start, end = _day(row.get("date_start")), _day(row.get("date_end"))
        if self.start_date and (start is None or start < self.start_date):
            return False
        if self.end_date and (end is None or end > self.end_date):
            return False
        if self.country and row.get("country") not in self.country:
            return False
        if self.event_type and row.get("type") not in self.event_type:
            return False
        if self.status and row.get("status") not in self.status:
            return False
        if self.min_confidence is not None and (
            row.get("confidence") is None or row["confidence"] < self.min_confidence
        ):
            return False
        if self.actor:
            want = self.actor.lower()
            return any(
                (row.get(f"{role}_entity_id") or "").lower() == want
                or (row.get(f"{role}_wikidata_id") or "").lower() == want
                or want in (row.get(f"{role}_name") or "").lower()
                for role in ("actor", "recipient")
            )
        return True


def _many(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    return tuple(str(v).strip() for v in value if str(v).strip())


def _iso(value: str | date | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    text = value.isoformat() if isinstance(value, date) else str(value)
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError as e:
        raise InputError(f"{name} {value!r} is not a date (YYYY-MM-DD)") from e


def _day(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    return str(value)[:10]
