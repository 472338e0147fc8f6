"""The readers by name, and how an input's format is chosen.

Each reader registers under a versioned name (`dotterel.reader.html.v1`) and a short one
(`html`). The format of an input is, in order: `--format`; the file's suffix; for stdin, URLs
and unknown suffixes, the first bytes (see `sniff`).
"""
from __future__ import annotations

from collections.abc import Callable

from dotterel.errors import ConfigError
from dotterel.io.readers.base import Reader

READERS: dict[str, Reader] = {}  # qualified name -> reader
_SHORT: dict[str, str] = {}  # short name -> qualified name
_SNIFF_ORDER = ("warc", "feed", "html", "jsonl", "json")


def register(cls: type[Reader]) -> type[Reader]:
    """Class decorator: make a reader available by its registered and its short name."""
    reader = cls()
    READERS[reader.qualified_name] = reader
    _SHORT[reader.format] = reader.qualified_name
    return cls


def get_reader(name: str) -> Reader:
    """A reader by short name ("csv") or registered name ("dotterel.reader.csv.v1")."""
    key = _SHORT.get(name.lower(), name)
    if key not in READERS:
        raise ConfigError(f"unknown input format {name!r}; known: {', '.join(formats())}")
    return READERS[key]


def formats() -> list[str]:
    return sorted(_SHORT)


def reader_for_name(name: str) -> Reader | None:
    """The reader whose suffix ends `name` (longest suffix first: ".warc.gz" before ".gz")."""
    lowered = name.lower()
    best: tuple[int, Reader] | None = None
    for reader in READERS.values():
        for suffix in reader.suffixes:
            if lowered.endswith(suffix) and (best is None or len(suffix) > best[0]):
                best = (len(suffix), reader)
    return best[1] if best else None


def sniff(head: bytes, *, accept: Callable[[Reader], bool] = lambda r: True) -> Reader | None:
    """The first reader that recognises these bytes (most specific signature first), or None."""
    ordered = sorted(READERS.values(), key=lambda r: _SNIFF_ORDER.index(r.format) if r.format in _SNIFF_ORDER
                     else len(_SNIFF_ORDER))
    return next((r for r in ordered if accept(r) and r.sniff(head)), None)
