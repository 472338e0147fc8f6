"""JSON Lines (.jsonl, .ndjson) and JSON (.json) files of article records.

One object per line (JSONL) or a JSON array of objects, or one object (JSON). Fields are
found by name (`text`, `title`, `doc_id`/`id`, `published`/`date`, `url`, `outlet`,
`language`, and common variants) or by the `*_column` options; dotted names reach into nested
objects. A record without an id gets `<file stem>-<line>` (JSONL) or `<file stem>-<n>` (JSON).
JSONL is read line by line, so files of any size stream.
"""
from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from typing import Any

from dotterel.errors import InputError, LimitError
from dotterel.io.readers.base import Item, Reader, ReadOptions, Skipped, Source, decode, record_to_article
from dotterel.io.readers.registry import register
from dotterel.limits import over


@register
class JsonlReader(Reader):
    format = "jsonl"
    suffixes = (".jsonl", ".ndjson")
    description = "JSON Lines files"

    def sniff(self, head: bytes) -> bool:
        lines = [ln.strip() for ln in head.lstrip(b"\xef\xbb\xbf").splitlines() if ln.strip()]
        if not lines:
            return False
        complete = lines[:-1] if len(head) >= 4096 and len(lines) > 1 else lines
        return all(ln.startswith(b"{") for ln in complete) and (len(complete) > 1 or _is_object(complete[0]))

    def read(self, source: Source, options: ReadOptions) -> Iterator[Item]:
        limit = options.max_bytes
        records = 0
        try:
            with source.open() as f:
                for n, line in enumerate(iter(lambda: f.readline(limit + 1), b""), 1):
                    if len(line) > limit and not line.endswith(b"\n"):  # a record over the limit: skip to its end
                        while (rest := f.readline(2**20)) and not rest.endswith(b"\n"):
                            pass
                        records += 1
                        yield LimitError(over(f"{source.name}:{n}", None, limit, "bytes", "--max-bytes"))
                    elif line.strip():
                        records += 1
                        yield _record(line, n, source, options)
            if not records:
                yield Skipped(source=source.name, reason="no records", message=f"{source.name}: no records (empty)")
        except OSError as e:
            yield InputError(f"{source.name}: cannot read: {e.strerror or e}")
        except (EOFError, zlib.error) as e:
            yield InputError(f"{source.name}: not a readable gzip file: {e}")


@register
class JsonReader(Reader):
    format = "json"
    suffixes = (".json",)
    description = "JSON files"

    def sniff(self, head: bytes) -> bool:
        body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        return body.startswith(b"[") or (body.startswith(b"{") and len(head) < 4096 and _is_object(body))

    def read(self, source: Source, options: ReadOptions) -> Iterator[Item]:
        try:
            doc = json.loads(decode(source.read_bytes(options.max_file_bytes, option="--max-file-bytes"), source.name,
                                    fallback=options.encoding_fallback))
        except InputError as e:
            yield e
            return
        except OSError as e:
            yield InputError(f"{source.name}: cannot read: {e.strerror or e}")
            return
        except json.JSONDecodeError as e:
            yield InputError(f"{source.name}: not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})")
            return
        except RecursionError:
            yield InputError(f"{source.name}: not readable JSON: nested too deeply")
            return
        except ValueError as e:  # a number too long to convert, among others
            yield InputError(f"{source.name}: not readable JSON: {e}")
            return
        records = doc if isinstance(doc, list) else [doc]
        if isinstance(doc, dict) and not _has_text(doc):
            lists = [v for v in doc.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
            if len(lists) == 1:  # {"articles": [...]}, {"data": [...]}
                records = lists[0]
        for n, rec in enumerate(records, 1):
            where = f"{source.name} record {n}"
            if not isinstance(rec, dict):
                yield InputError(f"{where}: expected a JSON object, got {type(rec).__name__}")
                continue
            try:
                yield record_to_article(rec, options=options, default_id=f"{source.doc_id}-{n}", where=where)
            except InputError as e:
                yield e


def _record(line: bytes, n: int, source: Source, options: ReadOptions) -> Item:
    where = f"{source.name}:{n}"
    try:
        rec = json.loads(decode(line.rstrip(b"\r\n"), where, fallback=options.encoding_fallback))
    except InputError as e:
        return e
    except json.JSONDecodeError as e:
        return InputError(f"{where}: not valid JSON: {e.msg} (column {e.colno})")
    except RecursionError:
        return InputError(f"{where}: not readable JSON: nested too deeply")
    except ValueError as e:  # a number too long to convert, among others
        return InputError(f"{where}: not readable JSON: {e}")
    if not isinstance(rec, dict):
        return InputError(f"{where}: expected a JSON object, got {type(rec).__name__}")
    try:
        return record_to_article(rec, options=options, default_id=f"{source.doc_id}-{n}", where=where)
    except InputError as e:
        return e


def _is_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _has_text(rec: dict[str, Any]) -> bool:
    return any(str(k).lower() in ("text", "body", "content") for k in rec)
