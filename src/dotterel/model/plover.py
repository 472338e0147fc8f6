"""The PLOVER codebook, loaded from `data/plover.json` (types, modes, contexts, quads, scores)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    quad: int
    recipient_required: bool
    score: float
    modes: dict[str, float]


@dataclass(frozen=True)
class Codebook:
    version: str
    types: dict[str, EventType]
    contexts: tuple[str, ...]
    quads: dict[int, str]
    decisions: tuple[dict[str, Any], ...]

    def is_type(self, name: str) -> bool:
        return name in self.types

    def is_mode(self, type_: str, mode: str | None) -> bool:
        return mode is None or mode in self.types[type_].modes

    def score(self, type_: str, mode: str | None = None) -> float:
        t = self.types[type_]
        return t.modes.get(mode, t.score) if mode else t.score

    def quad(self, type_: str) -> int:
        return self.types[type_].quad


@lru_cache(maxsize=1)
def codebook() -> Codebook:
    raw = json.loads(resources.files("dotterel").joinpath("data/plover.json").read_text("utf-8"))
    types = {
        name: EventType(name, t["quad"], t["recipient_required"], float(t["score"]), dict(t["modes"]))
        for name, t in raw["types"].items()
    }
    return Codebook(
        version=raw["version"],
        types=types,
        contexts=tuple(raw["contexts"]),
        quads={int(k): v for k, v in raw["quads"].items()},
        decisions=tuple(raw["decisions"]),
    )


TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
