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


def layers_to_geojson(gdf: gpd.GeoDataFrame) -> str:
    """A GeoJSON FeatureCollection of the layers, sentences included as a nested property."""
    features = [
        {"type": "Feature", "id": row["place_id"],
         "properties": {c: _plain(row[c]) for c in LAYER_COLUMNS} | claim_props(row),
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
    """CSV of the layers: one line per place, ``sentences`` as JSON text, geometry as WKT; text cells are
    formula-safe (``formula_safe``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*LAYER_COLUMNS, "geometry_wkt"])
    sentences_at = LAYER_COLUMNS.index("sentences")
    for _, row in gdf.iterrows():
        values = [_plain(row[c]) for c in LAYER_COLUMNS]
        values[sentences_at] = json.dumps(values[sentences_at], ensure_ascii=False)
        writer.writerow([formula_safe(v) for v in [*values, row.geometry.wkt]])
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    """numpy scalars to Python scalars, for json."""
    return value.item() if hasattr(value, "item") else value
