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


#: Share of the mentions the static map's first view keeps in sight (the rest, at the edges, may be off it).
FOCUS_SHARE = 0.8


def focus_bounds(gdf: gpd.GeoDataFrame, *, share: float = FOCUS_SHARE, max_extent: float = 40.0,
                 pad: float = 1.0) -> list[list[float]]:
    """``[[south, west], [north, east]]`` around where most mentions are: each edge is moved in past the
    outlying places as long as they hold at most ``(1 - share) / 2`` of the mentions on that side.

    One mention of Russia among a hundred about the Sahel does not stretch the view to Eurasia; a place
    holding more than that share is always in view. Places are boxed as in ``view_bounds``.
    """
    boxes, weights = [], []
    for row in gdf.itertuples():
        minx, miny, maxx, maxy = row.geometry.bounds
        if maxx - minx > max_extent or maxy - miny > max_extent:
            minx, miny, maxx, maxy = row.lon, row.lat, row.lon, row.lat
        boxes.append((minx, miny, maxx, maxy))
        weights.append(max(int(getattr(row, "mentions", 1) or 1), 1))
    if not boxes:
        return [list(corner) for corner in EMPTY_VIEW]
    budget = sum(weights) * (1.0 - share) / 2.0

    def edge(axis: int, low: bool) -> float:
        order = sorted(range(len(boxes)), key=lambda i: boxes[i][axis], reverse=not low)
        dropped = 0.0
        for i in order:
            dropped += weights[i]
            if dropped > budget:
                return boxes[i][axis]
        return boxes[order[-1]][axis]

    west, south, east, north = edge(0, True), edge(1, True), edge(2, False), edge(3, False)
    if west > east or south > north:  # the trimmed edges crossed: keep everything
        return view_bounds(gdf, max_extent=max_extent, pad=pad)
    return [[max(south - pad, -85.0), max(west - pad, -180.0)], [min(north + pad, 85.0), min(east + pad, 180.0)]]
