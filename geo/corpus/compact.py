"""Compaction: the small batch parts of a store rewritten as a few large files sorted for queries.

An ingest writes one part per table per batch (500 articles), so 100,000 articles are 200 files per table
of a few row groups each, and every query opens all of them. At the end of every ingest (and with
``python -m geo corpus compact``) the parts are rewritten with DuckDB:

* articles sorted by date and id, mentions by place id, date, article id and offset, places by id, in row
  groups of ``ROW_GROUP_ROWS``: the row-group min/max statistics then skip most of a file for a place
  or a date window;
* only current rows are kept: the latest version of each article, the mentions of those versions, the
  latest record of each place still mentioned (the rows queries read anyway);
* a compaction writes a *generation*: the batch parts written since the last compaction, as one file per
  table (``COMPACT_FILE_ROWS`` mentions at most per file); a compaction that would make more than
  ``MAX_GENERATIONS`` generations (or one with ``full``) merges every file into one generation, so an
  ingest of a few articles into a big store does not rewrite all of it;
* articles and mentions are written as the same number of files with the same names, since an older
  News Atlas deletes a mentions part that has no articles part of its name.

Nothing lost, nothing twice: the new files are written under hidden temporary names (a crash there leaves
files the next writer deletes); then the journal ``.compaction.json`` names them and the files they
replace — the commit; then they are renamed into place and the old files deleted, and the journal is
removed last. A crash after the commit leaves the journal, which the next writer finishes
(``Store.finish_compaction``); until then readers take the new files instead of the old ones
(``Store.files``). Readers that take the folders as they are (geopandas, DuckDB globs) see the old
parts and the new files together only between the first rename and the last deletion of that table.

After a compaction the store is checked — one row per article and per place, no mention without its
article version — and, when it holds, the part names are recorded in store.json as ``compacted``: queries
on a store whose parts are still those skip working out the current versions (``Store.is_clean``).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from geo.corpus.records import SCHEMAS, TABLES
from geo.corpus.store import (
    COMPACT_PREFIX,
    DUCKDB_TMP,
    JOURNAL,
    JOURNAL_FORMAT,
    TMP_PREFIX,
    Store,
    _fsync_dir,
    _now,
    copy_to_part,
    crash_point,
    finish_table,
    fsync_file,
    is_compacted,
    parquet_list,
)

#: Most mentions rows in one compacted file (articles are split into as many files).
COMPACT_FILE_ROWS = 4_000_000

#: Most generations of compacted files: a compaction that would add one more merges them all into one.
MAX_GENERATIONS = 8

#: Sort order of each table's compacted files.
SORT = {"articles": "date, article_id, batch", "mentions": "place_id, date, article_id, start, batch",
        "places": "place_id"}

_LATEST = "row_number() OVER (PARTITION BY {key} ORDER BY ingest_run DESC, batch DESC, filename DESC)"


@dataclass(slots=True)
class CompactionSummary:
    """What a compaction did: files per table before and after, rows written, whether the store is clean."""

    generation: str = ""
    merged_all: bool = False
    files_before: dict[str, int] = field(default_factory=dict)
    files_after: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    clean: bool = False
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def generation_of(path: Path) -> str:
    """The generation of a compacted file: ``part-compact-<generation>-<n>.parquet``."""
    return path.name[len(COMPACT_PREFIX):].rsplit("-", 1)[0]


def compact(store: Store, *, full: bool = False) -> CompactionSummary:
    """Compact the store's parts (the caller holds the store's lock). ``full``: merge every generation."""
    started = time.perf_counter()
    store.finish_compaction()
    parts = {t: store.parts(t) for t in TABLES}
    summary = CompactionSummary(files_before={t: len(p) for t, p in parts.items()})
    generations = {generation_of(p) for t in ("articles", "mentions") for p in parts[t] if is_compacted(p)}
    loose = {t: [p for p in parts[t] if not is_compacted(p)] for t in ("articles", "mentions")}
    new = any(loose.values())
    merge_all = (full and (len(generations) > 1 or new)) or (new and len(generations) + 1 > MAX_GENERATIONS)
    inputs = {t: parts[t] if merge_all else loose[t] for t in ("articles", "mentions")}
    places_done = len(parts["places"]) == 1 and is_compacted(parts["places"][0])
    if any(inputs.values()) or (parts["places"] and not places_done):
        summary.merged_all = merge_all
        summary.generation = f"r{int(store.manifest.get('runs', 0)):06d}{uuid.uuid4().hex[:6]}"
        try:
            journal = _write_generation(store, summary, inputs, parts["places"])
            crash_point("written")
            _write_journal(store.root, journal)
            crash_point("committed")
            store.finish_compaction()
            crash_point("applied")
        finally:
            shutil.rmtree(store.root / DUCKDB_TMP, ignore_errors=True)
    summary.files_after = {t: len(store.parts(t)) for t in TABLES}
    summary.clean = record_if_clean(store, generation=summary.generation)
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


def _write_generation(store: Store, summary: CompactionSummary, inputs: dict[str, list[Path]],
                      places: list[Path]) -> dict[str, Any]:
    """Write the new files under temporary names; the journal that puts them in place."""
    tables: dict[str, dict[str, list]] = {}
    written: list[Path] = []
    try:
        with store._duckdb() as con:
            articles = store.source("articles", filename=True)
            mentions = store.source("mentions", filename=True)
            if articles is not None:
                con.execute(f"CREATE TEMP TABLE current AS SELECT article_id, batch, parse_filename(filename) AS part "
                            f"FROM {articles} QUALIFY {_LATEST.format(key='article_id')} = 1")
            else:
                con.execute("CREATE TEMP TABLE current (article_id VARCHAR, batch VARCHAR, part VARCHAR)")
            if inputs["articles"] or inputs["mentions"]:
                rows = sum(pq.ParquetFile(p).metadata.num_rows for p in inputs["mentions"])
                n = max(1, math.ceil(rows / COMPACT_FILE_ROWS))
                names = [f"{COMPACT_PREFIX}{summary.generation}-{i:03d}.parquet" for i in range(n)]
                selects = {
                    "articles": f"SELECT a.* EXCLUDE (filename) FROM read_parquet({parquet_list(inputs['articles'])}, "
                                "filename = true) a SEMI JOIN current c ON a.article_id = c.article_id "
                                "AND a.batch = c.batch AND parse_filename(a.filename) = c.part",
                    "mentions": f"SELECT m.* FROM read_parquet({parquet_list(inputs['mentions'])}) m "
                                "SEMI JOIN current c ON m.article_id = c.article_id AND m.batch = c.batch"}
                for table in ("articles", "mentions"):
                    folder = store.root / table
                    folder.mkdir(exist_ok=True)
                    tmps = [folder / f"{TMP_PREFIX}{name}" for name in names]
                    written += tmps
                    if inputs[table]:
                        summary.rows[table] = _write_sorted(con, table, selects[table], tmps)
                    else:  # nothing of this table to compact: the pair still needs its files
                        summary.rows[table] = _write_sorted(con, table, _empty(table), tmps)
                    tables[table] = {"new": [[t.name, name] for t, name in zip(tmps, names, strict=True)],
                                     "old": [p.name for p in inputs[table]]}
            if places:
                # the latest record of each place that a current mention names
                still = "SELECT NULL::VARCHAR AS place_id WHERE false"
                if mentions is not None:
                    still = (f"SELECT m.place_id FROM {mentions} m SEMI JOIN current c "
                             "ON m.article_id = c.article_id AND m.batch = c.batch")
                data = con.sql(
                    f"SELECT * EXCLUDE (filename, rn) FROM (SELECT *, {_LATEST.format(key='place_id')} AS rn "
                    f"FROM {store.source('places', filename=True)} WHERE place_id IN ({still})) WHERE rn = 1 "
                    f"ORDER BY {SORT['places']}").to_arrow_table()
                name = f"{COMPACT_PREFIX}{summary.generation}-000.parquet"
                tmp = store.root / "places" / f"{TMP_PREFIX}{name}"
                written.append(tmp)
                pq.write_table(finish_table("places", data), tmp, compression="zstd")
                fsync_file(tmp)
                summary.rows["places"] = data.num_rows
                tables["places"] = {"new": [[tmp.name, name]], "old": [p.name for p in places]}
    except BaseException:
        for tmp in written:
            tmp.unlink(missing_ok=True)
        raise
    return {"format": JOURNAL_FORMAT, "generation": summary.generation, "written_at": _now(), "tables": tables}


def _write_sorted(con: Any, table: str, select: str, tmps: list[Path]) -> int:
    """The rows of ``select`` sorted by the table's key, in ``len(tmps)`` files of consecutive rows."""
    order = SORT[table]
    if len(tmps) == 1:
        return copy_to_part(con, table, f"{select} ORDER BY {order}", tmps[0])
    con.execute(f"CREATE OR REPLACE TEMP TABLE sorted AS {select} ORDER BY {order}")
    total = con.execute("SELECT count(*) FROM sorted").fetchall()[0][0]
    size = max(1, math.ceil(total / len(tmps)))
    written = 0
    for i, tmp in enumerate(tmps):
        written += copy_to_part(con, table, f"SELECT * FROM sorted WHERE rowid >= {i * size} "
                                            f"AND rowid < {(i + 1) * size} ORDER BY rowid", tmp)
    con.execute("DROP TABLE sorted")
    return written


def _empty(table: str) -> str:
    """A SELECT of no rows with the table's columns and types."""
    types = {"string": "VARCHAR", "int32": "INTEGER", "int64": "BIGINT", "double": "DOUBLE", "date32[day]": "DATE",
             "timestamp[us, tz=UTC]": "TIMESTAMPTZ", "binary": "BLOB"}
    columns = ", ".join(f'NULL::{types[str(f.type)]} AS "{f.name}"' for f in SCHEMAS[table])
    return f"SELECT {columns} WHERE false"


def _write_journal(root: Path, journal: dict[str, Any]) -> None:
    """The commit of a compaction: the journal, written atomically."""
    path = root / JOURNAL
    tmp = root / f"{TMP_PREFIX}{JOURNAL}.{os.getpid()}"
    tmp.write_text(json.dumps(journal, indent=1) + "\n", encoding="utf-8")
    fsync_file(tmp)
    os.replace(tmp, path)
    _fsync_dir(root)


def record_if_clean(store: Store, *, generation: str = "") -> bool:
    """Check that every article and place has one row and every mention its article version; if so record
    the part names in store.json (``compacted``), else remove that record. Whether the store is clean."""
    if store.is_clean():
        return True
    sources = {t: store.source(t) for t in TABLES}
    checks = []
    if sources["articles"]:
        checks.append(f"(SELECT count(*) - count(DISTINCT article_id) FROM {sources['articles']})")
    if sources["places"]:
        checks.append(f"(SELECT count(*) - count(DISTINCT place_id) FROM {sources['places']})")
    if sources["mentions"]:
        if sources["articles"]:
            checks.append(f"(SELECT count(*) FROM {sources['mentions']} m ANTI JOIN {sources['articles']} a "
                          "ON m.article_id = a.article_id AND m.batch = a.batch)")
        else:
            checks.append(f"(SELECT count(*) FROM {sources['mentions']})")
    clean = not checks or not any(store.sql(f"SELECT {', '.join(checks)}")[0])
    if clean:
        store.manifest["compacted"] = {"generation": generation, "at": _now(), "parts": store.listing()}
    else:
        store.manifest.pop("compacted", None)
    store.save_manifest()
    return clean
