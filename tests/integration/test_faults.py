"""Faults while coding into a store: a write that fails (a full disk) ends the run with a clear
error and leaves the store as it was before the article that failed; a SIGKILL while the events
are merged at the end loses nothing. (Kills while coding: test_resume.py; twenty and more kill
points and a real full disk: benchmarks/faults.py.)"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_resume import CORPUS, kill_after, run_to_end, snapshot, start

from dotterel.testing import can_mount_tmpfs

pytestmark = [pytest.mark.model, pytest.mark.slow]


def _articles(n: int, tmp_path: Path) -> Path:
    path = tmp_path / "first.jsonl"
    path.write_text("".join(CORPUS.read_text("utf-8").splitlines(keepends=True)[:n]), encoding="utf-8")
    return path


def test_a_write_that_fails_ends_the_run_clearly_and_the_store_stays_whole(tmp_path, monkeypatch):
    import duckdb

    import dotterel
    from dotterel.api import CodeRun, run_code
    from dotterel.errors import StoreError
    from dotterel.store.duckdb import DuckDBStore

    corpus, db, out = _articles(8, tmp_path), tmp_path / "failing.duckdb", tmp_path / "out.jsonl"
    real_insert = DuckDBStore._insert
    calls = {"mentions": 0}

    def insert(self, table, records):  # the 5th article's mentions hit a full disk, inside its transaction
        if table == "mentions":
            calls["mentions"] += 1
            if calls["mentions"] == 5:
                raise duckdb.IOException('Could not write file "failing.duckdb.wal": No space left on device')
        return real_insert(self, table, records)

    monkeypatch.setattr(DuckDBStore, "_insert", insert)
    with open(out, "w", encoding="utf-8") as f, pytest.raises(StoreError, match="cannot store the article: .*No space"):
        run_code(CodeRun(inputs=[str(corpus)], db=db, output=f, workers=1))
    committed = [json.loads(line)["doc_id"] for line in out.read_text("utf-8").splitlines()]
    assert 4 <= len(committed) < 8  # articles without events are stored without a mentions insert
    with dotterel.open(db, read_only=True) as store:  # it opens, and holds exactly what was committed
        articles = store.articles()
        assert sorted(articles["doc_id"]) == sorted(committed)
        counts = store.mentions().groupby("doc_id").size().to_dict()
        assert all(counts.get(a.doc_id, 0) == a.n_mentions for a in articles.itertuples())  # each whole
        assert list(store.runs()["status"]) == ["failed"]
    monkeypatch.setattr(DuckDBStore, "_insert", real_insert)
    report = run_code(CodeRun(inputs=[str(corpus)], db=db, workers=1))  # fixed: it goes on from there
    assert report.skipped.get("already coded") == len(committed) and report.store["counts"]["articles"] == 8



def test_a_full_disk_ends_with_a_clear_error_and_an_intact_store(tmp_path):
    mnt = tmp_path / "small"
    if not can_mount_tmpfs(mnt):
        pytest.skip("cannot mount a small tmpfs here (needs root on Linux); benchmarks/faults.py says the same")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(mnt)], check=True)
    out = tmp_path / "out.jsonl"
    try:
        done = subprocess.run([sys.executable, "-m", "dotterel", "code", str(CORPUS), "--db", str(mnt / "s.duckdb"),
                               "-o", str(out), "--workers", "1", "--no-progress"],
                              capture_output=True, text=True, timeout=600, check=False)
        kept = tmp_path / "kept.duckdb"
        shutil.copy(mnt / "s.duckdb", kept)
        if (mnt / "s.duckdb.wal").exists():
            shutil.copy(mnt / "s.duckdb.wal", tmp_path / "kept.duckdb.wal")
    finally:
        subprocess.run(["umount", str(mnt)], check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
    error = next(line for line in done.stderr.splitlines() if line.startswith("error:"))
    assert "cannot store the article" in error and "No space left on device" in error
    assert "run the same command again" in done.stderr
    committed = {json.loads(line)["doc_id"] for line in out.read_text("utf-8").splitlines()}
    partial = snapshot(kept)
    assert 0 < len(committed) < 52 and {r[0] for r in partial["articles"]} == committed
    assert {r[1] for r in partial["mentions"]} <= committed
    run_to_end(kept)  # with room again: it ends with the store of an uninterrupted run
    reference = tmp_path / "reference.duckdb"
    run_to_end(reference)
    assert snapshot(kept) == snapshot(reference)


def test_a_kill_while_the_events_are_merged_loses_nothing(tmp_path):
    n_articles = CORPUS.read_text("utf-8").count("\n")
    db, progress = tmp_path / "merging.duckdb", tmp_path / "progress.jsonl"
    kill_after(start(db, progress), progress, n_articles)  # every article committed: the merge is next
    run_to_end(db)
    reference = tmp_path / "reference.duckdb"
    run_to_end(reference)
    assert snapshot(db) == snapshot(reference)
