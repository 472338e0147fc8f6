from __future__ import annotations

import json

from dotterel.errors import InputError
from dotterel.io.readers import read_inputs, split_title
from dotterel.model import Article


def test_title_is_first_line_before_a_blank_line():
    assert split_title("A Title\n\nBody text.") == ("A Title", "Body text.")
    assert split_title("One sentence only.") == (None, "One sentence only.")
    assert split_title("Ends with a stop.\n\nBody.") == (None, "Ends with a stop.\n\nBody.")


def test_text_and_jsonl_files(tmp_path):
    (tmp_path / "a.txt").write_text("Title\n\nPolice arrested a man.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"doc_id": "x1", "text": "Troops left.", "published": "2020-01-02"}) + "\n"
        + "{not json\n"
        + json.dumps({"text": "no id here"}) + "\n"
        + json.dumps(["a list"]) + "\n",
        encoding="utf-8",
    )
    items = list(read_inputs([str(tmp_path)]))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert {a.doc_id for a in articles} == {"a", "x1", "b-3"}
    assert articles[0].title == "Title"
    assert len(errors) == 2
    assert any("b.jsonl:2" in e and "not valid JSON" in e for e in errors)
    assert any("b.jsonl:4" in e and "JSON object" in e for e in errors)


def test_non_utf8_document_is_a_clear_error_and_the_batch_goes_on(tmp_path):
    (tmp_path / "bad.txt").write_bytes("Caf\xe9 attack".encode("latin-1"))
    (tmp_path / "good.txt").write_text("Police arrested a man.", encoding="utf-8")
    items = list(read_inputs([str(tmp_path / "bad.txt"), str(tmp_path / "good.txt")]))
    assert isinstance(items[0], InputError) and "bad.txt" in str(items[0]) and "UTF-8" in str(items[0])
    assert isinstance(items[1], Article) and items[1].doc_id == "good"


def test_missing_path_and_bad_date(tmp_path):
    (tmp_path / "c.jsonl").write_text(json.dumps({"doc_id": "c", "text": "x", "published": "soon"}) + "\n")
    items = list(read_inputs([str(tmp_path / "nope.txt"), str(tmp_path / "c.jsonl")]))
    assert "no such file" in str(items[0])
    assert isinstance(items[1], InputError) and "not an ISO date" in str(items[1])


def test_default_publication_date(tmp_path):
    (tmp_path / "d.txt").write_text("Police arrested a man.")
    (article,) = read_inputs([str(tmp_path / "d.txt")], published="2019-05-01")
    assert article.published == "2019-05-01"


def test_markdown_heading_and_windows_line_endings(tmp_path):
    (tmp_path / "m.md").write_text("# Clashes in Tripoli\r\n\r\nMilitias fought in Tripoli.\r\nTwo died.", encoding="utf-8")
    (article,) = read_inputs([str(tmp_path / "m.md")])
    assert (article.title, article.text) == ("Clashes in Tripoli", "Militias fought in Tripoli.\nTwo died.")
    assert split_title("#MeToo march in Madrid\n\nThousands marched.")[0] == "#MeToo march in Madrid"


def test_only_articles_and_errors_unless_skips_are_asked_for(tmp_path):
    (tmp_path / "a.txt").write_text("Police arrested a man.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Police arrested a man.", encoding="utf-8")
    assert [type(i).__name__ for i in read_inputs([str(tmp_path)])] == ["Article", "Article"]
    assert [type(i).__name__ for i in read_inputs([str(tmp_path)], dedup=True)] == ["Article", "Skipped"]
