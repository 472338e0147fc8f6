"""Coded articles as flat rows, for Arrow, Parquet and Ray Data (docs/scale.md).

A row is the article record of `api.article_record` with two columns as JSON text, since Arrow
needs one type per column: `events` (the events of the JSONL output) and `mentions` (every field
of each mention, what the store keeps: `dotterel.model.serialize`). With `keep_text` the row
also carries the article's text, so that a store can be filled from it later.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dotterel.model import Article
from dotterel.pipeline import Coded

RECORD_FIELDS = ("doc_id", "title", "url", "published", "outlet", "language", "text_source", "error", "events",
                 "mentions")
ROW_GROUP = 1000  # rows per Parquet row group


def output_row(coded: Coded, *, keep_text: bool = False) -> dict[str, Any]:
    """The row of one coded article."""
    from dotterel.api import article_record
    from dotterel.model.serialize import mention_to_dict

    rec = article_record(coded)
    row = {name: rec.get(name) for name in RECORD_FIELDS}
    row["events"] = json.dumps(rec["events"], ensure_ascii=False)
    row["mentions"] = json.dumps([mention_to_dict(m) for m in coded.mentions], ensure_ascii=False)
    if keep_text:
        row["text"] = coded.article.text
    return row


def coded_from_row(row: dict[str, Any], article: Article | None = None) -> Coded:
    """The inverse of `output_row` (the article from the row's own fields unless given)."""
    from dotterel.model.serialize import mention_from_dict

    if article is None:
        article = article_from_row(row)
    mentions = [mention_from_dict(m) for m in json.loads(row.get("mentions") or "[]")]
    return Coded(article=article, mentions=mentions, error=row.get("error") or None)


def record_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """The `api.article_record` of a row (events parsed, the other columns left out)."""
    rec = {name: row.get(name) for name in ("doc_id", "title", "url", "published", "outlet", "language")}
    rec["events"] = json.loads(row.get("events") or "[]")
    if row.get("text_source"):
        rec["text_source"] = row["text_source"]
    if row.get("error"):
        rec["error"] = row["error"]
    return rec


def article_from_row(row: dict[str, Any]) -> Article:
    """An Article from a row's fields (missing values, NaN and NumPy strings allowed)."""
    def text(name: str) -> str | None:
        value = row.get(name)
        return None if value is None or (isinstance(value, float) and value != value) else str(value)  # NaN

    return Article(doc_id=str(row["doc_id"]), text=str(row.get("text") or ""), title=text("title"),
                   url=text("url"), published=(text("published") or "")[:10] or None, outlet=text("outlet"),
                   language=text("language"), text_source=text("text_source"))


class ParquetSink:
    """`dotterel code -o events.parquet`: rows written in row groups as the run goes."""

    def __init__(self, path: str | Path, *, keep_text: bool = True) -> None:
        import pyarrow as pa

        self.path = Path(path)
        self.keep_text = keep_text
        names = (*RECORD_FIELDS, *(("text",) if keep_text else ()))
        self.schema = pa.schema([(name, pa.string()) for name in names])
        self._rows: list[dict[str, Any]] = []
        self._writer: Any = None
        self.written = 0

    def put(self, coded: Coded) -> None:
        self._rows.append(output_row(coded, keep_text=self.keep_text))
        if len(self._rows) >= ROW_GROUP:
            self._flush()

    def close(self) -> None:
        self._flush()
        if self._writer is None:  # no rows: still a readable, empty file
            self._open()
        self._writer.close()

    def _open(self) -> None:
        import pyarrow.parquet as pq

        self._writer = pq.ParquetWriter(str(self.path), self.schema)

    def _flush(self) -> None:
        if not self._rows:
            return
        import pyarrow as pa

        if self._writer is None:
            self._open()
        self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self.schema))
        self.written += len(self._rows)
        self._rows = []
