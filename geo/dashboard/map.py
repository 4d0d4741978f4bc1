"""The dashboard's map, split for ``st_folium``: a base map that never changes, and layers that do.

``base_map`` holds only the embedded Leaflet assets and the plain country borders, so its script is
the same on every rerun and the browser keeps the map (no remount, no flicker, zoom kept).
``place_layers`` builds what changes with the articles and the selection: country shading, one
group per kind of place and the selection ring; st_folium swaps these in via
``feature_group_to_add``. Styles, colours and escaping are the static map's (``geo.render``).
Every place layer carries its own tooltip (a function for shapes), so a click reports which place it was.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from functools import cache, lru_cache
from typing import Any

import folium
import geopandas as gpd
import shapely
from branca.element import MacroElement
from jinja2 import Template
from shapely.geometry import mapping

from geo.dashboard.static import MapAssets, map_assets
from geo.dashboard.url import MAP_PARAM
from geo.layers.table import country_mention_counts
from geo.model import is_confident
from geo.render.escape import escape_text
from geo.render.popups import tooltip_text
from geo.render.simplify import simplify_borders, simplify_for_web, web_tolerance
from geo.render.style import (
    BORDER_COLOR,
    LAND_COLOR,
    SELECTED_COLOR,
    SELECTION_RING_PX,
    country_name,
    draw_order,
    marker_radius,
    point_style,
    shade_breaks,
    shade_color,
    shape_style,
    uncertain_point_style,
    uncertain_shape_style,
)
from geo.render.view import focus_bounds
from geo.render.webmap import check_tiles
from geo.vocabulary import Kind, Tiles

#: Map size in the page (pixels), used to choose zoom levels. The width is the map column's at the narrowest
#: window the dashboard is made for (1280 px, sidebar open: ~435 px), so the first view fits there too.
MAP_HEIGHT = 580
MAP_WIDTH = 430
#: Place shapes kept simplified for the browser (reruns reuse them).
WEB_GEOMETRY_CACHE_SIZE = 4096


@cache
def _borders() -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Simplified country borders: the base GeoJSON and each country's GeoJSON geometry by ISO code.

    Simplifying the whole coverage takes ~0.3 s, so the result is kept in the cache directory (keyed
    by the borders file's content) and later server starts read it back in a few milliseconds.
    """
    from geo.settings import BOUNDARIES_DIR, cache_dir

    source = (BOUNDARIES_DIR / "admin0.parquet").read_bytes()
    cached = cache_dir() / f"web-borders-v2-{hashlib.sha256(source).hexdigest()[:16]}.json"  # v2: codes
    try:
        codes, collection = json.loads(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        codes, collection = _simplified_borders()
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps([codes, collection]), encoding="utf-8")
        os.replace(tmp, cached)
    return collection, {code: f["geometry"] for code, f in zip(codes, collection["features"], strict=True)}


def _simplified_borders() -> tuple[list[str], dict[str, Any]]:
    from geo.geometry.borders import load_countries

    countries = load_countries()
    codes, features = [], []
    for code, geom in zip(countries["iso_a2"], simplify_borders(countries.geometry), strict=True):
        if geom is None or geom.is_empty:
            continue
        codes.append(str(code))
        features.append({"type": "Feature", "properties": {"code": str(code)}, "geometry": mapping(geom)})
    return codes, {"type": "FeatureCollection", "features": features}


#: A country's name shows from the zoom where it fits: (smallest area in square degrees, zoom), largest first.
NAME_ZOOMS = ((400.0, 3), (40.0, 4), (4.0, 5), (0.4, 6), (0.0, 7))
#: From this zoom a country whose name spot is out of view is named inside the part in view.
CLOSE_UP_ZOOM = 6


@cache
def _country_names() -> list[tuple[float, float, str, int, str]]:
    """Where each country's name goes on the map: (lat, lon, escaped name, first zoom showing it, code), at
    the pole of inaccessibility of its largest part (inside it, far from its edges)."""
    from shapely.ops import polylabel

    from geo.geometry.borders import load_countries

    countries, names = load_countries(), []
    for code, geom in zip(countries["iso_a2"], countries.geometry, strict=True):
        if geom is None or geom.is_empty or not str(code).isalpha():
            continue
        largest = max(getattr(geom, "geoms", [geom]), key=lambda part: part.area)
        spot = polylabel(largest, tolerance=0.05)
        zoom = next(z for floor, z in NAME_ZOOMS if largest.area >= floor)
        names.append((round(spot.y, 3), round(spot.x, 3), escape_text(country_name(str(code))), zoom, str(code)))
    return names


class _CountryNames(MacroElement):
    """Country names on the base map, so that every view says which country is which. Zoomed out, each
    name sits inside its country from the zoom where it fits (NAME_ZOOMS). Close up (CLOSE_UP_ZOOM), a country
    whose own name spot is out of view is named inside the part that is in view (a grid of points tested
    against its border), so a close-up of a border town names both sides. Not interactive: no tab stop,
    clicks go through."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
          .na-country-name span { position: absolute; transform: translate(-50%, -50%); white-space: nowrap;
            font: 600 11px/1.1 sans-serif; color: #4a4a4a; letter-spacing: .02em;
            text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; }
          .na-country-name.na-near span { font-size: 12px; color: #333; text-transform: uppercase; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map, borders, names, closeUp) {
          window.naBorders = borders;  /* a claim's close-up swaps them for the real line (_FineBorders) */
          var pane = map.createPane("naNames");
          pane.style.zIndex = 450;  /* above the areas (400), under the points (600) */
          pane.style.pointerEvents = "none";
          function label(latlng, html, near) {
            return L.marker(latlng, {pane: "naNames", interactive: false, keyboard: false,
              icon: L.divIcon({className: "na-country-name" + (near ? " na-near" : ""),
                               html: "<span>" + html + "</span>", iconSize: null})});
          }
          var byCode = {};
          names.forEach(function (n) { byCode[n[4]] = {at: L.latLng(n[0], n[1]), html: n[2], zoom: n[3],
                                                       marker: label([n[0], n[1]], n[2], false)}; });
          var shapes = [];
          function bordersLoaded() {  // the borders arrive after the map shows (_BordersLayer)
            shapes = [];
            borders.eachLayer(function (layer) {
              var code = layer.feature && layer.feature.properties && layer.feature.properties.code;
              if (byCode[code]) { shapes.push({code: code, layer: layer}); }
            });
            update();
          }
          function inRing(pt, ring) {  /* ray casting; ring: [LatLng] */
            var inside = false;
            for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
              var a = ring[i], b = ring[j];
              if ((a.lat > pt.lat) !== (b.lat > pt.lat) &&
                  pt.lng < (b.lng - a.lng) * (pt.lat - a.lat) / (b.lat - a.lat) + a.lng) { inside = !inside; }
            }
            return inside;
          }
          function inShape(pt, rings) {  /* nested arrays of rings (polygons with holes, multipolygons) */
            if (rings.length && rings[0] instanceof L.LatLng) { return inRing(pt, rings) ? 1 : 0; }
            var n = 0;
            rings.forEach(function (r) { n += inShape(pt, r); });
            return n;
          }
          var near = L.layerGroup();
          function update() {
            var zoom = map.getZoom(), view = map.getBounds();
            Object.keys(byCode).forEach(function (code) {
              var c = byCode[code], on = zoom >= c.zoom;
              if (on && !map.hasLayer(c.marker)) { c.marker.addTo(map); }
              if (!on && map.hasLayer(c.marker)) { map.removeLayer(c.marker); }
            });
            near.clearLayers();
            if (zoom < closeUp) { return; }
            var inset = view.pad(-0.12), sw = inset.getSouthWest(), ne = inset.getNorthEast(), steps = 8;
            shapes.forEach(function (s) {
              if (!s.layer.getBounds().intersects(view) || view.contains(byCode[s.code].at)) { return; }
              var rings = s.layer.getLatLngs(), hits = [];
              for (var i = 0; i <= steps; i++) {
                for (var j = 0; j <= steps; j++) {
                  var pt = L.latLng(sw.lat + (ne.lat - sw.lat) * i / steps, sw.lng + (ne.lng - sw.lng) * j / steps);
                  if (inShape(pt, rings) % 2 === 1) { hits.push(pt); }
                }
              }
              if (!hits.length) { return; }
              var lat = 0, lng = 0;
              hits.forEach(function (h) { lat += h.lat; lng += h.lng; });
              var mean = L.latLng(lat / hits.length, lng / hits.length), best = hits[0];
              hits.forEach(function (h) { if (h.distanceTo(mean) < best.distanceTo(mean)) { best = h; } });
              label(best, byCode[s.code].html, true).addTo(near);
            });
          }
          near.addTo(map);
          map.on("moveend", update);
          borders.on("naloaded", bordersLoaded);
          map.whenReady(bordersLoaded);
        })({{ this._parent.get_name() }}, {{ this.borders.get_name() }}, {{ this.names }}, {{ this.close_up }});
        {% endmacro %}
    """)

    def __init__(self, borders: MacroElement) -> None:
        super().__init__()
        self._name = "CountryNames"
        self.borders = borders
        self.names = json.dumps(_country_names(), ensure_ascii=False)
        self.close_up = CLOSE_UP_ZOOM


#: The places layer shows every area at once, far more than a single article's map: its shapes are simplified
#: OVERVIEW_COARSER times more than the static map's (the selected place's outline keeps the finer shape).
OVERVIEW_COARSER, OVERVIEW_GRID_DEG = 8.0, 0.01


@lru_cache(maxsize=WEB_GEOMETRY_CACHE_SIZE)
def _web_geometry(wkb: bytes, coarse: bool = False) -> dict[str, Any]:
    """A place's shape simplified for the browser, as GeoJSON (memoised: reruns reuse it)."""
    geom = shapely.from_wkb(wkb)
    if not coarse:
        return mapping(simplify_for_web(geom))
    tolerance = web_tolerance(geom) * OVERVIEW_COARSER
    if isinstance(geom, shapely.MultiPolygon):  # islands smaller than a few pixels at the zoom showing the whole
        parts = [p for p in geom.geoms if p.area >= (3 * tolerance) ** 2]
        geom = shapely.MultiPolygon(parts) if parts else geom
    return mapping(simplify_for_web(geom, tolerance, grid=OVERVIEW_GRID_DEG))


class _TileFailureNotice(MacroElement):
    """Says on the map when its tiles cannot be loaded (no network): the reader sees why it is grey and
    that the borders still work, instead of a silent grey map."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var shown = false;
          {{ this.layer.get_name() }}.on("tileerror", function () {
            if (shown) { return; }
            shown = true;
            var note = L.control({position: "topright"});
            note.onAdd = function () {
              var div = L.DomUtil.create("div", "na-tile-error");
              div.setAttribute("role", "status");
              div.style.cssText = "background:#fff8e1;border:1px solid #e0b000;padding:4px 8px;" +
                                  "border-radius:4px;font:13px sans-serif;max-width:260px";
              div.textContent = "Map tiles could not be loaded (offline?): borders and places still work. " +
                                "Choose \u201cOffline: borders only\u201d for a map without tiles.";
              return div;
            };
            note.addTo({{ this._parent.get_name() }});
          });
        })();
        {% endmacro %}
    """)

    def __init__(self, layer: folium.TileLayer) -> None:
        super().__init__()
        self._name = "TileFailureNotice"
        self.layer = layer


class _PositionInUrl(MacroElement):
    """Keeps the map's position in the page's URL (``map=lat,lon,zoom``, geo.dashboard.url), so that a link
    opens the map where its sender left it. Written in the browser on every move, with no server round trip;
    put back each second, as the page rewrites its URL after each run. In a page of its own (no dashboard
    around it) nothing is written."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
          function write() {
            try {
              var page = window.parent;
              if (page === window) { return; }
              var c = map.getCenter();
              var value = c.lat.toFixed(3) + "," + c.lng.toFixed(3) + "," + map.getZoom();
              var params = new URLSearchParams(page.location.search);
              if (params.get("{{ this.param }}") === value) { return; }
              params.set("{{ this.param }}", value);
              page.history.replaceState(page.history.state, "",
                                        page.location.pathname + "?" + params.toString() + page.location.hash);
            } catch (e) { /* no view yet, or a page of another origin: nothing to write */ }
          }
          map.on("moveend", write);
          setInterval(write, 1000);
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, param: str) -> None:
        super().__init__()
        self._name = "PositionInUrl"
        self.param = param


@cache
def borders_json() -> bytes:
    """The simplified borders as the map fetches them (compact GeoJSON, each feature with its ``code``)."""
    return json.dumps(_borders()[0], separators=(",", ":")).encode("utf-8")


class _BordersLayer(MacroElement):
    """The base map's country borders (and land fill), fetched from ``url`` after the map shows: a file the
    reader's browser keeps (geo.dashboard.static), not part of every map message. In a pane of their own under
    the places, so they stay below whatever was drawn before they arrived."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON(null, {pane: "naBorders", interactive: false,
            attribution: "Borders: Natural Earth", style: function () { return {{ this.style }}; }});
        (function (map, layer, url) {
          var pane = map.createPane("naBorders");
          pane.style.zIndex = 350;  /* over the tiles (200), under the places (400) */
          map.createPane("naShading").style.zIndex = 360;  /* mentions per country, over the land fill */
          map.createPane("naSelected").style.zIndex = 450;  /* the selection ring, over every place */
          layer.addTo(map);
          /* the shading (_Shading) colours these same shapes: one download for both */
          window.naBordersData = fetch(url).then(function (r) { return r.json(); });
          window.naBordersData.then(function (data) {
            layer.addData(data);
            layer.fire("naloaded");
          });
        })({{ this._parent.get_name() }}, {{ this.get_name() }}, {{ this.url }});
        {% endmacro %}
    """)

    def __init__(self, url: str, style: dict[str, Any]) -> None:
        super().__init__()
        self._name = "BordersLayer"
        self.url = json.dumps(url)
        self.style = json.dumps(style)


def base_map(*, tiles: Tiles = "none", assets: MapAssets | None = None) -> folium.Map:
    """The stable part of the dashboard map: Leaflet, markercluster and the plain borders, from ``assets``
    (addresses the browser keeps, geo.dashboard.static) or else inline as ``data:`` URIs."""
    check_tiles(tiles)
    assets = assets or map_assets(borders_json())
    # maxZoom on the map itself: with no tile layer Leaflet has none, and markercluster needs one
    fmap = folium.Map(location=[18.0, 5.0], zoom_start=3, tiles=None, control_scale=True, min_zoom=2, maxZoom=18,
                      world_copy_jump=False)
    fmap.default_js = list(assets.js)
    fmap.default_css = list(assets.css)
    if tiles == "osm":
        layer = folium.TileLayer("OpenStreetMap", control=False)
        layer.add_to(fmap)
        _TileFailureNotice(layer).add_to(fmap)
    style = {"color": BORDER_COLOR, "weight": 0.7, "fillColor": LAND_COLOR,
             "fillOpacity": 0.0 if tiles == "osm" else 1.0}
    borders = _BordersLayer(assets.borders, style)
    borders.add_to(fmap)
    _CountryNames(borders).add_to(fmap)
    _PositionInUrl(MAP_PARAM).add_to(fmap)
    _Keeper().add_to(fmap)
    return fmap


class _Keeper(MacroElement):
    """``window.naKeep``: layers that stay on the map across reruns. st_folium removes every changing group
    and runs their scripts again on each rerun; re-adding thousands of places makes Leaflet project and
    draw them all again. A slot (the places, the claims, the shading) keeps its layers in a group of its own
    on the map while its key (what they show) is the same; a rerun without that slot clears it. The group
    is on the map when st_folium binds its click handler, and passes its layers' clicks up to it."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
          var slots = window.naPlaces = {};
          // make() returns the layers, or a promise of them; a slot's layers are built once per key
          window.naKeep = function (owner, slot, key, make) {
            var kept = slots[slot] = slots[slot] || {holder: L.featureGroup().addTo(map), key: null, shown: null};
            kept.owner = owner;
            owner.on("remove", function () {  // st_folium removes the groups, then runs the new scripts
              setTimeout(function () {
                if (kept.owner === owner) { kept.holder.clearLayers(); kept.key = kept.shown = null; }
              }, 0);
            });
            if (kept.key === key) { return; }
            kept.key = key;
            Promise.resolve().then(make).then(function (layers) {
              if (kept.key !== key) { return; }  // a newer view came meanwhile
              kept.holder.clearLayers();
              layers.forEach(function (layer) { kept.holder.addLayer(layer); });
              kept.shown = key;
              kept.holder.fire("nashown");
            }).catch(function (error) {
              var note = L.control({position: "topright"});
              note.onAdd = function () {
                var box = L.DomUtil.create("div", "na-notice leaflet-bar");
                box.style.cssText = "background:#fff;padding:4px 8px;font:13px sans-serif";
                box.textContent = "Part of the map could not be loaded (" + error.message + "): reload the page.";
                return box;
              };
              note.addTo(map);
              owner.on("remove", function () { note.remove(); });
            });
          };
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "Keeper"


#: Past this many points the map clusters them (markercluster); zoomed in to CLUSTER_OFF_ZOOM every point shows.
CLUSTER_MIN_POINTS = 300
CLUSTER_OFF_ZOOM = 9


class _Places(MacroElement):
    """Every place of the view in one layer: areas as one GeoJSON layer, points as circle markers, clustered
    past CLUSTER_MIN_POINTS. Each area and marker carries its own tooltip ("Name · kind", escaped), which is how
    st_folium reports which place a click was on. The data is one JSON document (no script per place), so
    thousands of places cost one ``JSON.parse``: a file the browser fetches and keeps (``payload_url``), or
    inline. They stay on the map while they are the same (``_Keeper``): a selection only draws its ring."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (parent, source, slot) {
          // Chromium makes a shape with focus listeners (its tooltip's) a tab stop: hundreds of them. The keyboard
          // reaches places through the Place box and the table, so each place's element leaves the tab order.
          function untab(layer) {
            var el = layer.getElement && layer.getElement();
            if (el) { el.setAttribute("tabindex", "-1"); }
          }
          function placed(layer) {
            layer.on("add", function () { untab(layer); });
            untab(layer);
            return layer;
          }
          function build(data) {  // the places' Leaflet layers (thousands: built once per set of places)
            var areas = L.geoJSON(data.areas, {
              style: function (f) { return f.properties.style; },
              onEachFeature: function (f, layer) { placed(layer).bindTooltip(f.properties.tip, {sticky: true}); }
            });
            var markers = data.points.map(function (p) {  // [lat, lon, radius, style index, tooltip, class]
              var options = Object.assign({radius: p[2], className: p[5]}, data.styles[p[3]]);
              return placed(L.circleMarker([p[0], p[1]], options)).bindTooltip(p[4], {sticky: true});
            });
            var points;
            if (markers.length > data.cluster_min && L.markerClusterGroup) {
              // cluster bubbles are no tab stops: the keyboard reaches places through the Place box and the table
              L.MarkerCluster.mergeOptions({keyboard: false});
              points = L.markerClusterGroup({maxClusterRadius: 40, showCoverageOnHover: false,
                                             disableClusteringAtZoom: data.cluster_off_zoom});
              points.addLayers(markers);  // in bulk: clusters computed once, not per marker
            } else {
              points = L.featureGroup(markers);  // a feature group passes clicks up to st_folium's handler
            }
            var map = window.map, outlined = true;
            function outlines() {  // close up, the overview's coarse outlines would stray from the borders
              var wanted = map.getZoom() < data.outline_below_zoom;
              if (wanted === outlined) { return; }
              outlined = wanted;
              areas.setStyle(function (f) {
                return wanted ? f.properties.style : Object.assign({}, f.properties.style, {opacity: 0});
              });
            }
            areas.on("add", function () { map.on("zoomend", outlines); outlines(); });
            areas.on("remove", function () { map.off("zoomend", outlines); });
            return [areas, points];
          }
          // ``source`` is the places' file (a content-hashed address: its own key) or the data itself
          var key = typeof source === "string" ? source : source.key;
          window.naKeep(parent, slot, key, function () {
            if (typeof source !== "string") { return build(source); }
            return fetch(source).then(function (r) {
              if (!r.ok) { throw new Error("HTTP " + r.status); }
              return r.json();
            }).then(build);
          });
        })({{ this._parent.get_name() }}, {{ this.source }}, {{ this.slot }});
        {% endmacro %}
    """)

    def __init__(self, source: str, slot: str = "places") -> None:
        super().__init__()
        self._name = "Places"
        self.source = source  # a ``places_payload``, or the JSON string of the address of one (places_source)
        self.slot = json.dumps(slot)  # which layers it may reuse (the store's places, the article's claims)


def place_layers(layers: gpd.GeoDataFrame, *, selected: str | None = None, tiles: Tiles = "none",
                 payload: str | None = None, payload_url: str | None = None) -> list[folium.FeatureGroup]:
    """The changing layers: country shading by mentions, the places (one layer), the claims of the article
    shown (another, so that switching articles leaves the places' layers as they are), the selection ring.
    ``payload`` is ``places_payload`` of the rows that are not claims, when the caller kept it;
    ``payload_url`` the address the browser fetches it from (then the map message does not carry it)."""
    groups: list[folium.FeatureGroup] = []
    is_claim = layers["kind"] == Kind.CLAIM
    close_up = selected is not None and bool(is_claim[layers["place_id"] == selected].any())
    shading = _shading_group(country_mention_counts(layers), with_tiles=tiles == "osm", pale=close_up)
    if shading is not None:
        groups.append(shading)
    places = folium.FeatureGroup(name="Places", control=False)
    source = json.dumps(payload_url) if payload_url else (payload or places_payload(layers[~is_claim]))
    _Places(source, slot="places").add_to(places)
    groups.append(places)
    if is_claim.any():
        claims = folium.FeatureGroup(name="Claims", control=False)
        _Places(places_payload(layers[is_claim]), slot="claims").add_to(claims)
        groups.append(claims)
    if selected is not None:
        row = next((r for r in layers.itertuples(index=False) if r.place_id == selected), None)
        if row is not None:
            groups.append(_selection_group(row))
    return groups


def places_payload(layers: gpd.GeoDataFrame) -> str:
    """The places as the map's script reads them: ``{"areas": FeatureCollection, "points": [...]}``, areas
    largest first (smaller ones stay clickable on top), escaped for a ``<script>`` (no ``</``)."""
    areas, points = [], []
    styles: dict[str, int] = {}  # a point's style but its radius and class, as JSON -> index (a few dozen)
    for row in draw_order(layers.itertuples(index=False)):
        sure = row.kind == Kind.CLAIM or is_confident(float(row.confidence))
        if row.geometry.geom_type == "Point":
            style = _leaflet_options(point_style(row) if sure else uncertain_point_style(point_style(row)))
            radius, css = style.pop("radius"), style.pop("className")
            index = styles.setdefault(json.dumps(style, sort_keys=True), len(styles))
            points.append([round(float(row.geometry.y), 4), round(float(row.geometry.x), 4), round(radius, 1),
                           index, tooltip_text(row), css])
        else:
            style = shape_style(row)  # claims coloured by claimant, as on the static map
            areas.append({"type": "Feature", "geometry": _web_geometry(row.geometry.wkb, row.kind != Kind.CLAIM),
                          "properties": {"tip": tooltip_text(row),
                                         "style": style if sure else uncertain_shape_style(style)}})
    payload = {"areas": {"type": "FeatureCollection", "features": areas}, "points": points,
               "styles": [json.loads(style) for style in styles],
               "cluster_min": CLUSTER_MIN_POINTS, "cluster_off_zoom": CLUSTER_OFF_ZOOM,
               "outline_below_zoom": CLOSE_UP_ZOOM}
    # the map reuses its layers while the places are the same (a selection redraws only its ring)
    payload["key"] = hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()[:16]
    return json.dumps(payload, separators=(",", ":")).replace("</", "<\\/")


def _leaflet_options(style: dict[str, Any]) -> dict[str, Any]:
    """folium's snake_case path options (``fill_color``) as Leaflet's camelCase (``fillColor``)."""
    def camel(key: str) -> str:
        head, *rest = key.split("_")
        return head + "".join(part.capitalize() for part in rest)

    return {camel(k): v for k, v in style.items()}


class _Shading(MacroElement):
    """Countries filled by mentions, drawn from the base map's borders (the file the browser fetched once):
    the map message carries only each country's colour."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (group, colors, opacity, key) {
          if (!window.naBordersData) { return; }
          window.naKeep(group, "shading", key, function () {
            return window.naBordersData.then(function (data) {
              var features = data.features.filter(function (f) { return colors[f.properties.code]; });
              return [L.geoJSON({type: "FeatureCollection", features: features}, {
                pane: "naShading", interactive: false,
                style: function (f) {
                  return {stroke: false, fillColor: colors[f.properties.code], fillOpacity: opacity};
                }
              })];
            });
          });
        })({{ this._parent.get_name() }}, {{ this.colors }}, {{ this.opacity }}, {{ this.key }});
        {% endmacro %}
    """)

    def __init__(self, colors: dict[str, str], opacity: float) -> None:
        super().__init__()
        self._name = "Shading"
        self.colors = json.dumps(colors, sort_keys=True)
        self.opacity = json.dumps(opacity)
        self.key = json.dumps(f"{opacity}:{self.colors}")


def _shading_group(counts: dict[str, int], *, with_tiles: bool, pale: bool = False) -> folium.FeatureGroup | None:
    """Countries filled by mentions, in the static map's classes (``shade_breaks``: a big corpus is not all dark
    red). No outline: the base map's border is the only one drawn. ``pale`` for a close-up on a claim, whose
    bands must read over the fill."""
    shapes = _borders()[1]
    breaks = shade_breaks(counts)
    colors = {code: color for code, n in sorted(counts.items())
              if (color := shade_color(n, breaks)) and code in shapes}
    if not colors:
        return None
    group = folium.FeatureGroup(name="Mentions per country")
    _Shading(colors, 0.3 if pale else (0.75 if with_tiles else 1.0)).add_to(group)
    return group


#: Around a selected claim, the real borders are drawn this far (degrees) beyond its shape.
FINE_BORDER_MARGIN_DEG = 3.0
FINE_BORDER_TOLERANCE_DEG = 0.002  # ~200 m: finer than a pixel at the close-up's zoom


class _FineBorders(MacroElement):
    """A claim's close-up: from CLOSE_UP_ZOOM, the real border lines around it replace the simplified ones of
    the base map, so that the band (cut along the real border) and the line drawn agree. Undone when the
    selection changes (the group is removed) or the reader zooms out."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (group, lines, style, fromZoom) {
          var map = group._map || window.map;
          if (!map) { return; }
          var fine = L.geoJSON(lines, {interactive: false, style: function () { return style; }});
          function swap() {
            var close = map.getZoom() >= fromZoom;
            if (close && !group.hasLayer(fine)) { group.addLayer(fine); }
            if (!close && group.hasLayer(fine)) { group.removeLayer(fine); }
            if (window.naBorders) { window.naBorders.setStyle({opacity: close ? 0 : 1}); }
          }
          map.on("zoomend", swap);
          group.on("remove", function () {
            map.off("zoomend", swap);
            if (window.naBorders) { window.naBorders.setStyle({opacity: 1}); }
          });
          swap();
        })({{ this._parent.get_name() }}, {{ this.lines }}, {{ this.style }}, {{ this.from_zoom }});
        {% endmacro %}
    """)

    def __init__(self, lines: dict[str, Any]) -> None:
        super().__init__()
        self._name = "FineBorders"
        self.lines = json.dumps(lines).replace("</", "<\\/")
        self.style = json.dumps({"color": BORDER_COLOR, "weight": 1.0, "opacity": 1})
        self.from_zoom = CLOSE_UP_ZOOM


def fine_borders_near(geom: Any, margin: float = FINE_BORDER_MARGIN_DEG) -> dict[str, Any]:
    """The real country borders (Natural Earth, barely simplified) within ``margin`` degrees of ``geom``, as
    a GeoJSON geometry of lines."""
    from geo.geometry.borders import load_countries

    box = shapely.box(*geom.buffer(margin).bounds)
    countries = load_countries().geometry
    near = countries[countries.intersects(box)]
    lines = shapely.union_all([shapely.intersection(shapely.boundary(g), box) for g in near])
    return mapping(shapely.simplify(lines, FINE_BORDER_TOLERANCE_DEG))


def _selection_group(row: Any) -> folium.FeatureGroup:
    """A dark ring (point) or outline (area) on top of the selected place; it takes no clicks."""
    group = folium.FeatureGroup(name="Selected place", control=False)
    geom = row.geometry
    if geom.geom_type == "Point":
        radius = marker_radius(int(row.mentions)) + SELECTION_RING_PX
        folium.CircleMarker(location=[geom.y, geom.x], radius=radius, color=SELECTED_COLOR, weight=3,
                            fill=False, interactive=False, class_name="na-selected", pane="naSelected").add_to(group)
    else:
        style = {"color": SELECTED_COLOR, "weight": 3.5, "fill": False, "className": "na-selected"}
        folium.GeoJson({"type": "Feature", "properties": {}, "geometry": _web_geometry(geom.wkb)},
                       interactive=False, style_function=lambda _f: style, pane="naSelected").add_to(group)
    if row.kind == Kind.CLAIM:
        _FineBorders(fine_borders_near(geom)).add_to(group)
    return group


# --- the view --------------------------------------------------------------------------------------


def view_for_bounds(south: float, west: float, north: float, east: float, *, max_zoom: int = 8,
                    width: int = MAP_WIDTH, height: int = MAP_HEIGHT) -> tuple[list[float], int]:
    """Centre and the largest whole zoom level at which the box fits the map (Web Mercator)."""
    def merc(lat: float) -> float:
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    dx = max(east - west, 1e-6) / 360.0
    dy = max(merc(north) - merc(south), 1e-6) / (2 * math.pi)
    zoom = math.floor(min(math.log2(width / 256 / dx), math.log2(height / 256 / dy)))
    zoom = max(2, min(zoom, max_zoom))
    lat = math.degrees(math.atan(math.sinh((merc(north) + merc(south)) / 2)))
    return [round(lat, 4), round((west + east) / 2, 4)], zoom


def focus_view(row: Any, *, point_zoom: int = 5, max_extent: float = 40.0) -> tuple[list[float], int]:
    """Where to look for one place: around a point, or around its area (huge ones by their point)."""
    geom = row.geometry
    if geom.geom_type == "Point":
        return [round(float(geom.y), 4), round(float(geom.x), 4)], point_zoom
    west, south, east, north = geom.bounds
    if east - west > max_extent or north - south > max_extent:
        return [round(float(row.lat), 4), round(float(row.lon), 4)], 3
    return view_for_bounds(south - 0.5, west - 0.5, north + 0.5, east + 0.5)


def overview(layers: gpd.GeoDataFrame) -> tuple[list[float], int]:
    """The first view: where most mentions are (the static map's ``focus_bounds``), so that one mention of
    Russia does not widen the view from the Sahel to Eurasia."""
    (south, west), (north, east) = focus_bounds(layers)
    return view_for_bounds(south, west, north, east, max_zoom=6)
