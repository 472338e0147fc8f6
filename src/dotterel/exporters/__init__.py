"""Exporters: the store's events in the shapes their users know. One module per format:

    plover-jsonl  PLOVER interchange records (lossless: `read` gives the events back)
    csv           dotterel's flat event table
    parquet       the same, typed
    geojson       a FeatureCollection of events with their coordinates
    polecat       POLECAT-shaped TSV
    acled         ACLED-shaped CSV (political violence, demonstrations, strategic developments)
    gdelt         GDELT 2.0 event-table-shaped TSV (PLOVER -> CAMEO codes)

Each module has `FORMAT`, `SUFFIX`, `COLUMNS` and `write(bundles, out, **options)`; the shaped
ones also list `UNFILLED` columns with the reason. docs/exports.md documents every mapping.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType
from typing import Any

from dotterel.errors import InputError
from dotterel.exporters import acled, csv, gdelt, geojson, parquet, plover_jsonl, polecat
from dotterel.exporters._common import Out
from dotterel.store.base import EventBundle

FORMATS: dict[str, ModuleType] = {
    m.FORMAT: m for m in (plover_jsonl, csv, parquet, geojson, polecat, acled, gdelt)
}


def exporter(fmt: str) -> ModuleType:
    try:
        return FORMATS[fmt.lower()]
    except KeyError:
        raise InputError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}") from None


def export(bundles: Iterable[EventBundle], *, fmt: str, out: Out, **options: Any) -> int:
    """Write `bundles` to `out` (a path, "-" for stdout, or a stream); returns rows written."""
    return int(exporter(fmt).write(bundles, out, **options))


__all__ = ["FORMATS", "export", "exporter"]
