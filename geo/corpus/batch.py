"""One ingest task: geoparse a batch of articles and write its three Parquet parts (runs on a worker).

The gazetteer, word list and borders are loaded once per process (``warm_up``; a Dask worker plugin
calls it when the worker starts) and reused by every batch that process runs.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import pyarrow as pa

from geo.corpus.records import ARTICLES, MENTIONS, PLACES, InputRecord
from geo.corpus.store import write_part
from geo.gazetteer import load_gazetteer
from geo.model import Document, Mention, Place
from geo.nlp.pipeline import parse_document
from geo.text.document import make_document
from geo.time import EventTime, date_document


@dataclass(slots=True)
class BatchResult:
    """What a task reports back: the ids it stored, its mention count and the articles it could not parse."""

    batch: str
    stored: list[str] = field(default_factory=list)
    mentions: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason)
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    pid: int = 0
    peak_rss_mb: float = 0.0  # the worker process's peak resident memory so far


def batch_key(items: Sequence[tuple[str, str]]) -> str:
    """Deterministic key of a batch from its (article id, text hash) pairs: a retried task overwrites."""
    digest = hashlib.sha256()
    for article_id, sha in sorted(items):
        digest.update(f"{article_id}\x1f{sha}\x1e".encode())
    return digest.hexdigest()[:24]


def process_batch(records: Sequence[InputRecord], shas: Sequence[str], *, store: str, run: int, batch: str,
                  ingested_at: datetime) -> BatchResult:
    """Geoparse ``records`` and write the batch's mentions, places and articles parts (articles last:
    its part commits the batch). An article that fails to parse is reported and left out; the rest go on."""
    started, cpu_started = time.perf_counter(), time.process_time()
    gazetteer = load_gazetteer()
    result = BatchResult(batch=batch, pid=os.getpid())
    articles: dict[str, list] = {name: [] for name in ARTICLES.names}
    mentions: dict[str, list] = {name: [] for name in MENTIONS.names}
    places: dict[str, Place] = {}
    for record, sha in zip(records, shas, strict=True):
        try:
            doc = make_document(record.text, title=record.title, doc_id=record.article_id,
                                published=record.published, lang=record.lang)
            found = parse_document(doc, gazetteer)
            events = date_document(doc, found, record.published or None).events
        except Exception as err:  # one bad article must not sink its batch
            result.failures.append((record.origin or record.article_id, f"{type(err).__name__}: {err}"[:500]))
            continue
        _add_mentions(mentions, record, sha, doc, found, events, batch=batch, run=run)
        for m in found:
            places.setdefault(m.place.id, m.place)
        row = {"article_id": record.article_id, "text_sha256": sha, "title": record.title or None,
               "date": record.date, "published": record.published or None, "url": record.url or None,
               "source": record.source or None, "lang": record.lang or doc.lang or None, "n_chars": len(record.text),
               "n_sentences": len(doc.sentences), "n_mentions": len(found), "origin": record.origin or None,
               "batch": batch, "ingest_run": run, "ingested_at": ingested_at, "text": record.text}
        for name, value in row.items():
            articles[name].append(value)
        result.stored.append(record.article_id)
        result.mentions += len(found)
    root = Path(store)
    write_part(root, "mentions", batch, _mention_table(mentions))
    write_part(root, "places", batch, _place_table(places.values(), batch=batch, run=run))
    write_part(root, "articles", batch, pa.Table.from_pydict(articles, schema=ARTICLES))
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - cpu_started
    result.peak_rss_mb = _peak_rss_mb()
    return result


def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: its own address space's high-water mark).

    Not ``getrusage().ru_maxrss``: Linux carries that across ``exec``, so a worker spawned by a large
    parent reports the parent's size (a 1.2 GB "peak" for a 330 MB worker)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:  # pragma: no cover - not Linux
        pass
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _add_mentions(columns: dict[str, list], record: InputRecord, sha: str, doc: Document,
                  found: Sequence[Mention], events: Sequence[EventTime], *, batch: str, run: int) -> None:
    sentences = {s.index: s for s in doc.sentences}
    for m, event in zip(found, events, strict=True):
        sentence = sentences.get(m.sentence)
        row = {"article_id": record.article_id, "text_sha256": sha, "start": m.start, "end": m.end,
               "surface": m.text, "sentence": m.sentence, "sentence_start": sentence.start if sentence else None,
               "sentence_text": sentence.text if sentence else None, "place_id": m.place.id,
               "place_name": m.place.name, "kind": m.place.kind, "country_code": m.place.country_code or None,
               "lat": m.place.lat, "lon": m.place.lon, "confidence": round(m.confidence, 4), "cue": m.cue,
               "date": record.date, "event_start": event.start, "event_end": event.end,
               "event_source": event.source, "batch": batch, "ingest_run": run, "geometry": None}
        for name, value in row.items():
            columns[name].append(value)


def _mention_table(columns: dict[str, list]) -> pa.Table:
    import shapely

    if columns["lon"]:
        columns["geometry"] = list(shapely.to_wkb(shapely.points(columns["lon"], columns["lat"])))
    return pa.Table.from_pydict(columns, schema=MENTIONS)


def _place_table(places: Iterable[Place], *, batch: str, run: int) -> pa.Table:
    rows = [{"place_id": p.id, "name": p.name, "kind": p.kind, "country_code": p.country_code or None,
             "lat": p.lat, "lon": p.lon, "population": p.population, "source": p.source or None,
             "batch": batch, "ingest_run": run, "geometry": place_geometry_wkb(p)} for p in places]
    return pa.Table.from_pylist(rows, schema=PLACES)


@lru_cache(maxsize=20_000)
def place_geometry_wkb(place: Place) -> bytes:
    """WKB of the place's shape simplified as the static map draws it (areas), or of its point."""
    import shapely
    from shapely.geometry import Point
    from shapely.geometry.base import BaseGeometry

    from geo.geometry.shapes import shape_for
    from geo.render.simplify import simplify_for_web
    from geo.vocabulary import AREA_KINDS

    geom: BaseGeometry = Point(place.lon, place.lat)
    if place.kind in AREA_KINDS:
        shape = shape_for(place)
        if shape is not None and not shape.is_empty:
            geom = simplify_for_web(shape)
    return shapely.to_wkb(geom)
