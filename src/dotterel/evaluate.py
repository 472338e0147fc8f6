"""Score predicted events against gold events, with the levels of ../shared/eval/score.py.

doc-type (bag of types per document), type (same type and overlapping evidence), actor (and the
actor matches by name, alias or country+sector), full (and the recipient matches; reciprocal
gold events in either direction); on matched pairs: location country, location within 100 km,
date to the gold's precision, status, attribution present/absent; and P/R/F1 per type.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

TYPES = frozenset({
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
})
LEVELS = ("doc-type", "type", "actor", "full")
_NAME_STOPWORDS = {"the", "of", "a", "an", "and", "al", "el", "group", "forces", "force"}


def load_records(path: str | Path) -> dict[str, dict[str, Any]]:
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                out[str(rec.get("doc_id") or rec.get("id"))] = rec
    return out


def gold_articles(path: str | Path) -> list[dict[str, Any]]:
    """Gold records as article dicts (sentence suites use `id`, `date`)."""
    out = []
    for key, rec in load_records(path).items():
        out.append({"doc_id": key, "text": rec.get("text") or "", "title": rec.get("title"),
                    "published": rec.get("published") or rec.get("date")})
    return out


def _name_tokens(name: str | None) -> set[str]:
    return {t for t in re.findall(r"[a-z0-9]+", (name or "").lower()) if t not in _NAME_STOPWORDS}


def actors_match(gold: dict[str, Any] | None, pred: dict[str, Any] | None) -> bool:
    if not gold and not pred:
        return True
    if not gold or not pred:
        return False
    g = _name_tokens(gold.get("name"))
    for cand in [_name_tokens(pred.get("name")), *(_name_tokens(a) for a in pred.get("aliases") or [])]:
        if g and cand and (g <= cand or cand <= g or len(g & cand) / len(g | cand) >= 0.5):
            return True
    return bool(gold.get("country") and gold.get("country") == pred.get("country")
                and gold.get("sector") and gold.get("sector") == pred.get("sector"))


def _evidence_span(event: dict[str, Any], text: str) -> tuple[int, int] | None:
    ev = event.get("evidence")
    if isinstance(ev, dict):
        if isinstance(ev.get("start"), int) and isinstance(ev.get("end"), int):
            return ev["start"], ev["end"]
        ev = ev.get("text")
    if isinstance(ev, str) and ev and text:
        i = text.find(ev)
        if i >= 0:
            return i, i + len(ev)
    return None


def _overlap(gold: dict[str, Any], pred: dict[str, Any], text: str) -> bool:
    g = _evidence_span(gold, text)
    if g is None:
        return True  # sentence suites give no evidence: the type decides
    p = _evidence_span(pred, text)
    return p is not None and g[0] < p[1] and p[0] < g[1]


def distance_km(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    try:
        la1, lo1, la2, lo2 = (math.radians(float(x)) for x in (a["lat"], a["lon"], b["lat"], b["lon"]))
    except (KeyError, TypeError, ValueError):
        return None
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


def _level(gold: dict[str, Any], pred: dict[str, Any], text: str) -> int:
    if gold["type"] != pred.get("type") or not _overlap(gold, pred, text):
        return 0
    if actors_match(gold.get("actor"), pred.get("actor")):
        return 3 if actors_match(gold.get("recipient"), pred.get("recipient")) else 2
    if (gold.get("compound") or {}).get("reciprocal") and actors_match(gold.get("actor"), pred.get("recipient")):
        return 3 if actors_match(gold.get("recipient"), pred.get("actor")) else 2
    return 1


def _pairs(gold: list[dict[str, Any]], pred: list[dict[str, Any]], text: str) -> list[tuple[int, int, int]]:
    """One-to-one matching, greedy on the best level first."""
    scored = sorted(((lvl, i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)
                     if (lvl := _level(g, p, text))), key=lambda t: -t[0])
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for lvl, i, j in scored:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((lvl, i, j))
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "pred": n_pred, "gold": n_gold, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score(gold_docs: dict[str, dict[str, Any]], pred_docs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    tp: Counter[str] = Counter()
    n_gold = n_pred = bag = 0
    attrs: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_type: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for doc_id, grec in gold_docs.items():
        text = grec.get("text") or ""
        gold = [e for e in grec.get("events", []) if e.get("type") in TYPES]
        pred = [e for e in (pred_docs.get(doc_id) or {}).get("events", []) if isinstance(e, dict)]
        n_gold += len(gold)
        n_pred += len(pred)
        for e in gold:
            per_type[e["type"]][2] += 1
        for e in pred:
            if e.get("type") in TYPES:
                per_type[e["type"]][1] += 1
        bag += sum((Counter(e["type"] for e in gold) & Counter(e.get("type") for e in pred)).values())
        for lvl, i, j in _pairs(gold, pred, text):
            g, p = gold[i], pred[j]
            tp["type"] += 1
            per_type[g["type"]][0] += 1
            tp["actor"] += lvl >= 2
            tp["full"] += lvl >= 3
            _attributes(attrs, g, p)
    return {
        "documents": len(gold_docs),
        "documents_missing_in_pred": sum(1 for d in gold_docs if d not in pred_docs),
        "doc-type": prf(bag, n_pred, n_gold),
        "type": prf(tp["type"], n_pred, n_gold),
        "actor": prf(tp["actor"], n_pred, n_gold),
        "full": prf(tp["full"], n_pred, n_gold),
        "attributes_on_matched": {k: round(v[0] / v[1], 4) if v[1] else None for k, v in attrs.items()},
        "by_type": {t: prf(*per_type[t]) for t in sorted(per_type)},
    }


def _attributes(attrs: dict[str, list[int]], g: dict[str, Any], p: dict[str, Any]) -> None:
    gl, pl = g.get("location") or {}, p.get("location") or {}
    if gl.get("country"):
        attrs["location_country"][1] += 1
        attrs["location_country"][0] += gl.get("country") == pl.get("country")
    if gl.get("lat") is not None:
        d = distance_km(gl, pl)
        attrs["location_100km"][1] += 1
        attrs["location_100km"][0] += d is not None and d <= 100
    if g.get("date"):
        gd, pd = str(g["date"]), str(p.get("date") or "")
        attrs["date"][1] += 1
        attrs["date"][0] += pd[: len(gd)] == gd
    attrs["status"][1] += 1
    attrs["status"][0] += (g.get("status") or "asserted") == (p.get("status") or "asserted")
    attrs["attribution"][1] += 1
    attrs["attribution"][0] += bool(g.get("attributed_to")) == bool(p.get("attributed_to"))


def format_report(res: dict[str, Any], *, by_type: bool = True) -> str:
    lines = [f"documents: {res['documents']} (missing in predictions: {res['documents_missing_in_pred']})"]
    for lvl in LEVELS:
        r = res[lvl]
        lines.append(f"{lvl:>9}: P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}  "
                     f"(tp {r['tp']}, pred {r['pred']}, gold {r['gold']})")
    lines.append("on matched: " + ", ".join(f"{k} {v:.3f}" for k, v in res["attributes_on_matched"].items() if v is not None))
    if by_type:
        for t, r in res["by_type"].items():
            lines.append(f"  {t:<10} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}  (gold {r['gold']})")
    return "\n".join(lines)


def evaluate_file(gold_path: str | Path, *, config: Any = None, pred_out: str | Path | None = None) -> dict[str, Any]:
    """Code the gold texts with the pipeline and score them."""
    from dotterel.api import article_record, code_articles
    from dotterel.model import Article

    articles = [Article.from_dict(a) for a in gold_articles(gold_path)]
    preds = {c.article.doc_id: article_record(c) for c in code_articles(articles, config=config)}
    if pred_out is not None:
        with open(pred_out, "w", encoding="utf-8") as f:
            for rec in preds.values():
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return score(load_records(gold_path), preds)


def iter_events(records: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for rec in records:
        yield from rec.get("events", [])
