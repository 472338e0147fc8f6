"""Readers: turn inputs into Article records, one reader module per format.

`read_inputs(paths, **options)` yields `Article`, `InputError` (a document that cannot be read,
naming it and the problem; reading goes on) and `Skipped` (left out on purpose: a repeated
text, another language, files of unknown type), in input order. Formats, detection rules and
options: docs/ingest.md.

| format | registered name           | suffixes                       | module   |
|--------|---------------------------|--------------------------------|----------|
| warc   | dotterel.reader.warc.v1   | .warc .warc.gz .arc .arc.gz    | warc.py  |
| feed   | dotterel.reader.feed.v1   | .rss .atom .xml .rdf           | feed.py  |
| html   | dotterel.reader.html.v1   | .html .htm .xhtml .shtml       | html.py  |
| jsonl  | dotterel.reader.jsonl.v1  | .jsonl .ndjson                 | jsonl.py |
| json   | dotterel.reader.json.v1   | .json                          | jsonl.py |
| csv    | dotterel.reader.csv.v1    | .csv .tsv                      | csv.py   |
| text   | dotterel.reader.text.v1   | .txt .text .md                 | text.py  |

Every reader registers itself when its module is imported, here and nowhere else; the order in
which first bytes are sniffed is fixed in registry.py.
"""
from __future__ import annotations

from dotterel.io.readers import csv, feed, html, jsonl, text, warc  # noqa: F401  (registers the readers)
from dotterel.io.readers.base import Item, Reader, ReadOptions, Skipped, Source, parse_date
from dotterel.io.readers.inputs import read_inputs
from dotterel.io.readers.registry import READERS, formats, get_reader
from dotterel.io.readers.text import split_title

__all__ = [
    "READERS",
    "Item",
    "ReadOptions",
    "Reader",
    "Skipped",
    "Source",
    "formats",
    "get_reader",
    "parse_date",
    "read_inputs",
    "split_title",
]
