"""Record readers (JSONL, JSON, CSV): field mapping, dates, and one clear error per bad record."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dotterel.errors import ConfigError, InputError
from dotterel.io.readers import ReadOptions, parse_date, read_inputs
from dotterel.model import Article

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


def split(items):
    items = list(items)
    return ([i for i in items if isinstance(i, Article)], [str(i) for i in items if isinstance(i, InputError)])


def test_csv_with_odd_column_names_needs_only_the_text_column():
    articles, errors = split(read_inputs([str(DATA / "media-monitor.csv")], text_column="Story Body",
                                         id_column="Item ID", outlet_column="Media Outlet", detect_language=False))
    assert errors == []
    assert [a.doc_id for a in articles] == ["mm-1", "mm-2"]
    first, second = articles
    assert first.title == "Protesters storm ministry"  # "Headline" is a default title column
    assert first.published == "2022-11-14"  # "Pub Date" is pub_date; 14/11/2022 can only be day/month
    assert first.outlet == "Daily Monitor"
    assert "police used tear gas" in first.text  # the ";" inside the quoted text stays text
    assert second.text == ("The energy minister resigned on Friday, a day after protesters stormed his ministry."
                           "\n\nHe said he took responsibility for the power cuts.")


def test_csv_without_a_known_text_column_says_which_columns_it_has():
    _, errors = split(read_inputs([str(DATA / "media-monitor.csv")]))
    (error,) = errors
    assert "media-monitor.csv" in error and "no text column" in error
    assert "Story Body" in error and "--text-column" in error


def test_csv_rows_each_fail_alone(tmp_path):
    f = tmp_path / "export.csv"
    f.write_text('id,title,body,date\n'
                 'a1,One,"Police arrested a man in Lagos.",2020-01-02\n'
                 'a2,Two,Rebels shelled a town, killing two,2020-01-03\n'  # unquoted commas
                 'a3,Three,,2020-01-04\n'  # no text
                 'a4,Four,"Troops left the capital.",soon\n'
                 'a5,Five,"Talks resumed in Geneva.",03/04/2020\n'
                 'a6,Six,"Ministers met in Cairo."\n',  # trailing field missing: fine
                 encoding="utf-8")
    articles, errors = split(read_inputs([str(f)], detect_language=False))
    assert [a.doc_id for a in articles] == ["a1", "a6"]
    assert articles[1].published is None
    assert len(errors) == 4
    assert any("export.csv:3" in e and "5 fields but the header has 4" in e for e in errors)
    assert any("export.csv:4" in e and "empty text" in e for e in errors)
    assert any("export.csv:5" in e and "not an ISO date" in e for e in errors)
    assert any("export.csv:6" in e and "ambiguous" in e for e in errors)


def test_tsv_semicolon_and_delimiter_option(tmp_path):
    (tmp_path / "a.tsv").write_text("text\ttitle\nPolice arrested a man.\tT\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("text|title\nTroops left.|U\n", encoding="utf-8")
    articles, errors = split(read_inputs([str(tmp_path / "a.tsv"), str(tmp_path / "b.csv")], detect_language=False))
    assert errors == [] and [a.title for a in articles] == ["T", "U"]
    (tmp_path / "c.csv").write_text("text title\nx y\n", encoding="utf-8")
    articles, _ = split(read_inputs([str(tmp_path / "c.csv")], delimiter=" ", detect_language=False))
    assert articles[0].text == "x"


def test_csv_in_utf16_with_a_byte_order_mark(tmp_path):
    """What spreadsheet programs write as "Unicode text"; the mark says so, nothing is guessed."""
    f = tmp_path / "excel.csv"
    f.write_bytes("text,title\n\"Police detained 12 people in Tiflis.\",Arrests\n".encode("utf-16"))
    articles, errors = split(read_inputs([str(f)], detect_language=False))
    assert errors == [] and articles[0].text == "Police detained 12 people in Tiflis."


def test_jsonl_with_mapped_and_nested_fields(tmp_path):
    f = tmp_path / "export.jsonl"
    f.write_text(json.dumps({"uid": 7, "story": {"body": "Police arrested a man."}, "meta": {"site": "Wire"},
                             "when": "Mon, 10 Jun 2024 08:00:00 GMT"}) + "\n", encoding="utf-8")
    (article,) = read_inputs([str(f)], text_column="story.body", id_column="uid", outlet_column="meta.site",
                             date_column="when", detect_language=False)
    assert (article.doc_id, article.text, article.outlet, article.published) == (
        "7", "Police arrested a man.", "Wire", "2024-06-10")
    _, errors = split(read_inputs([str(f)], text_column="story.text"))
    assert "export.jsonl:1" in errors[0] and "no field 'story.text'" in errors[0]


def test_default_field_names_and_bad_records(tmp_path):
    f = tmp_path / "r.jsonl"
    f.write_text("\n".join([
        json.dumps({"id": "x", "body": "Troops left.", "date": "2021-08-07T09:00:00Z"}),
        json.dumps({"doc_id": "y", "text": 12}),
        json.dumps({"doc_id": "z", "text": "   "}),
        json.dumps({"doc_id": "w", "headline": "No text here"}),
        '{"doc_id": "v", "text": "unfinished',
    ]) + "\n", encoding="utf-8")
    articles, errors = split(read_inputs([str(f)], detect_language=False))
    assert [(a.doc_id, a.published) for a in articles] == [("x", "2021-08-07")]
    assert [e.split(": ", 1)[0] for e in errors] == [f"{f}:{n}" for n in (2, 3, 4, 5)]
    assert "text is int" in errors[0] and "empty text" in errors[1]
    assert "no text" in errors[2] and "--text-column" in errors[2] and "not valid JSON" in errors[3]


def test_json_array_and_wrapped_list(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([{"text": "Police arrested a man."}, "oops"]), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"articles": [{"id": "b1", "content": "Troops left."}]}),
                                     encoding="utf-8")
    (tmp_path / "c.json").write_text("{broken", encoding="utf-8")
    articles, errors = split(read_inputs([str(tmp_path)], detect_language=False))
    assert [a.doc_id for a in articles] == ["a-1", "b1"]
    assert any("a.json record 2" in e and "JSON object" in e for e in errors)
    assert any("c.json" in e and "not valid JSON" in e for e in errors)


@pytest.mark.parametrize("value,expected", [
    ("2024-06-10", "2024-06-10"), ("2024-06-10T23:30:00-05:00", "2024-06-10"), ("2024/6/9", "2024-06-09"),
    ("10 June 2024", "2024-06-10"), ("June 10, 2024", "2024-06-10"), ("Mon, 10 Jun 2024 08:00:00 GMT", "2024-06-10"),
    ("Monday, 10th June 2024", "2024-06-10"), ("14/11/2022", "2022-11-14"), ("11/14/2022", "2022-11-14"),
    ("", None), (None, None),
])
def test_dates_exports_use(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["soon", "03/04/2020", "2024-02-30", "32 June 2024"])
def test_dates_that_are_refused(value):
    with pytest.raises(ValueError):
        parse_date(value)


def test_unknown_options_and_formats_fail_before_reading():
    with pytest.raises(ConfigError, match="unknown reader option"):
        read_inputs(["x"], text_colum="body")
    with pytest.raises(ConfigError, match="unknown input format 'docx'"):
        read_inputs(["x"], format="docx")
    with pytest.raises(ConfigError, match="codec"):
        ReadOptions(encoding_fallback="klingon")


def test_a_named_column_falls_back_on_the_usual_names_where_a_record_lacks_it(tmp_path):
    """One --text-column serves a folder mixing a CSV export with JSONL that uses "text"."""
    (tmp_path / "a.csv").write_text('Story Body,Headline\n"Police arrested a man in Lagos.",Arrest\n', encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "b", "text": "Troops left the capital."}) + "\n",
                                      encoding="utf-8")
    articles, errors = split(read_inputs([str(tmp_path)], text_column="Story Body", detect_language=False))
    assert errors == [] and [a.text for a in articles] == ["Police arrested a man in Lagos.", "Troops left the capital."]
