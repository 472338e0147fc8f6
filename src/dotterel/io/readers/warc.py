"""Web archives (.warc, .warc.gz, .arc, .arc.gz): one article per HTML page in the archive (warcio).

Only successful (2xx) `response` records, and `resource` records, whose content type is HTML
(text/html, application/xhtml+xml) are read; each goes through the HTML reader, so the text is
the page's story text and the title, date and outlet come from the page. Requests, metadata,
revisits, redirects, errors, images, scripts and styles are left out, and counted in one line
per archive. The id is the record's WARC-Record-ID (the UUID), the URL its WARC-Target-URI.
The WARC-Date is when the page was crawled, not published, so it is not used as a date. A page
without story text is an error naming the record; a damaged archive is read up to the damage.
The archive streams: it is never read into memory whole.
"""
from __future__ import annotations

import contextlib
import io
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from functools import cache
from typing import Any

from dotterel.errors import InputError, LimitError
from dotterel.io.readers.base import Item, Reader, ReadOptions, Skipped, Source, require
from dotterel.io.readers.html import html_article
from dotterel.io.readers.registry import register
from dotterel.limits import over

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_NOT_DOCUMENTS = ("request", "warcinfo", "metadata", "conversion", "continuation")
_UUID = re.compile(r"urn:uuid:([0-9a-fA-F-]{36})")


@register
class WarcReader(Reader):
    format = "warc"
    suffixes = (".warc", ".warc.gz", ".arc", ".arc.gz")
    description = "WARC files"
    needs = ("warcio", "trafilatura")

    def sniff(self, head: bytes) -> bool:
        if head.startswith(b"\x1f\x8b"):
            try:
                head = zlib.decompressobj(wbits=31).decompress(head, 64)
            except zlib.error:
                return False
        return head.startswith(b"WARC/")

    def read(self, source: Source, options: ReadOptions) -> Iterator[Item]:
        self.check_installed()
        require("warcio", what="reading WARC files")
        from warcio.exceptions import ArchiveLoadFailed

        left_out: Counter[str] = Counter()
        n = 0
        try:
            head = source.head(512)
            if not (self.sniff(head) or _is_arc(head)):
                yield InputError(f"{source.name}: not a readable WARC file (it does not start with a WARC/1.x record)")
                return
            with source.open() as f:
                guard = _Guard(f, options)
                records = _archive_iterator()(guard, arc2warc=True)
                guard.reader = records.reader
                try:
                    each = iter(records)
                    while True:
                        with _quiet():
                            record = next(each, None)
                            if record is None:
                                break
                            n += 1
                            guard.mark("body")
                            item = _record(record, n, source, options, left_out)
                            short = _drain(record)
                            guard.mark("headers")
                        if short is not None:
                            yield InputError(f"{source.name} record {n}: cut short ({short}); the archive is "
                                             f"truncated or damaged" + (f"; {n - 1} record(s) before it were read"
                                                                        if n > 1 else ""))
                            break
                        if item is not None:
                            yield item
                    if records.truncated:
                        yield InputError(f"{source.name}: the archive ends inside a record (truncated)"
                                         + (f"; {n} record(s) before it were read" if n else ""))
                except _Bounded as e:
                    at, before = (n + 1, n) if e.phase == "headers" else (n, n - 1)
                    yield LimitError(f"{source.name} record {at}: refused: {e}; the rest of the archive is not read"
                                     + (f" ({before} record(s) before it were read)" if before else ""))
                except (ArchiveLoadFailed, zlib.error, EOFError, ValueError, LookupError, TypeError, AttributeError,
                        IndexError, UnicodeError, OverflowError) as e:  # what warcio raises on damaged archives
                    where = f"record {n + 1}" if n else "the start"
                    yield InputError(f"{source.name}: not a readable WARC file at {where}: {_why(e)}"
                                     + (f"; {n} record(s) before it were read" if n else ""))
        except OSError as e:
            yield InputError(f"{source.name}: cannot read: {e.strerror or e}")
        if left_out:
            total = sum(left_out.values())
            detail = ", ".join(f"{k} {v}" for k, v in left_out.most_common(6))
            yield Skipped(source=source.name, reason="WARC record not an HTML page", count=total,
                          message=f"{source.name}: {total} record(s) left out, not HTML pages ({detail})")


def _record(record: Any, n: int, source: Source, options: ReadOptions, left_out: Counter[str]) -> Item | None:
    kind = record.rec_type
    if kind in _NOT_DOCUMENTS:
        return None
    if kind not in ("response", "resource", "revisit"):
        left_out[f"record type {_printable(str(kind))[:40]}"] += 1
        return None
    if kind == "revisit":
        left_out["revisit"] += 1
        return None
    headers = record.rec_headers
    if kind == "response":
        http = record.http_headers
        if http is None:
            left_out["not HTTP"] += 1
            return None
        status = http.get_statuscode() or ""
        if not status.startswith("2"):
            left_out[f"HTTP {status}"] += 1
            return None
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = headers.get_header("Content-Type") or ""
    mime = content_type.split(";")[0].strip().lower()
    if mime not in _HTML_TYPES:
        left_out[mime or "no content type"] += 1
        return None
    uri = headers.get_header("WARC-Target-URI") or None
    record_id = headers.get_header("WARC-Record-ID") or ""
    m = _UUID.search(record_id)
    doc_id = m.group(1).lower() if m else f"{source.doc_id}-{n}"
    where = f"{source.name} record {n} ({_printable(uri or record_id or 'no URI')})"
    try:
        body = record.content_stream().read(options.max_bytes + 1)
    except (OSError, zlib.error, ValueError, EOFError, LookupError, TypeError, AttributeError, IndexError) as e:
        return InputError(f"{where}: cannot read the page: {_why(e)}")
    if len(body) > options.max_bytes:  # decoded (chunked, gzip) page bytes: a bomb stops here
        return LimitError(over(where, None, options.max_bytes, "bytes", "--max-bytes"))
    try:
        return html_article(body, doc_id=doc_id, source=where, url=uri, content_type=content_type,
                            fallback=options.encoding_fallback, max_bytes=options.max_bytes)
    except InputError as e:
        return e


class _Bounded(Exception):
    """An archive record over a reading limit: too much header, or a body that inflates like a bomb."""

    def __init__(self, message: str, phase: str) -> None:
        super().__init__(message)
        self.phase = phase


class _Guard:
    """The archive file as warcio reads it, counting what goes in (compressed) and what comes out
    of warcio's decompressor. warcio reads header lines and the blank lines between records to
    their end, however long, and inflates a record's gzip member whatever its size; the guard
    stops both: headers (WARC and HTTP, from one record's end to the next record) may hold at
    most `max_header_bytes`, and a body may inflate to `max_bytes` and then to at most
    `max_expansion` times what it was read from."""

    def __init__(self, f: Any, options: ReadOptions) -> None:
        self.f = f
        self.options = options
        self.reader: Any = None  # warcio's decompressing reader, set once the iterator has made it
        self.raw = 0
        self.phase = "headers"
        self._raw_mark = 0
        self._out_mark = 0

    def mark(self, phase: str) -> None:
        self.phase = phase
        self._raw_mark = self.raw
        self._out_mark = self.reader.num_read if self.reader is not None else 0

    def read(self, size: int = -1) -> bytes:
        if self.reader is not None:
            out = self.reader.num_read - self._out_mark
            if self.phase == "headers" and out > self.options.max_header_bytes:
                raise _Bounded(f"more than {self.options.max_header_bytes:,} bytes of headers "
                               f"(a damaged archive?)", self.phase)
            if (self.phase == "body" and out > self.options.max_bytes
                    and out > self.options.max_expansion * (self.raw - self._raw_mark)):
                raise _Bounded(f"it inflates to more than {self.options.max_expansion} times its compressed size "
                               f"past {self.options.max_bytes:,} bytes (a gzip bomb?)", self.phase)
        data: bytes = self.f.read(size)
        self.raw += len(data)
        return data

    def tell(self) -> int:
        return int(self.f.tell())


def _quiet() -> contextlib.AbstractContextManager[Any]:
    """warcio writes its warnings about damaged records straight to stderr, hostile bytes and all
    ("Replacing spaces in invalid WARC-Target-URI: ..."); while it reads they go nowhere, and
    the reader says what was wrong in its own words. (Not around a `yield`: the consumer's
    output is never swallowed.)"""
    return contextlib.redirect_stderr(io.StringIO())


@cache
def _archive_iterator() -> Any:
    """warcio's ArchiveIterator, which says when the archive ended inside a gzip member (warcio
    itself stops there without a word)."""
    from warcio.archiveiterator import ArchiveIterator

    class Archive(ArchiveIterator):  # type: ignore[misc]
        truncated = False

        def close(self) -> None:
            decompressor = getattr(self.reader, "decompressor", None)
            if decompressor is not None and not decompressor.eof:
                self.truncated = True
            super().close()

    return Archive


def _drain(record: Any) -> str | None:
    """Read the rest of a record's block (the guard watches the inflation); says how it falls short
    of its Content-Length when the archive ends inside it."""
    stream = record.raw_stream
    while stream.read(2**20):
        pass
    declared = record.length
    remaining = getattr(stream, "limit", 0)
    if declared is not None and remaining:
        return f"{int(declared) - int(remaining):,} of {int(declared):,} bytes"
    return None


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in text)[:300]


def _is_arc(head: bytes) -> bool:
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 64)
        except zlib.error:
            return False
    return head.startswith(b"filedesc://")


def _why(e: BaseException) -> str:
    """The reason, short and printable (warcio quotes the damaged bytes)."""
    text = (str(e) or type(e).__name__).split(", first line:")[0]
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= 160 else text[:157] + "..."
