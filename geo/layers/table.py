"""The layers table: one row per place, with every sentence that mentions it.

``build_layers`` turns parsed documents into a GeoDataFrame (EPSG:4326) that the static map, the
dashboard and the exports share. Each row is a ``geo.model.LayerRow``; geometries come from
``geo.geometry.shapes.shape_for`` (a point for towns and cities, a polygon for areas), injectable so
tests need no boundary data. Rows are in kind order (``geo.vocabulary.KINDS``): areas first, claims
after them, points last.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import geopandas as gpd
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from geo.model import CLAIM_COLUMN, LAYER_COLUMNS, Document, LayerRow, Mention, Place, SentenceLink, sentence_link
from geo.time import date_document
from geo.time.records import EventTime
from geo.vocabulary import Kind, kind_rank

Parsed = Sequence[tuple[Document, Sequence[Mention]]]
ShapeFor = Callable[[Place], BaseGeometry | None]

#: Columns of the layers table, in order (geometry last).
COLUMNS = LAYER_COLUMNS


def sentence_links(doc: Document, mentions: Sequence[Mention],
                   events: Sequence[EventTime] | None = None) -> dict[str, list[SentenceLink]]:
    """Map each place id to the sentences of ``doc`` that mention it, in text order.

    ``spans`` lists the ``[start, end]`` offsets of the place's mentions *within the sentence text*
    (several mentions of a place in one sentence share one entry). With ``events`` (one per mention,
    ``geo.time``), each entry carries the event time of the place's first mention in that sentence.
    """
    by_index = {s.index: s for s in doc.sentences}
    links: dict[str, dict[int, SentenceLink]] = {}
    seen: set[tuple[str, int, int, int]] = set()  # (place, sentence, start, end): linear, not a list scan
    order = sorted(range(len(mentions)), key=lambda i: (mentions[i].start, mentions[i].end))
    for i in order:
        m = mentions[i]
        sentence = by_index.get(m.sentence)
        if sentence is None:
            continue
        start = max(m.start - sentence.start, 0)
        end = min(m.end - sentence.start, len(sentence.text))
        by_sentence = links.setdefault(m.place.id, {})
        if sentence.index not in by_sentence:
            by_sentence[sentence.index] = sentence_link(doc, sentence, [])
            if events is not None:
                by_sentence[sentence.index].update(events[i].as_dict())  # type: ignore[typeddict-item]
        entry = by_sentence[sentence.index]
        key = (m.place.id, sentence.index, start, end)
        if start < end and key not in seen:
            seen.add(key)
            entry["spans"].append([start, end])
    return {pid: list(entries.values()) for pid, entries in links.items()}


def country_mention_counts(layers: gpd.GeoDataFrame, *, include_contained: bool = True) -> dict[str, int]:
    """Mentions per ISO country code, from a layers table (``build_layers``).

    With ``include_contained`` the mentions of a town, admin-1 unit or part of a country count for
    that country too; otherwise only mentions of the country itself. Places spanning several
    countries (regions, groups) have no country code and count for none.
    """
    counts: Counter[str] = Counter()
    for code, kind, n in zip(layers["country_code"], layers["kind"], layers["mentions"], strict=True):
        if code and (include_contained or kind == Kind.COUNTRY):
            counts[str(code)] += int(n)
    return dict(counts)


def document_events(parsed: Parsed) -> list[tuple[EventTime, ...]]:
    """Each document's mention event times (geo.time), from its publication date and its date expressions."""
    return [date_document(doc, mentions, doc.published or None).events for doc, mentions in parsed]


def place_rows(parsed: Parsed, shape_for: ShapeFor,
               events: Sequence[Sequence[EventTime]] | None = None) -> list[LayerRow]:
    """One row per place mentioned in ``parsed``: mention count, best confidence, shape, sentences (each with
    its event time); ordered by kind, then mentions (most first), then name."""
    if events is None:
        events = document_events(parsed)
    places: dict[str, Place] = {}
    counts: Counter[str] = Counter()
    best: dict[str, float] = {}
    sentences: dict[str, list[SentenceLink]] = {}
    for (doc, mentions), doc_events in zip(parsed, events, strict=True):
        for m in mentions:
            places.setdefault(m.place.id, m.place)
            counts[m.place.id] += 1
            best[m.place.id] = max(best.get(m.place.id, 0.0), m.confidence)
        for pid, links in sentence_links(doc, mentions, doc_events).items():
            sentences.setdefault(pid, []).extend(links)
    rows = [
        LayerRow(place_id=p.id, name=p.name, kind=p.kind, country_code=p.country_code, lat=p.lat, lon=p.lon,
                 mentions=counts[p.id], confidence=round(best[p.id], 3), sentences=sentences.get(p.id, []),
                 geometry=_geometry(p, shape_for))
        for p in places.values()
    ]
    return sorted(rows, key=lambda r: (kind_rank(r.kind), -r.mentions, r.name))


def layers_frame(rows: Sequence[LayerRow], *, with_claim_column: bool = False) -> gpd.GeoDataFrame:
    """A GeoDataFrame (EPSG:4326) of layer rows, in kind order; claims keep their text order.

    The ``claim`` column is there when asked for or when a row is a claim.
    """
    ordered = sorted(rows, key=lambda r: kind_rank(r.kind))  # stable: ties keep the order given
    columns = [*COLUMNS, "geometry"]
    if with_claim_column or any(r.claim is not None for r in rows):
        columns.append(CLAIM_COLUMN)
    records = [{c: getattr(r, c) for c in columns} for r in ordered]
    return gpd.GeoDataFrame(records, columns=columns, geometry="geometry", crs="EPSG:4326").reset_index(drop=True)


def build_layers(parsed: Parsed, *, shape_for: ShapeFor | None = None, claims: bool = True,
                 places: bool = True) -> gpd.GeoDataFrame:
    """The layers table of ``parsed`` (see the module docstring). With ``claims``, spatial claims
    (``geo.claims``) are rows of kind "claim" with their properties in a ``claim`` column; without ``places``
    only they are (no place's shape is looked up)."""
    if shape_for is None:
        from geo.geometry.shapes import shape_for as real_shapes  # loads boundary data on use

        shape_for = real_shapes
    events = document_events(parsed)
    rows = place_rows(parsed, shape_for, events) if places else []
    if claims:
        from geo.claims import claims_rows

        rows += claims_rows(parsed, events=events)
    return layers_frame(rows)


def _geometry(place: Place, shape_for: ShapeFor) -> BaseGeometry:
    """The place's shape, or its representative point when no shape is known."""
    geom = shape_for(place)
    if geom is None or geom.is_empty:
        return Point(place.lon, place.lat)
    return geom

