"""Schema migrations: ordered, idempotent, recorded in `meta.schema_version`.

Version 1 is `schema.sql`. A later change appends `(2, "ALTER TABLE ...")` to `MIGRATIONS`;
`migrate` applies every step above the store's version, each in its own transaction, so a
store of any age opens with the current schema and a newer store is refused, not damaged.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from dotterel.errors import StoreError

SCHEMA_VERSION = 1
MIGRATIONS: tuple[tuple[int, str], ...] = ()  # (version, SQL) after version 1


def schema_sql() -> str:
    return resources.files("dotterel.store").joinpath("schema.sql").read_text("utf-8")


def migrate(con: Any) -> int:
    """Bring the schema of a DuckDB connection to `SCHEMA_VERSION`; returns the version."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(schema_sql())
        found = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
        row = found[0] if found else None
        if row is None:
            con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
            version = SCHEMA_VERSION
        else:
            version = int(row[0])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    if version > SCHEMA_VERSION + len(MIGRATIONS):
        raise StoreError(
            f"the store has schema version {version}; this dotterel knows up to "
            f"{SCHEMA_VERSION + len(MIGRATIONS)}: upgrade dotterel"
        )
    for step, sql in MIGRATIONS:
        if step > version:
            con.execute("BEGIN TRANSACTION")
            con.execute(sql)
            con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(step)])
            con.execute("COMMIT")
            version = step
    return version
