from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Optional

import typer

from dotterel.cli import app
from dotterel.cli._util import fail, pipeline_config, printable, warn
from dotterel.errors import DotterelError, ExtraMissingError, ModelMissingError, StoreError
from dotterel.limits import (
    DEFAULT_MAX_CHARS,
    DEFAULT_MAX_SENTENCE_TOKENS,
    DEFAULT_MAX_TOKENS,
    DEFAULT_TIME_BUDGET,
    Limits,
    parse_size,
)


@app.command("code")
def code_cli(
    inputs: Annotated[list[str], typer.Argument(
        help="Files (text, JSONL/JSON, CSV, HTML, RSS/Atom, WARC), directories, feed/page URLs, or - for stdin.")],
    output: Annotated[Optional[Path], typer.Option(
        "-o", "--output", help="Write JSONL here (default: stdout); a name ending in .parquet writes Parquet "
                               "(docs/scale.md).")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) for inputs without one.")] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline package.")] = None,
    actors: Annotated[Optional[list[Path]], typer.Option("--actors", help="Your own actor file(s), YAML.")] = None,
    batch_size: Annotated[int, typer.Option(help="Articles per spaCy batch.")] = 16,
    pretty: Annotated[bool, typer.Option(help="Also print a readable line per event to stderr.")] = False,
    input_format: Annotated[Optional[str], typer.Option(
        "--format", help="Read every input as this format: text, jsonl, json, csv, html, feed, warc "
                         "(default: from the suffix, else the content).")] = None,
    text_column: Annotated[Optional[str], typer.Option(help="CSV/JSON field holding the text.")] = None,
    title_column: Annotated[Optional[str], typer.Option(help="CSV/JSON field holding the title.")] = None,
    id_column: Annotated[Optional[str], typer.Option(help="CSV/JSON field holding the document id.")] = None,
    date_column: Annotated[Optional[str], typer.Option(help="CSV/JSON field holding the publication date.")] = None,
    url_column: Annotated[Optional[str], typer.Option(help="CSV/JSON field holding the URL.")] = None,
    outlet_column: Annotated[Optional[str], typer.Option(help="CSV/JSON field holding the outlet.")] = None,
    include: Annotated[Optional[list[str]], typer.Option(
        help="In directories, read only files matching this glob (repeatable; '*.html', 'news/*').")] = None,
    exclude: Annotated[Optional[list[str]], typer.Option(
        help="In directories, leave out files matching this glob (repeatable).")] = None,
    languages: Annotated[str, typer.Option(
        help="Code only articles in these languages (comma-separated ISO codes), or 'all'.")] = "en",
    encoding_fallback: Annotated[Optional[str], typer.Option(
        help="When a file is not UTF-8: try this codec (cp1252, latin-1) or 'detect'. Default: report it.")] = None,
    db: Annotated[Optional[Path], typer.Option(
        "--db", help="Also store articles, mentions and events in this DuckDB file (created if missing; "
                     "dotterel.duckdb is the usual name). Articles already coded are skipped; JSONL is then "
                     "written only with -o.")] = None,
    skip_dedup: Annotated[bool, typer.Option(
        "--skip-dedup", help="With --db: do not merge mentions into events now (run `dotterel dedup` later).")] = False,
    workers: Annotated[Optional[int], typer.Option(
        min=1, help="Processes that code (default: the machine's cores); the output is the same for any number.")] = None,
    progress: Annotated[Optional[bool], typer.Option(
        "--progress/--no-progress", help="A progress bar on stderr (default: when stderr is a terminal).")] = None,
    ray: Annotated[Optional[str], typer.Option(
        "--ray", help="Code on a Ray cluster: 'auto' (join or start a local one) or its address "
                      "(docs/scale.md; needs the ray extra). --workers is then the number of Ray workers.")] = None,
    max_chars: Annotated[int, typer.Option(
        min=0, help="Refuse an article whose text has more characters than this (0: no limit).")] = DEFAULT_MAX_CHARS,
    max_tokens: Annotated[int, typer.Option(
        min=0, help="Refuse an article of more words and symbols than this (0: no limit).")] = DEFAULT_MAX_TOKENS,
    max_sentence_tokens: Annotated[int, typer.Option(
        min=0, help="Refuse an article with a sentence of more tokens than this (0: no limit).")
    ] = DEFAULT_MAX_SENTENCE_TOKENS,
    time_budget: Annotated[float, typer.Option(
        min=0, help="Stop coding an article after this many seconds (0: no limit).")] = DEFAULT_TIME_BUDGET,
    max_bytes: Annotated[str, typer.Option(
        help="Refuse a document (file, page, JSONL line, archived page) of more bytes than this (20MiB, 500k ...).")
    ] = "20MiB",
    max_file_bytes: Annotated[str, typer.Option(
        help="Refuse a file read whole (CSV, JSON, feed, stdin) of more bytes than this.")
    ] = "100MiB",
) -> None:
    """Code articles: one JSON line per article with its PLOVER events."""
    from dotterel.api import CodeRun, run_code

    if published:
        from datetime import date

        try:
            date.fromisoformat(published)
        except ValueError:
            fail(f"--published {published!r} is not a date (YYYY-MM-DD)", 2)
    from dotterel.errors import ConfigError
    from dotterel.io.readers import ReadOptions, get_reader

    try:
        read_options = ReadOptions(
            format=get_reader(input_format).format if input_format else None, text_column=text_column,
            title_column=title_column, id_column=id_column, date_column=date_column, url_column=url_column,
            outlet_column=outlet_column, include=tuple(include or ()), exclude=tuple(exclude or ()),
            encoding_fallback=encoding_fallback, max_bytes=parse_size(max_bytes),
            max_file_bytes=parse_size(max_file_bytes))
        limits = Limits(max_chars=max_chars, max_tokens=max_tokens, time_budget=time_budget,
                        max_sentence_tokens=max_sentence_tokens)
    except ConfigError as e:
        fail(str(e), 2)
    wanted = _languages(languages)
    from dotterel._workers import default_workers
    from dotterel.cli._progress import CodingProgress, wanted as progress_wanted

    bar = CodingProgress(inputs, enabled=progress_wanted(progress), include=tuple(include or ()),
                         exclude=tuple(exclude or ()))
    parquet = None
    if output is not None and output.suffix.lower() == ".parquet":
        from dotterel._rows import ParquetSink

        parquet, output = ParquetSink(output), None
    out = open(output, "w", encoding="utf-8") if output else (None if db or parquet else sys.stdout)

    def on_coded(coded) -> None:  # noqa: ANN001
        if parquet is not None:
            parquet.put(coded)
        if pretty:
            _print_events(coded)

    config = replace(pipeline_config(model, actors, batch_size), limits=limits)
    run = CodeRun(inputs=list(inputs), config=config, published=published,
                  output=out, on_problem=lambda msg: warn(msg),
                  on_coded=on_coded if pretty or parquet is not None else None,
                  read_options=read_options, languages=wanted, on_skip=lambda msg: typer.secho(printable(msg), err=True, dim=True),
                  db=db, dedup_events=not skip_dedup, workers=workers or default_workers(), on_progress=bar.update)
    try:
        with bar:
            if ray is not None:
                from dotterel.scale.ray import code_with_ray

                report = code_with_ray(run, address=ray, workers=workers)
            else:
                report = run_code(run)
            bar.set(report)
    except (ModelMissingError, ExtraMissingError) as e:
        fail(str(e), 3)
    except StoreError as e:  # a full disk, among others: what was committed stays, whole
        fail(f"{e}\n  {db} keeps every article stored before this one, each whole; once the problem is fixed, "
             f"run the same command again: it goes on from there")
    except DotterelError as e:
        fail(str(e))
    finally:
        if output:
            out.close()
        if parquet is not None:
            parquet.close()
    typer.secho(report.summary(), err=True)
    if report.store is not None:
        from dotterel.cli._store import store_summary

        typer.secho(store_summary(report.store), err=True)
    if report.problems and not report.coded:
        raise typer.Exit(1)


def _languages(value: str) -> tuple[str, ...] | None:
    import re

    if value.strip().lower() in ("all", "any", "*"):
        return None
    codes = tuple(dict.fromkeys(c.strip().lower() for c in value.split(",") if c.strip()))
    bad = [c for c in codes if not re.fullmatch(r"[a-z]{2,3}", c)]
    if bad or not codes:
        fail(f"--languages {value!r}: give ISO 639 codes separated by commas (en,fr) or 'all'", 2)
    return codes


def _print_events(coded) -> None:  # noqa: ANN001
    for m in coded.mentions:
        actor = m.actor.name if m.actor else "?"
        recipient = m.recipient.name if m.recipient else "-"
        place = m.location.name if m.location else "-"
        date = m.date.value if m.date else "-"
        attrib = f" [{m.attributed_to}]" if m.attributed_to else ""
        typer.echo(printable(f"  {m.type:<9} {m.mode or '':<13} {actor} -> {recipient} | {place} | {date} | "
                             f"{m.status}{attrib}\n            “{m.evidence.text}”"), err=True)
