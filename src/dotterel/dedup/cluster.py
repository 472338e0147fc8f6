"""Clustering: mentions whose similarity is high enough become one event; stable event ids.

1. Candidate pairs (`blocking`) scoring at least `link_threshold` join mentions into
   connected components (union-find).
2. Inside each component every pair is scored, and average-link agglomerative clustering
   merges the two clusters with the highest mean pairwise similarity while that mean is at
   least `threshold`. Average link does not chain: A~B and B~C do not pull in C unless C is
   close to the group as a whole. Components larger than `max_component` (rare: a flood of
   near-identical reports) fall back to single link at `threshold` over candidate pairs.
3. Ties are broken by the mentions' canonical order, so the result depends only on the
   set of mentions, never on their input order.

Event ids: the canonical mention of an event is its earliest report (publication date of
its article, then doc_id, then position in the text, then mention_id), and the event id is
`"ev-" + sha1("event:" + canonical mention_id)[:16]`. The id does not depend on the other
members, so adding reports of other events never changes it; it changes only when an
earlier report of the same event arrives (the store then records the old id as an alias).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np

from dotterel.model import Mention


def event_id(canonical: Mention) -> str:
    return "ev-" + hashlib.sha1(f"event:{canonical.mention_id}".encode()).hexdigest()[:16]


def components(n: int, edges: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Connected components over `n` nodes (each sorted; listed by smallest member)."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return [groups[k] for k in sorted(groups)]


def average_link(
    members: Sequence[int], score: Callable[[int, int], float], *, threshold: float
) -> list[list[int]]:
    """Average-link clusters of `members` (indices in canonical order)."""
    k = len(members)
    if k == 1:
        return [list(members)]
    sums = np.zeros((k, k))
    for x in range(k):
        for y in range(x + 1, k):
            sums[x, y] = sums[y, x] = score(members[x], members[y])
    sizes = np.ones(k)
    alive = np.ones(k, dtype=bool)
    groups: list[list[int]] = [[m] for m in members]
    while alive.sum() > 1:
        avg = sums / np.outer(sizes, sizes)
        mask = ~(alive[:, None] & alive[None, :])
        np.fill_diagonal(mask, True)
        avg[mask] = -1.0
        best = int(np.argmax(avg))  # first maximum in row-major order: deterministic ties
        x, y = divmod(best, k)
        if avg[x, y] < threshold:
            break
        x, y = min(x, y), max(x, y)
        sums[x, :] += sums[y, :]
        sums[:, x] += sums[:, y]
        sums[x, x] = 0.0
        sizes[x] += sizes[y]
        alive[y] = False
        groups[x].extend(groups[y])
        groups[y] = []
    return [sorted(g) for g in groups if g]


def single_link(members: Sequence[int], edges: Sequence[tuple[int, int]]) -> list[list[int]]:
    index = {m: n for n, m in enumerate(members)}
    local = [(index[a], index[b]) for a, b in edges if a in index and b in index]
    return [[members[i] for i in comp] for comp in components(len(members), local)]
