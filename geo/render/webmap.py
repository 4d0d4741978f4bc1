"""The static map: one self-contained HTML file with a layer per place, tied to its sentences.

folium makes the page (Leaflet, embedded offline by ``geo.render.assets``; Leaflet.markercluster past
``CLUSTER_THRESHOLD`` points); the places, borders, layer list, time control and legend are drawn by the
page's own script (``geo/render/web/atlas.js``) from one JSON object (``geo.render.mapdata``: escaped HTML
only), which keeps a map of thousands of places small. Styles come from ``geo.render.style`` (shared with
the dashboard), popups and the legend from ``geo.render.popups``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
from branca.element import Element, Figure, MacroElement
from folium.plugins import MarkerCluster
from folium.template import Template

from geo.layers.table import country_mention_counts
from geo.render.assets import LEAFLET_CSS, LEAFLET_JS, MARKERCLUSTER_CSS, MARKERCLUSTER_JS, NO_3D_JS, embed
from geo.render.escape import escape_text
from geo.render.mapdata import map_data, script_json
from geo.render.popups import claims_legend_html, legend_html
from geo.render.style import SEA_COLOR, shade_breaks
from geo.render.view import focus_bounds
from geo.vocabulary import TILE_CHOICES, Tiles

#: Point places past which they are clustered (Leaflet.markercluster); below it every dot is drawn.
CLUSTER_THRESHOLD = 300
#: Zoom limits of the map.
MIN_ZOOM, MAX_ZOOM = 2, 18
#: Zoom steps of fitting a view (half levels fit the story more tightly than whole ones).
ZOOM_SNAP = 0.5
#: Zoom from which clusters open into single dots.
CLUSTER_OFF_ZOOM = 9
#: The page's own script and style (authored here, embedded inline).
WEB_DIR = Path(__file__).parent / "web"
#: id of the ``<script type="application/json">`` holding the map's data.
DATA_ID = "na-data"

_SEA_CSS = f"<style>.folium-map.leaflet-container {{ background: {SEA_COLOR}; }}</style>"


@lru_cache(maxsize=2)
def _web_file(name: str) -> str:
    return (WEB_DIR / name).read_text(encoding="utf-8")


class AtlasLayers(MacroElement):
    """The places, borders, layer list, time control and legend: the data as JSON in the page body, the
    script and style in its head, and one call that draws them on the map (after every other element)."""

    _template = Template("""
        {% macro header(this, kwargs) %}
            <style>{{ this.css }}</style>
            <script>{{ this.js }}</script>
        {% endmacro %}
        {% macro html(this, kwargs) %}
            <script type="application/json" id="{{ this.data_id }}">{{ this.data }}</script>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            NewsAtlas.init({{ this._parent.get_name() }}, {{ this.cluster }}, "{{ this.data_id }}");
        {% endmacro %}
    """)

    def __init__(self, data: str, cluster: str | None) -> None:
        super().__init__()
        self._name = "AtlasLayers"
        self.data, self.data_id, self.cluster = data, DATA_ID, cluster or "null"
        self.css, self.js = _web_file("atlas.css"), _web_file("atlas.js")


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
    cluster_threshold: int = CLUSTER_THRESHOLD,
) -> folium.Map:
    """A folium map of ``layers`` (see ``geo.layers.build_layers``) over country borders.

    ``countries`` (iso_a2, geometry) defaults to ``geo.geometry.borders.load_countries()``. Point places are
    clustered when there are more than ``cluster_threshold`` of them.
    """
    check_tiles(tiles)
    if countries is None:
        from geo.geometry.borders import load_countries  # loads boundary data on use

        countries = load_countries()
    figure = Figure(title=escape_text(title))
    figure.header.add_child(Element(NO_3D_JS), name="news_atlas_no3d")
    # Leaflet options by their own names: folium 0.20 gives min_zoom/max_zoom to a tile layer only, and
    # markercluster needs the map's maxZoom when there is none.
    leaflet_options: dict[str, Any] = {"minZoom": MIN_ZOOM, "maxZoom": MAX_ZOOM, "zoomSnap": ZOOM_SNAP}
    fmap = folium.Map(tiles=None, control_scale=True, world_copy_jump=False, **leaflet_options)
    embed(fmap, LEAFLET_JS, LEAFLET_CSS)
    figure.add_child(fmap)
    if tiles == "osm":
        folium.TileLayer("OpenStreetMap", control=False).add_to(fmap)
    counts = country_mention_counts(layers)
    cluster = None
    if int((layers.geometry.geom_type == "Point").sum()) > cluster_threshold:
        cluster = MarkerCluster(control=False, options={"disableClusteringAtZoom": CLUSTER_OFF_ZOOM,
                                                        "chunkedLoading": True, "showCoverageOnHover": False})
        embed(cluster, MARKERCLUSTER_JS, MARKERCLUSTER_CSS)
        cluster.add_to(fmap)
    breaks = shade_breaks(counts)
    legend = legend_html(counts, list(layers["kind"]), claims_legend_html(layers), breaks)
    data = map_data(layers, countries, counts, view=focus_bounds(layers), legend=legend, with_tiles=tiles == "osm",
                    breaks=breaks)
    AtlasLayers(script_json(data), cluster.get_name() if cluster else None).add_to(fmap)
    figure.header.add_child(Element(_SEA_CSS), name="news_atlas_css")
    n = len(layers)
    figure.html.add_child(Element(
        f'<div class="na-title"><h1>{escape_text(title)}</h1>'
        f'<p>{n} place{"s" if n != 1 else ""} · click a place to read the sentences that name it</p></div>'
    ), name="news_atlas_title")
    return fmap


def render_html(layers: gpd.GeoDataFrame, *, title: str = "News Atlas", tiles: Tiles = "none",
                countries: gpd.GeoDataFrame | None = None, cluster_threshold: int = CLUSTER_THRESHOLD) -> str:
    """The complete, self-contained HTML page of ``build_map`` (also the dashboard's download)."""
    return build_map(layers, title=title, tiles=tiles, countries=countries,
                     cluster_threshold=cluster_threshold).get_root().render()
