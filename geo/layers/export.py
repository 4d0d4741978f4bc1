"""Exports of the layers table, shared by ``parse``, ``map --export``, the dashboard and the map: GeoJSON, CSV
(one line per place, or one per mention), GeoPackage, KML, GeoParquet."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
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


#: Most characters a spreadsheet cell holds (Excel's limit); longer text is cut and ends with "…".
CELL_MAX_CHARS = 32_767
#: Columns of the per-mention CSV.
MENTION_COLUMNS = ("place_id", "name", "kind", "country_code", "lat", "lon", "doc_id", "title", "mention",
                   "start", "end", "sentence", "event_start", "event_end", "event_source")


def spreadsheet_cell(value: Any) -> Any:
    """A cell a spreadsheet opens as written: formula-safe, then cut to ``CELL_MAX_CHARS`` (the ``'`` counts)."""
    value = formula_safe(value)
    if isinstance(value, str) and len(value) > CELL_MAX_CHARS:
        value = value[:CELL_MAX_CHARS - 1] + "…"
    return value


def mention_rows(gdf: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """One row per mention: the place, the article, the words (``mention``, offsets ``start``/``end`` within
    the sentence), the sentence and its event time."""
    rows = []
    for row in gdf.itertuples(index=False):
        for link in getattr(row, "sentences", None) or ():
            text = link.get("text", "")
            for start, end in link.get("spans") or [[0, 0]]:
                rows.append({
                    "place_id": row.place_id, "name": row.name, "kind": row.kind, "country_code": row.country_code,
                    "lat": _plain(row.lat), "lon": _plain(row.lon), "doc_id": link.get("doc_id", ""),
                    "title": link.get("title", ""), "mention": text[start:end], "start": start, "end": end,
                    "sentence": text, "event_start": link.get("event_start"), "event_end": link.get("event_end"),
                    "event_source": link.get("event_source"),
                })
    return rows


def mentions_to_csv(gdf: gpd.GeoDataFrame) -> str:
    """Spreadsheet-safe CSV, one line per mention (``mention_rows``): no cell over ``CELL_MAX_CHARS``, no
    text cell that a spreadsheet would run as a formula; UTF-8 with a byte-order mark so Excel reads the
    accents."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=MENTION_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in mention_rows(gdf):
        writer.writerow({k: spreadsheet_cell(v) for k, v in row.items()})
    return buffer.getvalue()


def flat_layers(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The layers as plain columns for GIS files: the place columns, its event span, its sentences as JSON
    text and the claim's properties (label, claimant, quantity, colour; empty for places)."""
    records = []
    for _, row in gdf.iterrows():
        claim = claim_props(row)
        sentences = [dict(s) for s in row["sentences"] or ()]
        records.append({
            **{c: _plain(row[c]) for c in LAYER_COLUMNS if c != "sentences"},
            **event_span(sentences),
            "sentences": json.dumps(sentences, ensure_ascii=False),
            **{f"claim_{k}": str(claim.get(k, "")) for k in ("label", "claimant", "quantity", "color")},
        })
    columns = [*(c for c in LAYER_COLUMNS if c != "sentences"), "event_start", "event_end", "sentences",
               "claim_label", "claim_claimant", "claim_quantity", "claim_color"]
    return gpd.GeoDataFrame(records, columns=columns, geometry=list(gdf.geometry), crs="EPSG:4326")


#: File types ``write_layers`` writes, by suffix.
EXPORT_SUFFIXES = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage", ".kml": "KML",
                   ".parquet": "GeoParquet", ".csv": "CSV (one row per mention)"}


def write_layers(gdf: gpd.GeoDataFrame, path: Path) -> Path:
    """Write the layers to ``path`` in the format its suffix names (``EXPORT_SUFFIXES``): GeoJSON, GeoPackage
    (layer ``places``), KML, GeoParquet, or the per-mention CSV. Raises ValueError for another suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise ValueError(f"{path.name}: unknown export type; use one of {', '.join(EXPORT_SUFFIXES)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix in (".geojson", ".json"):
        path.write_text(layers_to_geojson(gdf), encoding="utf-8")
    elif suffix == ".csv":
        path.write_text(mentions_to_csv(gdf), encoding="utf-8", newline="")
    elif suffix == ".parquet":
        flat_layers(gdf).to_parquet(path, index=False, compression="zstd")
    else:
        if path.exists():
            path.unlink()  # GDAL appends to an existing GeoPackage or KML
        flat = flat_layers(gdf)
        if suffix == ".kml":
            flat = flat.rename(columns={"name": "Name"})  # the KML driver's placemark name field
        flat.to_file(path, driver="GPKG" if suffix == ".gpkg" else "KML", layer="places", engine="pyogrio")
    return path
