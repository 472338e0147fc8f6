"""Blocking: which pairs of mentions are worth comparing at all.

Two mentions are candidates when all of these hold:

- their types can merge: the same type family (PLOVER quad; a type outside the codebook is a
  family of its own), since `similarity.COMPATIBLE_TYPES` only pairs types of one quad;
- their date intervals (see `similarity.date_interval`) are at most `window_days` apart;
- they share a key: a country (of the place, the actor or the recipient), a resolved entity,
  a proper name written in both sentences, or the syndication source of their articles. A
  mention with none of these keys is compared with every mention of its family in the window.

Pairs outside the blocks are never merged directly, so blocking bounds the work without
changing what a comparison means. The candidate set depends only on the two mentions, never
on the rest of the batch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from dotterel.dedup.similarity import Features
from dotterel.model.plover import codebook

WILDCARD = ("*",)


def family(type_: str) -> str:
    book = codebook()
    return f"q{book.quad(type_)}" if book.is_type(type_) else type_


def keys(f: Features) -> set[tuple[str, ...]]:
    m = f.mention
    out: set[tuple[str, ...]] = {("source", f.source)}
    if m.location is not None and m.location.country:
        out.add(("country", m.location.country))
    for ref in (m.actor, m.recipient):
        if ref is None:
            continue
        if ref.country:
            out.add(("country", ref.country))
        if ref.entity_id:
            out.add(("entity", ref.entity_id))
    out.update(("name", t) for t in f.names if not t.isdigit())
    return out


def candidate_pairs(feats: Sequence[Features], *, window_days: int) -> set[tuple[int, int]]:
    """Index pairs (i < j) into `feats` worth comparing."""
    buckets: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    families: dict[str, list[int]] = defaultdict(list)
    wild: set[int] = set()
    for i, f in enumerate(feats):
        if f.lo is None:
            # undated and no publication date: only its own article and copies
            buckets[(family(f.mention.type), ("source", f.source))].append(i)
            continue
        fam = family(f.mention.type)
        families[fam].append(i)
        ks = keys(f)
        if len(ks) == 1:  # only its source: nothing to block on
            wild.add(i)
        for k in ks:
            buckets[(fam, k)].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        _sweep(feats, members, pairs, window_days, only=None)
    for members in families.values():
        if wild & set(members):
            _sweep(feats, members, pairs, window_days, only=wild)
    return pairs


def _sweep(
    feats: Sequence[Features],
    members: list[int],
    pairs: set[tuple[int, int]],
    window: int,
    *,
    only: set[int] | None,
) -> None:
    """Pairs of members whose intervals are within `window` days (sorted sweep)."""
    dated = sorted((i for i in members if feats[i].lo is not None), key=lambda i: (feats[i].lo, i))
    undated = [i for i in members if feats[i].lo is None]
    for n, i in enumerate(dated):
        hi = feats[i].hi or 0
        for j in dated[n + 1 :]:
            if (feats[j].lo or 0) > hi + window:
                break
            if only is None or i in only or j in only:
                pairs.add((min(i, j), max(i, j)))
    for n, i in enumerate(undated):
        for j in undated[n + 1 :]:
            pairs.add((min(i, j), max(i, j)))
