"""RSS/Atom feeds from a file and from a URL: full text where the feed has it, else title and
summary (and the article says so)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dotterel.errors import InputError
from dotterel.io.readers import Skipped, read_inputs
from dotterel.model import Article

pytest.importorskip("feedparser")

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


def articles_of(items) -> dict[str, Article]:
    return {i.doc_id: i for i in items if isinstance(i, Article)}


def test_rss_items_full_text_summary_and_title_only():
    items = list(read_inputs([str(DATA / "feed.rss")]))
    got = articles_of(items)
    assert list(got) == ["wire-20230502-001", "https://wire.example.net/2023/05/01/governor-accuses",
                         "https://wire.example.net/2023/04/30/vote-date"]
    full, summary, title_only = got.values()
    assert full.text_source is None  # content:encoded is the full story
    assert full.text.split("\n\n") == [
        ("Government troops retook the border town of Kerem on Monday after three days of fighting with "
        "militants, the defence ministry said."),
        "The ministry said 12 militants were killed and 30 captured. Two soldiers died in the fighting, it added.",
        "Residents who fled the town last week began returning on Tuesday, local officials said.",
    ]  # the photo caption is left out
    assert (full.published, full.outlet, full.url, full.language) == (
        "2023-05-02", "Northern Wire", "https://wire.example.net/2023/05/02/border-town", "en")
    assert summary.text_source == "summary"
    assert summary.text == ("Governor accuses neighbouring province of harbouring rebels\n\nThe provincial governor "
                            "on Monday accused officials in the neighbouring province of sheltering rebel commanders "
                            "and demanded that they hand them over.")
    assert title_only.text_source == "title" and title_only.text == title_only.title


def test_atom_entry_with_html_content_and_its_own_time_zone():
    (article,) = read_inputs([str(DATA / "feed.atom")])
    assert article.doc_id == "tag:ledger.example.org,2023:world/4411"
    assert article.published == "2023-03-09"
    assert article.outlet == "Harbour Ledger: World"
    assert article.text_source is None and article.text.count("\n\n") == 1
    assert article.text.startswith("The ruling party withdrew a bill on foreign agents on Thursday")


def test_feed_date_keeps_the_feeds_own_day(tmp_path):
    """01:30 on 2 May in UTC+3 is still 1 May in UTC: the item's date is the feed's own."""
    f = tmp_path / "late.rss"
    f.write_text("<rss version='2.0'><channel><title>T</title><item><title>Troops left the town</title>"
                 "<description>Troops left the town of Kerem after a week.</description>"
                 "<pubDate>Tue, 02 May 2023 01:30:00 +0300</pubDate></item></channel></rss>", encoding="utf-8")
    (article,) = read_inputs([str(f)])
    assert article.published == "2023-05-02" and article.doc_id == "late-1"


def test_bad_feeds(tmp_path):
    (tmp_path / "broken.rss").write_text("<rss><channel><title>x</title><item><title>unclosed", encoding="utf-8")
    (tmp_path / "config.xml").write_text("<?xml version='1.0'?><settings><a>1</a></settings>", encoding="utf-8")
    (tmp_path / "empty.atom").write_text("<feed xmlns='http://www.w3.org/2005/Atom'><title>Nothing</title></feed>",
                                         encoding="utf-8")
    items = list(read_inputs([str(tmp_path / n) for n in ("broken.rss", "config.xml", "empty.atom")]))
    broken, config, empty = items
    assert isinstance(broken, (InputError, Article))  # feedparser may recover what it can
    assert isinstance(config, InputError) and "config.xml" in str(config) and "not an RSS or Atom feed" in str(config)
    assert isinstance(empty, Skipped) and "no items" in str(empty)


def test_feed_from_a_url(http_server):
    url = http_server("/world/feed", (DATA / "feed.rss").read_bytes(), "application/rss+xml; charset=utf-8")
    got = articles_of(read_inputs([url]))
    assert len(got) == 3 and got["wire-20230502-001"].outlet == "Northern Wire"


def test_feed_served_as_html_is_still_read_as_a_feed(http_server):
    url = http_server("/rss", (DATA / "feed.atom").read_bytes(), "text/html")
    (article,) = read_inputs([url])
    assert isinstance(article, Article) and article.title == "Parliament drops foreign agents bill after protests"


def test_page_from_a_url(http_server):
    pytest.importorskip("trafilatura")
    url = http_server("/2023/03/08/story", (DATA / "story-semantic.html").read_bytes(), "text/html; charset=utf-8")
    (article,) = read_inputs([url])
    assert article.doc_id == url and article.url == url and article.outlet == "The Harbour Ledger"


def test_url_errors_are_clear_and_bounded(http_server):
    missing = http_server("/present", b"", "text/plain").replace("/present", "/absent")
    slow = http_server("/slow", b"<rss/>", "application/rss+xml", delay=0.6)
    errors = [str(e) for e in read_inputs([missing, slow], timeout=0.2)]
    assert errors[0].startswith(missing) and "HTTP 404" in errors[0]
    assert errors[1].startswith(slow) and "cannot fetch" in errors[1]


def test_links_feeds_append_are_not_text(tmp_path):
    f = tmp_path / "wp.rss"
    f.write_text(
        "<rss version='2.0'><channel><title>Lagos Wire</title><item><title>Ten arrested in Lagos</title>"
        "<guid>wp-1</guid><description><![CDATA[<p>Police arrested ten people in Lagos on Monday. [&#8230;]</p>"
        "<p>The post <a href='https://lw.example/ten'>Ten arrested in Lagos</a> appeared first on "
        "<a href='https://lw.example'>Lagos Wire</a>.</p>]]></description></item></channel></rss>", encoding="utf-8")
    (article,) = read_inputs([str(f)])
    assert article.text == "Ten arrested in Lagos\n\nPolice arrested ten people in Lagos on Monday."
