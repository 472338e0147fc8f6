"""The progress bar of long runs: articles done, articles/s and, when the input size is known, an ETA.

Drawn by Rich on stderr (only when stderr is a terminal, unless `--progress` says otherwise),
each time an article is done (ten times a second at most); messages written to stderr meanwhile
appear above it. The number of articles is counted in a
background thread, cheaply (lines of JSONL and CSV files, files of a folder); inputs whose
size cannot be known that way (feeds, WARC files, URLs, stdin) leave the bar with a rate only.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

_LINE_FORMATS = (".jsonl", ".ndjson")
_ONE_PER_FILE = (".txt", ".md", ".html", ".htm", ".xhtml")
_UNKNOWN = (".warc", ".warc.gz", ".arc.gz", ".rss", ".atom", ".xml", ".gz", ".json")
_BLOCK = 1 << 20


def wanted(flag: bool | None) -> bool:
    """`--progress`/`--no-progress`, else on when stderr is a terminal."""
    return sys.stderr.isatty() if flag is None else flag


class RateColumn(ProgressColumn):
    """Articles per second over the last half minute."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} articles/s" if speed else "– articles/s", style="progress.data.speed")


class CodingProgress:
    """A context manager; `update(report)` is `CodeRun.on_progress`."""

    def __init__(self, inputs: Iterable[str], *, enabled: bool, include: tuple[str, ...] = (),
                 exclude: tuple[str, ...] = ()) -> None:
        self.enabled = enabled
        self.inputs = list(inputs)
        self.include, self.exclude = include, exclude
        self._progress: Progress | None = None
        self._task: Any = None
        self._last = 0.0

    def __enter__(self) -> CodingProgress:
        if not self.enabled:
            return self
        self._progress = Progress(
            SpinnerColumn(), TextColumn("coding"), BarColumn(), MofNCompleteColumn(), TextColumn("articles"),
            RateColumn(), TextColumn("elapsed"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            console=Console(stderr=True), redirect_stderr=True, redirect_stdout=False, transient=False,
            speed_estimate_period=60.0, auto_refresh=False,  # no drawing thread: see update()
        )
        self._progress.start()
        self._task = self._progress.add_task("coding", total=None)
        self._progress.refresh()
        threading.Thread(target=self._count, daemon=True, name="dotterel-count").start()  # ends once counted
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()

    def update(self, report: Any) -> None:
        """Redraw, at most ten times a second. The bar is drawn from here, not by a thread of its
        own: a second Python thread in the process that codes makes spaCy's parse about 15% slower."""
        if self._progress is None:
            return
        now = time.monotonic()
        if now - self._last < 0.1:  # a redraw per article would cost more than it shows
            return
        self._last = now
        self.set(report)

    def set(self, report: Any) -> None:
        """Show the report's counts now (also at the end of the run)."""
        if self._progress is not None:
            done = report.coded + sum(report.failed.values()) + sum(report.skipped.values())
            self._progress.update(self._task, completed=done)
            self._progress.refresh()

    def _count(self) -> None:
        total = count_articles(self.inputs, include=self.include, exclude=self.exclude)
        if total is not None and self._progress is not None:
            self._progress.update(self._task, total=total)


def count_articles(inputs: Iterable[str], *, include: tuple[str, ...] = (),
                   exclude: tuple[str, ...] = ()) -> int | None:
    """About how many articles the inputs hold, or None when that cannot be known cheaply."""
    import fnmatch

    total = 0
    for raw in inputs:
        if raw == "-" or raw.startswith(("http://", "https://")):
            return None
        path = Path(raw)
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in files:
                    rel = (Path(folder) / name).relative_to(path).as_posix()
                    if name.startswith(".") or (include and not any(fnmatch.fnmatch(rel, g) for g in include)):
                        continue
                    if any(fnmatch.fnmatch(rel, g) for g in exclude):
                        continue
                    n = _in_file(Path(folder) / name)
                    if n is None:
                        return None
                    total += n
        elif path.is_file():
            n = _in_file(path, named=True)
            if n is None:
                return None
            total += n
    return total


def _in_file(path: Path, *, named: bool = False) -> int | None:
    name = path.name.lower()
    if name.endswith(_LINE_FORMATS):
        return _lines(path)
    if name.endswith(".csv") or name.endswith(".tsv"):
        return max(0, _lines(path) - 1)
    if name.endswith(_ONE_PER_FILE) or (named and "." not in name):
        return 1
    if name.endswith(_UNKNOWN):
        return None
    return 0 if not named else None  # a folder's files of unknown type are left out


def _lines(path: Path) -> int:
    n, last = 0, b"\n"
    try:
        with open(path, "rb") as f:
            while block := f.read(_BLOCK):
                n += block.count(b"\n")
                last = block[-1:]
    except OSError:
        return 0
    return n + (last != b"\n")
