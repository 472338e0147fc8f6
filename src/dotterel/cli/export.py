from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from dotterel.cli import app
from dotterel.cli._store import (
    Actor,
    Country,
    DbOption,
    EndDate,
    EventType,
    Limit,
    MinConfidence,
    StartDate,
    Status,
    make_filters,
    open_db,
)
from dotterel.cli._util import fail
from dotterel.errors import DotterelError

FORMAT_HELP = "plover-jsonl, csv, parquet, geojson, polecat, acled or gdelt (see docs/exports.md)."


@app.command("export")
def export_cli(
    fmt: Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP)],
    output: Annotated[
        Optional[str], typer.Option("-o", "--output", help="Write here (default: stdout; - too).")
    ] = None,
    db: DbOption = Path("dotterel.duckdb"),
    start_date: StartDate = None,
    end_date: EndDate = None,
    country: Country = None,
    event_type: EventType = None,
    actor: Actor = None,
    status: Status = None,
    min_confidence: MinConfidence = None,
    limit: Limit = None,
    all_types: Annotated[
        bool,
        typer.Option(
            "--all-types",
            help="acled: keep PLOVER types outside ACLED's scope (as Strategic developments / Other).",
        ),
    ] = False,
    no_extras: Annotated[
        bool, typer.Option("--no-extras", help="acled, gdelt, polecat: leave out the dotterel_* columns.")
    ] = False,
    located_only: Annotated[
        bool, typer.Option("--located-only", help="geojson: only events with coordinates.")
    ] = False,
) -> None:
    """Export the store's events (filtered) in a format analysts know."""
    from dotterel.api import export_events
    from dotterel.exporters import FORMATS

    if fmt.lower() not in FORMATS:
        fail(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}", 2)
    if fmt.lower() == "parquet" and output in (None, "-"):
        fail("--format parquet writes a binary file: give -o FILE", 2)
    filters = make_filters(
        start_date=start_date,
        end_date=end_date,
        country=country,
        event_type=event_type,
        actor=actor,
        status=status,
        min_confidence=min_confidence,
        limit=limit,
    )
    store = open_db(db, read_only=True)
    try:
        n = export_events(
            store,
            fmt=fmt.lower(),
            out=output or "-",
            filters=filters,
            all_types=all_types,
            extras=not no_extras,
            located_only=located_only,
        )
    except (DotterelError, OSError) as e:
        fail(str(e))
    finally:
        store.close()
    typer.secho(
        f"exported {n} event(s) as {fmt.lower()}" + (f" to {output}" if output not in (None, "-") else ""),
        err=True,
    )
