"""RSS and Atom feeds (.rss, .atom, .xml, or a URL): one article per item (feedparser).

An item's full text is its `content:encoded` (RSS) or `<content>` (Atom) when that is longer
than its summary; it is turned from HTML into paragraphs separated by blank lines. Otherwise the
article is the item's title and summary (`text` = title, a blank line, the summary) and says so:
`text_source = "summary"` ("title" when the item has nothing but a title). The id is the item's
guid/id, else its link, else `<feed stem>-<n>`; the date is the item's published (else updated)
date; the outlet is the feed's title; the language the feed declares is a hint (see
docs/ingest.md).
"""
from __future__ import annotations

import calendar
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from dotterel.errors import InputError
from dotterel.io.readers.base import Item, Reader, ReadOptions, Skipped, Source, parse_date, require
from dotterel.io.readers.html import fragment_text
from dotterel.io.readers.registry import register
from dotterel.model import Article

_SNIFF = re.compile(rb"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<\?xml-stylesheet[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*)*"
                    rb"<(?:rss|feed|(?:rdf:)?RDF)\b", re.IGNORECASE | re.DOTALL)


_FEED_TRAILER = re.compile(r"^(?:The post .{1,300} appeared first on .{1,200}|(?:Read more|Continue reading)\b.{0,80}"
                           r"|\[?(?:\.\.\.|…)\]?)$", re.IGNORECASE | re.DOTALL)
_ELLIPSIS_LINK = re.compile(r"\s*\[(?:\.\.\.|…|&hellip;)\]\s*$")
_FEEDPARSER_ERRORS = (UnicodeError, ValueError, TypeError, AttributeError, IndexError, KeyError, LookupError,
                      RecursionError, OverflowError)


@register
class FeedReader(Reader):
    format = "feed"
    suffixes = (".rss", ".atom", ".xml", ".rdf")
    description = "RSS/Atom feeds"
    needs = ("feedparser", "lxml")

    def sniff(self, head: bytes) -> bool:
        return bool(_SNIFF.match(head.lstrip(b"\xef\xbb\xbf")))

    def read(self, source: Source, options: ReadOptions) -> Iterator[Item]:
        self.check_installed()
        feedparser = require("feedparser", what="reading RSS/Atom feeds")
        try:
            data = source.read_bytes(options.max_file_bytes, option="--max-file-bytes")
        except InputError as e:
            yield e
            return
        except OSError as e:
            yield InputError(f"{source.name}: cannot read: {e.strerror or e}")
            return
        if not data.strip():
            yield InputError(f"{source.name}: empty file")
            return
        if not self.sniff(data[:4096]):
            yield InputError(f"{source.name}: not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> element)")
            return
        try:
            parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=True)
        except _FEEDPARSER_ERRORS as e:  # feedparser on markup it does not expect (&#xD800; ...)
            yield InputError(f"{source.name}: not a readable feed: {type(e).__name__}: {str(e)[:200]}")
            return
        if parsed.get("bozo") and not parsed.entries:
            why = parsed.get("bozo_exception")
            yield InputError(f"{source.name}: not a readable feed: {why or 'malformed XML'}")
            return
        if not parsed.entries:
            yield Skipped(source=source.name, reason="empty feed", message=f"{source.name}: the feed has no items",
                          count=1)
            return
        feed = parsed.get("feed", {})
        outlet = _plain(feed.get("title")) or None
        language = (feed.get("language") or "").split("-")[0].lower() or None
        for n, entry in enumerate(parsed.entries, 1):
            try:
                yield _entry_article(entry, n, source, outlet=outlet, language=language)
            except InputError as e:
                yield e
            except _FEEDPARSER_ERRORS as e:
                yield InputError(f"{source.name} item {n}: not a readable item: {type(e).__name__}: {str(e)[:200]}")


def _entry_article(entry: Any, n: int, source: Source, *, outlet: str | None, language: str | None) -> Article:
    where = f"{source.name} item {n}"
    title = _plain(entry.get("title")) or None
    content = max((_item_text(c.get("value") or "") for c in entry.get("content") or []), key=len, default="")
    summary = _item_text(entry.get("summary") or "")
    text_source: str | None
    if content and len(content) > len(summary):
        text, text_source = content, None
    elif summary:
        starts_with_title = title and " ".join(summary.split()).casefold().startswith(" ".join(title.split()).casefold())
        text = summary if starts_with_title or not title else f"{title}\n\n{summary}"
        text_source = "summary"
    elif title:
        text, text_source = title, "title"
    else:
        raise InputError(f"{where}: the item has no title, summary or content")
    doc_id = entry.get("id") or entry.get("link") or f"{source.doc_id}-{n}"
    return Article(doc_id=str(doc_id).strip(), text=text, title=title, url=entry.get("link") or None,
                   published=_date(entry), outlet=outlet, language=language, text_source=text_source)


def _item_text(markup: str) -> str:
    """An item's HTML as paragraphs, without the links feeds append ("Read more", "The post ... appeared first on")."""
    paragraphs = [p for p in fragment_text(markup).split("\n\n") if p and not _FEED_TRAILER.match(p)]
    if paragraphs:
        paragraphs[-1] = _ELLIPSIS_LINK.sub("", paragraphs[-1]).rstrip()
    return "\n\n".join(p for p in paragraphs if p)


def _date(entry: Any) -> str | None:
    """The item's date as the feed wrote it (its own time zone), else feedparser's UTC reading."""
    for key in ("published", "updated"):
        try:
            if day := parse_date(entry.get(key)):
                return day
        except ValueError:
            pass
        if parsed := entry.get(f"{key}_parsed"):
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC).date().isoformat()
            except (OverflowError, ValueError, TypeError):
                pass
    return None


def _plain(value: Any) -> str:
    """A title as plain text (feed titles may hold markup)."""
    if not value:
        return ""
    text = str(value)
    return " ".join(fragment_text(text).split()) if "<" in text else " ".join(text.split())
