"""geojson: a FeatureCollection (RFC 7946) with one Feature per event.

The geometry is the event's Point [lon, lat], or null when the event has no coordinates
(such features are kept, so that counts agree with the other exports; drop them with
`located_only=True` / `--located-only`). Properties are the flat columns of the csv export.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dotterel.exporters._common import FLAT_COLUMNS, Out, flat_row, text_out
from dotterel.store.base import EventBundle

FORMAT = "geojson"
SUFFIX = ".geojson"
COLUMNS = FLAT_COLUMNS


def write(bundles: Iterable[EventBundle], out: Out, *, located_only: bool = False, **options: Any) -> int:
    features = []
    for b in bundles:
        row = flat_row(b)
        located = row["lat"] is not None and row["lon"] is not None
        if located_only and not located:
            continue
        geometry = {"type": "Point", "coordinates": [row["lon"], row["lat"]]} if located else None
        features.append({"type": "Feature", "id": row["event_id"], "geometry": geometry, "properties": row})
    with text_out(out) as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False)
        f.write("\n")
    return len(features)


def read(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [feature["properties"] for feature in json.load(f)["features"]]
