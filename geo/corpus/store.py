"""The corpus store on disk: its manifest, atomic Parquet parts, the ingest lock and housekeeping.

Layout (every table a folder of Parquet parts that DuckDB, geopandas, Dask and Spark read as they are)::

    STORE/store.json                     format, schema_version, runs, last run's summary
    STORE/articles/part-<batch>.parquet  written last by a task: it commits the batch
    STORE/mentions/part-<batch>.parquet
    STORE/places/part-<batch>.parquet
    STORE/<table>/part-compact-<generation>-<n>.parquet   the parts above, compacted (geo.corpus.compact)
    STORE/.compaction.json               the journal of a compaction being put in place

A part is written to a hidden temporary file in its folder and renamed over its final name, so readers
never see half a file and a retried task overwrites its own part. Parts are named by the batch key
(a hash of the batch's article ids and text hashes), so the same batch never lands twice.

At the end of an ingest the batch parts are compacted into a few large files sorted for queries; the
files that replace them are named in a journal first, so that readers (``Store.files``) take either the
old parts or the new files, never both, and the next writer finishes a compaction that was interrupted.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from geo.corpus.records import SCHEMA_VERSION, SCHEMAS, STORE_FORMAT, TABLES, geo_metadata, part_metadata

MANIFEST = "store.json"
LOCK_FILE = ".ingest.lock"
JOURNAL = ".compaction.json"
TMP_PREFIX = ".tmp-"
DUCKDB_TMP = ".tmp-duckdb"  # where DuckDB spills while the store is rewritten
PART_RE = re.compile(r"^part-[A-Za-z0-9_-]+\.parquet$")
COMPACT_PREFIX = "part-compact-"
JOURNAL_FORMAT = "news-atlas-compaction"

#: Rows per row group of the parts rewritten with DuckDB: small enough for min/max pruning on the sort key.
ROW_GROUP_ROWS = 50_000

#: Called at each step of putting a compaction in place (tests kill the process there); None in use.
CRASH_HOOK: Callable[[str], None] | None = None


def crash_point(step: str) -> None:
    if CRASH_HOOK is not None:
        CRASH_HOOK(step)


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
    tmp = temporary(final)
    try:
        pq.write_table(finish_table(table, data), tmp, compression="zstd")
        fsync_file(tmp)
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


def is_compacted(path: Path) -> bool:
    """A file written by a compaction (``part-compact-<generation>-<n>.parquet``)."""
    return path.name.startswith(COMPACT_PREFIX)


def fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def parquet_list(paths: list[Path]) -> str:
    """A SQL list of file paths for DuckDB's read_parquet."""
    return "[" + ", ".join(sql_string(str(p)) for p in paths) + "]"


def kv_metadata(metadata: dict[bytes, bytes]) -> str:
    """DuckDB's ``KV_METADATA {...}`` option for COPY ... TO parquet."""
    return "KV_METADATA {" + ", ".join(f"{k.decode()}: {sql_string(v.decode())}" for k, v in metadata.items()) + "}"


def copy_to_part(con: Any, table: str, select: str, tmp: Path, params: list[Any] | None = None) -> int:
    """Write the rows of ``select`` (columns of ``table``, in order) to the Parquet file ``tmp`` with DuckDB,
    with the store's metadata (and for ``mentions`` the GeoParquet ``geo`` of its points); fsynced. Rows
    written. ``con`` must read geometry as WKB bytes (``enable_geoparquet_conversion`` off)."""
    metadata = part_metadata(table)
    if table == "mentions":
        box = con.execute(f"SELECT min(lon), min(lat), max(lon), max(lat) FROM ({select}) "
                          "WHERE geometry IS NOT NULL", params or []).fetchall()[0]
        bbox = [float(b) for b in box] if None not in box else None
        metadata[b"geo"] = geo_metadata(["Point"], bbox)
    elif table != "articles":
        raise ValueError(f"copy_to_part writes articles or mentions, not {table}")
    rows = con.execute(f"COPY ({select}) TO {sql_string(str(tmp))} (FORMAT parquet, COMPRESSION zstd, "
                       f"ROW_GROUP_SIZE {ROW_GROUP_ROWS}, {kv_metadata(metadata)})", params or []).fetchall()
    fsync_file(tmp)
    return int(rows[0][0]) if rows else 0


def temporary(final: Path) -> Path:
    """A hidden temporary name beside ``final`` (removed by the next writer if left behind)."""
    return final.with_name(f"{TMP_PREFIX}{final.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}")


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
        """The table's part files as they are in its folder (see ``files`` for what readers take)."""
        folder = self.root / table
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if PART_RE.match(p.name) and p.is_file())

    def pattern(self, table: str) -> str:
        """Glob of the table's parts (for DuckDB's read_parquet)."""
        return str(self.root / table / "part-*.parquet")

    def journal(self) -> dict[str, Any] | None:
        """The journal of a compaction being put in place (or interrupted there), or None."""
        return read_journal(self.root)

    def files(self, table: str) -> list[Path]:
        """The files a reader takes for ``table``: its parts, except while a compaction is being put in place
        (or was interrupted there): then the compacted files (renamed or not yet) instead of the parts they
        replace, so no row is read twice or missed."""
        return self._files(table)[0]

    def _files(self, table: str) -> tuple[list[Path], bool]:
        for _ in range(5):
            before = self.journal()
            parts = self.parts(table)
            if self.journal() == before:  # no compaction step in between
                return journal_files(self.root, table, parts, before), before is not None
        raise StoreError(f"{self.root}: the store kept changing while it was read; try again")

    def source(self, table: str, *, filename: bool = False) -> str | None:
        """``read_parquet(...)`` over the table's files for DuckDB (None when it has none): the glob of its
        parts, or their list while a compaction journal is in place."""
        files, journal = self._files(table)
        if not files:
            return None
        options = ", filename = true" if filename else ""
        where = parquet_list(files) if journal else sql_string(self.pattern(table))
        return f"read_parquet({where}{options})"

    def listing(self) -> dict[str, list[str]]:
        """The part names of each table (what a compaction records as verified clean)."""
        return {table: [p.name for p in self.parts(table)] for table in TABLES}

    def is_clean(self) -> bool:
        """Verified at the last compaction, and untouched since: one row per article and per place, every
        mention of a current article. Readers can then skip working out the current versions."""
        compacted = self.manifest.get("compacted")
        return (isinstance(compacted, dict) and compacted.get("parts") == self.listing()
                and not (self.root / JOURNAL).exists())

    def reload(self) -> None:
        """Read store.json again (another process changed it)."""
        self.manifest = read_manifest(self.root / MANIFEST)

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
        """Finish a compaction that was interrupted, then delete temporary files of killed writers and
        mentions parts whose batch never committed."""
        self.finish_compaction()
        removed = 0
        shutil.rmtree(self.root / DUCKDB_TMP, ignore_errors=True)
        for tmp in self.root.glob(f"{TMP_PREFIX}{JOURNAL}*"):
            tmp.unlink(missing_ok=True)
        for table in TABLES:
            folder = self.root / table
            for tmp in folder.glob(f"{TMP_PREFIX}*") if folder.is_dir() else ():
                tmp.unlink(missing_ok=True)
                removed += 1
        committed = {p.name for p in self.parts("articles")}
        for part in self.parts("mentions"):
            if part.name not in committed:  # compacted files come in pairs of the same name too
                part.unlink(missing_ok=True)
                removed += 1
        return removed

    def finish_compaction(self) -> bool:
        """Put in place the compaction the journal names (renames, then deletions; each step can be done
        again), then remove the journal. False when there is none."""
        journal = self.journal()
        if journal is None:
            return False
        for table in ("mentions", "places", "articles"):
            entry = journal["tables"].get(table)
            if not entry:
                continue
            folder = self.root / table
            for tmp, final in entry["new"]:
                if (folder / tmp).exists():
                    os.replace(folder / tmp, folder / final)
                elif not (folder / final).exists():
                    raise StoreError(f"{folder / final}: missing, though the compaction journal "
                                     f"{self.root / JOURNAL} names it; {rebuild_hint(self.root)}")
            _fsync_dir(folder)
            crash_point(f"renamed:{table}")
            for name in entry["old"]:
                (folder / name).unlink(missing_ok=True)
            _fsync_dir(folder)
            crash_point(f"deleted:{table}")
        (self.root / JOURNAL).unlink()
        _fsync_dir(self.root)
        return True

    def current_versions(self) -> dict[str, str]:
        """``{article_id: text_sha256}`` of the current version of every stored article."""
        source = self.source("articles")
        if source is None:
            return {}
        rows = self.sql(
            f"SELECT article_id, text_sha256 FROM {source} "
            "QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY ingest_run DESC, batch DESC) = 1")
        return dict(rows)

    def drop_superseded(self) -> int:
        """Rewrite the files holding older versions of articles stored again since; returns rows dropped.

        Queries already ignore older versions (the latest run wins), so this only keeps the files clean for
        readers that take them as they are. Mentions go first: a crash in between leaves an article row
        that is superseded anyway. Each file is rewritten atomically (a batch part left empty is deleted,
        a compacted file is kept, empty, beside its pair).
        """
        articles = self.source("articles", filename=True)
        mentions = self.source("mentions", filename=True)
        if articles is None:
            return 0
        with self._duckdb() as con:
            con.execute(  # the rows of articles stored more than once (none, usually)
                "CREATE TEMP TABLE ranked AS SELECT article_id, batch, filename, rn FROM ("
                "  SELECT article_id, batch, filename, count(*) OVER (PARTITION BY article_id) AS n,"
                "    row_number() OVER (PARTITION BY article_id ORDER BY ingest_run DESC, batch DESC, filename DESC)"
                "    AS rn"
                f"  FROM {articles}) WHERE n > 1")
            if not con.execute("SELECT count(*) FROM ranked WHERE rn > 1").fetchall()[0][0]:
                return 0
            # (article_id, batch) of older versions only: a copy of the current row elsewhere keeps its mentions
            con.execute("CREATE TEMP TABLE stale AS SELECT article_id, batch FROM ranked WHERE rn > 1 "
                        "EXCEPT SELECT article_id, batch FROM ranked WHERE rn = 1")
            if mentions is not None:
                hit = con.execute(f"SELECT DISTINCT m.filename FROM {mentions} m SEMI JOIN stale s "
                                  "ON m.article_id = s.article_id AND m.batch = s.batch ORDER BY 1").fetchall()
                for (name,) in hit:
                    self._rewrite(con, "mentions", Path(name),
                                  "ANTI JOIN stale s ON t.article_id = s.article_id AND t.batch = s.batch")
            dropped = 0
            hit = con.execute("SELECT filename, count(*) FROM ranked WHERE rn > 1 GROUP BY 1 ORDER BY 1").fetchall()
            for name, n in hit:
                self._rewrite(con, "articles", Path(name),
                              "ANTI JOIN (SELECT * FROM ranked WHERE rn > 1) s "
                              "ON t.article_id = s.article_id AND t.batch = s.batch AND s.filename = ?", [name])
                dropped += int(n)
        return dropped

    def delete_articles(self, article_ids: list[str]) -> int:
        """Remove every stored version of these articles (their mentions first, then their rows); returns
        the article rows removed. Take ``lock`` around it. A crash in between leaves article rows without
        mentions, which the next call removes."""
        articles = self.source("articles", filename=True)
        mentions = self.source("mentions", filename=True)
        if articles is None or not article_ids:
            return 0
        with self._duckdb() as con:
            con.execute("CREATE TEMP TABLE gone AS SELECT unnest(?::VARCHAR[]) AS article_id", [list(article_ids)])
            if mentions is not None:
                hit = con.execute(f"SELECT DISTINCT m.filename FROM {mentions} m SEMI JOIN gone g "
                                  "ON m.article_id = g.article_id ORDER BY 1").fetchall()
                for (name,) in hit:
                    self._rewrite(con, "mentions", Path(name), "ANTI JOIN gone g ON t.article_id = g.article_id")
            hit = con.execute(f"SELECT filename, count(*) FROM {articles} a SEMI JOIN gone g "
                              "ON a.article_id = g.article_id GROUP BY 1 ORDER BY 1").fetchall()
            for name, _n in hit:
                self._rewrite(con, "articles", Path(name), "ANTI JOIN gone g ON t.article_id = g.article_id")
        return sum(int(n) for _name, n in hit)

    def _rewrite(self, con: Any, table: str, path: Path, anti_join: str, params: list[Any] | None = None) -> None:
        tmp = temporary(path)
        try:
            select = f"SELECT t.* FROM read_parquet({sql_string(str(path))}) t {anti_join}"
            rows = copy_to_part(con, table, select, tmp, params)
            if rows or is_compacted(path):
                os.replace(tmp, path)
            else:
                path.unlink()
        finally:
            tmp.unlink(missing_ok=True)
        _fsync_dir(path.parent)

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
        """A DuckDB connection that reads geometry as WKB bytes (as the parts hold it)."""
        import duckdb

        con = duckdb.connect()
        try:
            con.execute("SET enable_progress_bar = false")
            con.execute("SET enable_geoparquet_conversion = false")
            con.execute(f"SET temp_directory = {sql_string(str(self.root / DUCKDB_TMP))}")
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


def read_journal(root: Path) -> dict[str, Any] | None:
    """The compaction journal of the store at ``root`` (None when there is none); StoreError when unreadable.

    ``{"format": ..., "generation": ..., "tables": {table: {"new": [[temporary, final], ...], "old": [...]}}}``:
    file names in the table's folder. It is written (atomically) once every new file is complete.
    """
    path = root / JOURNAL
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as err:
        raise StoreError(f"{path}: unreadable compaction journal ({_first_line(err)})") from None
    try:
        journal = json.loads(text)
        if journal.get("format") != JOURNAL_FORMAT:
            raise ValueError("not a compaction journal")
        for table, entry in journal["tables"].items():
            if table not in TABLES:
                raise ValueError(f"unknown table {table!r}")
            for tmp, final in entry["new"]:
                if not (tmp.startswith(TMP_PREFIX) and PART_RE.match(final) and "/" not in tmp):
                    raise ValueError(f"bad file names {tmp!r}, {final!r}")
            if not all(isinstance(name, str) and PART_RE.match(name) for name in entry["old"]):
                raise ValueError("bad file names")
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise StoreError(f"{path}: unreadable compaction journal ({_first_line(err)}); "
                         f"{rebuild_hint(root)}") from None
    return journal


def journal_files(root: Path, table: str, parts: list[Path], journal: dict[str, Any] | None) -> list[Path]:
    """``parts`` as a reader takes them while ``journal`` is being put in place: the new files for the old."""
    entry = (journal or {}).get("tables", {}).get(table)
    if not entry:
        return parts
    old = set(entry["old"])
    kept = [p for p in parts if p.name not in old]
    names = {p.name for p in kept}
    folder = root / table
    for tmp, final in entry["new"]:
        if final in names:
            continue
        if not (folder / tmp).is_file():
            raise StoreError(f"{folder / final}: missing, though the compaction journal {root / JOURNAL} names "
                             f"it; {rebuild_hint(root)}")
        kept.append(folder / tmp)
    return kept


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
                         f"{SCHEMA_VERSION}; rebuild it from its articles: python -m geo corpus ingest INPUT... "
                         f"--store {path.parent} --set-aside-old (the old store is renamed, not deleted)")
    return manifest


def set_aside_old_store(root: Path) -> Path | None:
    """Rename a store of an older schema version to ``NAME.schema-N-YYYYmmddTHHMMSS`` beside it (nothing is
    deleted) and return the new path; None when ``root`` is not such a store."""
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    version = manifest.get("schema_version") if isinstance(manifest, dict) else None
    if manifest.get("format") != STORE_FORMAT or not isinstance(version, int) or version >= SCHEMA_VERSION:
        return None
    target = root.with_name(f"{root.name}.schema-{version}-{datetime.now(UTC):%Y%m%dT%H%M%S}")
    root.rename(target)
    return target


def sql_string(text: str) -> str:
    """``text`` as a SQL string literal (for paths in read_parquet)."""
    return "'" + text.replace("'", "''") + "'"


def _first_line(err: Exception) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0][:300]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
