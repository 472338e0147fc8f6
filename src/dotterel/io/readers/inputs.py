"""From the inputs named on a command line to a stream of articles.

An input is a file, a directory (walked recursively), a http(s) URL or "-" for stdin. Each
file's reader comes from `--format`, else its suffix, else its first bytes (docs/ingest.md has
the table). Then, in order: the default publication date fills in missing dates; each article's
language is identified; articles in other languages and repeated texts are skipped when asked.
Problems are items of the stream, never exceptions: reading always goes on.
"""
from __future__ import annotations

import fnmatch
import os
import urllib.error
import urllib.request
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from dotterel._version import __version__
from dotterel.errors import InputError
from dotterel.io.language import LANGUAGE_NAMES, detect_language, identifier_available, language_name
from dotterel.io.readers.base import Item, Reader, ReadOptions, Skipped, Source, check_unicode
from dotterel.io.readers.registry import READERS, get_reader, reader_for_name, sniff
from dotterel.io.readers.stdin import stdin_source
from dotterel.model import Article

# Documents dotterel cannot read, with what to do instead.
UNSUPPORTED = {
    ".pdf": "PDF files are not supported; extract their text first (pdftotext)",
    ".doc": "Word files are not supported; save them as text or HTML",
    ".docx": "Word files are not supported; save them as text or HTML",
    ".odt": "OpenDocument files are not supported; save them as text or HTML",
    ".rtf": "RTF files are not supported; save them as text",
    ".epub": "EPUB files are not supported",
    ".xls": "Excel files are not supported; export the sheet as CSV",
    ".xlsx": "Excel files are not supported; export the sheet as CSV",
    ".ods": "spreadsheet files are not supported; export the sheet as CSV",
}
_CONTENT_TYPES = {
    "application/rss+xml": "feed", "application/atom+xml": "feed", "application/rdf+xml": "feed",
    "application/xml": "feed", "text/xml": "feed", "text/html": "html", "application/xhtml+xml": "html",
    "application/json": "json", "application/x-ndjson": "jsonl", "application/jsonl": "jsonl",
    "text/csv": "csv", "text/tab-separated-values": "csv", "application/warc": "warc", "text/plain": "text",
}
_NAMES_TO_CODES = {name.lower(): code for code, name in LANGUAGE_NAMES.items()}

Located = tuple[Item, str]  # an item and the input it came from (for messages)


def read_inputs(paths: Iterable[str], *, published: str | None = None, options: ReadOptions | None = None,
                **settings: Any) -> Iterator[Item]:
    """Articles from files, directories, URLs and stdin ("-"), in input order.

    Yields `Article` for each document read, `InputError` for each that cannot be read (naming
    it and the problem) and `Skipped` for what is left out on purpose (a repeated text, another
    language, files of unknown type). `settings` are `ReadOptions` fields (`text_column="body"`,
    `format="csv"`, `languages=("en",)`, `dedup=True`, ...). Unknown settings and an unknown
    format raise ConfigError at once, before anything is read.
    """
    opts = replace(options, **settings) if options is not None and settings else (
        options if options is not None else ReadOptions.from_settings(**settings))
    forced = get_reader(opts.format) if opts.format else None
    return _read(list(paths), opts, forced, published)


def _read(paths: list[str], opts: ReadOptions, forced: Reader | None, published: str | None) -> Iterator[Item]:
    items: Iterator[Located] = _all_sources(paths, opts, forced)
    if published:
        items = _with_default_date(items, published)
    if opts.detect_language and identifier_available():
        items = _with_language(items, opts)
    if opts.languages is not None or opts.dedup:
        items = _select(items, opts)
    for item, _ in items:
        yield item


def _all_sources(paths: list[str], opts: ReadOptions, forced: Reader | None) -> Iterator[Located]:
    for raw in paths:
        if raw == "-":
            yield from _read_source(stdin_source(limit=opts.max_file_bytes), opts, forced, explicit=True)
        elif raw.startswith(("http://", "https://")):
            fetched = _fetch(raw, opts)
            if isinstance(fetched, InputError):
                yield fetched, raw
            else:
                yield from _read_source(fetched, opts, forced, explicit=True)
        elif os.path.isdir(raw):
            yield from _read_directory(Path(raw), opts, forced)
        elif not os.path.exists(raw):
            yield InputError(f"{raw}: no such file or directory"), raw
        else:
            path = Path(raw)
            yield from _read_source(Source(name=raw, doc_id=_stem(path.name), path=path), opts, forced,
                                    explicit=True)


def _read_source(source: Source, opts: ReadOptions, forced: Reader | None, *, explicit: bool) -> Iterator[Located]:
    """One source through the reader its name or bytes call for."""
    if forced is None and source.path is not None and (why := UNSUPPORTED.get(source.path.suffix.lower())):
        yield InputError(f"{source.name}: {why}"), source.name
        return
    try:
        source = _gunzipped(source)
        reader = forced or _choose(source, explicit=explicit)
    except InputError as e:
        yield e, source.name
        return
    except OSError as e:
        yield InputError(f"{source.name}: cannot read: {e.strerror or e}"), source.name
        return
    if reader is None:
        yield Skipped(source=source.name, reason="unknown file type",
                      message=f"{source.name}: left out, unknown file type (use --format to read it)"), source.name
        return
    for item in reader.read(source, opts):
        yield _unicode(item), source.name


def _unicode(item: Item) -> Item:
    """Whatever the reader, an article that is not Unicode text is an error, never a crash later."""
    if not isinstance(item, Article):
        return item
    try:
        return check_unicode(item)
    except InputError as e:
        return e


def _choose(source: Source, *, explicit: bool) -> Reader | None:
    """Files: the suffix, else the first bytes. Downloads: the bytes when they are a feed or a WARC
    (servers mislabel feeds), else the Content-Type, else the URL's suffix, else the bytes.
    Text is the last resort for an input named on the command line, never for one found in a folder.
    """
    def sniffed() -> Reader | None:
        return sniff(source.head(), accept=lambda r: r.format != "text")

    if source.path is None and source.url:
        found = sniffed()
        if found is not None and found.format in ("feed", "warc"):
            return found
        mime = (source.content_type or "").split(";")[0].strip().lower()
        if (fmt := _CONTENT_TYPES.get(mime)) is not None and fmt != "text":
            return get_reader(fmt)
        by_name = reader_for_name(urlsplit(source.url).path)
    else:
        by_name = reader_for_name(source.name)
        found = None if by_name is not None else sniffed()
    if by_name is not None:
        return by_name
    if found is not None:
        return found
    return get_reader("text") if explicit else None


def _gunzipped(source: Source) -> Source:
    """A gzip-compressed document (story.txt.gz, export.csv.gz), decompressed as it is read (so a
    reader's byte limits apply to the decompressed bytes: a gzip bomb is refused, never inflated
    whole); WARCs stay as they are."""
    lowered = source.name.lower()
    if not lowered.endswith(".gz") or lowered.endswith((".warc.gz", ".arc.gz")):
        return source
    unzipped = Source(name=source.name[:-3], doc_id=source.doc_id, path=source.path, data=source.data,
                      url=source.url, compression="gzip")
    try:
        with unzipped.open() as f:
            f.read(1)
    except (OSError, EOFError, zlib.error) as e:  # gzip.BadGzipFile is an OSError
        raise InputError(f"{source.name}: not a readable gzip file: {e}") from e
    return unzipped


def _read_directory(root: Path, opts: ReadOptions, forced: Reader | None) -> Iterator[Located]:
    errors: list[OSError] = []
    found: list[tuple[str, Path]] = []
    for folder, dirs, files in os.walk(root, onerror=errors.append):
        dirs[:] = sorted(d for d in dirs if not _hidden(d))
        for name in files:
            if _hidden(name):
                continue
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if _wanted(rel, opts):
                found.append((rel, path))
    for e in errors:
        yield InputError(f"{e.filename}: cannot read the folder: {e.strerror or e}"), str(e.filename)
    found.sort()
    stems = [_stem(rel) for rel, _ in found]
    seen: set[Path] = set()
    unknown: list[str] = []
    for (rel, path), stem in zip(found, stems):
        try:
            real = path.resolve()
        except (OSError, RuntimeError) as e:
            yield InputError(f"{path}: cannot resolve path: {e}"), str(path)
            continue
        if real in seen or not path.is_file():
            continue
        seen.add(real)
        doc_id = stem if stems.count(stem) == 1 else rel  # a.txt and a.html: ids "a.txt", "a.html"
        source = Source(name=str(path), doc_id=doc_id, path=path)
        for item, origin in _read_source(source, opts, forced, explicit=bool(opts.include)):
            if isinstance(item, Skipped) and item.reason == "unknown file type":
                unknown.append(rel)
            else:
                yield item, origin
    if unknown:
        shown = ", ".join(unknown[:5]) + (", ..." if len(unknown) > 5 else "")
        yield Skipped(source=str(root), reason="unknown file type", count=len(unknown),
                      message=f"{root}: {len(unknown)} file(s) of unknown type left out ({shown}); "
                              f"name them .txt, or read them with --format or --include"), str(root)


def _wanted(rel: str, opts: ReadOptions) -> bool:
    """Include/exclude globs: a pattern with a "/" matches the path from the folder, else the file name."""
    name = PurePosixPath(rel).name

    def match(pattern: str) -> bool:
        return fnmatch.fnmatchcase(rel if "/" in pattern else name, pattern)

    if opts.include and not any(match(p) for p in opts.include):
        return False
    return not any(match(p) for p in opts.exclude)


def _hidden(name: str) -> bool:
    return name.startswith(".") or name in ("__MACOSX", "Thumbs.db", "desktop.ini")


def _stem(name: str) -> str:
    """A file name without its format suffix: "crawl.warc.gz" -> "crawl", "sub/a.txt" -> "sub/a"."""
    base = name[:-3] if name.lower().endswith(".gz") else name
    lowered = base.lower()
    suffixes = sorted({s.removesuffix(".gz") for r in READERS.values() for s in r.suffixes}, key=len, reverse=True)
    for suffix in suffixes:
        if lowered.endswith(suffix) and len(base) > len(suffix):
            return base[: -len(suffix)]
    path = PurePosixPath(base)
    return str(path.with_suffix("")) if path.suffix else base


def _fetch(url: str, opts: ReadOptions) -> Source | InputError:
    """Download one URL (a feed or a page) with a timeout and a size limit."""
    request = urllib.request.Request(url, headers={
        "User-Agent": f"dotterel/{__version__}",
        "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/html;q=0.8, */*;q=0.5",
    })
    try:
        with urllib.request.urlopen(request, timeout=opts.timeout) as response:
            data = response.read(opts.max_download_bytes + 1)
            content_type = response.headers.get("Content-Type")
            final_url = response.geturl() or url
    except urllib.error.HTTPError as e:
        return InputError(f"{url}: cannot fetch: HTTP {e.code} {e.reason}")
    except urllib.error.URLError as e:
        return InputError(f"{url}: cannot fetch: {e.reason}")
    except TimeoutError:
        return InputError(f"{url}: cannot fetch: no answer within {opts.timeout:g} s")
    except OSError as e:
        return InputError(f"{url}: cannot fetch: {e.strerror or e}")
    if len(data) > opts.max_download_bytes:
        return InputError(f"{url}: larger than {opts.max_download_bytes // 2**20} MiB; download it and read the file")
    return Source(name=url, doc_id=url, data=data, url=final_url, content_type=content_type)


def _with_default_date(items: Iterable[Located], published: str) -> Iterator[Located]:
    for item, origin in items:
        if isinstance(item, Article) and not item.published:
            item = replace(item, published=published)
        yield item, origin


def _with_language(items: Iterable[Located], opts: ReadOptions) -> Iterator[Located]:
    """Record each article's language: the identifier's answer, else the language the source declares."""
    prefer = opts.languages or ("en",)
    for item, origin in items:
        if isinstance(item, Article):
            sample = f"{item.title}\n\n{item.text}" if item.title else item.text
            language = detect_language(sample, prefer=prefer) or _code(item.language)
            if language != item.language:
                item = replace(item, language=language)
        yield item, origin


def _select(items: Iterable[Located], opts: ReadOptions) -> Iterator[Located]:
    """Skip articles in languages not asked for, and texts already read (first one wins)."""
    wanted = opts.languages
    first: dict[str, str] = {}
    for item, origin in items:
        if isinstance(item, Article):
            label = item.doc_id if item.doc_id == origin else f"{item.doc_id} ({origin})"
            lang = item.language
            if wanted is not None and lang is not None and lang not in wanted:
                yield Skipped(source=origin, reason=f"language {lang}", article=item,
                              message=f"{label}: left out, written in {language_name(lang)}, not "
                                      f"{' or '.join(wanted)}; --languages {','.join((*wanted, lang))} would code it "
                                      f"(with the English pipeline)"), origin
                continue
            if opts.dedup:
                key = item.text_hash
                if key in first:
                    what = "read already" if first[key] == item.doc_id else f"duplicate of {first[key]}"
                    yield Skipped(source=origin, reason="duplicate", article=item,
                                  message=f"{label}: left out, {what} (same text)"), origin
                    continue
                first[key] = item.doc_id
        yield item, origin


def _code(language: str | None) -> str | None:
    """A declared language as a code: "en-GB" -> "en", "English" -> "en"."""
    if not language:
        return None
    lowered = language.strip().lower()
    if lowered in _NAMES_TO_CODES:
        return _NAMES_TO_CODES[lowered]
    return lowered.replace("_", "-").split("-")[0] or None
