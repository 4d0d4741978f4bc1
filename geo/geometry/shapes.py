"""Geometry for a resolved :class:`~geo.model.Place`: a point, a border polygon, a composed
region, or a directional part of another place ("northern Mali").

Directional parts
-----------------
``directional_shape(geom, "north")`` keeps the half of the shape beyond its middle along the
direction: for "north", everything north of the latitude halfway between the shape's
southernmost and northernmost points. Diagonals (northeast...) use the same rule along the
45-degree axis, measured with longitudes scaled by cos(latitude) so "45 degrees" holds on the
ground. "central" keeps the middle half of the bounding box in both axes. Outlying parts far
from the main landmass (French Guiana for France, Hawaii for the USA) are ignored first, so
"southern France" means the south of metropolitan France. For Mali, "northern" is north of
about 17.6 N: Timbuktu, Kidal and northern Gao regions, as in news usage.
"""

from __future__ import annotations

import math
from functools import lru_cache

import shapely
from shapely import affinity
from shapely.geometry import MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from geo.geometry.borders import admin1_code_at, admin1_shape, country_shape, water_shape
from geo.geometry.regions import region_geometry
from geo.model import Place
from geo.vocabulary import CENTRAL, DIRECTIONS, Kind

ALL_DIRECTIONS = tuple(DIRECTIONS)
#: Share of the extent kept by a directional part (0.5: the far half).
PART_FRACTION = 0.5
#: Parts farther than this share of the main polygon's bbox diagonal are outlying (min 3 deg).
OUTLYING_FACTOR = 0.5
_PART_PREFIX = "part:"


def part_id(direction: str, parent_id: str) -> str:
    """Id of a directional part: ``part_id("north", "country:ML") == "part:north:country:ML"``."""
    if direction not in ALL_DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}; expected one of {ALL_DIRECTIONS}")
    return f"{_PART_PREFIX}{direction}:{parent_id}"


def parse_part_id(ident: str) -> tuple[str, str] | None:
    """``"part:north:country:ML"`` -> ``("north", "country:ML")``; None if not a part id."""
    if not ident.startswith(_PART_PREFIX):
        return None
    direction, _, parent = ident[len(_PART_PREFIX):].partition(":")
    if direction not in ALL_DIRECTIONS or not parent:
        return None
    return direction, parent


def _polygons(geom: BaseGeometry) -> list[Polygon]:
    """The polygons of a (multi)polygon or collection."""
    return [g for g in shapely.get_parts(geom) if isinstance(g, Polygon)]


def main_body(geom: BaseGeometry) -> BaseGeometry:
    """Drop polygons lying far from the largest one (overseas territories, remote islands)."""
    polys = _polygons(geom)
    if len(polys) < 2:
        return geom
    largest = max(polys, key=lambda p: p.area)
    minx, miny, maxx, maxy = largest.bounds
    reach = max(3.0, OUTLYING_FACTOR * math.hypot(maxx - minx, maxy - miny))
    return MultiPolygon([p for p in polys if p.distance(largest) <= reach])


def _half_plane(u: tuple[float, float], threshold: float, size: float = 1e4) -> Polygon:
    """Polygon covering {p : p . u >= threshold} (u a unit vector) within ``size``."""
    ux, uy = u
    vx, vy = -uy, ux
    cx, cy = ux * threshold, uy * threshold
    return Polygon([(cx + vx * size, cy + vy * size), (cx - vx * size, cy - vy * size),
                    (cx - vx * size + ux * size, cy - vy * size + uy * size),
                    (cx + vx * size + ux * size, cy + vy * size + uy * size)])


def directional_shape(geom: BaseGeometry, direction: str) -> BaseGeometry:
    """The ``direction`` part of an area (see the module docstring for the rule).

    Points and empty shapes are returned unchanged.
    """
    direction = direction.lower()
    if direction not in ALL_DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}; expected one of {ALL_DIRECTIONS}")
    if geom.is_empty or geom.geom_type in ("Point", "MultiPoint"):
        return geom
    body = main_body(geom)
    minx, miny, maxx, maxy = body.bounds
    if direction == CENTRAL:
        dx, dy = (maxx - minx) / 4, (maxy - miny) / 4
        part = body.intersection(box(minx + dx, miny + dy, maxx - dx, maxy - dy))
    else:
        k = max(math.cos(math.radians((miny + maxy) / 2)), 0.1)
        scaled = affinity.scale(body, xfact=k, yfact=1.0, origin=(0, 0))
        u = DIRECTIONS[direction].vector
        assert u is not None  # every direction but "central" has one
        coords = shapely.get_coordinates(scaled)
        proj = coords @ (u[0], u[1])
        threshold = proj.min() + (1 - PART_FRACTION) * (proj.max() - proj.min())
        part = scaled.intersection(_half_plane(u, threshold))
        part = affinity.scale(part, xfact=1 / k, yfact=1.0, origin=(0, 0))
    part = shapely.make_valid(part)
    polys = _polygons(part)
    return (polys[0] if len(polys) == 1 else MultiPolygon(polys)) if polys else part


def representative_point(geom: BaseGeometry) -> tuple[float, float]:
    """(lat, lon) of a point inside the shape: the centroid of its largest part, or its pole of inaccessibility."""
    if geom.is_empty:
        raise ValueError("empty geometry has no representative point")
    polys = _polygons(geom)
    if not polys:
        pt = geom.representative_point()
        return pt.y, pt.x
    largest = max(polys, key=lambda p: p.area)
    pt = largest.centroid  # closest to gazetteer (GeoNames) points: median 38 km vs 79 km for polylabel
    if not largest.contains(pt):
        minx, miny, maxx, maxy = largest.bounds
        pt = polylabel(largest, tolerance=max(maxx - minx, maxy - miny) / 200 or 1e-6)
    if not largest.contains(pt):
        pt = largest.representative_point()
    return pt.y, pt.x


def shape_for(place: Place) -> BaseGeometry:
    """The geometry drawn for a place; falls back to its point when no shape is known."""
    point = Point(place.lon, place.lat)
    shape: BaseGeometry | None = None
    if place.kind == Kind.COUNTRY:
        shape = country_shape(place.country_code)
    elif place.kind == Kind.ADMIN1:
        shape = admin1_shape(place.id)
    elif place.kind in (Kind.REGION, Kind.GROUP):
        shape = region_geometry(place.id)
    elif place.kind == Kind.PART:
        shape = _part_shape(place.id)
    elif place.kind == Kind.WATER:
        shape = water_shape(place.id)
    return shape if shape is not None and not shape.is_empty else point


def shape_by_id(ident: str) -> BaseGeometry | None:
    """Shape of an area id (``country:ML``, ``admin1:ML-7``, ``region:sahel``, ``part:...``)."""
    if ident.startswith("country:"):
        return country_shape(ident.removeprefix("country:"))
    if ident.startswith("admin1:"):
        return admin1_shape(ident)
    if ident.startswith(("region:", "group:")):
        return region_geometry(ident)
    if ident.startswith("water:"):
        return water_shape(ident)
    return _part_shape(ident)


def _part_shape(ident: str) -> BaseGeometry | None:
    parsed = parse_part_id(ident)
    if parsed is None:
        return None
    direction, parent_id = parsed
    parent = shape_by_id(parent_id)
    return directional_shape(parent, direction) if parent is not None else None


# --- places standing for parts, and containment (the resolver's geometry) -------------------------

#: Directional parts and containment tests kept per process.
PART_CACHE_SIZE = 4096
CONTAINS_CACHE_SIZE = 65536


@lru_cache(maxsize=PART_CACHE_SIZE)
def directional_place(area: Place, direction: str) -> Place:
    """The place standing for "northern Mali": its id names the direction and the parent area, its
    point lies inside the part's shape."""
    ident = part_id(direction, area.id)
    shape = _part_shape(ident)
    if shape is None or shape.is_empty:
        shape = Point(area.lon, area.lat)
    lat, lon = representative_point(shape)
    return Place(id=ident, name=f"{DIRECTIONS[direction].adjective} {area.name}", kind=Kind.PART,
                 country_code=area.country_code, lat=lat, lon=lon, source=area.source)


def town_province(place: Place) -> str:
    """The ISO 3166-2 code of the admin-1 unit a town or county lies in ("CA-ON" for a town GeoNames codes "08");
    "" for a code of letters (see ``admin1_code_at``), answered here without a look-up."""
    if place.admin1_code.isalpha():
        return ""
    return admin1_code_at(place.country_code, place.admin1_code, place.lat, place.lon)


@lru_cache(maxsize=CONTAINS_CACHE_SIZE)
def area_contains(area: Place, place: Place) -> bool:
    """Whether the area's shape holds the place's point."""
    return bool(shape_for(area).contains(Point(place.lon, place.lat)))
