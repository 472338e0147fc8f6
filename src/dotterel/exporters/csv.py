"""csv: one row per event, the flat columns of docs/exports.md ("dotterel flat").

Lists (context, outlets, mention_ids, doc_ids) are joined with "; "; missing values are empty
cells (so an empty text and a missing one read back alike). Lines end in CRLF (RFC 4180), so
every text survives. `read` restores the types.

Formula injection: the texts come from the news (names, evidence, titles, URLs), and a
spreadsheet runs a cell that begins with = + - @ (or a tab or carriage return) as a formula
(`=HYPERLINK(...)`, `@SUM(...)|cmd`). Such a text cell is written with a single quote before
it, which spreadsheets show as text (OWASP's advice); so is one that already begins with a
quote, so that `read` can take exactly one off and give back the text. Numbers (confidence,
coordinates) are not text cells and are written as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from dotterel.exporters._common import (
    FLAT_COLUMNS,
    FLOAT_COLUMNS,
    INT_COLUMNS,
    LIST_COLUMNS,
    Out,
    flat_row,
    text_out,
)
from dotterel.store.base import EventBundle

FORMAT = "csv"
SUFFIX = ".csv"
COLUMNS = FLAT_COLUMNS
SEPARATOR = "; "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")  # "'" too: the escape must be reversible


def rows(bundles: Iterable[EventBundle]) -> Iterator[dict[str, Any]]:
    yield from (flat_row(b) for b in bundles)


def write(bundles: Iterable[EventBundle], out: Out, **options: Any) -> int:
    n = 0
    with text_out(out) as f:
        writer = csv.DictWriter(f, fieldnames=list(COLUMNS), lineterminator="\r\n")  # RFC 4180: quotes any \r
        writer.writeheader()
        for row in rows(bundles):
            writer.writerow({k: _cell(k, v) for k, v in row.items()})
            n += 1
    return n


def read(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8", newline="") as f:
        return [{k: _value(k, v) for k, v in row.items()} for row in csv.DictReader(f)]


def _cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if column in LIST_COLUMNS:
        return _text(SEPARATOR.join(value))
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return _text(value)
    return str(value)


def _text(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _value(column: str, text: str) -> Any:
    if text.startswith("'"):
        text = text[1:]  # the formula escape (only ever one quote: see _text)
        return text.split(SEPARATOR) if column in LIST_COLUMNS else text
    if column in LIST_COLUMNS:
        return text.split(SEPARATOR) if text else []
    if text == "":
        return None
    if column in FLOAT_COLUMNS:
        return float(text)
    if column in INT_COLUMNS:
        return int(text)
    return text
