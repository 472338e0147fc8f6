"""Coding on several processes and on Ray gives the output of one process.

The articles are generated here from a few sentences of our own. Pool tests that need to make
a document fail inside a worker use the fork start method, so that the worker inherits the
monkeypatched stage; the CLI and the API use spawn.
"""
from __future__ import annotations

import json
import random

import pytest

from dotterel import _workers
from dotterel.api import CodeRun, article_record, code_articles, run_code
from dotterel.model import Article
from dotterel.pipeline import PipelineConfig

pytestmark = pytest.mark.model

EVENTS = [
    "Gunmen attacked a police station in Maiduguri on Tuesday, killing four officers, officials said.",
    "Police arrested 12 protesters outside the parliament in Nairobi.",
    "Hundreds of teachers marched through Bogota to protest against unpaid wages.",
    "The European Union imposed sanctions on three Sudanese generals.",
    "President William Ruto met the Somali foreign minister in Nairobi on Monday.",
    "The United Nations pledged to send food aid to families displaced by the floods.",
    "Rebels seized two villages near Goma and looted a market, residents said.",
    "The army said it had deployed troops to the border after the attack.",
    "The government accused the opposition of planning violent protests.",
    "He vowed to punish those responsible.",
]
BACKGROUND = [  # no event word in these
    "The weather in the capital was mild, and the markets were busy.",
    "Rainfall was above average this spring.",
    "The bakery on the corner sells bread and cakes.",
    "Farmers in the valley grow millet and sorghum.",
]


def make_articles(n: int = 12, seed: int = 3) -> list[Article]:
    r = random.Random(seed)
    out = []
    for i in range(n):
        paragraphs = [" ".join(r.choice(EVENTS + BACKGROUND) for _ in range(r.randint(1, 3))) for _ in range(4)]
        if i == 5:
            paragraphs = BACKGROUND[:3]  # an article without an event word
        out.append(Article(doc_id=f"a{i:02d}", text="\n\n".join(paragraphs), title=f"Story {i}",
                           published="2024-05-14", outlet="Test Wire"))
    return out


def records(coded) -> dict[str, dict]:
    return {c.article.doc_id: article_record(c) for c in coded}


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return make_articles()


@pytest.fixture(scope="module")
def single(articles, pipeline) -> dict[str, dict]:
    return records(pipeline.pipe(articles))


def test_two_workers_give_the_single_process_output(articles, single, monkeypatch):
    monkeypatch.setattr(_workers, "MIN_ARTICLES_PER_WORKER", 1)
    coded = list(code_articles(articles, workers=2))
    assert [c.article.doc_id for c in coded] == [a.doc_id for a in articles]  # input order kept
    assert records(coded) == single
    assert sum(len(r["events"]) for r in single.values()) > 10


def test_a_short_stream_is_coded_in_this_process(articles, single, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("no worker pool for a short stream")

    monkeypatch.setattr(_workers, "WorkerPool", no_pool)
    assert records(code_articles(articles[:3], workers=2)) == {k: single[k] for k in ("a00", "a01", "a02")}


def test_run_code_with_workers_reports_what_one_process_reports(tmp_path, articles, monkeypatch):
    monkeypatch.setattr(_workers, "MIN_ARTICLES_PER_WORKER", 1)
    src = tmp_path / "in.jsonl"
    lines = [json.dumps({"doc_id": a.doc_id, "text": a.text, "title": a.title, "published": a.published})
             for a in articles]
    lines.insert(4, '{"doc_id": "broken", "text": ')  # a malformed record
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outputs, reports = {}, {}
    for workers in (1, 2):
        out = tmp_path / f"out{workers}.jsonl"
        with open(out, "w", encoding="utf-8") as f:
            reports[workers] = run_code(CodeRun(inputs=[str(src)], output=f, workers=workers, languages=None))
        outputs[workers] = out.read_text(encoding="utf-8")
    assert outputs[1] == outputs[2]
    assert reports[1].summary() == reports[2].summary()
    assert reports[2].coded == len(articles) and reports[2].failed == {"unreadable": 1}
    assert any("in.jsonl" in p and "5" in p for p in reports[2].problems)


def test_a_failing_document_is_reported_and_the_others_are_coded(articles, single, monkeypatch):
    from dotterel.stages.dates import Dates

    original = Dates.__call__

    def explode(self, doc):
        if doc.doc_id == "a03":
            raise ValueError("a date that cannot be")
        return original(self, doc)

    monkeypatch.setattr(Dates, "__call__", explode)
    with _workers.WorkerPool(PipelineConfig(), workers=2, chunk_size=2, start_method="fork") as pool:
        coded = list(pool.pipe(articles))
    bad = [c for c in coded if c.error]
    assert [c.article.doc_id for c in bad] == ["a03"]
    assert "a03" in bad[0].error and "dates" in bad[0].error and "ValueError" in bad[0].error
    assert {k: v for k, v in records(coded).items() if k != "a03"} == {k: v for k, v in single.items() if k != "a03"}


def test_a_worker_that_dies_fails_its_chunk_and_is_replaced(articles, single, monkeypatch):
    import os

    from dotterel.stages.dates import Dates

    original = Dates.__call__

    def die(self, doc):
        if doc.doc_id == "a07":
            os._exit(3)
        return original(self, doc)

    monkeypatch.setattr(Dates, "__call__", die)
    with _workers.WorkerPool(PipelineConfig(), workers=2, chunk_size=2, start_method="fork") as pool:
        coded = list(pool.pipe(articles))
        assert pool.stats.restarts == 1
    assert [c.article.doc_id for c in coded] == [a.doc_id for a in articles]
    bad = {c.article.doc_id: c.error for c in coded if c.error}
    assert set(bad) == {"a06", "a07"}  # the chunk a06, a07 was being coded
    assert all("worker process died" in e for e in bad.values())
    good = {k: v for k, v in records(coded).items() if k not in bad}
    assert good == {k: v for k, v in single.items() if k not in bad}


def test_workers_report_their_peak_memory(articles):
    with _workers.WorkerPool(PipelineConfig(), workers=2, start_method="fork") as pool:
        list(pool.pipe(articles[:4]))
        peaks = dict(pool.stats.peak_rss)
    assert len(peaks) == 2 and all(50 * 2**20 < v < 3 * 2**30 for v in peaks.values())


def test_a_missing_model_stops_the_pool_with_its_error():
    from dotterel.errors import ModelMissingError

    with pytest.raises(ModelMissingError, match="not installed"):
        with _workers.WorkerPool(PipelineConfig(model="no_such_model_xyz"), workers=1, start_method="fork"):
            pass


def test_the_prefilter_skips_an_article_without_event_words_and_changes_nothing(articles, single):
    from dotterel.pipeline import Pipeline

    unfiltered = Pipeline(prefilter=False)
    assert records(unfiltered.pipe(articles)) == single
    assert single["a05"]["events"] == []
    filtered = Pipeline()
    list(filtered.pipe(articles))
    assert filtered.prefiltered == 1


def test_the_prefilter_knows_every_form_of_an_event_word(pipeline):
    """Every token whose form or lemma is a lexicon word is a form the filter looks for."""
    import re

    from dotterel._prefilter import trigger_words
    from dotterel.lexicon import load_lexicon

    words = trigger_words(load_lexicon())
    text = " ".join(EVENTS) + (" They fought, struck, shot, sought, fled, seized and held the town; the strikes, "
                               "raids, bombings and clashes went on. She stood down, they'd agreed, it was "
                               "banned, barred, bombed, besieged, beaten and kidnapped.")
    forms = pipeline._filter.forms
    nlp = pipeline.stage("nlp").nlp
    checked = 0
    for tok in nlp(text):
        if tok.lemma_.lower() in words or tok.lower_ in words:
            checked += 1
            assert any(w in forms for w in re.findall(r"[^\W\d_]+", tok.lower_)), (tok.text, tok.lemma_)
    assert checked > 30


def test_what_the_prefilter_rejects_has_no_events(pipeline):
    from dotterel.pipeline import Pipeline

    unfiltered = Pipeline(prefilter=False)
    sentences = EVENTS + BACKGROUND + ["It was a quiet day.", "Schools reopened after a long break.",
                                       "The museum has a fine collection of old maps."]
    rejected = [s for s in sentences if not pipeline._filter.may_have_events(s)]
    assert len(rejected) >= 5
    for n, text in enumerate(rejected):
        assert unfiltered(Article(doc_id=f"r{n}", text=text, published="2024-05-14")).mentions == []


@pytest.mark.slow
def test_ray_with_two_cpus_gives_the_single_process_output(tmp_path, articles):
    ray = pytest.importorskip("ray")
    from dotterel.scale.ray import code_with_ray

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"doc_id": a.doc_id, "text": a.text, "title": a.title,
                                       "published": a.published, "outlet": a.outlet}) + "\n" for a in articles),
                   encoding="utf-8")
    one, on_ray = tmp_path / "one.jsonl", tmp_path / "ray.jsonl"
    with open(one, "w", encoding="utf-8") as f:
        expected = run_code(CodeRun(inputs=[str(src)], output=f, workers=1))
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        with open(on_ray, "w", encoding="utf-8") as f:
            report = code_with_ray(CodeRun(inputs=[str(src)], output=f), workers=2)
    finally:
        ray.shutdown()
    got = on_ray.read_text(encoding="utf-8")
    assert got == one.read_text(encoding="utf-8")  # the same records, in the same order
    assert report.summary() == expected.summary()
    assert sum(len(json.loads(line)["events"]) for line in got.splitlines()) > 10


def test_cli_workers_and_progress_give_the_same_output(tmp_path, articles, monkeypatch):
    from typer.testing import CliRunner

    from dotterel.cli import app

    monkeypatch.setattr(_workers, "MIN_ARTICLES_PER_WORKER", 1)
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"doc_id": a.doc_id, "text": a.text, "published": a.published}) + "\n"
                           for a in articles), encoding="utf-8")
    runner = CliRunner()
    outs = {}
    for args in (["--workers", "1", "--no-progress"], ["--workers", "2", "--progress"]):
        out = tmp_path / f"out{args[1]}.jsonl"
        res = runner.invoke(app, ["code", str(src), "-o", str(out), *args])
        assert res.exit_code == 0, res.output
        assert f"coded {len(articles)} article(s)" in res.stderr
        outs[args[1]] = out.read_text(encoding="utf-8")
    assert outs["1"] == outs["2"] and outs["1"].count("\n") == len(articles)


def test_parquet_output_holds_the_jsonl_records_and_loads_into_a_store(tmp_path, articles):
    import pyarrow.parquet as pq
    from typer.testing import CliRunner

    from dotterel._rows import record_from_row
    from dotterel.cli import app
    from dotterel.scale.ray import load_parquet

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"doc_id": a.doc_id, "text": a.text, "published": a.published}) + "\n"
                           for a in articles), encoding="utf-8")
    runner = CliRunner()
    jsonl, parquet = tmp_path / "out.jsonl", tmp_path / "out.parquet"
    for out in (jsonl, parquet):
        res = runner.invoke(app, ["code", str(src), "-o", str(out), "--workers", "1"])
        assert res.exit_code == 0, res.output
    rows = pq.read_table(parquet).to_pylist()
    assert [record_from_row(r) for r in rows] == [json.loads(line) for line in jsonl.read_text("utf-8").splitlines()]
    res = runner.invoke(app, ["code", str(src), "--db", str(tmp_path / "direct.duckdb"), "--workers", "1"])
    assert res.exit_code == 0, res.output
    report = load_parquet(str(parquet), db=str(tmp_path / "loaded.duckdb"))
    assert report.coded == len(articles)
    import dotterel

    direct, loaded = dotterel.open(tmp_path / "direct.duckdb"), dotterel.open(tmp_path / "loaded.duckdb")
    try:
        assert loaded.counts()["mentions"] == direct.counts()["mentions"] > 10
        assert loaded.counts()["events"] == direct.counts()["events"]
    finally:
        direct.close()
        loaded.close()
