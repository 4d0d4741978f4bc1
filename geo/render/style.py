"""One style for every map (the static map and the dashboard): colours, symbols, order, labels.

Kinds' colours, outline styles and layer groups come from ``geo.vocabulary.KINDS``; this module turns
them into Leaflet path styles and adds what only maps need: country shading by mentions, marker
sizes, the draw order and the text of coordinates and country names.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from geo.claims import claim_props
from geo.claims.rows import UNATTRIBUTED_COLOR
from geo.gazetteer.sources import country_name
from geo.vocabulary import KINDS, Kind, group_order, kind_info

#: Mention-count classes for country shading (lower bounds) and their colours.
SHADE_BREAKS = (1, 2, 5, 10, 20)
SHADE_COLORS = ("#fee8c8", "#fdd49e", "#fc8d59", "#e34a33", "#b30000")
#: Largest country count shaded with the fixed SHADE_BREAKS; above it the static map spreads the classes.
ADAPT_ABOVE = 100
LAND_COLOR, SEA_COLOR, BORDER_COLOR = "#f3f0e8", "#d5e6f0", "#8f8f8f"
#: Colour of the ring drawn around the selected place (dashboard).
SELECTED_COLOR = "#111111"
#: Colour of a kind the vocabulary does not know.
DEFAULT_COLOR = "#777777"

#: Point markers: radius = MARKER_BASE_PX + MARKER_STEP_PX * sqrt(mentions), at most MARKER_MAX_PX.
MARKER_BASE_PX, MARKER_STEP_PX, MARKER_MAX_PX = 5.0, 3.0, 22.0
#: Extra radius of the selection ring around a point marker.
SELECTION_RING_PX = 5.0

__all__ = ["BORDER_COLOR", "LAND_COLOR", "SEA_COLOR", "SELECTED_COLOR", "area_style", "claim_style",
           "country_label", "country_name", "css_class", "draw_order", "format_coords", "group_rank", "kind_color",
           "marker_radius", "place_css_id", "point_style", "shade_breaks", "shade_classes", "shade_color",
           "shape_style"]


def kind_color(kind: str) -> str:
    """Colour of a kind of place: an area's outline, a point's fill."""
    info = kind_info(kind)
    return info.color if info else DEFAULT_COLOR


def area_style(kind: str) -> dict[str, Any]:
    """Leaflet path style of an area of this kind (unknown kinds are drawn as regions)."""
    info = kind_info(kind) or KINDS[Kind.REGION]
    style: dict[str, Any] = {"color": info.color, "weight": info.weight, "fillColor": info.color,
                             "fillOpacity": info.fill_opacity}
    if info.dash:
        style["dashArray"] = info.dash
    return style


def claim_style(row: object) -> dict[str, Any]:
    """Leaflet path style of a claim row: its claimant's colour."""
    color = claim_props(row).get("color", UNATTRIBUTED_COLOR)
    return {"color": color, "fillColor": color, "fillOpacity": 0.35, "weight": 2, "dashArray": "4 3"}


def css_class(row: Any) -> str:
    """CSS classes of a place's symbol: ``na-place na-<kind> na-id-<place id>`` (tests and styling)."""
    return f"na-place na-{place_css_id(row.kind)} na-id-{place_css_id(row.place_id)}"


def point_style(row: Any) -> dict[str, Any]:
    """``folium.CircleMarker`` options of a point place: sized by mentions, coloured by kind."""
    return {"radius": marker_radius(int(row.mentions)), "color": "#ffffff", "weight": 1.5, "fill": True,
            "fill_color": kind_color(row.kind), "fill_opacity": 0.9, "class_name": css_class(row)}


def shape_style(row: Any) -> dict[str, Any]:
    """Leaflet path style of an area place or a claim (claims take their claimant's colour)."""
    style = dict(area_style(row.kind), className=css_class(row))
    if row.kind == Kind.CLAIM:
        style.update(claim_style(row))
    return style


#: How a place the parser is unsure of is drawn (best confidence below ``geo.settings.CONFIDENT_MIN``):
#: a dashed outline and a paler fill, so the reader sees which places to check.
UNCERTAIN_DASH = "4 3"
UNCERTAIN_FILL_FACTOR = 0.45


def uncertain_point_style(style: dict[str, Any]) -> dict[str, Any]:
    """A point place's style, marked as uncertain."""
    return {**style, "color": "#444444", "dash_array": UNCERTAIN_DASH,
            "fill_opacity": style.get("fill_opacity", 0.9) * UNCERTAIN_FILL_FACTOR}


def uncertain_shape_style(style: dict[str, Any]) -> dict[str, Any]:
    """An area place's style, marked as uncertain."""
    return {**style, "dashArray": UNCERTAIN_DASH,
            "fillOpacity": float(style.get("fillOpacity", 0.3)) * UNCERTAIN_FILL_FACTOR}


def marker_radius(mentions: int) -> float:
    """Radius (px) of a point marker for a place mentioned ``mentions`` times."""
    return min(MARKER_BASE_PX + MARKER_STEP_PX * math.sqrt(mentions), MARKER_MAX_PX)


def group_rank(group: str) -> int:
    """Position of a layer-control heading (kind order; unknown headings last)."""
    order = group_order()
    return order.index(group) if group in order else len(order)


def draw_order(rows: Iterable[Any]) -> list[Any]:
    """Largest areas first, points last, so smaller places stay clickable on top."""
    return sorted(rows, key=lambda r: (r.geometry.geom_type == "Point", -r.geometry.area))


def shade_breaks(counts: dict[str, int]) -> tuple[int, ...]:
    """Lower bounds of the shading classes for these counts: ``SHADE_BREAKS`` up to a top count of
    ``ADAPT_ABOVE``; above it five classes from 1 to half the top count, evenly spaced on a log scale, each
    rounded down to 1, 2 or 5 times a power of ten (a corpus whose every country has 20+ mentions is not all
    dark red)."""
    top = max(counts.values(), default=0)
    if top <= ADAPT_ABOVE:
        return SHADE_BREAKS
    breaks = [1]
    steps = len(SHADE_BREAKS) - 1
    for i in range(1, steps + 1):
        value = _nice_floor((top / 2) ** (i / steps))
        breaks.append(max(value, breaks[-1] + 1))
    return tuple(breaks)


def _nice_floor(value: float) -> int:
    """The largest of 1, 2, 5, 10, 20, 50... not above ``value`` (at least 1)."""
    nice = 1
    for power in range(12):
        for step in (1, 2, 5):
            if step * 10**power <= value:
                nice = step * 10**power
    return nice


def shade_color(count: int, breaks: tuple[int, ...] = SHADE_BREAKS) -> str | None:
    """Fill colour of a country mentioned ``count`` times (None when never mentioned)."""
    color = None
    for lower, shade in zip(breaks, SHADE_COLORS, strict=True):
        if count >= lower:
            color = shade
    return color


def shade_classes(counts: dict[str, int], breaks: tuple[int, ...] = SHADE_BREAKS) -> list[tuple[str, str]]:
    """(label, colour) of the country shading classes up to the largest count ("1", "2–4", "20+")."""
    top = max(counts.values(), default=0)
    classes = []
    for i, (lower, color) in enumerate(zip(breaks, SHADE_COLORS, strict=True)):
        if lower > top:
            break
        upper = breaks[i + 1] - 1 if i + 1 < len(breaks) else None
        classes.append((str(lower) if upper == lower else (f"{lower}–{upper}" if upper else f"{lower}+"), color))
    return classes


def format_coords(lat: float, lon: float) -> str:
    """``19.9533° N, 2.9667° E``."""
    return f"{abs(lat):.4f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.4f}° {'E' if lon >= 0 else 'W'}"


def country_label(code: str) -> str:
    """``Russia (RU)``: the country's name (``geo.gazetteer.sources.country_name``) and code; "" for none."""
    return f"{country_name(code)} ({code})" if code else ""


def place_css_id(value: str) -> str:
    """A place id as a CSS class fragment (``gn:2476086`` → ``gn_2476086``), for tests and styling."""
    return re.sub(r"[^\w-]", "_", str(value))
