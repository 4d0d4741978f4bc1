"""Plain typed records that flow through the pipeline.

text -> Document -> Mention (recognised + resolved) -> layers GeoDataFrame -> map.
Every stage is a pure function over these records; nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Kinds of place, from the gazetteer and from the parser.
AREA_KINDS = frozenset({"country", "admin1", "region", "group", "part"})
POINT_KINDS = frozenset({"city", "town", "county"})


@dataclass(frozen=True, slots=True)
class Place:
    """One entry of the gazetteer (or a place derived from one, like "northern Mali").

    ``lat``/``lon`` is a representative point: for areas it lies inside the shape.
    """

    id: str  # "gn:2476086", "country:ML", "admin1:ML-07", "region:sahel", "group:aes", "part:north:country:ML"
    name: str
    kind: str  # country | admin1 | region | group | city | town | part
    country_code: str  # ISO 3166-1 alpha-2; "" for areas spanning several countries
    lat: float
    lon: float
    population: int = 0
    source: str = ""
    admin1_code: str = ""
    feature_code: str = ""

    @property
    def is_area(self) -> bool:
        """True for places drawn as a shape rather than a point."""
        return self.kind in AREA_KINDS


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document with its character offsets into the document text."""

    index: int
    start: int
    end: int
    text: str
    is_heading: bool = False


@dataclass(frozen=True, slots=True)
class Document:
    """An article: its text, title and sentences (offsets into ``text``)."""

    text: str
    sentences: tuple[Sentence, ...]
    title: str = ""
    doc_id: str = ""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place considered for a mention, with the score the resolver gave it."""

    place: Place
    score: float


@dataclass(frozen=True, slots=True)
class Mention:
    """A resolved place mention: ``text[start:end] == surface``."""

    start: int
    end: int
    text: str
    sentence: int
    place: Place
    confidence: float
    alternatives: tuple[Candidate, ...] = field(default=())
    cue: str = "name"  # name | demonym | direction | group | alias

    @property
    def place_id(self) -> str:
        return self.place.id

    @property
    def name(self) -> str:
        return self.place.name

    @property
    def kind(self) -> str:
        return self.place.kind

    @property
    def country_code(self) -> str:
        return self.place.country_code

    @property
    def lat(self) -> float:
        return self.place.lat

    @property
    def lon(self) -> float:
        return self.place.lon

    def as_dict(self, *, with_alternatives: bool = False) -> dict:
        """JSON-ready view (the ``parse --jsonl`` mention schema)."""
        out = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "sentence": self.sentence,
            "name": self.name,
            "kind": self.kind,
            "country_code": self.country_code,
            "lat": round(self.lat, 5),
            "lon": round(self.lon, 5),
            "place_id": self.place_id,
            "confidence": round(self.confidence, 3),
        }
        if with_alternatives:
            out["alternatives"] = [
                {"place_id": c.place.id, "name": c.place.name, "kind": c.place.kind,
                 "country_code": c.place.country_code, "lat": round(c.place.lat, 5),
                 "lon": round(c.place.lon, 5), "score": round(c.score, 3)}
                for c in self.alternatives
            ]
        return out
