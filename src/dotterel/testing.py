"""Helpers for tests (dotterel's and plugin authors'): records built by hand, no pipeline.

m = make_mention("d1", "ASSAULT", actor=actor("Boko Haram", country="NGA", entity_id="boko-haram"),
                 place=place("Maiduguri", country="NGA", lat=11.85, lon=13.16), date="2024-05-14",
                 text="Boko Haram fighters attacked Maiduguri on Tuesday.")
"""

from __future__ import annotations

import hashlib
from typing import Any

from dotterel.model import ActorRef, Article, Evidence, Mention, PartialDate, PlaceRef
from dotterel.model.plover import codebook
from dotterel.store.memory import MemoryStore


def actor(
    name: str,
    *,
    country: str | None = None,
    sector: str | None = None,
    entity_id: str | None = None,
    **more: Any,
) -> ActorRef:
    return ActorRef(
        name=name,
        text=more.pop("text", name),
        country=country,
        sector=sector,
        entity_id=entity_id,
        resolved=entity_id is not None,
        **more,
    )


def place(
    name: str,
    *,
    country: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    precision: int = 1,
    admin1: str | None = None,
    feature: str | None = None,
    geonames_id: int | None = None,
    **more: Any,
) -> PlaceRef:
    return PlaceRef(
        name=name,
        text=more.pop("text", name),
        country=country,
        lat=lat,
        lon=lon,
        precision=precision,
        admin1=admin1,
        feature=feature,
        geonames_id=geonames_id,
        **more,
    )


def partial_date(value: str, *, how: str = "explicit") -> PartialDate:
    precision = {4: "year", 7: "month", 10: "day"}[len(value)]
    return PartialDate(value, precision, how=how)  # type: ignore[arg-type]


def make_mention(
    doc_id: str = "d1",
    type: str = "ASSAULT",
    *,
    mode: str | None = None,
    actor: ActorRef | None = None,
    recipient: ActorRef | None = None,
    place: PlaceRef | None = None,
    date: str | PartialDate | None = None,
    status: str = "asserted",
    text: str = "Something happened.",
    start: int = 0,
    sentence: str | None = None,
    confidence: float = 0.7,
    context: tuple[str, ...] = (),
    mention_id: str | None = None,
    attributed_to: str | None = None,
) -> Mention:
    """A Mention with sensible defaults; `text` is the evidence (and the sentence unless given)."""
    d = partial_date(date) if isinstance(date, str) else date
    evidence = Evidence(start, start + len(text), text)
    sent_text = sentence if sentence is not None else text
    sent = Evidence(start, start + len(sent_text), sent_text)
    book = codebook()
    key = "|".join(
        [doc_id, type, str(start), text, actor.name if actor else "", recipient.name if recipient else ""]
    )
    return Mention(
        mention_id=mention_id or "m-" + hashlib.sha1(key.encode()).hexdigest()[:16],
        doc_id=doc_id,
        type=type,
        mode=mode,
        context=context,
        actor=actor,
        recipient=recipient,
        location=place,
        date=d,
        status=status,
        attributed_to=attributed_to,
        evidence=evidence,
        confidence=confidence,
        quad=book.quad(type) if book.is_type(type) else None,
        score=book.score(type, mode) if book.is_type(type) and book.is_mode(type, mode) else None,
        sentence=sent,
    )


def make_article(
    doc_id: str = "d1",
    text: str = "Something happened.",
    *,
    published: str | None = "2024-05-14",
    outlet: str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> Article:
    return Article(doc_id=doc_id, text=text, title=title, url=url, published=published, outlet=outlet)


__all__ = ["MemoryStore", "actor", "make_article", "make_mention", "partial_date", "place"]


# What a store holds, without what says when or by which run it was written: two stores that
# coded the same articles compare equal (the resume and fault tests and benchmarks/faults.py).
STORE_TABLES = {
    "articles": "SELECT * EXCLUDE (run_id, coded_at) FROM articles ORDER BY doc_id",
    "mentions": "SELECT * FROM mentions ORDER BY mention_id",
    "events": "SELECT * FROM events ORDER BY event_id",
    "event_mentions": "SELECT * FROM event_mentions ORDER BY mention_id",
    "sources": "SELECT * FROM sources ORDER BY doc_id",
    "event_aliases": "SELECT * FROM event_aliases ORDER BY old_id",
}


def store_snapshot(path: Any) -> dict[str, list[tuple]]:
    """Every table of the DuckDB store at `path`, by content, opened read-only."""
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        return {name: con.execute(sql).fetchall() for name, sql in STORE_TABLES.items()}
    finally:
        con.close()


def can_mount_tmpfs(where: Any) -> bool:
    """Whether this process may mount a small tmpfs at `where` (root on Linux): the full-disk
    checks need one. Tries a 64 KiB mount and takes it down again."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    if not sys.platform.startswith("linux") or shutil.which("mount") is None:
        return False
    Path(where).mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)], capture_output=True,
                             check=False)
    if mounted.returncode:
        return False
    subprocess.run(["umount", str(where)], check=False)
    return True
