"""Readers' corrections of the geoparser, kept in an embedded SQLite database (WAL mode).

A correction is keyed by the SHA-256 of the article text and the mention's ``start``/``end``
offsets, and names the place the reader chose (or ``NOT_A_PLACE``). Loading the same article
again applies its corrections again (``apply_corrections``, a pure function). Every write is one
short ``BEGIN IMMEDIATE`` transaction on its own connection, so concurrent sessions (threads or
processes) wait for each other instead of overwriting each other's rows.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from geo import settings
from geo.model import Candidate, Mention, Place

#: Place id recorded when a reader says a mention is not a place at all.
NOT_A_PLACE = ""

#: Seconds a writer waits for another writer's lock before giving up.
BUSY_TIMEOUT_S = 10.0

Span = tuple[int, int]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS corrections (
    article_sha TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    place_id TEXT NOT NULL,
    surface TEXT NOT NULL DEFAULT '',
    updated_at REAL NOT NULL,
    PRIMARY KEY (article_sha, start, "end")
) WITHOUT ROWID
"""


class PlaceSource(Protocol):
    """Anything that can turn a place id into a Place (``geo.gazetteer.Gazetteer`` does)."""

    def get(self, place_id: str) -> Place | None: ...


def article_key(text: str) -> str:
    """SHA-256 (hex) of the article text, the key its corrections are stored under."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def default_db_path() -> Path:
    """The database in ``geo.settings`` (``$NEWS_ATLAS_DB``, else ``<cache folder>/corrections.sqlite``)."""
    return settings.corrections_db_path()


class CorrectionStore:
    """The corrections database. Opens a short-lived connection per operation (thread-safe)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            yield db
        finally:
            db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def set(self, article_sha: str, start: int, end: int, place_id: str, *, surface: str = "") -> None:
        """Record (or replace) the reader's choice for the mention at ``start:end``."""
        with self._write() as db:
            db.execute(
                'INSERT INTO corrections (article_sha, start, "end", place_id, surface, updated_at) '
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (article_sha, start, \"end\") DO UPDATE SET "
                "place_id = excluded.place_id, surface = excluded.surface, updated_at = excluded.updated_at",
                (article_sha, int(start), int(end), place_id, surface, time.time()),
            )

    def remove(self, article_sha: str, start: int, end: int) -> bool:
        """Forget the correction of one mention; True if there was one."""
        with self._write() as db:
            cursor = db.execute('DELETE FROM corrections WHERE article_sha = ? AND start = ? AND "end" = ?',
                                (article_sha, int(start), int(end)))
            return cursor.rowcount > 0

    def for_article(self, article_sha: str) -> dict[Span, str]:
        """The corrections of one article: ``{(start, end): place_id}``."""
        with self._connect() as db:
            rows = db.execute('SELECT start, "end", place_id FROM corrections WHERE article_sha = ?',
                              (article_sha,)).fetchall()
        return {(start, end): place_id for start, end, place_id in rows}

    def count(self) -> int:
        """Number of stored corrections (all articles)."""
        with self._connect() as db:
            return int(db.execute("SELECT count(*) FROM corrections").fetchone()[0])

    def journal_mode(self) -> str:
        """The database's journal mode (``wal``)."""
        with self._connect() as db:
            return str(db.execute("PRAGMA journal_mode").fetchone()[0])


def apply_corrections(
    mentions: Iterable[Mention], corrections: Mapping[Span, str], gazetteer: PlaceSource | None = None
) -> list[Mention]:
    """``mentions`` with the readers' choices applied; pure (the gazetteer is only read).

    A corrected mention takes the chosen place (from its own alternatives first, then
    ``gazetteer.get``) with confidence 1.0; the place it had moves into its alternatives.
    ``NOT_A_PLACE`` drops the mention. Corrections for offsets with no mention, or naming a place
    that cannot be found, are ignored.
    """
    out: list[Mention] = []
    for m in mentions:
        choice = corrections.get((m.start, m.end))
        if choice is None or choice == m.place.id:
            out.append(m)
            continue
        if choice == NOT_A_PLACE:
            continue
        place = next((c.place for c in m.alternatives if c.place.id == choice), None)
        if place is None and gazetteer is not None:
            place = gazetteer.get(choice)
        if place is None:
            out.append(m)
            continue
        alternatives = (Candidate(place, 1.0),
                        *(c for c in m.alternatives if c.place.id != choice),
                        *(() if any(c.place.id == m.place.id for c in m.alternatives)
                          else (Candidate(m.place, m.confidence),)))
        out.append(replace(m, place=place, confidence=1.0, alternatives=alternatives))
    return out
