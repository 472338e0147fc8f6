"""Pipeline: the stages in order, run over one article or a stream of them in batches.

A document that fails in any stage yields a `Coded` with its error (naming the document and
the stage); the rest of the batch goes on. A document over the limits of `PipelineConfig.limits`
(characters, tokens: checked before parsing; the time budget: checked between stages) yields a
`Coded` with `refused` set and the error saying which limit, and which option raises it.
"""
from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import islice
from typing import Any

from dotterel._version import __version__
from dotterel.errors import DotterelError
from dotterel.limits import Limits, OutOfTime, deadline
from dotterel.model import Article, Document, Mention
from dotterel.stages import build_stage
from dotterel.stages.base import BaseStage
from dotterel.stages.nlp import DEFAULT_MODEL

DEFAULT_STAGES: tuple[str, ...] = (
    "normalize", "nlp", "predicates", "classify", "roles", "status", "actors", "coref", "places", "dates",
    "assemble",
)


@dataclass(frozen=True)
class PipelineConfig:
    model: str = DEFAULT_MODEL
    batch_size: int = 16
    actor_files: tuple[str, ...] = ()
    stages: tuple[str, ...] = DEFAULT_STAGES
    limits: Limits = field(default_factory=Limits)  # what one article may cost (dotterel.limits); not in the coding key

    def hash(self) -> str:
        return hashlib.sha1(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()[:12]


@dataclass
class Coded:
    """The outcome for one article: its mentions, or the error that stopped it."""

    article: Article
    mentions: list[Mention] = field(default_factory=list)
    error: str | None = None
    doc: Document | None = None
    refused: bool = False  # over a limit (the error says which), not a failure of the coder

    @property
    def ok(self) -> bool:
        return self.error is None


class Pipeline:
    def __init__(self, config: PipelineConfig | None = None, *, prefilter: bool = True) -> None:
        self.config = config or PipelineConfig()
        self.stages: list[BaseStage] = [self._build(name) for name in self.config.stages]
        self._ready = False
        # articles without one event word skip the parser and the stages after it (_prefilter.py)
        self.prefilter = prefilter
        self._filter: Any = None
        self.prefiltered = 0  # articles skipped so, in this process

    def _build(self, name: str) -> BaseStage:
        settings: dict[str, Any] = {}
        if name == "nlp":
            settings = {"model": self.config.model, "batch_size": self.config.batch_size}
        elif name == "actors":
            settings = {"actor_files": self.config.actor_files}
        return build_stage(name, **settings)

    def initialize(self) -> None:
        if not self._ready:
            coref, actors = self.stage("coref"), self.stage("actors")
            if coref is not None and actors is not None:
                coref.actors = actors  # type: ignore[attr-defined]  # share one knowledge base
            for stage in self.stages:
                stage.initialize()
            nlp = self.stage("nlp")
            if self.prefilter and nlp is not None and self.stage("predicates") is not None:
                from dotterel._prefilter import event_word_filter
                from dotterel.lexicon import load_lexicon

                self._filter = event_word_filter(nlp.nlp, load_lexicon())  # type: ignore[attr-defined]
            self._ready = True

    def stage(self, name: str) -> BaseStage | None:
        return next((s for s in self.stages if s.name == name), None)

    def analyze(self) -> list[str]:
        """Requirements no earlier stage assigns: an empty list means the order is sound."""
        have: set[str] = set()
        problems = []
        for stage in self.stages:
            for need in stage.requires:
                if need not in have:
                    problems.append(f"{stage.qualified_name} requires {need}, which no earlier stage assigns")
            have |= set(stage.assigns)
        return problems

    def __call__(self, article: Article) -> Coded:
        return next(self.pipe([article]))

    def pipe(self, articles: Iterable[Article], *, batch_size: int | None = None) -> Iterator[Coded]:
        self.initialize()
        size = batch_size or self.config.batch_size
        it = iter(articles)
        while batch := list(islice(it, size)):
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Article]) -> Iterator[Coded]:
        docs: list[Document] = []
        failed: dict[int, str] = {}
        limits = self.config.limits
        refused: set[int] = set()
        for n, article in enumerate(batch):
            docs.append(Document(article=article))
            if (why := limits.refuse(article.doc_id, article.text)) is not None:  # before parsing, never cut
                failed[n] = why
                refused.add(n)
        live = [n for n in range(len(docs)) if n not in failed]
        spent = [0.0] * len(docs)  # seconds of coding, per document
        previous: str | None = None
        for stage in self.stages:
            if previous is not None and limits.time_budget:
                for n in live:
                    if (why := limits.out_of_time(docs[n].doc_id, spent[n], previous)) is not None:
                        failed[n] = why
                        refused.add(n)
                live = [n for n in live if n not in failed]
            previous = stage.name
            if stage.name == "nlp":
                if self._filter is not None:
                    live = self._with_event_words(docs, live)
                started = time.perf_counter()
                parsed = self._batch_stage(stage, docs, live, failed)
                _share(time.perf_counter() - started, docs, live, spent)
                for n in parsed:  # a sentence of hundreds of tokens would cost later stages dearly
                    sents = getattr(docs[n].spacy, "sents", ())
                    if (why := limits.refuse_parsed(docs[n].doc_id, (len(s) for s in sents))) is not None:
                        failed[n] = why
                        refused.add(n)
                live = [n for n in parsed if n not in failed]
                continue
            still = []
            for n in live:
                started = time.perf_counter()
                try:
                    with deadline(limits.time_budget and limits.time_budget - spent[n]):
                        stage(docs[n])
                    still.append(n)
                except OutOfTime:
                    took = spent[n] + time.perf_counter() - started
                    failed[n] = limits.out_of_time(docs[n].doc_id, took, stage.name, during=True) or ""
                    refused.add(n)
                except (DotterelError, ValueError, KeyError, IndexError, AttributeError, TypeError, RecursionError) as e:
                    failed[n] = f"{docs[n].doc_id}: stage {stage.name} failed: {type(e).__name__}: {e}"
                spent[n] += time.perf_counter() - started
            live = still
        for n, doc in enumerate(docs):
            if n in failed:
                yield Coded(article=doc.article, error=failed[n], refused=n in refused)
            else:
                yield Coded(article=doc.article, mentions=doc.mentions, doc=doc)

    def _with_event_words(self, docs: list[Document], live: list[int]) -> list[int]:
        """The documents that hold an event word; the others end here with no events."""
        keep = []
        for n in live:
            if self._filter.may_have_events(docs[n].parsed_text):
                keep.append(n)
            else:
                docs[n].log.append("prefilter: no event word")
                self.prefiltered += 1
        return keep

    def _batch_stage(self, stage: BaseStage, docs: list[Document], live: list[int], failed: dict[int, str]) -> list[int]:
        try:
            list(stage.pipe(docs[n] for n in live))
            return live
        except (DotterelError, ValueError, MemoryError) as e:
            if isinstance(e, DotterelError) and "not installed" in str(e):
                raise
            # one bad document should not sink the batch: retry them one by one
            still = []
            for n in live:
                try:
                    stage(docs[n])
                    still.append(n)
                except (DotterelError, ValueError, MemoryError) as e2:
                    failed[n] = f"{docs[n].doc_id}: stage {stage.name} failed: {type(e2).__name__}: {e2}"
            return still

    def manifest(self) -> dict[str, Any]:
        from dotterel.lexicon import load_lexicon
        from dotterel.model.plover import codebook

        self.initialize()
        nlp = self.stage("nlp")
        meta = nlp.model_meta() if nlp is not None else {}  # type: ignore[attr-defined]
        lex = load_lexicon()
        return {
            "dotterel": __version__,
            "stages": [s.qualified_name for s in self.stages],
            "model": meta,
            "plover": codebook().version,
            "lexicon_entries": len(lex.verbs) + len(lex.nouns),
            "config_hash": self.config.hash(),
        }


def _share(seconds: float, docs: list[Document], live: list[int], spent: list[float]) -> None:
    """A batch stage's time, shared among the documents it ran on by the length of their text."""
    total = sum(len(docs[n].text) for n in live) or 1
    for n in live:
        spent[n] += seconds * len(docs[n].text) / total
