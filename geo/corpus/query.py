"""Reading a corpus store with DuckDB: the current rows, the readers' corrections, and the filters.

Views over the parts (``read_parquet`` globs, nothing loaded up front):

``articles``   the latest version of each article (highest ingest run);
``mentions``   the mentions of those versions, with the readers' corrections applied at query time: a
               correction (SQLite, keyed by article text SHA-256 + offsets, see geo.corrections) replaces
               the place (confidence 1.0, ``corrected`` true) or, for "not a place", drops the mention;
``places``     one record per place still mentioned, with its simplified shape (WKB).

On a store verified clean at its last compaction (``Store.is_clean``: one row per article, every mention
of a current article) the views read the files as they are; otherwise they work out the current versions
(a window over the articles, a semi-join of the mentions). Mentions that no correction touches are read
straight from the files, so filters on the place, the date or the kind reach the Parquet scan and its
row-group statistics. The connection is kept; before each query the store's state (store.json, the part
names, a compaction journal) is checked, and the views are made again when it changed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from geo.corpus.records import SCHEMAS, TABLES
from geo.corpus.store import MANIFEST, Store, StoreError, check_part, damaged_store_error

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

T = TypeVar("T")

_LATEST = "QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY ingest_run DESC, batch DESC) = 1"

#: Columns of the ``mentions`` view before ``corrected`` (the stored columns but the geometry).
_MENTION_COLUMNS = ("article_id", "text_sha256", "start", '"end"', "surface", "sentence", "sentence_start",
                    "sentence_text", "place_id", "place_name", "kind", "country_code", "lat", "lon", "confidence",
                    "cue", "date", "event_start", "event_end", "event_source", "batch", "ingest_run")


#: Columns ``CorpusStore.layers`` adds to the layers table (geo.model.LAYER_COLUMNS): counts and date spans.
STORE_LAYER_COLUMNS = ("articles", "first_date", "last_date", "first_event", "last_event")


@dataclass(frozen=True, slots=True)
class Filters:
    """Which mentions a query looks at. ``start``/``end`` (inclusive) select the mentions whose event time
    (geo.time: the date the text gives the sentence, else the article's publication date) overlaps them;
    mentions with no known time are left out when either is set."""

    start: date | None = None
    end: date | None = None
    kinds: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    q: str = ""
    place: str = ""
    article: str = ""
    articles: tuple[str, ...] = ()  # any of these article ids
    sources: tuple[str, ...] = ()  # any of these article sources (``articles.source``)
    langs: tuple[str, ...] = ()  # any of these article languages (``articles.lang``)
    min_confidence: float = 0.0
    keep_undated: bool = False  # with start/end: keep the mentions with no known time too

    def where(self, alias: str = "m") -> tuple[str, list[Any]]:
        """SQL condition over the ``mentions`` view aliased ``alias``, and its parameters."""
        clauses: list[str] = ["TRUE"]
        params: list[Any] = []
        window: list[str] = []
        if self.start:
            window.append(f"{alias}.event_end >= ?")
            params.append(self.start)
        if self.end:
            window.append(f"{alias}.event_start <= ?")
            params.append(self.end)
        if window:
            inside = " AND ".join(window)
            clauses.append(f"({alias}.event_start IS NULL OR ({inside}))" if self.keep_undated else inside)
        if self.min_confidence > 0:
            clauses.append(f"{alias}.confidence >= ?")
            params.append(float(self.min_confidence))
        if self.articles:
            clauses.append(f"list_contains(?, {alias}.article_id)")
            params.append(list(self.articles))
        for column, wanted in (("source", self.sources), ("lang", self.langs)):  # a property of the article
            if wanted:
                clauses.append(f"{alias}.article_id IN "
                               f"(SELECT article_id FROM articles WHERE list_contains(?, {column}))")
                params.append(list(wanted))
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
            from geo.corrections import default_db_path

            corrections = default_db_path()
        self.corrections_path = Path(corrections) if corrections else None
        self._con: Any = None
        self._state: Any = None
        self._corrections: tuple[Any, Any] | None = None
        self._checked: set[tuple[str, int, int]] = set()  # files whose footer was checked: (path, mtime, size)

    # --- the connection and its views

    @property
    def con(self) -> Any:
        """The DuckDB connection with the store's views (made again when the store changed since)."""
        state = self._store_state()
        if self._con is None or state != self._state:
            import duckdb

            self.close()
            if self._state is not None:
                self.store.reload()
            if self._state is not None and state[2] != self._state[2]:
                self._corrections = None  # read the readers' corrections again
            con = duckdb.connect()
            try:
                con.execute("SET enable_progress_bar = false")  # no bar drawn over the caller's output
                self._create_views(con)
            except duckdb.Error as err:
                con.close()
                raise damaged_store_error(self.store, err) from None
            self._con, self._state = con, state
        return self._con

    def _store_state(self) -> tuple[Any, ...]:
        """What the views depend on: store.json (its stat), the files each table is read from, and the
        corrections database (its file and write-ahead log: a reader's correction shows at the next query)."""
        return (_stat(self.root / MANIFEST), tuple(tuple((str(p), _stat(p)) for p in self.store.files(t))
                                                   for t in TABLES), self._corrections_state())

    def _corrections_state(self) -> tuple[Any, ...]:
        path = self.corrections_path
        return () if path is None else (_stat(path), _stat(path.with_name(path.name + "-wal")))

    @property
    def version(self) -> str:
        """A token that changes whenever a query could answer differently (for callers' caches)."""
        import hashlib

        return hashlib.sha256(repr(self._store_state()).encode()).hexdigest()[:16]

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> CorpusStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_files(self) -> None:
        """StoreError naming the first file that is not a part of this store (each file's footer read once)."""
        for table in TABLES:
            for path in self.store.files(table):
                try:
                    stat = path.stat()
                except FileNotFoundError:
                    continue  # renamed or deleted meanwhile; the next state check sees it
                key = (str(path), stat.st_mtime_ns, stat.st_size)
                if key not in self._checked:
                    check_part(path, table)
                    self._checked.add(key)

    def _create_views(self, con: Any) -> None:
        self._check_files()
        clean = self.store.is_clean()
        for table in TABLES:
            source = self.store.source(table)
            if source is not None:
                con.execute(f"CREATE VIEW {table}_all AS SELECT * FROM {source}")
            else:
                con.register(f"{table}_all", SCHEMAS[table].empty_table())
        if self._corrections is None:
            self._corrections = self._corrections_tables()
        corrections, corrected_places = self._corrections
        con.register("corrections", corrections)
        con.register("corrected_places", corrected_places)
        if clean:  # one row per article, every mention of a current article: the files as they are
            con.execute("CREATE VIEW articles AS SELECT * FROM articles_all")
            con.execute("CREATE VIEW mentions_stored AS SELECT * FROM mentions_all")
        else:
            con.execute(f"CREATE VIEW articles AS SELECT * FROM articles_all {_LATEST.format(key='article_id')}")
            con.execute("CREATE VIEW mentions_stored AS SELECT m.* FROM mentions_all m "
                        "SEMI JOIN articles a ON m.article_id = a.article_id AND m.batch = a.batch")
        stored = ", ".join(f"m.{c}" for c in _MENTION_COLUMNS)
        if not corrections.num_rows:
            con.execute(f"CREATE VIEW mentions AS SELECT {stored}, false AS corrected FROM mentions_stored m")
        else:
            # mentions no correction touches, straight from the files (filters reach the scan), and the
            # corrected ones: the chosen place from the gazetteer; "not a place" (no such place) drops them
            key = 'c.article_sha = m.text_sha256 AND c.start = m.start AND c."end" = m."end"'
            corrected = stored.replace("m.place_id", "p.place_id AS place_id").replace(
                "m.place_name", "p.name AS place_name").replace("m.kind", "p.kind AS kind").replace(
                "m.country_code", "p.country_code AS country_code").replace("m.lat", "p.lat AS lat").replace(
                "m.lon", "p.lon AS lon").replace(
                "m.confidence", "CASE WHEN p.place_id = m.place_id THEN m.confidence ELSE 1.0 END AS confidence")
            con.execute(f"""
                CREATE VIEW mentions AS
                SELECT {stored}, false AS corrected FROM mentions_stored m ANTI JOIN corrections c ON {key}
                UNION ALL
                SELECT {corrected}, true AS corrected
                FROM mentions_stored m JOIN corrections c ON {key} JOIN corrected_places p ON p.place_id = c.place_id
            """)
        latest = "" if clean else _LATEST.format(key="place_id")
        records = f"SELECT place_id, name, kind, country_code, lat, lon, population, geometry FROM places_all {latest}"
        if corrected_places.num_rows:
            records += (" UNION ALL BY NAME SELECT * FROM corrected_places "
                        "WHERE place_id NOT IN (SELECT place_id FROM places_all)")
        con.execute(f"CREATE VIEW place_records AS {records}")
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
        from geo.corpus.batch import place_geometry_wkb
        from geo.corrections import NOT_A_PLACE
        from geo.gazetteer import load_gazetteer

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
        return self._run(lambda con: con.execute(query, params or []).df())

    def _run(self, action: Callable[[Any], T]) -> T:
        """``action(connection)``; a file that cannot be read becomes a StoreError naming it, unless the store
        changed under the query (an ingest or compaction renamed or deleted it): then it runs once more."""
        import duckdb

        for attempt in (1, 2):
            try:
                return action(self.con)
            except duckdb.Error as err:
                if not isinstance(err, duckdb.IOException | duckdb.InvalidInputException):
                    raise
                if attempt == 1 and self._store_state() != self._state:
                    continue
                raise damaged_store_error(self.store, err) from None
        raise AssertionError("unreachable")

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
                       min(date) AS first_date, max(date) AS last_date, min(event_start) AS first_event,
                       max(event_end) AS last_event, max(confidence) AS confidence
                FROM mentions m WHERE {where} GROUP BY place_id
                ORDER BY mentions DESC, place_id {_limit(limit)})
            SELECT hits.*, p.geometry FROM hits LEFT JOIN place_records p USING (place_id)
            ORDER BY mentions DESC, place_id""", params)
        return _geoframe(frame, wkb="geometry")

    def articles(self, filters: Filters | None = None, *, limit: int | None = None, **kw: Any) -> pd.DataFrame:
        """Articles with a mention matching the filters (``place=ID`` for one place), newest first."""
        where, params = (filters or Filters(**kw)).where()
        return self.sql(f"""
            WITH hits AS (
                SELECT m.article_id, count(*) AS mentions, arg_min(m.sentence_text, m.start) AS first_sentence
                FROM mentions m WHERE {where} GROUP BY m.article_id)
            SELECT a.article_id, a.title, a.date, a.published, a.url, a.source, a.lang, hits.mentions,
                   hits.first_sentence
            FROM hits JOIN articles a USING (article_id)
            ORDER BY a.date DESC NULLS LAST, a.article_id {_limit(limit)}""", params)

    def _mentions_sql(self, filters: Filters, limit: int | None) -> tuple[str, list[Any]]:
        where, params = filters.where()
        return (f"""
            SELECT m.* EXCLUDE (batch, ingest_run), a.title
            FROM mentions m JOIN articles a USING (article_id)
            WHERE {where}
            ORDER BY m.date DESC NULLS LAST, m.article_id, m.start {_limit(limit)}""", params)

    def mentions(self, filters: Filters | None = None, *, limit: int | None = None, **kw: Any) -> gpd.GeoDataFrame:
        """Mention rows matching the filters, with their article's title, as points."""
        query, params = self._mentions_sql(filters or Filters(**kw), limit)
        return _geoframe(self.sql(query, params), points=True)

    def write_mentions_geojson(self, path: Path | str, filters: Filters | None = None, *, limit: int | None = None,
                               **kw: Any) -> int:
        """The mentions matching the filters written to ``path`` as a GeoJSON FeatureCollection of points — the
        features ``export.write_geojson(self.mentions(...))`` writes, without a Python object per row: DuckDB
        encodes each feature (``to_json``), Arrow joins them, a batch of 100,000 at a time; numbers that are not
        finite become null. Returns the number of features."""
        where, params = (filters or Filters(**kw)).where()
        finite = ", ".join(f"CASE WHEN isfinite(m.{c}) THEN m.{c} END AS {c}" for c in ("lat", "lon", "confidence"))
        features = f"""
            SELECT to_json({{'type': 'Feature', 'properties': f,
                             'geometry': CASE WHEN f.lon IS NOT NULL AND f.lat IS NOT NULL
                                              THEN {{'type': 'Point', 'coordinates': [f.lon, f.lat]}} END}})::VARCHAR
            FROM (SELECT m.* EXCLUDE (batch, ingest_run) REPLACE ({finite}), a.title
                  FROM mentions m JOIN articles a USING (article_id) WHERE {where}) f
            ORDER BY f.date DESC NULLS LAST, f.article_id, f.start {_limit(limit)}"""

        def write(con: Any) -> int:
            import pyarrow as pa
            import pyarrow.compute as pc

            written = 0
            with open(path, "wb") as out:
                out.write(b'{"type":"FeatureCollection","features":[')
                for batch in con.sql(features, params=params).to_arrow_reader(100_000):
                    column = batch.column(0)
                    if not len(column):
                        continue
                    one = pa.ListArray.from_arrays(pa.array([0, len(column)], pa.int32()), column)
                    if written:
                        out.write(b",")
                    out.write(pc.binary_join(one, ",")[0].as_buffer())
                    written += len(column)
                out.write(b"]}\n")
            return written

        return self._run(write)

    def layers(self, filters: Filters | None = None, *, limit: int = 300, sentences: int = 40,
               **kw: Any) -> gpd.GeoDataFrame:
        """The map's layers table (geo.layers columns): the ``limit`` most mentioned places, each with up to
        ``sentences`` of its sentences (newest articles first), geometry from the store."""
        from geo.model import LAYER_COLUMNS

        filters = filters or Filters(**kw)
        top = self.places(filters, limit=limit)
        where, params = filters.where()
        links = self.sql(f"""
            SELECT m.place_id, m.article_id, m.sentence, any_value(m.sentence_text) AS text,
                   list([m.start - m.sentence_start, m."end" - m.sentence_start] ORDER BY m.start) AS spans,
                   any_value(a.title) AS title, any_value(a.date) AS date,
                   arg_min(m.event_start, m.start) AS event_start, arg_min(m.event_end, m.start) AS event_end,
                   arg_min(m.event_source, m.start) AS event_source
            FROM mentions m JOIN articles a USING (article_id)
            WHERE {where} AND list_contains(?, m.place_id)
            GROUP BY m.place_id, m.article_id, m.sentence
            QUALIFY row_number() OVER (PARTITION BY m.place_id
                                       ORDER BY any_value(a.date) DESC NULLS LAST, m.article_id, m.sentence) <= ?
            ORDER BY m.place_id, event_start NULLS LAST, date DESC NULLS LAST, m.article_id, m.sentence""",
                         [*params, list(top["place_id"]), sentences])
        by_place: dict[str, list[dict[str, Any]]] = {}
        for row in links.to_dict("records"):
            by_place.setdefault(str(row["place_id"]), []).append(
                {"title": row["title"] or row["article_id"], "doc_id": row["article_id"],
                 "sentence": int(row["sentence"]), "text": row["text"] or "",
                 "spans": [[int(s), int(e)] for s, e in row["spans"]], **_event_fields(row)})
        layers = top.copy()
        layers["country_code"] = layers["country_code"].fillna("")
        layers["sentences"] = [by_place.get(pid, []) for pid in layers["place_id"]]
        layers = layers[[*LAYER_COLUMNS, *STORE_LAYER_COLUMNS, "geometry"]]
        return layers.reset_index(drop=True)


def _event_fields(row: Mapping[Any, Any]) -> dict[str, Any]:
    """A sentence link's event time as the layers write it (ISO dates or None)."""
    return {"event_start": _iso(row["event_start"]), "event_end": _iso(row["event_end"]),
            "event_source": row["event_source"] if isinstance(row["event_source"], str) else None}


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


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


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
