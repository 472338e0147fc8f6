from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from dotterel.cli import app
from dotterel.cli._util import fail, pipeline_config
from dotterel.errors import DotterelError


@app.command("evaluate")
def evaluate_cli(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL (../shared/eval format).")],
    pred_out: Annotated[Optional[Path], typer.Option(help="Also write the predictions here.")] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline package.")] = None,
    actors: Annotated[Optional[list[Path]], typer.Option("--actors", help="Your own actor file(s), YAML.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole result as JSON.")] = False,
) -> None:
    """Code the gold texts and print the scores (levels of score.py, and per type)."""
    from dotterel.evaluate import evaluate_file, format_report

    try:
        res = evaluate_file(gold, config=pipeline_config(model, actors), pred_out=pred_out)
    except (DotterelError, OSError, json.JSONDecodeError) as e:
        fail(str(e))
    typer.echo(json.dumps(res, indent=2) if as_json else format_report(res))
