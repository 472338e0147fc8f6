"""SqliteGazetteer: the Gazetteer interface over the index file that build.py writes.

Reads the SQLite index (opened read-only and immutable: a rebuilt index is a new file);
writes nothing. Opening costs a few milliseconds; a lookup is one indexed query plus a
small per-instance cache. Connections are per thread and per process, so an instance can
be shared by threads and survives a fork or a pickle (as in multiprocessing or Ray
workers, which reopen the same file).
"""

from __future__ import annotations

import math
import os
import sqlite3
import threading
from pathlib import Path

from dotterel.errors import StoreError
from dotterel.gazetteer.build import ALT_SEPARATOR
from dotterel.gazetteer.memory import MemoryGazetteer
from dotterel.gazetteer.normalize import acronym_key, normalize_name, surface_form, without_generic
from dotterel.gazetteer.place import Match, Place, distance_km, rank

_PLACE_COLUMNS = (
    "p.place_id, p.geonames_id, p.name, p.country, p.lat, p.lon, p.fclass, p.fcode, p.admin1, "
    "p.population, p.alt_names, p.common_word, p.prior"
)
_KEPT = "(p.population >= :minpop OR p.always)"
_CACHE_SIZE = 50_000


def _place(row: tuple) -> Place:
    return Place(
        place_id=row[0],
        geonames_id=row[1],
        name=row[2],
        country=row[3],
        lat=row[4],
        lon=row[5],
        feature_class=row[6],
        feature_code=row[7],
        admin1=row[8],
        population=row[9],
        alt_names=tuple(row[10].split(ALT_SEPARATOR)) if row[10] else (),
        common_word=bool(row[11]),
    )


class SqliteGazetteer:
    """The bundled gazetteer; `overlay` places (users' extra files) win over indexed ones."""

    def __init__(
        self, path: str | os.PathLike[str], *, min_population: int = 0, overlay: MemoryGazetteer | None = None
    ) -> None:
        self.path = Path(path)
        self.min_population = min_population
        self.overlay = overlay or MemoryGazetteer()
        self._local = threading.local()
        self._cache: dict[str, list[tuple[float, Place]]] = {}
        self._conn()  # fail now, not at the first lookup, if the file is unusable

    # -- connection -----------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None or self._local.pid != os.getpid():
            try:
                con = sqlite3.connect(
                    f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False
                )
            except sqlite3.Error as exc:
                raise StoreError(f"cannot open gazetteer index {self.path}: {exc}") from exc
            self._local.con, self._local.pid = con, os.getpid()
        return con

    def _query(self, sql: str, params: dict | tuple = ()) -> list[tuple]:
        try:
            return self._conn().execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"gazetteer index {self.path}: {exc}") from exc

    def __getstate__(self) -> dict:
        return {"path": self.path, "min_population": self.min_population, "overlay": self.overlay}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["path"], min_population=state["min_population"], overlay=state["overlay"])

    def meta(self) -> dict[str, str]:
        """The index's build metadata (source fingerprint, counts, build time)."""
        return dict(self._query("SELECT k, v FROM meta"))

    # -- Gazetteer interface ----------------------------------------------------------------
    def lookup(self, name: str) -> list[Place]:
        return [p for _, p in self.scored(name)]

    def scored(self, name: str) -> list[tuple[float, Place]]:
        """(score, place) candidates for a name, best first."""
        cached = self._cache.get(name)
        if cached is None:
            cached = self._scored_uncached(name)
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            self._cache[name] = cached
        return list(cached)

    def _scored_uncached(self, name: str) -> list[tuple[float, Place]]:
        key, surface = normalize_name(name), surface_form(name)
        matches = self._matches([k for k in (acronym_key(name), key) if k], surface)
        shorter = without_generic(key) if not matches else None
        if shorter:
            matches = [
                m
                for m in self._matches([shorter[0]], surface.rpartition(" ")[0])
                if not shorter[1] or m[0].feature_class in "AL"
            ]
        overlaid = self.overlay.scored(name)
        if not overlaid:
            return rank(matches)
        mine = {p.place_id for _, p in overlaid}
        ranked = [sp for sp in rank(matches) if sp[1].place_id not in mine] + overlaid
        return sorted(ranked, key=lambda sp: (-sp[0], -sp[1].population, sp[1].place_id))

    def _matches(self, keys: list[str], surface: str) -> list[Match]:
        out: list[Match] = []
        for key in keys:
            rows = self._query(
                f"SELECT n.preferred, n.surface, {_PLACE_COLUMNS} FROM names n "
                f"JOIN places p ON p.id = n.place WHERE n.key = :key AND {_KEPT}",
                {"key": key, "minpop": self.min_population},
            )
            out.extend((_place(r[2:]), r[-1], bool(r[0]), r[1] == surface) for r in rows)
        return out

    def country(self, iso3: str) -> Place | None:
        iso3 = iso3.upper()
        mine = self.overlay.country(iso3)
        if mine:
            return mine
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.country = ? AND p.fcode = 'PCLI'", (iso3,)
        )
        return _place(rows[0]) if rows else None

    def admin1(self, iso3: str, name: str) -> Place | None:
        iso3 = iso3.upper()
        return next((p for p in self.lookup(name) if p.country == iso3 and p.feature_code == "ADM1"), None)

    def get(self, place_id: str) -> Place | None:
        mine = self.overlay.get(place_id)
        if mine:
            return mine
        rows = self._query(f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.place_id = ?", (place_id,))
        return _place(rows[0]) if rows else None

    def near(self, lat: float, lon: float, *, km: float = 50) -> list[Place]:
        dlat = km / 111.0
        dlon = km / (111.0 * max(math.cos(math.radians(min(abs(lat) + dlat, 89.9))), 1e-6))
        # Near the poles or the date line the longitude window would wrap: scan the latitude band.
        lon_filter = "" if dlon >= 180 or abs(lon) + dlon > 180 else "AND p.lon BETWEEN :west AND :east"
        box = self._query(
            f"SELECT p.id, p.lat, p.lon FROM places p "
            f"WHERE p.lat BETWEEN :south AND :north {lon_filter} AND {_KEPT}",
            {
                "south": lat - dlat,
                "north": lat + dlat,
                "west": lon - dlon,
                "east": lon + dlon,
                "minpop": self.min_population,
            },
        )
        # Distances on the bare coordinates first; full rows only for the places within km.
        hits = {i: d for i, la, lo in box if (d := distance_km(lat, lon, la, lo)) <= km}
        found: dict[str, Place] = {}
        dist: dict[str, float] = {}
        ids = list(hits)
        for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
            marks = ",".join("?" * len(chunk))
            for row in self._query(
                f"SELECT p.id, {_PLACE_COLUMNS} FROM places p WHERE p.id IN ({marks})", chunk
            ):
                place = _place(row[1:])
                found[place.place_id], dist[place.place_id] = place, hits[row[0]]
        for p in self.overlay.near(lat, lon, km=km):
            found[p.place_id], dist[p.place_id] = p, distance_km(lat, lon, p.lat, p.lon)
        return sorted(found.values(), key=lambda p: dist[p.place_id])
