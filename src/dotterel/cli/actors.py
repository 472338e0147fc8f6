from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from dotterel.cli import app
from dotterel.cli._util import fail
from dotterel.errors import DotterelError

actors_app = typer.Typer(no_args_is_help=True, help="Inspect actor resolution.")
app.add_typer(actors_app, name="actors")


@actors_app.command("lookup")
def actors_lookup_cli(
    text: Annotated[str, typer.Argument(help="An actor string, e.g. 'Welayat Sinai'.")],
    date: Annotated[Optional[str], typer.Option(help="As of this date (YYYY-MM-DD).")] = None,
    country: Annotated[Optional[str], typer.Option(help="The article's main country (ISO3).")] = None,
    actors: Annotated[Optional[list[Path]], typer.Option("--actors", help="Your own actor file(s), YAML.")] = None,
) -> None:
    """Show how a string resolves, and why."""
    from dotterel.api import lookup_actor

    try:
        result = lookup_actor(text, date=date, country=country, actor_files=[str(p) for p in actors or ()])
    except DotterelError as e:
        fail(str(e))
    typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
