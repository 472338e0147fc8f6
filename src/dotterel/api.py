"""The Python API the CLI, the web app and the scale-out adapter all call."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
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
