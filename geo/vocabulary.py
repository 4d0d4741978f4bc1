"""The words News Atlas thinks in: kinds of place and compass directions, each defined once.

Kinds
-----
``Kind`` is a ``StrEnum``: its members compare equal to the plain strings stored in the gazetteer,
in Parquet files and in JSON, so records stay plain while code names kinds by constant. ``KINDS``
holds everything known about a kind, in the order kinds are listed and drawn (areas first, points
last): its reader-facing label, its layer-control group, whether it is drawn as a shape, its map
style, the resolver's prior and the gazetteer's look-up rank.

Directions
----------
``DIRECTIONS`` holds the nine directions a text may give a part of an area ("northern Mali",
"the north-east of Nigeria", "central Mali"): canonical name, adjective, unit vector (east, north)
and compass bearing, and every word form that names it. The recogniser's and the claim extractor's
patterns are built from these word forms.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

# --- kinds of place ---------------------------------------------------------------------------------


class Kind(StrEnum):
    """A kind of place (the ``kind`` field of every place record)."""

    COUNTRY = "country"
    REGION = "region"  # composed regions (Sahel, Liptako-Gourma), data/regions.yaml
    GROUP = "group"  # groups of countries (AES, ECOWAS), data/regions.yaml
    ADMIN1 = "admin1"  # first-level subdivisions (Natural Earth admin-1)
    PART = "part"  # directional part of an area ("northern Mali")
    CLAIM = "claim"  # a spatial claim drawn as geometry (geo/claims)
    COUNTY = "county"  # US counties
    DISTRICT = "district"  # GeoNames class A below admin-1 (imported dumps)
    AREA = "area"  # GeoNames class L: parks, areas (imported dumps)
    WATER = "water"  # seas, oceans, gulfs, straits, lakes (data/water.yaml, shapes); GeoNames class H (imported)
    LANDFORM = "landform"  # GeoNames class T
    UNDERSEA = "undersea"  # GeoNames class U
    FOREST = "forest"  # GeoNames class V
    ROAD = "road"  # streets named in text (geo.nlp.streets), at their town; GeoNames class R (imported)
    SITE = "site"  # GeoNames class S: buildings, sites
    CITY = "city"  # populated place of 100,000 or more
    TOWN = "town"  # smaller populated place


@dataclass(frozen=True, slots=True)
class KindInfo:
    """Everything the pipeline and the maps know about one kind."""

    kind: Kind
    label: str  # reader-facing name in legends ("province / admin-1")
    group: str  # heading of its layer group on the maps
    is_area: bool  # drawn as a shape (True) or as a point
    color: str  # outline colour of an area, fill colour of a point
    prior: float | None = None  # resolver prior; None: from population (cities, towns)
    lookup_rank: int = 5  # gazetteer look-up order (lower first)
    weight: float = 2.0  # area outline width
    fill_opacity: float = 0.0  # area fill opacity
    dash: str = ""  # area outline dash pattern ("" solid)


_POINT_GROUP = "Towns and cities"
_IMPORTED_GROUP = "Other places (imported)"

#: Every kind, in the order places are listed and drawn (areas first, points last, on top).
KINDS: dict[Kind, KindInfo] = {info.kind: info for info in (
    KindInfo(Kind.COUNTRY, "country", "Countries", True, "#5b4636", prior=9.0, lookup_rank=0, weight=1.6),
    KindInfo(Kind.REGION, "region", "Regions", True, "#1f78b4", prior=8.0, lookup_rank=1, fill_opacity=0.04,
             dash="7 5"),
    KindInfo(Kind.GROUP, "group of countries", "Groups of countries", True, "#6a3d9a", prior=8.0, lookup_rank=1,
             weight=2.5, fill_opacity=0.05, dash="2 5"),
    KindInfo(Kind.ADMIN1, "province / admin-1", "Provinces and regions (admin-1)", True, "#d95f02", prior=6.5,
             lookup_rank=2, weight=1.6, fill_opacity=0.15),
    KindInfo(Kind.WATER, "sea, ocean or lake", "Water", True, "#2b8cbe", prior=7.0, lookup_rank=2, weight=1.2,
             fill_opacity=0.2),
    KindInfo(Kind.PART, "part of a country", "Parts of countries", True, "#1b9e77", fill_opacity=0.22),
    KindInfo(Kind.CLAIM, "claimed area", "Claimed areas", True, "#e7298a", fill_opacity=0.12, dash="4 4"),
    KindInfo(Kind.COUNTY, "county (US)", "Counties (US)", False, "#7b3294", prior=4.5),
    KindInfo(Kind.DISTRICT, "district", _IMPORTED_GROUP, False, "#8c6d31", prior=3.0),
    KindInfo(Kind.AREA, "area", _IMPORTED_GROUP, False, "#8c6d31", prior=3.0),
    KindInfo(Kind.LANDFORM, "landform", _IMPORTED_GROUP, False, "#8c6d31"),
    KindInfo(Kind.UNDERSEA, "undersea feature", _IMPORTED_GROUP, False, "#2b8cbe"),
    KindInfo(Kind.FOREST, "forest", _IMPORTED_GROUP, False, "#4d9221"),
    KindInfo(Kind.ROAD, "street or road", "Streets and roads", False, "#737373"),
    KindInfo(Kind.SITE, "site", _IMPORTED_GROUP, False, "#737373"),
    KindInfo(Kind.CITY, "city", _POINT_GROUP, False, "#b2182b", lookup_rank=3),
    KindInfo(Kind.TOWN, "town", _POINT_GROUP, False, "#d6604d", lookup_rank=4),
)}

#: Kinds drawn as shapes, and kinds drawn as points.
AREA_KINDS = frozenset(k for k, info in KINDS.items() if info.is_area)
POINT_KINDS = frozenset(k for k, info in KINDS.items() if not info.is_area)
#: Populated places from GeoNames.
SETTLEMENT_KINDS = frozenset({Kind.CITY, Kind.TOWN})
#: Places a resolver compares by distance to each other (a town, a county).
LOCAL_KINDS = SETTLEMENT_KINDS | {Kind.COUNTY}
#: Kinds named by whole countries or groups of them: their names count even when they are common words.
COUNTRYLIKE_KINDS = frozenset({Kind.COUNTRY, Kind.REGION, Kind.GROUP})
#: Kinds prominent enough that a name of theirs wins over a person or an ordinary word.
STRONG_KINDS = COUNTRYLIKE_KINDS | {Kind.ADMIN1}
#: Areas a text can take a directional part of ("northern Mali", "eastern Ontario", "southern Sahel").
PART_PARENT_KINDS = frozenset({Kind.COUNTRY, Kind.ADMIN1, Kind.REGION})
#: Kinds a town of the same country can lie in, by codes alone (no geometry).
CONTAINER_KINDS = frozenset({Kind.COUNTRY, Kind.ADMIN1})
#: Kinds whose places lie inside an admin-1 unit (matched by codes).
CONTAINED_KINDS = LOCAL_KINDS | {Kind.DISTRICT}
#: Kinds that stand for "nearby evidence" when resolving the other places of an article.
NEARBY_EVIDENCE_KINDS = LOCAL_KINDS | {Kind.ADMIN1}

#: Prior of a kind with none of its own in KINDS (and not a settlement).
DEFAULT_PRIOR = 2.0
#: Look-up rank of kinds the vocabulary does not know.
UNRANKED = 5


def kind_info(kind: str) -> KindInfo | None:
    """The KindInfo of a kind name, None when the kind is unknown."""
    try:
        return KINDS[Kind(kind)]
    except ValueError:
        return None


def kind_rank(kind: str) -> int:
    """Position of a kind in the listing/drawing order (unknown kinds last)."""
    order = list(KINDS)
    try:
        return order.index(Kind(kind))
    except ValueError:
        return len(order)


def kind_label(kind: str) -> str:
    """Reader-facing name of a kind ("county (US)")."""
    info = kind_info(kind)
    return info.label if info else str(kind)


def kind_group(kind: str) -> str:
    """Layer-control heading of a kind ("Towns and cities")."""
    info = kind_info(kind)
    return info.group if info else str(kind).title()


def group_order() -> list[str]:
    """Layer-control headings in kind order, each once."""
    return list(dict.fromkeys(info.group for info in KINDS.values()))


def is_area_kind(kind: str) -> bool:
    """Whether places of this kind are drawn as shapes."""
    return kind in AREA_KINDS


# --- directions ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Direction:
    """A direction a text can give: its name, adjective and the word forms that name it."""

    name: str  # canonical: "north", "northeast", "central"
    adjective: str  # shown in place names: "northern Mali", "north-eastern Nigeria"
    nouns: tuple[str, ...]  # "north"; "northeast", "north-east"
    adjectives: tuple[str, ...]  # "northern"; "northeastern", "north-eastern"
    vector: tuple[float, float] | None  # unit vector (east, north); None for "central"
    bearing: float | None  # degrees clockwise from north; None for "central"

    @property
    def words(self) -> tuple[str, ...]:
        return (*self.nouns, *self.adjectives)


def _compass(name: str, bearing: float, vector: tuple[float, float]) -> Direction:
    """A compass direction; a diagonal also answers to its hyphenated forms ("north-east")."""
    diagonal = name.startswith(("north", "south")) and len(name) > 5
    hyphenated = f"{name[:5]}-{name[5:]}" if diagonal else ""
    nouns = (name, hyphenated) if diagonal else (name,)
    adjectives = (f"{name}ern", f"{hyphenated}ern") if diagonal else (f"{name}ern",)
    return Direction(name, adjectives[-1], nouns, adjectives, vector, bearing)


_DIAGONAL = math.sqrt(0.5)
CENTRAL = "central"

#: The nine directions, cardinal points first.
DIRECTIONS: dict[str, Direction] = {d.name: d for d in (
    _compass("north", 0.0, (0.0, 1.0)),
    _compass("south", 180.0, (0.0, -1.0)),
    _compass("east", 90.0, (1.0, 0.0)),
    _compass("west", 270.0, (-1.0, 0.0)),
    _compass("northeast", 45.0, (_DIAGONAL, _DIAGONAL)),
    _compass("northwest", 315.0, (-_DIAGONAL, _DIAGONAL)),
    _compass("southeast", 135.0, (_DIAGONAL, -_DIAGONAL)),
    _compass("southwest", 225.0, (-_DIAGONAL, -_DIAGONAL)),
    Direction(CENTRAL, CENTRAL, ("centre", "center"), (CENTRAL,), None, None),
)}
COMPASS_DIRECTIONS = tuple(name for name, d in DIRECTIONS.items() if d.vector is not None)
CARDINAL_DIRECTIONS = COMPASS_DIRECTIONS[:4]

#: Every word form (lower case) -> canonical direction name.
DIRECTION_WORDS: dict[str, str] = {w: d.name for d in DIRECTIONS.values() for w in d.words}

#: Words that say where something is and so count as locative cues before a place: the cardinal points,
#: their adjectives and "central" ("north Texas", "central Mali").
DIRECTIONAL_CUES = frozenset(
    w for name in (*CARDINAL_DIRECTIONS, CENTRAL) for w in (name, DIRECTIONS[name].adjective)
)


def _word_pattern(words: list[str], gap: str = "[- ]?") -> str:
    """Alternation of word forms, longest first; a hyphen also matches ``gap`` (a space or nothing)."""
    forms = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\-", gap) for w in forms)


#: Regex alternation matching any direction word ("northern", "north-east", "north east", "centre").
DIRECTION_WORD_PATTERN = _word_pattern(list(DIRECTION_WORDS))
#: Regex alternation matching the compass nouns only ("north", "south-west"): "20 km north of Gao".
COMPASS_NOUN_PATTERN = _word_pattern([w for name in COMPASS_DIRECTIONS for w in DIRECTIONS[name].nouns], r"[\s-]?")


#: French word forms of each direction: nouns ("le nord du Mali", "le Nord malien", "l'extrême nord") and
#: adjectives in their four forms ("le Sahel central", "la Libye orientale").
FRENCH_DIRECTION_FORMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "north": (("nord", "extrême-nord", "septentrion"),
              ("septentrional", "septentrionale", "septentrionaux", "septentrionales")),
    "south": (("sud", "extrême-sud"), ("méridional", "méridionale", "méridionaux", "méridionales")),
    "east": (("est", "extrême-est"), ("oriental", "orientale", "orientaux", "orientales")),
    "west": (("ouest", "extrême-ouest"), ("occidental", "occidentale", "occidentaux", "occidentales")),
    "northeast": (("nord-est",), ()),
    "northwest": (("nord-ouest",), ()),
    "southeast": (("sud-est",), ()),
    "southwest": (("sud-ouest",), ()),
    CENTRAL: (("centre",), ("central", "centrale", "centraux", "centrales")),
}
#: Every French word form -> canonical direction name.
FRENCH_DIRECTION_WORDS: dict[str, str] = {
    w: name for name, (nouns, adjectives) in FRENCH_DIRECTION_FORMS.items() for w in (*nouns, *adjectives)
}
#: Word forms by language.
DIRECTION_WORDS_BY_LANGUAGE: dict[str, dict[str, str]] = {"en": DIRECTION_WORDS, "fr": FRENCH_DIRECTION_WORDS}
#: French direction nouns that are locative cues before a place ("nord Mali" headlines); not "est" (a verb).
FRENCH_DIRECTIONAL_CUES = frozenset(
    w for name in (*CARDINAL_DIRECTIONS, CENTRAL) for w in FRENCH_DIRECTION_FORMS[name][0][:1] if w != "est"
)
#: Regex alternations of the French forms: every form; nouns only; the compass nouns ("20 km au nord de Gao").
FRENCH_DIRECTION_WORD_PATTERN = _word_pattern(list(FRENCH_DIRECTION_WORDS), r"[\s-]")
FRENCH_DIRECTION_NOUN_PATTERN = _word_pattern(
    [w for nouns, _adjectives in FRENCH_DIRECTION_FORMS.values() for w in nouns], r"[\s-]")
FRENCH_COMPASS_NOUN_PATTERN = _word_pattern(
    [w for name in COMPASS_DIRECTIONS for w in FRENCH_DIRECTION_FORMS[name][0]], r"[\s-]")
FRENCH_DIRECTION_ADJECTIVE_PATTERN = _word_pattern(
    [w for _nouns, adjectives in FRENCH_DIRECTION_FORMS.values() for w in adjectives])

_FOLDED_DIRECTIONS: dict[str, dict[str, str]] = {
    lang: {re.sub(r"[\s-]", "", w): d for w, d in words.items()} for lang, words in DIRECTION_WORDS_BY_LANGUAGE.items()
}


def direction_of(word: str, default: str = "", *, lang: str = "en") -> str:
    """Canonical direction of a word form: "North-Eastern" -> "northeast", "south east" -> "southeast";
    with ``lang="fr"``: "Nord-Est" -> "northeast", "méridionale" -> "south"."""
    if lang == "en":
        return DIRECTION_WORDS.get(re.sub(r"[\s-]", "", word.lower()), default)
    return _FOLDED_DIRECTIONS.get(lang, {}).get(re.sub(r"[\s-]", "", word.lower()), default)


# --- base maps ------------------------------------------------------------------------------------

#: Map backgrounds: "none" (offline: borders only) or "osm" (OpenStreetMap tiles, fetched online).
Tiles = Literal["none", "osm"]
TILE_CHOICES: tuple[str, ...] = ("none", "osm")


#: Words that close a street's name (English; abbreviations with their dot): "319 Main St.", "Dean Woods Road".
#: The recogniser of streets (geo.nlp.streets) and the reader of dates (a house number is no year) share them.
STREET_WORDS = (
    "Street", "St.", "Road", "Rd.", "Avenue", "Ave.", "Boulevard", "Blvd.", "Drive", "Lane", "Ln.", "Way",
    "Crescent", "Close", "Parkway", "Pkwy.", "Pike", "Highway", "Terrace",
)
#: How a street address names a direction before the street's name ("1000 W. California Street"), lower case.
ADDRESS_DIRECTIONS = frozenset({*CARDINAL_DIRECTIONS, "n", "s", "e", "w", "ne", "nw", "se", "sw"})
#: French street words, which come before the name ("12 rue de la Paix").
FRENCH_STREET_WORDS = ("rue", "avenue", "boulevard", "bd", "chemin", "allée", "impasse", "quai", "route", "place")
