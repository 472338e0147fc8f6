"""Limits: how much of one input dotterel reads, parses and codes.

Whatever a crawler brought back (binary junk, a 50 MB page, a gzip bomb, a million sentences),
no single document may exhaust memory or time: a document over a limit is refused with one
line that names it, the measure, the limit and the option that raises it, and the batch goes
on. The defaults keep one document under 2 GB of memory and a minute of coding on a laptop
(measured: docs/reliability.md); every one is an option of `dotterel code` and a field of
`ReadOptions` (reading) or `Limits` (coding, through `PipelineConfig.limits`).

| limit              | default    | what it bounds                                        | option             |
|--------------------|------------|-------------------------------------------------------|--------------------|
| `max_bytes`        | 20 MiB     | bytes read for one document: a text file, an HTML     | `--max-bytes`      |
|                    |            | page, a JSONL line, a page in a WARC record           |                    |
| `max_file_bytes`   | 100 MiB    | files read whole (CSV, JSON, feeds, stdin), and any   | `--max-file-bytes` |
|                    |            | document once decompressed (`.gz`)                    |                    |
| `max_expansion`    | 100        | a WARC record that decompresses to more than this     | (Python only)      |
|                    |            | many times its size past `max_bytes` (a gzip bomb)    |                    |
| `max_header_bytes` | 1 MiB      | WARC and HTTP headers of one archive record           | (Python only)      |
| `max_chars`        | 100,000    | characters of one article's text that are coded       | `--max-chars`      |
| `max_tokens`       | 50,000     | words and symbols of one text (counted before parsing)| `--max-tokens`     |
| `time_budget`      | 60 s       | coding time of one article, checked between stages    | `--time-budget`    |

Texts over `max_chars` or `max_tokens` are refused before they are parsed, never cut: the coder
would otherwise report events from half an article as if from the whole. The time budget is
checked when a stage ends; a stage is never interrupted (the spaCy parser cannot be), so the
size limits are what bound the time of any one stage and the budget catches the rest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from dotterel.errors import ConfigError

MiB = 2**20
DEFAULT_MAX_BYTES = 20 * MiB
DEFAULT_MAX_FILE_BYTES = 100 * MiB
DEFAULT_MAX_EXPANSION = 100
DEFAULT_MAX_HEADER_BYTES = 1 * MiB
DEFAULT_MAX_CHARS = 100_000
DEFAULT_MAX_TOKENS = 50_000
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

    def __post_init__(self) -> None:
        for name in ("max_chars", "max_tokens", "time_budget"):
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

    def out_of_time(self, doc_id: str, spent: float, stage: str) -> str | None:
        """Why coding stops after `stage`, `spent` seconds in; None while within the budget."""
        if self.time_budget and spent > self.time_budget:
            return (f"{doc_id}: refused: coding took {spent:,.1f} s by the end of stage {stage}, over the time "
                    f"budget of {self.time_budget:g} s (set --time-budget)")
        return None


def count_tokens(text: str) -> int:
    """Words and symbols in `text`: about what spaCy's tokenizer makes of it."""
    return sum(1 for _ in _TOKEN.finditer(text))


def over(name: str, measure: int | None, limit: int, unit: str, option: str) -> str:
    """The one line that says a document was refused: "<doc>: refused: 52,428,800 characters > limit
    100,000 (set --max-chars)"; with `measure` None (reading stopped at the limit), "more than"."""
    if measure is None:
        return f"{name}: refused: more than the limit of {limit:,} {unit} (set {option})"
    return f"{name}: refused: {measure:,} {unit} > limit {limit:,} (set {option})"


def check_limit(name: str, value: int | float | None) -> None:
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
