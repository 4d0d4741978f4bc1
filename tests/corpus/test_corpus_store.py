"""The store on disk: replacement of changed articles, resuming a killed ingest, atomic parts, the
schema version, and damaged or foreign files named in one line."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from corpus_helpers import sample_eval, write_jsonl

from geo.cli.main import main
from geo.corpus import ingest, open_store
from geo.corpus.records import SCHEMA_VERSION, SCHEMAS
from geo.corpus.store import Store, StoreError, write_part
from geo.model import Document
from geo.settings import PROJECT_ROOT

TEXT_A = "Clashes were reported near Gao, in northern Mali, on Monday."
TEXT_B = "Floods hit Niamey, the capital of Niger."


def quiet(_: str) -> None:
    pass


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("small")
    src = write_jsonl(folder / "in.jsonl", [{"id": "a", "text": TEXT_A}, {"id": "b", "text": TEXT_B}])
    ingest([str(src)], folder / "store", workers=0, progress=False, report=quiet)
    return folder / "store"


def copy_store(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst)
    return dst


def test_changed_text_replaces_the_old_rows(small_store: Path, tmp_path: Path) -> None:
    store = copy_store(small_store, tmp_path / "store")
    changed = "Clashes were reported near Kidal and Tessalit, in Mali."
    src = write_jsonl(tmp_path / "v2.jsonl", [{"id": "a", "text": changed}, {"id": "b", "text": TEXT_B}])
    summary = ingest([str(src)], store, workers=0, progress=False, report=quiet)
    assert (summary.parsed, summary.replaced, summary.skipped) == (1, 1, 1)
    articles = pd.read_parquet(store / "articles")  # the parts themselves hold one version per article
    assert sorted(articles["article_id"]) == ["a", "b"]
    mentions = pd.read_parquet(store / "mentions")
    surfaces = set(mentions.loc[mentions["article_id"] == "a", "surface"])
    assert {"Kidal", "Tessalit"} <= surfaces and "Gao" not in surfaces
    with open_store(store, corrections=False) as corpus:
        assert corpus.stats()["articles"] == 2
        assert set(corpus.mentions(article="a")["surface"]) == surfaces
    # back to the first text: a third version, still one row per article
    src.write_text(json.dumps({"id": "a", "text": TEXT_A}) + "\n")
    again = ingest([str(src)], store, workers=0, progress=False, report=quiet)
    assert again.replaced == 1 and len(pd.read_parquet(store / "articles")) == 2


def test_queries_take_the_latest_version_even_before_cleanup(small_store: Path, tmp_path: Path) -> None:
    """A run killed between writing the new version and dropping the old one: readers still see one version."""
    store = copy_store(small_store, tmp_path / "store")
    old = pd.read_parquet(store / "articles").set_index("article_id").loc["a"]
    rows = pq.read_table(next((store / "articles").glob("part-*.parquet"))).to_pylist()
    newer = [dict(r, text_sha256="f" * 64, ingest_run=2, batch="newer") for r in rows if r["article_id"] == "a"]
    write_part(store, "articles", "newer", pq.read_table(next((store / "articles").glob("part-*.parquet")))
               .from_pylist(newer, schema=SCHEMAS["articles"]))
    with open_store(store, corrections=False) as corpus:
        articles = corpus.articles()
        assert len(articles) == 1 and articles["article_id"].tolist() == ["b"]  # "a" has no mentions stored now
        assert corpus.sql("SELECT text_sha256 FROM articles WHERE article_id = 'a'").iloc[0, 0] == "f" * 64
        assert corpus.sql("SELECT count(*) FROM articles_all").iloc[0, 0] == 3
    assert old["text_sha256"] != "f" * 64


def test_killed_ingest_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    rows = sample_eval(40, 0, seed=3)
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    store = tmp_path / "store"
    cmd = [sys.executable, "-m", "geo", "corpus", "ingest", str(src), "--store", str(store), "--workers", "0",
           "--batch-size", "4", "--no-progress"]
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if len(list((store / "articles").glob("part-*.parquet"))) >= 2:
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.01)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest ended before it could be killed"
    done = set(pd.read_parquet(store / "articles")["article_id"])
    assert 0 < len(done) < 40
    summary = ingest([str(src)], store, workers=0, progress=False, report=quiet)
    assert summary.skipped == len(done) and summary.parsed == 40 - len(done) and summary.failed == 0
    articles = pd.read_parquet(store / "articles")
    assert sorted(articles["article_id"]) == sorted(r["id"] for r in rows)
    mentions = pd.read_parquet(store / "mentions")
    assert not mentions.duplicated(["article_id", "start", "end"]).any()
    counts = mentions.groupby("article_id").size()
    assert (articles.set_index("article_id")["n_mentions"] == counts.reindex(articles["article_id"]).fillna(0)).all()
    assert not list(store.rglob(".tmp-*"))


def test_leftovers_of_a_killed_writer_are_cleared(small_store: Path, tmp_path: Path) -> None:
    store = copy_store(small_store, tmp_path / "store")
    (store / "mentions" / ".tmp-part-x.parquet.123.abcd").write_bytes(b"half a file")
    orphan = store / "mentions" / "part-orphan.parquet"  # a batch whose articles part never landed
    orphan.write_bytes(next((store / "mentions").glob("part-*.parquet")).read_bytes())
    summary = ingest([str(write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": TEXT_A}]))], store, workers=0,
                     progress=False, report=quiet)
    assert summary.skipped == 1 and not orphan.exists() and not list(store.rglob(".tmp-*"))
    assert len(pd.read_parquet(store / "mentions")) == len(pd.read_parquet(small_store / "mentions"))


def test_part_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(table: object, where: object, **_: object) -> None:
        Path(str(where)).write_bytes(b"PAR1 partial")
        raise OSError("disk full")

    monkeypatch.setattr(pq, "write_table", broken)
    with pytest.raises(OSError, match="disk full"):
        write_part(tmp_path, "articles", "k", SCHEMAS["articles"].empty_table())
    assert list((tmp_path / "articles").iterdir()) == []


def test_one_ingest_at_a_time(small_store: Path) -> None:
    store = Store.open(small_store)
    with store.lock(), pytest.raises(StoreError, match="another ingest is writing"), Store.open(small_store).lock():
        pass


def cli(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_older_schema_is_detected_with_how_to_rebuild(small_store: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture) -> None:
    store = copy_store(small_store, tmp_path / "store")
    manifest = json.loads((store / "store.json").read_text())
    (store / "store.json").write_text(json.dumps(manifest | {"schema_version": 0}))
    for argv in (["corpus", "stats", "--store", str(store)],
                 ["corpus", "ingest", str(PROJECT_ROOT / "data" / "articles"), "--store", str(store),
                  "--workers", "0"]):
        status, _, err = cli(capsys, *argv)
        assert status == 1 and err.count("\n") == 1, err
        assert "schema version 0" in err and f"reads version {SCHEMA_VERSION}" in err
        assert "python -m geo corpus ingest" in err and "--set-aside-old" in err


@pytest.mark.parametrize("damage", ["corrupt-part", "foreign-parquet", "foreign-file", "manifest"])
def test_damaged_store_gives_one_line_naming_the_file(small_store: Path, tmp_path: Path, damage: str,
                                                      capsys: pytest.CaptureFixture) -> None:
    store = copy_store(small_store, tmp_path / "store")
    if damage == "corrupt-part":
        bad = next((store / "mentions").glob("part-*.parquet"))
        bad.write_bytes(bad.read_bytes()[:200])
    elif damage == "foreign-parquet":
        bad = store / "places" / "part-extra.parquet"
        pd.DataFrame({"x": [1]}).to_parquet(bad)
    elif damage == "foreign-file":
        bad = store / "articles" / "notes.txt"
        bad.write_text("hello")
    else:
        bad = store / "store.json"
        bad.write_text("{not json")
    for action in ("stats", "places"):
        status, out, err = cli(capsys, "corpus", action, "--store", str(store), "--no-corrections")
        assert status == 1 and out == "", err
        assert err.startswith("error: ") and err.count("\n") == 1 and str(bad) in err, err
        assert "Traceback" not in err


def test_not_a_store(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "thesis.docx").write_text("mine")
    status, _, err = cli(capsys, "corpus", "ingest", "-", "--store", str(tmp_path), "--workers", "0")
    assert status == 1 and "holds other files and no store.json" in err
    status, _, err = cli(capsys, "corpus", "stats", "--store", str(tmp_path / "none"))
    assert status == 1 and "no corpus store here" in err


def test_an_article_that_fails_to_parse_is_reported_and_retried_next_time(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import geo.corpus.batch as batch

    real = batch.parse_document

    def fragile(doc: Document, gazetteer: object = None) -> list:
        if "Timbuktu" in doc.text:
            raise RuntimeError("parser exploded")
        return real(doc, gazetteer)

    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": TEXT_A}, {"id": "t", "text": "Fighting in Timbuktu."},
                                              {"id": "b", "text": TEXT_B}])
    reports: list[str] = []
    monkeypatch.setattr(batch, "parse_document", fragile)
    summary = ingest([str(src)], tmp_path / "store", workers=0, progress=False, report=reports.append)
    assert (summary.parsed, summary.failed, summary.parse_errors) == (2, 1, 1)
    assert reports == [f"{src}:2: failed: RuntimeError: parser exploded"]
    monkeypatch.setattr(batch, "parse_document", real)
    again = ingest([str(src)], tmp_path / "store", workers=0, progress=False, report=reports.append)
    assert (again.parsed, again.skipped, again.failed) == (1, 2, 0)
    assert sorted(pd.read_parquet(tmp_path / "store" / "articles")["article_id"]) == ["a", "b", "t"]


def test_store_folders_are_readable_as_they_are(small_store: Path) -> None:
    """GeoParquet for geopandas, plain globs for DuckDB, folders for Dask: no News Atlas code needed."""
    import dask.dataframe as dd
    import duckdb
    import geopandas as gpd

    places = gpd.read_parquet(small_store / "places")
    mentions = gpd.read_parquet(small_store / "mentions")
    assert places.crs.to_epsg() == 4326 and mentions.crs.to_epsg() == 4326
    assert {"part:north:country:ML", "country:NE"} <= set(places["place_id"]) and places.geometry.notna().all()
    for area in ("part:north:country:ML", "country:NE"):
        assert places.set_index("place_id").loc[area].geometry.geom_type in {"Polygon", "MultiPolygon"}
    assert (mentions.geometry.x == mentions["lon"]).all() and (mentions.geometry.y == mentions["lat"]).all()
    n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{small_store}/mentions/*.parquet')").fetchall()[0][0]
    assert n == len(mentions) == len(dd.read_parquet(str(small_store / "mentions")).compute())
    geo = json.loads(pq.read_schema(next((small_store / "places").glob("*.parquet"))).metadata[b"geo"])
    assert geo["primary_column"] == "geometry" and geo["columns"]["geometry"]["encoding"] == "WKB"


def test_delete_articles_removes_their_rows_and_mentions(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in
                           [("a", "Fighting near Kidal, Mali."), ("b", "Floods in Niamey, Niger."),
                            ("c", "Talks in Algiers, Algeria.")]), encoding="utf-8")
    root = tmp_path / "store"
    ingest([str(src)], root, workers=0, progress=False, report=lambda _: None)
    store = Store.open(root)
    with store.lock():
        assert store.delete_articles(["b", "missing"]) == 1
    with open_store(root, corrections=False) as corpus:
        assert set(corpus.sql("SELECT article_id FROM articles")["article_id"]) == {"a", "c"}
        assert "b" not in set(corpus.sql("SELECT article_id FROM mentions")["article_id"])
        assert "Niamey" not in set(corpus.places()["name"]) and "Kidal" in set(corpus.places()["name"])
    again = ingest([str(src)], root, workers=0, progress=False, report=lambda _: None)
    assert again.parsed == 1 and again.skipped == 2  # "b" comes back on the next ingest of the same input
