"""Compaction of a store: the same rows before and after, nothing done twice, crash-safe at every step
(a journal commits it; readers take the old parts or the new files, never both), generations merged."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq
import pytest
from corpus_helpers import sample_eval, write_jsonl

import geo.corpus.compact as compact_module
import geo.corpus.store as store_module
from geo.cli.main import main
from geo.corpus import driver, ingest, open_store
from geo.corpus.compact import compact
from geo.corpus.query import Filters
from geo.corpus.records import SCHEMAS, TABLES
from geo.corpus.store import JOURNAL, Store
from geo.settings import PROJECT_ROOT

KEYS = {"articles": ["article_id"], "mentions": ["article_id", "start", "end"], "places": ["place_id"]}


def quiet(_: str) -> None:
    pass


@pytest.fixture(scope="module")
def loose(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """(input, store): 40 dev articles ingested in batches of 5, not compacted (8 parts per table)."""
    folder = tmp_path_factory.mktemp("compact")
    src = write_jsonl(folder / "in.jsonl", sample_eval(30, 10, seed=7))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(driver, "compact", lambda store: compact_module.CompactionSummary())
        summary = ingest([str(src)], folder / "store", workers=0, batch_size=5, progress=False, report=quiet)
    assert summary.parsed == 40 and len(list((folder / "store" / "mentions").glob("part-*.parquet"))) == 8
    yield src, folder / "store"


def copy_store(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def raw(store: Path, table: str, files: list[Path] | None = None) -> pd.DataFrame:
    """A table's rows as the files hold them (all parts, or the given files), in key order. Places: the
    latest record of each (batch parts repeat a place that several batches name; compaction keeps one)."""
    paths = files if files is not None else sorted((store / table).glob("part-*.parquet"))
    frame = pd.concat([pd.read_parquet(p) for p in paths], ignore_index=True)
    if table == "places":
        frame = frame.sort_values(["place_id", "ingest_run", "batch"], ascending=[True, False, False])
        frame = frame.drop_duplicates("place_id")
    return frame.sort_values(KEYS[table]).reset_index(drop=True)


def as_read(store: Path, table: str) -> pd.DataFrame:
    """What a reader takes (Store.files: the journal's new files instead of the old parts)."""
    return raw(store, table, Store.open(store).files(table))


def answers(store: Path) -> dict[str, pd.DataFrame]:
    """The query views and API answers a reader gets."""
    with open_store(store, corrections=False) as corpus:
        return {
            "articles": corpus.sql("SELECT * FROM articles ORDER BY article_id"),
            "mentions": corpus.sql('SELECT * FROM mentions ORDER BY article_id, start, "end"'),
            "places": corpus.sql("SELECT * EXCLUDE (geometry) FROM places ORDER BY place_id"),
            "top": pd.DataFrame(corpus.places(limit=20).drop(columns="geometry")),
            "ml": corpus.articles(place="country:US"),
            "stats": pd.DataFrame([{k: v for k, v in corpus.stats().items()
                                    if k not in {"parts", "size_bytes", "store"}}]),
        }


def assert_same(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame], ignore: tuple[str, ...] = ()) -> None:
    assert left.keys() == right.keys()
    for name in left:
        pd.testing.assert_frame_equal(left[name].drop(columns=list(ignore), errors="ignore"),
                                      right[name].drop(columns=list(ignore), errors="ignore"), check_dtype=False,
                                      obj=name)


def run_compact(store: Path, **options: object) -> compact_module.CompactionSummary:
    opened = Store.open(store)
    with opened.lock():
        opened.remove_leftovers()
        return compact(opened, **options)  # type: ignore[arg-type]


def test_compaction_keeps_every_row_and_sorts_the_files(loose: tuple[Path, Path], tmp_path: Path) -> None:
    _, original = loose
    store = copy_store(original, tmp_path / "store")
    before = {t: raw(store, t) for t in TABLES}
    answered = answers(store)
    summary = run_compact(store)
    assert summary.clean and summary.files_before == {"articles": 8, "mentions": 8, "places": 8}
    assert summary.files_after == {"articles": 1, "mentions": 1, "places": 1}
    for table in TABLES:
        pd.testing.assert_frame_equal(raw(store, table), before[table], obj=table)
        (part,) = (store / table).glob("part-*.parquet")
        assert part.name.startswith("part-compact-") and pq.read_schema(part).remove_metadata() == SCHEMAS[table]
        assert json.loads(pq.read_schema(part).metadata[b"news_atlas"])["table"] == table
    # sorted: a place's mentions sit together, so row-group statistics skip the rest
    mentions = pd.read_parquet(next((store / "mentions").glob("*.parquet")))
    order = ["place_id", "date", "article_id", "start", "batch"]
    pd.testing.assert_frame_equal(mentions, mentions.sort_values(order).reset_index(drop=True))
    assert {p.name for p in (store / "mentions").iterdir()} == {p.name for p in (store / "articles").iterdir()}
    assert not list(store.rglob(".tmp-*")) and not (store / JOURNAL).exists()
    # still GeoParquet that geopandas reads as it is
    points = gpd.read_parquet(store / "mentions")
    assert points.crs.to_epsg() == 4326 and (points.geometry.x == points["lon"]).all()
    bbox = json.loads(pq.read_schema(next((store / "mentions").glob("*.parquet"))).metadata[b"geo"])
    assert bbox["columns"]["geometry"]["bbox"] == [mentions["lon"].min(), mentions["lat"].min(),
                                                   mentions["lon"].max(), mentions["lat"].max()]
    assert gpd.read_parquet(store / "places").geom_type.isin(["Point", "Polygon", "MultiPolygon"]).all()
    # the store is recorded clean: queries read the files as they are, and answer the same
    assert Store.open(store).is_clean()
    assert_same(answers(store), answered, ignore=("runs",))  # the ingest counted one more run


def test_compaction_is_idempotent(loose: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    src, original = loose
    store = copy_store(original, tmp_path / "store")
    run_compact(store)
    files = {p: p.stat().st_mtime_ns for p in store.rglob("part-*.parquet")}
    again = run_compact(store)
    assert again.generation == "" and again.clean  # nothing written
    status = main(["corpus", "compact", "--store", str(store), "--json"])
    out, err = capsys.readouterr()
    assert status == 0 and json.loads(out)["generation"] == "" and "mentions 1 -> 1 files" in err
    summary = ingest([str(src)], store, workers=0, progress=False, report=quiet)  # unchanged input
    assert summary.skipped == 40 and summary.parsed == 0
    assert {p: p.stat().st_mtime_ns for p in store.rglob("part-*.parquet")} == files


def test_ingest_compacts_in_generations_and_merges_them(loose: tuple[Path, Path], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    src, _ = loose
    rows = [json.loads(line) for line in src.read_text().splitlines()]
    store = tmp_path / "store"
    ingest([str(write_jsonl(tmp_path / "a.jsonl", rows[:20]))], store, workers=0, batch_size=5, progress=False,
           report=quiet)
    assert len(list((store / "mentions").glob("part-compact-*"))) == 1
    ingest([str(write_jsonl(tmp_path / "b.jsonl", rows[20:]))], store, workers=0, batch_size=5, progress=False,
           report=quiet)  # a second generation from the new batches only; the first is left as it is
    generations = sorted((store / "mentions").glob("part-compact-*"))
    assert len(generations) == 2 and Store.open(store).is_clean()
    one_run = copy_store(loose[1], tmp_path / "one-run")
    run_compact(one_run)
    volatile = ("origin", "batch", "ingest_run", "ingested_at", "runs")  # two runs of two inputs against one
    assert_same(answers(store), answers(one_run), ignore=volatile)
    for table in TABLES:
        pd.testing.assert_frame_equal(raw(store, table).drop(columns=list(volatile), errors="ignore"),
                                      raw(one_run, table).drop(columns=list(volatile), errors="ignore"), obj=table)
    summary = run_compact(store, full=True)
    assert summary.merged_all and summary.files_after == {"articles": 1, "mentions": 1, "places": 1}
    monkeypatch.setattr(compact_module, "MAX_GENERATIONS", 2)  # a third generation merges them all
    for n, expected in ((1, 2), (2, 1)):
        ingest([str(write_jsonl(tmp_path / "more.jsonl", [dict(rows[n], id=f"extra-{n}")]))], store, workers=0,
               progress=False, report=quiet)
        assert len(list((store / "mentions").glob("part-*"))) == expected
    assert answers(store)["stats"]["articles"][0] == 42 and Store.open(store).is_clean()


def test_large_compactions_are_split_into_files_of_the_same_names(loose: tuple[Path, Path], tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    store = copy_store(loose[1], tmp_path / "store")
    before = {t: raw(store, t) for t in TABLES}
    monkeypatch.setattr(compact_module, "COMPACT_FILE_ROWS", 100)
    summary = run_compact(store)
    n = -(-len(before["mentions"]) // 100)
    assert n > 2 and summary.files_after == {"articles": n, "mentions": n, "places": 1} and summary.clean
    names = {t: sorted(p.name for p in (store / t).iterdir()) for t in ("articles", "mentions")}
    assert names["articles"] == names["mentions"]  # pairs: an older News Atlas keeps these mentions files
    for table in TABLES:
        pd.testing.assert_frame_equal(raw(store, table), before[table], obj=table)
    in_order = pd.concat([pd.read_parquet(p) for p in sorted((store / "mentions").glob("*.parquet"))],
                         ignore_index=True)
    order = ["place_id", "date", "article_id", "start", "batch"]
    pd.testing.assert_frame_equal(in_order, in_order.sort_values(order).reset_index(drop=True))


STEPS = ["written", "committed", "renamed:mentions", "deleted:mentions", "renamed:places", "deleted:places",
         "renamed:articles", "deleted:articles", "applied"]


class Crash(BaseException):
    pass


@pytest.mark.parametrize("step", STEPS)
def test_a_compaction_stopped_at_any_step_loses_nothing_and_doubles_nothing(
        loose: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    src, original = loose
    store = copy_store(original, tmp_path / "store")
    before = {t: raw(store, t) for t in TABLES}
    answered = answers(store)

    def crash(at: str) -> None:
        if at == step:
            raise Crash(at)

    monkeypatch.setattr(store_module, "CRASH_HOOK", crash)
    with pytest.raises(Crash):
        run_compact(store)
    monkeypatch.setattr(store_module, "CRASH_HOOK", None)
    assert (store / JOURNAL).exists() == (step not in {"written", "applied"})
    for table in TABLES:  # readers take the old parts or the new files, never both
        pd.testing.assert_frame_equal(as_read(store, table), before[table], obj=table)
    assert_same(answers(store), answered)
    # the next ingest finishes (or drops) the compaction: the folders hold each row once
    summary = ingest([str(src)], store, workers=0, progress=False, report=quiet)
    assert summary.skipped == 40 and summary.parsed == 0
    assert not (store / JOURNAL).exists() and not list(store.rglob(".tmp-*"))
    for table in TABLES:
        pd.testing.assert_frame_equal(raw(store, table), before[table], obj=table)
        (part,) = (store / table).glob("part-*")
        assert len(pd.read_parquet(part)) == len(before[table])  # each row once
    assert Store.open(store).is_clean()
    assert_same(answers(store), answered, ignore=("runs",))  # the ingest counted one more run


def test_a_compaction_killed_while_renaming_is_finished_by_the_next_writer(loose: tuple[Path, Path],
                                                                           tmp_path: Path) -> None:
    """A real SIGKILL after the new mentions file is renamed in and before the old parts are deleted."""
    store = copy_store(loose[1], tmp_path / "store")
    before = {t: raw(store, t) for t in TABLES}
    script = ("import os, signal, sys\n"
              "import geo.corpus.store as s\n"
              "from geo.corpus.compact import compact\n"
              "s.CRASH_HOOK = lambda step: os.kill(os.getpid(), signal.SIGKILL) if step == sys.argv[2] else None\n"
              "store = s.Store.open(sys.argv[1])\n"
              "with store.lock():\n"
              "    compact(store)\n")
    proc = subprocess.run([sys.executable, "-c", script, str(store), "renamed:mentions"], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert len(list((store / "mentions").glob("part-*"))) == 9  # on disk: the old parts and the new file
    for table in TABLES:
        pd.testing.assert_frame_equal(as_read(store, table), before[table], obj=table)
    with open_store(store, corrections=False) as corpus:
        assert corpus.stats()["mentions"] == len(before["mentions"])
    status = main(["corpus", "compact", "--store", str(store)])
    assert status == 0 and not (store / JOURNAL).exists()
    for table in TABLES:
        pd.testing.assert_frame_equal(raw(store, table), before[table], obj=table)


def test_an_open_reader_follows_the_store(loose: tuple[Path, Path], tmp_path: Path) -> None:
    """A CorpusStore kept open sees a compaction and a new ingest (its views are made again)."""
    _, original = loose
    store = copy_store(original, tmp_path / "store")
    with open_store(store, corrections=False) as corpus:
        first = corpus.sql("SELECT count(*) AS n FROM mentions")["n"][0]
        run_compact(store)
        assert corpus.sql("SELECT count(*) AS n FROM mentions")["n"][0] == first
        assert "QUALIFY" not in corpus.sql("SELECT sql FROM duckdb_views() WHERE view_name = 'articles'")["sql"][0]
        extra = write_jsonl(tmp_path / "extra.jsonl", [{"id": "new", "text": "Floods hit Niamey, Niger."}])
        ingest([str(extra)], store, workers=0, progress=False, report=quiet)
        assert corpus.sql("SELECT count(*) AS n FROM articles")["n"][0] == 41
        assert set(corpus.mentions(article="new")["place_id"]) >= {"country:NE"}


def test_mentions_geojson_written_by_duckdb_matches_the_frame(loose: tuple[Path, Path], tmp_path: Path) -> None:
    from geo.corpus.export import export, write_geojson
    from geo.corrections import NOT_A_PLACE, CorrectionStore

    store = copy_store(loose[1], tmp_path / "store")
    with open_store(store, corrections=False) as corpus:
        some = corpus.mentions(limit=2)
    db = tmp_path / "corrections.sqlite"
    corrections = CorrectionStore(db)
    corrections.set(some["text_sha256"][0], int(some["start"][0]), int(some["end"][0]), "country:US")
    corrections.set(some["text_sha256"][1], int(some["start"][1]), int(some["end"][1]), NOT_A_PLACE)
    cases = [(Filters(place="country:US"), None), (Filters(), 25), (Filters(place="none"), None)]
    for use in (False, db):
        with open_store(store, corrections=use) as corpus:
            for filters, limit in cases:
                out = tmp_path / "fast.geojson"
                n = export(corpus, "geojson", out, what="mentions", filters=filters, limit=limit)
                write_geojson(corpus.mentions(filters, limit=limit), tmp_path / "frame.geojson")
                fast = json.loads(out.read_text(encoding="utf-8"))
                frame = json.loads((tmp_path / "frame.geojson").read_text(encoding="utf-8"))
                assert fast == frame and n == len(fast["features"])
                if fast["features"]:
                    assert list(fast["features"][0]["properties"]) == list(frame["features"][0]["properties"])
            assert n == 0 and not list(tmp_path.glob(".*"))
        with open_store(store, corrections=use) as corpus:
            export(corpus, "geojson", out, what="mentions", filters=Filters(place="country:US"))
            corrected = [f for f in json.loads(out.read_text())["features"] if f["properties"]["corrected"]]
            assert len(corrected) == (1 if use else 0)


def test_a_query_that_loses_its_files_to_a_compaction_runs_again(loose: tuple[Path, Path], tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader planned on a compaction's temporary files (journal committed), which are renamed before its
    next query scans them: it sees the store changed and runs the query once more instead of failing."""
    from geo.corpus.query import CorpusStore

    store = copy_store(loose[1], tmp_path / "store")

    def crash(at: str) -> None:
        if at == "committed":
            raise Crash(at)

    monkeypatch.setattr(store_module, "CRASH_HOOK", crash)
    with pytest.raises(Crash):
        run_compact(store)
    monkeypatch.setattr(store_module, "CRASH_HOOK", None)
    with open_store(store, corrections=False) as corpus:
        expected = corpus.sql("SELECT count(*) AS n FROM mentions")["n"][0]
        planned_on = corpus._state
        assert any(".tmp-" in path for files in planned_on[1] for path, _stat in files)
        writer = Store.open(store)
        with writer.lock():
            assert writer.finish_compaction()  # the temporary files are renamed into place
        real = CorpusStore._store_state
        calls = iter([planned_on])  # the check before the query still sees the old state
        monkeypatch.setattr(CorpusStore, "_store_state", lambda self: next(calls, None) or real(self))
        assert corpus.sql("SELECT count(*) AS n FROM mentions")["n"][0] == expected
        assert corpus._state != planned_on
