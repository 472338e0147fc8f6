"""Choosing a reader (suffix, --format, first bytes), walking folders, stdin, encodings,
languages and repeated texts."""
from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from dotterel.errors import InputError
from dotterel.io.language import detect_language
from dotterel.io.readers import READERS, Skipped, formats, get_reader, read_inputs
from dotterel.io.readers.inputs import _stem
from dotterel.model import Article

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
STORY = "Police arrested two journalists in Cairo on Tuesday, their lawyer said."


def kinds(items) -> list[str]:
    return [type(i).__name__ for i in items]


def test_registry_names_are_versioned_and_short_names_resolve():
    assert formats() == ["csv", "feed", "html", "json", "jsonl", "text", "warc"]
    assert all(name.startswith("dotterel.reader.") and name.endswith(".v1") for name in READERS)
    assert get_reader("HTML") is get_reader("dotterel.reader.html.v1")


@pytest.mark.parametrize("name,stem", [("crawl.warc.gz", "crawl"), ("a.txt", "a"), ("sub/a.txt", "sub/a"),
                                       ("notes", "notes"), ("story.txt.gz", "story"), ("a.b.html", "a.b")])
def test_ids_are_file_names_without_the_format_suffix(name, stem):
    assert _stem(name) == stem


def test_format_option_overrides_the_suffix(tmp_path):
    f = tmp_path / "export.txt"
    f.write_text("body,title\n" + f'"{STORY}",Arrests\n', encoding="utf-8")
    (as_text,) = read_inputs([str(f)])
    assert as_text.text.startswith("body,title")
    (as_csv,) = read_inputs([str(f)], format="csv")
    assert (as_csv.text, as_csv.title, as_csv.doc_id) == (STORY, "Arrests", "export-2")


def test_unknown_suffix_is_sniffed(tmp_path):
    pytest.importorskip("trafilatura")
    (tmp_path / "page.dat").write_bytes((DATA / "story-semantic.html").read_bytes())
    (tmp_path / "feed.dat").write_bytes((DATA / "feed.atom").read_bytes())
    (tmp_path / "lines.dat").write_text(json.dumps({"id": "j", "text": STORY}) + "\n", encoding="utf-8")
    (tmp_path / "plain").write_text(STORY, encoding="utf-8")
    items = list(read_inputs([str(tmp_path / n) for n in ("page.dat", "feed.dat", "lines.dat", "plain")]))
    assert kinds(items) == ["Article"] * 4
    page, feed, line, plain = items
    assert page.title.startswith("Police detain") and feed.outlet == "Harbour Ledger: World"
    assert line.doc_id == "j" and plain.text == STORY


@pytest.mark.parametrize("data,expected", [
    (STORY.encode(), ("stdin", STORY)),
    ((json.dumps({"doc_id": "s1", "text": STORY}) + "\n").encode(), ("s1", STORY)),
])
def test_stdin_text_and_jsonl(monkeypatch, data, expected):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    (article,) = read_inputs(["-"])
    assert (article.doc_id, article.text) == expected


def test_stdin_html_and_forced_format(monkeypatch):
    pytest.importorskip("trafilatura")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((DATA / "story-divs.htm").read_bytes())))
    (article,) = read_inputs(["-"])
    assert article.doc_id == "stdin" and article.title == "Rebels shell army base near Goma"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'text\n"' + STORY.encode() + b'"\n')))
    (article,) = read_inputs(["-"], format="csv")
    assert article.text == STORY and article.doc_id == "stdin-2"


def test_directory_walk_globs_hidden_files_and_unknown_types(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "news" / "a.md").write_text("# Troops\n\nTroops left the capital on Monday.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Rebels attacked a convoy near Goma.", encoding="utf-8")
    (tmp_path / "draft.txt").write_text("Ministers met in Geneva.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.txt").write_text("ref: refs/heads/main", encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4\n")
    items = list(read_inputs([str(tmp_path)]))
    articles = [i for i in items if isinstance(i, Article)]
    assert [a.doc_id for a in articles] == ["b", "draft", "news/a.md", "news/a.txt"]  # a.md and a.txt keep suffixes
    assert articles[2].title == "Troops"
    (pdf,) = [str(i) for i in items if isinstance(i, InputError)]
    assert "report.pdf" in pdf and "PDF files are not supported" in pdf
    (unknown,) = [i for i in items if isinstance(i, Skipped)]
    assert unknown.count == 1 and "logo.png" in str(unknown)

    only_news = read_inputs([str(tmp_path)], include=["news/*"], exclude=["*.md"])
    assert [a.doc_id for a in only_news if isinstance(a, Article)] == ["news/a"]
    no_drafts = read_inputs([str(tmp_path)], include=["*.txt"], exclude=["draft*"])
    assert [a.doc_id for a in no_drafts if isinstance(a, Article)] == ["b", "news/a"]


def test_gzipped_documents(tmp_path):
    (tmp_path / "story.txt.gz").write_bytes(gzip.compress(STORY.encode()))
    (tmp_path / "rows.jsonl.gz").write_bytes(gzip.compress((json.dumps({"id": "g", "text": STORY}) + "\n").encode()))
    (tmp_path / "broken.txt.gz").write_bytes(b"\x1f\x8b\x08not really")
    items = list(read_inputs([str(tmp_path)]))
    assert [i.doc_id for i in items if isinstance(i, Article)] == ["g", "story"]
    (error,) = [str(i) for i in items if isinstance(i, InputError)]
    assert "broken.txt.gz" in error and "gzip" in error


def test_encoding_policy(tmp_path):
    f = tmp_path / "cafe.txt"
    f.write_bytes("Police closed the café in Liège after the attack on the mayor.".encode("cp1252"))
    (error,) = read_inputs([str(f)])
    assert isinstance(error, InputError) and "not UTF-8" in str(error) and "--encoding-fallback" in str(error)
    (article,) = read_inputs([str(f)], encoding_fallback="cp1252")
    assert "café in Liège" in article.text
    (article,) = read_inputs([str(f)], encoding_fallback="detect")
    assert "Liège" in article.text
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 4)
    (error,) = read_inputs([str(tmp_path / "blob.txt")], encoding_fallback="cp1252")
    assert "blob.txt" in str(error) and ("binary" in str(error) or "NUL" in str(error) or "neither" in str(error))
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (error,) = read_inputs([str(tmp_path / "empty.txt")])
    assert "empty.txt" in str(error) and "empty" in str(error)


class TestLanguage:
    @pytest.fixture(autouse=True)
    def _needs_identifier(self):
        pytest.importorskip("py3langid")

    @pytest.mark.parametrize("text", [
        "Ministers meet over border row",  # scores Dutch first: the English preference rule keeps it
        "Troops shell rebel positions",
        "Police fired tear gas at thousands of protesters who gathered outside parliament on Tuesday.",
    ])
    def test_english_headlines_and_sentences(self, text):
        assert detect_language(text) == "en"

    @pytest.mark.parametrize("text,lang", [
        ("La police a dispersé des milliers de manifestants devant le parlement mardi.", "fr"),
        ("Polizei nimmt 40 Aktivisten fest", "de"),
        ("Правительство отвергло соглашение", "ru"),
        ("الحكومة ترفض الاتفاق", "ar"),
    ])
    def test_other_languages(self, text, lang):
        assert detect_language(text) == lang

    def test_too_short_to_tell(self):
        assert detect_language("Ok.") is None and detect_language("2024 12 05") is None

    def test_recorded_on_articles_and_filtered_when_asked(self, tmp_path):
        (tmp_path / "en.txt").write_text(STORY, encoding="utf-8")
        (tmp_path / "fr.txt").write_text("La police a arrêté deux journalistes au Caire mardi, selon leur avocat.",
                                         encoding="utf-8")
        (tmp_path / "short.txt").write_text("Ok.", encoding="utf-8")
        (tmp_path / "rows.jsonl").write_text(json.dumps({"id": "declared", "text": "Ok!", "language": "en-GB"}) + "\n",
                                             encoding="utf-8")
        items = list(read_inputs([str(tmp_path)]))
        assert {i.doc_id: i.language for i in items} == {"en": "en", "fr": "fr", "short": None, "declared": "en"}
        kept = list(read_inputs([str(tmp_path)], languages=("en",)))
        (skipped,) = [i for i in kept if isinstance(i, Skipped)]
        assert skipped.reason == "language fr" and skipped.article.doc_id == "fr"
        assert "French" in str(skipped) and "--languages en,fr" in str(skipped)
        assert sorted(i.doc_id for i in kept if isinstance(i, Article)) == ["declared", "en", "short"]


def test_repeated_texts_are_skipped_as_duplicates(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(STORY.replace(" ", "  ") + "\n", encoding="utf-8")  # whitespace aside, the same
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "c1", "text": STORY}) + "\n", encoding="utf-8")
    items = list(read_inputs([str(tmp_path)], dedup=True, detect_language=False))
    assert kinds(items) == ["Article", "Skipped", "Skipped"]
    assert [str(i) for i in items[1:]] == [f"b ({tmp_path / 'b.txt'}): left out, duplicate of a (same text)",
                                           f"c1 ({tmp_path / 'c.jsonl'}): left out, duplicate of a (same text)"]
    assert len(list(read_inputs([str(tmp_path)], detect_language=False))) == 3  # only when asked
