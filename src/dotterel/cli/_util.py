"""Helpers shared by the commands: configuration from options, errors to exit codes."""
from __future__ import annotations

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
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


def warn(message: str) -> None:
    typer.secho(message, err=True, fg=typer.colors.YELLOW)
