"""The EventStore interface: what coding, de-duplication, export and the API need of storage.

Two backends implement it: `DuckDBStore` (the embedded database, `store/duckdb.py`) and
`MemoryStore` (an in-memory fake for tests, `store/memory.py`). Writes are atomic per call:
`put_article` writes an article and all its mentions or nothing; `replace_events` replaces
every event, merge explanation and syndication link or nothing. That is what makes a killed
run resumable.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from dotterel.model import Article, Mention
from dotterel.model.event import Event, MergeLink
from dotterel.store.filters import EventFilters


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored: the record, how it was coded, and its syndication fingerprint."""

    article: Article
    coding_key: str
    n_mentions: int
    fingerprint: tuple[int, ...] = ()
    source_id: str | None = None  # the original it copies (itself when it is no copy), after dedup


@dataclass(frozen=True)
class EventBundle:
    """One event with everything needed to show or export it."""

    event: Event
    links: tuple[MergeLink, ...]  # in rank order (canonical first)
    mentions: dict[str, Mention]  # mention_id -> mention
    articles: dict[str, StoredArticle]  # doc_id -> article
    aliases: tuple[str, ...] = ()  # former ids of this event

    @property
    def canonical(self) -> Mention:
        return self.mentions[self.event.canonical_mention_id]


@dataclass
class Replacement:
    """The output of one de-duplication pass, as the store takes it."""

    events: Sequence[Event]
    links: Sequence[MergeLink]
    sources: dict[str, tuple[str, float]]  # doc_id -> (source doc_id, similarity)
    aliases: dict[str, str] = field(default_factory=dict)  # old event id -> current event id
    dedup_hash: str = ""


@runtime_checkable
class EventStore(Protocol):
    def coded_as(self, doc_id: str) -> tuple[str, str] | None:
        """(text_hash, coding_key) of the stored article, or None."""

    def put_article(
        self,
        article: Article,
        mentions: Sequence[Mention],
        *,
        coding_key: str,
        fingerprint: Sequence[int] = (),
        run_id: str | None = None,
    ) -> None:
        """Store an article and its mentions in one transaction, replacing an earlier coding."""

    def begin_run(self, *, kind: str, manifest: dict[str, Any]) -> str:
        """Record a run as started (earlier runs still 'running' become 'interrupted')."""

    def end_run(self, run_id: str, *, status: str, counts: dict[str, Any], errors: Sequence[str]) -> None:
        """Record how a run ended."""

    def iter_articles(self) -> Iterator[StoredArticle]:
        """Every stored article, by doc_id."""

    def iter_mentions(self) -> Iterator[Mention]:
        """Every stored mention, by doc_id and position."""

    def events_stale(self, dedup_hash: str) -> bool:
        """True when articles changed, or the dedup settings differ, since the last replace_events."""

    def replace_events(self, replacement: Replacement) -> None:
        """Replace all events, merge links, syndication links and aliases in one transaction."""

    def event_records(self, filters: EventFilters | None = None) -> list[Event]:
        """Events matching the filters, by date then id."""

    def bundles(self, filters: EventFilters | None = None) -> Iterator[EventBundle]:
        """Events matching the filters with their links, mentions and articles."""

    def bundle(self, event_id: str) -> EventBundle | None:
        """One event by id, or by a former id (see `aliases`)."""

    def mention_records(self, filters: EventFilters | None = None) -> list[Mention]:
        """Mentions matching the filters, by doc_id and position."""

    def article(self, doc_id: str) -> StoredArticle | None:
        """One stored article (with its syndication source), or None."""

    def mentions_of(self, doc_id: str) -> list[Mention]:
        """The mentions of one article, in order."""

    def close(self) -> None: ...
