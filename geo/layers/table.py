"""The layers table: one row per place, with every sentence that mentions it.

``build_layers`` turns parsed documents into a GeoDataFrame (EPSG:4326) that the static map, the
dashboard and the exports share. Geometries come from ``geo.geometry.shapes.shape_for`` (a point for towns and
cities, a polygon for areas); the function is injectable so tests need no boundary data.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import geopandas as gpd
from shapely.geometry import Point, mapping
from shapely.geometry.base import BaseGeometry

from geo.model import Document, Mention, Place

Parsed = Sequence[tuple[Document, Sequence[Mention]]]
ShapeFor = Callable[[Place], BaseGeometry | None]

#: Columns of the layers table, in order (geometry last).
COLUMNS = ("place_id", "name", "kind", "country_code", "lat", "lon", "mentions", "confidence", "sentences")

#: Order in which kinds are listed and drawn (points last, so they sit on top of shapes).
KIND_ORDER = ("country", "region", "group", "admin1", "part", "claim", "county", "city", "town")


def sentence_links(doc: Document, mentions: Iterable[Mention]) -> dict[str, list[dict[str, Any]]]:
    """Map each place id to the sentences of ``doc`` that mention it, in text order.

    Each entry is ``{"title", "doc_id", "sentence", "text", "spans"}`` where ``spans`` lists the
    ``[start, end]`` offsets of the place's mentions *within the sentence text* (several mentions of
    a place in one sentence share one entry).
    """
    by_index = {s.index: s for s in doc.sentences}
    links: dict[str, dict[int, dict[str, Any]]] = {}
    for m in sorted(mentions, key=lambda m: (m.start, m.end)):
        sentence = by_index.get(m.sentence)
        if sentence is None:
            continue
        start = max(m.start - sentence.start, 0)
        end = min(m.end - sentence.start, len(sentence.text))
        entry = links.setdefault(m.place.id, {}).setdefault(
            sentence.index,
            {"title": doc.title, "doc_id": doc.doc_id, "sentence": sentence.index,
             "text": sentence.text, "spans": []},
        )
        if start < end and [start, end] not in entry["spans"]:
            entry["spans"].append([start, end])
    return {pid: list(entries.values()) for pid, entries in links.items()}


def country_mention_counts(layers: gpd.GeoDataFrame, *, include_contained: bool = True) -> dict[str, int]:
    """Mentions per ISO country code, from a layers table (``build_layers``).

    With ``include_contained`` the mentions of a town, admin-1 unit or part of a country count for
    that country too; otherwise only mentions of the country itself. Places spanning several
    countries (regions, groups) have no country code and count for none.
    """
    counts: Counter[str] = Counter()
    for code, kind, n in zip(layers["country_code"], layers["kind"], layers["mentions"], strict=True):
        if code and (include_contained or kind == "country"):
            counts[str(code)] += int(n)
    return dict(counts)


def build_layers(parsed: Parsed, *, shape_for: ShapeFor | None = None, claims: bool = True) -> gpd.GeoDataFrame:
    """One row per place mentioned in ``parsed``: its record, mention count, best confidence,
    geometry and linked sentences. Rows are ordered by kind (``KIND_ORDER``), then mentions.
    With ``claims``, spatial claims (``geo.claims.extract``) are appended as rows of kind "claim"."""
    if shape_for is None:
        # imported on use: it loads boundary data
        from geo.geometry.shapes import shape_for
    places: dict[str, Place] = {}
    counts: Counter[str] = Counter()
    best: dict[str, float] = {}
    sentences: dict[str, list[dict[str, Any]]] = {}
    for doc, mentions in parsed:
        for m in mentions:
            places.setdefault(m.place.id, m.place)
            counts[m.place.id] += 1
            best[m.place.id] = max(best.get(m.place.id, 0.0), m.confidence)
        for pid, links in sentence_links(doc, mentions).items():
            sentences.setdefault(pid, []).extend(links)
    rows = [
        {"place_id": p.id, "name": p.name, "kind": p.kind, "country_code": p.country_code,
         "lat": p.lat, "lon": p.lon, "mentions": counts[p.id], "confidence": round(best[p.id], 3),
         "sentences": sentences.get(p.id, []), "geometry": _geometry(p, shape_for)}
        for p in places.values()
    ]
    rows.sort(key=lambda r: (_kind_rank(r["kind"]), -r["mentions"], r["name"]))
    gdf = gpd.GeoDataFrame(rows, columns=[*COLUMNS, "geometry"], geometry="geometry", crs="EPSG:4326")
    gdf = gdf.reset_index(drop=True)
    if claims:  # spatial claims (geo/claims.py): kind "claim" rows + a `claim` properties column
        from geo.claims.extract import with_claims

        gdf = with_claims(gdf, parsed)
    return gdf


def _kind_rank(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def _geometry(place: Place, shape_for: ShapeFor) -> BaseGeometry:
    """The place's shape, or its representative point when no shape is known."""
    geom = shape_for(place)
    if geom is None or geom.is_empty:
        return Point(place.lon, place.lat)
    return geom


# --- exports (shared by `parse --format`, the dashboard and the map) ---------------------------


def layers_to_geojson(gdf: gpd.GeoDataFrame) -> str:
    """A GeoJSON FeatureCollection of the layers, sentences included as a nested property."""
    features = [
        {"type": "Feature", "id": row["place_id"],
         "properties": {c: _plain(row[c]) for c in COLUMNS} | _claim_props(row),
         "geometry": mapping(row.geometry)}
        for _, row in gdf.iterrows()
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def layers_to_csv(gdf: gpd.GeoDataFrame) -> str:
    """CSV of the layers: one line per place, ``sentences`` as JSON text, geometry as WKT."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*COLUMNS, "geometry_wkt"])
    for _, row in gdf.iterrows():
        values = [_plain(row[c]) for c in COLUMNS]
        values[COLUMNS.index("sentences")] = json.dumps(values[COLUMNS.index("sentences")], ensure_ascii=False)
        writer.writerow([*values, row.geometry.wkt])
    return buffer.getvalue()


def _claim_props(row: Any) -> dict:
    """Claimant, sentence, quantity, label... of a claim row (geo/claims.py); {} for places."""
    from geo.claims.extract import claim_props

    return claim_props(row)


def _plain(value: Any) -> Any:
    """numpy scalars to Python scalars, for json."""
    return value.item() if hasattr(value, "item") else value
