"""HTML pages: only the story text, paragraphs kept, metadata from the page, encodings honoured."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dotterel.errors import ExtraMissingError, InputError
from dotterel.io.readers import read_inputs
from dotterel.model import Article

pytest.importorskip("trafilatura")

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"

# What each fixture page wraps around its story: none of it may reach Article.text.
BOILERPLATE = {
    "story-semantic.html": ["cookies", "Subscribe now", "Business", "ADVERTISEMENT", "Share on Facebook",
                            "Related stories", "Ten things", "GeorgiaWatcher", "Fake news", "All rights reserved",
                            "By Mariam"],
    "story-divs.htm": ["Most read", "Fuel prices", "Sponsored", "cheap flights", "Reader comments", "Joseph K",
                       "Pray for Goma", "Advertise", "Log in"],
    "story-comments.html": ["Sign in", "Podcasts", "Grand Hotel", "morning briefing", "You may also like",
                            "by-election", "interest rates", "Truthseeker99", "my cousin", "Coastline Media Group",
                            "dataLayer", "22 January 2024"],
}
STORY = {
    "story-semantic.html": ["Police in Tbilisi detained the leader", "Officers took Nika Beridze",
                            "At least 50 officers were injured", "silence dissent in Russia."],
    "story-divs.htm": ["Rebel fighters shelled a government army base", "fired mortars from hills",
                       "impose sanctions on their backers", "as \u201cdesperate\u201d."],
    "story-comments.html": ["called a three-day general strike", '"We will not accept a stolen election,"',
                            "anyone blocking roads would be arrested."],
}


def read_one(path: Path, **options) -> Article:
    (item,) = read_inputs([str(path)], **options)
    assert isinstance(item, Article), item
    return item


@pytest.mark.parametrize("name", sorted(BOILERPLATE))
def test_only_the_story_text_is_kept(name):
    article = read_one(DATA / name)
    for phrase in STORY[name]:
        assert phrase in article.text
    for phrase in BOILERPLATE[name]:
        assert phrase not in article.text, phrase
    assert not article.text.startswith(article.title or "\0")  # the headline is the title, not text


def test_paragraphs_are_separated_by_blank_lines_and_a_br_is_a_line_break():
    article = read_one(DATA / "story-comments.html")
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[1].endswith('she said.\nHer spokesman later said the coalition would also file a petition '
                                  'at the supreme court.')
    assert all(p == p.strip() and "  " not in p for p in paragraphs)


def test_title_date_and_outlet_come_from_the_page_metadata():
    semantic = read_one(DATA / "story-semantic.html")
    assert semantic.title == "Police detain opposition leader in Tbilisi"  # the site name is cut off
    assert semantic.published == "2023-03-08"
    assert semantic.outlet == "The Harbour Ledger"
    assert semantic.url == "https://ledger.example.org/world/2023/03/08/tbilisi-detention"
    assert semantic.doc_id == "story-semantic"
    json_ld = read_one(DATA / "story-comments.html")
    assert (json_ld.published, json_ld.outlet) == ("2024-01-22", "Coastline Times")
    divs = read_one(DATA / "story-divs.htm")
    assert divs.outlet == "lakeside-daily.example"  # no site name: the host of the canonical URL


def test_a_declared_charset_is_used_when_the_page_is_not_utf8():
    data = (DATA / "story-divs.htm").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "\u201cdesperate\u201d" in read_one(DATA / "story-divs.htm").text


def test_undeclared_non_utf8_page_is_an_error_unless_a_fallback_is_given(tmp_path):
    page = tmp_path / "latin.html"
    page.write_bytes(("<html><body><article><p>" + "La police a arrêté trois hommes à Liège mardi. " * 6
                      + "</p></article></body></html>").encode("cp1252"))
    (error,) = read_inputs([str(page)])
    assert isinstance(error, InputError) and "latin.html" in str(error) and "not UTF-8" in str(error)
    assert "--encoding-fallback" in str(error)
    article = read_one(page, encoding_fallback="cp1252")
    assert "arrêté" in article.text and article.language == "fr"


def test_a_page_without_a_story_is_one_clear_error(tmp_path):
    (tmp_path / "index.html").write_text(
        "<html><head><title>Home</title></head><body><nav><a href='/a'>World</a> <a href='/b'>Sport</a></nav>"
        "</body></html>", encoding="utf-8")
    (tmp_path / "empty.html").write_text("", encoding="utf-8")
    errors = [str(e) for e in read_inputs([str(tmp_path / "index.html"), str(tmp_path / "empty.html")])]
    assert "index.html" in errors[0] and "no story text" in errors[0]
    assert "empty.html" in errors[1] and "empty" in errors[1]


def test_missing_extra_is_named(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import trafilatura now fails
    with pytest.raises(ExtraMissingError, match=r"'ingest' extra .*pip install 'dotterel\[ingest\]'"):
        list(read_inputs([str(DATA / "story-semantic.html")]))
