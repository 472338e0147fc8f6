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

import re
import zlib
from collections import Counter
from collections.abc import Iterator
from typing import Any

from dotterel.errors import InputError
from dotterel.io.readers.base import Item, Reader, ReadOptions, Skipped, Source, require
from dotterel.io.readers.html import MAX_PAGE_BYTES, html_article
from dotterel.io.readers.registry import register

_HTML_TYPES = ("text/html", "application/xhtml+xml")
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
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed

        left_out: Counter[str] = Counter()
        n = 0
        try:
            head = source.head(512)
            if not (self.sniff(head) or _is_arc(head)):
                yield InputError(f"{source.name}: not a readable WARC file (it does not start with a WARC/1.x record)")
                return
            with source.open() as f:
                records = ArchiveIterator(f, arc2warc=True)
                try:
                    for record in records:
                        n += 1
                        item = _record(record, n, source, options, left_out)
                        if item is not None:
                            yield item
                except (ArchiveLoadFailed, zlib.error, EOFError, ValueError) as e:
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
    if kind not in ("response", "resource", "revisit"):
        return None  # request, warcinfo, metadata, conversion: not documents
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
    where = f"{source.name} record {n} ({uri or record_id or 'no URI'})"
    try:
        body = record.content_stream().read(MAX_PAGE_BYTES + 1)
    except (OSError, zlib.error, ValueError, EOFError) as e:
        return InputError(f"{where}: cannot read the page: {_why(e)}")
    try:
        return html_article(body, doc_id=doc_id, source=where, url=uri, content_type=content_type,
                            fallback=options.encoding_fallback)
    except InputError as e:
        return e


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
