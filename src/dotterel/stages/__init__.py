"""The pipeline stages, one module each; `register_stages` is the one place that registers them."""
from __future__ import annotations

from typing import Any

from dotterel.stages.base import STAGES, BaseStage, Stage, register

__all__ = ["STAGES", "BaseStage", "Stage", "build_stage", "register", "register_stages"]


def register_stages() -> None:
    """Import every built-in stage module (registration happens on import; idempotent)."""
    from dotterel.stages import (  # noqa: F401
        actors, assemble, classify, coref, dates, nlp, normalize, places, predicates, roles, status,
    )


def build_stage(name: str, **settings: Any) -> BaseStage:
    register_stages()
    key = name if name.startswith("dotterel.") else _latest(name)
    if key not in STAGES:
        raise KeyError(f"no stage registered as {key!r}; known: {sorted(STAGES)}")
    return STAGES[key](**settings)


def _latest(name: str) -> str:
    """A bare stage name means its newest registered version ('places' -> 'dotterel.places.v2')."""
    versions = [k for k in STAGES if k.startswith(f"dotterel.{name}.v")]
    return max(versions, key=lambda k: int(k.rsplit(".v", 1)[1])) if versions else f"dotterel.{name}.v1"
