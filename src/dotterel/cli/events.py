from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

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

events_app = typer.Typer(no_args_is_help=True, help="Look at the de-duplicated events of a store.")
app.add_typer(events_app, name="events")


@events_app.command("list")
def events_list_cli(
    db: DbOption = Path("dotterel.duckdb"),
    start_date: StartDate = None,
    end_date: EndDate = None,
    country: Country = None,
    event_type: EventType = None,
    actor: Actor = None,
    status: Status = None,
    min_confidence: MinConfidence = None,
    limit: Limit = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List the events matching the filters, by date, one line each."""
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
        events = store.event_records(filters)
    except DotterelError as e:
        fail(str(e))
    finally:
        store.close()
    for event in events:
        if as_json:
            from dotterel.model.serialize import to_dict

            typer.echo(json.dumps(to_dict(event), ensure_ascii=False))
            continue
        actor_name = event.actor.name if event.actor else "?"
        recipient = event.recipient.name if event.recipient else "-"
        place = event.location.name if event.location else "-"
        day = event.date.value if event.date else "-"
        typer.echo(
            f"{event.event_id}  {day:<10} {event.type:<9} {event.mode or '':<13} {actor_name} -> {recipient}"
            f" | {place} | {event.n_mentions} mention(s), {event.n_sources} source(s), "
            f"{event.n_outlets} outlet(s) | {event.confidence:.2f}"
        )
    typer.secho(f"{len(events)} event(s)", err=True)


@events_app.command("show")
def events_show_cli(
    event_id: Annotated[str, typer.Argument(help="An event id (ev-...), current or former.")],
    db: DbOption = Path("dotterel.duckdb"),
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the event and its mentions as JSON.")
    ] = False,
) -> None:
    """Show an event, its mentions, and why each was merged into it."""
    from dotterel.api import event_detail

    store = open_db(db, read_only=True)
    try:
        bundle = store.bundle(event_id)
    except DotterelError as e:
        fail(str(e))
    finally:
        store.close()
    if bundle is None:
        fail(f"no event {event_id} in {db}")
    detail = event_detail(bundle)
    if as_json:
        typer.echo(json.dumps(detail, indent=2, ensure_ascii=False))
        return
    typer.echo(_format(detail, asked=event_id))


def _format(detail: dict[str, Any], *, asked: str) -> str:
    e = detail["event"]
    actor = (e.get("actor") or {}).get("name") or "?"
    recipient = (e.get("recipient") or {}).get("name") or "-"
    place = (e.get("location") or {}).get("name") or "-"
    date = (e.get("date") or {}).get("value") or "-"
    lines = [
        f"{e['event_id']}" + (f"  (formerly {asked})" if asked != e["event_id"] else ""),
        (
            f"  {e['type']} {e.get('mode') or ''}  {actor} -> {recipient} | {place} | {date} | {e['status']} | "
            f"confidence {e['confidence']:.2f}"
        ),
        (
            f"  {e['n_mentions']} mention(s) in {e['n_articles']} article(s) from {e['n_outlets']} outlet(s), "
            f"{e['n_sources']} independent source(s); first seen {e.get('first_seen') or '-'}, "
            f"last seen {e.get('last_seen') or '-'}"
        ),
    ]
    if detail["aliases"]:
        lines.append(f"  former ids: {', '.join(detail['aliases'])}")
    lines.append("")
    for m in detail["mentions"]:
        copy = f", copy of {m['source_id']}" if m.get("source_id") and m["source_id"] != m["doc_id"] else ""
        lines.append(
            f"  [{m['rank']}] {m['mention_id']}  {m['doc_id']} ({m.get('outlet') or '?'}, "
            f"{m.get('published') or '?'}{copy})"
        )
        lines.append(
            f"      {m['type']} {m.get('mode') or ''}  {m.get('actor') or '?'} -> {m.get('recipient') or '-'}"
            f" | {m.get('place') or '-'} | {m.get('date') or '-'} | {m.get('status')}"
        )
        lines.append(f"      \u201c{m.get('evidence')}\u201d")
        lines.append(f"      why: {m.get('reason') or '-'}")
    return "\n".join(lines)
