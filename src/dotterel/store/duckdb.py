"""The DuckDB backend: one file, one writer connection, pandas / Arrow / Parquet out.

    store = dotterel.open("dotterel.duckdb")
    store.events(country="NGA", event_type="ASSAULT", start_date="2024-05-01")   # pandas
    store.arrow("mentions", actor="boko")                                        # pyarrow.Table
    store.to_parquet("events.parquet", min_confidence=0.5)

Every write is one transaction: an article with all its mentions (`put_article`), or the whole
result of a de-duplication pass (`replace_events`). DuckDB's write-ahead log makes a committed
transaction durable, so a process killed at any moment leaves the store as it was after its
last commit, never half an article. DuckDB admits one writing process per file; open with
`read_only=True` to read from several processes while nobody writes.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from dotterel._version import __version__
from dotterel.errors import StoreError
from dotterel.model import Article, Mention
from dotterel.model.event import Event
from dotterel.model.serialize import event_from_dict, mention_from_dict
from dotterel.store import rows
from dotterel.store.base import EventBundle, Replacement, StoredArticle
from dotterel.store.filters import EventFilters, Kind
from dotterel.store.migrations import SCHEMA_VERSION, migrate

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

DEFAULT_PATH = "dotterel.duckdb"
CHUNK = 500
_IN = "(SELECT unnest(CAST(? AS VARCHAR[])))"
_ARTICLE_SELECT = (
    "SELECT a.text, a.record, a.coding_key, a.n_mentions, a.fingerprint, s.source_id "
    "FROM articles a LEFT JOIN sources s USING (doc_id)"
)
_FLOAT = {"confidence", "score", "lat", "lon", "similarity", "mean_score"}
_INT = {
    "seq",
    "quad",
    "geo_precision",
    "geonames_id",
    "n_mentions",
    "n_articles",
    "n_outlets",
    "n_sources",
    "rank",
    "evidence_start",
    "evidence_end",
}
_STR_LISTS = {"context", "mention_ids", "doc_ids", "outlets"}
# the columns of browse.SORTS (event_page)
_SORT_COLUMNS = {"date": "date_start", "confidence": "confidence", "mentions": "n_mentions", "sources": "n_sources",
                 "first_seen": "first_seen"}
_ORDER = {
    "events": "date_start NULLS LAST, event_id",
    "mentions": "doc_id, seq",
    "articles": "published NULLS LAST, doc_id",
}


class DuckDBStore:
    """The embedded event store (see the module docstring)."""

    def __init__(self, path: str | Path = DEFAULT_PATH, *, read_only: bool = False) -> None:
        import duckdb

        self.path = str(path)
        self.read_only = read_only
        if read_only and not Path(self.path).exists():
            raise StoreError(f"{self.path}: no such store")
        try:
            self._main = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as e:
            raise StoreError(f"{self.path}: cannot open the store: {e}") from e
        self._error: type[Exception] = duckdb.Error
        self._local = threading.local()
        self._cursors: list[Any] = []
        try:
            if read_only:
                found = self._con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
                row = found[0] if found else None
                if row is None or int(row[0]) > SCHEMA_VERSION:
                    raise StoreError(f"{self.path}: not a dotterel store of a known version")
            else:
                migrate(self._con)
        except duckdb.Error as e:
            self.close()
            raise StoreError(f"{self.path}: not a dotterel store: {e}") from e

    # -- lifecycle -------------------------------------------------------------------------------
    @property
    def thread_safe(self) -> bool:
        """Whether threads may call this store at once: a read-only one gives each thread its own
        cursor (DuckDB connections are not thread-safe, cursors of one database are)."""
        return self.read_only

    @property
    def _con(self) -> Any:
        if not self.read_only:
            return self._main
        con = getattr(self._local, "con", None)
        if con is None:
            con = self._local.con = self._main.cursor()
            self._cursors.append(con)
        return con

    def close(self) -> None:
        for con in self._cursors:
            con.close()
        self._main.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"DuckDBStore({self.path!r}{', read_only=True' if self.read_only else ''})"

    # -- writing ---------------------------------------------------------------------------------
    def coded_as(self, doc_id: str) -> tuple[str, str] | None:
        row = self._fetchone("SELECT text_hash, coding_key FROM articles WHERE doc_id = ?", [doc_id])
        return (row[0], row[1]) if row else None

    def put_article(
        self,
        article: Article,
        mentions: Sequence[Mention],
        *,
        coding_key: str,
        fingerprint: Sequence[int] = (),
        run_id: str | None = None,
    ) -> None:
        art = rows.article_row(
            article,
            coding_key=coding_key,
            n_mentions=len(mentions),
            fingerprint=tuple(fingerprint),
            run_id=run_id,
        )
        art["coded_at"] = _now()
        mention_rows = [rows.mention_row(m, seq=n) for n, m in enumerate(mentions)]
        with self._transaction(f"{article.doc_id}: cannot store the article"):
            self._con.execute("DELETE FROM mentions WHERE doc_id = ?", [article.doc_id])
            self._con.execute("DELETE FROM articles WHERE doc_id = ?", [article.doc_id])
            self._insert("articles", [art])
            if mention_rows:
                self._insert("mentions", mention_rows)
            self._con.execute("INSERT OR REPLACE INTO meta VALUES ('events_stale', '1')")

    def begin_run(self, *, kind: str, manifest: dict[str, Any]) -> str:
        run_id = f"run-{datetime.now(UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
        with self._transaction("cannot record the run"):
            self._con.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            self._con.execute(
                "INSERT INTO runs (run_id, kind, started_at, status, dotterel_version, coding_key, manifest) "
                "VALUES (?, ?, ?, 'running', ?, ?, ?)",
                [
                    run_id,
                    kind,
                    _now(),
                    __version__,
                    manifest.get("coding_key"),
                    json.dumps(manifest, sort_keys=True),
                ],
            )
        return run_id

    def end_run(self, run_id: str, *, status: str, counts: dict[str, Any], errors: Sequence[str]) -> None:
        with self._transaction("cannot record the run"):
            self._con.execute(
                "UPDATE runs SET status = ?, finished_at = ?, counts = ?, errors = ? WHERE run_id = ?",
                [status, _now(), json.dumps(counts, sort_keys=True), json.dumps(list(errors)), run_id],
            )

    def events_stale(self, dedup_hash: str) -> bool:
        meta = dict(
            self._fetchall("SELECT key, value FROM meta WHERE key IN ('events_stale', 'dedup_hash')", [])
        )
        return meta.get("events_stale") != "0" or meta.get("dedup_hash") != dedup_hash

    def replace_events(self, replacement: Replacement) -> None:
        r = replacement
        with self._transaction("cannot store the events"):
            for table in ("events", "event_mentions", "sources"):
                self._con.execute(f"DELETE FROM {table}")
            self._insert("events", [rows.event_row(e) for e in r.events])
            self._insert("event_mentions", [rows.link_row(link) for link in r.links])
            self._insert(
                "sources",
                [
                    {"doc_id": d, "source_id": s, "similarity": sim}
                    for d, (s, sim) in sorted(r.sources.items())
                ],
            )
            for old, new in sorted(r.aliases.items()):
                self._con.execute("INSERT OR REPLACE INTO event_aliases VALUES (?, ?)", [old, new])
            # an alias pointing at an id that is gone follows it; an id that is live again is no alias
            self._con.execute(
                "UPDATE event_aliases SET event_id = (SELECT b.event_id FROM event_aliases b "
                "WHERE b.old_id = event_aliases.event_id) "
                "WHERE event_id IN (SELECT old_id FROM event_aliases)"
            )
            self._con.execute("DELETE FROM event_aliases WHERE old_id IN (SELECT event_id FROM events)")
            self._con.execute("INSERT OR REPLACE INTO meta VALUES ('events_stale', '0')")
            self._con.execute("INSERT OR REPLACE INTO meta VALUES ('dedup_hash', ?)", [r.dedup_hash])

    # -- reading records -------------------------------------------------------------------------
    def iter_articles(self) -> Iterator[StoredArticle]:
        for r in self._iterate(f"{_ARTICLE_SELECT} ORDER BY a.doc_id", []):
            yield _stored_article(r)

    def iter_mentions(self) -> Iterator[Mention]:
        for (record,) in self._iterate("SELECT record FROM mentions ORDER BY doc_id, seq", []):
            yield mention_from_dict(json.loads(record))

    def event_records(self, filters: EventFilters | None = None) -> list[Event]:
        where, params, limit = self._where("events", filters)
        return [
            event_from_dict(json.loads(rec))
            for (rec,) in self._fetchall(
                f"SELECT record FROM events WHERE {where} ORDER BY {_ORDER['events']}{limit}", params
            )
        ]

    def event_page(
        self, filters: EventFilters | None = None, *, sort: str = "date", offset: int = 0, limit: int = 50
    ) -> tuple[int, list[Event]]:
        """How many events match (the filters' own `limit` aside), and one page of them in `sort`
        order (`browse.SORTS`: ties by event id, undated or unknown values last), sorted and cut
        by the database: what `browse.page_events` shows, without reading every match."""
        key = sort.lstrip("-")
        if key not in _SORT_COLUMNS:
            raise StoreError(f"cannot sort events by {sort!r}")
        f = filters or EventFilters()
        where, params = f.sql("events")
        column, direction = _SORT_COLUMNS[key], "DESC" if sort.startswith("-") else "ASC"
        found = self._fetchall(
            f"SELECT record FROM events WHERE {where} "
            f"ORDER BY {column} {direction} NULLS LAST, event_id LIMIT ? OFFSET ?",
            [*params, int(limit), int(offset)],
        )
        if 0 < len(found) < limit or (not found and offset == 0 and limit > 0):
            total = offset + len(found)  # the last page: no need to count
        else:
            row = self._fetchone(f"SELECT count(*) FROM events WHERE {where}", params)
            total = int(row[0]) if row else 0
        return total, [event_from_dict(json.loads(rec)) for (rec,) in found]

    def bundles(self, filters: EventFilters | None = None) -> Iterator[EventBundle]:
        events = self.event_records(filters)
        for start in range(0, len(events), CHUNK):
            yield from self._bundles(events[start : start + CHUNK])

    def bundle(self, event_id: str) -> EventBundle | None:
        row = self._fetchone("SELECT record FROM events WHERE event_id = ?", [event_id])
        if row is None:
            alias = self._fetchone("SELECT event_id FROM event_aliases WHERE old_id = ?", [event_id])
            row = (
                self._fetchone("SELECT record FROM events WHERE event_id = ?", [alias[0]]) if alias else None
            )
        if row is None:
            return None
        return next(iter(self._bundles([event_from_dict(json.loads(row[0]))])))

    def mention_records(self, filters: EventFilters | None = None) -> list[Mention]:
        """Mentions matching the filters (as records), by doc_id and position."""
        where, params, limit = self._where("mentions", filters)
        return [
            mention_from_dict(json.loads(rec))
            for (rec,) in self._fetchall(
                f"SELECT record FROM mentions WHERE {where} ORDER BY {_ORDER['mentions']}{limit}", params
            )
        ]

    def article(self, doc_id: str) -> StoredArticle | None:
        """One stored article, or None."""
        return next(self._articles_by_id([doc_id]), None)

    def mentions_of(self, doc_id: str) -> list[Mention]:
        """The mentions of one article, in order."""
        return [
            mention_from_dict(json.loads(rec))
            for (rec,) in self._fetchall(
                "SELECT record FROM mentions WHERE doc_id = ? ORDER BY seq", [doc_id]
            )
        ]

    def _bundles(self, events: list[Event]) -> Iterator[EventBundle]:
        from dotterel.store.rows import LINK_COLUMNS, link_from_row

        ids = [e.event_id for e in events]
        mids = sorted({m for e in events for m in e.mention_ids})
        dids = sorted({d for e in events for d in e.doc_ids})
        links: dict[str, list[Any]] = {}
        for r in self._fetchall(
            f"SELECT {', '.join(LINK_COLUMNS)} FROM event_mentions WHERE event_id IN "
            f"{_IN} ORDER BY event_id, rank",
            [ids],
        ):
            link = link_from_row(dict(zip(LINK_COLUMNS, r)))
            links.setdefault(link.event_id, []).append(link)
        mentions = {
            m.mention_id: m
            for m in (
                mention_from_dict(json.loads(rec))
                for (rec,) in self._fetchall(f"SELECT record FROM mentions WHERE mention_id IN {_IN}", [mids])
            )
        }
        articles = {a.article.doc_id: a for a in self._articles_by_id(dids)}
        aliases: dict[str, list[str]] = {}
        for old, new in self._fetchall(
            f"SELECT old_id, event_id FROM event_aliases WHERE event_id IN {_IN} ORDER BY old_id", [ids]
        ):
            aliases.setdefault(new, []).append(old)
        for e in events:
            yield EventBundle(
                event=e,
                links=tuple(links.get(e.event_id, ())),
                mentions={m: mentions[m] for m in e.mention_ids if m in mentions},
                articles={d: articles[d] for d in e.doc_ids if d in articles},
                aliases=tuple(aliases.get(e.event_id, ())),
            )

    def _articles_by_id(self, doc_ids: list[str]) -> Iterator[StoredArticle]:
        for r in self._fetchall(f"{_ARTICLE_SELECT} WHERE a.doc_id IN {_IN}", [doc_ids]):
            yield _stored_article(r)

    # -- reading tables (the analyst's API) ------------------------------------------------------
    def events(self, **filters: Any) -> pd.DataFrame:
        """Events as a pandas DataFrame; filters as in `dotterel.store.filters`."""
        return self._relation("events", filters).df()

    def mentions(self, **filters: Any) -> pd.DataFrame:
        """Mentions (one row per report of an event), with the `event_id` they belong to."""
        return self._relation("mentions", filters).df()

    def articles(self, **filters: Any) -> pd.DataFrame:
        """Articles with their syndication `source_id`; the non-date filters select articles
        with at least one matching mention."""
        return self._relation("articles", filters).df()

    def runs(self) -> pd.DataFrame:
        """Every run with its manifest, counts and errors (JSON text)."""
        return self._con.sql("SELECT * FROM runs ORDER BY started_at, run_id").df()

    def explanations(self, event_id: str | None = None) -> pd.DataFrame:
        """The merge explanations (one row per mention), for one event or all."""
        if event_id is None:
            return self._con.sql("SELECT * FROM event_mentions ORDER BY event_id, rank").df()
        return self._con.sql(
            "SELECT * FROM event_mentions WHERE event_id = ? ORDER BY rank", params=[event_id]
        ).df()

    def arrow(self, table: Kind = "events", **filters: Any) -> pa.Table:
        """A table as a pyarrow.Table (same columns and filters as the DataFrame methods)."""
        rel = self._relation(table, filters)
        return rel.to_arrow_table() if hasattr(rel, "to_arrow_table") else rel.arrow()

    def to_parquet(self, path: str | Path, table: Kind = "events", **filters: Any) -> Path:
        """Write a table to a Parquet file; returns its path."""
        import pyarrow.parquet as pq

        out = Path(path)
        pq.write_table(self.arrow(table, **filters), out)
        return out

    def query(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        """Any SQL over the store's tables, as a DataFrame (see docs/store.md for the schema)."""
        try:
            return self._con.sql(sql, params=list(params) if params else None).df()
        except self._error as e:
            raise StoreError(f"query failed: {e}") from e

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "mentions", "events", "runs"):
            row = self._fetchone(f"SELECT count(*) FROM {table}", [])
            out[table] = int(row[0]) if row else 0
        return out

    # -- helpers ---------------------------------------------------------------------------------
    def _relation(self, table: Kind, filters: dict[str, Any]) -> Any:
        if table not in _ORDER:
            raise StoreError(f"no table {table!r}; choose events, mentions or articles")
        alias, select = {
            "events": ("e", "SELECT e.* EXCLUDE (record) FROM events e"),
            "mentions": (
                "m",
                (
                    "SELECT m.* EXCLUDE (record), em.event_id FROM mentions m "
                    "LEFT JOIN event_mentions em USING (mention_id)"
                ),
            ),
            "articles": (
                "a",
                (
                    "SELECT a.* EXCLUDE (fingerprint, record), s.source_id FROM articles a "
                    "LEFT JOIN sources s USING (doc_id)"
                ),
            ),
        }[table]
        where, params, limit = self._where(table, EventFilters.from_mapping(filters), alias=alias)
        order = ", ".join(f"{alias}.{c.strip()}" for c in _ORDER[table].split(","))
        try:
            return self._con.sql(f"{select} WHERE {where} ORDER BY {order}{limit}", params=params or None)
        except self._error as e:
            raise StoreError(f"cannot read {table}: {e}") from e

    def _where(
        self, kind: Kind, filters: EventFilters | None, *, alias: str = ""
    ) -> tuple[str, list[Any], str]:
        f = filters or EventFilters()
        where, params = f.sql(kind, alias=alias)
        return where, params, (f" LIMIT {int(f.limit)}" if f.limit is not None else "")

    @contextmanager
    def _transaction(self, what: str) -> Iterator[None]:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        try:
            self._con.execute("BEGIN TRANSACTION")
        except self._error as e:
            raise StoreError(f"{what}: {e}") from e
        try:
            yield
        except self._error as e:
            self._rollback()
            raise StoreError(f"{what}: {e}") from e
        except BaseException:
            self._rollback()
            raise
        try:
            self._con.execute("COMMIT")  # a full disk fails here, writing the log: nothing of it is kept
        except self._error as e:
            self._rollback()
            raise StoreError(f"{what}: {e}") from e

    def _rollback(self) -> None:
        """Undo the open transaction; after a failed commit there may be none left to undo."""
        try:
            self._con.execute("ROLLBACK")
        except self._error:
            pass

    def _insert(self, table: str, records: list[dict[str, Any]]) -> None:
        if not records:
            return
        import pyarrow as pa

        columns = list(records[0])
        schema = pa.schema([(c, _arrow_type(c)) for c in columns])
        data = pa.Table.from_pylist(records, schema=schema)
        name = f"_dotterel_{table}_{secrets.token_hex(4)}"
        self._con.register(name, data)
        try:
            self._con.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM {name}"
            )
        finally:
            self._con.unregister(name)

    def _fetchone(self, sql: str, params: list[Any]) -> Any:
        try:
            rows_ = self._con.execute(sql, params).fetchall()  # fetchall: DuckDB 2 keeps a fetchone open
        except self._error as e:
            raise StoreError(f"{self.path}: {e}") from e
        return rows_[0] if rows_ else None

    def _fetchall(self, sql: str, params: list[Any]) -> list[Any]:
        try:
            return self._con.execute(sql, params).fetchall()
        except self._error as e:
            raise StoreError(f"{self.path}: {e}") from e

    def _iterate(self, sql: str, params: list[Any]) -> Iterator[Any]:
        cursor = self._con.cursor()
        try:
            result = cursor.execute(sql, params)
            while batch := result.fetchmany(CHUNK):
                yield from batch
        except self._error as e:
            raise StoreError(f"{self.path}: {e}") from e
        finally:
            cursor.close()


def _stored_article(r: Any) -> StoredArticle:
    return StoredArticle(
        article=rows.article_from_row(r[0], r[1]),
        coding_key=r[2],
        n_mentions=r[3],
        fingerprint=tuple(r[4] or ()),
        source_id=r[5],
    )


def _arrow_type(column: str) -> Any:
    import pyarrow as pa

    if column in _FLOAT:
        return pa.float64()
    if column in _INT:
        return pa.int64()
    if column in _STR_LISTS:
        return pa.list_(pa.string())
    if column == "fingerprint":
        return pa.list_(pa.int64())
    if column == "coded_at":
        return pa.timestamp("us")
    return pa.string()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
