"""What every reader shares: the options, the source it reads, the items it yields, and the
helpers for decoding bytes, reading dates and mapping records onto `Article`.
"""
from __future__ import annotations

import codecs
import gzip
import importlib
import io
import re
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, BinaryIO, ClassVar

from dotterel.errors import ConfigError, ExtraMissingError, InputError, LimitError
from dotterel.limits import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_EXPANSION,
    DEFAULT_MAX_FILE_BYTES,
    DEFAULT_MAX_HEADER_BYTES,
    check_limit,
    over,
)
from dotterel.model import Article

EXTRA = "ingest"
DETECT = "detect"  # the encoding fallback that guesses (charset-normalizer)


@dataclass(frozen=True)
class Skipped:
    """A document, or a group of records, that was read but is not handed on; not an error.

    `reason` is the short key the run summary counts ("duplicate", "language fr", ...);
    `message` is the line a person reads; `count` is how many documents it stands for.
    """

    source: str
    reason: str
    message: str
    count: int = 1
    article: Article | None = None

    def __str__(self) -> str:
        return self.message


Item = Article | InputError | Skipped

# Field names looked for, in order, when no column is given (case, spaces and hyphens aside:
# "Pub Date" is pub_date).
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "full_text", "article_text", "story", "article"),
    "title": ("title", "headline"),
    "id": ("doc_id", "id", "article_id", "guid"),
    "date": ("published", "date", "publish_date", "published_at", "pub_date", "publication_date"),
    "url": ("url", "link"),
    "outlet": ("outlet", "source", "publisher", "media", "site", "sitename"),
    "language": ("language", "lang"),
}


@dataclass(frozen=True)
class ReadOptions:
    """How to read the inputs; every field has a default that reads the common case.

    `format` forces one reader for every input (a short name like "csv" or a registered name like
    "dotterel.reader.csv.v1"). The `*_column` fields name the field of a JSONL/JSON/CSV record
    that holds each part of the article (dotted for nested JSON: "source.name"). `include` and
    `exclude` are globs for the files found in directories. `encoding_fallback` is None (UTF-8
    only: anything else is an error that says so), a codec name ("cp1252", "latin-1") tried when
    UTF-8 fails, or "detect" (charset-normalizer guesses). `languages` keeps only articles in these
    languages (None keeps all); `dedup` skips articles whose text repeats an earlier one.
    `max_bytes`, `max_file_bytes`, `max_expansion` and `max_header_bytes` bound what one document
    may cost to read (`dotterel.limits`).
    """

    format: str | None = None
    text_column: str | None = None
    title_column: str | None = None
    id_column: str | None = None
    date_column: str | None = None
    url_column: str | None = None
    outlet_column: str | None = None
    language_column: str | None = None
    delimiter: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    encoding_fallback: str | None = None
    timeout: float = 30.0
    max_download_bytes: int = 100 * 2**20
    detect_language: bool = True
    languages: tuple[str, ...] | None = None
    dedup: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_expansion: int = DEFAULT_MAX_EXPANSION
    max_header_bytes: int = DEFAULT_MAX_HEADER_BYTES

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_file_bytes", "max_expansion", "max_header_bytes", "max_download_bytes"):
            check_limit(name, getattr(self, name))
        fb = self.encoding_fallback
        if fb is not None and fb != DETECT:
            try:
                codecs.lookup(fb)
            except LookupError as e:
                raise ConfigError(f"encoding fallback {fb!r} is not a codec Python knows "
                                  f"(try cp1252, latin-1 or {DETECT!r})") from e
        if self.delimiter is not None and len(self.delimiter) != 1:
            raise ConfigError(f"CSV delimiter must be one character, not {self.delimiter!r}")

    @classmethod
    def from_settings(cls, **settings: Any) -> ReadOptions:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(settings) - known)
        if unknown:
            raise ConfigError(f"unknown reader option(s): {', '.join(unknown)} (known: {', '.join(sorted(known))})")
        for key in ("include", "exclude", "languages"):
            value = settings.get(key)
            if isinstance(value, str):
                settings[key] = (value,)
            elif value is not None:
                settings[key] = tuple(value)
        return cls(**settings)

    def column(self, part: str) -> str | None:
        value: str | None = getattr(self, f"{part}_column")
        return value


@dataclass
class Source:
    """One thing to read: a file, stdin or a downloaded URL.

    `name` is what messages call it; `doc_id` is the id of its article when it holds one.
    """

    name: str
    doc_id: str
    path: Path | None = None
    data: bytes | None = None
    url: str | None = None
    content_type: str | None = None  # from an HTTP response
    compression: str | None = None  # "gzip": the path or data is decompressed as it is read
    _cache: bytes | None = field(default=None, repr=False)

    def read_bytes(self, limit: int | None = None, *, option: str = "--max-bytes") -> bytes:
        """The whole document; with `limit`, at most that many bytes are read (limit + 1, to know),
        and a document over it is refused with a `LimitError` naming the option that raises it."""
        if self.data is not None and self.compression is None:
            data = self.data
        elif self._cache is not None:
            data = self._cache
        else:
            if limit is not None and self.compression is None and self.path is not None:
                size = self._path().stat().st_size  # refused without reading a byte
                if size > limit:
                    raise LimitError(over(self.name, size, limit, "bytes", option))
            with self.open() as f:
                try:
                    data = f.read() if limit is None else f.read(limit + 1)
                except (EOFError, zlib.error) as e:
                    raise InputError(f"{self.name}: not a readable gzip file: {e}") from e
            if limit is None or len(data) <= limit:
                self._cache = data
        if limit is not None and len(data) > limit:
            unit = "bytes once decompressed" if self.compression else "bytes"
            raise LimitError(over(self.name, None if len(data) == limit + 1 else len(data), limit, unit, option))
        return data

    def open(self) -> BinaryIO:
        raw: BinaryIO = io.BytesIO(self.data) if self.data is not None else open(self._path(), "rb")  # noqa: SIM115
        if self.compression == "gzip":
            return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
        return raw

    def head(self, n: int = 4096) -> bytes:
        if self._cache is not None:
            return self._cache[:n]
        if self.data is not None and self.compression is None:
            return self.data[:n]
        with self.open() as f:
            try:
                return f.read(n)
            except (EOFError, zlib.error) as e:
                raise InputError(f"{self.name}: not a readable gzip file: {e}") from e

    def _path(self) -> Path:
        if self.path is None:
            raise InputError(f"{self.name}: a source with neither data nor a path")
        return self.path


class Reader:
    """A reader turns one `Source` into articles; one subclass per format, registered by name."""

    format: ClassVar[str] = ""
    version: ClassVar[str] = "v1"
    suffixes: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""
    needs: ClassVar[tuple[str, ...]] = ()  # modules from the `ingest` extra

    @property
    def qualified_name(self) -> str:
        return f"dotterel.reader.{self.format}.{self.version}"

    def sniff(self, head: bytes) -> bool:
        """Whether the first bytes of a document look like this format."""
        return False

    def read(self, source: Source, options: ReadOptions) -> Iterator[Item]:  # pragma: no cover - abstract
        raise NotImplementedError

    def check_installed(self) -> None:
        for module in self.needs:
            require(module, what=f"reading {self.description or self.format}")


def require(module: str, *, what: str) -> Any:
    """Import a module of the `ingest` extra, or say clearly which extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise ExtraMissingError(f"{what} needs the {EXTRA!r} extra ({module} is not installed): "
                                f"pip install 'dotterel[{EXTRA}]'") from e


# ---------------------------------------------------------------------------- decoding

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, source: str, *, fallback: str | None = None, declared: str | None = None) -> str:
    """Bytes to text: a byte-order mark, else UTF-8, else the charset the document declares, else
    the fallback policy; anything else is a clear error, never silent mojibake.
    """
    text = _decode(data, source, fallback=fallback, declared=declared)
    if "\x00" in text:
        raise InputError(f"{source}: contains NUL bytes; not a text document")
    return text


def _decode(data: bytes, source: str, *, fallback: str | None, declared: str | None) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                break
            # a real document has a space or a line break somewhere; bytes that only happen to
            # start like a UTF-16 mark decode to a run of unrelated characters
            if codec == "utf-8-sig" or any(c.isspace() for c in text):
                return text
            break
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        error = e
    if declared and declared.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            return data.decode(_codec(declared))
        except (LookupError, UnicodeDecodeError):
            pass
    if fallback == DETECT:
        guessed = _guess(data)
        if guessed is not None:
            return guessed
    elif fallback:
        try:
            return data.decode(fallback)
        except UnicodeDecodeError as e:
            raise InputError(f"{source}: neither UTF-8 nor {fallback} (byte {e.start}: "
                             f"{data[e.start:e.start + 1]!r})") from e
    if _looks_binary(data):
        raise InputError(f"{source}: a binary file, not a text document")
    hint = "" if fallback else "; convert it to UTF-8, or pass --encoding-fallback cp1252 (or detect)"
    raise InputError(f"{source}: not UTF-8 text (byte {error.start}: "
                     f"{data[error.start:error.start + 1]!r}){hint}")


def _codec(name: str) -> str:
    name = name.strip().strip("'\"").lower()
    # what browsers do: pages labelled latin-1 are read as windows-1252
    return "cp1252" if name in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii") else name


def _guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        return None
    best = from_bytes(data).best()
    return str(best) if best is not None else None


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if b"\x00" in head:
        return True
    controls = sum(b < 32 and b not in (9, 10, 12, 13) for b in head)
    return controls > len(head) * 0.05


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset an HTTP header, an XML declaration or an HTML <meta> gives for a page."""
    if content_type and (header := _HEADER_CHARSET.search(content_type)):
        return header.group(1)
    head = data[:4096]
    declared = _XML_ENCODING.search(head) or _CHARSET.search(head)
    return declared.group(1).decode("ascii") if declared else None


# ---------------------------------------------------------------------------- dates

_MONTHS = {m: n for n, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], 1) for m in names}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])")
_YMD = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b")
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_DAY_MONTH = re.compile(r"^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_MONTH_DAY = re.compile(r"^(?:[A-Za-z]{3,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")


def parse_date(value: Any) -> str | None:
    """A publication date as ISO YYYY-MM-DD, from the forms exports and feeds use.

    Accepts ISO dates and timestamps, YYYY/MM/DD, "10 June 2024", "June 10, 2024", RFC 2822
    ("Mon, 10 Jun 2024 08:00:00 GMT") and day/month/year where the order is unambiguous (one
    part above 12). Raises ValueError for anything else, ambiguous numeric dates included.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    s = str(value).strip()
    if not s:
        return None
    if m := _ISO.match(s) or _YMD.match(s):
        return _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3)), s)
    if m := _NUMERIC.match(s):
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if a > 12 >= b:
            return _ymd(y, b, a, s)
        if b > 12 >= a:
            return _ymd(y, a, b, s)
        if a == b:
            return _ymd(y, a, b, s)
        raise ValueError(f"{s!r} is ambiguous (day/month or month/day?); use YYYY-MM-DD")
    if m := _DAY_MONTH.match(s):
        month = _MONTHS.get(m.group(2).lower())
        if month:
            return _ymd(int(m.group(3)), month, int(m.group(1)), s)
    if m := _MONTH_DAY.match(s):
        month = _MONTHS.get(m.group(1).lower())
        if month:
            return _ymd(int(m.group(3)), month, int(m.group(2)), s)
    try:
        return parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    raise ValueError(f"{s!r} is not an ISO date (YYYY-MM-DD) or another date form dotterel reads")


def _ymd(y: int, m: int, d: int, s: str) -> str:
    try:
        return date(y, m, d).isoformat()
    except ValueError as e:
        raise ValueError(f"{s!r} is not a valid date ({e})") from e


# ---------------------------------------------------------------------------- records

def lookup(rec: Mapping[str, Any], key: str) -> tuple[bool, Any]:
    """A record's field by name, case-insensitively; dotted names reach into nested objects."""
    cur: Any = rec
    for part in key.split("."):
        if not isinstance(cur, Mapping):
            return False, None
        if part in cur:
            cur = cur[part]
            continue
        folded = {_fold(k): k for k in cur}
        if _fold(part) not in folded:
            return False, None
        cur = cur[folded[_fold(part)]]
    return True, cur


def field_names(part: str, options: ReadOptions) -> list[str]:
    """The names tried, in order, for one part of an article: the option's, then the usual ones.

    A named column is used where a record has it; a record without it falls back on the usual
    names, so one `--text-column` serves a folder that mixes a CSV export with JSONL files.
    """
    given = options.column(part)
    return ([given] if given else []) + [n for n in DEFAULT_COLUMNS[part] if n != given]


def resolve_column(keys: Sequence[str], part: str, options: ReadOptions) -> str | None:
    """The key among `keys` (a CSV header) that holds `part`, or None."""
    folded = {_fold(k): k for k in keys}
    return next((folded[_fold(n)] for n in field_names(part, options) if _fold(n) in folded), None)


def _fold(key: str) -> str:
    """"Pub Date", "pub-date" and "PUB_DATE" are one name."""
    return re.sub(r"[\s\-]+", "_", str(key).strip().lower())


def record_to_article(rec: Mapping[str, Any], *, options: ReadOptions, default_id: str, where: str) -> Article:
    """Map one JSON object or CSV row onto an Article; a problem raises InputError naming `where`."""
    keys = list(rec)

    def get(part: str) -> Any:
        given = options.column(part)
        for name in field_names(part, options):
            found, value = lookup(rec, name)
            if found and (name == given or not isinstance(value, (dict, list))):
                return value
        return None

    text = get("text")
    if text is None:
        given = options.text_column
        named = f"no field {given!r}" if given else "record has no text"
        hint = f" (fields: {', '.join(map(str, keys))}; name the text field with --text-column)" if keys else ""
        raise InputError(f"{where}: {named}{hint}")
    if not isinstance(text, str):
        raise InputError(f"{where}: text is {type(text).__name__}, not a string")
    if not text.strip():
        raise InputError(f"{where}: empty text")
    raw_id = get("id")
    doc_id = str(raw_id).strip() if raw_id not in (None, "") else default_id
    if not doc_id:
        raise InputError(f"{where}: record has no doc_id")
    try:
        published = parse_date(get("date"))
    except ValueError as e:
        raise InputError(f"{where}: published {e}") from e
    return check_unicode(Article(doc_id=doc_id, text=text, title=_str(get("title")), url=_str(get("url")),
                                 published=published, outlet=_str(get("outlet")), language=_str(get("language")),
                                 text_source=_str(rec.get("text_source"))), where=where)


def check_unicode(article: Article, *, where: str | None = None) -> Article:
    """The article, when its strings are Unicode text; a lone surrogate (which a JSON escape like
    "\\ud800" makes) could be neither stored nor written, so it is an InputError naming the field."""
    for name in ("text", "title", "doc_id", "url", "outlet", "published", "language", "text_source"):
        value = getattr(article, name)
        if value is None:
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as e:
            label = where or article.doc_id.encode("utf-8", "replace").decode("utf-8")
            raise InputError(f"{label}: the {name} is not Unicode text (a lone surrogate {value[e.start]!r} "
                             f"at character {e.start})") from e
    return article


def _str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return None
    s = str(value).strip()
    return s or None
