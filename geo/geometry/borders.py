"""Country (admin-0) and admin-1 borders and named water bodies, read once per process from GeoParquet.

The files are built by ``scripts/build_data.py`` from Natural Earth (see data/SOURCES.md).
"""

from __future__ import annotations

from functools import cache

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

from geo import settings


@cache
def load_countries() -> gpd.GeoDataFrame:
    """Admin-0 polygons, one row per ISO 3166-1 code (plus a few uncoded areas, iso_a2 "")."""
    return gpd.read_parquet(settings.BOUNDARIES_DIR / "admin0.parquet")


@cache
def load_admin1() -> gpd.GeoDataFrame:
    """Admin-1 polygons with stable ids such as ``admin1:ML-7``."""
    return gpd.read_parquet(settings.BOUNDARIES_DIR / "admin1.parquet")


@cache
def _countries_by_code() -> dict[str, BaseGeometry]:
    gdf = load_countries()
    coded = gdf[gdf["iso_a2"] != ""]
    return dict(zip(coded["iso_a2"], coded.geometry, strict=True))


@cache
def _admin1_by_id() -> dict[str, BaseGeometry]:
    gdf = load_admin1()
    return dict(zip(gdf["id"], gdf.geometry, strict=True))


def country_shape(iso_a2: str) -> BaseGeometry | None:
    """The polygon of a country by ISO 3166-1 alpha-2 code (case-insensitive), or None."""
    return _countries_by_code().get(iso_a2.strip().upper()) if iso_a2 else None


def admin1_shape(admin1_id: str) -> BaseGeometry | None:
    """The polygon of an admin-1 unit by id (``admin1:ML-7``), or None."""
    return _admin1_by_id().get(admin1_id)


@cache
def load_water() -> gpd.GeoDataFrame:
    """Named seas, oceans, gulfs, straits and lakes (``water:...`` ids), built by ``scripts/build_water.py``."""
    return gpd.read_parquet(settings.BOUNDARIES_DIR / "water.parquet")


@cache
def _water_by_id() -> dict[str, BaseGeometry]:
    gdf = load_water()
    return dict(zip(gdf["id"], gdf.geometry, strict=True))


def water_shape(water_id: str) -> BaseGeometry | None:
    """The polygon of a named water body by id (``water:mediterranean-sea``), or None (imported GeoNames
    water rows have a point only)."""
    return _water_by_id().get(water_id)
