"""Tests for geo.geometry.borders (real Natural Earth data from data/boundaries/)."""

from __future__ import annotations

import shapely
from shapely.geometry import Point

from geo.geometry.borders import admin1_shape, country_shape, load_admin1, load_countries

TIN_ZAOUATINE = Point(2.9667, 19.9533)  # lon, lat


def test_countries_columns_and_crs():
    gdf = load_countries()
    for col in ["iso_a2", "iso_a3", "name", "name_long", "formal_en", "name_alt",
                "continent", "subregion", "pop_est", "geometry"]:
        assert col in gdf.columns
    assert gdf.crs.to_epsg() == 4326
    coded = gdf[gdf.iso_a2 != ""]
    assert coded.iso_a2.is_unique
    assert len(coded) > 230
    assert shapely.is_valid(gdf.geometry.values).all()


def test_iso_a2_eh_fixes_france_norway_kosovo():
    gdf = load_countries().set_index("iso_a2", drop=False)
    assert gdf.loc["FR", "name"] == "France"
    assert gdf.loc["NO", "name"] == "Norway"
    assert gdf.loc["XK", "name"] == "Kosovo"
    assert gdf.loc["ML", "continent"] == "Africa"


def test_names_are_utf8_not_mojibake():
    names = set(load_countries().name_long)
    assert "Curaçao" in names
    assert "Ségou" in set(load_admin1().name)


def test_country_shape_lookup():
    mali = country_shape("ML")
    assert mali is not None and mali.contains(Point(-8.0029, 12.6392))  # Bamako
    assert country_shape("ml") is not None
    assert country_shape("ZZ") is None
    assert country_shape("") is None


def test_tin_zaouatine_stays_near_algeria_mali_border():
    border = country_shape("DZ").boundary.intersection(country_shape("ML").boundary)
    assert border.length > 10  # degrees of shared border line
    assert border.distance(TIN_ZAOUATINE) * 111.2 < 2.5  # km (2.08 km in the unsimplified data)


def test_admin1_ids_unique_and_iso_joined():
    gdf = load_admin1()
    assert gdf.id.is_unique
    assert 4500 < len(gdf) < 4594  # 4,594 polygons, same-name pieces merged
    assert gdf.iso_3166_2.dropna().is_unique
    assert gdf.crs.to_epsg() == 4326
    mali = gdf[gdf.iso_a2 == "ML"].set_index("name")
    assert len(mali) == 9
    assert mali.loc["Gao", "id"] == "admin1:ML-7"
    assert mali.loc["Timbuktu", "iso_3166_2"] == "ML-6"
    assert mali.loc["Timbuktu", "alt_names"] == "Tombouctou"
    assert len(gdf[gdf.iso_a2 == "BF"]) == 45
    assert admin1_shape("admin1:NE-6").contains(Point(1.45, 14.2))  # Tillabéri
    cameroon = gdf[gdf.iso_a2 == "CM"].set_index("name")
    assert cameroon.loc["Extrême-Nord", "alt_names"] == "Far North"
    assert gdf.set_index("name").loc["Somaliland", "iso_a2"] == ""  # disputed: kept, no code


def test_admin1_and_admin0_are_valid_coverages():
    assert shapely.coverage_is_valid(load_countries().geometry.values)
    assert shapely.is_valid(load_admin1().geometry.values).all()
