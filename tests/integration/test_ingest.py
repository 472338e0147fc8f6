"""`dotterel code` on what analysts have: a folder mixing pages, feeds, a WARC, a CSV export,
JSONL and text, with bad files among them; and a feed served over HTTP."""
from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dotterel.api import CodeRun, run_code
from dotterel.cli import app
from dotterel.io.readers import read_inputs
from dotterel.model import Article

pytestmark = pytest.mark.model
for _module in ("trafilatura", "feedparser", "warcio", "py3langid"):
    pytest.importorskip(_module)

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
runner = CliRunner()

WARC_PAGES = {
    "https://harbour.example/port-strike": (
        "Dock workers strike over pay",
        [("Dock workers in the port city of Kessel went on strike on Monday, demanding higher pay and an end "
         "to temporary contracts, their union said."),
         "The union said the strike would last until the port authority agreed to talks."]),
    "https://harbour.example/border-talks": (
        "Foreign ministers meet on border dispute",
        [("The foreign ministers of Armenia and Azerbaijan met in Geneva on Thursday to discuss the demarcation "
         "of their shared border."),
         "Both ministers said the talks had been constructive."]),
}
BOILERPLATE = ("GeorgiaWatcher", "Fake news", "Subscribe", "Sponsored", "Joseph K", "Truthseeker99", "my cousin",
               "Grand Hotel", "interest rates", "All rights reserved", "Share on")


def write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        for url, (title, paras) in WARC_PAGES.items():
            page = (f"<html><head><title>{title} | Harbour News</title></head><body><nav><a href='/'>Home</a>"
                    f"<a href='/sub'>Subscribe</a></nav><article><h1>{title}</h1>"
                    + "".join(f"<p>{p}</p>" for p in paras)
                    + "</article><div class='comments'><p>GeorgiaWatcher: first!</p></div></body></html>")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(page.encode()),
                                                http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                                                              protocol="HTTP/1.1")))
        w.write_record(w.create_warc_record("https://harbour.example/app.js", "response",
                                            payload=io.BytesIO(b"console.log('x')"),
                                            http_headers=StatusAndHeaders("200 OK", [("Content-Type",
                                                                                      "application/javascript")],
                                                                          protocol="HTTP/1.1")))


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    (root / "pages").mkdir(parents=True)
    (root / "feeds").mkdir()
    for name in ("story-semantic.html", "story-divs.htm", "story-comments.html", "story-french.html"):
        shutil.copy(DATA / name, root / "pages" / name)
    shutil.copy(DATA / "feed.rss", root / "feeds" / "wire.rss")
    shutil.copy(DATA / "feed.atom", root / "feeds" / "ledger.atom")
    shutil.copy(DATA / "media-monitor.csv", root / "media-monitor.csv")
    shutil.copy(DATA / "records.jsonl", root / "records.jsonl")
    shutil.copy(DATA / "notes.txt", root / "notes.txt")
    (root / "repeat").mkdir()
    shutil.copy(DATA / "notes.txt", root / "repeat" / "notes.txt")  # the same story twice
    write_warc(root / "crawl.warc.gz")
    # the bad ones
    (root / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (root / "latin1.txt").write_bytes("Gendarmes arrêtent un élu à Liège".encode("latin-1"))
    (root / "broken.jsonl").write_text(json.dumps({"id": "ok-1", "text": "Rebels attacked a convoy near Goma."})
                                       + "\n{\"id\": \"bad\", \"text\": \n", encoding="utf-8")
    (root / "broken.csv").write_text("id,headline\nx,Nothing but a headline\n", encoding="utf-8")
    (root / "empty.txt").write_text("", encoding="utf-8")
    (root / "truncated.warc.gz").write_bytes((root / "crawl.warc.gz").read_bytes()[:40] + b"\x00" * 30)
    (root / "report.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    return root


GOOD = {  # every good document and the id it gets
    "pages/story-semantic", "pages/story-divs", "pages/story-comments",  # (pages/story-french is French)
    "wire-20230502-001", "https://wire.example.net/2023/05/01/governor-accuses",
    "https://wire.example.net/2023/04/30/vote-date", "tag:ledger.example.org,2023:world/4411",  # feed items
    "mm-1", "mm-2",  # CSV rows
    "jl-1", "jl-2", "ok-1",  # JSONL records
    "notes",  # text (repeat/notes is its duplicate)
}
BAD = ["photo.txt", "latin1.txt", "broken.jsonl:2", "broken.csv", "empty.txt", "truncated.warc.gz", "report.pdf"]


def test_mixed_corpus_codes_every_good_document_and_reports_every_bad_one(corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["code", str(corpus), "-o", str(out), "--text-column", "Story Body",
                              "--id-column", "Item ID", "--published", "2024-01-01"])
    assert res.exit_code == 0, res.output
    recs = {r["doc_id"]: r for r in map(json.loads, out.read_text().splitlines())}
    warc_ids = {d for d, r in recs.items() if r["url"] in WARC_PAGES}
    assert len(warc_ids) == 2
    assert set(recs) - warc_ids == GOOD
    for bad in BAD:
        assert bad in res.stderr, bad
    assert "pages/story-french" in res.stderr and "French" in res.stderr
    assert "repeat/notes" in res.stderr and "duplicate of notes" in res.stderr
    summary = res.stderr.strip().splitlines()[-1]
    assert summary.startswith(f"read {len(GOOD) + 2 + 2}, coded {len(GOOD) + 2} article(s)")
    assert "skipped 3 (1 WARC record not an HTML page, 1 duplicate, 1 language fr)" in summary
    assert "failed 7 (7 unreadable)" in summary and "7 problem(s)" in summary

    # the records say where their text came from, and what language it is in
    assert recs["https://wire.example.net/2023/05/01/governor-accuses"]["text_source"] == "summary"
    assert "text_source" not in recs["wire-20230502-001"]
    assert {r["language"] for r in recs.values()} == {"en"}
    assert recs["pages/story-semantic"]["outlet"] == "The Harbour Ledger"
    assert recs["notes"]["published"] == "2024-01-01" and recs["mm-1"]["published"] == "2022-11-14"

    # every piece of evidence is a slice of the text that was read, and none of it is boilerplate
    texts = {a.doc_id: a.text for a in read_inputs([str(corpus)], text_column="Story Body", id_column="Item ID")
             if isinstance(a, Article)}
    n_events = 0
    for doc_id, rec in recs.items():
        for ev in rec["events"]:
            e = ev["evidence"]
            assert texts[doc_id][e["start"]:e["end"]] == e["text"]
            assert not any(b in e["text"] for b in BOILERPLATE)
            n_events += 1
    assert n_events >= 10
    types = {ev["type"] for ev in recs["pages/story-semantic"]["events"]}
    assert types & {"COERCE", "ASSAULT", "PROTEST"}, types


def test_run_code_reports_what_it_read_skipped_and_failed(corpus):
    out = io.StringIO()
    notes: list[str] = []
    report = run_code(CodeRun(inputs=[str(corpus)], output=out, on_skip=notes.append,
                              read_options=_options(text_column="Story Body")))
    assert report.coded == len(out.getvalue().splitlines()) == len(GOOD) + 2
    assert report.skipped == {"duplicate": 1, "language fr": 1, "WARC record not an HTML page": 1}
    assert report.failed == {"unreadable": 7}
    assert len(report.problems) == 7 and len(notes) == 3

    everything = run_code(CodeRun(inputs=[str(corpus)], output=io.StringIO(), languages=None, dedup_texts=False,
                                  read_options=_options(text_column="Story Body")))
    assert everything.coded == report.coded + 2  # the French page and the repeated story


def test_feed_from_a_local_http_server(http_server, tmp_path):
    url = http_server("/feeds/world.rss", (DATA / "feed.rss").read_bytes(), "application/rss+xml")
    res = runner.invoke(app, ["code", url, "-o", str(tmp_path / "out.jsonl")])
    assert res.exit_code == 0, res.output
    recs = [json.loads(ln) for ln in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [r["doc_id"] for r in recs] == ["wire-20230502-001", "https://wire.example.net/2023/05/01/governor-accuses",
                                           "https://wire.example.net/2023/04/30/vote-date"]
    assert [r.get("text_source") for r in recs] == [None, "summary", "title"]
    assert any(ev["type"] == "ASSAULT" or ev["type"] == "COERCE" for ev in recs[0]["events"]), recs[0]["events"]
    assert "read 3, coded 3" in res.stderr


def test_languages_option(tmp_path):
    page = DATA / "story-french.html"
    res = runner.invoke(app, ["code", str(page)])
    assert res.exit_code == 0 and "written in fr (French)" in res.stderr and "coded 0" in res.stderr
    res = runner.invoke(app, ["code", str(page), "--languages", "en,fr"])
    assert res.exit_code == 0 and "coded 1" in res.stderr
    res = runner.invoke(app, ["code", str(page), "--languages", "english"])
    assert res.exit_code == 2 and "ISO 639" in res.stderr


def test_bad_options_and_a_missing_extra(tmp_path, monkeypatch):
    res = runner.invoke(app, ["code", str(DATA / "notes.txt"), "--format", "docx"])
    assert res.exit_code == 2 and "unknown input format 'docx'" in res.stderr
    res = runner.invoke(app, ["code", str(DATA / "notes.txt"), "--encoding-fallback", "klingon"])
    assert res.exit_code == 2 and "codec" in res.stderr
    monkeypatch.setitem(sys.modules, "feedparser", None)
    res = runner.invoke(app, ["code", str(DATA / "feed.rss")])
    assert res.exit_code == 3 and "pip install 'dotterel[ingest]'" in res.stderr


def _options(**settings):
    from dotterel.io.readers import ReadOptions

    return ReadOptions(**settings)
