"""The data a static map's page draws from: places, borders, groups, time and view, as one JSON object.

Every string shown on the page is escaped here (``escape_text``, or popups and tooltips built from escaped
pieces); the page's script (``geo/render/web/atlas.js``) inserts them as HTML and adds no text of its own
from the data. ``script_json`` makes the object safe inside a ``<script type="application/json">``.
"""

from __future__ import annotations

import json
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geo.render.escape import escape_text
from geo.render.popups import place_popup_html, place_tooltip
from geo.render.simplify import CLAIM_SIMPLIFY_DEG, simplify_borders, simplify_for_web
from geo.render.style import (
    BORDER_COLOR,
    LAND_COLOR,
    SHADE_COLORS,
    css_class,
    draw_order,
    group_rank,
    marker_radius,
    shade_color,
    shape_style,
)
from geo.render.style import kind_color as point_color
from geo.render.timespan import place_intervals, time_domain
from geo.vocabulary import Kind, kind_group

#: Decimal places of coordinates sent to the page: points (about 10 m), shapes (their 0.001° grid), borders
#: (their 0.01° grid).
POINT_DECIMALS, SHAPE_DECIMALS, BORDER_DECIMALS = 4, 3, 2


def rounded(geom: BaseGeometry, decimals: int) -> dict[str, Any]:
    """GeoJSON geometry with coordinates rounded to ``decimals`` (a grid-snapped 12.347000000000001 is
    written 12.347)."""
    return mapping(shapely.transform(geom, lambda xy: xy.round(decimals)))


def place_record(row: Any, group: int) -> dict[str, Any]:
    """One place (or claim) for the page: escaped name, group index, mentions, CSS classes, day intervals,
    popup and tooltip HTML, and either a point (``pt``: lat, lon; ``r`` radius, ``f`` fill) or a simplified
    shape (``geo``: GeoJSON geometry; ``s``: Leaflet path style)."""
    record: dict[str, Any] = {
        "n": escape_text(row.name), "g": group, "m": int(row.mentions), "c": css_class(row),
        "t": place_intervals(getattr(row, "sentences", None)),
        "p": place_popup_html(row), "h": place_tooltip(row),
    }
    geom = row.geometry
    if geom.geom_type == "Point":
        record.update(pt=[round(geom.y, POINT_DECIMALS), round(geom.x, POINT_DECIMALS)],
                      r=round(marker_radius(int(row.mentions)), 1), f=point_color(row.kind))
    else:
        tolerance = CLAIM_SIMPLIFY_DEG if row.kind == Kind.CLAIM else None
        style = {k: v for k, v in shape_style(row).items() if k != "className"}
        record.update(geo=rounded(simplify_for_web(geom, tolerance), SHAPE_DECIMALS), s=style, claim=row.kind == Kind.CLAIM)
    return record


def border_records(countries: gpd.GeoDataFrame, counts: dict[str, int]) -> list[list[Any]]:
    """``[shade index, geometry]`` per country: its class in ``SHADE_COLORS`` by mentions, -1 for none."""
    out: list[list[Any]] = []
    for code, geom in zip(countries["iso_a2"], simplify_borders(countries.geometry), strict=True):
        if geom is None or geom.is_empty:
            continue
        shade = shade_color(counts.get(str(code), 0))
        out.append([SHADE_COLORS.index(shade) if shade else -1, rounded(geom, BORDER_DECIMALS)])
    return out


def map_data(layers: gpd.GeoDataFrame, countries: gpd.GeoDataFrame, counts: dict[str, int], *,
             view: list[list[float]], legend: str, with_tiles: bool) -> dict[str, Any]:
    """Everything the page needs: ``groups`` (escaped headings, kind order), ``places`` in draw order
    (largest areas first, points last), ``borders``, ``time`` (``[first, last]`` day or None), ``view``
    (``[[south, west], [north, east]]``) and the legend's HTML."""
    rows = draw_order(layers.itertuples(index=False))
    names = sorted({kind_group(r.kind) for r in rows}, key=group_rank)
    index = {name: i for i, name in enumerate(names)}
    places = [place_record(r, index[kind_group(r.kind)]) for r in rows]
    return {
        "groups": [escape_text(name) for name in names],
        "places": places,
        "borders": {"features": border_records(countries, counts), "shades": list(SHADE_COLORS),
                    "land": LAND_COLOR, "line": BORDER_COLOR, "fillOpacity": 0.75 if with_tiles else 1.0,
                    "tiles": with_tiles},
        "time": time_domain(p["t"] for p in places),
        "view": view,
        "legend": legend,
    }


def script_json(data: Any) -> str:
    """Compact JSON that cannot end or comment out the ``<script>`` element holding it (``</`` → ``<\\/``,
    ``<!--`` → ``<\\u0021--``); ``JSON.parse`` reads both back unchanged."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("</", "<\\/").replace("<!--", "<\\u0021--")
