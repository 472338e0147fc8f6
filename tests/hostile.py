"""Hostile inputs: what a crawler may bring back, written to a folder for the reliability tests
and benchmarks.

    python tests/hostile.py OUT_DIR [--scale full|small] [--seed 7]

Every file is made here, from nothing but this module (no real news, no eval texts): binary
junk, NUL bytes, invalid UTF-8, UTF-16 without a byte-order mark, a 50 MB single-line text, a
document of a million short sentences, deeply nested and unclosed HTML, gzip bombs inside WARC
records (in the WARC record, in the HTTP body, after a record that lies about its length),
truncated archives, malformed JSONL and CSV (unterminated quotes, wrong types, huge fields,
nesting deep enough to break a recursive parser), right-to-left and combining characters, emoji,
control and terminal-escape characters, markup aimed at whoever displays the text, XML entity
bombs, empty files and symbolic-link loops in a folder.

`generate(out, scale=...)` returns one `Hostile` per file: its path (relative to `out`) and what
it is. `scale="small"` shrinks only what costs time to write (the bombs decompress to 300 MiB
instead of 2 GiB); the 50 MB line and the million sentences stay as named, since refusing them
costs nothing. The sizes are chosen to cross dotterel's limits (docs/reliability.md), never to
fit under them.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import zlib
from dataclasses import dataclass
from pathlib import Path

MiB = 2**20
STORY = ("Police detained eleven protesters outside the regional assembly in Varna Dell on Tuesday, "
         "a spokesman for the group said.")
XSS = ['<script>window.__xss=1</script>', '<img src=x onerror="window.__xss=2">', '"><svg onload=window.__xss=3>',
       "javascript:window.__xss=4", "=HYPERLINK(\"http://evil.example\",\"click\")", "@SUM(1+1)*cmd|' /C calc'!A0",
       "\x1b]0;pwned\x07\x1b[2J\x1b[31mred", "'; DROP TABLE articles; --"]


@dataclass(frozen=True)
class Hostile:
    path: str  # relative to the output folder
    what: str


def generate(out: str | Path, *, scale: str = "full", seed: int = 7) -> list[Hostile]:
    """Write every hostile input under `out` (created); returns what was written."""
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    r = random.Random(seed)
    bomb = 2 * 1024 * MiB if scale == "full" else 300 * MiB
    made: list[Hostile] = []

    def put(name: str, data: bytes | str, what: str) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        made.append(Hostile(name, what))

    # -- bytes that are not text
    put("binary/random.bin", r.randbytes(64 * 1024), "random bytes, unknown suffix")
    put("binary/random.txt", r.randbytes(64 * 1024), "random bytes named .txt")
    put("binary/elf.html", b"\x7fELF\x02\x01\x01" + r.randbytes(4096), "an executable named .html")
    put("binary/png.jsonl", b"\x89PNG\r\n\x1a\n" + r.randbytes(4096), "an image named .jsonl")
    put("binary/nul.txt", STORY.replace(" ", "\x00", 3).encode(), "text with NUL bytes")
    put("binary/nul.csv", b"doc_id,text\nn1,\"" + STORY.encode() + b"\x00\"\n", "CSV with a NUL byte")
    # -- encodings
    put("encoding/invalid-utf8.txt", STORY.encode() + b" \xc3\x28 \xa0\xa1 \xf0\x28\x8c\xbc " + STORY.encode(),
        "invalid UTF-8 sequences")
    put("encoding/utf16le-nobom.txt", STORY.encode("utf-16-le"), "UTF-16LE without a byte-order mark")
    put("encoding/utf16be-nobom.txt", STORY.encode("utf-16-be"), "UTF-16BE without a byte-order mark")
    put("encoding/lone-surrogate.jsonl", json.dumps({"doc_id": "s1", "text": STORY + " \ud800 end"}) + "\n",
        "a JSON escape for a lone surrogate")
    put("encoding/overlong.txt", b"Police \xc0\xaf\xe0\x80\xaf detained " + STORY.encode(), "overlong UTF-8")
    put("encoding/bom-only.txt", b"\xef\xbb\xbf", "a byte-order mark and nothing else")
    put("encoding/utf16-bom-odd.txt", b"\xff\xfe" + STORY.encode("utf-16-le") + b"\x00", "UTF-16 with an odd byte")
    # -- size
    put("size/one-line-50mb.txt", ("dotterel " * (50 * MiB // 9 + 1))[: 50 * MiB], "a 50 MB single-line text")
    put("size/million-sentences.txt", "Rain fell. " * 1_000_000, "a million short sentences")
    put("size/huge-field.jsonl", json.dumps({"doc_id": "big", "text": "word " * (6 * MiB)}) + "\n"
        + json.dumps({"doc_id": "after-big", "text": STORY}) + "\n", "a 30 MB JSONL text field, then a good record")
    put("size/huge-line-no-newline.jsonl", b'{"doc_id": "x", "text": "' + b"y" * (40 * MiB),
        "a 40 MB JSONL line that never ends")
    with gzip.open(root / "size/bomb.txt.gz", "wb", compresslevel=9) as f:
        chunk = b"\0" * MiB
        for _ in range(bomb // MiB):
            f.write(chunk)
    made.append(Hostile("size/bomb.txt.gz", f"a gzip bomb ({bomb // MiB} MiB of zeros) as a .txt.gz"))
    # -- markup
    put("html/nested-100k.html", "<html><body>" + "<div>" * 100_000 + STORY + "</div>" * 10 + "</body></html>",
        "100,000 nested divs")
    put("html/unclosed.html", "<html><head><title>Unclosed" + "".join(f"<{t}>" for t in
        ("b", "i", "p", "table", "tr", "td", "span", "a href='x") * 5000) + STORY, "unclosed tags and attributes")
    put("html/deep-inline.html", "<html><body><p>" + "<b><i>" * 30_000 + STORY + "</p></body></html>",
        "30,000 nested inline tags")
    put("html/comment-bomb.html", "<html><body><!--" + "-" * (2 * MiB) + "<p>" + STORY, "an unclosed comment")
    put("html/xss.html", "<html><head><title>" + XSS[0] + " Raid</title></head><body><article><p>"
        + " ".join(XSS) + " " + STORY + "</p><p>" + STORY + "</p></article></body></html>", "script in a page")
    put("html/null-in-attr.html", b"<html><body><p title='\x00\x00'>" + STORY.encode() + b"</p></body></html>",
        "NUL inside an attribute")
    put("feed/billion-laughs.rss", _laughs(), "an XML entity expansion bomb in a feed")
    put("feed/xxe.rss", '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<rss version="2.0"><channel><title>T</title><item><title>&x;</title><description>' + STORY
        + '</description></item></channel></rss>', "an external entity in a feed")
    put("feed/nested.rss", '<rss version="2.0"><channel>' + "<item>" * 50_000 + "</channel></rss>",
        "50,000 nested items")
    # -- archives
    put("warc/bomb-record.warc.gz", _warc_bomb_record(bomb), "a WARC record whose gzip member is a bomb")
    put("warc/bomb-body.warc.gz", _warc_bomb_body(bomb), "an HTTP body with Content-Encoding: gzip that is a bomb")
    put("warc/bomb-after-length.warc.gz", _warc_bomb_after(bomb), "a record that lies about its length, then zeros")
    put("warc/header-line.warc", b"WARC/1.0\r\nWARC-Type: response\r\nX: " + b"h" * (40 * MiB),
        "a WARC header line of 40 MB")
    good = _warc([_response("https://news.example/a", _page("Raid"))] * 3)
    put("warc/truncated.warc.gz", good[:-60], "a WARC cut off inside its last record's body")
    put("warc/truncated-header.warc.gz", good[:-200], "a WARC cut off inside its last record's headers")
    put("warc/garbage-after.warc.gz", good + r.randbytes(10_000), "a WARC followed by junk")
    put("warc/not-gzip.warc.gz", b"WARC/1.0\r\n" + r.randbytes(2000), "a .warc.gz that is not gzip")
    words = " ".join(r.choice(STORY.split()) for _ in range(5000)).encode()
    put("gz/truncated.txt.gz", gzip.compress(words)[:2000], "a .txt.gz cut off inside its deflate stream")
    put("gz/not-gzip.csv.gz", b"doc_id,text\n", "a .csv.gz that is not gzip")
    # -- records
    jsonl = [
        '{"doc_id": "ok-1", "text": "' + STORY + '"}',
        '{"doc_id": "unterminated", "text": "no end',
        '{"doc_id": 12, "text": 34}',
        '{"doc_id": {"a": 1}, "text": ["a", "list"]}',
        '{"doc_id": "null-text", "text": null}',
        '{"doc_id": "bad-date", "text": "' + STORY + '", "published": "32/13/2024"}',
        '{"doc_id": "num-date", "text": "' + STORY + '", "published": 1718000000}',
        '{"doc_id": "list-date", "text": "' + STORY + '", "published": ["2024-01-01"]}',
        '{"doc_id": "title-obj", "text": "' + STORY + '", "title": {"x": [1, 2]}}',
        '["not", "an", "object"]', "null", "42", '"a string"', "{}", "{" * 100_000, "[" * 100_000 + "]" * 100_000,
        '{"doc_id": "dup", "doc_id": "dup2", "text": "' + STORY + '"}',
        '{"doc_id": "nan", "text": "' + STORY + '", "confidence": NaN}',
        '{"doc_id": "big-number", "text": "' + STORY + '", "n": 1' + "0" * 5000 + '}',
        '{"doc_id": "ok-2", "text": "' + STORY + '"}',
    ]
    put("records/malformed.jsonl", "\n".join(jsonl) + "\n", "JSONL: broken lines, wrong types, deep nesting")
    put("records/deep.json", "[" * 200_000 + "]" * 200_000, "JSON nested 200,000 deep")
    put("records/wrong.json", '{"articles": [1, "two", null, {"text": 5}, {"text": "' + STORY + '"}]}',
        "JSON records of the wrong types")
    csv_rows = [
        "doc_id,title,text,published",
        f'ok-1,Title,"{STORY}",2024-06-10',
        f'bad-date,Title,"{STORY}",not a date',
        f'many,Title,"{STORY}",2024-06-10,extra,fields',
        'unterminated,Title,"this quote never ends,2024-06-10',
        f'ok-2,Title,"{STORY}",2024-06-10',
    ]
    put("records/unterminated.csv", "\r\n".join(csv_rows) + "\r\n", "CSV with an unterminated quote")
    put("records/huge-field.csv", "doc_id,text\r\nbig,\"" + "w" * (70 * MiB) + "\"\r\nok,\"" + STORY + "\"\r\n",
        "CSV with a 70 MB field")
    put("records/header-only.csv", "doc_id,text\r\n", "CSV with a header and no rows")
    put("records/no-text-column.csv", "a,b\r\n1,2\r\n", "CSV without a text column")
    put("records/semicolons.csv", "doc_id;text\r\n" + "\r\n".join(f"r{i};" + "x;" * 1000 for i in range(50)),
        "CSV rows with a thousand extra fields")
    # -- characters that attack displays, or parsers that assume Latin text
    put("chars/rtl.txt", ("\u202eAttack \u05e9\u05dc\u05d5\u05dd \u0627\u0644\u0633\u0644\u0627\u0645 "
                          "\u202c\u2067isolate\u2069 " + STORY + "\n") * 200, "right-to-left text and overrides")
    put("chars/combining.txt", "Z" + "\u0301\u0327\u0308\u0336\u20dd" * 20_000 + " " + STORY, "100,000 combining marks")
    put("chars/emoji.txt", ("\U0001f44d\U0001f3fd\U0001f1f3\U0001f1ec \u200d\U0001f9d1\u200d\U0001f692 " + STORY
                            + "\n") * 300, "emoji, modifiers, flags, joiners")
    put("chars/controls.txt", "".join(chr(c) for c in range(1, 32) if c not in (10, 13)) * 50 + STORY,
        "control characters (mostly)")
    put("chars/some-controls.txt", (STORY + " \x07\x08\x1b[2J\x0b\x0c\u0085\u2028\u2029 ") * 50,
        "text with a few control and separator characters")
    put("chars/terminal-escape.txt", "Title \x1b]0;pwned\x07\x1b[31m\n\n" + STORY + " \x1b[2J\x1b[H", "ANSI escapes")
    put("chars/xss.jsonl", "".join(json.dumps({"doc_id": f"xss-{i}", "title": p, "url": "javascript:alert(1)",
                                                "outlet": p, "text": f"{p} {STORY}"}) + "\n"
                                    for i, p in enumerate(XSS)), "markup, formulas and escapes in every field")
    put("chars/private-use.txt", "\ue000\uf8ff\U000f0000 " * 1000 + STORY, "private-use characters")
    put("chars/noncharacters.txt", "\ufffe\uffff\ufdd0 " * 1000 + STORY, "Unicode noncharacters")
    # -- nothing
    for name in ("empty/empty.txt", "empty/empty.jsonl", "empty/empty.json", "empty/empty.csv", "empty/empty.html",
                 "empty/empty.rss", "empty/empty.warc.gz", "empty/empty.warc", "empty/empty"):
        put(name, b"", "an empty file")
    put("empty/spaces.txt", " \n\t\n  \r\n", "only whitespace")
    put("empty/blank-lines.jsonl", "\n\n\n", "only blank lines")
    put("empty/gz-of-nothing.txt.gz", gzip.compress(b""), "a gzip of nothing")
    # -- folders that walk in circles
    loops = root / "loops"
    (loops / "sub").mkdir(parents=True, exist_ok=True)
    (loops / "sub" / "story.txt").write_text(STORY, encoding="utf-8")
    for link, target in (("loops/sub/up", ".."), ("loops/self", "self"), ("loops/a", "b"), ("loops/b", "a"),
                         ("loops/sub/root", str(loops.resolve())), ("loops/dangling.txt", "nowhere.txt")):
        path = root / link
        if path.is_symlink() or path.exists():
            path.unlink()
        os.symlink(target, path)
    made.append(Hostile("loops", "a folder with symbolic-link loops (.. and itself), a cycle and a dangling link"))
    return made


# ------------------------------------------------------------------------------ builders

def _page(title: str) -> bytes:
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{STORY}</p>"
            f"<p>{STORY}</p></article></body></html>").encode()


def _laughs() -> str:
    entities = '<!ENTITY lol "lol">' + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i else "&lol;" * 10}">'
                                               for i in range(10))
    return (f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel><title>&lol9;</title>'
            f"<item><title>x</title><description>&lol9;</description></item></channel></rss>")


def _warc_headers(uri: str, length: int, kind: str = "response") -> bytes:
    return (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Record-ID: <urn:uuid:{random.Random(uri).getrandbits(128):032x}>\r\n"
            f"WARC-Date: 2024-06-10T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {length}\r\n\r\n").encode()


def _response(uri: str, body: bytes, *, extra: str = "") -> bytes:
    http = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{extra}"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    return _warc_headers(uri, len(http)) + http + b"\r\n\r\n"


def _warc(records: list[bytes]) -> bytes:
    return b"".join(gzip.compress(rec) for rec in records)


def _zeros_member(prefix: bytes, n: int, suffix: bytes = b"") -> bytes:
    """One gzip member: prefix, n zero bytes, suffix (compressed as it is written, never held whole)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = [comp.compress(prefix)]
    chunk = b"\0" * MiB
    for _ in range(n // MiB):
        out.append(comp.compress(chunk))
    out.append(comp.compress(b"\0" * (n % MiB) + suffix))
    out.append(comp.flush())
    return b"".join(out)


def _warc_bomb_record(n: int) -> bytes:
    good = _response("https://news.example/before", _page("Before"))
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    bomb = _zeros_member(_warc_headers("https://bomb.example/", len(http) + n) + http, n, b"\r\n\r\n")
    return gzip.compress(good) + bomb + gzip.compress(_response("https://news.example/after", _page("After")))


def _warc_bomb_body(n: int) -> bytes:
    body = _zeros_member(b"", n)
    rec = _response("https://bomb.example/body", body, extra="Content-Encoding: gzip\r\n")
    return _warc([_response("https://news.example/before", _page("Before")), rec])


def _warc_bomb_after(n: int) -> bytes:
    rec = _response("https://news.example/liar", _page("Liar"))
    return gzip.compress(_response("https://news.example/before", _page("Before"))) + _zeros_member(rec, n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--scale", choices=("full", "small"), default="full")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    for h in generate(args.out, scale=args.scale, seed=args.seed):
        print(f"{h.path:<40} {h.what}")


if __name__ == "__main__":
    main()
