"""Shapes simplified for the browser: places by their size, borders as one coverage."""

from __future__ import annotations

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

#: Simplification of shapes sent to the browser (degrees): places get a tolerance of their extent
#: divided by SIMPLIFY_DIVISOR within these bounds; borders are coarser (places redraw what matters).
SIMPLIFY_MIN_DEG, SIMPLIFY_MAX_DEG, SIMPLIFY_DIVISOR = 0.005, 0.1, 1500
GRID_DEG = 0.001
#: Claims are bands a few km wide (geo/claims): simplified far less than places.
CLAIM_SIMPLIFY_DEG = 0.0005
BORDER_SIMPLIFY_DEG, BORDER_GRID_DEG = 0.15, 0.01


def web_tolerance(geom: BaseGeometry) -> float:
    """Simplification tolerance for a place's shape: finer for small places, coarser for Russia."""
    minx, miny, maxx, maxy = geom.bounds
    extent = max(maxx - minx, maxy - miny) / SIMPLIFY_DIVISOR
    return min(max(extent, SIMPLIFY_MIN_DEG), SIMPLIFY_MAX_DEG)


def simplify_for_web(geom: BaseGeometry, tolerance: float | None = None, grid: float = GRID_DEG) -> BaseGeometry:
    """Simplify a shape and snap it to a ``grid``-degree grid; points pass through unchanged."""
    if geom.geom_type == "Point" or geom.is_empty:
        return geom
    tolerance = web_tolerance(geom) if tolerance is None else tolerance
    simple = shapely.set_precision(geom.simplify(tolerance, preserve_topology=True), grid)
    return geom if simple.is_empty else simple


def simplify_borders(geoms: gpd.GeoSeries) -> list[BaseGeometry]:
    """Simplify country borders as one coverage (shared edges stay shared: no gaps or slivers) and
    snap them to a ``BORDER_GRID_DEG`` grid."""
    valid = [g for g in geoms if g is not None and not g.is_empty]
    simple = iter(shapely.coverage_simplify(valid, BORDER_SIMPLIFY_DEG)) if valid else iter(())
    return [shapely.set_precision(next(simple), BORDER_GRID_DEG) if g is not None and not g.is_empty else g
            for g in geoms]
