"""Country (admin-0) and admin-1 borders and named water bodies, read once per process from GeoParquet.

The files are built by ``scripts/build_data.py`` from Natural Earth (see data/SOURCES.md).
"""

from __future__ import annotations

from functools import cache, lru_cache

import geopandas as gpd
from shapely import STRtree
from shapely.geometry import Point
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
def _admin1_index() -> tuple[STRtree, list[str], list[str]]:
    """A search tree over the admin-1 shapes, with their countries and ISO 3166-2 codes."""
    gdf = load_admin1()
    return STRtree(gdf.geometry.values), list(gdf["iso_a2"]), [str(code or "") for code in gdf["iso_3166_2"]]


@lru_cache(maxsize=100_000)
def admin1_code_at(country_code: str, admin1_code: str, lat: float, lon: float) -> str:
    """The ISO 3166-2 code ("CA-ON") of the admin-1 unit a town lies in, from its point when GeoNames' code for it
    has a digit ("08" in Canada is Ontario: GeoNames' numeric codes name the units Natural Earth has under other
    codes); "" for a code of letters (an ISO code already, "TX", or a coarser unit than Natural Earth's, the
    UK's "ENG"), or when no coded unit of its country holds the point."""
    if admin1_code.isalpha():
        return ""
    tree, countries, codes = _admin1_index()
    for i in tree.query(Point(lon, lat), predicate="within"):
        if countries[i] == country_code and codes[i]:
            return codes[i]
    return ""


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
