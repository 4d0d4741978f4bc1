"""The static map: one self-contained HTML file with a layer per place, tied to its sentences.

Styles come from ``geo.render.style`` (shared with the dashboard), popups and the legend from
``geo.render.popups`` (escaped HTML only), scripts from ``geo.render.assets`` (embedded, offline).
"""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd
from branca.element import Element, Figure
from folium.plugins import GroupedLayerControl
from shapely.geometry import mapping

from geo.layers.table import country_mention_counts
from geo.render.assets import GROUPED_CONTROL_CSS, GROUPED_CONTROL_JS, LEAFLET_CSS, LEAFLET_JS, NO_3D_JS, embed
from geo.render.escape import escape_text
from geo.render.popups import claims_legend_html, legend_html, place_popup_html, place_tooltip
from geo.render.simplify import CLAIM_SIMPLIFY_DEG, simplify_borders, simplify_for_web
from geo.render.style import (
    BORDER_COLOR,
    LAND_COLOR,
    SEA_COLOR,
    draw_order,
    group_rank,
    point_style,
    shade_color,
    shape_style,
)
from geo.render.view import view_bounds
from geo.vocabulary import TILE_CHOICES, Kind, Tiles, kind_group

_CSS = f"""
<style>
.folium-map.leaflet-container {{ background: {SEA_COLOR};
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }}
.na-title, .na-legend {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; }}
.na-title {{ position: absolute; top: 10px; left: 56px; z-index: 1000; background: rgba(255,255,255,.92);
  padding: 6px 12px; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 55%; }}
.na-title h1 {{ font-size: 17px; margin: 0; }}
.na-title p {{ font-size: 12px; margin: 2px 0 0; color: #555; }}
.na-legend {{ position: absolute; bottom: 62px; left: 10px; z-index: 1000; background: rgba(255,255,255,.92);
  padding: 8px 10px; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,.3); font-size: 12px; }}
.na-lh {{ font-weight: 600; margin: 2px 0 4px; }}
.na-lh ~ .na-lh {{ margin-top: 8px; }}
.na-note {{ color: #666; font-size: 11px; max-width: 150px; }}
.na-sw, .na-dot {{ display: inline-block; width: 16px; height: 11px; margin-right: 6px; vertical-align: -1px;
  border: 1px solid #999; box-sizing: border-box; }}
.na-dot {{ width: 11px; border-radius: 50%; border: 1.5px solid #fff; box-shadow: 0 0 0 1px #888;
  margin: 0 9px 0 3px; }}
.na-pop {{ max-width: 400px; }}
.na-name {{ font-size: 15px; font-weight: 700; }}
.na-meta {{ color: #555; margin-bottom: 6px; }}
.na-sents {{ margin: 0; padding-left: 18px; max-height: 260px; overflow-y: auto; }}
.na-sents li {{ margin-bottom: 6px; }}
.na-src {{ display: block; color: #777; font-size: 11px; font-style: italic; }}
.na-sent mark {{ background: #ffe08a; padding: 0 1px; border-radius: 2px; }}
.leaflet-control-layers-expanded {{ max-height: 70vh; overflow-y: auto; }}
</style>
"""


def check_tiles(tiles: str) -> None:
    """Raise ValueError unless ``tiles`` is one of TILE_CHOICES."""
    if tiles not in TILE_CHOICES:
        raise ValueError(f"tiles must be 'none' or 'osm', not {tiles!r}")


def build_map(
    layers: gpd.GeoDataFrame,
    *,
    title: str = "News Atlas",
    tiles: Tiles = "none",
    countries: gpd.GeoDataFrame | None = None,
) -> folium.Map:
    """A folium map of ``layers`` (see ``geo.layers.build_layers``) over country borders.

    ``countries`` (iso_a2, geometry) defaults to ``geo.geometry.borders.load_countries()``.
    """
    check_tiles(tiles)
    if countries is None:
        from geo.geometry.borders import load_countries  # loads boundary data on use

        countries = load_countries()
    figure = Figure(title=escape_text(title))
    figure.header.add_child(Element(NO_3D_JS), name="news_atlas_no3d")
    fmap = folium.Map(tiles=None, control_scale=True, min_zoom=2, world_copy_jump=False)
    embed(fmap, LEAFLET_JS, LEAFLET_CSS)
    figure.add_child(fmap)
    if tiles == "osm":
        folium.TileLayer("OpenStreetMap", control=False).add_to(fmap)
    counts = country_mention_counts(layers)
    _borders_layer(countries, counts, with_tiles=tiles == "osm").add_to(fmap)

    groups: dict[str, list[folium.FeatureGroup]] = {}
    for row in draw_order(layers.itertuples(index=False)):
        group = _place_layer(row)
        group.add_to(fmap)
        groups.setdefault(kind_group(row.kind), []).append(group)
    if groups:
        ordered = {escape_text(name): groups[name] for name in sorted(groups, key=group_rank)}
        control = GroupedLayerControl(ordered, exclusive_groups=False, collapsed=False, position="topright")
        embed(control, GROUPED_CONTROL_JS, GROUPED_CONTROL_CSS)
        control.add_to(fmap)

    fmap.fit_bounds(view_bounds(layers))
    figure.header.add_child(Element(_CSS), name="news_atlas_css")
    n = len(layers)
    figure.html.add_child(Element(
        f'<div class="na-title"><h1>{escape_text(title)}</h1>'
        f'<p>{n} place{"s" if n != 1 else ""} · click a place to read the sentences that name it</p></div>'
    ), name="news_atlas_title")
    figure.html.add_child(Element(legend_html(counts, list(layers["kind"]), claims_legend_html(layers))),
                          name="news_atlas_legend")
    return fmap


def _borders_layer(countries: gpd.GeoDataFrame, counts: dict[str, int], *, with_tiles: bool) -> folium.GeoJson:
    """Non-interactive country borders, shaded by mention count."""
    features = []
    for code, geom in zip(countries["iso_a2"], simplify_borders(countries.geometry), strict=True):
        if geom is None or geom.is_empty:
            continue
        shade = shade_color(counts.get(str(code), 0))
        style = {"color": BORDER_COLOR, "weight": 0.7, "fillColor": shade or LAND_COLOR,
                 "fillOpacity": (0.75 if shade else 0.0) if with_tiles else 1.0}
        features.append({"type": "Feature", "properties": {"style": style},
                         "geometry": mapping(geom)})
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name="Country borders", control=False, interactive=False, smooth_factor=1.0,
        attribution="Borders: Natural Earth", style_function=lambda f: f["properties"]["style"],
    )


def _place_layer(row: Any) -> folium.FeatureGroup:
    """One place as a FeatureGroup: a marker sized by mentions, or its shape; with popup and tooltip."""
    group = folium.FeatureGroup(name=f"{escape_text(row.name)} <small>({int(row.mentions)})</small>")
    popup = folium.Popup(place_popup_html(row), max_width=420, lazy=True)
    tooltip = folium.Tooltip(place_tooltip(row), sticky=True)
    geom = row.geometry
    if geom.geom_type == "Point":
        folium.CircleMarker(location=[geom.y, geom.x], popup=popup, tooltip=tooltip, **point_style(row)).add_to(group)
    else:
        style = shape_style(row)
        tolerance = CLAIM_SIMPLIFY_DEG if row.kind == Kind.CLAIM else None
        shape = folium.GeoJson(
            {"type": "Feature", "properties": {}, "geometry": mapping(simplify_for_web(geom, tolerance))},
            style_function=lambda _f, style=style: style, highlight_function=None,
        )
        shape.add_child(popup)
        shape.add_child(tooltip)
        shape.add_to(group)
    return group


def render_html(layers: gpd.GeoDataFrame, *, title: str = "News Atlas", tiles: Tiles = "none",
                countries: gpd.GeoDataFrame | None = None) -> str:
    """The complete, self-contained HTML page of ``build_map`` (also the dashboard's download)."""
    return build_map(layers, title=title, tiles=tiles, countries=countries).get_root().render()
