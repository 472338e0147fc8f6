"""The Python API the CLI, the web app and the scale-out adapter all call."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from dotterel._storing import DedupReport as DedupReport  # the store part of the API lives in _storing
from dotterel._storing import StoreSink
from dotterel._storing import coding_manifest as coding_manifest
from dotterel._storing import dedup_store as dedup_store
from dotterel._storing import event_detail as event_detail
from dotterel._storing import export_events as export_events
from dotterel.model import Article, Mention
from dotterel.pipeline import Coded, Pipeline, PipelineConfig

if TYPE_CHECKING:
    from dotterel.dedup import DedupConfig
    from dotterel.io.readers import ReadOptions


@lru_cache(maxsize=4)
def get_pipeline(config: PipelineConfig | None = None) -> Pipeline:
    """One initialised pipeline per configuration and process (models load once)."""
    pipeline = Pipeline(config or PipelineConfig())
    pipeline.initialize()
    return pipeline


def code_text(text: str, *, published: str | None = None, doc_id: str = "text", title: str | None = None,
              config: PipelineConfig | None = None) -> list[Mention]:
    """Code one text; returns its event mentions."""
    coded = get_pipeline(config)(Article(doc_id=doc_id, text=text, title=title, published=published))
    if coded.error:
        from dotterel.errors import InputError

        raise InputError(coded.error)
    return coded.mentions


def code_articles(articles: Iterable[Article], *, config: PipelineConfig | None = None,
                  batch_size: int | None = None, workers: int = 1) -> Iterator[Coded]:
    """Code a stream of articles; failures come back as `Coded` with `error` set.

    `workers` > 1 codes on that many processes, each with its own pipeline (results still come
    in input order; see docs/scale.md). A stream too short to repay starting them is coded here.
    """
    if workers > 1:
        from itertools import chain, islice

        from dotterel import _workers

        it = iter(articles)
        head = list(islice(it, workers * _workers.MIN_ARTICLES_PER_WORKER))
        if len(head) == workers * _workers.MIN_ARTICLES_PER_WORKER:
            with _workers.WorkerPool(config, workers=workers) as pool:
                yield from pool.pipe(chain(head, it))
            return
        articles = head
    yield from get_pipeline(config).pipe(articles, batch_size=batch_size)


def article_record(coded: Coded) -> dict[str, Any]:
    """One output line: the article's identity and its events in the scoring format."""
    a = coded.article
    rec: dict[str, Any] = {"doc_id": a.doc_id, "title": a.title, "url": a.url, "published": a.published,
                           "outlet": a.outlet, "language": a.language, "events": [m.to_dict() for m in coded.mentions]}
    if a.text_source:
        rec["text_source"] = a.text_source  # "summary": coded from a feed item's title and summary
    if coded.error:
        rec["error"] = coded.error
    return rec


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


@dataclass
class RunReport:
    """What a coding run did: counts and every problem, each naming its document.

    `read` counts the documents read as articles (those skipped afterwards included);
    `skipped` what was left out on purpose (a repeated text, another language, files of
    unknown type), `failed` what could not be read or coded, each by reason.
    """

    read: int = 0
    coded: int = 0
    events: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count
    failed: dict[str, int] = field(default_factory=dict)  # reason -> count
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the run as a whole
    store: dict[str, Any] | None = None  # with CodeRun.db: where, its counts after the run, the dedup report

    def skip(self, reason: str, count: int = 1) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + count

    def fail(self, reason: str) -> None:
        self.failed[reason] = self.failed.get(reason, 0) + 1

    def summary(self) -> str:
        def counts(by_reason: dict[str, int]) -> str:
            total = sum(by_reason.values())
            detail = ", ".join(f"{n} {why}" for why, n in sorted(by_reason.items(), key=lambda kv: (-kv[1], kv[0])))
            return f"{total} ({detail})" if total else "0"

        return (f"read {self.read}, coded {self.coded} article(s) with {self.events} event(s); "
                f"skipped {counts(self.skipped)}; failed {counts(self.failed)}; {len(self.problems)} problem(s)")


@dataclass
class CodeRun:
    """A `dotterel code` run: where articles come from and where results go.

    `read_options` say how to read the inputs (format, columns, globs, encoding; see
    `dotterel.io.readers.ReadOptions`); `languages` are the languages coded (None: all) and
    `dedup_texts` codes a repeated text once (`dedup_events`, with a store, is another matter:
    it merges mentions of one event).
    """

    inputs: list[str]
    config: PipelineConfig = field(default_factory=PipelineConfig)
    published: str | None = None
    output: TextIO | None = None  # JSONL of article records
    on_problem: Callable[[str], None] | None = None
    on_coded: Callable[[Coded], None] | None = None
    read_options: ReadOptions | None = None
    languages: tuple[str, ...] | None = ("en",)
    dedup_texts: bool = True
    on_skip: Callable[[str], None] | None = None
    db: str | Path | None = None  # also store articles and mentions here, idempotently (docs/store.md)
    dedup_events: bool = True  # with db: merge the store's mentions into events after coding
    dedup_config: DedupConfig | None = None
    workers: int = 1  # processes that code (docs/scale.md); the output is the same for any number
    coder: Callable[[Iterable[Article]], Iterator[Coded]] | None = None  # instead of code_articles (Ray)
    on_progress: Callable[[RunReport], None] | None = None  # after each article coded, failed or skipped


def run_code(run: CodeRun) -> RunReport:
    """Read the inputs, code every readable article, write the results; never stop on a bad one."""
    from dataclasses import replace

    from dotterel.errors import InputError, LimitError
    from dotterel.io.language import identifier_available
    from dotterel.io.readers import ReadOptions, Skipped, read_inputs

    report = RunReport()

    def problem(msg: str) -> None:
        report.problems.append(msg)
        if run.on_problem is not None:
            run.on_problem(msg)
        progress()

    def progress() -> None:
        if run.on_progress is not None:
            run.on_progress(report)

    def note(msg: str) -> None:
        if run.on_skip is not None:
            run.on_skip(msg)

    options = replace(run.read_options or ReadOptions(), languages=run.languages, dedup=run.dedup_texts)
    if run.languages is not None and options.detect_language and not identifier_available():
        report.notes.append("languages not identified: py3langid is not installed (pip install 'dotterel[ingest]'); "
                            "every article is coded")
        note(report.notes[-1])

    def articles() -> Iterator[Article]:
        for item in read_inputs(run.inputs, published=run.published, options=options):
            if isinstance(item, LimitError):  # "<doc>: refused: ... > limit ... (set --max-bytes)"
                problem(str(item))
                report.fail("refused")
                continue
            if isinstance(item, InputError):
                problem(f"unreadable: {item}")
                report.fail("unreadable")
                continue
            if isinstance(item, Skipped):
                if item.article is not None:
                    report.read += 1
                report.skip(item.reason, item.count)
                note(f"skipped: {item}")
                progress()
                continue
            report.read += 1
            yield item

    sink = StoreSink.open(run, report, pipeline=get_pipeline(run.config)) if run.db is not None else None
    try:
        coder = run.coder or (lambda stream: code_articles(stream, config=run.config, workers=run.workers))
        for coded in coder(sink.fresh(articles()) if sink else articles()):
            if coded.error:
                problem(coded.error if coded.refused else f"failed: {coded.error}")
                report.fail("refused" if coded.refused else "coding failed")
                continue
            if sink is not None:
                sink.put(coded)  # committed before it is reported: a killed run loses nothing it reported
            report.coded += 1
            report.events += len(coded.mentions)
            if run.output is not None:
                run.output.write(json.dumps(article_record(coded), ensure_ascii=False) + "\n")
                run.output.flush()
            if run.on_coded is not None:
                run.on_coded(coded)
            progress()
        if sink is not None:
            sink.finish()
    finally:
        if sink is not None:
            sink.close()
    return report


def lookup_actor(text: str, *, date: str | None = None, country: str | None = None,
                 actor_files: Iterable[str] = ()) -> dict[str, Any]:
    """How a string resolves to an actor, and which knowledge-base entries it could mean."""
    from dotterel.kb import load_kb
    from dotterel.kb.resolve import ActorResolver, ResolveContext
    from dotterel.stages.actors import place_country_hook

    resolver = ActorResolver(load_kb(tuple(actor_files)))
    ref, cands = resolver.lookup_explain(text, ResolveContext(published=date, country=country,
                                                               place_country=place_country_hook()))
    return {"input": text, "resolved": ref.to_dict(),
            "candidates": [{"id": c.id, "kind": c.kind, "name": c.name, "country": c.country, "sector": c.sector,
                            "wikidata": c.wikidata, "aliases": list(c.aliases[:10])} for c in cands]}
