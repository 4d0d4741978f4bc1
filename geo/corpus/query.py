"""Reading a corpus store with DuckDB: the current rows, the readers' corrections, and the filters.

Views over the parts (``read_parquet`` globs, nothing loaded up front):

``articles``   the latest version of each article (highest ingest run);
``mentions``   the mentions of those versions, with the readers' corrections applied at query time: a
               correction (SQLite, keyed by article text SHA-256 + offsets, see geo.corrections) replaces
               the place (confidence 1.0, ``corrected`` true) or, for "not a place", drops the mention;
``places``     one record per place still mentioned, with its simplified shape (WKB).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.corpus.records import SCHEMAS, TABLES
from geo.corpus.store import Store, StoreError, damaged_store_error, sql_string

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

_LATEST = "QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY ingest_run DESC, batch DESC) = 1"


@dataclass(frozen=True, slots=True)
class Filters:
    """Which mentions a query looks at. Dates are inclusive and use the article's date."""

    start: date | None = None
    end: date | None = None
    kinds: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    q: str = ""
    place: str = ""
    article: str = ""

    def where(self, alias: str = "m") -> tuple[str, list[Any]]:
        """SQL condition over the ``mentions`` view aliased ``alias``, and its parameters."""
        clauses: list[str] = ["TRUE"]
        params: list[Any] = []
        if self.start:
            clauses.append(f"{alias}.date >= ?")
            params.append(self.start)
        if self.end:
            clauses.append(f"{alias}.date <= ?")
            params.append(self.end)
        if self.kinds:
            clauses.append(f"list_contains(?, {alias}.kind)")
            params.append(list(self.kinds))
        if self.countries:
            clauses.append(f"list_contains(?, {alias}.country_code)")
            params.append([c.upper() for c in self.countries])
        if self.q:
            clauses.append(f"(contains(lower({alias}.sentence_text), ?) OR contains(lower({alias}.place_name), ?) "
                           f"OR contains(lower({alias}.surface), ?))")
            params += [self.q.lower()] * 3
        if self.place:
            clauses.append(f"{alias}.place_id = ?")
            params.append(self.place)
        if self.article:
            clauses.append(f"{alias}.article_id = ?")
            params.append(self.article)
        return " AND ".join(clauses), params


class CorpusStore:
    """A corpus store opened for queries (``geo.corpus.open_store``).

    ``corrections``: path of the readers' corrections database (default: ``$NEWS_ATLAS_DB`` or the cache's
    corrections.sqlite), or False to read the stored parse as it is.
    """

    def __init__(self, root: Path | str, *, corrections: Path | str | bool | None = None) -> None:
        self.store = Store.open(root)
        self.root = self.store.root
        if corrections is None or corrections is True:
            from geo.corpus._pipeline import default_db_path

            corrections = default_db_path()
        self.corrections_path = Path(corrections) if corrections else None
        self._con: Any = None

    # --- the connection and its views

    @property
    def con(self) -> Any:
        """The DuckDB connection with the store's views (made on first use)."""
        if self._con is None:
            import duckdb

            con = duckdb.connect()
            try:
                self._create_views(con)
            except duckdb.Error as err:
                con.close()
                raise damaged_store_error(self.store, err) from None
            self._con = con
        return self._con

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> CorpusStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _create_views(self, con: Any) -> None:
        for table in TABLES:
            if self.store.parts(table):
                pattern = sql_string(self.store.pattern(table))
                con.execute(f"CREATE VIEW {table}_all AS SELECT * FROM read_parquet({pattern})")
            else:
                con.register(f"{table}_all", SCHEMAS[table].empty_table())
        corrections, corrected_places = self._corrections_tables()
        con.register("corrections", corrections)
        con.register("corrected_places", corrected_places)
        con.execute(f"CREATE VIEW articles AS SELECT * FROM articles_all "
                    f"{_LATEST.format(key='article_id')}")
        con.execute("CREATE VIEW mentions_stored AS SELECT m.* FROM mentions_all m "
                    "SEMI JOIN articles a ON m.article_id = a.article_id AND m.batch = a.batch")
        con.execute("""
            CREATE VIEW mentions AS
            SELECT m.article_id, m.text_sha256, m.start, m."end", m.surface, m.sentence, m.sentence_start,
                   m.sentence_text, coalesce(p.place_id, m.place_id) AS place_id,
                   coalesce(p.name, m.place_name) AS place_name, coalesce(p.kind, m.kind) AS kind,
                   CASE WHEN p.place_id IS NULL THEN m.country_code ELSE p.country_code END AS country_code,
                   coalesce(p.lat, m.lat) AS lat, coalesce(p.lon, m.lon) AS lon,
                   CASE WHEN p.place_id IS NULL OR p.place_id = m.place_id THEN m.confidence ELSE 1.0 END
                       AS confidence,
                   m.cue, m.date, m.batch, m.ingest_run, c.place_id IS NOT NULL AS corrected
            FROM mentions_stored m
            LEFT JOIN corrections c ON c.article_sha = m.text_sha256 AND c.start = m.start AND c."end" = m."end"
            LEFT JOIN corrected_places p ON p.place_id = c.place_id
            WHERE c.place_id IS NULL OR c.place_id <> ''
        """)
        con.execute(f"""
            CREATE VIEW place_records AS
            SELECT place_id, name, kind, country_code, lat, lon, population, geometry FROM (
                SELECT * FROM places_all {_LATEST.format(key='place_id')})
            UNION ALL BY NAME
            SELECT * FROM corrected_places WHERE place_id NOT IN (SELECT place_id FROM places_all)
        """)
        con.execute("CREATE VIEW places AS SELECT * FROM place_records "
                    "WHERE place_id IN (SELECT place_id FROM mentions)")

    def _corrections_tables(self) -> tuple[Any, Any]:
        """(corrections, corrected_places) Arrow tables; empty when there is no corrections database."""
        import pyarrow as pa

        corr_schema = pa.schema([("article_sha", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
                                 ("place_id", pa.string())])
        place_schema = pa.schema([("place_id", pa.string()), ("name", pa.string()), ("kind", pa.string()),
                                  ("country_code", pa.string()), ("lat", pa.float64()), ("lon", pa.float64()),
                                  ("population", pa.int64()), ("geometry", pa.binary())])
        rows = read_corrections(self.corrections_path) if self.corrections_path else []
        if not rows:
            return corr_schema.empty_table(), place_schema.empty_table()
        from geo.corpus._pipeline import NOT_A_PLACE, load_gazetteer
        from geo.corpus.batch import place_geometry_wkb

        gazetteer = load_gazetteer()
        places = {pid: gazetteer.get(pid) for pid in {r[3] for r in rows if r[3] != NOT_A_PLACE}}
        kept = [r for r in rows if r[3] == NOT_A_PLACE or places.get(r[3]) is not None]  # unknown ids: ignored
        found = [p for p in places.values() if p is not None]
        corrections = pa.Table.from_pylist([dict(zip(corr_schema.names, r, strict=True)) for r in kept],
                                           schema=corr_schema)
        corrected = pa.Table.from_pylist(
            [{"place_id": p.id, "name": p.name, "kind": p.kind, "country_code": p.country_code or None,
              "lat": p.lat, "lon": p.lon, "population": p.population, "geometry": place_geometry_wkb(p)}
             for p in found], schema=place_schema)
        return corrections, corrected

    # --- queries

    def sql(self, query: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Any SQL over the views ``articles``, ``mentions``, ``places`` (and ``*_all`` for the raw parts)."""
        import duckdb

        try:
            return self.con.execute(query, params or []).df()
        except duckdb.Error as err:
            if isinstance(err, duckdb.IOException | duckdb.InvalidInputException):
                raise damaged_store_error(self.store, err) from None
            raise

    def stats(self) -> dict[str, Any]:
        """Counts: articles, mentions, places, countries, corrections applied; date range; runs; size."""
        row = self.sql("""
            SELECT (SELECT count(*) FROM articles) AS articles,
                   (SELECT count(*) FROM articles WHERE date IS NULL) AS articles_without_date,
                   (SELECT min(date) FROM articles) AS first_date, (SELECT max(date) FROM articles) AS last_date,
                   count(*) AS mentions, count(DISTINCT place_id) AS places,
                   count(DISTINCT country_code) AS countries, count(*) FILTER (WHERE corrected) AS corrected
            FROM mentions""").iloc[0]
        size = sum(p.stat().st_size for t in TABLES for p in self.store.parts(t))
        return {"articles": int(row["articles"]), "mentions": int(row["mentions"]), "places": int(row["places"]),
                "countries": int(row["countries"]), "corrected_mentions": int(row["corrected"]),
                "articles_without_date": int(row["articles_without_date"]),
                "first_date": _iso(row["first_date"]), "last_date": _iso(row["last_date"]),
                "runs": int(self.store.manifest.get("runs", 0)),
                "schema_version": self.store.manifest["schema_version"],
                "size_bytes": size, "parts": {t: len(self.store.parts(t)) for t in TABLES}, "store": str(self.root)}

    def places(self, filters: Filters | None = None, *, limit: int | None = None, **kw: Any) -> gpd.GeoDataFrame:
        """One row per place with its mentions, articles, dates and shape, most mentioned first."""
        where, params = (filters or Filters(**kw)).where()
        frame = self.sql(f"""
            WITH hits AS (
                SELECT place_id, any_value(place_name) AS name, any_value(kind) AS kind,
                       any_value(country_code) AS country_code, any_value(lat) AS lat, any_value(lon) AS lon,
                       count(*) AS mentions, count(DISTINCT article_id) AS articles,
                       min(date) AS first_date, max(date) AS last_date, max(confidence) AS confidence
                FROM mentions m WHERE {where} GROUP BY place_id
                ORDER BY mentions DESC, place_id {_limit(limit)})
            SELECT hits.*, p.geometry FROM hits LEFT JOIN place_records p USING (place_id)
            ORDER BY mentions DESC, place_id""", params)
        return _geoframe(frame, wkb="geometry")

    def articles(self, filters: Filters | None = None, *, limit: int | None = None, **kw: Any) -> pd.DataFrame:
        """Articles with a mention matching the filters (``place=ID`` for one place), newest first."""
        where, params = (filters or Filters(**kw)).where()
        return self.sql(f"""
            SELECT a.article_id, a.title, a.date, a.url, a.source, count(*) AS mentions,
                   arg_min(m.sentence_text, m.start) AS first_sentence
            FROM mentions m JOIN articles a USING (article_id)
            WHERE {where}
            GROUP BY a.article_id, a.title, a.date, a.url, a.source
            ORDER BY a.date DESC NULLS LAST, a.article_id {_limit(limit)}""", params)

    def mentions(self, filters: Filters | None = None, *, limit: int | None = None, **kw: Any) -> gpd.GeoDataFrame:
        """Mention rows matching the filters, with their article's title, as points."""
        where, params = (filters or Filters(**kw)).where()
        frame = self.sql(f"""
            SELECT m.* EXCLUDE (batch, ingest_run), a.title
            FROM mentions m JOIN articles a USING (article_id)
            WHERE {where}
            ORDER BY m.date DESC NULLS LAST, m.article_id, m.start {_limit(limit)}""", params)
        return _geoframe(frame, points=True)

    def layers(self, filters: Filters | None = None, *, limit: int = 300, sentences: int = 40,
               **kw: Any) -> gpd.GeoDataFrame:
        """The map's layers table (geo.layers columns): the ``limit`` most mentioned places, each with up to
        ``sentences`` of its sentences (newest articles first), geometry from the store."""
        from geo.corpus._pipeline import layer_columns

        filters = filters or Filters(**kw)
        top = self.places(filters, limit=limit)
        where, params = filters.where()
        links = self.sql(f"""
            SELECT m.place_id, m.article_id, m.sentence, any_value(m.sentence_text) AS text,
                   list([m.start - m.sentence_start, m."end" - m.sentence_start] ORDER BY m.start) AS spans,
                   any_value(a.title) AS title, any_value(a.date) AS date
            FROM mentions m JOIN articles a USING (article_id)
            WHERE {where} AND list_contains(?, m.place_id)
            GROUP BY m.place_id, m.article_id, m.sentence
            QUALIFY row_number() OVER (PARTITION BY m.place_id
                                       ORDER BY any_value(a.date) DESC NULLS LAST, m.article_id, m.sentence) <= ?
            ORDER BY m.place_id, date DESC NULLS LAST, m.article_id, m.sentence""",
                         [*params, list(top["place_id"]), sentences])
        by_place: dict[str, list[dict[str, Any]]] = {}
        for row in links.to_dict("records"):
            by_place.setdefault(str(row["place_id"]), []).append(
                {"title": row["title"] or row["article_id"], "doc_id": row["article_id"],
                 "sentence": int(row["sentence"]), "text": row["text"] or "",
                 "spans": [[int(s), int(e)] for s, e in row["spans"]]})
        layers = top.copy()
        layers["country_code"] = layers["country_code"].fillna("")
        layers["sentences"] = [by_place.get(pid, []) for pid in layers["place_id"]]
        layers = layers[[*layer_columns(), "articles", "first_date", "last_date", "geometry"]]
        return layers.reset_index(drop=True)


def open_store(path: Path | str, *, corrections: Path | str | bool | None = None) -> CorpusStore:
    """Open the corpus store at ``path`` for queries (StoreError when it is missing, damaged or too old)."""
    return CorpusStore(path, corrections=corrections)


def read_corrections(path: Path) -> list[tuple[str, int, int, str]]:
    """Every (article_sha, start, end, place_id) of a corrections database, read-only; [] when it is absent."""
    if not path.exists():
        return []
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return db.execute('SELECT article_sha, start, "end", place_id FROM corrections').fetchall()
        finally:
            db.close()
    except sqlite3.Error as err:
        raise StoreError(f"{path}: cannot read the corrections database ({err})") from None


def _limit(limit: int | None) -> str:
    return f"LIMIT {int(limit)}" if limit else ""


def _iso(value: Any) -> str | None:
    import pandas as pd

    return None if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _geoframe(frame: pd.DataFrame, *, wkb: str | None = None, points: bool = False) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import shapely

    if points:
        geometry = gpd.points_from_xy(frame["lon"], frame["lat"]) if len(frame) else []
    else:
        raw: Any = frame.pop(wkb) if wkb is not None and wkb in frame else []
        geometry = [shapely.from_wkb(bytes(g)) if g is not None and not _isna(g) else shapely.Point(lon, lat)
                    for g, lon, lat in zip(raw, frame["lon"], frame["lat"], strict=True)]
    return gpd.GeoDataFrame(frame, geometry=list(geometry), crs="EPSG:4326")


def _isna(value: Any) -> bool:
    return isinstance(value, float) and value != value
