"""parquet: the flat columns of the csv export with their types (lists stay lists)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dotterel.exporters._common import FLAT_COLUMNS, FLOAT_COLUMNS, INT_COLUMNS, LIST_COLUMNS, Out, flat_row
from dotterel.store.base import EventBundle

FORMAT = "parquet"
SUFFIX = ".parquet"
COLUMNS = FLAT_COLUMNS


def schema() -> Any:
    import pyarrow as pa

    def kind(c: str) -> Any:
        if c in LIST_COLUMNS:
            return pa.list_(pa.string())
        if c in FLOAT_COLUMNS:
            return pa.float64()
        if c in INT_COLUMNS:
            return pa.int64()
        return pa.string()

    return pa.schema([(c, kind(c)) for c in COLUMNS])


def write(bundles: Iterable[EventBundle], out: Out, **options: Any) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if str(out) == "-":
        from dotterel.errors import InputError

        raise InputError("parquet is a binary format: give a file name with -o")
    rows = [flat_row(b) for b in bundles]
    pq.write_table(pa.Table.from_pylist(rows, schema=schema()), out)
    return len(rows)


def read(path: str | Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    return list(pq.read_table(path).to_pylist())
