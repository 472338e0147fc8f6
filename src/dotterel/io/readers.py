"""Readers: turn input paths into Article records.

`read_inputs(paths)` yields `Article` or `InputError` items, in input order: a bad document
becomes one error naming the file or record and the problem, and reading goes on.
Supported here: .txt files (first line is the title when a blank line follows it), .jsonl
files of article records, directories (recursively), and "-" for stdin (JSONL when every
line is a JSON object, else one text article).
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from dotterel.errors import InputError
from dotterel.model import Article

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
MAX_TITLE_CHARS = 250

Item = Article | InputError


def read_inputs(paths: Iterable[str], *, published: str | None = None) -> Iterator[Item]:
    for raw in paths:
        if raw == "-":
            yield from _with_default_date(read_stdin(), published)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _with_default_date(read_directory(path), published)
        elif not path.exists():
            yield InputError(f"{raw}: no such file or directory")
        else:
            yield from _with_default_date(read_file(path), published)


def read_directory(root: Path) -> Iterator[Item]:
    seen: set[Path] = set()
    for path in sorted(root.rglob("*")):
        try:
            real = path.resolve()
        except (OSError, RuntimeError) as e:
            yield InputError(f"{path}: cannot resolve path: {e}")
            continue
        if real in seen or not path.is_file():
            continue
        seen.add(real)
        if path.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES:
            yield from read_file(path)


def read_file(path: Path) -> Iterator[Item]:
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as e:
        yield InputError(f"{path}: cannot read: {e.strerror or e}")
        return
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl_bytes(data, source=str(path))
    else:
        yield read_text_bytes(data, doc_id=path.stem, source=str(path))


def read_stdin() -> Iterator[Item]:
    data = sys.stdin.buffer.read()
    lines = [ln for ln in data.splitlines() if ln.strip()]
    if lines and all(ln.lstrip().startswith(b"{") for ln in lines):
        yield from read_jsonl_bytes(data, source="<stdin>")
    else:
        yield read_text_bytes(data, doc_id="stdin", source="<stdin>")


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM); anything else is a clear error, never silent mojibake."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{source}: not UTF-8 text (byte {e.start}: {data[e.start:e.start + 1]!r}); "
                         f"convert it to UTF-8 first") from e
    if "\x00" in text:
        raise InputError(f"{source}: contains NUL bytes; not a text document")
    return text


def read_text_bytes(data: bytes, *, doc_id: str, source: str) -> Item:
    try:
        text = decode(data, source)
    except InputError as e:
        return e
    title, body = split_title(text)
    return Article(doc_id=doc_id, text=body, title=title)


def split_title(text: str) -> tuple[str | None, str]:
    """A first line followed by a blank line, short and without a final full stop, is the title."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    head, sep, rest = text.partition("\n")
    if sep and rest.startswith("\n") and 0 < len(head.strip()) <= MAX_TITLE_CHARS and not head.rstrip().endswith("."):
        return head.strip(), rest.lstrip("\n")
    return None, text


def read_jsonl_bytes(data: bytes, *, source: str) -> Iterator[Item]:
    for n, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            rec = json.loads(decode(line, where))
        except InputError as e:
            yield e
            continue
        except json.JSONDecodeError as e:
            yield InputError(f"{where}: not valid JSON: {e.msg} (column {e.colno})")
            continue
        if not isinstance(rec, dict):
            yield InputError(f"{where}: expected a JSON object, got {type(rec).__name__}")
            continue
        try:
            yield Article.from_dict(rec, default_id=f"{Path(source).stem}-{n}")
        except InputError as e:
            yield InputError(f"{where}: {e}")


def _with_default_date(items: Iterable[Item], published: str | None) -> Iterator[Item]:
    for item in items:
        if published and isinstance(item, Article) and not item.published:
            item = Article(**{**item.to_dict(), "published": published})
        yield item
