"""Regions computed from country outlines (countryinfo's GeoJSON): the side of a country a text names
("southern Lebanon", "north-east Syria") and the border two countries share ("the Syria-Turkey border").

Outlines are rings of (lat, lon) vertices. Neighbouring outlines share their border vertices exactly (both
are cut from the same boundary data), so a border is the vertices the two outlines have in common.
"""
from __future__ import annotations

import math

import numpy as np

# compass direction -> (north, east) unit steps; 'central' is the middle half
DIRECTIONS: dict[str, tuple[int, int]] = {
    "north": (1, 0), "south": (-1, 0), "east": (0, 1), "west": (0, -1), "north-east": (1, 1),
    "north-west": (1, -1), "south-east": (-1, 1), "south-west": (-1, -1), "central": (0, 0)}
KM_PER_DEGREE = 111.2
MIN_BORDER_KM = 25.0


def rings(geojson: dict) -> list[np.ndarray]:
    """The outer rings of a GeoJSON feature collection's (multi)polygons, as (lat, lon) arrays."""
    out = []
    for feature in geojson.get("features") or []:
        geometry = feature.get("geometry") or {}
        polygons = geometry.get("coordinates") or []
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            if polygon and len(polygon[0]) >= 3:
                out.append(np.array([(lat, lon) for lon, lat in polygon[0]], dtype=np.float64))
    return out


def _half_diagonal(lat_lo: float, lat_hi: float, lon_lo: float, lon_hi: float) -> float:
    """Half the diagonal of a lat/lon box, in km."""
    mid = math.radians((lat_lo + lat_hi) / 2)
    return 0.5 * math.hypot((lat_hi - lat_lo) * KM_PER_DEGREE, (lon_hi - lon_lo) * KM_PER_DEGREE * math.cos(mid))


def side(outline: list[np.ndarray], direction: str) -> tuple[float, float, float] | None:
    """(lat, lon, radius km) of one side of a country: the half (a quarter for north-east and the like,
    the middle half for 'central') of the box around its largest ring, which leaves out far islands."""
    if not outline:
        return None
    ring = max(outline, key=len)
    (lat_lo, lon_lo), (lat_hi, lon_hi) = ring.min(axis=0), ring.max(axis=0)
    north, east = DIRECTIONS[direction]
    box = []
    for step, lo, hi in ((north, lat_lo, lat_hi), (east, lon_lo, lon_hi)):
        mid, quarter = (lo + hi) / 2, (hi - lo) / 4
        box.append((mid, hi) if step > 0 else (lo, mid) if step < 0 else
                   (mid - quarter, mid + quarter) if (north, east) == (0, 0) else (lo, hi))
    (a, b), (c, d) = box
    return float(a + b) / 2, float(c + d) / 2, _half_diagonal(a, b, c, d)


def side_of_point(lat: float, lon: float, radius_km: float, direction: str) -> tuple[float, float, float]:
    """(lat, lon, radius km) of one side of a place known only by its point and radius (a city, a region):
    the point moved toward that side by 0.45 radius (about where the centre of half a disc lies), with
    the radius of half the area (0.7 radius)."""
    north, east = DIRECTIONS[direction]
    norm = math.hypot(north, east) or 1.0
    shift = 0.45 * radius_km / KM_PER_DEGREE / norm
    return (lat + north * shift, lon + east * shift / max(0.2, math.cos(math.radians(lat))), 0.7 * radius_km)


def _shared_run(ring: np.ndarray, theirs: set[tuple[float, float]]) -> np.ndarray:
    """The longest run of consecutive vertices of a ring (it wraps around) that the other outline has too."""
    shared = [tuple(v) in theirs for v in np.round(ring, 4)]
    if all(shared):
        return ring
    first = shared.index(False)  # start the walk outside a run, so no run is split by the wrap-around
    best: list[int] = []
    run: list[int] = []
    for k in range(first, first + len(ring) + 1):
        i = k % len(ring)
        if shared[i]:
            run.append(i)
        else:
            best, run = max(best, run, key=len), []
    return ring[best]


def border(a: list[np.ndarray], b: list[np.ndarray]) -> tuple[float, float, float] | None:
    """(lat, lon, radius km) of the border two outlines share: the point halfway along the longest stretch
    of vertices they share, with half the diagonal of that stretch's box as radius (a border is long);
    None if they share no border."""
    if not a or not b:
        return None
    theirs = {tuple(v) for v in np.round(np.concatenate(b), 4)}
    line = max((_shared_run(ring, theirs) for ring in a), key=len)
    if len(line) < 2:
        return None
    steps = np.hypot(np.diff(line[:, 0]), np.diff(line[:, 1]) * np.cos(np.radians(line[1:, 0])))
    along = np.concatenate([[0.0], np.cumsum(steps)])
    i = min(int(np.searchsorted(along, along[-1] / 2)), len(line) - 1)
    t = 0.0 if i == 0 or steps[i - 1] == 0 else (along[-1] / 2 - along[i - 1]) / steps[i - 1]
    lat, lon = line[i - 1] + t * (line[i] - line[i - 1]) if i else line[0]
    (lat_lo, lon_lo), (lat_hi, lon_hi) = line.min(axis=0), line.max(axis=0)
    return float(lat), float(lon), max(MIN_BORDER_KM, _half_diagonal(lat_lo, lat_hi, lon_lo, lon_hi))
