"""WARC files built here with warcio's writer: only HTML pages become articles."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from dotterel.errors import InputError
from dotterel.io.readers import Skipped, read_inputs
from dotterel.model import Article

pytest.importorskip("warcio")
pytest.importorskip("trafilatura")

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


def build_warc(path: Path, *, gzip: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def http(status: str, content_type: str) -> StatusAndHeaders:
        return StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")

    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=gzip)  # gzip: every record its own gzip member
        w.write_record(w.create_warcinfo_record(path.name, {"software": "dotterel tests"}))
        w.write_record(w.create_warc_record(
            "https://ledger.example.org/world/tbilisi", "request",
            payload=io.BytesIO(b"GET /world/tbilisi HTTP/1.1\r\nHost: ledger.example.org\r\n\r\n"),
            warc_content_type="application/http; msgtype=request"))
        w.write_record(w.create_warc_record(
            "https://ledger.example.org/world/tbilisi", "response",
            payload=io.BytesIO((DATA / "story-semantic.html").read_bytes()),
            http_headers=http("200 OK", "text/html; charset=utf-8")))
        w.write_record(w.create_warc_record(
            "https://lakeside-daily.example/goma", "response",  # cp1252, said by the HTTP header only
            payload=io.BytesIO((DATA / "story-divs.htm").read_bytes().replace(b"charset=windows-1252", b"")),
            http_headers=http("200 OK", "text/html; charset=windows-1252")))
        w.write_record(w.create_warc_record(
            "https://ledger.example.org/logo.png", "response", payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(64)),
            http_headers=http("200 OK", "image/png")))
        w.write_record(w.create_warc_record(
            "https://ledger.example.org/gone", "response", payload=io.BytesIO(b"<html><body>Not found</body></html>"),
            http_headers=http("404 Not Found", "text/html")))
        w.write_record(w.create_warc_record(
            "https://ledger.example.org/menu", "response",
            payload=io.BytesIO(b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
            http_headers=http("200 OK", "text/html")))
        w.write_record(w.create_warc_record(
            "https://coastline.example/strike", "resource",
            payload=io.BytesIO((DATA / "story-comments.html").read_bytes()), warc_content_type="text/html"))


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_html_responses_become_articles_and_the_rest_is_counted(tmp_path, name):
    path = tmp_path / name
    build_warc(path, gzip=name.endswith(".gz"))
    items = list(read_inputs([str(path)]))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [str(i) for i in items if isinstance(i, InputError)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [a.url for a in articles] == ["https://ledger.example.org/world/tbilisi",
                                         "https://lakeside-daily.example/goma", "https://coastline.example/strike"]
    tbilisi, goma, strike = articles
    assert tbilisi.title == "Police detain opposition leader in Tbilisi" and tbilisi.published == "2023-03-08"
    assert "GeorgiaWatcher" not in tbilisi.text and "Police in Tbilisi detained" in tbilisi.text
    assert "\u201cdesperate\u201d" in goma.text  # decoded with the charset of the HTTP header
    assert goma.outlet == "lakeside-daily.example" and strike.outlet == "Coastline Times"
    assert len({a.doc_id for a in articles}) == 3 and all(len(a.doc_id) == 36 for a in articles)  # record UUIDs
    (error,) = errors  # the page that is only a menu
    assert name in error and "record 7" in error and "https://ledger.example.org/menu" in error
    (left_out,) = skipped
    assert left_out.count == 2 and "image/png 1" in str(left_out) and "HTTP 404 1" in str(left_out)


def test_damaged_and_false_warcs(tmp_path):
    good = tmp_path / "good.warc.gz"
    build_warc(good, gzip=True)
    data = good.read_bytes()
    (tmp_path / "damaged.warc.gz").write_bytes(data[:1200] + b"\x00garbage" * 50 + data[1200:])
    (tmp_path / "fake.warc").write_text("just some text", encoding="utf-8")
    items = list(read_inputs([str(tmp_path / "damaged.warc.gz"), str(tmp_path / "fake.warc")]))
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert any("damaged.warc.gz" in e and "not a readable WARC file at record" in e for e in errors)
    assert any("fake.warc" in e and "not a readable WARC file (it does not start" in e for e in errors)
    assert all(len(e) < 300 for e in errors)  # no dump of damaged bytes


def test_warc_is_recognised_without_its_suffix(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    build_warc(path, gzip=True)
    renamed = tmp_path / "download.bin"
    path.rename(renamed)
    assert sum(isinstance(i, Article) for i in read_inputs([str(renamed)])) == 3
