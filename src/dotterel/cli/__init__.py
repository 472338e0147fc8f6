"""The command line: thin over `dotterel.api`; only this package prints or exits."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from dotterel._version import __version__
from dotterel.errors import DotterelError, ModelMissingError

app = typer.Typer(no_args_is_help=True, add_completion=False, help="dotterel: news in, PLOVER event data out.")
actors_app = typer.Typer(no_args_is_help=True, help="Inspect actor resolution.")
app.add_typer(actors_app, name="actors")


def _config(model: str | None, actors: list[Path] | None, batch_size: int | None = None):  # noqa: ANN202
    from dotterel.pipeline import PipelineConfig
    from dotterel.stages.nlp import DEFAULT_MODEL

    return PipelineConfig(model=model or DEFAULT_MODEL, batch_size=batch_size or 16,
                          actor_files=tuple(str(p) for p in actors or ()))


def _fail(message: str, code: int = 1) -> None:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


@app.command("code")
def code_cli(
    inputs: Annotated[list[str], typer.Argument(help="Files (.txt, .jsonl), directories, or - for stdin.")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write JSONL here (default: stdout).")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) for inputs without one.")] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline package.")] = None,
    actors: Annotated[Optional[list[Path]], typer.Option("--actors", help="Your own actor file(s), YAML.")] = None,
    batch_size: Annotated[int, typer.Option(help="Articles per spaCy batch.")] = 16,
    pretty: Annotated[bool, typer.Option(help="Also print a readable summary of each event to stderr.")] = False,
) -> None:
    """Code articles: one JSON line per article with its PLOVER events."""
    from dotterel.api import article_record, code_articles
    from dotterel.errors import InputError
    from dotterel.io.readers import read_inputs
    from dotterel.model import Article

    if published:
        from datetime import date

        try:
            date.fromisoformat(published)
        except ValueError:
            _fail(f"--published {published!r} is not a date (YYYY-MM-DD)", 2)
    errors: list[str] = []

    def articles():  # noqa: ANN202
        for item in read_inputs(inputs, published=published):
            if isinstance(item, InputError):
                errors.append(str(item))
                typer.secho(f"skipped: {item}", err=True, fg=typer.colors.YELLOW)
            elif isinstance(item, Article):
                yield item

    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    coded = failed = events = 0
    try:
        for result in code_articles(articles(), config=_config(model, actors, batch_size)):
            if result.error:
                failed += 1
                errors.append(result.error)
                typer.secho(f"failed: {result.error}", err=True, fg=typer.colors.YELLOW)
                continue
            out.write(json.dumps(article_record(result), ensure_ascii=False) + "\n")
            out.flush()
            coded += 1
            events += len(result.mentions)
            if pretty:
                _print_events(result)
    except ModelMissingError as e:
        _fail(str(e), 3)
    except DotterelError as e:
        _fail(str(e))
    finally:
        if output:
            out.close()
    typer.secho(f"coded {coded} article(s), {events} event(s); {len(errors)} problem(s)", err=True)
    if errors and not coded:
        raise typer.Exit(1)


def _print_events(result) -> None:  # noqa: ANN001
    for m in result.mentions:
        actor = m.actor.name if m.actor else "?"
        recipient = m.recipient.name if m.recipient else "-"
        place = m.location.name if m.location else "-"
        date = m.date.value if m.date else "-"
        attrib = f" [{m.attributed_to}]" if m.attributed_to else ""
        typer.echo(f"  {m.type:<9} {m.mode or '':<13} {actor} -> {recipient} | {place} | {date} | {m.status}{attrib}"
                   f"\n            “{m.evidence.text}”", err=True)


@app.command("evaluate")
def evaluate_cli(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL (../shared/eval format).")],
    pred_out: Annotated[Optional[Path], typer.Option(help="Also write the predictions here.")] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline package.")] = None,
    actors: Annotated[Optional[list[Path]], typer.Option("--actors")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole result as JSON.")] = False,
) -> None:
    """Code the gold texts and print the scores (levels of score.py, and per type)."""
    from dotterel.evaluate import evaluate_file, format_report

    try:
        res = evaluate_file(gold, config=_config(model, actors), pred_out=pred_out)
    except (DotterelError, OSError, json.JSONDecodeError) as e:
        _fail(str(e))
        return
    typer.echo(json.dumps(res, indent=2) if as_json else format_report(res))


@actors_app.command("lookup")
def actors_lookup_cli(
    text: Annotated[str, typer.Argument(help="An actor string, e.g. 'Welayat Sinai'.")],
    date: Annotated[Optional[str], typer.Option(help="As of this date (YYYY-MM-DD).")] = None,
    country: Annotated[Optional[str], typer.Option(help="The article's main country (ISO3).")] = None,
    actors: Annotated[Optional[list[Path]], typer.Option("--actors")] = None,
) -> None:
    """Show how a string resolves, and why."""
    from dotterel.kb import load_kb
    from dotterel.kb.resolve import ActorResolver, ResolveContext
    from dotterel.stages.actors import place_country_hook

    try:
        resolver = ActorResolver(load_kb(tuple(str(p) for p in actors or ())))
    except DotterelError as e:
        _fail(str(e))
        return
    ref, cands = resolver.lookup_explain(text, ResolveContext(published=date, country=country,
                                                               place_country=place_country_hook()))
    typer.echo(json.dumps({"input": text, "resolved": ref.to_dict(),
                           "candidates": [{"id": c.id, "kind": c.kind, "name": c.name, "country": c.country,
                                           "sector": c.sector, "wikidata": c.wikidata} for c in cands]},
                          indent=2, ensure_ascii=False))


@app.command("version")
def version_cli() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    app()
