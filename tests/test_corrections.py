"""geo.corrections: the WAL store (persistence, concurrent writers) and the pure apply step."""

from __future__ import annotations

import hashlib
import multiprocessing
import sqlite3
import threading
from pathlib import Path

from geo import settings
from geo.corrections import NOT_A_PLACE, CorrectionStore, apply_corrections, article_key, default_db_path
from geo.model import Candidate, Mention, Place

MALI = Place("country:ML", "Mali", "country", "ML", 17.0, -4.0)
MALI_GN = Place("admin1:GN-ML", "Mali", "admin1", "GN", 12.1, -12.3)
TIN_DZ = Place("supplement:tin-zaouatine-dz", "Tin Zaouatine", "town", "DZ", 19.9533, 2.9667)
TIN_ML = Place("gn:2476086", "Tinzaouaten", "town", "ML", 19.95427, 2.96732)


class FakeGazetteer:
    def __init__(self, *places: Place) -> None:
        self.places = {p.id: p for p in places}

    def get(self, place_id: str) -> Place | None:
        return self.places.get(place_id)


def mention(start: int, place: Place, *alternatives: Place) -> Mention:
    return Mention(start, start + 4, "Mali", 0, place, 0.9,
                   tuple(Candidate(p, 5.0) for p in (place, *alternatives)))


def test_article_key_is_sha256_of_text():
    assert article_key("Mali") == hashlib.sha256(b"Mali").hexdigest()
    assert article_key("Mali") != article_key("Mali ")


def test_db_path_follows_the_settings(monkeypatch, tmp_path):
    monkeypatch.setattr(settings, "corrections_db", tmp_path / "c.sqlite")
    assert default_db_path() == tmp_path / "c.sqlite"
    monkeypatch.setattr(settings, "corrections_db", None)
    monkeypatch.setattr(settings, "cache_folder", tmp_path / "cache")
    assert default_db_path() == tmp_path / "cache" / "corrections.sqlite"


def test_settings_read_the_environment_once_at_import(tmp_path):
    import subprocess
    import sys

    env = {"NEWS_ATLAS_DB": str(tmp_path / "x.sqlite"), "NEWS_ATLAS_CACHE": str(tmp_path / "c"), "PATH": "/usr/bin"}
    code = "from geo import settings; print(settings.corrections_db_path()); print(settings.cache_dir())"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                         cwd=settings.PROJECT_ROOT).stdout.split()
    assert out == [str(tmp_path / "x.sqlite"), str(tmp_path / "c")]


def test_store_round_trip_persists_and_uses_wal(tmp_path):
    path = tmp_path / "sub" / "corrections.sqlite"
    store = CorrectionStore(path)
    assert store.journal_mode() == "wal"
    store.set("abc", 10, 14, "admin1:GN-ML", surface="Mali")
    store.set("abc", 20, 24, NOT_A_PLACE)
    store.set("abc", 10, 14, "country:ML")  # replaced, not duplicated
    store.set("other", 10, 14, "gn:1")
    reopened = CorrectionStore(path)  # as after a restart
    assert reopened.for_article("abc") == {(10, 14): "country:ML", (20, 24): NOT_A_PLACE}
    assert reopened.count() == 3
    assert reopened.remove("abc", 20, 24) is True
    assert reopened.remove("abc", 20, 24) is False
    assert CorrectionStore(path).for_article("abc") == {(10, 14): "country:ML"}


def test_two_connections_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "corrections.sqlite"
    stores = [CorrectionStore(path), CorrectionStore(path)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def writer(n: int) -> None:
        try:
            barrier.wait()
            for i in range(150):
                stores[n].set(f"article-{n}", i, i + 1, f"gn:{n}-{i}")
                stores[n].set("shared", i * 2 + n, i * 2 + n + 1, f"gn:{n}")
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    store = CorrectionStore(path)
    assert len(store.for_article("article-0")) == 150
    assert len(store.for_article("article-1")) == 150
    assert len(store.for_article("shared")) == 300
    assert store.count() == 600


def _process_writer(path: str, n: int) -> None:
    store = CorrectionStore(Path(path))
    for i in range(60):
        store.set("proc", i * 2 + n, i * 2 + n + 1, f"gn:{n}")


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "corrections.sqlite"
    CorrectionStore(path)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_process_writer, args=(str(path), n)) for n in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    assert len(CorrectionStore(path).for_article("proc")) == 120


def test_reader_sees_other_writer_while_its_own_connection_is_open(tmp_path):
    path = tmp_path / "corrections.sqlite"
    store = CorrectionStore(path)
    reader = sqlite3.connect(path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM corrections").fetchone()  # a read transaction stays open
    store.set("abc", 1, 2, "gn:1")  # WAL: the writer is not blocked by the reader
    reader.execute("COMMIT")
    assert reader.execute("SELECT count(*) FROM corrections").fetchone()[0] == 1
    reader.close()


def test_apply_choice_from_alternatives():
    mentions = [mention(0, MALI, MALI_GN), mention(10, MALI, MALI_GN)]
    out = apply_corrections(mentions, {(10, 14): "admin1:GN-ML"})
    assert out[0] is mentions[0]
    assert out[1].place == MALI_GN and out[1].confidence == 1.0
    assert out[1].start == 10 and out[1].text == "Mali"
    assert [c.place.id for c in out[1].alternatives] == ["admin1:GN-ML", "country:ML"]
    assert [m.place for m in mentions] == [MALI, MALI]  # inputs untouched


def test_apply_choice_from_gazetteer_search():
    m = Mention(5, 18, "Tin Zaouatine", 0, TIN_DZ, 0.7, (Candidate(TIN_DZ, 5.0),))
    out = apply_corrections([m], {(5, 18): TIN_ML.id}, FakeGazetteer(TIN_ML))
    assert out[0].place == TIN_ML
    assert {c.place.id for c in out[0].alternatives} == {TIN_ML.id, TIN_DZ.id}


def test_apply_not_a_place_drops_the_mention():
    assert apply_corrections([mention(0, MALI)], {(0, 4): NOT_A_PLACE}) == []


def test_apply_ignores_unknown_places_and_offsets():
    mentions = [mention(0, MALI)]
    assert apply_corrections(mentions, {(0, 4): "gn:missing"}, FakeGazetteer()) == mentions
    assert apply_corrections(mentions, {(1, 4): "admin1:GN-ML"}, FakeGazetteer(MALI_GN)) == mentions
    assert apply_corrections(mentions, {}) == mentions
