"""The store's schema: one input record type and the Arrow schemas of the three tables.

Tables (one Parquet part per batch, see geo.corpus.store):

``articles``  one row per article version: id, SHA-256 of its text, the text, metadata (``published`` keeps the
              precision written: "2025", "2025-04" or "2025-04-07"; ``date`` is its first day), counts,
              batch and run.
``mentions``  one row per resolved mention: offsets, sentence, place, confidence, cue, publication date, event
              time (``event_start``/``event_end`` inclusive, ``event_source`` "text" or "published"; see
              geo.time), point.
``places``    one row per place: name, kind, country, point and simplified shape (WKB).

``mentions`` and ``places`` carry GeoParquet ``geo`` metadata (WKB in column ``geometry``, EPSG:4326),
so geopandas, DuckDB, Dask and Spark/Sedona read them as they are. Types are the ones all of those
read: strings, int32/int64, float64, date32, timestamp[us, UTC].
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache

import pyarrow as pa

#: Bump when a column is added, removed or changes meaning; older stores must be rebuilt.
SCHEMA_VERSION = 2

#: Marker written in store.json and in every part's metadata.
STORE_FORMAT = "news-atlas-corpus-store"

TABLES = ("articles", "mentions", "places")


@dataclass(frozen=True, slots=True)
class InputRecord:
    """One article as read from the input, before parsing. ``origin`` is "file:line" for reports."""

    article_id: str
    text: str
    title: str = ""
    date: date | None = None  # the first day of ``published``
    url: str = ""
    source: str = ""
    lang: str = ""
    origin: str = ""
    published: str = ""  # the publication date as precise as written: "2025", "2025-04", "2025-04-07"


ARTICLES = pa.schema([
    ("article_id", pa.string()),
    ("text_sha256", pa.string()),
    ("title", pa.string()),
    ("date", pa.date32()),
    ("published", pa.string()),
    ("url", pa.string()),
    ("source", pa.string()),
    ("lang", pa.string()),
    ("n_chars", pa.int64()),
    ("n_sentences", pa.int32()),
    ("n_mentions", pa.int32()),
    ("origin", pa.string()),
    ("batch", pa.string()),
    ("ingest_run", pa.int32()),
    ("ingested_at", pa.timestamp("us", tz="UTC")),
    ("text", pa.string()),
])

MENTIONS = pa.schema([
    ("article_id", pa.string()),
    ("text_sha256", pa.string()),
    ("start", pa.int32()),
    ("end", pa.int32()),
    ("surface", pa.string()),
    ("sentence", pa.int32()),
    ("sentence_start", pa.int32()),
    ("sentence_text", pa.string()),
    ("place_id", pa.string()),
    ("place_name", pa.string()),
    ("kind", pa.string()),
    ("country_code", pa.string()),
    ("lat", pa.float64()),
    ("lon", pa.float64()),
    ("confidence", pa.float64()),
    ("cue", pa.string()),
    ("date", pa.date32()),
    ("event_start", pa.date32()),
    ("event_end", pa.date32()),
    ("event_source", pa.string()),
    ("batch", pa.string()),
    ("ingest_run", pa.int32()),
    ("geometry", pa.binary()),
])

PLACES = pa.schema([
    ("place_id", pa.string()),
    ("name", pa.string()),
    ("kind", pa.string()),
    ("country_code", pa.string()),
    ("lat", pa.float64()),
    ("lon", pa.float64()),
    ("population", pa.int64()),
    ("source", pa.string()),
    ("batch", pa.string()),
    ("ingest_run", pa.int32()),
    ("geometry", pa.binary()),
])

SCHEMAS: dict[str, pa.Schema] = {"articles": ARTICLES, "mentions": MENTIONS, "places": PLACES}

@cache
def _epsg4326() -> dict:
    """EPSG:4326 as PROJJSON (GeoParquet's ``crs``)."""
    from pyproj import CRS

    return CRS.from_epsg(4326).to_json_dict()


def geo_metadata(geometry_types: list[str], bbox: list[float] | None) -> bytes:
    """GeoParquet 1.0 ``geo`` metadata for a WKB ``geometry`` column in EPSG:4326."""
    column: dict = {"encoding": "WKB", "geometry_types": sorted(set(geometry_types)), "crs": _epsg4326()}
    if bbox is not None:
        column["bbox"] = bbox
    return json.dumps({"version": "1.0.0", "primary_column": "geometry", "columns": {"geometry": column}}).encode()


def part_metadata(table: str) -> dict[bytes, bytes]:
    """Key/value metadata every part carries: the store format, schema version and table name."""
    return {b"news_atlas": json.dumps({"format": STORE_FORMAT, "schema_version": SCHEMA_VERSION,
                                       "table": table}).encode()}
