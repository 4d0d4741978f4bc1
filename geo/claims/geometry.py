"""Claim geometry, metric: bands along a border, rings and sectors around a place (EPSG:4326 out).

Distances are measured in an azimuthal equidistant projection centred on the anchor
(``geo.geometry.metric``); the borders are Natural Earth's (``geo.geometry.borders``).
See ``geo.claims`` for the rules.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import shapely
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

from geo.geometry.borders import country_shape, load_countries
from geo.geometry.metric import local_crs, near_box, to_crs
from geo.model import Mention, Place
from geo.text.quantities import Distance
from geo.vocabulary import DIRECTIONS, SETTLEMENT_KINDS

#: Radius (km) around the anchor place within which a border band is drawn.
VICINITY_KM = 30.0
#: A town is taken as a border claim's anchor only within this distance (km) of the border.
ANCHOR_BORDER_KM = 50.0
#: "more than N" is drawn up to OPEN_FACTOR × N (at least N + OPEN_MIN_WIDTH_KM).
OPEN_FACTOR = 2.5
OPEN_MIN_WIDTH_KM = 1.0
#: A bare figure N is drawn as N ± EXACT_SLACK × N (news figures are rounded).
EXACT_SLACK = 0.1
#: Half-width (degrees) of the sector drawn for "N km north of X".
SECTOR_HALF_ANGLE = 22.5
#: Areas are measured from their outline within this distance (km) of their point.
AREA_REACH_KM = 3000.0
#: A sector reaches this far (km) beyond its outer bound, so it cuts the whole ring.
SECTOR_EXTRA_KM = 4000.0
#: Neighbour look-ups kept (one per country code).
NEIGHBOUR_CACHE_SIZE = 512
BORDER_NOTE = "border line: Natural Earth 10m, simplified 0.05° (may stray a few km from the true line)"


def drawn_bounds(d: Distance) -> tuple[float, float]:
    """The km range actually drawn for a distance (see the module docstring)."""
    lo, hi = d.min_km, d.max_km
    if hi is None:
        hi = max(lo * OPEN_FACTOR, lo + OPEN_MIN_WIDTH_KM)
    elif d.exact:
        lo, hi = lo * (1 - EXACT_SLACK), hi * (1 + EXACT_SLACK)
    return (round(lo, 4), round(hi, 4))


@lru_cache(maxsize=NEIGHBOUR_CACHE_SIZE)
def neighbours(code: str) -> frozenset[str]:
    """ISO codes of the countries sharing a land border with ``code``."""
    geom = country_shape(code)
    if geom is None:
        return frozenset()
    gdf = load_countries()
    hits = gdf.iloc[gdf.sindex.query(geom.buffer(1e-6), predicate="intersects")]
    return frozenset(c for c in hits["iso_a2"] if c and c != code.upper())


def border_line(a: str, b: str, clip: BaseGeometry | None = None) -> BaseGeometry:
    """The shared border of two countries (lon/lat), optionally within ``clip``; empty if none."""
    ga, gb = country_shape(a), country_shape(b)
    if ga is None or gb is None:
        return shapely.LineString()
    if clip is not None:
        ga, gb = ga.intersection(clip), gb.intersection(clip)
    return ga.boundary.intersection(gb.buffer(1e-6))


def km_to_border(place: Place, a: str, b: str) -> float:
    """Distance (km) from a place to the a–b border, measured in a projection centred on it."""
    line = border_line(a, b)
    if line.is_empty:
        return math.inf
    fwd, _ = local_crs(place.lon, place.lat)
    return to_crs(fwd, line).distance(Point(0, 0)) / 1000.0


def choose_counterpart(territory: str, named: Sequence[str], anchor: Place | None) -> str:
    """The other side of ``territory``'s border (see the module docstring)."""
    near = neighbours(territory)
    named_near = [c for c in dict.fromkeys(named) if c in near]
    pool = named_near or (sorted(near) if anchor else [])
    if not pool:
        return ""
    if len(pool) == 1 or anchor is None:
        return pool[0]
    return min(pool, key=lambda c: km_to_border(anchor, territory, c))


def choose_anchor(points: Sequence[Mention], pairs: Sequence[tuple[str, str]],
                   exclude: Mention | None) -> Place | None:
    """The latest point place near one of the candidate borders (``points`` ordered by preference)."""
    for m in points:
        if m is exclude or m.kind not in SETTLEMENT_KINDS:
            continue
        for a, b in pairs:
            if km_to_border(m.place, a, b) <= ANCHOR_BORDER_KM:
                return m.place
    return None


def border_band(territory: str, counterpart: str, lo_km: float, hi_km: float, anchor: Place | None,
                vicinity_km: float = VICINITY_KM) -> tuple[BaseGeometry, float]:
    """The part of ``territory`` between ``lo_km`` and ``hi_km`` from its border with ``counterpart``,
    within the vicinity of ``anchor`` (the whole border when None).

    Returns the lon/lat geometry and the vicinity radius used (km; 0 without an anchor).
    """
    shape = country_shape(territory)
    if shape is None:
        return Polygon(), 0.0
    radius, clip = 0.0, None
    if anchor is not None:
        lon, lat = anchor.lon, anchor.lat
        radius = max(vicinity_km, km_to_border(anchor, territory, counterpart) + hi_km)
        clip = near_box(lon, lat, radius + hi_km + 20)
    line = border_line(territory, counterpart, clip)
    if line.is_empty:
        return Polygon(), radius
    if anchor is None:
        c = line.centroid
        lon, lat = c.x, c.y
    fwd, back = local_crs(lon, lat)
    if clip is not None:
        shape = shape.intersection(clip)
    line_m, shape_m = to_crs(fwd, line), to_crs(fwd, shape)
    band = shape_m.intersection(line_m.buffer(hi_km * 1000, quad_segs=16))
    if lo_km > 0:
        band = band.difference(line_m.buffer(lo_km * 1000, quad_segs=16))
    if anchor is not None:
        band = band.intersection(Point(0, 0).buffer(radius * 1000, quad_segs=64))
    return (to_crs(back, band) if not band.is_empty else band), radius


def first_neighbour(code: str) -> str:
    return next(iter(sorted(neighbours(code))), "")


def place_ring(place: Place, lo_km: float, hi_km: float, direction: str = "") -> BaseGeometry:
    """Ring (or sector toward ``direction``) at ``lo_km``–``hi_km`` from a place; areas measure from
    their outline, outward."""
    from geo.geometry.shapes import shape_for  # shapes -> regions -> borders: loaded on use

    fwd, back = local_crs(place.lon, place.lat)
    base = shape_for(place) if place.is_area else Point(place.lon, place.lat)
    if place.is_area:
        base = base.intersection(near_box(place.lon, place.lat, AREA_REACH_KM))
    base_m = to_crs(fwd, base)
    ring: BaseGeometry = base_m.buffer(hi_km * 1000, quad_segs=32)
    if lo_km > 0:
        ring = ring.difference(base_m.buffer(lo_km * 1000, quad_segs=32))
    if place.is_area:
        ring = ring.difference(base_m)
    bearing = DIRECTIONS[direction].bearing if direction in DIRECTIONS else None
    if bearing is not None:
        ring = ring.intersection(_sector(bearing, (hi_km + SECTOR_EXTRA_KM) * 1000))
    return to_crs(back, ring)


def _sector(bearing: float, reach: float) -> Polygon:
    """A wedge from the origin toward ``bearing`` (degrees clockwise from north), ± SECTOR_HALF_ANGLE."""
    angles = np.radians(np.linspace(bearing - SECTOR_HALF_ANGLE, bearing + SECTOR_HALF_ANGLE, 19))
    return Polygon([(0, 0), *zip(reach * np.sin(angles), reach * np.cos(angles), strict=True)])
