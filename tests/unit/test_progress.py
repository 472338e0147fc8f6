"""The progress bar's cheap count of articles, and the bar itself without a terminal."""
from __future__ import annotations

import io

from rich.console import Console

from dotterel.api import RunReport
from dotterel.cli._progress import CodingProgress, count_articles, wanted


def test_counts_lines_of_jsonl_and_csv_and_files_of_a_folder(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "x"}\n{"text": "y"}\n{"text": "z"}', encoding="utf-8")
    (tmp_path / "b.csv").write_text("text,title\nx,1\ny,2\n", encoding="utf-8")
    folder = tmp_path / "stories"
    (folder / "deeper").mkdir(parents=True)
    for name in ("one.txt", "two.md", "deeper/three.html", ".hidden.txt"):
        (folder / name).write_text("Text.", encoding="utf-8")
    assert count_articles([str(tmp_path / "a.jsonl")]) == 3
    assert count_articles([str(tmp_path / "b.csv")]) == 2
    assert count_articles([str(folder)]) == 3
    assert count_articles([str(folder)], include=("*.txt",)) == 1
    assert count_articles([str(folder)], exclude=("deeper/*",)) == 2
    assert count_articles([str(tmp_path / "a.jsonl"), str(folder)]) == 6


def test_what_cannot_be_counted_cheaply_gives_no_total(tmp_path):
    (tmp_path / "crawl.warc.gz").write_bytes(b"")
    assert count_articles(["-"]) is None
    assert count_articles(["https://news.example/rss"]) is None
    assert count_articles([str(tmp_path / "crawl.warc.gz")]) is None


def test_the_bar_is_off_without_a_terminal_unless_asked():
    assert wanted(True) and not wanted(False)
    assert wanted(None) is False  # pytest's stderr is not a terminal


def test_a_disabled_bar_draws_nothing(capsys):
    with CodingProgress(["-"], enabled=False) as bar:
        bar.update(RunReport(coded=3))
        bar.set(RunReport(coded=4))
    assert capsys.readouterr().err == ""


def test_an_enabled_bar_shows_articles_done_and_the_rate(tmp_path, monkeypatch):
    src = tmp_path / "a.jsonl"
    src.write_text('{"text": "x"}\n' * 10, encoding="utf-8")
    out = io.StringIO()
    monkeypatch.setattr("dotterel.cli._progress.Console", lambda **kw: Console(file=out, width=120,
                                                                              force_terminal=True))
    with CodingProgress([str(src)], enabled=True) as bar:
        report = RunReport(coded=6, skipped={"already coded": 1}, failed={"unreadable": 1})
        bar.set(report)
        bar._count()
        bar._progress.refresh()
    text = out.getvalue()
    assert "8/10" in text and "articles/s" in text and "ETA" in text
