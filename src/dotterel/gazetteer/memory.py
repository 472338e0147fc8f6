"""MemoryGazetteer: the Gazetteer interface over a list of `Place`, all in memory.

Reads and writes nothing. Used as the fake in other stages' tests, and to layer users'
extra place files over the bundled index. Every name of a place (preferred and alternate)
counts as chosen by whoever built the list, so all rank as preferred names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from dotterel.gazetteer.names import name_entries
from dotterel.gazetteer.normalize import acronym_key, normalize_name, surface_form, without_generic
from dotterel.gazetteer.place import Match, Place, distance_km, place_prior, rank


class MemoryGazetteer:
    """A small gazetteer held in dicts; same ranking as the bundled one."""

    def __init__(self, places: Iterable[Place] = ()) -> None:
        self._by_id: dict[str, Place] = {}
        self._by_key: dict[str, list[tuple[Place, str]]] = defaultdict(list)
        for place in places:
            self.add(place)

    def add(self, place: Place) -> None:
        """Adds a place, replacing any earlier one with the same id."""
        if place.place_id in self._by_id:
            old = self._by_id[place.place_id]
            for key in list(self._by_key):
                self._by_key[key] = [(p, s) for p, s in self._by_key[key] if p is not old]
        self._by_id[place.place_id] = place
        for entry in name_entries(place.name, place.alt_names, curated=True):
            self._by_key[entry.key].append((place, entry.surface))

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self):
        return iter(self._by_id.values())

    def scored(self, name: str) -> list[tuple[float, Place]]:
        """(score, place) candidates for a name, best first."""
        key, surface = normalize_name(name), surface_form(name)
        keys = [k for k in (acronym_key(name), key) if k]
        matches = self._matches(keys, surface)
        shorter = without_generic(key) if not matches else None
        if shorter:
            matches = [
                m
                for m in self._matches([shorter[0]], surface.rpartition(" ")[0])
                if not shorter[1] or m[0].feature_class in "AL"
            ]
        return rank(matches)

    def _matches(self, keys: list[str], surface: str) -> list[Match]:
        return [(p, place_prior(p), True, s == surface) for k in keys for p, s in self._by_key.get(k, ())]

    def lookup(self, name: str) -> list[Place]:
        return [p for _, p in self.scored(name)]

    def country(self, iso3: str) -> Place | None:
        iso3 = iso3.upper()
        return next((p for p in self._by_id.values() if p.country == iso3 and p.feature_code == "PCLI"), None)

    def admin1(self, iso3: str, name: str) -> Place | None:
        iso3 = iso3.upper()
        return next((p for p in self.lookup(name) if p.country == iso3 and p.feature_code == "ADM1"), None)

    def get(self, place_id: str) -> Place | None:
        return self._by_id.get(place_id)

    def near(self, lat: float, lon: float, *, km: float = 50) -> list[Place]:
        dist = {p.place_id: distance_km(lat, lon, p.lat, p.lon) for p in self._by_id.values()}
        return sorted(
            (p for p in self._by_id.values() if dist[p.place_id] <= km), key=lambda p: dist[p.place_id]
        )
