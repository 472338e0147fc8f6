from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from dotterel.cli import app
from dotterel.cli._util import fail, pipeline_config, warn
from dotterel.errors import DotterelError, ModelMissingError


@app.command("code")
def code_cli(
    inputs: Annotated[list[str], typer.Argument(help="Files (.txt, .jsonl), directories, or - for stdin.")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write JSONL here (default: stdout).")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) for inputs without one.")] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline package.")] = None,
    actors: Annotated[Optional[list[Path]], typer.Option("--actors", help="Your own actor file(s), YAML.")] = None,
    batch_size: Annotated[int, typer.Option(help="Articles per spaCy batch.")] = 16,
    pretty: Annotated[bool, typer.Option(help="Also print a readable line per event to stderr.")] = False,
) -> None:
    """Code articles: one JSON line per article with its PLOVER events."""
    from dotterel.api import CodeRun, run_code

    if published:
        from datetime import date

        try:
            date.fromisoformat(published)
        except ValueError:
            fail(f"--published {published!r} is not a date (YYYY-MM-DD)", 2)
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    run = CodeRun(inputs=list(inputs), config=pipeline_config(model, actors, batch_size), published=published,
                  output=out, on_problem=lambda msg: warn(msg),
                  on_coded=(lambda coded: _print_events(coded)) if pretty else None)
    try:
        report = run_code(run)
    except ModelMissingError as e:
        fail(str(e), 3)
    except DotterelError as e:
        fail(str(e))
    finally:
        if output:
            out.close()
    typer.secho(report.summary(), err=True)
    if report.problems and not report.coded:
        raise typer.Exit(1)


def _print_events(coded) -> None:  # noqa: ANN001
    for m in coded.mentions:
        actor = m.actor.name if m.actor else "?"
        recipient = m.recipient.name if m.recipient else "-"
        place = m.location.name if m.location else "-"
        date = m.date.value if m.date else "-"
        attrib = f" [{m.attributed_to}]" if m.attributed_to else ""
        typer.echo(f"  {m.type:<9} {m.mode or '':<13} {actor} -> {recipient} | {place} | {date} | {m.status}{attrib}"
                   f"\n            “{m.evidence.text}”", err=True)
