"""Plain text files (.txt, .text, .md): one article per file.

The first line is the title when a blank line follows it, it is short (at most 250
characters) and it does not end with a full stop; the rest is the text. Line endings become
"\n"; nothing else in the text changes.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from dotterel.errors import InputError
from dotterel.io.readers.base import Item, Reader, ReadOptions, Source, decode
from dotterel.io.readers.registry import register
from dotterel.model import Article

MAX_TITLE_CHARS = 250
_MD_HEADING = re.compile(r"^#{1,6}\s+")  # "# Title" in a Markdown file


@register
class TextReader(Reader):
    format = "text"
    suffixes = (".txt", ".text", ".md")
    description = "plain text files"

    def read(self, source: Source, options: ReadOptions) -> Iterator[Item]:
        try:
            yield text_article(source.read_bytes(options.max_bytes), doc_id=source.doc_id, source=source.name,
                               fallback=options.encoding_fallback, url=source.url)
        except InputError as e:
            yield e
        except OSError as e:
            yield InputError(f"{source.name}: cannot read: {e.strerror or e}")


def text_article(data: bytes, *, doc_id: str, source: str, fallback: str | None = None,
                 url: str | None = None) -> Article:
    text = decode(data, source, fallback=fallback)
    if not text.strip():
        raise InputError(f"{source}: empty document (no text)")
    title, body = split_title(text)
    if not body.strip():
        title, body = None, text.replace("\r\n", "\n").replace("\r", "\n")
    return Article(doc_id=doc_id, text=body, title=title, url=url)


def split_title(text: str) -> tuple[str | None, str]:
    """A first line followed by a blank line, short and without a final full stop, is the title."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    head, sep, rest = text.partition("\n")
    if sep and rest.startswith("\n") and 0 < len(head.strip()) <= MAX_TITLE_CHARS and not head.rstrip().endswith("."):
        return _MD_HEADING.sub("", head.strip()) or None, rest.lstrip("\n")
    return None, text
