"""What the fuzzers feed and what they check: every reader, the input dispatcher, normalize and
the pipeline, over bytes and texts that are mostly broken.

Shared by the property tests (tests/property/test_fuzz.py, bounded) and the long runs
(benchmarks/fuzz.py with hypothesis, benchmarks/fuzz_atheris.py with atheris). A target raises
nothing for any input: it returns normally when every item is an `Article`, an `InputError` or
a `Skipped` (and every article is storable Unicode), and when every evidence offset slices the
article's text exactly; anything else (an exception escaping a reader, an offset that does not
point at its text) is a crash. The seeds are small valid documents of every format, written
here; the strategies mutate them (flip, cut, splice, repeat, insert hostile fragments).
"""
from __future__ import annotations

import gzip
import json
import os
from collections import Counter

from hypothesis import strategies as st

from dotterel.errors import InputError
from dotterel.io.readers import READERS, ReadOptions, Skipped, Source, read_inputs
from dotterel.model import Article

STORY = ("Police detained eleven protesters outside the regional assembly in Varna Dell on Tuesday, a spokesman "
         "said. The interior minister later met union leaders to discuss the strike.")
TRIED: Counter[str] = Counter()  # inputs given to each target, in this process
# small limits, so that fuzzing reaches them without big inputs
OPTIONS = ReadOptions(max_bytes=4096, max_file_bytes=16384, max_header_bytes=2048, detect_language=False)


def _warc(pages: list[bytes], *, gz: bool = True) -> bytes:
    out = []
    for n, page in enumerate(pages):
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n" % len(page)
        body = http + page
        rec = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/%d\r\n"
               b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>\r\nContent-Type: application/http; "
               b"msgtype=response\r\nContent-Length: %d\r\n\r\n" % (n, n, len(body))) + body + b"\r\n\r\n"
        out.append(gzip.compress(rec) if gz else rec)
    return b"".join(out)


PAGE = (f"<html><head><title>Assembly protest</title><meta property='og:site_name' content='Dell Post'></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>Assembly protest</h1><p>{STORY}</p><p>{STORY}</p>"
        f"</article></body></html>").encode()
SEEDS: dict[str, list[bytes]] = {
    "text": [STORY.encode(), f"Assembly protest\n\n{STORY}\n\n{STORY}".encode(), "\ufeffTitle\r\n\r\nBody.".encode()],
    "jsonl": [(json.dumps({"doc_id": "a", "title": "T", "text": STORY, "published": "2024-06-10"}) + "\n"
               + json.dumps({"id": 2, "body": STORY, "date": "10 June 2024", "source": {"name": "X"}}) + "\n").encode()],
    "json": [json.dumps([{"doc_id": "a", "text": STORY}, {"text": STORY, "url": "https://x.example/1"}]).encode(),
             json.dumps({"articles": [{"headline": "H", "content": STORY}]}).encode()],
    "csv": [f'doc_id,title,text,published\r\na,T,"{STORY}",2024-06-10\r\nb,U,"{STORY}\n\nMore.",2024/06/11\r\n'.encode(),
            f"id;Story Body;Pub Date\n1;{STORY};14/11/2022\n".encode()],
    "html": [PAGE, b"<!doctype html><html lang=en><body><p>" + STORY.encode() + b"<br>" + STORY.encode()
             + b"</p></body></html>"],
    "feed": [(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Dell Post</title><language>en</language>'
              f"<item><title>Assembly protest</title><guid>g1</guid><pubDate>Mon, 10 Jun 2024 08:00:00 GMT</pubDate>"
              f"<description>{STORY}</description></item></channel></rss>").encode(),
             (f'<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title><entry><id>e1</id><title>T</title>'
              f'<content type="html">&lt;p&gt;{STORY}&lt;/p&gt;</content></entry></feed>').encode()],
    "warc": [_warc([PAGE, PAGE.replace(b"Tuesday", b"Monday")]), _warc([PAGE], gz=False)],
}
SUFFIX = {"text": ".txt", "jsonl": ".jsonl", "json": ".json", "csv": ".csv", "html": ".html", "feed": ".rss",
          "warc": ".warc.gz"}
FRAGMENTS = [b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\xc3\x28", b"\xed\xa0\x80", b"\\ud800", b'"', b"\r", b"\n\n",
             b"\x1f\x8b\x08\x00", b"WARC/1.0\r\n", b"Content-Length: 99999999\r\n", b"<", b"<!--", b"<![CDATA[",
             b"]]>", b"&#0;", b"&#xD800;", b"&lol;", b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"{", b"[" * 64, b"1e999",
             b"NaN", b"9" * 5000, b",", b";", b"\t", b"\u202e".decode("unicode_escape").encode("utf-8"),
             "\U0001f44d\U0001f3fd".encode(), "e\u0301\u0327".encode(), b"\x1b[2J", b"javascript:", b"<script>"]


@st.composite
def mutated(draw: st.DrawFn, fmt: str) -> bytes:
    """A seed of `fmt`, then a few edits: flipped bytes, cuts, splices, repeats, hostile fragments."""
    data = bytearray(draw(st.sampled_from(SEEDS[fmt])))
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "fragment", "repeat", "truncate", "gzip"]))
        at = draw(st.integers(0, max(0, len(data) - 1))) if data else 0
        if op == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "cut" and data:
            del data[at: at + draw(st.integers(1, 64))]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        elif op == "fragment":
            data[at:at] = draw(st.sampled_from(FRAGMENTS))
        elif op == "repeat" and data:
            piece = bytes(data[at: at + draw(st.integers(1, 32))])
            data[at:at] = piece * draw(st.integers(2, 200))
        elif op == "truncate":
            data = data[:at]
        elif op == "gzip" and draw(st.booleans()):
            data = bytearray(gzip.compress(bytes(data))[: draw(st.integers(1, len(data) + 40))])
    return bytes(data)


def any_bytes(fmt: str) -> st.SearchStrategy[bytes]:
    """Mutated seeds of `fmt`, or bytes from nowhere."""
    return mutated(fmt) | st.binary(max_size=600)


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
NEWSY = st.lists(st.sampled_from(STORY.split() + [".", ",", "\n\n", "said", "attacked", "Reuters", "KABUL -",
                                                  "(AP)", "\u202e", "\U0001f44d", "IS", "WHO", "\x07", "\t"]),
                 max_size=60).map(" ".join)
TEXTS = TEXT | NEWSY


# ---------------------------------------------------------------------------------------- targets

def check_items(items: list[object]) -> None:
    for item in items:
        assert isinstance(item, (Article, InputError, Skipped)), f"a reader yielded {type(item).__name__}"
        if isinstance(item, Article):
            for name in ("text", "title", "doc_id", "url", "outlet", "published", "language"):
                value = getattr(item, name)
                assert value is None or isinstance(value, str), name
                if value is not None:
                    value.encode("utf-8")  # storable and printable: no lone surrogates
        else:
            assert str(item).strip(), "a problem without a message"


def read_format(fmt: str, data: bytes) -> list[object]:
    """One reader over `data`, as its format's reader (what `--format` does)."""
    TRIED[f"reader {fmt}"] += 1
    reader = READERS[f"dotterel.reader.{fmt}.v1"]
    items = list(reader.read(Source(name=f"fuzz{SUFFIX[fmt]}", doc_id="fuzz", data=data), OPTIONS))
    check_items(items)
    return items


def read_file(fmt: str, data: bytes, directory: str) -> list[object]:
    """`read_inputs` over a file with `fmt`'s suffix (and over the same bytes gzipped, named .gz)."""
    TRIED[f"file {fmt}"] += 1
    path = os.path.join(directory, "fuzz" + SUFFIX[fmt])
    with open(path, "wb") as f:
        f.write(data)
    items = list(read_inputs([path], options=OPTIONS))
    check_items(items)
    if not SUFFIX[fmt].endswith(".gz"):
        with open(path + ".gz", "wb") as f:
            f.write(gzip.compress(data, mtime=0))
        check_items(list(read_inputs([path + ".gz"], options=OPTIONS)))
        os.unlink(path + ".gz")
    os.unlink(path)
    return items


def sniffed(data: bytes) -> list[object]:
    """Bytes of no known name: the first-bytes detection, then that reader (what stdin gets)."""
    from dotterel.io.readers.inputs import _read_source

    TRIED["first bytes"] += 1
    items = [item for item, _ in _read_source(Source(name="fuzz", doc_id="fuzz", data=data), OPTIONS, None,
                                              explicit=True)]
    check_items(items)
    return items


def normalize(text: str) -> None:
    from dotterel.model import Document
    from dotterel.stages import build_stage

    TRIED["normalize"] += 1
    doc = Document(article=Article(doc_id="fuzz", text=text))
    build_stage("normalize")(doc)
    assert len(doc.parsed_text) == len(text), "normalize moved an offset"
    for start, end in doc.story + doc.captions:
        assert 0 <= start <= end <= len(text)


def code(pipeline: object, text: str) -> None:
    """The pipeline's entry point: a Coded, never an exception; every offset slices the text."""
    TRIED["pipeline"] += 1
    coded = pipeline(Article(doc_id="fuzz", text=text, published="2024-06-10"))  # type: ignore[operator]
    if coded.error:
        assert "fuzz:" in coded.error
        return
    for m in coded.mentions:
        for span in (m.evidence, m.sentence):  # exact, always
            assert span is None or text[span.start:span.end] == span.text, (text[span.start:span.end], span.text)
        for ref in (m.actor, m.recipient, m.location):  # in bounds; the name as written, spaces aside
            if ref is None or ref.start is None or ref.end is None:
                continue
            assert 0 <= ref.start <= ref.end <= len(text), (ref.start, ref.end, len(text))
            assert not ref.text or text[ref.start:ref.end].split() == ref.text.split(), (text[ref.start:ref.end],
                                                                                         ref.text)


__all__ = ["FRAGMENTS", "OPTIONS", "SEEDS", "SUFFIX", "TEXTS", "TRIED", "any_bytes", "check_items", "code", "mutated",
           "normalize", "read_file", "read_format", "sniffed"]
