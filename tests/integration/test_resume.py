"""`dotterel code --db` killed with SIGKILL mid-run, run again, ends with the store an
uninterrupted run gives: nothing lost, nothing doubled."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dotterel.testing import store_snapshot

pytestmark = [pytest.mark.model, pytest.mark.slow]
CORPUS = Path(__file__).resolve().parents[1] / "data" / "dedup_corpus" / "articles.jsonl"
snapshot = store_snapshot  # every table by content (dotterel.testing)


def start(db: Path, progress: Path) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "dotterel",
        "code",
        str(CORPUS),
        "--db",
        str(db),
        "--batch-size",
        "2",
        "-o",
        str(progress),
    ]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ})


def kill_after(proc: subprocess.Popen, progress: Path, lines: int, *, timeout: float = 120) -> bool:
    """SIGKILL once `progress` has `lines` lines (each line is written after its article's commit),
    after a random pause of up to 0.2 s; False when the run ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if progress.exists() and progress.read_text("utf-8").count("\n") >= lines:
            time.sleep(random.uniform(0, 0.2))
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            return True
        time.sleep(0.01)
    proc.kill()
    raise AssertionError("the run made no progress")


def explain(got: dict, want: dict, *paths: Path) -> str:
    """Which tables differ, and whether the checkout changed while the test ran (the runs'
    manifests record digests of the coding code and data)."""
    import json

    import duckdb

    digests = set()
    for path in paths:
        con = duckdb.connect(str(path), read_only=True)
        for (manifest,) in con.execute("SELECT manifest FROM runs WHERE kind = 'code'").fetchall():
            m = json.loads(manifest)
            digests.add((m.get("code_digest"), m.get("data_digest")))
        con.close()
    tables = [name for name in got if got[name] != want[name]]
    changed = (
        " (the checkout changed during the test: runs saw different code/data digests)"
        if len(digests) > 1
        else ""
    )
    return f"stores differ in {tables}{changed}"


def run_to_end(db: Path) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "dotterel", "code", str(CORPUS), "--db", str(db)],
        capture_output=True,
        check=False,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done


def test_sigkill_then_rerun_gives_the_uninterrupted_store(tmp_path):
    n_articles = CORPUS.read_text("utf-8").count("\n")
    db = tmp_path / "killed.duckdb"
    killed = 0
    for lines in (3, 8):  # killed twice: once early, then again while resuming
        proc = start(db, tmp_path / f"progress-{lines}.jsonl")
        killed += kill_after(proc, tmp_path / f"progress-{lines}.jsonl", lines)
    assert killed >= 1, "no run was killed: the corpus coded too fast to interrupt"
    partial = snapshot(db)
    assert 0 < len(partial["articles"]) < n_articles  # killed before the end, and what it stored is whole
    stored = {row[0] for row in partial["articles"]}
    assert {row[1] for row in partial["mentions"]} <= stored  # no mention without its article

    assert "already coded" in run_to_end(db).stderr
    reference = tmp_path / "reference.duckdb"  # uninterrupted, in a fresh process like the others
    run_to_end(reference)
    assert len(snapshot(reference)["articles"]) == n_articles
    got, want = snapshot(db), snapshot(reference)
    assert got == want, explain(got, want, db, reference)

    import dotterel

    with dotterel.open(db, read_only=True) as store:
        statuses = list(store.runs()["status"])
    assert statuses.count("interrupted") == killed and statuses[-1] == "done"
