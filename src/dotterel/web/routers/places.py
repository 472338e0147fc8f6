"""Places: the filtered events at their coordinates, as GeoJSON."""
from __future__ import annotations

from fastapi import APIRouter

from dotterel import browse
from dotterel.web.deps import Filters, Store
from dotterel.web.schemas import FeatureCollection

router = APIRouter(tags=["places"])


@router.get("/places", response_model=FeatureCollection, summary="Located events as a GeoJSON FeatureCollection",
            responses={200: {"content": {"application/geo+json": {}}}})
def get_places(store: Store, filters: Filters) -> object:
    """One Point feature per matching event with coordinates ([longitude, latitude]), with its
    type, quad category, mentions and place; `unlocated` counts the events without."""
    return browse.places_geojson(store, filters)
