"""MemoryStore: the EventStore in plain dicts, for tests and tiny runs (no files, no DuckDB)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from dotterel.model import Article, Mention
from dotterel.model.event import Event, MergeLink
from dotterel.store import rows
from dotterel.store.base import EventBundle, Replacement, StoredArticle
from dotterel.store.filters import EventFilters


class MemoryStore:
    def __init__(self) -> None:
        self.articles: dict[str, StoredArticle] = {}
        self.mentions: dict[str, list[Mention]] = {}  # doc_id -> mentions in order
        self.events: dict[str, Event] = {}
        self.links: dict[str, list[MergeLink]] = {}
        self.sources: dict[str, tuple[str, float]] = {}
        self.aliases: dict[str, str] = {}
        self.runs: dict[str, dict[str, Any]] = {}
        self.meta: dict[str, str] = {}

    def coded_as(self, doc_id: str) -> tuple[str, str] | None:
        a = self.articles.get(doc_id)
        return (a.article.text_hash, a.coding_key) if a else None

    def put_article(
        self,
        article: Article,
        mentions: Sequence[Mention],
        *,
        coding_key: str,
        fingerprint: Sequence[int] = (),
        run_id: str | None = None,
    ) -> None:
        self.articles[article.doc_id] = StoredArticle(article, coding_key, len(mentions), tuple(fingerprint))
        self.mentions[article.doc_id] = list(mentions)
        self.meta["events_stale"] = "1"

    def begin_run(self, *, kind: str, manifest: dict[str, Any]) -> str:
        for run in self.runs.values():
            if run["status"] == "running":
                run["status"] = "interrupted"
        run_id = f"run-{len(self.runs) + 1}"
        self.runs[run_id] = {"kind": kind, "status": "running", "manifest": json.loads(json.dumps(manifest))}
        return run_id

    def end_run(self, run_id: str, *, status: str, counts: dict[str, Any], errors: Sequence[str]) -> None:
        self.runs[run_id].update(status=status, counts=dict(counts), errors=list(errors))

    def iter_articles(self) -> Iterator[StoredArticle]:
        for doc_id in sorted(self.articles):
            a = self.articles[doc_id]
            yield StoredArticle(
                a.article,
                a.coding_key,
                a.n_mentions,
                a.fingerprint,
                self.sources[doc_id][0] if doc_id in self.sources else None,
            )

    def iter_mentions(self) -> Iterator[Mention]:
        for doc_id in sorted(self.mentions):
            yield from self.mentions[doc_id]

    def events_stale(self, dedup_hash: str) -> bool:
        return self.meta.get("events_stale") != "0" or self.meta.get("dedup_hash") != dedup_hash

    def replace_events(self, replacement: Replacement) -> None:
        r = replacement
        self.events = {e.event_id: e for e in r.events}
        self.links = {}
        for link in r.links:
            self.links.setdefault(link.event_id, []).append(link)
        self.sources = dict(r.sources)
        self.aliases.update(r.aliases)
        self.aliases = {
            old: self.aliases.get(new, new) for old, new in self.aliases.items() if old not in self.events
        }
        self.meta.update(events_stale="0", dedup_hash=r.dedup_hash)

    def event_records(self, filters: EventFilters | None = None) -> list[Event]:
        f = filters or EventFilters()
        out = sorted(
            (e for e in self.events.values() if f.matches(rows.event_row(e), "events")),
            key=lambda e: (rows.date_bounds(e.date)[0] or "9999-99-99", e.event_id),
        )
        return out[: f.limit] if f.limit is not None else out

    def bundles(self, filters: EventFilters | None = None) -> Iterator[EventBundle]:
        by_id = {m.mention_id: m for ms in self.mentions.values() for m in ms}
        articles = {a.article.doc_id: a for a in self.iter_articles()}
        for e in self.event_records(filters):
            yield EventBundle(
                e,
                tuple(sorted(self.links.get(e.event_id, ()), key=lambda k: k.rank)),
                {m: by_id[m] for m in e.mention_ids if m in by_id},
                {d: articles[d] for d in e.doc_ids if d in articles},
                tuple(sorted(o for o, n in self.aliases.items() if n == e.event_id)),
            )

    def bundle(self, event_id: str) -> EventBundle | None:
        event_id = event_id if event_id in self.events else self.aliases.get(event_id, event_id)
        return next((b for b in self.bundles() if b.event.event_id == event_id), None)

    def mention_records(self, filters: EventFilters | None = None) -> list[Mention]:
        f = filters or EventFilters()
        out = [
            m
            for doc_id in sorted(self.mentions)
            for seq, m in enumerate(self.mentions[doc_id])
            if f.matches(rows.mention_row(m, seq=seq), "mentions")
        ]
        return out[: f.limit] if f.limit is not None else out

    def article(self, doc_id: str) -> StoredArticle | None:
        return (
            next((a for a in self.iter_articles() if a.article.doc_id == doc_id), None)
            if doc_id in self.articles
            else None
        )

    def mentions_of(self, doc_id: str) -> list[Mention]:
        return list(self.mentions.get(doc_id, ()))

    def close(self) -> None:
        pass
