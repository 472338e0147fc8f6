"""Coding on several processes of one machine (`dotterel code --workers N`).

Each worker process builds and initialises its own Pipeline once (the spaCy model, the lexicon,
the knowledge base and the gazetteer load once per worker) and codes chunks of articles. The
calling process reads the inputs, hands out chunks, keeps only a few of them in flight (memory
does not grow with the corpus) and yields the results in input order, so that it stays the
only writer of the output and of the store. Workers run numpy/thinc with one thread each.

A document that fails in a stage comes back as a `Coded` with its error, as in one process; a
worker that dies (killed, out of memory) fails the chunk it was coding, naming its documents,
and is replaced.
"""
from __future__ import annotations

import multiprocessing as mp
import multiprocessing.connection as mp_connection
import os
import queue
import resource
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from dotterel.model import Article
from dotterel.pipeline import Coded, PipelineConfig

DEFAULT_CHUNK = 8  # articles per task: small enough to balance the workers, large enough for nlp.pipe
AHEAD = 3  # chunks in flight per worker
# `api.code_articles` starts workers only for a stream of at least this many articles per worker:
# starting a worker costs a few seconds (it loads its models), a short run is faster in one process
MIN_ARTICLES_PER_WORKER = 50
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
               "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")
_READY_TIMEOUT = 600.0  # seconds a worker may take to load its models


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def peak_rss() -> int:
    """This process's peak resident memory, in bytes."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


@dataclass
class PoolStats:
    """What the workers reported: peak resident memory per worker process (bytes), and more."""

    peak_rss: dict[int, int] = field(default_factory=dict)  # pid -> bytes
    chunks: int = 0
    restarts: int = 0  # workers replaced after dying


class WorkerPool:
    """`workers` processes, each with its own initialised Pipeline; `pipe` is `Pipeline.pipe`.

        with WorkerPool(config, workers=2) as pool:
            for coded in pool.pipe(articles): ...

    Chunks go out through one queue (whichever worker is free takes the next); each worker sends
    its results back through its own pipe, synchronously. A worker has no thread besides its
    main one: with a second Python thread in the process, spaCy's parse costs about 15% more
    CPU time (it releases and takes back the GIL all the time).
    """

    def __init__(self, config: PipelineConfig | None = None, *, workers: int = 2,
                 chunk_size: int = DEFAULT_CHUNK, ahead: int = AHEAD, start_method: str = "spawn") -> None:
        self.config = config or PipelineConfig()
        self.workers = max(1, workers)
        self.chunk_size = max(1, chunk_size)
        self.ahead = max(1, ahead)
        self.stats = PoolStats()
        self._ctx = mp.get_context(start_method)
        self._tasks: Any = None
        self._procs: dict[int, Any] = {}  # pid -> Process
        self._pipes: dict[Any, int] = {}  # the reading end of each worker's pipe -> its pid
        self._busy: dict[int, int] = {}  # pid -> the chunk it is coding

    def __enter__(self) -> WorkerPool:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the workers and wait until each has loaded its models (raises what loading raised)."""
        if self._procs:
            return
        self._tasks = self._ctx.Queue()
        for _ in range(self.workers):
            self._spawn()
        ready: set[int] = set()
        waited = 0.0
        while len(ready) < self.workers:
            msgs = self._receive(timeout=1.0)
            waited += 1.0
            for msg in msgs:
                if msg[0] == "ready":
                    ready.add(msg[1])
                    self._note_rss(msg[1], msg[2])
                elif msg[0] == "error":
                    self.close()
                    raise msg[2]
            if len(ready) < self.workers and (waited > _READY_TIMEOUT or not any(
                    p.is_alive() for pid, p in self._procs.items() if pid not in ready)):
                self.close()
                raise RuntimeError("the coding workers did not start")

    def pipe(self, articles: Iterable[Article]) -> Iterator[Coded]:
        """Code `articles`; results in input order; at most workers × ahead chunks in flight."""
        self.start()
        chunks = _chunks(articles, self.chunk_size)
        pending: deque[int] = deque()  # chunk numbers in input order
        sent: dict[int, list[Article]] = {}
        done: dict[int, list[Coded]] = {}
        seq = 0
        exhausted = False
        while True:
            while not exhausted and len(pending) < self.workers * self.ahead:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                sent[seq] = chunk
                pending.append(seq)
                self._tasks.put((seq, chunk))
                seq += 1
            while pending and pending[0] in done:
                n = pending.popleft()
                sent.pop(n, None)
                yield from done.pop(n)
            if not pending:
                if exhausted:
                    return
                continue
            for msg in self._receive(timeout=1.0):
                self._handle(msg, sent, done)
            if any(not p.is_alive() for p in self._procs.values()):
                self._replace_dead(sent, done)

    def close(self) -> None:
        """Stop the workers (chunks not yet coded are dropped)."""
        if self._tasks is not None:
            try:
                while True:
                    self._tasks.get_nowait()
            except (queue.Empty, OSError, ValueError):
                pass
            for _ in self._procs:
                self._tasks.put(None)
        deadline = time.monotonic() + 10.0
        for p in self._procs.values():
            while p.is_alive() and time.monotonic() < deadline:
                self._receive(timeout=0.2)  # a worker stuck sending finishes once it is read
                p.join(timeout=0.05)
            if p.is_alive():
                p.terminate()
                p.join(timeout=5)
        for conn in self._pipes:
            conn.close()
        self._procs.clear()
        self._pipes.clear()
        if self._tasks is not None:
            self._tasks.close()
            self._tasks.join_thread()
        self._tasks = None

    # --- private -----------------------------------------------------------------------------

    def _spawn(self) -> None:
        reader, writer = self._ctx.Pipe(duplex=False)
        p = self._ctx.Process(target=_worker_main, args=(self.config, self._tasks, writer),
                              name="dotterel-worker", daemon=True)
        p.start()
        writer.close()  # the worker holds it now: its end of file tells that the worker is gone
        self._procs[p.pid] = p
        self._pipes[reader] = p.pid

    def _receive(self, *, timeout: float) -> list[tuple[Any, ...]]:
        """Every message the workers have sent, waiting up to `timeout` for the first."""
        out: list[tuple[Any, ...]] = []
        for conn in mp_connection.wait(list(self._pipes), timeout=timeout):
            try:
                while True:
                    out.append(conn.recv())
                    if not conn.poll():
                        break
            except (EOFError, OSError):  # the worker is gone; _replace_dead takes it from here
                self._pipes.pop(conn, None)  # type: ignore[call-overload]
                conn.close()
        return out

    def _handle(self, msg: tuple[Any, ...], sent: dict[int, list[Article]],
                done: dict[int, list[Coded]]) -> None:
        kind = msg[0]
        if kind == "start":
            self._busy[msg[1]] = msg[2]
        elif kind == "done":
            _, pid, n, rss, outcomes = msg
            self._busy.pop(pid, None)
            self._note_rss(pid, rss)
            self.stats.chunks += 1
            if n in sent and n not in done:
                done[n] = [Coded(article=a, mentions=mentions, error=error)
                           for a, (mentions, error) in zip(sent[n], outcomes)]
        elif kind == "error":  # not one document's error (a model not installed): stop the run
            raise msg[2]
        elif kind == "ready":
            self._note_rss(msg[1], msg[2])

    def _replace_dead(self, sent: dict[int, list[Article]], done: dict[int, list[Coded]]) -> None:
        for msg in self._receive(timeout=0.2):  # what a worker sent before it died still counts
            self._handle(msg, sent, done)
        for pid, p in list(self._procs.items()):
            if p.is_alive():
                continue
            del self._procs[pid]
            for conn, owner in list(self._pipes.items()):
                if owner == pid:
                    del self._pipes[conn]
                    conn.close()
            n = self._busy.pop(pid, None)
            if n is not None and n not in done and n in sent:
                why = f"the worker process died while coding it (exit code {p.exitcode})"
                done[n] = [Coded(article=a, error=f"{a.doc_id}: {why}") for a in sent[n]]
            self.stats.restarts += 1
            self._spawn()

    def _note_rss(self, pid: int, rss: int) -> None:
        self.stats.peak_rss[pid] = max(rss, self.stats.peak_rss.get(pid, 0))


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _worker_main(config: PipelineConfig, tasks: Any, results: Any) -> None:
    """A worker: one thread for numpy/thinc, one Pipeline, then chunks until the sentinel.
    `results` is the writing end of this worker's pipe (a send blocks until it is read)."""
    for var in THREAD_VARS:
        os.environ.setdefault(var, "1")
    pid = os.getpid()
    from dotterel.errors import DotterelError
    from dotterel.pipeline import Pipeline

    try:
        pipeline = Pipeline(config)
        pipeline.initialize()
    except DotterelError as e:
        results.send(("error", pid, e))
        return
    results.send(("ready", pid, peak_rss()))
    while (task := tasks.get()) is not None:
        n, chunk = task
        results.send(("start", pid, n))
        try:
            outcomes = code_chunk(pipeline, chunk)
        except DotterelError as e:  # raised only for what stops every document (a model not installed)
            results.send(("error", pid, e))
            return
        results.send(("done", pid, n, peak_rss(), outcomes))


def code_chunk(pipeline: Any, chunk: list[Article]) -> list[tuple[list[Any], str | None]]:
    """Mentions and error of each article (the caller has the articles); an unexpected exception
    fails only the document that raised it."""
    from dotterel.errors import DotterelError

    try:
        return [(c.mentions, c.error) for c in pipeline.pipe(chunk)]
    except DotterelError:
        raise
    except Exception:  # noqa: BLE001 - retried one by one below, so that it names its document
        pass
    out: list[tuple[list[Any], str | None]] = []
    for article in chunk:
        try:
            c = pipeline(article)
            out.append((c.mentions, c.error))
        except DotterelError:
            raise
        except Exception as e:  # noqa: BLE001 - one document's failure, reported as such
            out.append(([], f"{article.doc_id}: failed: {type(e).__name__}: {e}"))
    return out
