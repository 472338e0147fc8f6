"""The event store: articles, mentions, events, merge explanations, runs.

`open_store(path)` opens (or creates) the embedded DuckDB store; `dotterel.open` is the same
function. Importing this package does not import DuckDB, pandas or pyarrow.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dotterel.store.base import EventBundle, EventStore, Replacement, StoredArticle
from dotterel.store.filters import EventFilters

if TYPE_CHECKING:
    from dotterel.store.duckdb import DuckDBStore

DEFAULT_PATH = "dotterel.duckdb"


def open_store(path: str | Path | None = None, *, read_only: bool = False) -> DuckDBStore:
    """Open the store at `path` (default `dotterel.duckdb` in the working directory), creating
    it unless `read_only`. Use it as a context manager, or call `.close()`."""
    from dotterel.store.duckdb import DuckDBStore

    return DuckDBStore(path if path is not None else DEFAULT_PATH, read_only=read_only)


__all__ = [
    "DEFAULT_PATH",
    "EventBundle",
    "EventFilters",
    "EventStore",
    "Replacement",
    "StoredArticle",
    "open_store",
]
