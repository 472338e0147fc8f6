"""The store side of the Python API (re-exported by `dotterel.api`): coding into a store,
de-duplicating it, exporting and explaining its events.

Heavy modules (DuckDB, pandas, numpy) are imported inside the functions that need them.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from dotterel._version import __version__
from dotterel.errors import StoreError
from dotterel.model import Article

if TYPE_CHECKING:
    from dotterel.api import CodeRun, RunReport
    from dotterel.dedup import DedupConfig
    from dotterel.pipeline import Coded, Pipeline
    from dotterel.store import EventBundle, EventFilters, EventStore

# Parts of the package whose change can change what the pipeline codes from a text.
CODING_PARTS = ("stages", "kb", "gazetteer", "model", "data", "lexicon.py", "pipeline.py")
# settings that change how fast, not what, the pipeline codes (limits refuse an article; they never
# change the coding of one they accept)
NOT_CODING = frozenset({"batch_size", "limits"})


def coding_manifest(pipeline: Pipeline) -> dict[str, Any]:
    """What produced a coding: dotterel, stage and model versions, the codebook, the configuration,
    digests of the package's data files and of the user's actor files, and (for provenance only)
    of the coding code. `coding_key` hashes all of it but the code digest: an article already
    coded under the same key is not coded again. (A development checkout changes code without
    changing versions; bump a stage's version, or delete the article's row, to force re-coding.)"""
    man = dict(pipeline.manifest())
    man["coding_config"] = {k: v for k, v in asdict(pipeline.config).items() if k not in NOT_CODING}
    man["data_digest"] = _package_digest(("data",))
    man["actor_files_digest"] = _files_digest(tuple(pipeline.config.actor_files))
    keyed = {k: v for k, v in man.items() if k != "config_hash"}  # config_hash includes the batch size
    man["coding_key"] = hashlib.sha1(json.dumps(keyed, sort_keys=True, default=str).encode()).hexdigest()[:16]
    man["code_digest"] = _package_digest(tuple(p for p in CODING_PARTS if p != "data"))
    return man


@dataclass
class DedupReport:
    mentions: int = 0
    events: int = 0
    merged_events: int = 0  # events with more than one mention
    merged_mentions: int = 0  # mentions in those events
    articles: int = 0
    syndicated_articles: int = 0  # articles found to copy another
    aliases: int = 0  # ids that changed because an earlier report of the event arrived
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{self.mentions} mention(s) -> {self.events} event(s); {self.merged_events} event(s) merge "
            f"{self.merged_mentions} mention(s); {self.syndicated_articles} of {self.articles} article(s) are "
            f"syndicated copies; {self.aliases} id(s) moved ({self.seconds:.1f}s)"
        )


def dedup_store(
    store: EventStore, *, config: DedupConfig | None = None, record_run: bool = True
) -> DedupReport:
    """Re-derive every event of the store from its mentions (pure and deterministic: running it
    twice changes nothing). Former ids of events whose canonical mention changed become aliases."""
    from dotterel.dedup import DedupConfig, SourceDoc, deduplicate, lead_of
    from dotterel.store import Replacement

    cfg = config or DedupConfig()
    t0 = time.perf_counter()
    run_id = (
        store.begin_run(
            kind="dedup", manifest={"dotterel": __version__, "dedup": asdict(cfg), "dedup_hash": cfg.hash()}
        )
        if record_run
        else None
    )
    docs = [
        SourceDoc(
            doc_id=s.article.doc_id,
            published=s.article.published,
            outlet=s.article.outlet,
            url=s.article.url,
            lead=lead_of(s.article.title, s.article.text),
            fingerprint=s.fingerprint,
        )
        for s in store.iter_articles()
    ]
    mentions = list(store.iter_mentions())
    previous = store.event_records()
    result = deduplicate(mentions, docs, config=cfg)
    event_of = result.event_of()
    live = {e.event_id for e in result.events}
    aliases: dict[str, str] = {}
    for old in previous:
        if old.event_id in live:
            continue
        target = event_of.get(old.canonical_mention_id) or next(
            (event_of[m] for m in old.mention_ids if m in event_of), None
        )
        if target is not None:
            aliases[old.event_id] = target
    store.replace_events(
        Replacement(
            events=result.events,
            links=result.links,
            sources=result.sources,
            aliases=aliases,
            dedup_hash=cfg.hash(),
        )
    )
    multi = [e for e in result.events if e.n_mentions > 1]
    report = DedupReport(
        mentions=len(mentions),
        events=len(result.events),
        merged_events=len(multi),
        merged_mentions=sum(e.n_mentions for e in multi),
        articles=len(docs),
        syndicated_articles=sum(1 for d, (s, _) in result.sources.items() if s != d),
        aliases=len(aliases),
        seconds=time.perf_counter() - t0,
    )
    if run_id is not None:
        store.end_run(run_id, status="done", counts=asdict(report), errors=[])
    return report


@dataclass
class StoreSink:
    """Where `run_code` puts its results when `CodeRun.db` is set (one per run)."""

    store: EventStore
    run: CodeRun
    report: RunReport
    manifest: dict[str, Any]
    run_id: str
    stored: int = 0
    dedup: DedupReport | None = None
    done: bool = False
    _fingerprint: Any = field(default=None, repr=False)

    @classmethod
    def open(cls, run: CodeRun, report: RunReport, *, pipeline: Pipeline) -> StoreSink:
        from dotterel.dedup.syndication import fingerprint
        from dotterel.store import open_store

        manifest = coding_manifest(pipeline)
        store = open_store(run.db)
        try:
            run_id = store.begin_run(
                kind="code", manifest={**manifest, "inputs": [str(i) for i in run.inputs]}
            )
        except StoreError:
            store.close()
            raise
        return cls(
            store=store, run=run, report=report, manifest=manifest, run_id=run_id, _fingerprint=fingerprint
        )

    @property
    def key(self) -> str:
        return str(self.manifest["coding_key"])

    def fresh(self, articles: Iterable[Article]) -> Iterator[Article]:
        """The articles not yet coded with this text and this pipeline."""
        for article in articles:
            if self.store.coded_as(article.doc_id) == (article.text_hash, self.key):
                self.report.skip("already coded")
                continue
            yield article

    def put(self, coded: Coded) -> None:
        self.store.put_article(
            coded.article,
            coded.mentions,
            coding_key=self.key,
            fingerprint=self._fingerprint(coded.article.text),
            run_id=self.run_id,
        )
        self.stored += 1

    def finish(self) -> None:
        from dotterel.dedup import DedupConfig

        cfg = self.run.dedup_config or DedupConfig()
        if self.run.dedup_events and self.store.events_stale(cfg.hash()):
            self.dedup = dedup_store(self.store, config=cfg, record_run=False)
        self.store.end_run(self.run_id, status="done", counts=self._counts(), errors=self.report.problems)
        self.done = True
        counts = getattr(self.store, "counts", None)
        self.report.store = {
            "path": str(getattr(self.store, "path", "")),
            "run_id": self.run_id,
            "stored": self.stored,
            "counts": counts() if callable(counts) else None,
            "dedup": self.dedup,
        }

    def close(self) -> None:
        try:
            if not self.done:
                self.store.end_run(
                    self.run_id, status="failed", counts=self._counts(), errors=self.report.problems
                )
        except StoreError:
            pass  # the store is what failed; the run stays 'running' and becomes 'interrupted' later
        finally:
            self.store.close()

    def _counts(self) -> dict[str, Any]:
        r = self.report
        return {
            "read": r.read,
            "coded": r.coded,
            "stored": self.stored,
            "mentions": r.events,
            "skipped": dict(r.skipped),
            "failed": dict(r.failed),
            "dedup": asdict(self.dedup) if self.dedup else None,
        }


def export_events(
    store: EventStore,
    *,
    fmt: str,
    out: str | Path | IO[Any],
    filters: EventFilters | None = None,
    **options: Any,
) -> int:
    """Write the store's events (those matching `filters`) in one of the export formats
    (see `dotterel.exporters.FORMATS` and docs/exports.md); returns the number of rows written."""
    from dotterel.exporters import export

    return export(store.bundles(filters), fmt=fmt, out=out, **options)


def event_detail(bundle: EventBundle) -> dict[str, Any]:
    """An event with its mentions and why each joined, as plain JSON-able data."""
    from dotterel.model.serialize import to_dict

    e = bundle.event
    rows = []
    links = {link.mention_id: link for link in bundle.links}
    for mid in e.mention_ids:
        m = bundle.mentions.get(mid)
        stored = bundle.articles.get(m.doc_id) if m else None
        a = stored.article if stored else None
        link = links.get(mid)
        rows.append(
            {
                "mention_id": mid,
                "doc_id": m.doc_id if m else None,
                "outlet": a.outlet if a else None,
                "published": a.published if a else None,
                "url": a.url if a else None,
                "title": a.title if a else None,
                "source_id": stored.source_id if stored else None,
                "type": m.type if m else None,
                "mode": m.mode if m else None,
                "actor": m.actor.name if m and m.actor else None,
                "recipient": m.recipient.name if m and m.recipient else None,
                "place": m.location.name if m and m.location else None,
                "date": m.date.value if m and m.date else None,
                "status": m.status if m else None,
                "confidence": m.confidence if m else None,
                "evidence": m.evidence.text if m else None,
                "rank": link.rank if link else None,
                "joined_with": link.joined_with if link else None,
                "score": link.score if link else None,
                "mean_score": link.mean_score if link else None,
                "reason": link.reason if link else None,
                "components": link.components if link else None,
            }
        )
    return {"event": to_dict(e), "aliases": list(bundle.aliases), "mentions": rows}


@lru_cache(maxsize=8)
def _package_digest(parts: tuple[str, ...]) -> str:
    root = resources.files("dotterel")
    h = hashlib.sha1()
    for part in parts:
        for path in sorted(_walk(Path(str(root.joinpath(part))))):
            if path.suffix in (".pyc",) or "__pycache__" in path.parts:
                continue
            h.update(str(path.relative_to(Path(str(root)))).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


@lru_cache(maxsize=8)
def _files_digest(paths: tuple[str, ...]) -> str:
    h = hashlib.sha1()
    for p in paths:
        h.update(p.encode())
        path = Path(p)
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _walk(path: Path) -> Iterator[Path]:
    if path.is_file():
        yield path
    elif path.is_dir():
        yield from (p for p in path.rglob("*") if p.is_file())
