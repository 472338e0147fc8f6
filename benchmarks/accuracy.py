"""Code every gold suite in ../shared/eval with dotterel and print one table of scores.

    python benchmarks/accuracy.py [--eval-dir ../shared/eval] [--model NAME] [--out DIR] [--by-type]

Levels as ../shared/eval/score.py computes them; the predictions are also written to --out so
that score.py itself can be run on them (the table says how).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dotterel.evaluate import LEVELS, evaluate_file
from dotterel.pipeline import PipelineConfig
from dotterel.stages.nlp import DEFAULT_MODEL

SUITES = ("news_dev.jsonl", "petrarch2_sentences.jsonl", "plover_gsr_sentences.jsonl")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "eval"))
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--out", default="out/accuracy")
    ap.add_argument("--by-type", action="store_true")
    ap.add_argument("--suite", action="append", help="only these suite files")
    ap.add_argument("--markdown", help="also write the tables as Markdown to this file (docs/accuracy.md)")
    a = ap.parse_args()
    eval_dir = Path(a.eval_dir)
    if not eval_dir.is_dir():
        sys.exit(f"no evaluation folder at {eval_dir} (pass --eval-dir)")
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    config = PipelineConfig(model=a.model)
    rows = []
    for name in a.suite or SUITES:
        gold = eval_dir / name
        if not gold.exists():
            continue
        t0 = time.perf_counter()
        pred = out / f"pred_{name}"
        res = evaluate_file(gold, config=config, pred_out=pred)
        rows.append((name, res, time.perf_counter() - t0, pred))
    print(f"model: {a.model}")
    head = f"{'suite':<28}" + "".join(f"{lvl + ' P/R/F1':>22}" for lvl in LEVELS) + f"{'seconds':>9}"
    print(head)
    for name, res, secs, _ in rows:
        cells = "".join(f"{res[l]['precision']:>8.3f}{res[l]['recall']:>7.3f}{res[l]['f1']:>7.3f}" for l in LEVELS)
        print(f"{name:<28}{cells}{secs:>9.1f}")
    print("attributes on matched pairs:")
    for name, res, _, _ in rows:
        attrs = ", ".join(f"{k} {v:.3f}" for k, v in res["attributes_on_matched"].items() if v is not None)
        print(f"  {name:<26} {attrs}")
    if a.by_type:
        for name, res, _, _ in rows:
            print(f"per type, {name}:")
            for t, r in res["by_type"].items():
                print(f"  {t:<10} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}  (gold {r['gold']}, pred {r['pred']})")
    print("the referee on the same predictions: python ../shared/eval/score.py GOLD " + str(out / "pred_<suite>"))
    seed = seed_score(eval_dir, out)
    if seed is not None:
        print(f"seed-0001 alone: type recall {seed['type']['recall']:.3f} "
              f"({seed['type']['tp']} of {seed['type']['gold']} gold events), actor F1 {seed['actor']['f1']:.3f}")
    if a.markdown:
        Path(a.markdown).write_text(markdown(rows, a.model, seed), encoding="utf-8")
        print(f"wrote {a.markdown}")


def seed_score(eval_dir: Path, out: Path) -> dict | None:
    """The seed article's record (seed-0001 of news_dev) scored on its own."""
    from dotterel.evaluate import load_records, score

    gold, pred = eval_dir / "news_dev.jsonl", out / "pred_news_dev.jsonl"
    if not gold.exists() or not pred.exists():
        return None
    gold_docs = {k: v for k, v in load_records(gold).items() if k == "seed-0001"}
    return score(gold_docs, load_records(pred)) if gold_docs else None


def markdown(rows: list, model: str, seed: dict | None = None) -> str:
    """The same numbers as a Markdown page (docs/accuracy.md is written by this function)."""
    lines = [
        "# Accuracy",
        "",
        "Written by `python benchmarks/accuracy.py --markdown docs/accuracy.md` (model "
        f"`{model}`). Levels as `../shared/eval/score.py` computes them; the predictions are in",
        "`out/accuracy/pred_<suite>` after a run, and the referee itself gives the same numbers:",
        "`python ../shared/eval/score.py ../shared/eval/<suite> out/accuracy/pred_<suite>`.",
        "",
        "| suite | level | P | R | F1 | tp | pred | gold |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, res, _, _ in rows:
        for lvl in LEVELS:
            r = res[lvl]
            lines.append(f"| {name} | {lvl} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | "
                         f"{r['tp']} | {r['pred']} | {r['gold']} |")
    lines += ["", "## Attributes on pairs matched at type level", "", "| suite | attribute | accuracy |",
              "|---|---|---|"]
    for name, res, _, _ in rows:
        for k, v in res["attributes_on_matched"].items():
            if v is not None:
                lines.append(f"| {name} | {k} | {v:.3f} |")
    if seed is not None:
        lines += ["", "## The seed article (seed-0001) on its own", "", "| level | P | R | F1 | tp | gold |",
                  "|---|---|---|---|---|---|"]
        for lvl in LEVELS:
            r = seed[lvl]
            lines.append(f"| {lvl} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['tp']} | {r['gold']} |")
    for name, res, _, _ in rows:
        lines += ["", f"## Per type: {name}", "", "| type | P | R | F1 | gold | pred |", "|---|---|---|---|---|---|"]
        for t, r in res["by_type"].items():
            lines.append(f"| {t} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['gold']} | {r['pred']} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
