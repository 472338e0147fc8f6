"""The Python API the CLI, the web app and the scale-out adapter all call."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TextIO

from dotterel.model import Article, Mention
from dotterel.pipeline import Coded, Pipeline, PipelineConfig


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
                  batch_size: int | None = None) -> Iterator[Coded]:
    """Code a stream of articles; failures come back as `Coded` with `error` set."""
    yield from get_pipeline(config).pipe(articles, batch_size=batch_size)


def article_record(coded: Coded) -> dict[str, Any]:
    """One output line: the article's identity and its events in the scoring format."""
    a = coded.article
    rec: dict[str, Any] = {"doc_id": a.doc_id, "title": a.title, "url": a.url, "published": a.published,
                           "events": [m.to_dict() for m in coded.mentions]}
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
    """What a coding run did: counts and every problem, each naming its document."""

    read: int = 0
    coded: int = 0
    events: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count
    problems: list[str] = field(default_factory=list)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def summary(self) -> str:
        skipped = ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items())) or "none"
        return (f"read {self.read}, coded {self.coded} article(s) with {self.events} event(s); "
                f"skipped: {skipped}; {len(self.problems)} problem(s)")


@dataclass
class CodeRun:
    """A `dotterel code` run: where articles come from and where results go."""

    inputs: list[str]
    config: PipelineConfig = field(default_factory=PipelineConfig)
    published: str | None = None
    output: TextIO | None = None  # JSONL of article records
    on_problem: Callable[[str], None] | None = None
    on_coded: Callable[[Coded], None] | None = None


def run_code(run: CodeRun) -> RunReport:
    """Read the inputs, code every readable article, write the results; never stop on a bad one."""
    from dotterel.errors import InputError
    from dotterel.io.readers import read_inputs

    report = RunReport()

    def problem(msg: str) -> None:
        report.problems.append(msg)
        if run.on_problem is not None:
            run.on_problem(msg)

    def articles() -> Iterator[Article]:
        for item in read_inputs(run.inputs, published=run.published):
            if isinstance(item, InputError):
                problem(f"skipped: {item}")
                report.skip("unreadable")
                continue
            report.read += 1
            yield item

    for coded in code_articles(articles(), config=run.config):
        if coded.error:
            problem(f"failed: {coded.error}")
            report.skip("failed")
            continue
        report.coded += 1
        report.events += len(coded.mentions)
        if run.output is not None:
            run.output.write(json.dumps(article_record(coded), ensure_ascii=False) + "\n")
            run.output.flush()
        if run.on_coded is not None:
            run.on_coded(coded)
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
