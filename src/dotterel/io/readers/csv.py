"""CSV and TSV files (.csv, .tsv): one article per row, the first row naming the columns.

Columns are found by name (`text`/`body`/`content`..., `title`/`headline`, `doc_id`/`id`,
`published`/`date`, `url`/`link`, `outlet`/`source`, `language`) or by the `*_column`
options (`--text-column body`). The delimiter is a tab for .tsv; for .csv it is whichever of
`,` `;` `tab` `|` the header row holds most of (or the `delimiter` option). A row without an id
gets `<file stem>-<line>`. The file is decoded whole (the encoding policy applies to it).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from dotterel.errors import InputError, LimitError
from dotterel.io.readers.base import (
    Item,
    Reader,
    ReadOptions,
    Skipped,
    Source,
    decode,
    record_to_article,
    resolve_column,
)
from dotterel.io.readers.registry import register
from dotterel.limits import over

_DELIMITERS = (",", ";", "\t", "|")


@register
class CsvReader(Reader):
    format = "csv"
    suffixes = (".csv", ".tsv")
    description = "CSV files"

    def read(self, source: Source, options: ReadOptions) -> Iterator[Item]:
        try:
            text = decode(source.read_bytes(options.max_file_bytes, option="--max-file-bytes"), source.name,
                          fallback=options.encoding_fallback)
        except InputError as e:
            yield e
            return
        except OSError as e:
            yield InputError(f"{source.name}: cannot read: {e.strerror or e}")
            return
        header_line = text.lstrip("\ufeff").partition("\n")[0]
        if not header_line.strip():
            yield InputError(f"{source.name}: empty CSV file (no header row)")
            return
        delimiter = options.delimiter or ("\t" if source.name.lower().endswith(".tsv") else _delimiter(header_line))
        _field_limit(options.max_bytes)
        rows = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
        try:
            header = [h.strip() for h in next(rows)]
        except csv.Error as e:
            yield InputError(f"{source.name}:1: malformed header row: {e}")
            return
        if resolve_column(header, "text", options) is None:
            named = f"no column {options.text_column!r}" if options.text_column else "no text column"
            yield InputError(f"{source.name}: {named} (columns: {', '.join(header)}); "
                             f"name the text column with --text-column")
            return
        yield from _rows(rows, header, source, options)


def _rows(rows: Iterator[list[str]], header: list[str], source: Source, options: ReadOptions) -> Iterator[Item]:
    line = rows.line_num  # type: ignore[attr-defined]
    records = 0
    while True:
        start = line + 1
        records += 1
        try:
            row = next(rows)
        except StopIteration:
            if records == 1:
                yield Skipped(source=source.name, reason="no records", message=f"{source.name}: no rows below the header")
            return
        except csv.Error as e:
            line = rows.line_num  # type: ignore[attr-defined]
            if "field larger than field limit" in str(e):
                yield LimitError(over(f"{source.name}:{start}", None, options.max_bytes, "characters in a field",
                                      "--max-bytes"))
            else:
                yield InputError(f"{source.name}:{start}: malformed CSV row: {e}")
            continue
        line = rows.line_num  # type: ignore[attr-defined]
        if not any(cell.strip() for cell in row):
            continue
        where = f"{source.name}:{start}"
        if len(row) > len(header):
            yield InputError(f"{where}: {len(row)} fields but the header has {len(header)} "
                             f"(an unquoted delimiter in the text?)")
            continue
        rec = dict(zip(header, row + [""] * (len(header) - len(row))))  # trailing empty fields may be missing
        try:
            yield record_to_article(rec, options=options, default_id=f"{source.doc_id}-{start}", where=where)
        except InputError as e:
            yield e


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _field_limit(limit: int) -> None:
    """A field is at most one document (`max_bytes`); the csv module's default (128 KiB) is less
    than long articles need."""
    csv.field_size_limit(limit)
