"""De-duplication: the mentions that report one real-world event become one Event.

`deduplicate(mentions, docs)` is a pure function of its inputs: the same set of mentions
gives the same events and the same ids whatever their order, and running it again on its own
output's mentions changes nothing. The steps, one module each:

    syndication  near-identical articles are one source (MinHash over word shingles)
    blocking     which pairs are worth comparing (type family x date window x shared key)
    similarity   explainable pairwise components and a score
    accounts     stage 1: each article's account of an event; stage 2: accounts across articles
    cluster      components over likely pairs, average-link inside each, stable event ids
    events       the representative fields and the counts of each event

See docs/store.md for the rules and their reasons.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from dotterel.dedup import accounts, blocking, cluster, similarity, syndication
from dotterel.dedup.events import build_event
from dotterel.dedup.similarity import Features, PairScore
from dotterel.model import Article, Mention
from dotterel.model.event import Event, MergeLink

LEAD_CHARS = 300


@dataclass(frozen=True)
class DedupConfig:
    threshold: float = 0.6  # mean similarity at which two clusters merge
    link_threshold: float = 0.45  # pair similarity that puts two mentions in one component
    window_days: int = 3  # largest gap between two mentions' date intervals
    max_component: int = 300  # beyond this, single link instead of average link
    syndication_threshold: float = 0.6  # estimated shingle Jaccard of two copies of one story

    def hash(self) -> str:
        return hashlib.sha1(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """What de-duplication needs to know about an article."""

    doc_id: str
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    lead: str = ""  # title and opening of the text: what the story is about
    fingerprint: tuple[int, ...] = ()

    @classmethod
    def from_article(cls, article: Article) -> SourceDoc:
        return cls(
            doc_id=article.doc_id,
            published=article.published,
            outlet=article.outlet,
            url=article.url,
            lead=lead_of(article.title, article.text),
            fingerprint=syndication.fingerprint(article.text),
        )


@dataclass
class DedupResult:
    events: list[Event] = field(default_factory=list)
    links: list[MergeLink] = field(default_factory=list)
    sources: dict[str, tuple[str, float]] = field(
        default_factory=dict
    )  # doc_id -> (source doc_id, similarity)

    def event_of(self) -> dict[str, str]:
        """mention_id -> event_id."""
        return {mid: e.event_id for e in self.events for mid in e.mention_ids}


def lead_of(title: str | None, text: str) -> str:
    return f"{title or ''} {text[:LEAD_CHARS]}".strip()


def canonical_order(f: Features) -> tuple[str, str, int, int, str]:
    m = f.mention
    return (f.published or "9999-12-31", m.doc_id, m.evidence.start, m.evidence.end, m.mention_id)


def deduplicate(
    mentions: Iterable[Mention], docs: Iterable[SourceDoc] = (), *, config: DedupConfig | None = None
) -> DedupResult:
    """Group `mentions` into events; `docs` describe their articles (missing ones are fine)."""
    cfg = config or DedupConfig()
    by_doc = {d.doc_id: d for d in docs}
    unique: dict[str, Mention] = {}
    for m in mentions:
        unique.setdefault(m.mention_id, m)
    doc_ids = sorted({m.doc_id for m in unique.values()})
    sources = syndication.source_groups(
        (
            syndication.SyndicationDoc(
                d, by_doc[d].published if d in by_doc else None, by_doc[d].fingerprint if d in by_doc else ()
            )
            for d in doc_ids
        ),
        threshold=cfg.syndication_threshold,
    )
    feats = [
        similarity.features(
            m,
            source=sources[m.doc_id][0],
            published=by_doc[m.doc_id].published if m.doc_id in by_doc else None,
            story_text=by_doc[m.doc_id].lead if m.doc_id in by_doc else "",
        )
        for m in unique.values()
    ]
    feats.sort(key=canonical_order)
    cache: dict[tuple[int, int], PairScore] = {}

    def pair(i: int, j: int) -> PairScore:
        key = (i, j) if i < j else (j, i)
        if key not in cache:
            cache[key] = similarity.compare(feats[key[0]], feats[key[1]])
        return cache[key]

    candidates = sorted(blocking.candidate_pairs(feats, window_days=cfg.window_days))
    groups = accounts.accounts(feats, candidates, pair, cfg)
    clusters, account_score, account_of = accounts.merge_accounts(feats, groups, candidates, cfg)
    clusters.sort(key=lambda c: c[0])
    result = DedupResult(sources=sources)
    for members in clusters:
        canonical = feats[members[0]].mention
        eid = cluster.event_id(canonical)
        result.events.append(
            build_event(
                eid,
                [feats[i] for i in members],
                outlet_of=lambda d: by_doc[d].outlet if d in by_doc else None,
                url_of=lambda d: by_doc[d].url if d in by_doc else None,
            )
        )
        result.links.extend(_links(eid, members, feats, pair, account_score, account_of, groups))
    return result


def _links(
    eid: str,
    members: list[int],
    feats: list[Features],
    pair: Callable[[int, int], PairScore],
    account_score: Callable[[int, int], PairScore],
    account_of: list[int],
    groups: list[list[int]],
) -> list[MergeLink]:
    first = feats[members[0]].mention
    out = [
        MergeLink(
            event_id=eid,
            mention_id=first.mention_id,
            doc_id=first.doc_id,
            rank=0,
            reason="canonical: the earliest report",
        )
    ]
    event_accounts = sorted({account_of[i] for i in members})
    for rank, i in enumerate(members[1:], 1):
        m = feats[i].mention
        own = account_of[i]
        mates = [j for j in groups[own] if j != i]
        article: tuple[PairScore, int] | None = None
        if mates:
            article = max(((pair(i, j), j) for j in mates), key=lambda t: (t[0].score, -t[1]))
        others = [x for x in event_accounts if x != own]
        if others:
            scored = [(account_score(own, x), x) for x in others]
            best, x = max(scored, key=lambda t: (t[0].score, -t[1]))
            partner = feats[groups[x][0]].mention
            mean = sum(p.score for p, _ in scored) / len(scored)
            components: dict[str, Any] = dict(best.components)
            reason = describe(best, partner=partner, accounts=True)
            if article is not None:
                components["article"] = {
                    "with": feats[article[1]].mention.mention_id,
                    "score": article[0].score,
                }
                reason += (
                    f"; in its article with {feats[article[1]].mention.mention_id} ({article[0].score:.2f})"
                )
        else:
            assert article is not None  # a lone mention is an event of its own
            best, j = article
            partner = feats[j].mention
            mean = sum(pair(i, k).score for k in mates) / len(mates)
            components = dict(best.components)
            reason = describe(best, partner=partner, accounts=False)
        if best.notes:
            components["notes"] = best.notes
        out.append(
            MergeLink(
                event_id=eid,
                mention_id=m.mention_id,
                doc_id=m.doc_id,
                rank=rank,
                joined_with=partner.mention_id,
                score=best.score,
                mean_score=round(mean, 6),
                components=components,
                reason=reason,
            )
        )
    return out


def describe(p: PairScore, *, partner: Mention, accounts: bool = False) -> str:
    """One line saying why a mention (or its article's account) joined its partner."""
    c = p.components
    if c.get("same_clause"):
        return f"same clause as {partner.mention_id} (one event with several actors or recipients)"
    if p.notes.get("same_article"):
        return f"same article and type as {partner.mention_id}, nothing disagrees (score {p.score:.2f})"
    parts = [
        f"{k} {v:.2f}" for k, v in c.items() if k not in ("type", "status", "notes") and isinstance(v, float)
    ]
    unknown = [k for k, v in c.items() if v is None]
    extra = []
    if c.get("type", 1.0) != 1.0:
        extra.append(f"type factor {c['type']:.2f}")
    if c.get("status", 1.0) != 1.0:
        extra.append("different status")
    if p.notes.get("roles"):
        extra.append("roles swapped")
    if p.notes.get("syndicated"):
        extra.append("syndicated copy")
    if p.notes.get("conflicts"):
        extra.append("disagrees on " + ", ".join(p.notes["conflicts"]))
    who = (
        f"its article's account matches that of {partner.doc_id} ({partner.mention_id})"
        if accounts
        else f"matches {partner.mention_id}"
    )
    text = f"{who}: score {p.score:.2f}; " + ", ".join(parts)
    if unknown:
        text += "; no evidence on " + ", ".join(unknown)
    if extra:
        text += "; " + ", ".join(extra)
    return text


__all__ = ["DedupConfig", "DedupResult", "SourceDoc", "deduplicate", "describe", "lead_of"]
