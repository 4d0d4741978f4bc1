"""The data a static map's page draws from: places, borders, groups, time and view, as one JSON object.

Every string shown on the page is escaped here (``escape_text``, or popups and tooltips built from escaped
pieces); the page's script (``geo/render/web/atlas.js``) inserts them as HTML and adds no text of its own
from the data. ``script_json`` makes the object safe inside a ``<script type="application/json">``.

Sizes are kept down for maps of thousands of articles: shapes are sent as delta-encoded integers
(``encode_geometry``), a country place reuses its border's shape, and popups share a budget of sentences
(``sentence_limit``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geo.render.escape import escape_text
from geo.render.popups import MAX_SENTENCES, place_popup_html, place_tooltip
from geo.render.simplify import CLAIM_SIMPLIFY_DEG, SIMPLIFY_MIN_DEG, simplify_borders, simplify_for_web
from geo.render.style import (
    BORDER_COLOR,
    LAND_COLOR,
    SHADE_BREAKS,
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
#: Shapes of places on the static map: tolerance = extent / SHAPE_DIVISOR within [SIMPLIFY_MIN_DEG,
#: SHAPE_MAX_DEG] (coarser than the dashboard's: a page holds every shape at once).
SHAPE_DIVISOR, SHAPE_MAX_DEG = 600, 0.15
#: Sentences all popups of one map may list together; each place lists at least MIN_SENTENCES.
SENTENCE_BUDGET, MIN_SENTENCES = 3000, 1


def encode_geometry(geom: BaseGeometry, decimals: int) -> list[Any] | None:
    """A (Multi)Polygon or (Multi)LineString as ``[type, parts]``, every ring or line a flat list of integers
    (coordinates times ``10**decimals``): the first point absolute, then differences. ``atlas.js`` decodes
    it. None for other types (sent as GeoJSON)."""
    scale = 10**decimals

    def line(coords: Any) -> list[int]:
        flat: list[int] = []
        px = py = 0
        for x, y, *_ in coords:
            ix, iy = round(x * scale), round(y * scale)
            if flat and ix == px and iy == py:
                continue
            flat += [ix - px, iy - py]
            px, py = ix, iy
        return flat

    def rings(polygon: Any) -> list[list[int]]:
        return [line(polygon.exterior.coords), *(line(r.coords) for r in polygon.interiors)]

    kind = geom.geom_type
    parts = getattr(geom, "geoms", ())
    if kind == "Polygon":
        return ["P", rings(geom)]
    if kind == "MultiPolygon":
        return ["MP", [rings(g) for g in parts]]
    if kind == "LineString":
        return ["L", line(geom.coords)]
    if kind == "MultiLineString":
        return ["ML", [line(g.coords) for g in parts]]
    return None


def geometry_record(geom: BaseGeometry, decimals: int) -> dict[str, Any]:
    """``{"e": encoded, "k": decimals}``, or ``{"geo": GeoJSON}`` for types ``encode_geometry`` leaves."""
    encoded = encode_geometry(geom, decimals)
    return {"e": encoded, "k": decimals} if encoded is not None else {"geo": mapping(geom)}


def sentence_limit(counts: Sequence[int], budget: int = SENTENCE_BUDGET, most: int = MAX_SENTENCES,
                   least: int = MIN_SENTENCES) -> int:
    """Sentences each popup lists: the largest limit (at most ``most``, at least ``least``) at which all
    places together list no more than ``budget`` sentences."""
    limit = most
    while limit > least and sum(min(n, limit) for n in counts) > budget:
        limit -= 1
    return limit


def web_shape(geom: BaseGeometry, claim: bool) -> BaseGeometry:
    """A place's shape simplified for the static map (claims, narrow bands, much less)."""
    if claim:
        return simplify_for_web(geom, CLAIM_SIMPLIFY_DEG)
    minx, miny, maxx, maxy = geom.bounds
    tolerance = min(max(max(maxx - minx, maxy - miny) / SHAPE_DIVISOR, SIMPLIFY_MIN_DEG), SHAPE_MAX_DEG)
    return simplify_for_web(geom, tolerance)


def place_record(row: Any, group: int, *, limit: int = MAX_SENTENCES,
                 border: int | None = None) -> dict[str, Any]:
    """One place (or claim) for the page: escaped name, group index, mentions, CSS classes, day intervals,
    popup (at most ``limit`` sentences) and tooltip HTML, and either a point (``pt``: lat, lon; ``r`` radius,
    ``f`` fill) or a shape (``s``: Leaflet path style; ``b``: index of the border whose shape it is, else
    the encoded shape, see ``geometry_record``)."""
    record: dict[str, Any] = {
        "n": escape_text(row.name), "g": group, "m": int(row.mentions), "c": css_class(row),
        "t": place_intervals(getattr(row, "sentences", None)),
        "p": place_popup_html(row, limit), "h": place_tooltip(row),
    }
    geom = row.geometry
    if geom.geom_type == "Point":
        record.update(pt=[round(geom.y, POINT_DECIMALS), round(geom.x, POINT_DECIMALS)],
                      r=round(marker_radius(int(row.mentions)), 1), f=point_color(row.kind))
        return record
    record["s"] = {k: v for k, v in shape_style(row).items() if k != "className"}
    if row.kind == Kind.CLAIM:
        record["claimed"] = True  # drawn in the claims' pane
    if border is not None:
        record["b"] = border
    else:
        record.update(geometry_record(web_shape(geom, row.kind == Kind.CLAIM), SHAPE_DECIMALS))
    return record


def border_records(countries: gpd.GeoDataFrame, counts: dict[str, int],
                   breaks: tuple[int, ...] = SHADE_BREAKS) -> tuple[list[list[Any]], dict[str, int]]:
    """``[shade index, encoded shape]`` per country (shade: its class in ``SHADE_COLORS`` by mentions and
    ``breaks``, -1 for none), and the index of each ISO code's border."""
    out: list[list[Any]] = []
    index: dict[str, int] = {}
    for code, geom in zip(countries["iso_a2"], simplify_borders(countries.geometry), strict=True):
        if geom is None or geom.is_empty:
            continue
        shade = shade_color(counts.get(str(code), 0), breaks)
        if code:
            index.setdefault(str(code), len(out))
        out.append([SHADE_COLORS.index(shade) if shade else -1, geometry_record(geom, BORDER_DECIMALS)])
    return out, index


def map_data(layers: gpd.GeoDataFrame, countries: gpd.GeoDataFrame, counts: dict[str, int], *,
             view: list[list[float]], legend: str, with_tiles: bool,
             breaks: tuple[int, ...] = SHADE_BREAKS) -> dict[str, Any]:
    """Everything the page needs: ``groups`` (escaped headings, kind order), ``places`` in draw order
    (largest areas first, points last), ``borders``, ``time`` (``[first, last]`` day or None), ``view``
    (``[[south, west], [north, east]]``) and the legend's HTML."""
    rows = draw_order(layers.itertuples(index=False))
    names = sorted({kind_group(r.kind) for r in rows}, key=group_rank)
    group = {name: i for i, name in enumerate(names)}
    borders, border_index = border_records(countries, counts, breaks)
    limit = sentence_limit([len(getattr(r, "sentences", None) or ()) for r in rows])
    places = [place_record(r, group[kind_group(r.kind)], limit=limit,
                           border=border_index.get(str(r.country_code)) if r.kind == Kind.COUNTRY else None)
              for r in rows]
    return {
        "groups": [escape_text(name) for name in names],
        "places": places,
        "borders": {"features": borders, "shades": list(SHADE_COLORS), "land": LAND_COLOR, "line": BORDER_COLOR,
                    "fillOpacity": 0.75 if with_tiles else 1.0, "tiles": with_tiles},
        "time": time_domain(p["t"] for p in places),
        "view": view,
        "legend": legend,
    }


def script_json(data: Any) -> str:
    """Compact JSON that cannot end or comment out the ``<script>`` element holding it (``</`` → ``<\\/``,
    ``<!--`` → ``<\\u0021--``); ``JSON.parse`` reads both back unchanged."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("</", "<\\/").replace("<!--", "<\\u0021--")
