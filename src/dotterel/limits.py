"""Limits: how much of one input dotterel reads, parses and codes.

Whatever a crawler brought back (binary junk, a 50 MB page, a gzip bomb, a million sentences),
no single document may exhaust memory or time: a document over a limit is refused with one
line that names it, the measure, the limit and the option that raises it, and the batch goes
on. The defaults keep one document under 2 GB of memory and a minute of coding on a laptop
(measured: docs/reliability.md); every one is an option of `dotterel code` and a field of
`ReadOptions` (reading) or `Limits` (coding, through `PipelineConfig.limits`).

| limit                 | default | what it bounds                                         | option                  |
|-----------------------|---------|--------------------------------------------------------|-------------------------|
| `max_bytes`           | 20 MiB  | one document: a text file, an HTML page, a JSONL line, | `--max-bytes`           |
|                       |         | a CSV field, a page in a WARC record                   |                         |
| `max_file_bytes`      | 100 MiB | a file read whole: CSV, JSON, a feed, stdin            | `--max-file-bytes`      |
| `max_expansion`       | 100     | a WARC record inflating past `max_bytes` to more than  | (Python)                |
|                       |         | this many times its compressed size (a gzip bomb)      |                         |
| `max_header_bytes`    | 1 MiB   | the WARC and HTTP headers of one archive record        | (Python)                |
| `max_chars`           | 100,000 | characters of one article's text                       | `--max-chars`           |
| `max_tokens`          | 50,000  | words and symbols of one text (counted before parsing) | `--max-tokens`          |
| `max_sentence_tokens` | 500     | tokens of one sentence (checked once parsed)           | `--max-sentence-tokens` |
| `time_budget`         | 60 s    | coding time of one article                             | `--time-budget`         |

Byte limits count decompressed bytes (a `.gz` is inflated only as far as its limit), and a file
over one is refused by its size before a byte of it is read. Texts over `max_chars` or
`max_tokens` are refused before they are parsed, never cut: the coder would otherwise report
the events of half an article as if they were the whole. A sentence of hundreds of tokens (a
page without punctuation) makes the phrase matching of later stages costly (it grows with the
cube of a phrase's length), so a text with one is refused once it is parsed.

The time budget is enforced twice: a stage that works on one article at a time is interrupted
when the budget runs out (a POSIX interval timer, in the main thread, when nothing else uses
SIGALRM; see `deadline`), and the budget is checked whenever a stage ends. The parser works on
a batch inside C code and is never interrupted: the size limits are what bound it.
"""
from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from dotterel.errors import ConfigError

MiB = 2**20
DEFAULT_MAX_BYTES = 20 * MiB
DEFAULT_MAX_FILE_BYTES = 100 * MiB
DEFAULT_MAX_EXPANSION = 100
DEFAULT_MAX_HEADER_BYTES = 1 * MiB
DEFAULT_MAX_CHARS = 100_000
DEFAULT_MAX_TOKENS = 50_000
DEFAULT_MAX_SENTENCE_TOKENS = 500
DEFAULT_TIME_BUDGET = 60.0

# what the parser makes a token of, near enough: a run of word characters, or one other symbol
# (an emoji with its modifier and a flag are four tokens to spaCy, and four here)
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class Limits:
    """The coding limits of one article (see the module docstring); 0 or None turns one off."""

    max_chars: int | None = DEFAULT_MAX_CHARS
    max_tokens: int | None = DEFAULT_MAX_TOKENS
    time_budget: float | None = DEFAULT_TIME_BUDGET
    max_sentence_tokens: int | None = DEFAULT_MAX_SENTENCE_TOKENS

    def __post_init__(self) -> None:
        for name in ("max_chars", "max_tokens", "time_budget", "max_sentence_tokens"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ConfigError(f"{name} must be 0 (no limit) or more, not {value}")

    def refuse(self, doc_id: str, text: str) -> str | None:
        """Why `text` is refused before parsing, as the line a person reads; None when it is not."""
        if self.max_chars and len(text) > self.max_chars:
            return over(doc_id, len(text), self.max_chars, "characters", "--max-chars")
        if self.max_tokens and len(text) > self.max_tokens:  # fewer characters, fewer tokens: no need to count
            tokens = count_tokens(text)
            if tokens > self.max_tokens:
                return over(doc_id, tokens, self.max_tokens, "words and symbols", "--max-tokens")
        return None

    def refuse_parsed(self, doc_id: str, sentence_lengths: Iterator[int]) -> str | None:
        """Why a parsed text is refused (a sentence too long); None when it is not."""
        if self.max_sentence_tokens:
            longest = max(sentence_lengths, default=0)
            if longest > self.max_sentence_tokens:
                return over(doc_id, longest, self.max_sentence_tokens, "tokens in one sentence",
                            "--max-sentence-tokens")
        return None

    def out_of_time(self, doc_id: str, spent: float, stage: str, *, during: bool = False) -> str | None:
        """Why coding stops in or after `stage`, `spent` seconds in; None while within the budget."""
        if self.time_budget and (during or spent > self.time_budget):
            when = "stopped in" if during else "by the end of"
            return (f"{doc_id}: refused: coding took {spent:,.1f} s, {when} stage {stage}, over the time budget of "
                    f"{self.time_budget:g} s (set --time-budget)")
        return None


class OutOfTime(Exception):
    """Raised inside a stage by `deadline` when the time is up (caught by the pipeline)."""


def can_interrupt() -> bool:
    """Whether `deadline` can interrupt: POSIX timers, the main thread, SIGALRM free for us."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    return signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None, _on_alarm)


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise `OutOfTime` in the code run inside, once `seconds` have passed (where `can_interrupt`;
    elsewhere nothing happens and the caller checks the time afterwards). Python code is
    interrupted between two bytecodes; a call into C code finishes first."""
    if not seconds or seconds <= 0 or not can_interrupt():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)


def _on_alarm(signum: int, frame: object) -> None:
    raise OutOfTime()


def count_tokens(text: str) -> int:
    """Words and symbols in `text`: about what spaCy's tokenizer makes of it."""
    return sum(1 for _ in _TOKEN.finditer(text))


def over(name: str, measure: int | None, limit: int, unit: str, option: str) -> str:
    """The one line that says a document was refused: "<doc>: refused: 52,428,800 characters > limit
    100,000 (set --max-chars)"; with `measure` None (reading stopped at the limit), "more than"."""
    if measure is None:
        return f"{name}: refused: more than the limit of {limit:,} {unit} (set {option})"
    return f"{name}: refused: {measure:,} {unit} > limit {limit:,} (set {option})"


def check_limit(name: str, value: float | None) -> None:
    """A reading limit must be positive (they cannot be turned off: a file is always bounded)."""
    if value is None or value <= 0:
        raise ConfigError(f"{name} must be a positive number, not {value!r}")


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)\s*$", re.IGNORECASE)


def parse_size(value: str | int) -> int:
    """A byte count as people write it: 52428800, "50MiB", "50M", "1.5G", "800k" (powers of 1024)."""
    if isinstance(value, int):
        return value
    m = _SIZE.match(value)
    if m is None:
        raise ConfigError(f"{value!r} is not a size (e.g. 20MiB, 500k, 1G or a number of bytes)")
    scale = 1024 ** "kmgt".find(m.group(2).lower()) * 1024 if m.group(2) else 1
    return int(float(m.group(1)) * scale)
