"""A `python -m geo gazetteer import` killed with SIGKILL at any moment leaves the old index or the new one,
both sound and usable without a rebuild; never a half-imported one (issue 11)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.gazetteer import Gazetteer
from geo.gazetteer.store import (
    IMPORTS_DIRNAME,
    INDEX_FILENAME,
    MANIFEST_FILENAME,
    build_index,
    check_index,
    ensure_index,
    index_imports,
)

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parent.parent
ROWS = 20_000
KILLS = 7


@pytest.fixture(scope="module")
def base_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache dir holding a built index and no imports (built once; each scenario copies it)."""
    cache = tmp_path_factory.mktemp("base") / "cache"
    cache.mkdir()
    shutil.copy2(ensure_index(), cache / INDEX_FILENAME)
    return cache


@pytest.fixture(scope="module")
def big_dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ROWS made-up populated places in GeoNames' format: big enough that an import takes a while."""
    path = tmp_path_factory.mktemp("dump") / "KT.txt"
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(ROWS):
            name = f"Killtest Place {i}"
            fields = [str(97_000_000 + i), name, name, "", f"{10 + i % 70 / 7:.4f}", f"{-20 + i % 300 / 10:.4f}",
                      "P", "PPL", "ML", "", "07", "", "", "", str(100 + i), "", "300", "Africa/Bamako", "2024-01-01"]
            handle.write("\t".join(fields) + "\n")
    return path


def fresh_cache(base: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(base, target)
    return target


def start_import(cache: Path, dump: Path) -> subprocess.Popen:
    env = {**os.environ, "NEWS_ATLAS_CACHE": str(cache)}
    return subprocess.Popen([sys.executable, "-m", "geo", "gazetteer", "import", str(dump)], cwd=PROJECT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def sound_import_count(cache: Path, context: str) -> int:
    """Assert the cache holds a sound, current index (no rebuild needed); return how many rows it imported."""
    index = cache / INDEX_FILENAME
    assert not Path(f"{index}-journal").exists(), context
    db = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)], context
        count = db.execute("SELECT count(*) FROM places WHERE source = 'geonames-import'").fetchone()[0]
    finally:
        db.close()
    assert check_index(index) is None, context
    assert count in (0, ROWS), f"partial import: {count} of {ROWS} rows ({context})"
    assert len(index_imports(index)) == (count == ROWS), context
    return count


def test_sigkill_at_random_moments_leaves_the_old_or_the_new_index(base_cache: Path, big_dump: Path,
                                                                   tmp_path: Path) -> None:
    # A complete import first, timed: the kills below land anywhere within that time.
    done = fresh_cache(base_cache, tmp_path / "done")
    started = time.perf_counter()
    proc = start_import(done, big_dump)
    out, err = proc.communicate(timeout=120)
    duration = time.perf_counter() - started
    assert proc.returncode == 0, err.decode()
    assert out.decode() == f"KT.txt: imported {ROWS:,} places, skipped 0 malformed lines\n"
    assert sound_import_count(done, "complete import") == ROWS

    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    cache = fresh_cache(base_cache, tmp_path / "killed")
    outcomes: list[tuple[float, int]] = []
    for attempt in range(KILLS):
        delay = rng.uniform(0.1, duration)
        proc = start_import(cache, big_dump)
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
        context = f"seed {seed}, kill {attempt} after {delay:.2f} s of {duration:.2f} s"
        outcomes.append((round(delay, 2), sound_import_count(cache, context)))
        if outcomes[-1][1] == ROWS:  # it finished: start again from the old index
            fresh_cache(base_cache, cache)
    assert any(count == 0 for _, count in outcomes), f"every import finished before its kill: {outcomes}"

    # An import that runs to the end after all that gives the full count and leaves nothing behind.
    proc = start_import(cache, big_dump)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    assert sound_import_count(cache, f"seed {seed}, final import after {outcomes}") == ROWS
    leftovers = [p.name for p in cache.glob("gazetteer.tmp*")] + [p.name for p in cache.glob("*-journal")]
    leftovers += [p.name for p in (cache / IMPORTS_DIRNAME).glob(".*")]
    assert leftovers == [], leftovers
    assert Gazetteer(cache / INDEX_FILENAME).lookup("Killtest Place 12345")[0].place.id == "gn:97012345"


_INTERRUPTED_WRITE = """
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE places SET population = population + 1")  # rewrites most pages, journalled
db.execute("UPDATE meta SET value = 'changed' WHERE key = 'places'")
os.kill(os.getpid(), 9)
"""


def test_a_journal_left_by_an_in_place_write_is_discarded_with_a_rebuild(base_cache: Path, tmp_path: Path) -> None:
    """What older versions left when killed: a hot journal beside the live index. It must not be replayed."""
    cache = fresh_cache(base_cache, tmp_path / "cache")
    index = cache / INDEX_FILENAME
    subprocess.run([sys.executable, "-c", _INTERRUPTED_WRITE, str(index)], check=False, timeout=60)
    assert Path(f"{index}-journal").stat().st_size > 0
    assert check_index(index) is not None
    messages: list[str] = []
    ensure_index(index, log=messages.append)
    assert any("journal" in m for m in messages) and any("rebuilding" in m for m in messages), messages
    assert not Path(f"{index}-journal").exists() and check_index(index) is None
    assert Gazetteer(index).lookup("Niamey")[0].place.kind == "city"


_KILLED_AT_RENAME = """
import os, sys
from pathlib import Path
from geo.gazetteer import store

real_replace, calls = os.replace, []


def replace(src, dst):
    calls.append(dst)
    if len(calls) == int(sys.argv[1]):
        os.kill(os.getpid(), 9)
    real_replace(src, dst)


store.os.replace = replace
store.import_dump(Path(sys.argv[2]), log=lambda msg: None)
"""
#: The renames that commit an import, in order: the manifest, the kept dump, the index.
COMMIT_STEPS = {1: "manifest.json", 2: "kept dump", 3: "gazetteer.sqlite"}


@pytest.mark.parametrize("step", sorted(COMMIT_STEPS))
def test_sigkill_between_the_commit_renames_leaves_a_sound_index(step: int, base_cache: Path, big_dump: Path,
                                                                 tmp_path: Path) -> None:
    """The moments a random kill rarely hits: just before each of the renames that commit an import."""
    cache = fresh_cache(base_cache, tmp_path / "cache")
    env = {**os.environ, "NEWS_ATLAS_CACHE": str(cache)}
    killed = subprocess.run([sys.executable, "-c", _KILLED_AT_RENAME, str(step), str(big_dump)], cwd=PROJECT,
                            env=env, capture_output=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    assert sound_import_count(cache, f"killed before renaming the {COMMIT_STEPS[step]}") == 0
    if step == 3:  # the manifest already lists the dump: a rebuild before the next import replays it
        build_index(cache / INDEX_FILENAME, log=lambda msg: None)
        assert sound_import_count(cache, "rebuilt after the kill") == ROWS
        return
    proc = start_import(cache, big_dump)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    assert sound_import_count(cache, "imported after the kill") == ROWS
    assert sorted(p.name for p in (cache / IMPORTS_DIRNAME).iterdir()) == sorted(
        [MANIFEST_FILENAME, index_imports(cache / INDEX_FILENAME)[0].file])
