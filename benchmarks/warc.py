"""Measure warcio against fastwarc on a WARC built here, and the HTML extraction after it.

    python benchmarks/warc.py [--pages 3000]     # pip install fastwarc to compare it too

Builds a gzipped WARC of N HTML responses (each with its request record) with warcio's writer,
then times iterating it and reading every HTML body with warcio and with fastwarc (when
installed), and times trafilatura's extraction of one page. The reader cost per page is to be
compared with the extraction cost per page (and the far larger spaCy cost per article).
"""
from __future__ import annotations

import argparse
import importlib.util
import io
import time

PAGE = ("<html><head><title>Police detain protest leader</title></head><body><nav><a href='/'>Home</a> "
        "<a href='/world'>World</a></nav><article><h1>Police detain protest leader</h1>"
        + "".join(f"<p>Paragraph {i}: police detained the leader of the protest movement on Tuesday, "
                  f"his lawyer said, after a night of clashes outside parliament.</p>" for i in range(8))
        + "</article><footer>Copyright</footer></body></html>").encode()


def build(n: int) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for i in range(n):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://news.example/{i}", "response",
                                                      payload=io.BytesIO(PAGE), http_headers=http))
        writer.write_record(writer.create_warc_record(f"https://news.example/{i}", "request",
                                                      payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
                                                      warc_content_type="application/http; msgtype=request"))
    return buf.getvalue()


def with_warcio(data: bytes) -> int:
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    for record in ArchiveIterator(io.BytesIO(data)):
        if record.rec_type == "response" and "html" in (record.http_headers.get_header("Content-Type") or ""):
            record.content_stream().read()
            n += 1
    return n


def with_fastwarc(data: bytes) -> int:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    n = 0
    for record in ArchiveIterator(io.BytesIO(data), record_types=WarcRecordType.response, parse_http=True):
        if "html" in (record.http_headers.get("Content-Type") or ""):
            record.reader.read()
            n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=3000)
    a = ap.parse_args()
    data = build(a.pages)
    print(f"WARC of {a.pages} pages, {len(data) / 2**20:.1f} MiB gzipped")
    for name, module, run in (("warcio", "warcio", with_warcio), ("fastwarc", "fastwarc", with_fastwarc)):
        if importlib.util.find_spec(module) is None:
            print(f"{name:<12} not installed")
            continue
        t0 = time.perf_counter()
        n = run(data)
        dt = time.perf_counter() - t0
        print(f"{name:<12} {n} pages in {dt:.3f} s = {dt / n * 1000:.3f} ms/page")
    if importlib.util.find_spec("trafilatura") is not None:
        import trafilatura

        t0 = time.perf_counter()
        for _ in range(200):
            trafilatura.bare_extraction(PAGE.decode(), with_metadata=True, include_comments=False)
        print(f"{'trafilatura':<12} {(time.perf_counter() - t0) / 200 * 1000:.3f} ms/page (extraction)")


if __name__ == "__main__":
    main()
