"""The event lexicon (data/lexicon.yaml): which verbs and nouns state which PLOVER events.

Loaded once into `Lexicon`, whose senses are plain frozen records; the stages evaluate their
conditions against the parse.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from dotterel._yaml import load_words_yaml
from dotterel.errors import ConfigError
from dotterel.model.plover import codebook

DEFAULT_RECIPIENT_SOURCES = ("dobj", "dative", "against", "on", "at", "with", "to", "toward", "towards", "from")
_CONDITION_KEYS = {"obj", "obj_not", "of", "of_not", "prep", "prep_not", "pobj", "subj", "subj_not", "xcomp", "ccomp", "ccomp_self",
                   "passive", "noobj", "prt", "mod", "xcomp_not", "xcomp_is",
                   "ccomp_must", "negated", "eval", "menace"}
_CONTROLS = {None, "intend", "absorb", "negate", "aspect"}


@dataclass(frozen=True, slots=True)
class Sense:
    type: str | None
    mode: str | None = None
    context: tuple[str, ...] = ()
    cond: dict[str, Any] = field(default_factory=dict)
    recipients: tuple[str, ...] = DEFAULT_RECIPIENT_SOURCES
    symmetric: bool = False
    confidence: float = 0.7
    control: str | None = None
    light: bool = False


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, tuple[Sense, ...]]
    nouns: dict[str, tuple[Sense, ...]]
    classes: dict[str, frozenset[str]]
    phrasal: frozenset[str]  # "lemma particle" keys, to look up before the bare lemma
    need_support: frozenset[str] = frozenset()  # nouns coded only with a support verb

    def words(self, names: list[str]) -> frozenset[str]:
        """Expand a condition list: @class names become their words."""
        out: set[str] = set()
        for n in names:
            if n.startswith("@"):
                out |= self.classes[n[1:]]
            else:
                out.add(n.lower())
        return frozenset(out)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    raw = load_words_yaml(resources.files("dotterel").joinpath("data/lexicon.yaml").read_text("utf-8"))
    classes = {k: frozenset(w.lower() for w in v) for k, v in raw["classes"].items()}
    verbs = {k: _senses(k, v, classes) for k, v in raw["verbs"].items()}
    nouns = {k: _senses(k, v, classes) for k, v in raw["nouns"].items()}
    phrasal = frozenset(k for k in verbs if " " in k)
    need_support = frozenset(w.lower() for w in raw.get("nouns_need_support", ()))
    return Lexicon(verbs=verbs, nouns=nouns, classes=classes, phrasal=phrasal, need_support=need_support)


def _senses(key: str, raw: Any, classes: dict[str, frozenset[str]]) -> tuple[Sense, ...]:
    items = raw if isinstance(raw, list) else [raw]
    return tuple(_sense(key, item, classes) for item in items)


def _sense(key: str, item: dict[str, Any], classes: dict[str, frozenset[str]]) -> Sense:
    book = codebook()
    type_ = item.get("t")
    mode = item.get("m")
    if type_ is not None and not book.is_type(type_):
        raise ConfigError(f"lexicon {key!r}: unknown PLOVER type {type_!r}")
    if type_ is not None and not book.is_mode(type_, mode):
        raise ConfigError(f"lexicon {key!r}: {mode!r} is not a mode of {type_}")
    cond = dict(item.get("if") or {})
    unknown = set(cond) - _CONDITION_KEYS
    if unknown:
        raise ConfigError(f"lexicon {key!r}: unknown condition(s) {sorted(unknown)}")
    for values in cond.values():
        if isinstance(values, list):
            for v in values:
                if not isinstance(v, str):
                    raise ConfigError(f"lexicon {key!r}: condition value {v!r} is not a word")
                if v.startswith("@") and v[1:] not in classes:
                    raise ConfigError(f"lexicon {key!r}: unknown class {v}")
    for r in item.get("r", ()):
        if not isinstance(r, str):
            raise ConfigError(f"lexicon {key!r}: recipient source {r!r} is not a word")
    control = item.get("ctl")
    if control not in _CONTROLS:
        raise ConfigError(f"lexicon {key!r}: unknown control {control!r}")
    for c in item.get("c", []):
        if c not in book.contexts:
            raise ConfigError(f"lexicon {key!r}: unknown context {c!r}")
    return Sense(
        type=type_,
        mode=mode,
        context=tuple(item.get("c", [])),
        cond=cond,
        recipients=tuple(item.get("r", DEFAULT_RECIPIENT_SOURCES)),
        symmetric=bool(item.get("sym", False)),
        confidence=float(item.get("conf", 0.7)),
        control=control,
        light=bool(item.get("light", False)),
    )
