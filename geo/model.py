"""Plain typed records that flow through the pipeline.

text -> Document -> Mention (recognised + resolved) -> LayerRow (one per place, with its
SentenceLinks) -> layers GeoDataFrame -> maps and exports.
Every stage is a pure function over these records; nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from geo.vocabulary import is_area_kind

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry


@dataclass(frozen=True, slots=True)
class Place:
    """One entry of the gazetteer (or a place derived from one, like "northern Mali").

    ``lat``/``lon`` is a representative point: for areas it lies inside the shape.
    """

    id: str  # "gn:2476086", "country:ML", "admin1:ML-07", "region:sahel", "group:aes", "part:north:country:ML"
    name: str
    kind: str  # a geo.vocabulary.Kind value
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
        return is_area_kind(self.kind)


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
    published: str = ""  # publication date as given ("2025-04", "2025-04-07"), "" when unknown
    lang: str = "en"  # ISO 639-1 code of the article's language (geo.text.language)


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
    #: What the calibrated ``confidence`` was computed from (geo.nlp.confidence.EVIDENCE names the entries).
    evidence: tuple[float, ...] = field(default=())

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


def is_confident(confidence: float) -> bool:
    """Whether a mention (or a layer row) with this confidence is drawn as certain: at or above
    ``geo.settings.CONFIDENT_MIN``, where at least 95 % of the dev corpora's mentions are right. Maps and the
    dashboard hide or dim the others."""
    from geo.settings import CONFIDENT_MIN

    return confidence >= CONFIDENT_MIN


# --- the layers table (geo/layers): one row per place or claim -----------------------------------


class SentenceLink(TypedDict):
    """A sentence that mentions a place: the ``sentences`` entries of a layer row.

    ``spans`` are the ``[start, end]`` offsets of the place's mentions within ``text`` (the sentence).
    ``event_start``/``event_end``/``event_source`` give when the sentence says it happened (geo.time: a date
    of the text, else the publication date; None when neither is known).
    """

    title: str
    doc_id: str
    sentence: int
    text: str
    spans: list[list[int]]
    lang: NotRequired[str]  # the article's language (ISO 639-1)
    event_start: NotRequired[str | None]
    event_end: NotRequired[str | None]
    event_source: NotRequired[str | None]


def sentence_link(doc: Document, sentence: Sentence, spans: list[list[int]]) -> SentenceLink:
    """The link from a layer row to one sentence of a document."""
    return SentenceLink(title=doc.title, doc_id=doc.doc_id, sentence=sentence.index, text=sentence.text,
                        spans=spans, lang=doc.lang)


@dataclass(frozen=True, slots=True)
class LayerRow:
    """One row of the layers table: a place (or a claim) with its mentions and sentences.

    ``claim`` holds a claim's properties (``geo.claims.Claim.as_properties`` plus colour, title and
    doc id) and is None for places.
    """

    place_id: str
    name: str
    kind: str
    country_code: str
    lat: float
    lon: float
    mentions: int
    confidence: float
    sentences: list[SentenceLink]
    geometry: BaseGeometry
    claim: dict[str, Any] | None = None


#: The layers-table column holding a claim's properties (None for places).
CLAIM_COLUMN = "claim"
#: Columns of the layers table, in order (``geometry`` and ``claim`` follow).
LAYER_COLUMNS = ("place_id", "name", "kind", "country_code", "lat", "lon", "mentions", "confidence", "sentences")
