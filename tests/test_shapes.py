"""Tests for geo.geometry.shapes: shapes of places and directional parts."""

from __future__ import annotations

import pytest
from shapely.geometry import Point

from geo.geometry.borders import country_shape
from geo.geometry.shapes import (
    ALL_DIRECTIONS,
    directional_shape,
    parse_part_id,
    part_id,
    representative_point,
    shape_by_id,
    shape_for,
)
from geo.model import Place

BAMAKO = (12.6392, -8.0029)
ALGIERS = (36.75, 3.06)


def _contains(geom, lat, lon):
    return geom.contains(Point(lon, lat))


def test_northern_mali():
    north = directional_shape(country_shape("ML"), "north")
    assert _contains(north, 19.0, -1.0) and _contains(north, 18.44, 1.41)
    assert not _contains(north, *BAMAKO) and not _contains(north, 11.3, -5.7)


def test_southern_algeria():
    south = directional_shape(country_shape("DZ"), "south")
    assert _contains(south, 22.0, 5.0)
    assert not _contains(south, *ALGIERS)


@pytest.mark.parametrize("direction", ALL_DIRECTIONS)
def test_every_direction_is_a_non_empty_subset(direction):
    mali = country_shape("ML")
    part = directional_shape(mali, direction)
    assert not part.is_empty and part.is_valid
    assert part.area < mali.area * 0.8
    assert mali.buffer(1e-6).contains(part)


def test_opposite_directions_are_on_their_sides():
    mali = country_shape("ML")
    assert directional_shape(mali, "east").centroid.x > directional_shape(mali, "west").centroid.x
    ne, sw = directional_shape(mali, "northeast"), directional_shape(mali, "southwest")
    assert ne.centroid.x > sw.centroid.x and ne.centroid.y > sw.centroid.y


def test_overseas_parts_are_ignored():
    south_france = directional_shape(country_shape("FR"), "south")
    assert _contains(south_france, 43.6, 3.9)  # Montpellier
    assert south_france.bounds[1] > 40  # not French Guiana or Réunion


def test_unknown_direction_raises():
    with pytest.raises(ValueError):
        directional_shape(country_shape("ML"), "up")


def test_part_ids_round_trip():
    ident = part_id("north", "country:ML")
    assert ident == "part:north:country:ML"
    assert parse_part_id(ident) == ("north", "country:ML")
    assert parse_part_id("part:north:admin1:ML-7") == ("north", "admin1:ML-7")
    assert parse_part_id("country:ML") is None
    assert parse_part_id("part:up:country:ML") is None


def test_representative_point_is_inside():
    for geom in (country_shape("ML"), country_shape("FR"), country_shape("ID"),
                 shape_by_id("region:sahel"), shape_by_id("part:north:country:ML")):
        lat, lon = representative_point(geom)
        assert geom.contains(Point(lon, lat))
    assert representative_point(Point(2.0, 1.0)) == (1.0, 2.0)


def _place(ident, kind, code="", lat=0.0, lon=0.0):
    return Place(id=ident, name=ident, kind=kind, country_code=code, lat=lat, lon=lon)


def test_shape_for_each_kind():
    town = shape_for(_place("gn:1", "town", "DZ", 19.9533, 2.9667))
    assert town.equals(Point(2.9667, 19.9533))
    assert shape_for(_place("country:ML", "country", "ML")).equals(country_shape("ML"))
    assert _contains(shape_for(_place("admin1:ML-7", "admin1", "ML")), 16.27, -0.04)  # Gao
    assert _contains(shape_for(_place("region:sahel", "region")), 14.5, -1.0)
    assert _contains(shape_for(_place("group:aes", "group")), 12.37, -1.52)
    north = shape_for(_place("part:north:country:ML", "part", "ML"))
    assert _contains(north, 19.0, -1.0) and not _contains(north, *BAMAKO)
    north_gao = shape_for(_place("part:north:admin1:ML-7", "part", "ML"))
    assert not north_gao.is_empty and north_gao.geom_type != "Point"


def test_shape_for_unknown_falls_back_to_point():
    assert shape_for(_place("country:ZZ", "country", "ZZ", 1.0, 2.0)).equals(Point(2.0, 1.0))
    assert shape_for(_place("region:nowhere", "region", "", 1.0, 2.0)).equals(Point(2.0, 1.0))
