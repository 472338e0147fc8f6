"""Faults: `dotterel code --db` killed with SIGKILL at random points, run again to the end; the
store must equal an uninterrupted run's (nothing lost, nothing doubled). And a full disk.

    python benchmarks/faults.py [--points 24] [--corpus FILE] [--workers 1] [--seed 7] [--no-disk] [--json]

1. The package is copied to a temporary folder first and every run uses that copy, so a
   checkout that changes while the benchmark runs (other people at work) cannot change what is
   coded between two runs.
2. A reference store: the corpus coded in one uninterrupted run (its wall time sets the range
   of the time-based kill points).
3. Each kill point is a fresh store and a run killed (SIGKILL, then its process group, so that
   worker processes go too) either once `k` articles are committed (progress-based: the JSONL
   line of an article is written after its commit) or after a random time (time-based: anywhere
   from start-up and model loading to the merge at the end). One point in three also kills the
   run that resumes. A last run goes to the end; its store is compared with the reference:
   every table, by content (not row order), without what says when or by which run.
4. A full disk: the store on a tmpfs too small for it (when this user may mount one; as root,
   for instance), coded until the disk is full, then: the error, the exit code, the store opened
   and compared with what the run had committed (its JSONL lines), and the same command run
   again on a disk with room: it must end with the reference store.

Printed: the kill points survived, the documents lost and doubled (articles and mentions, 0 is
the target), and the JSONL lines lost or doubled across a killed run and its re-run (a run
killed between an article's commit and its line loses that line: the store is what counts).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from dotterel.testing import can_mount_tmpfs, store_snapshot

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "dedup_corpus" / "articles.jsonl"
snapshot = store_snapshot  # every table by content (dotterel.testing)


def freeze() -> tuple[Path, dict[str, str]]:
    """A copy of the package, and the environment that makes `python -m dotterel` use it."""
    frozen = Path(tempfile.mkdtemp(prefix="dotterel-frozen-"))
    shutil.copytree(ROOT / "src" / "dotterel", frozen / "dotterel",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    env = {**os.environ, "PYTHONPATH": str(frozen), "PYTHONDONTWRITEBYTECODE": "1"}
    return frozen, env


class Runner:
    def __init__(self, corpus: Path, env: dict[str, str], workers: int, rng: random.Random) -> None:
        self.corpus, self.env, self.workers, self.rng = corpus, env, workers, rng

    def cmd(self, db: Path, out: Path) -> list[str]:
        return [sys.executable, "-m", "dotterel", "code", str(self.corpus), "--db", str(db), "-o", str(out),
                "--workers", str(self.workers), "--no-progress"]

    def to_end(self, db: Path, out: Path) -> tuple[float, str]:
        started = time.perf_counter()
        done = subprocess.run(self.cmd(db, out), env=self.env, capture_output=True, text=True, timeout=1800,
                              check=False)
        if done.returncode != 0:
            raise SystemExit(f"a run that should end did not (exit {done.returncode}):\n{done.stderr[-3000:]}")
        return time.perf_counter() - started, done.stderr

    def killed(self, db: Path, out: Path, *, lines: int | None = None, after: float | None = None) -> dict:
        """Start a run and SIGKILL it after `lines` committed articles or `after` seconds."""
        proc = subprocess.Popen(self.cmd(db, out), env=self.env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        started = time.perf_counter()
        deadline = started + (after if after is not None else 1800)
        while proc.poll() is None and time.perf_counter() < deadline:
            if lines is not None and _lines(out) >= lines:
                time.sleep(self.rng.uniform(0, 0.2))
                break
            time.sleep(0.005)
        ended_first = proc.poll() is not None
        if not ended_first:
            proc.send_signal(signal.SIGKILL)
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # worker processes, if any
        except ProcessLookupError:
            pass
        proc.wait()
        return {"lines_at_kill": _lines(out), "seconds": round(time.perf_counter() - started, 2),
                "killed": not ended_first}


def _lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def _doc_ids(path: Path) -> list[str]:
    out = []
    if path.exists():
        for line in path.read_text("utf-8").splitlines():
            try:
                out.append(json.loads(line)["doc_id"])
            except (ValueError, KeyError):
                pass  # a line cut by the kill
    return out


def compare(got: dict[str, list[tuple]], want: dict[str, list[tuple]]) -> dict:
    articles_got = Counter(r[0] for r in got["articles"])
    articles_want = Counter(r[0] for r in want["articles"])
    mentions_got = Counter(r[1] for r in got["mentions"])  # doc_id of each mention
    mentions_want = Counter(r[1] for r in want["mentions"])
    return {
        "equal": got == want,
        "tables_differing": [t for t in want if got[t] != want[t]],
        "articles_lost": sum((articles_want - articles_got).values()),
        "articles_doubled": sum((articles_got - articles_want).values()),
        "mentions_lost": sum((mentions_want - mentions_got).values()),
        "mentions_doubled": sum((mentions_got - mentions_want).values()),
    }


def kill_points(runner: Runner, work: Path, reference: dict, n_articles: int, t_ref: float, points: int) -> list[dict]:
    results = []
    for i in range(points):
        db, outs = work / f"kill-{i}.duckdb", []
        progress_based = i % 2 == 0
        out = work / f"kill-{i}-a.jsonl"
        outs.append(out)
        if progress_based:
            k = (i // 2) * max(1, n_articles - 1) // max(1, points // 2)
            first = runner.killed(db, out, lines=k)
            first["at"] = f"after {k} article(s)"
        else:
            t = runner.rng.uniform(0.2, t_ref * 1.05)
            first = runner.killed(db, out, after=t)
            first["at"] = f"after {t:.1f} s"
        kills = [first]
        if runner.rng.random() < 1 / 3:  # kill the resuming run too
            out2 = work / f"kill-{i}-b.jsonl"
            outs.append(out2)
            second = runner.killed(db, out2, after=runner.rng.uniform(0.2, t_ref))
            second["at"] = f"resume, after {second['seconds']:.1f} s"
            kills.append(second)
        last = work / f"kill-{i}-z.jsonl"
        outs.append(last)
        runner.to_end(db, last)
        verdict = compare(snapshot(db), reference)
        lines = Counter(d for o in outs for d in _doc_ids(o))
        verdict.update({
            "point": i, "kills": kills, "kills_delivered": sum(k["killed"] for k in kills),
            "jsonl_lost": n_articles - len(lines), "jsonl_doubled": sum(c - 1 for c in lines.values() if c > 1),
        })
        results.append(verdict)
        print(f"  point {i:>2}: {', '.join(k['at'] + ('' if k['killed'] else ' (ended first)') for k in kills):<44} "
              f"{'equal' if verdict['equal'] else 'DIFFERENT ' + str(verdict['tables_differing'])}; lost "
              f"{verdict['articles_lost']}, doubled {verdict['articles_doubled']}; JSONL lost {verdict['jsonl_lost']}",
              file=sys.stderr, flush=True)
        for p in [db, Path(str(db) + ".wal"), *outs]:
            p.unlink(missing_ok=True)
    return results



def full_disk(runner: Runner, work: Path, reference: dict, size: str = "300k") -> dict:
    """The store on a tmpfs of `size`: the run ends with a clear error; the store is whole."""
    mnt = work / "full"
    if not can_mount_tmpfs(mnt):
        return {"skipped": "cannot mount a tmpfs here (needs root on Linux)"}
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mnt)], check=True)
    out = work / "full.jsonl"
    try:
        done = subprocess.run(runner.cmd(mnt / "full.duckdb", out), env=runner.env, capture_output=True, text=True,
                              timeout=1800, check=False)
        kept = work / "kept.duckdb"
        shutil.copy(mnt / "full.duckdb", kept)
        if (mnt / "full.duckdb.wal").exists():
            shutil.copy(mnt / "full.duckdb.wal", Path(str(kept) + ".wal"))
    finally:
        subprocess.run(["umount", str(mnt)], check=False)
    error = next((ln for ln in done.stderr.splitlines() if ln.startswith("error:")), "")
    partial = snapshot(kept)
    committed = set(_doc_ids(out))
    stored = {r[0] for r in partial["articles"]}
    whole = {r[1] for r in partial["mentions"]} <= stored and all(
        sum(1 for m in partial["mentions"] if m[1] == a[0]) == a[9] for a in partial["articles"])  # n_mentions
    runner.to_end(kept, work / "full-rerun.jsonl")
    after = compare(snapshot(kept), reference)
    return {"exit": done.returncode, "error": error, "traceback": "Traceback" in done.stderr,
            "stored_before_full": len(stored), "stored_equals_committed": stored == committed,
            "every_article_whole": whole, "rerun_equals_reference": after["equal"], "rerun": after}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=24)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-disk", action="store_true", help="leave out the full-disk check")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    frozen, env = freeze()
    work = Path(tempfile.mkdtemp(prefix="dotterel-faults-"))
    try:
        runner = Runner(args.corpus.resolve(), env, args.workers, rng)
        n_articles = args.corpus.read_text("utf-8").count("\n")
        t_ref, _ = runner.to_end(work / "reference.duckdb", work / "reference.jsonl")
        reference = snapshot(work / "reference.duckdb")
        print(f"reference: {len(reference['articles'])} articles, {len(reference['mentions'])} mentions, "
              f"{len(reference['events'])} events in {t_ref:.1f} s", file=sys.stderr, flush=True)
        started = time.perf_counter()
        points = kill_points(runner, work, reference, n_articles, t_ref, args.points)
        disk = {"skipped": "--no-disk"} if args.no_disk else full_disk(runner, work, reference)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(frozen, ignore_errors=True)
    delivered = sum(p["kills_delivered"] for p in points)
    survived = sum(p["kills_delivered"] for p in points if p["equal"])
    summary = {
        "kill_points": len(points), "kills_delivered": delivered, "kills_survived": survived,
        "stores_equal": sum(p["equal"] for p in points),
        "articles_lost": sum(p["articles_lost"] for p in points),
        "articles_doubled": sum(p["articles_doubled"] for p in points),
        "mentions_lost": sum(p["mentions_lost"] for p in points),
        "mentions_doubled": sum(p["mentions_doubled"] for p in points),
        "jsonl_lines_lost": sum(p["jsonl_lost"] for p in points),
        "jsonl_lines_doubled": sum(p["jsonl_doubled"] for p in points),
        "seconds": round(time.perf_counter() - started, 1), "full_disk": disk,
    }
    if args.json:
        print(json.dumps({"summary": summary, "points": points}, indent=1, default=str))
    else:
        print(f"kill points: {len(points)} ({delivered} SIGKILLs delivered, {survived} survived: the store equals "
              f"the uninterrupted run's in {summary['stores_equal']}/{len(points)}); articles lost "
              f"{summary['articles_lost']}, doubled {summary['articles_doubled']}; mentions lost "
              f"{summary['mentions_lost']}, doubled {summary['mentions_doubled']}; JSONL lines lost "
              f"{summary['jsonl_lines_lost']}, doubled {summary['jsonl_lines_doubled']} ({summary['seconds']:.0f} s)")
        print(f"full disk: {json.dumps(disk)}")
    bad = summary["stores_equal"] < len(points) or (disk.get("rerun_equals_reference") is False)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
