"""Coding on a Ray cluster: the same Pipeline in Ray Data `map_batches`, one per worker actor.

`to_ray(dataset)` is the adapter: a Ray dataset of article rows (the fields of `Article`) in,
a dataset of output rows out, coded by a pool of actors that each build and initialise one
Pipeline (the models load once per actor) and code batches of articles. The output rows are
the article records of `dotterel.api.article_record`, with `events` and `mentions` as JSON
text (`dotterel._rows`); with `keep_text` the article text is kept too, so that files written
by the workers can be loaded into a store later (`load_parquet`).

`code_with_ray(run)` is `dotterel code --ray`: the inputs are read on the driver by dotterel's
own readers (the same formats, filters and skips as one process), sent to the actors in
windows of articles, and the results come back in input order to the same sinks (JSONL, the
store, written by the driver alone). This is the only module that imports ray (docs/scale.md).
"""
from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import islice
from typing import TYPE_CHECKING, Any

from dotterel._rows import RECORD_FIELDS, article_from_row, coded_from_row, output_row
from dotterel._workers import code_chunk
from dotterel.errors import DotterelError, ExtraMissingError
from dotterel.model import Article
from dotterel.pipeline import Coded, PipelineConfig

if TYPE_CHECKING:
    from dotterel.api import CodeRun, RunReport

BATCH_SIZE = 8  # articles per map_batches call
WINDOW_PER_WORKER = 1000  # articles sent per Ray dataset and worker (the actors start once per window)
MAX_WINDOW = 50_000
ARTICLE_FIELDS = ("doc_id", "text", "title", "url", "published", "outlet", "language", "text_source")
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


def _ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError as e:
        raise ExtraMissingError("coding on Ray needs the ray extra: pip install 'dotterel[ray]'") from e
    return ray


def connect(address: str | None = "auto", *, num_cpus: int | None = None) -> Any:
    """Join a Ray cluster: "auto" joins the one this machine belongs to or starts a local one;
    an address ("ray://head:10001", "10.0.0.5:6379") connects to that cluster. Returns `ray`."""
    ray = _ray()
    if ray.is_initialized():
        return ray
    quiet: dict[str, Any] = {"logging_level": logging.WARNING, "configure_logging": True, "log_to_driver": False}
    if address in (None, "", "auto", "local"):
        if address == "auto" or address is None:
            try:
                ray.init(address="auto", **quiet)
                return ray
            except (ConnectionError, RuntimeError, ValueError):
                pass  # no cluster running here: start one
        ray.init(num_cpus=num_cpus, include_dashboard=False, **quiet)
    else:
        try:
            ray.init(address=address, **quiet)
        except (ConnectionError, RuntimeError, ValueError) as e:
            raise DotterelError(f"cannot connect to the Ray cluster at {address}: {e}") from e
    return ray


class PipelineActor:
    """The map_batches callable class: one initialised Pipeline per actor."""

    def __init__(self, config: PipelineConfig | None = None, keep_text: bool = False) -> None:
        for var in _THREAD_VARS:
            os.environ.setdefault(var, "1")
        from dotterel.pipeline import Pipeline

        self.pipeline = Pipeline(config or PipelineConfig())
        self.pipeline.initialize()
        self.keep_text = keep_text

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        rows = _rows(batch)
        articles = [article_from_row(row) for row in rows]
        out: dict[str, list[Any]] = {name: [] for name in (*RECORD_FIELDS, *(("text",) if self.keep_text else ()))}
        if "_n" in batch:
            out["_n"] = [row["_n"] for row in rows]
        for article, (mentions, error) in zip(articles, code_chunk(self.pipeline, articles)):
            coded = Coded(article=article, mentions=mentions, error=error)
            for name, value in output_row(coded, keep_text=self.keep_text).items():
                out[name].append(value)
        return out


def to_ray(dataset: Any, config: PipelineConfig | None = None, *, workers: int | tuple[int, int] | None = None,
           batch_size: int = BATCH_SIZE, keep_text: bool = False) -> Any:
    """A Ray dataset of article rows → a dataset of output rows, coded by actors that each hold
    one CPU and one Pipeline: `workers` of them, or between `(min, max)`, or by default between
    one and the cluster's CPUs (a pool that takes every CPU at once would leave none to the
    tasks that read the dataset)."""
    ray = _ray()
    if workers is None:
        workers = (1, max(1, int(ray.cluster_resources().get("CPU", 1))))
    pool = (ray.data.ActorPoolStrategy(size=workers) if isinstance(workers, int)
            else ray.data.ActorPoolStrategy(min_size=workers[0], max_size=workers[1]))
    env = {var: "1" for var in _THREAD_VARS}
    return dataset.map_batches(
        PipelineActor, fn_constructor_kwargs={"config": config or PipelineConfig(), "keep_text": keep_text},
        batch_size=batch_size, batch_format="numpy", compute=pool, num_cpus=1, runtime_env={"env_vars": env},
    )


class RayCoder:
    """`CodeRun.coder` for Ray: articles in windows to a Ray dataset, `Coded` back in input order."""

    def __init__(self, config: PipelineConfig | None = None, *, workers: int | None = None,
                 window: int | None = None, batch_size: int = BATCH_SIZE) -> None:
        self.config = config or PipelineConfig()
        self.workers = workers
        self.window = window
        self.batch_size = batch_size

    def __call__(self, articles: Iterable[Article]) -> Iterator[Coded]:
        ray = _ray()
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = False  # dotterel draws its own
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        logging.getLogger("ray.data._internal.progress").setLevel(logging.ERROR)  # "progress bars disabled"
        workers = self.workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        window = self.window or min(MAX_WINDOW, WINDOW_PER_WORKER * workers)
        it = iter(articles)
        while batch := list(islice(it, window)):
            rows = [{**_article_fields(a), "_n": n} for n, a in enumerate(batch)]
            ds = to_ray(ray.data.from_items(rows, override_num_blocks=_blocks(len(rows), self.batch_size)),
                        self.config, workers=workers, batch_size=self.batch_size)
            waiting: dict[int, dict[str, Any]] = {}
            nxt = 0
            for row in ds.iter_rows():
                waiting[int(row["_n"])] = row
                while nxt in waiting:
                    yield coded_from_row(waiting.pop(nxt), batch[nxt])
                    nxt += 1
            for n in range(nxt, len(batch)):  # never expected: a row Ray did not return
                yield Coded(article=batch[n], error=f"{batch[n].doc_id}: no result came back from Ray")


def code_with_ray(run: CodeRun, *, address: str | None = "auto", workers: int | None = None,
                  window: int | None = None) -> RunReport:
    """`run_code(run)` with the coding done by Ray actors (the sinks stay on the driver)."""
    from dotterel.api import run_code

    connect(address)
    return run_code(replace(run, coder=RayCoder(run.config, workers=workers, window=window)))


def load_parquet(paths: str | Iterable[str], *, db: str, config: PipelineConfig | None = None,
                 dedup_events: bool = True) -> RunReport:
    """Store the rows that workers wrote with `to_ray(..., keep_text=True).write_parquet(...)`
    (the driver is the store's one writer; `config` must be the one the workers coded with)."""
    import pyarrow.parquet as pq

    from dotterel.api import CodeRun, run_code
    from dotterel.errors import ConfigError

    files = _parquet_files([paths] if isinstance(paths, str) else list(paths))

    def rows(_: Iterable[Article]) -> Iterator[Coded]:
        for path in files:
            table = pq.ParquetFile(path)
            if "text" not in table.schema_arrow.names:
                raise ConfigError(f"{path}: no text column; write it with to_ray(..., keep_text=True)")
            for batch in table.iter_batches(batch_size=256):
                for row in batch.to_pylist():
                    yield coded_from_row(row)

    return run_code(CodeRun(inputs=[], config=config or PipelineConfig(), db=db, dedup_events=dedup_events,
                            coder=rows, languages=None))


def _parquet_files(paths: list[str]) -> list[str]:
    from pathlib import Path

    out: list[str] = []
    for p in paths:
        path = Path(p)
        out.extend(sorted(str(f) for f in path.rglob("*.parquet")) if path.is_dir() else [str(path)])
    return out


def _blocks(n: int, batch_size: int) -> int:
    return max(1, min(200, -(-n // batch_size)))


def _article_fields(article: Article) -> dict[str, Any]:
    return {name: getattr(article, name) for name in ARTICLE_FIELDS}


def _rows(batch: dict[str, Any]) -> list[dict[str, Any]]:
    names = list(batch)
    n = len(batch[names[0]]) if names else 0
    return [{name: _plain(batch[name][i]) for name in names} for i in range(n)]


def _plain(value: Any) -> Any:
    item = getattr(value, "item", None)  # numpy scalars → Python values
    return item() if callable(item) and not isinstance(value, (str, bytes)) else value


