"""Lossless conversion of records to plain JSON-able dicts and back.

`Mention.to_dict()` is the scoring format (rounded confidence, no sentence); these functions
keep every field, so `mention_from_dict(mention_to_dict(m)) == m` for any Mention, and the same
for Event and MergeLink. They follow the dataclass fields, so a field added to a record is
carried without a change here. Used by the store and the exporters.
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from functools import lru_cache
from typing import Any, TypeVar

from dotterel.model.event import Event, MergeLink
from dotterel.model.records import ActorRef, Evidence, Mention, PartialDate, PlaceRef

T = TypeVar("T")

# Fields that hold a nested record, and fields that hold a tuple of records.
_NESTED: dict[str, type] = {
    "actor": ActorRef,
    "recipient": ActorRef,
    "location": PlaceRef,
    "date": PartialDate,
    "evidence": Evidence,
    "sentence": Evidence,
}
_NESTED_TUPLES: dict[str, type] = {"extra_actors": ActorRef}


def to_dict(record: Any) -> dict[str, Any]:
    """Any dotterel record as a dict of JSON types (tuples become lists)."""
    return {f.name: _encode(getattr(record, f.name)) for f in fields(record)}


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """The inverse of `to_dict` for record class `cls`; unknown keys are ignored."""
    kwargs: dict[str, Any] = {}
    for name, nested, nested_tuple, is_tuple in _decoders(cls):
        if name not in data:
            continue
        value = data[name]
        if value is not None and nested is not None and isinstance(value, dict):
            value = from_dict(nested, value)
        elif nested_tuple is not None and value is not None:
            value = tuple(from_dict(nested_tuple, v) for v in value)
        elif is_tuple and isinstance(value, list):
            value = tuple(value)
        kwargs[name] = value
    return cls(**kwargs)


@lru_cache(maxsize=None)
def _decoders(cls: type) -> tuple[tuple[str, type | None, type | None, bool], ...]:
    """Per field of `cls`: its name, the record it nests, the record of its tuple, whether it is
    a tuple (worked out once per class: the store reads records by the thousand)."""
    return tuple((f.name, _NESTED.get(f.name), _NESTED_TUPLES.get(f.name), str(f.type).startswith("tuple"))
                 for f in fields(cls))


def mention_to_dict(mention: Mention) -> dict[str, Any]:
    return to_dict(mention)


def mention_from_dict(data: dict[str, Any]) -> Mention:
    return from_dict(Mention, data)


def event_to_dict(event: Event) -> dict[str, Any]:
    return to_dict(event)


def event_from_dict(data: dict[str, Any]) -> Event:
    return from_dict(Event, data)


def link_from_dict(data: dict[str, Any]) -> MergeLink:
    return from_dict(MergeLink, data)


def dumps(record: Any) -> str:
    """Compact JSON of a record (exact floats, non-ASCII kept)."""
    return json.dumps(to_dict(record), ensure_ascii=False, separators=(",", ":"))


def _encode(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return to_dict(value)
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value
