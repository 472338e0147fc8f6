"""Accounts: how one article tells of one event, and how accounts from different articles merge.

Stage 1 groups the mentions of each article: same-type mentions that disagree on nothing are
one account of one event (see `similarity.SAME_ARTICLE`), clustered by average link.

Stage 2 compares accounts across articles. An account is compared as a whole, through a
composite of its mentions: the most confident resolved actor and recipient, the most precise
place, its explicit date when any mention gives one (else the publication-day window), and
the words and place names of all its sentences. So a vague sentence ("32 people were killed")
is read with the rest of its article's account, and cannot alone link the account to a
different event. Accounts are linked into components over candidate pairs scoring at least
`link_threshold`, then clustered by average link at `threshold`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from dotterel.dedup import cluster
from dotterel.dedup.events import best_place, best_ref, vote
from dotterel.dedup.similarity import Features, PairScore, compare, date_interval
from dotterel.model import ActorRef, PartialDate

if TYPE_CHECKING:
    from dotterel.dedup import DedupConfig


def accounts(
    feats: Sequence[Features],
    candidates: Sequence[tuple[int, int]],
    pair: Callable[[int, int], PairScore],
    cfg: DedupConfig,
) -> list[list[int]]:
    """Stage 1: inside each article, the mentions that tell of one event."""
    by_doc: dict[str, list[int]] = {}
    for i, f in enumerate(feats):
        by_doc.setdefault(f.mention.doc_id, []).append(i)
    out: list[list[int]] = []
    for members in by_doc.values():
        if len(members) <= cfg.max_component:
            out.extend(cluster.average_link(members, lambda i, j: pair(i, j).score, threshold=cfg.threshold))
        else:
            doc = set(members)
            strong = [
                (i, j) for i, j in candidates if i in doc and j in doc and pair(i, j).score >= cfg.threshold
            ]
            out.extend(cluster.single_link(members, strong))
    return out


def composite(members: Sequence[Features]) -> Features:
    """One account as one comparable record (members in canonical order)."""
    if len(members) == 1:
        return members[0]
    mentions = [f.mention for f in members]
    first = members[0]
    explicit = [
        m.date
        for m in mentions
        if m.date is not None and m.date.how != "published" and m.date.precision == "day"
    ]
    date: PartialDate | None = first.mention.date
    if explicit:
        weights = [
            m.confidence
            for m in mentions
            if m.date is not None and m.date.how != "published" and m.date.precision == "day"
        ]
        value = vote([(d.value, w) for d, w in zip(explicit, weights)], default=explicit[0].value)
        date = next(d for d in explicit if d.value == value)
    head = replace(
        first.mention,
        mode=vote([(m.mode, m.confidence) for m in mentions if m.mode], default=first.mention.mode),
        actor=best_ref(mentions, lambda m: m.actor),
        recipient=best_ref(mentions, lambda m: m.recipient),
        location=best_place(mentions),
        date=date,
    )
    lo, hi, kind = date_interval(head, first.published)
    return replace(
        first,
        mention=head,
        lo=lo,
        hi=hi,
        date_kind=kind,
        actors=_distinct(r for f in members for r in f.actors),
        recipients=_distinct(r for f in members for r in f.recipients),
        tokens=frozenset().union(*(f.tokens for f in members)),
        names=frozenset().union(*(f.names for f in members)),
        place_names=frozenset().union(*(f.place_names for f in members)),
        sentence_norm=" ".join(dict.fromkeys(f.sentence_norm for f in members)),
    )


def merge_accounts(
    feats: Sequence[Features],
    groups: Sequence[list[int]],
    candidates: Sequence[tuple[int, int]],
    cfg: DedupConfig,
) -> tuple[list[list[int]], Callable[[int, int], PairScore], list[int]]:
    """Stage 2: accounts of one event across articles.

    Returns the events (lists of mention indices), the account-pair scorer and, for each
    mention index, the index of its account in `groups`.
    """
    account_of = [0] * len(feats)
    for n, acc in enumerate(groups):
        for i in acc:
            account_of[i] = n
    comps = [composite([feats[i] for i in acc]) for acc in groups]
    cache: dict[tuple[int, int], PairScore] = {}

    def score(x: int, y: int) -> PairScore:
        key = (x, y) if x < y else (y, x)
        if key not in cache:
            cache[key] = compare(comps[key[0]], comps[key[1]])
        return cache[key]

    pairs = {
        (min(account_of[i], account_of[j]), max(account_of[i], account_of[j]))
        for i, j in candidates
        if account_of[i] != account_of[j]
    }
    edges = sorted(p for p in pairs if score(*p).score >= cfg.link_threshold)
    out: list[list[int]] = []
    for comp in cluster.components(len(groups), edges):
        if len(comp) <= cfg.max_component:
            merged = cluster.average_link(comp, lambda x, y: score(x, y).score, threshold=cfg.threshold)
        else:
            merged = cluster.single_link(
                comp, [(x, y) for x, y in edges if score(x, y).score >= cfg.threshold]
            )
        out.extend(sorted(i for x in g for i in groups[x]) for g in merged)
    return out, score, account_of


def _distinct(refs: Iterable[ActorRef]) -> tuple[ActorRef, ...]:
    seen: dict[object, ActorRef] = {}
    for r in refs:
        seen.setdefault(r.entity_id or r.name.lower(), r)
    return tuple(seen.values())
