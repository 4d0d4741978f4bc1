"""Metric helpers: great-circle distance, local azimuthal equidistant projections, clipping boxes."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

EARTH_RADIUS_KM = 6371.0
#: Local projections kept (one pair of transformers per centre; centres are rounded to 1e-6 degrees).
LOCAL_CRS_CACHE_SIZE = 256


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def haversine_km_to_many(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Great-circle distances in km from one point to many (arrays of degrees): ``haversine_km`` vectorised."""
    p1, p2 = math.radians(lat), np.radians(lats)
    dp, dl = p2 - p1, np.radians(lons - lon)
    a = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def local_crs(lon: float, lat: float) -> tuple[Transformer, Transformer]:
    """Forward/back transformers for an azimuthal equidistant projection centred on (lon, lat), metres.

    Kept in a bounded cache (``LOCAL_CRS_CACHE_SIZE``) keyed by the centre rounded to 1e-6 degrees,
    the precision of the projection's definition.
    """
    return _local_crs(round(lon, 6), round(lat, 6))


@lru_cache(maxsize=LOCAL_CRS_CACHE_SIZE)
def _local_crs(lon: float, lat: float) -> tuple[Transformer, Transformer]:
    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat:.6f} +lon_0={lon:.6f} +datum=WGS84 +units=m +no_defs")
    wgs = CRS.from_epsg(4326)
    return (Transformer.from_crs(wgs, crs, always_xy=True), Transformer.from_crs(crs, wgs, always_xy=True))


def to_crs(transformer: Transformer, geom: BaseGeometry) -> BaseGeometry:
    """``geom`` with every coordinate passed through ``transformer``."""
    def fn(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, fn)


def near_box(lon: float, lat: float, km: float) -> Polygon:
    """A lon/lat box reaching at least ``km`` around a point (for clipping before projecting)."""
    dlat = km / 110.0
    dlon = km / (111.0 * max(math.cos(math.radians(lat)), 0.05))
    return shapely.box(lon - dlon, lat - dlat, lon + dlon, lat + dlat)
