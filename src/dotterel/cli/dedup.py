from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dotterel.cli import app
from dotterel.cli._store import DbOption, open_db
from dotterel.cli._util import fail
from dotterel.errors import DotterelError


@app.command("dedup")
def dedup_cli(
    db: DbOption = Path("dotterel.duckdb"),
    threshold: Annotated[float, typer.Option(help="Mean similarity at which reports merge (0-1).")] = 0.6,
    window_days: Annotated[int, typer.Option(help="Largest gap in days between two reports' dates.")] = 3,
) -> None:
    """Merge the store's mentions into events (also done by `code --db`); explain with `events show`."""
    from dotterel.api import dedup_store
    from dotterel.dedup import DedupConfig

    if not 0.0 < threshold <= 1.0:
        fail(f"--threshold {threshold} must be in (0, 1]", 2)
    if window_days < 0:
        fail(f"--window-days {window_days} must be 0 or more", 2)
    store = open_db(db, read_only=False)
    try:
        report = dedup_store(store, config=DedupConfig(threshold=threshold, window_days=window_days))
    except DotterelError as e:
        fail(str(e))
    finally:
        store.close()
    typer.echo(report.summary())
