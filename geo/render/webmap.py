"""The static map: one self-contained HTML file with a layer per place, tied to its sentences.

Every string shown to the reader passes through ``escape_text`` once, and only escaped pieces are
joined into the HTML folium inserts (popups, tooltips, layer names, legend, title). folium puts popup
and tooltip HTML inside JavaScript template literals, so the helper also neutralises ``\\``, backtick
and ``$``. Leaflet and the other scripts come from ``data/assets`` as ``data:`` URIs set on the map
*instance*, so opening the file makes no network request unless OpenStreetMap tiles were asked for.
"""

from __future__ import annotations

import base64
import html
import math
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Literal

import folium
import geopandas as gpd
import shapely
from branca.element import Element, Figure
from folium.plugins import GroupedLayerControl
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geo.claims.extract import claim_popup_html, claim_style, claim_tooltip, claims_legend_html
from geo.layers.table import country_mention_counts
from geo.settings import DATA_DIR

Tiles = Literal["none", "osm"]

ASSETS_DIR = DATA_DIR / "assets"

#: Simplification of shapes sent to the browser (degrees): places get a tolerance of their extent
#: divided by SIMPLIFY_DIVISOR within these bounds; borders are coarser (places redraw what matters).
SIMPLIFY_MIN_DEG, SIMPLIFY_MAX_DEG, SIMPLIFY_DIVISOR = 0.005, 0.1, 1500
GRID_DEG = 0.001
#: Claims are bands a few km wide (geo/claims.py): simplified far less than places.
CLAIM_SIMPLIFY_DEG = 0.0005
BORDER_SIMPLIFY_DEG, BORDER_GRID_DEG = 0.15, 0.01

#: Longest sentence excerpt shown in a popup, and most sentences listed per place.
EXCERPT_CHARS = 360
MAX_SENTENCES = 40

#: Group headings in the layer control, by place kind.
KIND_GROUPS = {
    "city": "Towns and cities", "town": "Towns and cities", "country": "Countries",
    "admin1": "Provinces and regions (admin-1)", "region": "Regions", "group": "Groups of countries",
    "part": "Parts of countries", "claim": "Claimed areas", "county": "Counties (US)",
}

#: Path style of each kind of area.
AREA_STYLES = {
    "country": {"color": "#5b4636", "weight": 1.6, "fillColor": "#5b4636", "fillOpacity": 0.0},
    "admin1": {"color": "#d95f02", "weight": 1.6, "fillColor": "#d95f02", "fillOpacity": 0.15},
    "region": {"color": "#1f78b4", "weight": 2, "dashArray": "7 5", "fillColor": "#1f78b4", "fillOpacity": 0.04},
    "group": {"color": "#6a3d9a", "weight": 2.5, "dashArray": "2 5", "fillColor": "#6a3d9a", "fillOpacity": 0.05},
    "part": {"color": "#1b9e77", "weight": 2, "fillColor": "#1b9e77", "fillOpacity": 0.22},
    "claim": {"color": "#e7298a", "weight": 2, "dashArray": "4 4", "fillColor": "#e7298a", "fillOpacity": 0.12},
}
POINT_COLORS = {"city": "#b2182b", "town": "#d6604d", "county": "#7b3294"}

#: Mention-count classes for country shading (lower bounds) and their colours.
SHADE_BREAKS = (1, 2, 5, 10, 20)
SHADE_COLORS = ("#fee8c8", "#fdd49e", "#fc8d59", "#e34a33", "#b30000")
LAND_COLOR, SEA_COLOR, BORDER_COLOR = "#f3f0e8", "#d5e6f0", "#8f8f8f"


def escape_text(value: object) -> str:
    """HTML-escape ``value`` and neutralise the characters special in JS template literals.

    The one helper for every string shown on the map: ``html.escape(quote=True)``, then
    ``\\`` → ``&#92;``, backtick → ``&#96;``, ``$`` → ``&#36;``.
    """
    text = html.escape(str(value), quote=True)
    return text.replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


# --- offline assets -----------------------------------------------------------------------------

_JS_ASSETS = (
    ("leaflet", "leaflet/dist/leaflet.js"),
    ("jquery", "jquery/dist/jquery.min.js"),
)
_CSS_ASSETS = (("leaflet_css", "leaflet/dist/leaflet.css"),)
_GROUPED_JS = (("leaflet.groupedlayercontrol.min.js",
                "leaflet-groupedlayercontrol/dist/leaflet.groupedlayercontrol.min.js"),)
_GROUPED_CSS = (("leaflet.groupedlayercontrol.min.css",
                 "leaflet-groupedlayercontrol/dist/leaflet.groupedlayercontrol.min.css"),)


def _data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


@cache
def asset_uri(relpath: str) -> str:
    """A vendored asset as a ``data:`` URI; CSS gets its ``url(images/…)`` inlined, JS loses its
    source-map comment (which would point at a file that is not there)."""
    path = ASSETS_DIR / relpath
    if path.suffix == ".js":
        text = re.sub(r"//# sourceMappingURL=\S+\s*$", "", path.read_text(encoding="utf-8"))
        return _data_uri(text.encode("utf-8"), "text/javascript")
    if path.suffix == ".css":
        def inline(match: re.Match[str]) -> str:
            image = path.parent / match.group(1)
            return f"url({_data_uri(image.read_bytes(), 'image/png')})" if image.is_file() else match.group(0)
        text = re.sub(r"url\((images/[\w.-]+\.png)\)", inline, path.read_text(encoding="utf-8"))
        return _data_uri(text.encode("utf-8"), "text/css")
    raise ValueError(f"not a JS or CSS asset: {relpath}")


def _embed(element: folium.MacroElement, js: Sequence[tuple[str, str]], css: Sequence[tuple[str, str]]) -> None:
    """Point an element instance (never its class) at embedded copies of its scripts and styles."""
    element.default_js = [(name, asset_uri(rel)) for name, rel in js]
    element.default_css = [(name, asset_uri(rel)) for name, rel in css]


# --- geometry -------------------------------------------------------------------------------------


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
        return [[-40.0, -30.0], [60.0, 60.0]]
    west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
    east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
    return [[max(south, -85.0), max(west, -180.0)], [min(north, 85.0), min(east, 180.0)]]


# --- text pieces ----------------------------------------------------------------------------------


def shade_color(count: int) -> str | None:
    """Fill colour of a country mentioned ``count`` times (None when never mentioned)."""
    color = None
    for lower, shade in zip(SHADE_BREAKS, SHADE_COLORS, strict=True):
        if count >= lower:
            color = shade
    return color


def excerpt(text: str, spans: Sequence[Sequence[int]], limit: int = EXCERPT_CHARS) -> tuple[str, list[list[int]]]:
    """Cut a long sentence to about ``limit`` characters around its first span; spans shifted."""
    if len(text) <= limit or not spans:
        return text, [list(s) for s in spans]
    first = spans[0][0]
    start = max(0, min(first - limit // 3, len(text) - limit))
    end = start + limit
    kept = [[s - start, e - start] for s, e in spans if s >= start and e <= end]
    prefix, suffix = ("…" if start else ""), ("…" if end < len(text) else "")
    shift = len(prefix)
    return prefix + text[start:end] + suffix, [[s + shift, e + shift] for s, e in kept]


def highlight(text: str, spans: Sequence[Sequence[int]]) -> str:
    """Escaped ``text`` with each span wrapped in ``<mark>`` (overlapping spans merged)."""
    out, pos = [], 0
    for start, end in sorted((max(s, 0), min(e, len(text))) for s, e in spans):
        start = max(start, pos)
        if start >= end:
            continue
        out += [escape_text(text[pos:start]), "<mark>", escape_text(text[start:end]), "</mark>"]
        pos = end
    out.append(escape_text(text[pos:]))
    return "".join(out)


def country_name(code: str) -> str:
    """English short name of an ISO 3166-1 alpha-2 code (the code itself when unknown)."""
    if not code:
        return ""
    import pycountry

    country = pycountry.countries.get(alpha_2=code.upper())
    return getattr(country, "common_name", None) or getattr(country, "name", code) if country else code


def format_coords(lat: float, lon: float) -> str:
    """``19.9533° N, 2.9667° E``."""
    return f"{abs(lat):.4f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.4f}° {'E' if lon >= 0 else 'W'}"


def popup_html(row: object) -> str:
    """Popup of a place: name, kind, country, coordinates, then every sentence that mentions it,
    the mention highlighted and the article title beside it. Built from escaped pieces only."""
    sentences = list(getattr(row, "sentences", None) or [])
    country = country_name(row.country_code)
    meta = [escape_text(row.kind)]
    if country:
        meta.append(f"{escape_text(country)} ({escape_text(row.country_code)})")
    meta.append(escape_text(format_coords(row.lat, row.lon)))
    n = int(row.mentions)
    meta.append(f"{n} mention{'s' if n != 1 else ''}")
    items = []
    for link in sentences[:MAX_SENTENCES]:
        text, spans = excerpt(link["text"], link["spans"])
        title = link.get("title") or link.get("doc_id") or "Untitled article"
        items.append(f'<li><span class="na-sent">{highlight(text, spans)}</span>'
                     f'<span class="na-src">{escape_text(title)}</span></li>')
    more = len(sentences) - MAX_SENTENCES
    if more > 0:
        items.append(f'<li class="na-more">… and {more} more sentence{"s" if more != 1 else ""}</li>')
    return (f'<div class="na-pop"><div class="na-name">{escape_text(row.name)}</div>'
            f'<div class="na-meta">{" · ".join(meta)}</div><ol class="na-sents">{"".join(items)}</ol></div>')


def tooltip_text(row: object) -> str:
    """Short hover label: name and kind, escaped."""
    return f"<b>{escape_text(row.name)}</b> · {escape_text(row.kind)}"


def shade_classes(counts: dict[str, int]) -> list[tuple[str, str]]:
    """(label, colour) of the country shading classes up to the largest count ("1", "2–4", "20+")."""
    top = max(counts.values(), default=0)
    classes = []
    for i, (lower, color) in enumerate(zip(SHADE_BREAKS, SHADE_COLORS, strict=True)):
        if lower > top:
            break
        upper = SHADE_BREAKS[i + 1] - 1 if i + 1 < len(SHADE_BREAKS) else None
        classes.append((str(lower) if upper == lower else (f"{lower}–{upper}" if upper else f"{lower}+"), color))
    return classes


def legend_html(counts: dict[str, int], kinds: Sequence[str], extra: str = "") -> str:
    """Legend: country shading classes (only those used) and the symbol of each kind on the map."""
    rows = [f'<div><i class="na-sw" style="background:{color}"></i>{label}</div>'
            for label, color in shade_classes(counts)]
    symbols = []
    for kind in dict.fromkeys(kinds):
        if kind in POINT_COLORS:
            swatch = f'<i class="na-dot" style="background:{POINT_COLORS[kind]}"></i>'
        else:
            style = AREA_STYLES.get(kind, AREA_STYLES["region"])
            dash = "dashed" if "dashArray" in style else "solid"
            swatch = f'<i class="na-sw" style="border:2px {dash} {style["color"]};background:none"></i>'
        symbols.append(f"<div>{swatch}{escape_text(kind)}</div>")
    shading = (f'<div class="na-lh">Mentions per country</div>{"".join(rows)}'
               '<div class="na-note">a country counts its towns and parts too</div>') if rows else ""
    kinds_html = f'<div class="na-lh">Places</div>{"".join(symbols)}' if symbols else ""
    return f'<div class="na-legend">{shading}{kinds_html}{extra}</div>'


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


# --- the map --------------------------------------------------------------------------------------


def build_map(
    layers: gpd.GeoDataFrame,
    *,
    title: str = "News Atlas",
    tiles: Tiles = "none",
    countries: gpd.GeoDataFrame | None = None,
) -> folium.Map:
    """A folium map of ``layers`` (see ``geo.layers.table.build_layers``) over country borders.

    ``countries`` (iso_a2, geometry) defaults to ``geo.geometry.borders.load_countries()``.
    """
    if tiles not in ("none", "osm"):
        raise ValueError(f"tiles must be 'none' or 'osm', not {tiles!r}")
    if countries is None:
        # imported on use: it loads boundary data
        from geo.geometry.borders import load_countries

        countries = load_countries()
    figure = Figure(title=escape_text(title))
    # Before Leaflet loads (folium's own disable_3d flag is set too late): without 3D transforms the
    # SVG layers paint completely under software compositing (headless browsers, GPU-less machines).
    figure.header.add_child(Element("<script>L_DISABLE_3D = true;</script>"), name="news_atlas_no3d")
    fmap = folium.Map(tiles=None, control_scale=True, min_zoom=2, world_copy_jump=False)
    _embed(fmap, _JS_ASSETS, _CSS_ASSETS)
    figure.add_child(fmap)
    if tiles == "osm":
        folium.TileLayer("OpenStreetMap", control=False).add_to(fmap)
    counts = country_mention_counts(layers)
    _borders_layer(countries, counts, with_tiles=tiles == "osm").add_to(fmap)

    groups: dict[str, list[folium.FeatureGroup]] = {}
    for row in _draw_order(layers):
        group = _place_layer(row)
        group.add_to(fmap)
        groups.setdefault(KIND_GROUPS.get(row.kind, row.kind.title()), []).append(group)
    if groups:
        ordered = {escape_text(name): groups[name] for name in _group_order(groups)}
        control = GroupedLayerControl(ordered, exclusive_groups=False, collapsed=False, position="topright")
        _embed(control, _GROUPED_JS, _GROUPED_CSS)
        control.add_to(fmap)

    fmap.fit_bounds(view_bounds(layers))
    figure.header.add_child(Element(_CSS), name="news_atlas_css")
    n = len(layers)
    figure.html.add_child(Element(
        f'<div class="na-title"><h1>{escape_text(title)}</h1>'
        f'<p>{n} place{"s" if n != 1 else ""} · click a place to read the sentences that name it</p></div>'
    ), name="news_atlas_title")
    figure.html.add_child(Element(legend_html(counts, list(layers["kind"]),
                                                claims_legend_html(layers, escape_text))), name="news_atlas_legend")
    return fmap


def _group_order(groups: dict[str, list]) -> list[str]:
    preferred = list(dict.fromkeys(KIND_GROUPS.values()))
    return sorted(groups, key=lambda g: preferred.index(g) if g in preferred else len(preferred))


def _draw_order(layers: gpd.GeoDataFrame) -> list:
    """Largest areas first, points last, so smaller places stay clickable on top."""
    rows = list(layers.itertuples(index=False))
    return sorted(rows, key=lambda r: (r.geometry.geom_type == "Point", -r.geometry.area))


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


def _place_layer(row: object) -> folium.FeatureGroup:
    """One place as a FeatureGroup: a marker sized by mentions, or its shape; with popup and tooltip."""
    group = folium.FeatureGroup(name=f"{escape_text(row.name)} <small>({int(row.mentions)})</small>")
    popup = folium.Popup(claim_popup_html(row, escape_text, highlight) if row.kind == "claim" else popup_html(row),
                         max_width=420, lazy=True)
    tooltip = folium.Tooltip(claim_tooltip(row, escape_text) if row.kind == "claim" else tooltip_text(row),
                             sticky=True)
    geom = row.geometry
    css_class = f"na-place na-{place_css_id(row.kind)} na-id-{place_css_id(row.place_id)}"
    if geom.geom_type == "Point":
        radius = min(5 + 3 * math.sqrt(int(row.mentions)), 22)
        color = POINT_COLORS.get(row.kind, POINT_COLORS["city"])
        folium.CircleMarker(
            location=[geom.y, geom.x], radius=radius, color="#ffffff", weight=1.5, fill=True,
            fill_color=color, fill_opacity=0.9, popup=popup, tooltip=tooltip,
            class_name=css_class,
        ).add_to(group)
    else:
        style = dict(AREA_STYLES.get(row.kind, AREA_STYLES["region"]), className=css_class)
        if row.kind == "claim":  # coloured by claimant (geo/claims.py)
            style.update(claim_style(row))
        shape = folium.GeoJson(
            {"type": "Feature", "properties": {},
             "geometry": mapping(simplify_for_web(geom, CLAIM_SIMPLIFY_DEG if row.kind == "claim" else None))},
            style_function=lambda _f, style=style: style, highlight_function=None,
        )
        shape.add_child(popup)
        shape.add_child(tooltip)
        shape.add_to(group)
    return group


def place_css_id(value: str) -> str:
    """A place id as a CSS class fragment (``gn:2476086`` → ``gn_2476086``), for tests and styling."""
    return re.sub(r"[^\w-]", "_", str(value))


def render_html(layers: gpd.GeoDataFrame, *, title: str = "News Atlas", tiles: Tiles = "none",
                countries: gpd.GeoDataFrame | None = None) -> str:
    """The complete, self-contained HTML page of ``build_map`` (also the dashboard's download)."""
    return build_map(layers, title=title, tiles=tiles, countries=countries).get_root().render()


# --- the `map` command ----------------------------------------------------------------------------


def write_map(paths: Sequence[Path], out: Path, *, tiles: Tiles = "none", title: str | None = None) -> Path:
    """Parse ``paths`` as ``python -m geo parse`` does, build the layers and write the self-contained
    map to ``out``. Unreadable articles are reported on stderr and skipped."""
    from geo.layers.table import build_layers
    from geo.cli.parse import load_and_parse

    parsed, _status = load_and_parse(list(map(Path, paths)))
    layers = build_layers(parsed)
    if title is None:
        title = parsed[0][0].title if len(parsed) == 1 else f"News Atlas: {len(parsed)} articles"
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(layers, title=title, tiles=tiles), encoding="utf-8")
    return out
