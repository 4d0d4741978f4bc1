"""Spatial claims: what a sentence says about distance and direction, drawn as geometry.

"Algiers has maintained that the drone violated its airspace by more than two kilometers" becomes a
band inside Algeria, 2–5 km from the Algeria–Mali border, near Tin Zaouatine, claimed by Algeria.

Recognition (per sentence, regular expressions over the text plus the resolved mentions)
----------------------------------------------------------------------------------------
A distance (``geo.text.quantities.find_distances``) is a claim only when a relation ties it to a
territory, a border or a place; a bare length ("10 kilometers of road", "a 5 km race") is not.

``inside``        "10 km within/inside/into <territory>", "violated its airspace by 2 km",
                  "3 km inside Lebanon [from the Israeli border]": a band on <territory>'s side.
``from_border``   "5 km from the [Syrian] border", "within 10 km of the border": a band along the
                  border, on the side the sentence names, else on both sides.
``beyond``        "2 km beyond/across the Algerian border": crossing X's border means entering X,
                  unless the sentence says where to ("... into Mali").
``from_place``    "20 miles north of Denver", "30 km from Gao", "12 nautical miles off Gaza": a ring,
                  or a 45-degree sector when a direction is given.
``near``          (only with ``near=True``) "near Tin Zaouatine": a buffer of ``NEAR_KM``.

<territory> is a country or a place in it ("inside Lebanon", "into Kursk"), a demonym with a noun
("Malian territory"), or a possessive ("its airspace", "their territory") standing for the claimant.

Who says so: a country, a capital (it stands for its government), a demonym ("Malian authorities")
or a group named as the subject of a reporting verb ("maintained", "claim", "said"...) before the
distance, or after "according to". Otherwise the claim is unattributed.

Geometry (metric, in an azimuthal equidistant projection centred on the anchor; EPSG:4326 out)
---------------------------------------------------------------------------------------------
* Bounds: an open "more than N" is drawn from N to ``OPEN_FACTOR`` × N (2 → 2–5 km); a bare
  figure N, stated as one value, is drawn N ± ``EXACT_SLACK`` (10 km → 9–11 km); ranges and
  "up to"/"about" bounds as ``geo.text.quantities`` gives them. The label always says both.
* Border bands: the part of the territory whose distance to the shared border line lies in the
  drawn bounds, kept within ``VICINITY_KM`` of the anchor place (widened to reach the band when the
  anchor is farther than that from the border). The anchor is a town or city named in the same
  sentence, else the previous one, else the latest one earlier in the article, that lies within
  ``ANCHOR_BORDER_KM`` of the border. With no anchor the band runs along the whole shared border.
  The border line is the simplified Natural Earth line (``geo.geometry.borders``: 0.05° coverage
  simplification) and can stray a few km from the true one; the label says so.
* The other side of the border: the country named with it ("the Israeli border", "border with
  Mali"), else a neighbour of the territory named in this or the previous sentence, else the
  neighbour whose border passes nearest the anchor.

Everything here is pure except the cached reads of the borders through ``geo.geometry.borders``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

from geo.model import Document, Mention, Place, Sentence
from geo.text.quantities import Distance, describe_bounds, find_distances

#: Radius (km) around the anchor place within which a border band is drawn.
VICINITY_KM = 30.0
#: A town is taken as a border claim's anchor only within this distance (km) of the border.
ANCHOR_BORDER_KM = 50.0
#: "more than N" is drawn up to OPEN_FACTOR × N (at least N + OPEN_MIN_WIDTH_KM).
OPEN_FACTOR = 2.5
OPEN_MIN_WIDTH_KM = 1.0
#: A bare figure N is drawn as N ± EXACT_SLACK × N (news figures are rounded).
EXACT_SLACK = 0.1
#: Half-width (degrees) of the sector drawn for "N km north of X".
SECTOR_HALF_ANGLE = 22.5
#: Radius (km) of the buffer drawn for "near X" (``extract_claims(..., near=True)``).
NEAR_KM = 10.0
#: Largest distance (km) turned into geometry: beyond it a figure is not a local claim.
MAX_CLAIM_KM = 1000.0
BORDER_NOTE = "border line: Natural Earth 10m, simplified 0.05° (may stray a few km from the true line)"

_COMPASS = {
    "north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0, "south": 180.0, "southwest": 225.0,
    "west": 270.0, "northwest": 315.0,
}
_DIR = r"(?:north|south)(?:[\s-]?(?:east|west))?|east|west"
_POSS = r"(?:its|their|our|his|her)"
_TERR_NOUN = (r"(?:(?:own|national|sovereign)\s+)*(?:territory|territories|airspace|air\s+space|"
              r"territorial\s+waters|waters|soil|land|side(?:\s+of\s+the\s+border)?)")
_REPORTING = (r"(?:has\s+|have\s+|had\s+)?(?:maintain|claim|say|said|insist|assert|allege|argue|state|report|"
              r"contend|told|announce|den(?:y|ies|ied)|accuse|confirm|acknowledg|estimat|show|believ|add)\w*")
_ROLE_WORDS = (r"(?:[’']s\b|\s+(?:authorities|officials?|government|regime|ministry|army|military|forces|"
               r"defen[cs]e|foreign|spokes(?:man|woman|person)|sources?|junta|state|media|presidency|"
               r"command|of|the|interior|also|for|its|own|and|,))*")
_VIOLATION = re.compile(
    r"(?:violat\w*|breach\w*|penetrat\w*|intrud\w*\s+(?:into|on)|entered|encroach\w*\s+(?:into|on)|"
    r"incursion\s+into|strayed\s+into|crossed\s+into)\s+(?P<terr>.{1,60}?)\s+by\s*$",
    re.IGNORECASE,
)


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
            "kind": "claim", "claim_id": self.id, "label": self.label, "claimant": self.claimant.name,
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


# --- small helpers ------------------------------------------------------------------------------------


def country_of(m: Mention) -> str:
    """The country a mention stands for as an actor or a territory: countries, demonyms, capitals."""
    if m.kind == "country" or (m.cue == "demonym" and m.country_code):
        return m.country_code
    if m.kind in ("city", "town") and m.place.feature_code.startswith("PPLC"):
        return m.country_code
    return ""


def country_label(code: str) -> str:
    """Short English name of an ISO code from the borders table ("DZ" -> "Algeria")."""
    return _country_names().get(code.upper(), code) if code else ""


@cache
def _country_names() -> dict[str, str]:
    from geo.geometry.borders import load_countries

    gdf = load_countries()
    return {c: n for c, n in zip(gdf["iso_a2"], gdf["name"], strict=True) if c}


def drawn_bounds(d: Distance) -> tuple[float, float]:
    """The km range actually drawn for a distance (see the module docstring)."""
    lo, hi = d.min_km, d.max_km
    if hi is None:
        hi = max(lo * OPEN_FACTOR, lo + OPEN_MIN_WIDTH_KM)
    elif d.exact:
        lo, hi = lo * (1 - EXACT_SLACK), hi * (1 + EXACT_SLACK)
    return (round(lo, 4), round(hi, 4))


def _normalise_direction(word: str) -> str:
    return re.sub(r"[\s-]", "", word.lower())


@cache
def local_crs(lon: float, lat: float) -> tuple[Transformer, Transformer]:
    """Forward/back transformers for an azimuthal equidistant projection centred on (lon, lat), metres."""
    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat:.6f} +lon_0={lon:.6f} +datum=WGS84 +units=m +no_defs")
    wgs = CRS.from_epsg(4326)
    return (Transformer.from_crs(wgs, crs, always_xy=True), Transformer.from_crs(crs, wgs, always_xy=True))


def _apply(tr: Transformer, geom: BaseGeometry) -> BaseGeometry:
    def fn(coords: np.ndarray) -> np.ndarray:
        x, y = tr.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, fn)


def _near_box(lon: float, lat: float, km: float) -> Polygon:
    """A lon/lat box reaching at least ``km`` around a point (for clipping before projecting)."""
    dlat = km / 110.0
    dlon = km / (111.0 * max(math.cos(math.radians(lat)), 0.05))
    return shapely.box(lon - dlon, lat - dlat, lon + dlon, lat + dlat)


# --- borders ------------------------------------------------------------------------------------------


def _country(code: str) -> BaseGeometry | None:
    from geo.geometry.borders import country_shape

    return country_shape(code)


@cache
def neighbours(code: str) -> frozenset[str]:
    """ISO codes of the countries sharing a land border with ``code``."""
    from geo.geometry.borders import load_countries

    geom = _country(code)
    if geom is None:
        return frozenset()
    gdf = load_countries()
    hits = gdf.iloc[gdf.sindex.query(geom.buffer(1e-6), predicate="intersects")]
    return frozenset(c for c in hits["iso_a2"] if c and c != code.upper())


def border_line(a: str, b: str, clip: BaseGeometry | None = None) -> BaseGeometry:
    """The shared border of two countries (lon/lat), optionally within ``clip``; empty if none."""
    ga, gb = _country(a), _country(b)
    if ga is None or gb is None:
        return shapely.LineString()
    if clip is not None:
        ga, gb = ga.intersection(clip), gb.intersection(clip)
    return ga.boundary.intersection(gb.buffer(1e-6))


def _km_to_border(place: Place, a: str, b: str) -> float:
    """Distance (km) from a place to the a–b border, measured in a projection centred on it."""
    line = border_line(a, b)
    if line.is_empty:
        return math.inf
    fwd, _ = local_crs(place.lon, place.lat)
    return _apply(fwd, line).distance(Point(0, 0)) / 1000.0


# --- recognition --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Hit:
    """A recognised expression before geometry: positions are sentence-relative."""

    start: int
    end: int
    relation: str
    distance: Distance | None
    territory: str = ""  # ISO code, "@claimant", or ""
    counterpart: str = ""
    place: Mention | None = None  # for from_place / near
    direction: str = ""
    within: bool = False  # "within N km of": bounds from 0


def _mention_at(mentions: Sequence[Mention], pos: int) -> Mention | None:
    return next((m for m in mentions if m.start == pos), None)


def _territory_at(text: str, pos: int, mentions: Sequence[Mention], *, bare_country: bool) -> tuple[str, int] | None:
    """The territory named at ``text[pos:]`` and where its phrase ends; None when there is none."""
    rest = text[pos:]
    m = re.match(rf"\s*(?:the\s+)?{_TERR_NOUN}\s+of\s+(?:the\s+)?", rest, re.IGNORECASE)
    if m:
        hit = _mention_at(mentions, pos + m.end())
        if hit and hit.country_code:
            return hit.country_code, hit.end
    m = re.match(rf"\s*{_POSS}\s+{_TERR_NOUN}\b", rest, re.IGNORECASE)
    if m:
        return "@claimant", pos + m.end()
    m = re.match(r"\s*(?:the\s+)?", rest)
    hit = _mention_at(mentions, pos + (m.end() if m else 0))
    if hit and hit.country_code:
        noun = re.match(rf"(?:[’']s)?\s+{_TERR_NOUN}\b", text[hit.end:], re.IGNORECASE)
        if noun:
            return hit.country_code, hit.end + noun.end()
        if bare_country and hit.cue != "demonym":
            return hit.country_code, hit.end
    return None


def _border_phrase(text: str, pos: int, mentions: Sequence[Mention]) -> tuple[str, int] | None:
    """ "the [Israeli] border [with Mali]" at ``text[pos:]``: (other country or "", end) or None."""
    m = re.match(r"\s*(?:the\s+|their\s+|its\s+|our\s+)?(?:(?:common|shared|joint)\s+)?", text[pos:], re.IGNORECASE)
    at = pos + (m.end() if m else 0)
    code = ""
    hit = _mention_at(mentions, at)
    if hit and hit.country_code and hit.kind in ("country",):
        code, at = hit.country_code, hit.end
        at += len(re.match(r"(?:[’']s)?\s*", text[at:]).group())
    b = re.match(r"(?:border|frontier|boundary)\b", text[at:], re.IGNORECASE)
    if not b:
        return None
    end = at + b.end()
    w = re.match(r"\s+(?:with|between)\s+", text[end:], re.IGNORECASE)
    if w:
        other = _mention_at(mentions, end + w.end())
        if other and other.country_code:
            return (code or other.country_code), other.end
    return code, end


def _recognise(text: str, mentions: Sequence[Mention], *, near: bool) -> list[_Hit]:
    """Spatial expressions of one sentence (sentence-relative offsets)."""
    hits: list[_Hit] = []
    for d in find_distances(text):
        if (d.max_km is not None and d.max_km <= 0) or d.min_km > MAX_CLAIM_KM:
            continue
        before = text[max(0, d.start - 80):d.start]
        within = bool(re.search(r"\bwithin\s*$", before, re.IGNORECASE))
        hit = _after(text, d, mentions, within=within) or _violation(text, d, before, mentions)
        if hit:
            hits.append(hit)
    if near:
        for m in re.finditer(r"\b(?:near|close\s+to|outside)\s+(?:the\s+(?:town|city|village)\s+of\s+)?", text,
                             re.IGNORECASE):
            place = _mention_at(mentions, m.end())
            if place and place.kind in ("city", "town") and not any(h.start <= m.start() < h.end for h in hits):
                hits.append(_Hit(m.start(), place.end, "near", None, place=place))
    return hits


def _after(text: str, d: Distance, mentions: Sequence[Mention], *, within: bool) -> _Hit | None:
    """A relation right after the distance: inside/into X, from the border, beyond it, N km north of X."""
    pos = d.end
    start = d.start - (len("within ") if within else 0)
    rel = re.match(r"\s*(?:deep\s+|further\s+|farther\s+)?(within|inside|into|in)\b", text[pos:], re.IGNORECASE)
    if rel and not within:
        terr = _territory_at(text, pos + rel.end(), mentions, bare_country=rel.group(1).lower() != "in")
        if terr:
            code, end = terr
            counterpart = ""
            frm = re.match(r"\s*,?\s*(?:from|of)\s+", text[end:], re.IGNORECASE)
            if frm:
                border = _border_phrase(text, end + frm.end(), mentions)
                if border:
                    counterpart, end = border
            return _Hit(start, end, "inside", d, territory=code, counterpart=counterpart)
    frm = re.match(rf"\s*(?:away\s+)?(?:to\s+the\s+)?(?:(?P<dir>{_DIR})(?:wards?)?\s+)?"
                   r"(?P<prep>of|from|off|outside)\s+", text[pos:], re.IGNORECASE)
    if frm:
        direction = _normalise_direction(frm.group("dir") or "")
        at = pos + frm.end()
        border = _border_phrase(text, at, mentions)
        if border:
            counterpart, end = border
            side = re.match(r"\s*,?\s*(?:inside|in|into|on)\s+", text[end:], re.IGNORECASE)
            territory = ""
            if side:
                terr = _territory_at(text, end + side.end(), mentions, bare_country=True)
                if terr:
                    territory, end = terr
            if frm.group("prep").lower() == "of" and not (direction or within):
                return None
            return _Hit(start, end, "from_border", d, territory=territory, counterpart=counterpart,
                        direction=direction, within=within)
        if frm.group("prep").lower() == "of" and not (direction or within):
            return None  # "10 kilometers of road": a length, not a position
        tm = re.match(r"(?:the\s+(?:(?:town|city|village|capital|port|settlement)\s+(?:of\s+)?)?)?", text[at:],
                      re.IGNORECASE)
        place = _mention_at(mentions, at + (tm.end() if tm else 0))
        if place:
            return _Hit(start, place.end, "from_place", d, place=place, direction=direction, within=within)
    beyond = re.match(r"\s*(?:beyond|across|past|over|behind)\s+", text[pos:], re.IGNORECASE)
    if beyond and not within:
        border = _border_phrase(text, pos + beyond.end(), mentions)
        if border:
            named, end = border
            into = re.match(r"\s*,?\s*(?:into|inside|in)\s+", text[end:], re.IGNORECASE)
            territory = ""
            if into:
                terr = _territory_at(text, end + into.end(), mentions, bare_country=True)
                if terr:
                    territory, end = terr
            territory = territory or named
            counterpart = named if named and named != territory else ""
            return _Hit(start, end, "beyond", d, territory=territory, counterpart=counterpart)
    return None


def _violation(text: str, d: Distance, before: str, mentions: Sequence[Mention]) -> _Hit | None:
    """ "violated its airspace by more than two kilometers": a depth inside the violated territory."""
    v = _VIOLATION.search(before)
    if not v:
        return None
    offset = d.start - len(before)
    terr = _territory_at(text, offset + v.start("terr"), mentions, bare_country=True)
    if not terr:
        return None
    return _Hit(offset + v.start(), d.end, "inside", d, territory=terr[0])


def find_claimant(text: str, mentions: Sequence[Mention], before: int, after: int | None = None) -> Claimant:
    """Who the sentence says asserts the expression at ``text[before:after]``: "Algiers has maintained",
    "Malian authorities claim", "according to Mali's army", "..., Lebanese officials said";
    else ``UNATTRIBUTED``."""
    actors = [m for m in mentions if country_of(m) or m.kind == "group"]
    for m in reversed([m for m in actors if m.end <= before]):
        if re.match(rf"{_ROLE_WORDS}\s*{_REPORTING}\b", text[m.end:before], re.IGNORECASE):
            return _claimant(m, text)
        if re.search(r"\baccording\s+to\s+(?:the\s+)?(?:\w+\s+){0,3}$", text[:m.start], re.IGNORECASE):
            return _claimant(m, text)
    if after is not None:
        for m in [m for m in actors if m.start >= after]:
            tail = re.match(r"[^;:]*?(?:,|—|–)\s*(?:according\s+to\s+)?(?:the\s+)?(?:(?:officials?|authorities|"
                            r"sources?|government|military|army)\s+(?:in|of|from)\s+)?$", text[after:m.start],
                            re.IGNORECASE)
            if tail and (re.match(rf"{_ROLE_WORDS}\s*{_REPORTING}\b", text[m.end:], re.IGNORECASE)
                         or "according" in tail.group().lower()):
                return _claimant(m, text)
    return UNATTRIBUTED


def _claimant(m: Mention, text: str) -> Claimant:
    """The claimant of a mention; its surface keeps the role words after it ("Malian authorities")."""
    code = country_of(m)
    role = re.match(r"(?:[’']s)?(?:\s+(?:(?:foreign|defen[cs]e|interior)\s+)?(?:authorities|officials?|government|"
                    r"regime|army|military|forces|ministry|spokes(?:man|woman|person)|sources?|junta|presidency))+",
                    text[m.end:], re.IGNORECASE)
    return Claimant(code, country_label(code) if code else m.name, m.text + (role.group() if role else ""))


# --- geometry -----------------------------------------------------------------------------------------


def _choose_counterpart(territory: str, named: Sequence[str], anchor: Place | None) -> str:
    """The other side of ``territory``'s border (see the module docstring)."""
    near = neighbours(territory)
    named_near = [c for c in dict.fromkeys(named) if c in near]
    pool = named_near or (sorted(near) if anchor else [])
    if not pool:
        return ""
    if len(pool) == 1 or anchor is None:
        return pool[0]
    return min(pool, key=lambda c: _km_to_border(anchor, territory, c))


def _choose_anchor(points: Sequence[Mention], pairs: Sequence[tuple[str, str]],
                   exclude: Mention | None) -> Place | None:
    """The latest point place near one of the candidate borders (``points`` ordered by preference)."""
    for m in points:
        if m is exclude or m.kind not in ("city", "town"):
            continue
        for a, b in pairs:
            if _km_to_border(m.place, a, b) <= ANCHOR_BORDER_KM:
                return m.place
    return None


def border_band(territory: str, counterpart: str, lo_km: float, hi_km: float, anchor: Place | None,
                vicinity_km: float = VICINITY_KM) -> tuple[BaseGeometry, float]:
    """The part of ``territory`` between ``lo_km`` and ``hi_km`` from its border with ``counterpart``,
    within the vicinity of ``anchor`` (the whole border when None).

    Returns the lon/lat geometry and the vicinity radius used (km; 0 without an anchor).
    """
    shape = _country(territory)
    if shape is None:
        return Polygon(), 0.0
    radius, clip = 0.0, None
    if anchor is not None:
        lon, lat = anchor.lon, anchor.lat
        radius = max(vicinity_km, _km_to_border(anchor, territory, counterpart) + hi_km)
        clip = _near_box(lon, lat, radius + hi_km + 20)
    line = border_line(territory, counterpart, clip)
    if line.is_empty:
        return Polygon(), radius
    if anchor is None:
        c = line.centroid
        lon, lat = c.x, c.y
    fwd, back = local_crs(lon, lat)
    if clip is not None:
        shape = shape.intersection(clip)
    line_m, shape_m = _apply(fwd, line), _apply(fwd, shape)
    band = shape_m.intersection(line_m.buffer(hi_km * 1000, quad_segs=16))
    if lo_km > 0:
        band = band.difference(line_m.buffer(lo_km * 1000, quad_segs=16))
    if anchor is not None:
        band = band.intersection(Point(0, 0).buffer(radius * 1000, quad_segs=64))
    return (_apply(back, band) if not band.is_empty else band), radius


def _first_neighbour(code: str) -> str:
    return next(iter(sorted(neighbours(code))), "")


def place_ring(place: Place, lo_km: float, hi_km: float, direction: str = "") -> BaseGeometry:
    """Ring (or sector toward ``direction``) at ``lo_km``–``hi_km`` from a place; areas measure from
    their outline, outward."""
    from geo.geometry.shapes import shape_for

    fwd, back = local_crs(place.lon, place.lat)
    base = shape_for(place) if place.is_area else Point(place.lon, place.lat)
    if place.is_area:
        base = base.intersection(_near_box(place.lon, place.lat, 3000))
    base_m = _apply(fwd, base)
    ring = base_m.buffer(hi_km * 1000, quad_segs=32)
    if lo_km > 0:
        ring = ring.difference(base_m.buffer(lo_km * 1000, quad_segs=32))
    if place.is_area:
        ring = ring.difference(base_m)
    if direction in _COMPASS:
        ring = ring.intersection(_sector(_COMPASS[direction], (hi_km + 4000) * 1000))
    return _apply(back, ring)


def _sector(bearing: float, reach: float) -> Polygon:
    """A wedge from the origin toward ``bearing`` (degrees clockwise from north), ± SECTOR_HALF_ANGLE."""
    angles = np.radians(np.linspace(bearing - SECTOR_HALF_ANGLE, bearing + SECTOR_HALF_ANGLE, 19))
    return Polygon([(0, 0), *zip(reach * np.sin(angles), reach * np.cos(angles), strict=True)])


# --- the pipeline step --------------------------------------------------------------------------------


def extract_claims(doc: Document, mentions: Sequence[Mention], *, near: bool = False) -> list[Claim]:
    """Every spatial claim of ``doc`` with its geometry (EPSG:4326), in text order.

    ``mentions`` are the resolved mentions of ``doc`` (``geo.nlp.pipeline.parse_document``); ``near``
    also turns plain "near <town>" into buffers of ``NEAR_KM``.
    """
    by_sentence: dict[int, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        by_sentence.setdefault(m.sentence, []).append(m)
    claims: list[Claim] = []
    for sentence in doc.sentences:
        local = [_shift(m, -sentence.start) for m in by_sentence.get(sentence.index, [])]
        for hit in _recognise(sentence.text, local, near=near):
            claim = _build(doc, sentence, hit, local, by_sentence)
            if claim is not None and not claim.geometry.is_empty:
                claims.append(claim)
    return claims


def _shift(m: Mention, delta: int) -> Mention:
    return Mention(m.start + delta, m.end + delta, m.text, m.sentence, m.place, m.confidence, m.alternatives, m.cue)


def _build(doc: Document, sentence: Sentence, hit: _Hit, local: list[Mention],
           by_sentence: dict[int, list[Mention]]) -> Claim | None:
    claimant = find_claimant(sentence.text, local, hit.start, hit.end)
    claimant_mention = next((m for m in local if claimant.surface.startswith(m.text) and m.end <= hit.start), None)
    territory = claimant.code if hit.territory == "@claimant" else hit.territory
    if hit.territory == "@claimant" and not territory:
        subject = [country_of(m) for m in local if m.end <= hit.start and country_of(m)]
        territory = subject[0] if subject else ""
    notes: list[str] = []
    d = hit.distance
    lo, hi = drawn_bounds(d) if d else (0.0, NEAR_KM)
    if hit.within and d is not None:
        lo, hi = 0.0, d.max_km if d.max_km is not None else hi
    anchor: Place | None = None
    counterpart = hit.counterpart
    start, end = sentence.start + hit.start, sentence.start + hit.end
    if hit.relation in ("from_place", "near"):
        assert hit.place is not None
        anchor = hit.place.place
        geom = place_ring(anchor, lo, hi, hit.direction)
        territory = ""
        where = f"{hit.direction + ' of ' if hit.direction else 'from '}{anchor.name}" if d else \
            f"near {anchor.name} (drawn within {NEAR_KM:g} km)"
        if hit.direction:
            notes.append(f"sector {2 * SECTOR_HALF_ANGLE:g}° wide toward {hit.direction}")
        if not d:
            notes.append(f"'near' drawn as a {NEAR_KM:g} km buffer")
        radius = 0.0
    else:
        earlier = [m for i in sorted(by_sentence) if i < sentence.index - 1 for m in by_sentence[i]]
        previous = [_shift(m, -_sentence_start(doc, m.sentence)) for m in by_sentence.get(sentence.index - 1, [])]
        ordered = [*local, *previous, *reversed(earlier)]
        named = [country_of(m) or m.country_code for m in [*local, *previous] if country_of(m)]
        if not territory and not counterpart:
            counterpart = _implied_border(ordered, named, claimant.code)
            if not counterpart:
                return None
        if territory and not counterpart:
            pairs = [(territory, n) for n in sorted(neighbours(territory))]
            anchor = _choose_anchor(ordered, pairs, claimant_mention)
            counterpart = _choose_counterpart(territory, named, anchor)
        else:
            pairs = ([(territory, counterpart)] if territory else
                     [(counterpart, n) for n in sorted(neighbours(counterpart))])
            anchor = _choose_anchor(ordered, pairs, claimant_mention)
            if not territory and hit.counterpart and anchor is not None \
                    and anchor.country_code not in ("", counterpart) and anchor.country_code in neighbours(counterpart):
                territory = anchor.country_code
        if not counterpart or (territory and counterpart not in neighbours(territory)):
            return None
        if anchor is not None:
            source = next((m.sentence for m in ordered if m.place is anchor), sentence.index)
            if source < sentence.index:
                notes.append(f"anchor {anchor.name} taken from sentence {source + 1} (event place)")
        other_side = ""
        if territory:
            geom, radius = border_band(territory, counterpart, lo, hi, anchor)
        else:
            other_side = _other_side(counterpart, anchor, pairs)
            one, radius = border_band(counterpart, other_side, lo, hi, anchor)
            two, _ = border_band(other_side, counterpart, lo, hi, anchor)
            geom = shapely.union_all([g for g in (one, two) if not g.is_empty])
            notes.append("side of the border not stated: drawn on both sides")
        notes.append(BORDER_NOTE)
        border_name = "–".join(country_label(c) for c in (territory or other_side, counterpart))
        where = (f"{'inside ' + country_label(territory) + ', ' if territory else ''}from the {border_name} border"
                 f"{' near ' + anchor.name if anchor else ''}")
        if anchor is not None:
            notes.append(f"drawn within {radius:.1f} km of {anchor.name}")
        else:
            notes.append("no anchor place: drawn along the whole shared border")
    if d is not None:
        stated = d.describe() if not hit.within else describe_bounds(0.0, d.max_km)
        if d.unit != "km":
            stated = f"{'within ' if hit.within else ''}{_plain_surface(d)} ({stated})"
        drawn = f"{lo:.3g}–{hi:.3g} km"
        if d.max_km is None:
            notes.insert(0, f"no upper bound stated: drawn {drawn} ({OPEN_FACTOR:g}× the lower bound)")
        elif d.exact and not hit.within:
            notes.insert(0, f"a single figure: drawn {drawn} (±{EXACT_SLACK:.0%})")
        else:
            notes.insert(0, f"drawn {drawn}")
    else:
        stated = ""
    who = claimant.name if claimant != UNATTRIBUTED else "Unattributed"
    label = re.sub(r"\s+", " ", f"{who}: {stated} {where}").strip()
    cid = f"claim:{doc.doc_id or 'doc'}:{sentence.index}:{start}"
    return Claim(cid, sentence.index, sentence.text, start, end, doc.text[start:end], hit.relation, d, (lo, hi),
                 claimant, anchor, territory, counterpart, hit.direction, label, tuple(notes), geom,
                 round(radius, 3))


def _implied_border(ordered: Sequence[Mention], named: Sequence[str], claimant: str) -> str:
    """For "5 km from the border": a country named nearby (or the claimant's) whose border passes
    within ``ANCHOR_BORDER_KM`` of a town of the sentence or the previous one."""
    for code in dict.fromkeys([*named, claimant]):
        if code and _choose_anchor(ordered, [(code, n) for n in sorted(neighbours(code))], None):
            return code
    return ""


def _other_side(code: str, anchor: Place | None, pairs: Sequence[tuple[str, str]]) -> str:
    """The neighbour of ``code`` whose border passes nearest the anchor (any neighbour without one)."""
    if anchor is None or not pairs:
        return _first_neighbour(code)
    return min((b for _a, b in pairs), key=lambda c: _km_to_border(anchor, code, c))


def _plain_surface(d: Distance) -> str:
    return re.sub(r"\s+", " ", d.surface)


def _sentence_start(doc: Document, index: int) -> int:
    return doc.sentences[index].start if 0 <= index < len(doc.sentences) else 0


# --- layers: claims as rows of the layers table (map, dashboard, exports) -----------------------------

#: Colours given to claimants in order of appearance (unattributed claims are grey).
CLAIMANT_COLORS = ("#d7301f", "#2171b5", "#238b45", "#6a51a3", "#cc4c02", "#ce1256", "#01665e", "#8c510a")
UNATTRIBUTED_COLOR = "#636363"


def claimant_colors(claims: Sequence[Claim]) -> dict[str, str]:
    """A colour per claimant name, stable in order of first appearance."""
    colors: dict[str, str] = {}
    for c in claims:
        if c.claimant == UNATTRIBUTED:
            colors.setdefault(c.claimant.name, UNATTRIBUTED_COLOR)
        elif c.claimant.name not in colors:
            used = sum(1 for v in colors.values() if v != UNATTRIBUTED_COLOR)
            colors[c.claimant.name] = CLAIMANT_COLORS[used % len(CLAIMANT_COLORS)]
    return colors


def short_name(claim: Claim) -> str:
    """Layer-list name: "Algeria: more than 2 km inside Algeria"."""
    who = claim.claimant.name if claim.claimant != UNATTRIBUTED else "Unattributed"
    if claim.distance is None:
        return f"{who}: near {claim.anchor.name if claim.anchor else ''}".strip()
    where = f" inside {country_label(claim.territory)}" if claim.territory else \
        (f" {claim.direction} of {claim.anchor.name}" if claim.direction and claim.anchor else
         (f" from {claim.anchor.name}" if claim.relation == "from_place" and claim.anchor else " from the border"))
    return f"{who}: {claim.distance.describe()}{where}"


def claim_rows(doc: Document, claims: Sequence[Claim], colors: dict[str, str]) -> list[dict]:
    """Rows in the layers-table schema (``geo.layers.table.COLUMNS`` + geometry), plus a ``claim`` dict."""
    rows = []
    for c in claims:
        point = c.geometry.representative_point()
        sent = doc.sentences[c.sentence]
        spans = [[c.start - sent.start, c.end - sent.start]]
        if c.claimant.surface:
            found = re.search(rf"(?<!\w){re.escape(c.claimant.surface)}(?!\w)", sent.text)
            if found and found.start() < spans[0][0]:
                spans.insert(0, [found.start(), found.end()])
            elif found and found.start() >= spans[0][1]:
                spans.append([found.start(), found.end()])
        props = c.as_properties() | {"color": colors.get(c.claimant.name, UNATTRIBUTED_COLOR),
                                     "title": doc.title, "doc_id": doc.doc_id}
        rows.append({
            "place_id": c.id, "name": short_name(c), "kind": "claim", "country_code": c.territory,
            "lat": point.y, "lon": point.x, "mentions": 1, "confidence": 1.0,
            "sentences": [{"title": doc.title, "doc_id": doc.doc_id, "sentence": c.sentence, "text": sent.text,
                           "spans": spans}],
            "geometry": c.geometry, "claim": props,
        })
    return rows


def claims_frame(parsed: Sequence[tuple[Document, Sequence[Mention]]], *, near: bool = False):
    """The claims of parsed documents as a GeoDataFrame (EPSG:4326) in the layers-table schema,
    with a ``claim`` column holding each claim's properties (claimant, sentence, quantity, label, color)."""
    import geopandas as gpd

    found = [(doc, extract_claims(doc, mentions, near=near)) for doc, mentions in parsed]
    colors = claimant_colors([c for _doc, claims in found for c in claims])
    rows = [row for doc, claims in found for row in claim_rows(doc, claims, colors)]
    columns = ["place_id", "name", "kind", "country_code", "lat", "lon", "mentions", "confidence", "sentences",
               "geometry", "claim"]
    return gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs="EPSG:4326")


def with_claims(layers, parsed: Sequence[tuple[Document, Sequence[Mention]]]):
    """``layers`` (``geo.layers.table.build_layers``) with one row per claim appended after the areas and before
    the points, and a ``claim`` column (None for places). Unchanged when the articles make no claim."""
    import pandas as pd

    frame = claims_frame(parsed)
    if frame.empty:
        return layers
    out = pd.concat([layers.assign(claim=None), frame], ignore_index=True)
    order = ("country", "region", "group", "admin1", "part", "claim", "city", "town")
    rank = out["kind"].map(lambda k: order.index(k) if k in order else len(order))
    out = out.iloc[rank.argsort(kind="stable")].reset_index(drop=True)
    out["claim"] = [v if isinstance(v, dict) else None for v in out["claim"]]
    return out


def claim_props(row: object) -> dict:
    """The ``claim`` properties of a layers row (a namedtuple or Series), {} for places."""
    value = getattr(row, "claim", None)
    if value is None and hasattr(row, "get"):
        value = row.get("claim")
    return value if isinstance(value, dict) else {}


def claim_style(row: object) -> dict:
    """Leaflet path style of a claim row: its claimant's colour."""
    color = claim_props(row).get("color", UNATTRIBUTED_COLOR)
    return {"color": color, "fillColor": color, "fillOpacity": 0.35, "weight": 2, "dashArray": "4 3"}


def claim_popup_html(row: object, escape, highlight) -> str:
    """Popup of a claim: label, claimant, quantity, how it is drawn, and its sentence with the expression
    highlighted. ``escape``/``highlight`` are geo.render.webmap's helpers: every string shown goes through them."""
    p = claim_props(row)
    color = escape(p.get("color", UNATTRIBUTED_COLOR))
    who = p.get("claimant", "")
    if p.get("claimant_surface") and p.get("claimant_surface") != who:
        who = f"{who} (“{p['claimant_surface']}”)"
    items = "".join(f"<li>{escape(n)}</li>" for n in p.get("notes", []))
    links = list(getattr(row, "sentences", None) or [])
    sentence = highlight(links[0]["text"], links[0]["spans"]) if links else escape(p.get("sentence", ""))
    title = escape(p.get("title") or p.get("doc_id") or "")
    return (f'<div class="na-pop na-claim"><div class="na-name" style="border-left:6px solid {color};'
            f'padding-left:6px">{escape(p.get("label", ""))}</div>'
            f'<div class="na-meta">claim · claimant: <b>{escape(who)}</b> · quantity: {escape(p.get("quantity", ""))}'
            f'</div><ol class="na-sents"><li><span class="na-sent">{sentence}</span>'
            f'<span class="na-src">{title}</span></li></ol>'
            f'<div class="na-meta">how it is drawn:</div><ul class="na-notes">{items}</ul></div>')


def claim_tooltip(row: object, escape) -> str:
    """Hover label of a claim: its short name and claimant, escaped."""
    return f"<b>{escape(getattr(row, 'name', ''))}</b> · claim"


def claims_legend_html(layers, escape) -> str:
    """Legend lines: one swatch per claimant colour (empty when the layers hold no claim)."""
    if "claim" not in getattr(layers, "columns", ()):
        return ""
    seen: dict[str, str] = {}
    for value in layers["claim"]:
        if isinstance(value, dict):
            seen.setdefault(value.get("claimant", ""), value.get("color", UNATTRIBUTED_COLOR))
    if not seen:
        return ""
    rows = "".join(f'<div><i class="na-sw" style="background:{escape(color)};opacity:.7"></i>'
                   f"{escape(name)}</div>" for name, color in seen.items())
    return f'<div class="na-lh">Claims, by claimant</div>{rows}'
