"""Exports of a store query: GeoJSON, CSV (formula-safe), GeoParquet, GeoPackage; and the static map.

Every file is written to a temporary name beside the target and renamed over it when complete.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from geo.corpus.query import CorpusStore, Filters
    from geo.vocabulary import Tiles

FORMATS = ("geojson", "csv", "parquet", "gpkg")

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, prefixed with a single quote; others as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_CHARS):
        return "'" + value
    return value


def export(store: CorpusStore, fmt: str, out: Path, *, what: str = "places", filters: Filters | None = None,
           limit: int | None = None) -> int:
    """Write the places (one row per place) or mentions matching ``filters`` to ``out``; returns the row count."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "geojson" and what == "mentions":  # points: DuckDB writes the features
        written: list[int] = []
        _atomic(out, lambda tmp: written.append(store.write_mentions_geojson(tmp, filters, limit=limit)))
        return written[0]
    frame = store.places(filters, limit=limit) if what == "places" else store.mentions(filters, limit=limit)
    writer: dict[str, Callable[[gpd.GeoDataFrame, Path], None]] = {
        "geojson": write_geojson, "csv": write_csv, "parquet": write_geoparquet,
        "gpkg": lambda frame, path: write_gpkg(frame, path, layer=what)}
    _atomic(out, lambda tmp: writer[fmt](frame, tmp))
    return len(frame)


def write_geojson(frame: gpd.GeoDataFrame, path: Path) -> None:
    """A FeatureCollection; dates as ISO strings, missing values as null."""
    from shapely.geometry import mapping

    records = json_records(frame.drop(columns=frame.geometry.name))
    geoms = frame.geometry
    geometries: list[dict[str, Any] | None]
    if len(geoms) and (geoms.geom_type == "Point").all():
        geometries = [{"type": "Point", "coordinates": [x, y]} for x, y in zip(geoms.x, geoms.y, strict=True)]
    else:
        geometries = [dict(mapping(g)) if g is not None else None for g in geoms]
    features = [{"type": "Feature", "properties": props, "geometry": geom}
                for props, geom in zip(records, geometries, strict=True)]
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)  # C encoder: fast
    path.write_text(text, encoding="utf-8")


def json_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts, column by column: dates as ISO strings, NaN/NaT/NA as None."""
    import pandas as pd

    columns: dict[str, list[Any]] = {}
    for name in frame.columns:
        series = frame[name]
        missing = series.isna().to_numpy()
        if series.dtype.kind == "M":
            values = [v.date().isoformat() if v.time() == datetime.min.time() else v.isoformat()
                      for v in series.dt.tz_localize(None).tolist()] if not missing.all() else [None] * len(series)
        else:
            values = series.astype(object).tolist()
        columns[name] = [None if gone else _plain(v) if isinstance(v, date | pd.Timestamp) else v
                         for v, gone in zip(values, missing, strict=True)]
    return [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)] if columns else \
        [{} for _ in range(len(frame))]


def write_csv(frame: gpd.GeoDataFrame, path: Path) -> None:
    """CSV with geometry as WKT; text cells that start like a formula are prefixed with a single quote."""
    columns = [c for c in frame.columns if c != frame.geometry.name]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*columns, "geometry_wkt"])
        for row, geom in zip(frame[columns].itertuples(index=False), frame.geometry, strict=True):
            values = [_plain(v) for v in row]
            writer.writerow([formula_safe(v if not isinstance(v, list | dict) else json.dumps(v, ensure_ascii=False))
                             for v in values] + [geom.wkt if geom is not None else ""])


def write_geoparquet(frame: gpd.GeoDataFrame, path: Path) -> None:
    frame.to_parquet(path, index=False, compression="zstd")


def write_gpkg(frame: gpd.GeoDataFrame, path: Path, *, layer: str = "places") -> None:
    """A GeoPackage layer; date columns as text (YYYY-MM-DD), booleans as integers."""
    out = frame.copy()
    for column in out.columns:
        if column == out.geometry.name:
            continue
        if out[column].dtype.kind in "mM" or out[column].map(lambda v: isinstance(v, date)).any():
            out[column] = out[column].map(_plain)
        elif out[column].dtype.kind == "b":
            out[column] = out[column].astype("int32")
    out.to_file(path, driver="GPKG", layer=layer, engine="pyogrio")


def write_map(store: CorpusStore, out: Path, *, filters: Filters | None = None, limit: int = 300,
              sentences: int = 40, title: str = "", tiles: Tiles = "none") -> int:
    """The static folium map (geo.webmap) of the most mentioned places; returns the number of places drawn."""
    from geo.corpus.query import STORE_LAYER_COLUMNS
    from geo.render.webmap import render_html

    layers = store.layers(filters, limit=limit, sentences=sentences)
    stats = store.stats()
    if not title:
        window = ""
        if filters is not None and (filters.start or filters.end):
            window = f", {filters.start or '…'} to {filters.end or '…'}"
        title = f"News Atlas corpus: {stats['articles']:,} articles{window}"
    html = render_html(layers.drop(columns=list(STORE_LAYER_COLUMNS)), title=title, tiles=tiles)
    _atomic(out, lambda tmp: tmp.write_text(html, encoding="utf-8"))
    return len(layers)


def _atomic(out: Path, write: Callable[[Path], object]) -> None:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}{out.suffix}")
    try:
        write(tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def _plain(value: Any) -> Any:
    """numpy, pandas and date values as JSON-ready Python values."""
    import pandas as pd

    if value is None:
        return None
    if isinstance(value, pd.Timestamp | datetime | date):
        return None if pd.isna(value) else (value.date() if isinstance(value, pd.Timestamp) else value).isoformat()
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, float) and value != value:
        return None
    if value is pd.NaT:
        return None
    return value
