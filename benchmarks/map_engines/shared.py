"""What both benchmark pages draw: the dashboard's places of a corpus store, and the same places as a pydeck Deck.

The places are read as app.py reads them (``place_rows(reader, View())``: the whole store, no filter, at most
``MAP_PLACES_MAX``) and shaped as the dashboard ships them to folium (``places_payload``: overview shapes
simplified, styles, tooltips). The Deck is built from that same payload, so both engines draw the same rows,
the same simplified shapes and the same colours; the base borders and the country shading are the dashboard's.
"""

from __future__ import annotations

import html
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import geopandas as gpd  # noqa: E402

from geo.dashboard.corpus import StoreReader, View, place_rows  # noqa: E402
from geo.dashboard.map import MAP_HEIGHT, _borders, overview, places_payload  # noqa: E402
from geo.layers.table import country_mention_counts  # noqa: E402
from geo.render.style import BORDER_COLOR, LAND_COLOR, draw_order, shade_breaks, shade_color  # noqa: E402

#: Layer ids of the Deck (st.pydeck_chart's selection is keyed by them).
AREAS, POINTS = "areas", "points"
#: Marker text the pages write after a selection ("Selected: Russia"); "Selected: none" before.
SELECTED = "Selected: "


@dataclass(frozen=True)
class Places:
    """One store's places as the dashboard reads them, its folium payload and its first view (Leaflet zoom)."""

    rows: gpd.GeoDataFrame
    payload: str
    center: tuple[float, float]
    zoom: int


def load_places(store: str | Path) -> Places:
    """The places of the store at ``store``, read the dashboard's way (app.py's ``places_for``/``payload_for``)."""
    reader = StoreReader.open(Path(store))
    rows = place_rows(reader, View())
    (lat, lon), zoom = overview(rows)
    return Places(rows, places_payload(rows), (lat, lon), zoom)


def rgba(color: str, opacity: float = 1.0, *, least: int = 0) -> list[int]:
    """``#rrggbb`` and an opacity as deck.gl's ``[r, g, b, a]``, alpha at least ``least`` (deck.gl does not pick
    a fill of alpha 0, where Leaflet's SVG takes clicks on a fill of opacity 0: the dashboard's country outlines)."""
    value = color.lstrip("#")
    return [int(value[i:i + 2], 16) for i in (0, 2, 4)] + [max(least, min(255, round(opacity * 255)))]


def plain(tooltip: str) -> str:
    """The dashboard's tooltip ("<b>Name</b> · kind", escaped) as text (st.pydeck_chart shows tooltips as text)."""
    return html.unescape(re.sub(r"<[^>]*>", "", tooltip))


def deck_layers(places: Places) -> list[dict[str, Any]]:
    """The map as deck.gl layer specs (pydeck's JSON keys): borders, country shading, areas, points.

    Areas and points come from the folium payload, matched to the rows in the payload's own order
    (``draw_order``: largest areas first, points last), so shapes and colours are the dashboard's. Every layer is
    pickable: with one layer declared ``pickable: False`` no click selected anything in st.pydeck_chart (Streamlit
    1.67, pydeck 0.9.3), so the page ignores selections on the borders and the shading instead. Not drawn as the
    dashboard does: dashed outlines of uncertain places (deck.gl needs its PathStyleExtension) and clusters.
    """
    payload = json.loads(places.payload.replace("<\\/", "</"))
    ordered = draw_order(places.rows.itertuples(index=False))
    area_rows = [r for r in ordered if r.geometry.geom_type != "Point"]
    point_rows = [r for r in ordered if r.geometry.geom_type == "Point"]
    areas = []
    for row, feature in zip(area_rows, payload["areas"]["features"], strict=True):
        style = feature["properties"]["style"]
        areas.append({"type": "Feature", "geometry": feature["geometry"],
                      "properties": {"name": row.name, "id": row.place_id, "tip": plain(feature["properties"]["tip"]),
                                     "fill": rgba(style["fillColor"], style.get("fillOpacity", 0.2), least=1),
                                     "line": rgba(style["color"], style.get("opacity", 1.0)),
                                     "width": style.get("weight", 1.0)}})
    points = []
    for row, (lat, lon, radius, index, tip, _css) in zip(point_rows, payload["points"], strict=True):
        style = payload["styles"][index]
        points.append({"p": [lon, lat], "r": radius, "tip": plain(tip), "name": row.name, "id": row.place_id,
                       "fill": rgba(style["fillColor"], style.get("fillOpacity", 0.2)),
                       "line": rgba(style["color"], style.get("opacity", 1.0)), "width": style.get("weight", 1.0)})
    borders, shapes = _borders()
    counts = country_mention_counts(places.rows)
    breaks = shade_breaks(counts)
    shading = [{"type": "Feature", "geometry": shapes[code], "properties": {"fill": rgba(color)}}
               for code, n in sorted(counts.items())
               if (color := shade_color(n, breaks)) and code in shapes]
    return [
        {"type": "GeoJsonLayer", "id": "borders", "data": borders, "stroked": True, "filled": True,
         "get_fill_color": rgba(LAND_COLOR), "get_line_color": rgba(BORDER_COLOR), "get_line_width": 0.7,
         "line_width_units": "'pixels'", "pickable": True},
        {"type": "GeoJsonLayer", "id": "shading", "data": {"type": "FeatureCollection", "features": shading},
         "stroked": False, "filled": True, "get_fill_color": "properties.fill", "pickable": True},
        {"type": "GeoJsonLayer", "id": AREAS, "data": {"type": "FeatureCollection", "features": areas},
         "stroked": True, "filled": True, "get_fill_color": "properties.fill", "get_line_color": "properties.line",
         "get_line_width": "properties.width", "line_width_units": "'pixels'", "pickable": True},
        {"type": "ScatterplotLayer", "id": POINTS, "data": points, "get_position": "p", "get_radius": "r",
         "radius_units": "'pixels'", "stroked": True, "filled": True, "get_fill_color": "fill",
         "get_line_color": "line", "get_line_width": "width", "line_width_units": "'pixels'", "pickable": True},
    ]


def deck(places: Places) -> Any:
    """The pydeck Deck of ``places``: no basemap (offline), the dashboard's first view, a tooltip per place."""
    try:
        import pydeck as pdk  # type: ignore[import-untyped]
    except ImportError as err:  # not in requirements.txt: only this benchmark uses it
        raise SystemExit("the map-engine benchmark needs pydeck: .venv/bin/pip install pydeck") from err

    layers = [pdk.Layer(spec.pop("type"), **spec) for spec in (dict(s) for s in deck_layers(places))]
    lat, lon = places.center
    view = pdk.ViewState(latitude=lat, longitude=lon, zoom=deck_zoom(places.zoom))
    # map_provider=None leaves map_style at pydeck's placeholder, which st.pydeck_chart reads as "no basemap"
    # (map_style=None would make it fetch Carto's style from the network)
    return pdk.Deck(layers=layers, initial_view_state=view, map_provider=None, tooltip={"text": "{tip}"},
                    height=MAP_HEIGHT)


def deck_zoom(leaflet_zoom: float) -> float:
    """deck.gl's zoom showing what Leaflet shows at ``leaflet_zoom`` (deck's world is 512 px wide at zoom 0,
    Leaflet's 256 px)."""
    return leaflet_zoom - 1


def screen_xy(lat: float, lon: float, center: tuple[float, float], leaflet_zoom: float,
              width: float, height: float) -> tuple[float, float]:
    """Where (lat, lon) is in a ``width`` × ``height`` Web Mercator map centred on ``center`` (pixels from its
    top left corner), at a Leaflet zoom; deck.gl at ``deck_zoom`` puts it at the same place."""
    scale = 256 * 2 ** leaflet_zoom

    def world(la: float, lo: float) -> tuple[float, float]:
        la = max(min(la, 85.0), -85.0)
        y = (1 - math.log(math.tan(math.pi / 4 + math.radians(la) / 2)) / math.pi) / 2
        return (lo + 180) / 360 * scale, y * scale

    x0, y0 = world(*center)
    x, y = world(lat, lon)
    return width / 2 + x - x0, height / 2 + y - y0


def click_targets(places: Places, *, clear_deg: float = 10.0) -> list[tuple[str, float, float]]:
    """Spots to click, largest countries first: (name, lat, lon) deep inside a country that no smaller area
    covers and with no point place within ``clear_deg`` (so a marker or cluster bubble is not hit instead)."""
    from shapely.ops import polylabel

    rows = list(places.rows.itertuples(index=False))
    points = [r.geometry for r in rows if r.geometry.geom_type == "Point"]
    areas = [r for r in rows if r.geometry.geom_type != "Point"]
    found = []
    for row in sorted((r for r in areas if r.kind == "country"), key=lambda r: -r.geometry.area):
        part = max(getattr(row.geometry, "geoms", [row.geometry]), key=lambda g: g.area)
        spot = polylabel(part, tolerance=0.1)
        if abs(spot.y) > 70 or any(p.distance(spot) < clear_deg for p in points):
            continue
        if any(a.place_id != row.place_id and a.geometry.area <= row.geometry.area and a.geometry.covers(spot)
               for a in areas):
            continue
        found.append((str(row.name), round(float(spot.y), 4), round(float(spot.x), 4)))
    return found
