"""Where a map looks first: the box around the places of a layers table."""

from __future__ import annotations

import geopandas as gpd

#: The view when there is no place: West Africa to Europe and the Middle East.
EMPTY_VIEW = [[-40.0, -30.0], [60.0, 60.0]]


def view_bounds(gdf: gpd.GeoDataFrame, *, max_extent: float = 40.0, pad: float = 2.0) -> list[list[float]]:
    """``[[south, west], [north, east]]`` around the places.

    Areas wider or taller than ``max_extent`` degrees (Russia, France with its overseas parts)
    count by their representative point so they do not stretch the view over the globe.
    """
    boxes = []
    for row in gdf.itertuples():
        minx, miny, maxx, maxy = row.geometry.bounds
        if maxx - minx > max_extent or maxy - miny > max_extent:
            minx, miny, maxx, maxy = row.lon, row.lat, row.lon, row.lat
        boxes.append((minx - pad, miny - pad, maxx + pad, maxy + pad))
    if not boxes:
        return [list(corner) for corner in EMPTY_VIEW]
    west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
    east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
    return [[max(south, -85.0), max(west, -180.0)], [min(north, 85.0), min(east, 180.0)]]
