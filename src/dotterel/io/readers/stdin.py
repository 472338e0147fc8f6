"""Standard input ("-"): read whole, then handed to the reader its bytes call for.

With `--format` that reader; otherwise the first bytes decide (a WARC, a feed, an HTML page,
JSON Lines when every line is a JSON object, a JSON array), and anything else is one plain
text article with the id "stdin".
"""
from __future__ import annotations

import sys

from dotterel.io.readers.base import Source

NAME = "<stdin>"
DOC_ID = "stdin"


def stdin_source(*, limit: int | None = None) -> Source:
    """Stdin read whole; with `limit`, at most limit + 1 bytes (the readers then refuse what is over)."""
    data = sys.stdin.buffer.read() if limit is None else sys.stdin.buffer.read(limit + 1)
    return Source(name=NAME, doc_id=DOC_ID, data=data)
