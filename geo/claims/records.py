"""Records of spatial claims: who claims (``Claimant``) and what (``Claim``, with its geometry)."""

from __future__ import annotations

from dataclasses import dataclass, field

from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from geo.model import Place
from geo.text.quantities import Distance
from geo.vocabulary import Kind

#: Radius (km) of the buffer drawn for "near X" (``extract_claims(..., near=True)``).
NEAR_KM = 10.0


@dataclass(frozen=True, slots=True)
class Claimant:
    """Who asserts a claim: ``code`` is an ISO country code ("" for groups and unknowns)."""

    code: str
    name: str
    surface: str


UNATTRIBUTED = Claimant("", "unattributed", "")


@dataclass(frozen=True)
class Claim:
    """A spatial claim of one sentence: ``doc.text[start:end] == text`` (the expression)."""

    id: str
    sentence: int
    sentence_text: str
    start: int
    end: int
    text: str
    relation: str  # inside | from_border | beyond | from_place | near
    distance: Distance | None
    drawn_km: tuple[float, float]
    claimant: Claimant
    anchor: Place | None
    territory: str  # ISO code of the side the geometry lies on ("" when both sides / not a country)
    counterpart: str  # the other country of a border claim
    direction: str = ""
    label: str = ""
    notes: tuple[str, ...] = ()
    geometry: BaseGeometry = field(default_factory=Polygon)
    vicinity_km: float = 0.0  # radius around the anchor a border band is kept within (0: not limited)

    @property
    def quantity(self) -> str:
        """The stated quantity and its honest bounds: "more than two kilometers (more than 2 km)"."""
        if self.distance is None:
            return f"near (drawn within {NEAR_KM:g} km)"
        return f"{self.distance.surface} ({self.distance.describe()})"

    def as_properties(self) -> dict:
        """JSON-ready properties (GeoJSON export)."""
        return {
            "kind": Kind.CLAIM, "claim_id": self.id, "label": self.label, "claimant": self.claimant.name,
            "claimant_code": self.claimant.code, "claimant_surface": self.claimant.surface,
            "sentence": self.sentence_text, "sentence_index": self.sentence, "expression": self.text,
            "start": self.start, "end": self.end, "relation": self.relation, "quantity": self.quantity,
            "min_km": None if self.distance is None else self.distance.min_km,
            "max_km": None if self.distance is None else self.distance.max_km,
            "drawn_min_km": self.drawn_km[0], "drawn_max_km": self.drawn_km[1],
            "territory": self.territory, "counterpart": self.counterpart, "direction": self.direction,
            "anchor": self.anchor.name if self.anchor else "", "anchor_id": self.anchor.id if self.anchor else "",
            "notes": list(self.notes), "vicinity_km": self.vicinity_km,
        }
