"""A small gazetteer built in the test from a handful of place records, with the real index's name rules.

It answers ``geo.nlp.recognize.PlaceIndex`` (``candidates``, ``extends``) from a dict, using the same
name normalisation, name types and word-prefix rows as the SQLite index (``geo.gazetteer.store``).
"""

from __future__ import annotations

from collections.abc import Iterable

from geo.gazetteer.sources import PlaceRecord
from geo.gazetteer.store import NameHit, name_rows, word_prefixes
from geo.model import Place
from geo.vocabulary import Kind


class FixtureGazetteer:
    """An in-memory place index over ``records``."""

    def __init__(self, records: Iterable[PlaceRecord]) -> None:
        self.names: dict[str, list[NameHit]] = {}
        self.prefixes: set[str] = set()
        for r in records:
            place = Place(id=r.id, name=r.name, kind=r.kind, country_code=r.country_code, lat=r.lat, lon=r.lon,
                          population=r.population, source="fixture", admin1_code=r.admin1_code,
                          feature_code=r.feature_code)
            for norm, name_type in name_rows(r).items():
                self.names.setdefault(norm, []).append(NameHit(place, name_type))
                self.prefixes.update(word_prefixes(norm))

    def candidates(self, norm: str) -> tuple[NameHit, ...]:
        return tuple(self.names.get(norm, ()))

    def extends(self, norm: str) -> bool:
        return norm in self.prefixes


def record(ident: str, name: str, kind: Kind, cc: str, lat: float, lon: float, population: int = 0,
           **extra: object) -> PlaceRecord:
    return PlaceRecord(id=ident, name=name, kind=kind, country_code=cc, lat=lat, lon=lon, population=population,
                       **extra)  # type: ignore[arg-type]


#: A few real places (GeoNames points), enough to exercise every rule of the recogniser and the resolver.
SAHEL = [
    record("country:ML", "Mali", Kind.COUNTRY, "ML", 17.35, -3.52, 20_000_000, feature_code="PCLI",
           adjectives=["Malian"]),
    record("country:BF", "Burkina Faso", Kind.COUNTRY, "BF", 12.24, -1.56, 20_000_000, feature_code="PCLI",
           adjectives=["Burkinabe"]),
    record("country:DZ", "Algeria", Kind.COUNTRY, "DZ", 28.0, 2.6, 43_000_000, feature_code="PCLI",
           adjectives=["Algerian"]),
    record("country:FR", "France", Kind.COUNTRY, "FR", 46.6, 2.4, 67_000_000, feature_code="PCLI"),
    record("country:US", "United States", Kind.COUNTRY, "US", 39.8, -98.6, 330_000_000, feature_code="PCLI",
           abbreviations=["US"]),
    record("admin1:ML-7", "Gao", Kind.ADMIN1, "ML", 16.6, 0.5, admin1_code="ML-07"),
    record("admin1:US-TX", "Texas", Kind.ADMIN1, "US", 31.2, -99.3, admin1_code="US-TX"),
    record("gn:2457163", "Gao", Kind.CITY, "ML", 16.2717, -0.0447, 86_633, admin1_code="07", feature_code="PPLA"),
    record("gn:2460596", "Bamako", Kind.CITY, "ML", 12.65, -8.0, 1_297_281, admin1_code="08",
           feature_code="PPLC"),
    record("gn:2988507", "Paris", Kind.CITY, "FR", 48.8534, 2.3488, 2_138_551, feature_code="PPLC"),
    record("gn:4717560", "Paris", Kind.TOWN, "US", 33.6609, -95.5555, 24_782, admin1_code="TX",
           feature_code="PPLA2"),
    record("gn:4684888", "Dallas", Kind.CITY, "US", 32.7831, -96.8067, 1_300_092, admin1_code="TX",
           feature_code="PPLA2"),
    record("gn:tin", "Tin Zaouatine", Kind.TOWN, "DZ", 19.9533, 2.9667, 1_000, feature_code="PPL",
           alt_names=["Tinzaouaten"]),
    record("gn:2656173", "Bath", Kind.TOWN, "GB", 51.3794, -2.3656, 88_859, feature_code="PPL"),
    record("gn:2476086", "Tinzaouaten", Kind.TOWN, "ML", 19.95427, 2.96732, 500, feature_code="PPL",
           alt_names=["Tin-Zaouatene"]),
    record("gn:keita", "Keita", Kind.TOWN, "NE", 14.75, 5.77, 12_000, feature_code="PPL"),
]


def sahel_gazetteer() -> FixtureGazetteer:
    return FixtureGazetteer(SAHEL)
