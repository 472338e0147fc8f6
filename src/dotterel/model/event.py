"""Event: one real-world event, merged from the mentions (reports) of it; and why each joined.

A `Mention` is one event as reported in one article. De-duplication (`dotterel.dedup`) groups
the mentions that report the same real-world event into one `Event`, which carries the
representative type, actor, recipient, place and date, the ids of all its mentions, and how
widely it was reported (mentions, articles, outlets, independent sources, first and last seen).
Each mention's `MergeLink` says why it joined: its strongest partner in the event and the
similarity components of that pair. Merging is reversible: the mentions are kept as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dotterel.model.records import ActorRef, PartialDate, PlaceRef


@dataclass(frozen=True, slots=True)
class Event:
    """One real-world event and the mentions that report it (canonical mention first)."""

    event_id: str
    type: str
    mode: str | None
    context: tuple[str, ...]
    actor: ActorRef | None
    recipient: ActorRef | None
    location: PlaceRef | None
    date: PartialDate | None
    status: str
    confidence: float
    quad: int | None
    score: float | None
    canonical_mention_id: str
    mention_ids: tuple[str, ...]
    doc_ids: tuple[str, ...]
    n_mentions: int
    n_articles: int
    n_outlets: int
    n_sources: int  # independent sources: syndicated copies of one story count once
    first_seen: str | None  # earliest publication date of a reporting article (ISO)
    last_seen: str | None
    outlets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MergeLink:
    """Why a mention belongs to its event.

    The canonical mention (the earliest report) has `rank == 0` and no partner. Every other
    mention names its most similar fellow member (`joined_with`), that pair's `score` and its
    similarity `components` (each in [0, 1], or None when the two reports give no evidence
    either way), and `mean_score`, its mean similarity to all other members.
    """

    event_id: str
    mention_id: str
    doc_id: str
    rank: int
    joined_with: str | None = None
    score: float | None = None
    mean_score: float | None = None
    components: dict[str, Any] = field(default_factory=dict)
    reason: str = ""
