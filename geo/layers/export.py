"""Exports of the layers table, shared by ``parse --format``, the dashboard and the map: GeoJSON, CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import geopandas as gpd
from shapely.geometry import mapping

from geo.claims import claim_props
from geo.model import LAYER_COLUMNS


def event_span(sentences: Any) -> dict[str, str | None]:
    """``event_start``/``event_end`` of a place: the earliest start and latest end of its sentences' event
    times (geo.time); None when no sentence is dated."""
    starts = [s["event_start"] for s in sentences or () if s.get("event_start")]
    ends = [s["event_end"] for s in sentences or () if s.get("event_end")]
    return {"event_start": min(starts) if starts else None, "event_end": max(ends) if ends else None}


def layers_to_geojson(gdf: gpd.GeoDataFrame) -> str:
    """A GeoJSON FeatureCollection of the layers, sentences (with their event times) included as a nested
    property, and each place's ``event_start``/``event_end``."""
    features = [
        {"type": "Feature", "id": row["place_id"],
         "properties": {c: _plain(row[c]) for c in LAYER_COLUMNS} | event_span(row["sentences"]) | claim_props(row),
         "geometry": mapping(row.geometry)}
        for _, row in gdf.iterrows()
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


#: First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, prefixed with ``'``; other values unchanged."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def layers_to_csv(gdf: gpd.GeoDataFrame) -> str:
    """CSV of the layers: one line per place, ``sentences`` as JSON text, its event span, geometry as WKT;
    text cells are formula-safe (``formula_safe``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*LAYER_COLUMNS, "event_start", "event_end", "geometry_wkt"])
    sentences_at = LAYER_COLUMNS.index("sentences")
    for _, row in gdf.iterrows():
        values = [_plain(row[c]) for c in LAYER_COLUMNS]
        span = event_span(values[sentences_at])
        values[sentences_at] = json.dumps(values[sentences_at], ensure_ascii=False)
        writer.writerow([formula_safe(v) for v in [*values, span["event_start"], span["event_end"], row.geometry.wkt]])
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    """numpy scalars to Python scalars, for json."""
    return value.item() if hasattr(value, "item") else value
