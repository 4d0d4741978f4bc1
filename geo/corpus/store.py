"""The corpus store on disk: its manifest, atomic Parquet parts, the ingest lock and housekeeping.

Layout (every table a folder of Parquet parts that DuckDB, geopandas, Dask and Spark read as they are)::

    STORE/store.json                     format, schema_version, runs, last run's summary
    STORE/articles/part-<batch>.parquet  written last by a task: it commits the batch
    STORE/mentions/part-<batch>.parquet
    STORE/places/part-<batch>.parquet    merged into one part at the end of each ingest

A part is written to a hidden temporary file in its folder and renamed over its final name, so readers
never see half a file and a retried task overwrites its own part. Parts are named by the batch key
(a hash of the batch's article ids and text hashes), so the same batch never lands twice.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from geo.corpus.records import SCHEMA_VERSION, SCHEMAS, STORE_FORMAT, TABLES, geo_metadata, part_metadata

MANIFEST = "store.json"
LOCK_FILE = ".ingest.lock"
TMP_PREFIX = ".tmp-"
PART_RE = re.compile(r"^part-[A-Za-z0-9_-]+\.parquet$")


class StoreError(Exception):
    """A store that cannot be used as it is; the message is one line and names the file at fault."""


def rebuild_hint(root: Path) -> str:
    return (f"move {root} aside and ingest the articles again: python -m geo corpus ingest INPUT... "
            f"--store {root}")


# --- parts --------------------------------------------------------------------------------------------


def part_path(root: Path, table: str, key: str) -> Path:
    """Where the part of ``table`` for batch ``key`` lives."""
    return Path(root) / table / f"part-{key}.parquet"


def finish_table(table: str, data: pa.Table) -> pa.Table:
    """``data`` cast to the table's schema, with the store's metadata (and GeoParquet's ``geo``)."""
    data = data.cast(SCHEMAS[table]) if data.schema != SCHEMAS[table] else data
    metadata = part_metadata(table)
    if "geometry" in data.column_names:
        import shapely

        geoms = shapely.from_wkb(data.column("geometry").to_numpy(zero_copy_only=False))
        types = sorted({g.geom_type for g in geoms if g is not None}) or ["Point"]
        bounds = shapely.total_bounds(geoms) if len(geoms) else None
        bbox = [float(b) for b in bounds] if bounds is not None and not any(map(_isnan, bounds)) else None
        metadata[b"geo"] = geo_metadata(types, bbox)
    return data.replace_schema_metadata(metadata)


def write_part(root: Path | str, table: str, key: str, data: pa.Table) -> Path:
    """Write one part atomically: a hidden temporary file in the same folder, fsync, then ``os.replace``."""
    final = part_path(Path(root), table, key)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f"{TMP_PREFIX}{final.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}")
    try:
        pq.write_table(finish_table(table, data), tmp, compression="zstd")
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(final.parent)
    return final


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _isnan(value: float) -> bool:
    return value != value


# --- the store ---------------------------------------------------------------------------------------


class Store:
    """A corpus store folder. ``Store.open`` checks it; ingest also takes ``lock`` and uses the housekeeping."""

    def __init__(self, root: Path, manifest: dict[str, Any]) -> None:
        self.root = root
        self.manifest = manifest

    # opening and checking

    @classmethod
    def open(cls, root: Path | str, *, create: bool = False) -> Store:
        """Open (or with ``create``, start) the store at ``root``; StoreError when it cannot be used."""
        root = Path(root)
        manifest_path = root / MANIFEST
        if root.exists() and not root.is_dir():
            raise StoreError(f"{root}: not a folder, so not a corpus store")
        if not manifest_path.exists():
            if not create:
                raise StoreError(f"{root}: no corpus store here (no {MANIFEST}); make one with "
                                 f"python -m geo corpus ingest INPUT... --store {root}")
            if root.exists() and any(not p.name.startswith(".") for p in root.iterdir()):
                raise StoreError(f"{root}: this folder holds other files and no {MANIFEST}; "
                                 "give an empty or new folder for a corpus store")
            root.mkdir(parents=True, exist_ok=True)
            manifest = {"format": STORE_FORMAT, "schema_version": SCHEMA_VERSION, "runs": 0,
                        "created_at": _now(), "tables": {t: f"{t}/part-*.parquet" for t in TABLES}}
            store = cls(root, manifest)
            store.save_manifest()
        else:
            store = cls(root, read_manifest(manifest_path))
        store.check_layout()
        return store

    def check_layout(self) -> None:
        """StoreError naming the first file in a table folder that is not one of the store's parts."""
        for table in TABLES:
            folder = self.root / table
            if not folder.exists():
                continue
            if not folder.is_dir():
                raise StoreError(f"{folder}: expected a folder of Parquet parts; remove it or "
                                 f"{rebuild_hint(self.root)}")
            for entry in sorted(folder.iterdir()):
                if entry.name.startswith("."):
                    continue
                if not (entry.is_file() and PART_RE.match(entry.name)):
                    raise StoreError(f"{entry}: foreign file in the corpus store (only part-*.parquet belong "
                                     f"in {table}/); move it out of the store")

    def verify_parts(self) -> None:
        """Read every part's footer; StoreError naming the first that is not a part of this store."""
        for table in TABLES:
            for path in self.parts(table):
                check_part(path, table)

    def parts(self, table: str) -> list[Path]:
        folder = self.root / table
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if PART_RE.match(p.name) and p.is_file())

    def pattern(self, table: str) -> str:
        """Glob of the table's parts (for DuckDB's read_parquet)."""
        return str(self.root / table / "part-*.parquet")

    # the manifest

    def save_manifest(self) -> None:
        path = self.root / MANIFEST
        tmp = path.with_name(f"{TMP_PREFIX}{MANIFEST}.{os.getpid()}")
        tmp.write_text(json.dumps(self.manifest, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
        os.replace(tmp, path)

    def begin_run(self) -> int:
        """Number the new ingest run (rows carry it; the latest version of an article wins)."""
        self.manifest["runs"] = int(self.manifest.get("runs", 0)) + 1
        self.manifest["updated_at"] = _now()
        self.save_manifest()
        return self.manifest["runs"]

    def finish_run(self, summary: dict[str, Any]) -> None:
        self.manifest["last_run"] = {"run": self.manifest["runs"], "finished_at": _now(), **summary}
        self.manifest["updated_at"] = _now()
        self.save_manifest()

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Exclusive right to write; released when the process ends, however it ends."""
        path = self.root / LOCK_FILE
        with open(path, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                raise StoreError(f"{self.root}: another ingest is writing to this store "
                                 f"({handle.read().strip() or 'unknown process'})") from None
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}\n")
            handle.flush()
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # housekeeping (only under the lock)

    def remove_leftovers(self) -> int:
        """Delete temporary files of killed writers and mentions parts whose batch never committed."""
        removed = 0
        for table in TABLES:
            folder = self.root / table
            for tmp in folder.glob(f"{TMP_PREFIX}*") if folder.is_dir() else ():
                tmp.unlink(missing_ok=True)
                removed += 1
        committed = {p.name for p in self.parts("articles")}
        for part in self.parts("mentions"):
            if part.name not in committed:
                part.unlink(missing_ok=True)
                removed += 1
        return removed

    def current_versions(self) -> dict[str, str]:
        """``{article_id: text_sha256}`` of the current version of every stored article."""
        if not self.parts("articles"):
            return {}
        rows = self.sql(
            f"SELECT article_id, text_sha256 FROM read_parquet({sql_string(self.pattern('articles'))}) "
            "QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY ingest_run DESC, batch DESC) = 1")
        return dict(rows)

    def drop_superseded(self) -> int:
        """Rewrite the parts holding older versions of articles stored again since; returns rows dropped.

        Queries already ignore older versions (the latest run wins), so this only keeps the parts clean for
        readers that take them as they are. Mentions go first: a crash in between leaves an article row
        that is superseded anyway.
        """
        if not self.parts("articles"):
            return 0
        stale = self.sql(
            "SELECT batch, list(article_id) FROM ("
            "  SELECT article_id, batch, row_number() OVER ("
            "    PARTITION BY article_id ORDER BY ingest_run DESC, batch DESC) AS rn"
            f"  FROM read_parquet({sql_string(self.pattern('articles'))})) WHERE rn > 1 GROUP BY batch ORDER BY batch")
        dropped = 0
        for batch, ids in stale:
            for table in ("mentions", "articles"):
                path = part_path(self.root, table, batch)
                if not path.exists():
                    continue
                data = pq.read_table(path)
                keep = data.filter(pc.invert(pc.is_in(data["article_id"], pa.array(ids, pa.string()))))
                if table == "articles":
                    dropped += data.num_rows - keep.num_rows
                if keep.num_rows:
                    write_part(self.root, table, batch, keep)
                else:
                    path.unlink()
        return dropped

    def compact_places(self, run: int) -> None:
        """Merge the places parts into one: a row per place still mentioned, its latest record."""
        parts = self.parts("places")
        if not parts or (len(parts) == 1 and parts[0].name.startswith("part-merged-")):
            return
        key = f"merged-r{run:06d}"
        if self.parts("mentions"):
            table = self.sql_arrow(
                f"SELECT * FROM read_parquet({sql_string(self.pattern('places'))}) "
                f"WHERE place_id IN (SELECT place_id FROM read_parquet({sql_string(self.pattern('mentions'))})) "
                "QUALIFY row_number() OVER (PARTITION BY place_id ORDER BY ingest_run DESC, batch DESC) = 1 "
                "ORDER BY place_id")
        else:
            table = SCHEMAS["places"].empty_table()
        kept = write_part(self.root, "places", key, table)
        for part in parts:
            if part != kept:
                part.unlink(missing_ok=True)

    # reading with DuckDB

    def sql(self, query: str) -> list[tuple]:
        """Rows of a DuckDB query over the parts; damaged parts become a StoreError naming the file."""
        with self._duckdb() as con:
            return con.execute(query).fetchall()

    def sql_arrow(self, query: str) -> pa.Table:
        with self._duckdb() as con:
            return con.sql(query).to_arrow_table()

    @contextmanager
    def _duckdb(self) -> Iterator[Any]:
        import duckdb

        con = duckdb.connect()
        try:
            yield con
        except duckdb.Error as err:
            raise damaged_store_error(self, err) from None
        finally:
            con.close()


def check_part(path: Path, table: str) -> None:
    """StoreError unless ``path`` is a readable Parquet part of ``table`` written by this schema."""
    try:
        meta = pq.read_schema(path).metadata or {}
    except (OSError, pa.ArrowException) as err:
        raise StoreError(f"{path}: not a readable Parquet part ({_first_line(err)}); remove it or "
                         f"{rebuild_hint(path.parent.parent)}") from None
    try:
        info = json.loads(meta[b"news_atlas"])
    except (KeyError, ValueError):
        raise StoreError(f"{path}: a Parquet file that News Atlas did not write; move it out of the store") from None
    if info.get("table") != table or info.get("schema_version") != SCHEMA_VERSION:
        raise StoreError(f"{path}: part of table {info.get('table')!r}, schema version "
                         f"{info.get('schema_version')}; expected {table!r}, version {SCHEMA_VERSION}: "
                         f"{rebuild_hint(path.parent.parent)}")


def damaged_store_error(store: Store, err: Exception) -> StoreError:
    """A one-line StoreError for a DuckDB failure: the part it names, or the first damaged part found."""
    named = re.search(r"['\"]([^'\"]+\.parquet)['\"]", str(err))
    if named:
        path = Path(named.group(1))
        table = path.parent.name
        if path.exists() and table in TABLES:
            try:
                check_part(path, table)
            except StoreError as found:
                return found
        return StoreError(f"{path}: cannot be read ({_first_line(err)}); remove it or {rebuild_hint(store.root)}")
    try:
        store.verify_parts()
    except StoreError as found:
        return found
    return StoreError(f"{store.root}: query failed: {_first_line(err)}")


def read_manifest(path: Path) -> dict[str, Any]:
    """The parsed store.json; StoreError when it is unreadable, foreign or of another schema version."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise StoreError(f"{path}: unreadable store manifest ({_first_line(err)}); {rebuild_hint(path.parent)}") \
            from None
    if not isinstance(manifest, dict) or manifest.get("format") != STORE_FORMAT:
        raise StoreError(f"{path}: not a News Atlas corpus store manifest")
    version = manifest.get("schema_version")
    if version != SCHEMA_VERSION:
        if isinstance(version, int) and version > SCHEMA_VERSION:
            raise StoreError(f"{path.parent}: store written by a newer News Atlas (schema version {version}; "
                             f"this one reads {SCHEMA_VERSION}): update News Atlas")
        raise StoreError(f"{path.parent}: store has schema version {version}, this News Atlas reads version "
                         f"{SCHEMA_VERSION}; rebuild it: {rebuild_hint(path.parent)}")
    return manifest


def sql_string(text: str) -> str:
    """``text`` as a SQL string literal (for paths in read_parquet)."""
    return "'" + text.replace("'", "''") + "'"


def _first_line(err: Exception) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0][:300]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
