"""Options and helpers shared by the store commands (dedup, export, events)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from dotterel.cli._util import fail
from dotterel.errors import DotterelError

if TYPE_CHECKING:
    from dotterel.store import EventFilters
    from dotterel.store.duckdb import DuckDBStore

DbOption = Annotated[
    Path,
    typer.Option(
        "--db", envvar="DOTTEREL_DB", help="The store: a DuckDB file written by `dotterel code --db`."
    ),
]
StartDate = Annotated[
    Optional[str], typer.Option("--start-date", "--from", help="Events on or after this date.")
]
EndDate = Annotated[Optional[str], typer.Option("--end-date", "--to", help="Events on or before this date.")]
Country = Annotated[Optional[str], typer.Option(help="Where it happened: ISO3 code(s), comma-separated.")]
EventType = Annotated[
    Optional[str], typer.Option("--type", "--event-type", help="PLOVER type(s), comma-separated.")
]
Actor = Annotated[
    Optional[str], typer.Option(help="Actor or recipient: entity id, Wikidata id, or part of a name.")
]
Status = Annotated[
    Optional[str], typer.Option(help="asserted, intended, negated, hypothetical (comma-separated).")
]
MinConfidence = Annotated[Optional[float], typer.Option(help="Only events at least this confident (0-1).")]
Limit = Annotated[Optional[int], typer.Option(help="At most this many events.")]


def make_filters(
    *,
    start_date: str | None,
    end_date: str | None,
    country: str | None,
    event_type: str | None,
    actor: str | None,
    status: str | None,
    min_confidence: float | None,
    limit: int | None,
) -> EventFilters:
    from dotterel.store import EventFilters

    try:
        return EventFilters.make(
            start_date=start_date,
            end_date=end_date,
            country=country,
            event_type=event_type,
            actor=actor,
            status=status,
            min_confidence=min_confidence,
            limit=limit,
        )
    except DotterelError as e:
        fail(str(e), 2)


def open_db(db: Path, *, read_only: bool) -> DuckDBStore:
    from dotterel.store import open_store

    if not db.exists():
        fail(f"{db}: no such store (code articles into it with `dotterel code INPUT --db {db}`)", 2)
    try:
        return open_store(db, read_only=read_only)
    except DotterelError as e:
        fail(str(e))


def store_summary(info: dict[str, Any]) -> str:
    counts = info.get("counts") or {}
    text = (
        f"store {info.get('path')}: {counts.get('articles', '?')} article(s), {counts.get('mentions', '?')} "
        f"mention(s), {counts.get('events', '?')} event(s); {info.get('stored', 0)} article(s) stored by this run"
    )
    dedup = info.get("dedup")
    if dedup is not None:
        text += f"\ndedup: {dedup.summary()}"
    return text
