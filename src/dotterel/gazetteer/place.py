"""The gazetteer's record (`Place`), its interface (`Gazetteer`) and the ranking prior.

Reads and writes nothing. Every backend (the bundled SQLite index, the in-memory fake,
user overlays) ranks candidates with `place_prior` and `rank_score`, so that the order
of `lookup` results means the same thing everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class Place:
    """One place: a GeoNames feature ("gn:<id>") or a curated one ("dt:<slug>")."""

    place_id: str
    geonames_id: int | None
    name: str  # preferred English name
    country: str | None  # ISO 3166-1 alpha-3; None for seas and cross-border regions
    lat: float
    lon: float
    feature_class: str  # GeoNames class: P, A, L, S, T, H, V
    feature_code: str  # GeoNames code: PPLC, PPLA, PPL, PCLI, ADM1, ADM2, RGN, CMPRF, ...
    admin1: str | None  # English name of the first-level division containing it
    population: int  # 0 when unknown
    alt_names: tuple[str, ...] = ()
    # The preferred name is also an ordinary English word or a non-place name ("Mobile",
    # "Nice", "Said", "Police"): a bare mention needs context before it is taken as this place.
    common_word: bool = False


@runtime_checkable
class Gazetteer(Protocol):
    """What the geocoding stages need from a gazetteer."""

    def lookup(self, name: str) -> list[Place]:
        """All candidates for a surface name, best prior first."""
        ...

    def country(self, iso3: str) -> Place | None:
        """The country (feature PCLI) with this ISO alpha-3 code."""
        ...

    def admin1(self, iso3: str, name: str) -> Place | None:
        """The first-level division of a country with this name (or alternate name)."""
        ...

    def get(self, place_id: str) -> Place | None:
        """The place with this id ("gn:281133", "dt:pse-gaza-strip")."""
        ...

    def near(self, lat: float, lon: float, *, km: float = 50) -> list[Place]:
        """Places within km of a point, nearest first."""
        ...


# How much more likely a bare mention is to mean a feature of this code, as log10 of a
# population factor: a country beats a city of the same size, a capital beats a town.
_FEATURE_WEIGHT = {
    "PCLI": 2.0,
    "ADM1": 0.8,
    "ADM2": 0.3,
    "PPLC": 1.0,
    "PPLA": 0.5,
    "PPLA2": 0.2,
    "RGN": 0.8,
    "TERR": 0.8,
    "PEN": 0.8,
    "SEA": 0.8,
    "GULF": 0.8,
    "STRT": 0.8,
    "LK": 0.5,
}
# Curated areas, seas and sites rarely carry a population; rank them as if they had this one.
_DEFAULT_POPULATION = {
    "A": 100_000,
    "L": 200_000,
    "H": 200_000,
    "T": 30_000,
    "S": 20_000,
    "V": 10_000,
    "P": 1_000,
}
_DEFAULT_POPULATION_BY_CODE = {"ADM2": 20_000, "PPLX": 3_000}
COMMON_WORD_PENALTY = 2.0


def place_prior(place: Place) -> float:
    """Log-scale prior that a bare mention of one of the place's names means this place."""
    default = _DEFAULT_POPULATION_BY_CODE.get(place.feature_code) or _DEFAULT_POPULATION.get(
        place.feature_class, 0
    )
    population = max(place.population, default)
    prior = math.log10(population + 1) + _FEATURE_WEIGHT.get(place.feature_code, 0.0)
    return prior - (COMMON_WORD_PENALTY if place.common_word else 0.0)


# Bonuses for how the query met the candidate: on its preferred name rather than an
# alternate one, and with the same spelling rather than a folded one.
PREFERRED_NAME_BONUS = 1.5
EXACT_SPELLING_BONUS = 0.5


def rank_score(prior: float, *, preferred: bool, exact: bool) -> float:
    """The prior adjusted for how the query matched this candidate."""
    return prior + (PREFERRED_NAME_BONUS if preferred else 0.0) + (EXACT_SPELLING_BONUS if exact else 0.0)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


Match = tuple[Place, float, bool, bool]  # (place, prior, matched a preferred name, same spelling)


def rank(matches: Iterable[Match]) -> list[tuple[float, Place]]:
    """(score, place) per distinct place, best first; ties go to the bigger place, then the id."""
    best: dict[str, tuple[float, Place]] = {}
    for place, prior, preferred, exact in matches:
        score = rank_score(prior, preferred=preferred, exact=exact)
        old = best.get(place.place_id)
        if old is None or score > old[0]:
            best[place.place_id] = (score, place)
    return sorted(best.values(), key=lambda sp: (-sp[0], -sp[1].population, sp[1].place_id))
