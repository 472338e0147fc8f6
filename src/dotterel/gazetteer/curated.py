"""Curated place files: the bundled ones in dotterel/data/gazetteer/ and users' extra files.

Reads CSV (comment lines start with "#") or YAML lists of mappings; writes nothing.
Every place file has the columns

    id, name, country, lat, lon, class, code, admin1, population, alt_names, seat, note

where only name, lat and lon are required; `alt_names` is "|"-separated in CSV and a list
or a "|"-separated string in YAML; `id` defaults to "<country>-<name slug>"; for the
admin1 file `class`/`code` default to A/ADM1, `admin1` to the name itself, and `seat` names
the division's capital as GeoNames spells it (used to mark it PPLA and to learn which
GeoNames admin1 code the division has). `note` is for reviewers and is not indexed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

from dotterel.errors import ConfigError
from dotterel.gazetteer.normalize import surface_form
from dotterel.gazetteer.place import Place

FEATURE_CLASSES = frozenset("AHLPRSTUV")


@dataclass(frozen=True, slots=True)
class CuratedPlace:
    """A curated place plus what the builder needs to link it to GeoNames."""

    place: Place
    seat: str | None = None


@dataclass(frozen=True, slots=True)
class CountryRow:
    """countries.csv: a centroid, a preferred name and extra names for an ISO country."""

    iso3: str
    name: str | None
    lat: float | None
    lon: float | None
    alt_names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GeonamesOverride:
    """geonames.csv: a better English name or extra names for one GeoNames place."""

    country: str  # ISO alpha-3 of the place to find
    match: str  # a name the place has in GeoNames
    name: str | None  # new preferred name, or None to keep GeoNames'
    alt_names: tuple[str, ...]


def slug(text: str) -> str:
    return re.sub(r"\s+", "-", surface_form(text)) or "x"


def split_names(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    items = value if isinstance(value, list) else str(value).split("|")
    return tuple(dict.fromkeys(str(n).strip() for n in items if str(n).strip()))


def read_rows(path: str | PathLike[str]) -> list[dict[str, Any]]:
    """The records of a CSV or YAML file, as dicts; raises ConfigError if unreadable."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"gazetteer file {path}: {exc}") from exc
    if path.suffix.lower() in {".yaml", ".yml"}:
        return _yaml_rows(text, path)
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [dict(row) for row in csv.DictReader(io.StringIO("\n".join(lines)), skipinitialspace=True)]


def _yaml_rows(text: str, path: Path) -> list[dict[str, Any]]:
    import yaml  # only users' extra files are YAML; the bundled data is CSV

    data = yaml.safe_load(text) or []
    if isinstance(data, Mapping):
        data = data.get("places", [])
    if not isinstance(data, list) or not all(isinstance(r, Mapping) for r in data):
        raise ConfigError(f"gazetteer file {path}: expected a list of places")
    return [dict(r) for r in data]


def _text(row: Mapping[str, Any], key: str) -> str | None:
    value = row.get(key)
    value = "" if value is None else str(value).strip()
    return value or None


def _number(row: Mapping[str, Any], key: str, where: str) -> float:
    try:
        return float(row[key])
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: bad or missing {key!r}") from exc


def parse_place(row: Mapping[str, Any], where: str, *, admin1_file: bool = False) -> CuratedPlace:
    """One curated place from a row; `where` names the file and row in errors."""
    name = _text(row, "name")
    if not name:
        raise ConfigError(f"{where}: missing name")
    lat, lon = _number(row, "lat", where), _number(row, "lon", where)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ConfigError(f"{where}: coordinates out of range")
    country = (_text(row, "country") or "").upper() or None
    fclass = _text(row, "class") or ("A" if admin1_file else None)
    fcode = _text(row, "code") or ("ADM1" if admin1_file else None)
    if fclass not in FEATURE_CLASSES or not fcode:
        raise ConfigError(f"{where}: bad feature class/code {fclass!r}/{fcode!r}")
    admin1 = _text(row, "admin1") or (name if fcode == "ADM1" else None)
    geonames_id = _text(row, "geonames_id")
    place_id = _text(row, "id") or f"{(country or 'xx').lower()}-{slug(name)}"
    place = Place(
        place_id=place_id if ":" in place_id else f"dt:{place_id}",
        geonames_id=int(geonames_id) if geonames_id else None,
        name=name,
        country=country,
        lat=round(lat, 5),
        lon=round(lon, 5),
        feature_class=fclass,
        feature_code=fcode,
        admin1=admin1,
        population=int(float(_text(row, "population") or 0)),
        alt_names=tuple(n for n in split_names(row.get("alt_names")) if n != name),
    )
    return CuratedPlace(place, seat=_text(row, "seat"))


def read_places(path: str | PathLike[str], *, admin1_file: bool = False) -> list[CuratedPlace]:
    return [
        parse_place(row, f"{Path(path).name} row {i}", admin1_file=admin1_file)
        for i, row in enumerate(read_rows(path), start=1)
    ]


def read_countries(path: str | PathLike[str]) -> dict[str, CountryRow]:
    rows: dict[str, CountryRow] = {}
    for i, row in enumerate(read_rows(path), start=1):
        iso3 = (_text(row, "iso3") or "").upper()
        if len(iso3) != 3:
            raise ConfigError(f"{Path(path).name} row {i}: bad iso3")
        has_point = _text(row, "lat") is not None
        rows[iso3] = CountryRow(
            iso3=iso3,
            name=_text(row, "name"),
            lat=_number(row, "lat", f"countries row {i}") if has_point else None,
            lon=_number(row, "lon", f"countries row {i}") if has_point else None,
            alt_names=split_names(row.get("alt_names")),
        )
    return rows


def read_overrides(path: str | PathLike[str]) -> list[GeonamesOverride]:
    out = []
    for i, row in enumerate(read_rows(path), start=1):
        country, match = _text(row, "country"), _text(row, "match")
        if not country or not match:
            raise ConfigError(f"{Path(path).name} row {i}: country and match are required")
        out.append(
            GeonamesOverride(country.upper(), match, _text(row, "name"), split_names(row.get("alt_names")))
        )
    return out


def read_word_list(path: str | PathLike[str]) -> dict[str, set[str]]:
    """stopnames.txt: "[section]" headers, then one word or phrase a line, "#" comments."""
    sections: dict[str, set[str]] = {}
    current = sections.setdefault("common", set())
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1].strip(), set())
        elif line:
            current.update(w.strip() for w in line.split(",") if w.strip())
    return sections


def places_from_extra_files(paths: Iterable[str | PathLike[str]]) -> list[Place]:
    """Users' extra places (CSV or YAML, the columns above); a row with class A/ADM1 may omit admin1."""
    return [cp.place for path in paths for cp in read_places(path)]
