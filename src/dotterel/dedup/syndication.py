"""Syndication: near-identical article texts across outlets are one source, not several.

A wire story republished by ten outlets is one report, not ten independent confirmations.
Each article gets a MinHash `fingerprint` of its word 5-shingles (64 values, stable across
processes and platforms); articles whose estimated shingle Jaccard similarity is at least
`threshold` are copies of one story. `source_groups` links copies through locality-sensitive
hashing (16 bands of 4 values), so it never compares all pairs, and names each group after
its earliest article (by publication date, then doc_id): the original, as far as we can tell.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

N_HASHES = 64
SHINGLE = 5
BANDS = 16
ROWS = N_HASHES // BANDS
DEFAULT_THRESHOLD = 0.6
_MASKS = np.array(
    [
        int.from_bytes(hashlib.blake2b(f"dotterel-minhash-{i}".encode(), digest_size=8).digest(), "little")
        for i in range(N_HASHES)
    ],
    dtype=np.uint64,
)
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SyndicationDoc:
    """What syndication detection needs to know about one article."""

    doc_id: str
    published: str | None
    fingerprint: tuple[int, ...]


def fingerprint(text: str) -> tuple[int, ...]:
    """MinHash signature of the text's lower-cased word 5-shingles; () for a text without words."""
    words = _WORD.findall(text.lower())
    if not words:
        return ()
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    base = np.array(
        sorted(
            int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "little")
            for s in shingles
        ),
        dtype=np.uint64,
    )
    mixed = _fmix64(base[None, :] ^ _MASKS[:, None])
    return tuple(int(v) for v in mixed.min(axis=1).view(np.int64))


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two fingerprints."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b)) / len(a)


def source_groups(
    docs: Iterable[SyndicationDoc], *, threshold: float = DEFAULT_THRESHOLD
) -> dict[str, tuple[str, float]]:
    """doc_id -> (source_id, similarity to the source's original) for every doc.

    A doc with no copies is its own source (similarity 1.0).
    """
    items = sorted(docs, key=_doc_order)
    index = {d.doc_id: n for n, d in enumerate(items)}
    parent = list(range(len(items)))
    buckets: dict[tuple[int, tuple[int, ...]], list[int]] = defaultdict(list)
    for n, d in enumerate(items):
        if len(d.fingerprint) == N_HASHES:
            for band in range(BANDS):
                buckets[(band, tuple(d.fingerprint[band * ROWS : (band + 1) * ROWS]))].append(n)
    checked: set[tuple[int, int]] = set()
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if (a, b) in checked:
                    continue
                checked.add((a, b))
                if similarity(items[a].fingerprint, items[b].fingerprint) >= threshold:
                    _union(parent, a, b)
    out: dict[str, tuple[str, float]] = {}
    for d in items:
        root = items[_find(parent, index[d.doc_id])]
        sim = 1.0 if root.doc_id == d.doc_id else similarity(root.fingerprint, d.fingerprint)
        out[d.doc_id] = (root.doc_id, sim)
    return out


def _doc_order(d: SyndicationDoc) -> tuple[str, str]:
    return (d.published or "9999-12-31", d.doc_id)


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _union(parent: list[int], a: int, b: int) -> None:
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:  # the smaller index (earlier doc) stays the root
        parent[max(ra, rb)] = min(ra, rb)


def _fmix64(x: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser: a cheap, well-mixing permutation of uint64 values."""
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xFF51AFD7ED558CCD)
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xC4CEB9FE1A85EC53)
    out: np.ndarray = x ^ (x >> np.uint64(33))
    return out
