"""The pipeline's limits: refused before parsing, refused once parsed, stopped when out of time;
the rest of the batch is coded either way."""
from __future__ import annotations

import signal
import time

import pytest

from dotterel.limits import Limits
from dotterel.model import Article, Document
from dotterel.pipeline import Pipeline, PipelineConfig
from dotterel.stages.base import BaseStage


class Spin(BaseStage):
    """A stage that takes `seconds` per document whose text starts with "slow" (busy, in Python)."""

    name = "spin"

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds

    def __call__(self, doc: Document) -> Document:
        if doc.text.startswith("slow"):
            end = time.perf_counter() + self.seconds
            while time.perf_counter() < end:
                pass
        return doc


def pipeline_with(limits: Limits, *extra: BaseStage) -> Pipeline:
    pipeline = Pipeline(PipelineConfig(stages=("normalize",), limits=limits), prefilter=False)
    pipeline.stages.extend(extra)
    return pipeline


def test_an_article_over_the_size_limits_is_refused_and_the_batch_goes_on():
    pipeline = pipeline_with(Limits(max_chars=50, max_tokens=5))
    out = list(pipeline.pipe([Article(doc_id="long", text="x" * 51), Article(doc_id="ok", text="Troops left."),
                              Article(doc_id="wordy", text="a b c d e f")]))
    assert [(c.article.doc_id, c.refused, c.ok) for c in out] == [
        ("long", True, False), ("ok", False, True), ("wordy", True, False)]
    assert out[0].error == "long: refused: 51 characters > limit 50 (set --max-chars)"
    assert out[2].error == "wordy: refused: 6 words and symbols > limit 5 (set --max-tokens)"


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="POSIX interval timers")
def test_a_stage_past_the_time_budget_is_interrupted():
    pipeline = pipeline_with(Limits(time_budget=0.3), Spin(30.0))
    started = time.perf_counter()
    out = list(pipeline.pipe([Article(doc_id="slow-1", text="slow text"), Article(doc_id="fast", text="fast")]))
    assert time.perf_counter() - started < 5
    assert out[0].refused and "stopped in stage spin, over the time budget of 0.3 s (set --time-budget)" in out[0].error
    assert out[1].ok


def test_the_budget_is_also_checked_between_stages(monkeypatch):
    monkeypatch.setattr("dotterel.pipeline.deadline", lambda seconds: _no_timer())  # as where SIGALRM is not ours
    pipeline = pipeline_with(Limits(time_budget=0.1), Spin(0.3), Spin(0.0))
    (coded,) = pipeline.pipe([Article(doc_id="slow-2", text="slow text")])
    assert coded.refused and "by the end of stage spin" in coded.error


def test_limits_do_not_change_the_coding_key(pipeline):
    from dotterel._storing import coding_manifest
    from dotterel.api import get_pipeline

    other = get_pipeline(PipelineConfig(limits=Limits(max_chars=10, time_budget=None)))
    assert coding_manifest(other)["coding_key"] == coding_manifest(pipeline)["coding_key"]


def test_a_long_sentence_is_refused_once_parsed(pipeline):
    text = "\ue000\uf8ff\U000f0000 " * 600 + "Police detained eleven protesters."
    started = time.perf_counter()
    refused, coded = pipeline.pipe([Article(doc_id="pua", text=text),
                                    Article(doc_id="ok", text="Police detained eleven protesters in Minsk.")])
    assert time.perf_counter() - started < 20
    assert refused.refused and "tokens in one sentence > limit 500 (set --max-sentence-tokens)" in refused.error
    assert coded.ok and [m.type for m in coded.mentions] == ["COERCE"]


class _no_timer:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
