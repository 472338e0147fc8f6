"""Helpers shared by the commands: configuration from options, errors to exit codes."""
from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import typer

from dotterel.pipeline import PipelineConfig
from dotterel.stages.nlp import DEFAULT_MODEL


def pipeline_config(model: str | None, actors: Sequence[Path] | None, batch_size: int | None = None) -> PipelineConfig:
    return PipelineConfig(model=model or DEFAULT_MODEL, batch_size=batch_size or 16,
                          actor_files=tuple(str(p) for p in actors or ()))


def fail(message: str, code: int = 1) -> NoReturn:
    typer.secho(f"error: {printable(message)}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


def warn(message: str) -> None:
    typer.secho(printable(message), err=True, fg=typer.colors.YELLOW)


# control characters (ANSI escape sequences start with one) and the bidirectional overrides a
# hostile file name or text could use to rewrite or disguise what a terminal shows
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` safe to print on a terminal: control and bidi-override characters as escapes (\\x1b)."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
