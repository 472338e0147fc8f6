"""De-duplication benchmark: code the dedup corpus into a fresh store, merge, score the merge.

    python benchmarks/dedup.py [--corpus tests/data/dedup_corpus] [--db PATH] [--threshold 0.6]
                               [--window-days 3] [--verbose] [--json]

The corpus (written for dotterel's tests) has short articles about real-world-like events,
each event reported by one to five articles with different wording, outlets and dates, plus
syndicated copies; `gold.jsonl` maps each article to its event (`event`), the event's PLOVER
type (`type`) and day (`date`), and marks copies (`copy_of`).

What is scored. The coder finds more than the gold event in an article (a condemnation, a
deployment ...), and gold says nothing about those. So the pairs are formed over *eligible*
mentions: a mention is eligible when its type is its article's gold type and its date interval
(its date read with its precision; the publication day and the two days before it when the
date is only the publication date) lies within one day of the gold date. Each eligible mention
belongs, in gold, to its article's event. Over all pairs of eligible mentions:

    precision = pairs in one predicted event that are in one gold event / pairs in one predicted event
    recall    = pairs in one predicted event that are in one gold event / pairs in one gold event

Baselines, scored on the same mentions in the same run:
    no merging               every mention its own event (what counting reports gives)
    same article             mentions of one type in one article merged, nothing across articles
    type+country+date        mentions with equal type, location country and date value merged
    type+country+3 days      the same with dates up to three days apart (single link)

It also prints the number of gold events behind the eligible mentions against the number of
events dotterel makes of them, and the syndicated copies found against gold.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from collections.abc import Callable, Hashable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from dotterel.api import CodeRun, run_code
from dotterel.dedup import DedupConfig
from dotterel.dedup.similarity import date_interval
from dotterel.model import Mention
from dotterel.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def pairwise(
    mentions: Sequence[Mention], gold: Callable[[Mention], Hashable], predicted: Callable[[Mention], Hashable]
) -> dict[str, Any]:
    tp = fp = fn = 0
    for a, b in itertools.combinations(mentions, 2):
        same_gold, same_pred = gold(a) == gold(b), predicted(a) == predicted(b)
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def single_link(mentions: Sequence[Mention], linked: Callable[[Mention, Mention], bool]) -> dict[str, int]:
    parent = list(range(len(mentions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in itertools.combinations(range(len(mentions)), 2):
        if linked(mentions[i], mentions[j]):
            parent[find(j)] = find(i)
    return {m.mention_id: find(i) for i, m in enumerate(mentions)}


def evaluate(store_path: Path, corpus: Path) -> dict[str, Any]:
    gold = {
        r["doc_id"]: r for r in map(json.loads, (corpus / "gold.jsonl").read_text("utf-8").splitlines()) if r
    }
    with open_store(store_path, read_only=True) as store:
        articles = {s.article.doc_id: s for s in store.iter_articles()}
        mentions = list(store.iter_mentions())
        event_of = {mid: e.event_id for e in store.event_records() for mid in e.mention_ids}

    def eligible(m: Mention) -> bool:
        g = gold.get(m.doc_id)
        if g is None or m.type != g["type"]:
            return False
        lo, hi, _ = date_interval(m, articles[m.doc_id].article.published)
        day = date.fromisoformat(g["date"]).toordinal()
        return lo is None or hi is None or max(0, lo - day, day - hi) <= 1

    chosen = sorted((m for m in mentions if eligible(m)), key=lambda m: m.mention_id)
    truth: Callable[[Mention], Hashable] = lambda m: gold[m.doc_id]["event"]
    country = {m.mention_id: m.location.country if m.location else None for m in chosen}

    def day(m: Mention) -> int | None:
        return date.fromisoformat(m.date.value).toordinal() if m.date and m.date.precision == "day" else None

    near = single_link(
        chosen,
        lambda a, b: (
            a.type == b.type
            and country[a.mention_id] == country[b.mention_id]
            and day(a) is not None
            and day(b) is not None
            and abs(day(a) - day(b)) <= 3
        ),
    )  # type: ignore[operator]
    systems: dict[str, Callable[[Mention], Hashable]] = {
        "dotterel": lambda m: event_of.get(m.mention_id, m.mention_id),
        "no merging": lambda m: m.mention_id,
        "same article": lambda m: (m.doc_id, m.type),
        "type+country+date": lambda m: (
            m.type,
            country[m.mention_id],
            m.date.value if m.date else m.mention_id,
        ),
        "type+country+3 days": lambda m: near[m.mention_id],
    }
    scores = {name: pairwise(chosen, truth, f) for name, f in systems.items()}
    copies_gold = {(d, g["copy_of"]) for d, g in gold.items() if g.get("copy_of")}
    copies_found = {(d, s.source_id) for d, s in articles.items() if s.source_id and s.source_id != d}
    return {
        "articles": len(articles),
        "gold_events": len({g["event"] for g in gold.values()}),
        "mentions": len(mentions),
        "eligible_mentions": len(chosen),
        "gold_events_of_eligible": len({truth(m) for m in chosen}),
        "dotterel_events_of_eligible": len({systems["dotterel"](m) for m in chosen}),
        "events_in_store": len(set(event_of.values())),
        "scores": scores,
        "syndication": {
            "gold_copies": len(copies_gold),
            "found": len(copies_found),
            "correct": len(copies_gold & copies_found),
        },
        "_chosen": chosen,
        "_truth": truth,
        "_pred": systems["dotterel"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT / "tests" / "data" / "dedup_corpus"))
    ap.add_argument("--db", help="store to code into (default: a temporary file); an existing one is reused")
    ap.add_argument("--threshold", type=float, default=DedupConfig().threshold)
    ap.add_argument("--window-days", type=int, default=DedupConfig().window_days)
    ap.add_argument("--verbose", action="store_true", help="list the wrongly split and wrongly merged pairs")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    corpus = Path(a.corpus)
    if not (corpus / "articles.jsonl").exists():
        sys.exit(f"no corpus at {corpus}")
    cfg = DedupConfig(threshold=a.threshold, window_days=a.window_days)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(a.db) if a.db else Path(tmp) / "dedup.duckdb"
        t0 = time.perf_counter()
        report = run_code(CodeRun(inputs=[str(corpus / "articles.jsonl")], db=db, dedup_config=cfg))
        seconds = time.perf_counter() - t0
        if report.store and report.store.get("dedup") is None:  # already coded: merge with these settings
            from dotterel.api import dedup_store

            with open_store(db) as store:
                dedup_store(store, config=cfg)
        res = evaluate(db, corpus)
    chosen, truth, pred = res.pop("_chosen"), res.pop("_truth"), res.pop("_pred")
    res.update(
        {
            "threshold": cfg.threshold,
            "window_days": cfg.window_days,
            "seconds": round(seconds, 1),
            "problems": report.problems,
        }
    )
    if a.json:
        print(json.dumps(res, indent=2))
        return
    print(
        f"corpus {corpus.name}: {res['articles']} articles, {res['gold_events']} gold events; coded "
        f"{res['mentions']} mentions, {res['eligible_mentions']} eligible; {res['events_in_store']} events in the "
        f"store ({res['seconds']}s, threshold {cfg.threshold}, window {cfg.window_days} days)"
    )
    print(
        f"eligible mentions report {res['gold_events_of_eligible']} gold events; dotterel makes "
        f"{res['dotterel_events_of_eligible']} events of them"
    )
    print(f"{'pairwise':<22}{'precision':>10}{'recall':>8}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}")
    for name, s in res["scores"].items():
        fmt = lambda v: f"{v:.3f}" if v is not None else "n/a"
        print(
            f"{name:<22}{fmt(s['precision']):>10}{fmt(s['recall']):>8}{fmt(s['f1']):>7}"
            f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}"
        )
    syn = res["syndication"]
    print(f"syndicated copies: {syn['correct']} of {syn['gold_copies']} found ({syn['found']} flagged)")
    if a.verbose:
        for x, y in itertools.combinations(chosen, 2):
            if (truth(x) == truth(y)) != (pred(x) == pred(y)):
                kind = "split " if truth(x) == truth(y) else "merged"
                print(
                    f"  {kind} {truth(x)}/{truth(y)}  {x.doc_id}: {x.evidence.text[:50]!r}  |  "
                    f"{y.doc_id}: {y.evidence.text[:50]!r}"
                )


if __name__ == "__main__":
    main()
