"""The command line on real files: JSONL out, clear errors, the batch goes on."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dotterel.cli import app

pytestmark = pytest.mark.model
runner = CliRunner()


def lines(text: str) -> list[dict]:
    return [json.loads(ln) for ln in text.splitlines() if ln.startswith("{")]


def test_code_text_file_to_stdout(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text("Clashes in the north\n\nSoldiers killed five militants in Borno on Monday.", encoding="utf-8")
    res = runner.invoke(app, ["code", str(f), "--published", "2022-07-06"])
    assert res.exit_code == 0, res.output
    (rec,) = lines(res.stdout)
    assert rec["doc_id"] == "story" and rec["title"] == "Clashes in the north"
    assert rec["published"] == "2022-07-06"
    ev = rec["events"][0]
    assert ev["type"] == "ASSAULT" and ev["date"] == "2022-07-04"
    assert {"type", "mode", "context", "actor", "recipient", "location", "date", "status", "attributed_to",
            "evidence", "confidence"} <= set(ev)


def test_bad_documents_are_reported_and_the_rest_is_coded(tmp_path):
    (tmp_path / "good.txt").write_text("Police arrested two journalists in Cairo.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe not utf-8 \xe9")
    (tmp_path / "more.jsonl").write_text('{"doc_id": "j1", "text": "Rebels attacked a convoy."}\n{broken\n',
                                         encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["code", str(tmp_path), "-o", str(out)])
    assert res.exit_code == 0, res.output
    recs = [json.loads(ln) for ln in out.read_text().splitlines()]
    assert {r["doc_id"] for r in recs} == {"good", "j1"}
    assert "bad.txt" in res.stderr and "UTF-8" in res.stderr
    assert "more.jsonl:2" in res.stderr
    assert "2 problem(s)" in res.stderr


def test_stdin(tmp_path):
    res = runner.invoke(app, ["code", "-"], input="The army shelled rebel positions near Aleppo.")
    assert res.exit_code == 0, res.output
    (rec,) = lines(res.stdout)
    assert rec["doc_id"] == "stdin" and rec["events"]


def test_bad_published_option():
    res = runner.invoke(app, ["code", "-", "--published", "last week"], input="x")
    assert res.exit_code == 2 and "not a date" in res.stderr


def test_evaluate_prints_every_level(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc_id": "g1", "text": "Police arrested two journalists in Cairo.",
                                "published": "2020-02-02", "events": [{
                                    "type": "COERCE", "actor": {"name": "Egyptian police", "country": "EGY", "sector": "POL"},
                                    "recipient": {"name": "journalists"}, "evidence": "Police arrested two journalists"}]}) + "\n")
    res = runner.invoke(app, ["evaluate", str(gold)])
    assert res.exit_code == 0, res.output
    for level in ("doc-type", "type", "actor", "full"):
        assert level in res.stdout
    assert "type: P 1.000" in res.stdout.replace("     type", "type")
