"""Choosing the place each recognised span refers to, with general evidence only.

Score of a candidate = prior (kind, population, capital, exact name) + context (its country is named
elsewhere in the article; it lies near the article's other places). One sense per name per article:
every span with the same candidates gets the same place.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from geo.gazetteer.normalize import normalize_name
from geo.gazetteer.store import NAME_ADJECTIVE, NAME_ALTERNATE, NAME_FOLDED, NAME_PRIMARY, NameHit
from geo.geometry.metric import haversine_km, haversine_km_to_many
from geo.model import Candidate, Mention, Place
from geo.nlp.confidence import calibrated, evidence
from geo.nlp.recognize import Span, word_zipf
from geo.vocabulary import (
    CONTAINED_KINDS,
    DEFAULT_PRIOR,
    LOCAL_KINDS,
    NEARBY_EVIDENCE_KINDS,
    PART_PARENT_KINDS,
    SETTLEMENT_KINDS,
    STRONG_KINDS,
    Kind,
    kind_info,
)

COUNTRY_CONTEXT_BONUS = 3.0
#: Share of the country bonus given for one other place of the country, however large the article.
COUNTRY_CONTEXT_FLOOR = 0.25
CAPITAL_BONUS = 1.5
NEARBY_BONUS = 3.0
NEARBY_SCALE_KM = 300.0
MAX_ALTERNATIVES = 8
CITY_OVER_PROVINCE_POPULATION = 10_000
APPOSITION_BONUS = 4.0
#: Two different names of the article with readings this close ("Paris and Henry County": Paris, Tennessee
#: lies in Henry County, Tennessee) support those readings of both. Chosen on the dev corpora from
#: {25, 50} km x {0.75, 1, 2}: the one setting that raised acc@161 on both TR-News and LGL.
CO_LOCATED_KM = 25.0
CO_LOCATED_BONUS = 1.0
#: Two county names of an article with readings this close (their points are centroids, ~40-60 km apart for
#: neighbours) support those readings of both, with CO_LOCATED_BONUS. Chosen on the dev corpora from {50, 70, 90}
#: (LGL +3, +4, +3 mentions; TR-News, which names few counties, unchanged).
NEIGHBOUR_COUNTIES_KM = 70.0
#: Most places of an article used as nearby evidence (the first ones in text order; news names far fewer).
MAX_CONTEXT_POINTS = 500
#: A first-pass reading counts as context only from this confidence. Was 0.5; chosen again on the dev corpora
#: from {0.5, 0.4, 0.3, 0.25, 0.2, 0.1, 0.05, 0} once the province votes came: at 0.5 a two-name article
#: ("Alexandria police ... the Virginia medical examiner") had no context at all, neither leader being sure.
CONTEXT_MIN_CONFIDENCE = 0.1
#: Prior of a settlement: SETTLEMENT_PRIOR_BASE + SETTLEMENT_PRIOR_PER_DECADE * log10(population + 1).
SETTLEMENT_PRIOR_BASE, SETTLEMENT_PRIOR_PER_DECADE = 1.0, 0.9
#: Bonus of a candidate whose name is the surface itself (or its primary name).
EXACT_NAME_BONUS = 1.0
#: Bonus of a town or county inside a province (admin-1) the article names with confidence.
PROVINCE_CONTEXT_BONUS = 1.0
#: Readings of at least this population (or a capital, or a province) keep a name from the province bonus and
#: the province votes. Was 100,000 before the votes; chosen again on the dev corpora from {100k, 250k, 500k, 1M,
#: 3M}: at 100,000 an English Mansfield (172,000) kept every American Mansfield from its state's votes.
WORLD_CITY_POPULATION = 250_000
#: Penalty of a candidate found only by its folded spelling (geo.gazetteer.normalize.fold_spelling).
FOLDED_NAME_PENALTY = 1.0
#: Penalty of a province named after a town it contains ("Kidal", "Gao": the town).
PROVINCE_OF_ITS_TOWN_PENALTY = 2.0
#: Bonus of a reading in the province (admin-1) where the article's other names most likely lie, times the
#: share of those names that lie there (each name votes with its first-pass probabilities). Chosen on the dev
#: corpora from {2, 3, 4, 5, 6}; names with a world-city reading take no part (as for PROVINCE_CONTEXT_BONUS).
PROVINCE_VOTE_BONUS = 5.0
#: The same for the votes of the names of the name's own sentences ("in Huntington ... or in South Charleston":
#: one state holds both).
SENTENCE_VOTE_BONUS = 2.0

#: The countries whose own press writes amounts with a bare currency sign: an article that uses one sign only was
#: most likely written there ("$765,000" in a council report; not "US$", the sign of reports from elsewhere).
CURRENCY_COUNTRIES: dict[str, frozenset[str]] = {
    "$": frozenset({"US", "CA", "AU", "NZ"}),
    "£": frozenset({"GB"}),
    "€": frozenset("AT BE CY DE EE ES FI FR GR HR IE IT LT LU LV MT NL PT SI SK".split()),
}
#: Bonus of a reading in the countries of the article's one currency sign. Chosen on the dev corpora from
#: {0.5, 1, 1.5, 2} (LGL rose with it, TR-News did not move); the smaller of the two best, the evidence being weak.
CURRENCY_BONUS = 1.0


def currency_countries(text: str) -> frozenset[str]:
    """The countries of the one currency sign an article writes amounts in (none when it uses several)."""
    signs = [sign for sign in CURRENCY_COUNTRIES if _bare_sign_in(text, sign)]
    return CURRENCY_COUNTRIES[signs[0]] if len(signs) == 1 else frozenset()


def _bare_sign_in(text: str, sign: str) -> bool:
    """Whether the text writes the sign without letters before it ("$5", not only "US$5")."""
    at = text.find(sign)
    while at >= 0:
        if at == 0 or not text[at - 1].isalpha():
            return True
        at = text.find(sign, at + 1)
    return False


def prior(hit: NameHit, surface: str) -> float:
    """Evidence from the gazetteer alone: kind, population, capital status, exactness of the name."""
    place = hit.place
    if place.kind in SETTLEMENT_KINDS:
        score = SETTLEMENT_PRIOR_BASE + SETTLEMENT_PRIOR_PER_DECADE * math.log10(max(place.population, 0) + 1)
        if place.feature_code == "PPLC":
            score += CAPITAL_BONUS
    else:
        info = kind_info(place.kind)
        score = info.prior if info is not None and info.prior is not None else DEFAULT_PRIOR
    if hit.name_type == NAME_PRIMARY or normalize_name(place.name) == normalize_name(surface):
        score += EXACT_NAME_BONUS
    elif hit.name_type == NAME_FOLDED:
        score -= FOLDED_NAME_PENALTY  # a looser spelling ("Qamishli") yields to a place written as such
    return score


def _sense_key(span: Span) -> tuple:
    return tuple(sorted(h.place.id for h in _usable_hits(span)))


def _usable_hits(span: Span) -> tuple[NameHit, ...]:
    hits = span.hits
    if span.cue == "direction":
        hits = tuple(h for h in hits if h.place.kind in PART_PARENT_KINDS) or hits
    best: dict[str, NameHit] = {}
    for hit in hits:  # one entry per place, with its strongest name type
        if hit.place.id not in best or hit.name_type < best[hit.place.id].name_type:
            best[hit.place.id] = hit
    return tuple(best.values())


class _Context:
    """What the rest of the article says: its countries and the points of its confident places.

    A candidate's nearby evidence is one vectorised pass over the article's first MAX_CONTEXT_POINTS
    confident places (numpy), so resolving costs at most that many distances per candidate.
    """

    def __init__(self, choices: Sequence[tuple[Span, Place, float]], sure_countries: Sequence[str] = (),
                 distinct_places: bool = False, locate: Locate | None = None) -> None:
        self.province_of = _memo_keys(locate)
        self.countries: Counter[str] = Counter()
        self.own_country: dict[int, str] = {}
        #: admin-1 codes ("US-TX") of the article's confident provinces -> the first name naming each
        self.provinces: dict[str, int] = {}
        points: list[tuple[float, float, int, int]] = []
        for index, (_span, place, confidence) in enumerate(choices):
            sure = sure_countries[index] if index < len(sure_countries) else ""
            if confidence < CONTEXT_MIN_CONFIDENCE:
                if sure:  # "Henderson County": five readings, one country
                    self.countries[sure] += 1
                    self.own_country[index] = sure
                continue
            if place.country_code:
                self.countries[place.country_code] += 1
                self.own_country[index] = place.country_code
            if place.kind == Kind.ADMIN1 and place.admin1_code:
                self.provinces.setdefault(place.admin1_code, index)
            if place.kind in NEARBY_EVIDENCE_KINDS and len(points) < MAX_CONTEXT_POINTS:
                points.append((place.lat, place.lon, index, hash(place.id)))
        self.total_countries = sum(self.countries.values())
        self.lats = np.array([p[0] for p in points], dtype=float)
        self.lons = np.array([p[1] for p in points], dtype=float)
        self.indexes = np.array([p[2] for p in points], dtype=int)
        #: Each point's place (hashed id): with ``distinct_places``, a place named twice ("Tombouctou", "la
        #: région de Tombouctou") is no evidence for itself.
        self.place_keys = np.array([p[3] for p in points], dtype=np.int64)
        self.distinct_places = distinct_places
        self._without: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def _others(self, own_index: int) -> tuple[np.ndarray, np.ndarray]:
        """The points of the article's other places (all but the name's own), computed once per name."""
        if own_index not in self._without:
            keep = self.indexes != own_index
            self._without[own_index] = (self.lats[keep], self.lons[keep])
        return self._without[own_index]

    def add_provinces(self, ranked: Sequence[Sequence[Candidate]], silent: Sequence[bool]) -> bool:
        """Count as named the provinces that lead a name only after the context was weighed ("Georgia", first
        the country, is the state in an article of Georgia's towns); whether any was new."""
        added = False
        for index, cands in enumerate(ranked):
            lead = cands[0].place if cands else None
            if (lead is None or silent[index] or lead.kind != Kind.ADMIN1 or not lead.admin1_code
                    or lead.admin1_code in self.provinces):
                continue
            if _softmax_top([c.score for c in cands]) >= CONTEXT_MIN_CONFIDENCE:
                self.provinces[lead.admin1_code] = index
                added = True
        return added

    def in_named_province(self, place: Place, own_index: int) -> bool:
        """Whether a town or county lies in a province the article names ("Williston ... Florida")."""
        if place.kind not in CONTAINED_KINDS or not place.admin1_code:
            return False
        named = self.provinces.get(self.province_of(place))
        return named is not None and named != own_index

    def score(self, place: Place, own_index: int) -> float:
        bonus = 0.0
        others = self.countries[place.country_code] - (self.own_country.get(own_index) == place.country_code)
        if place.country_code and others > 0:
            total = self.total_countries - (own_index in self.own_country)
            # full weight when the country holds half of the article's other places or more
            bonus += COUNTRY_CONTEXT_BONUS * min(1.0, COUNTRY_CONTEXT_FLOOR + others / max(total, 1))
        if place.kind in NEARBY_EVIDENCE_KINDS and len(self.indexes):
            if self.distinct_places:
                keep = (self.indexes != own_index) & (self.place_keys != hash(place.id))
                lats, lons = self.lats[keep], self.lons[keep]
            else:
                lats, lons = self._others(own_index)
            if len(lats):
                distances = haversine_km_to_many(place.lat, place.lon, lats, lons)
                closeness = np.exp(-distances / NEARBY_SCALE_KM)
                # how much of the rest of the article lies near this candidate: the nearest place counts
                # half, the share of all places the other half (one byline town does not move a capital)
                bonus += NEARBY_BONUS * (float(closeness.max()) + float(closeness.sum()) / len(closeness)) / 2
        return bonus


def _contains(area: Place, place: Place) -> bool:
    """Whether a country or admin-1 unit holds a town, by codes (no geometry needed)."""
    if area.country_code != place.country_code or place.kind not in CONTAINED_KINDS:
        return False
    if area.kind == Kind.COUNTRY:
        return True
    return area.kind == Kind.ADMIN1 and bool(place.admin1_code) and area.admin1_code.endswith("-" + place.admin1_code)


def _apposition_bonuses(text: str, spans: Sequence[Span], keys: list[tuple],
                        shape_contains: Callable[[Place, Place], bool] | None = None) -> dict[tuple[int, str], float]:
    """"Savannah, Georgia", "Paris, Texas", "Lexington, Ky.": a town followed by a comma and an area
    that contains it supports that reading of both names."""
    index_of = {key: i for i, key in enumerate(keys)}
    bonus: dict[tuple[int, str], float] = {}
    for left, right in itertools.pairwise(spans):
        if left.sentence != right.sentence or not re.fullmatch(r",\s*", text[left.end : right.start]):
            continue
        for town in _usable_hits(left):
            for area in _usable_hits(right):
                if _contains(area.place, town.place) or (
                    shape_contains is not None and _codes_differ(area.place, town.place)
                    and shape_contains(area.place, town.place)
                ):
                    bonus[(index_of[_sense_key(left)], town.place.id)] = APPOSITION_BONUS
                    bonus[(index_of[_sense_key(right)], area.place.id)] = APPOSITION_BONUS
    return bonus


#: After a name, an office or body of a state or province ("New York Gov. Hochul", "the Manitoba Legislature",
#: "Alberta's premier"): the name's province (or country) reading.
_AREA_OFFICE = re.compile(
    r"(?:['’]s)?\s+(?:Lt\.\s+)?(?:Gov\.|Governor|[Ll]egislature|General Assembly|State Senate|[Pp]remier|"
    r"[Ss]tatehouse|[Gg]overnment)(?![\w-])")
#: After a name, an office or body of a town ("Fresno Mayor", "the Leeds city council"): the town reading.
_TOWN_OFFICE = re.compile(r"(?:['’]s)?\s+(?:Deputy\s+)?(?:[Mm]ayor|[Cc]ity\s+[Cc]ouncil|[Cc]ity\s+[Hh]all)(?![\w-])")
#: Bonus of the reading such an office names.
OFFICE_BONUS = 3.0


def _office_bonuses(text: str, spans: Sequence[Span], keys: list[tuple]) -> dict[tuple[int, str], float]:
    """"New York Gov." names the state, "New York Mayor" the city: readings of that kind of the name."""
    index_of = {key: i for i, key in enumerate(keys)}
    bonus: dict[tuple[int, str], float] = {}
    for span in spans:
        if span.cue == "direction":
            continue
        if _AREA_OFFICE.match(text, span.end):
            kinds: frozenset[str] = frozenset({Kind.ADMIN1, Kind.COUNTRY})
        elif _TOWN_OFFICE.match(text, span.end):
            kinds = SETTLEMENT_KINDS
        else:
            continue
        hits = _usable_hits(span)
        if any(h.place.kind in kinds for h in hits) and any(h.place.kind not in kinds for h in hits):
            for hit in hits:
                if hit.place.kind in kinds:
                    bonus[(index_of[_sense_key(span)], hit.place.id)] = OFFICE_BONUS
    return bonus


def _codes_differ(area: Place, place: Place) -> bool:
    """A province and a town of one country whose codes follow different schemes (Natural Earth's ISO 3166-2
    "CA-ON" against GeoNames' "08"), so that only the shape can say whether it holds the town."""
    return (area.kind == Kind.ADMIN1 and place.kind in CONTAINED_KINDS and area.country_code == place.country_code
            and bool(place.admin1_code) and not area.admin1_code.endswith("-" + place.admin1_code))


def _colocation_bonuses(hits_by_group: Sequence[Sequence[NameHit]]) -> dict[tuple[int, str], float]:
    """A town or county reading of one name that lies within CO_LOCATED_KM of a reading of another name; a
    county reading within NEIGHBOUR_COUNTIES_KM of another name's county reading ("Henry County and Washington
    County": the two that border each other)."""
    local = [(g, h.place) for g, hits in enumerate(hits_by_group) for h in hits if h.place.kind in LOCAL_KINDS]
    bonus = dict.fromkeys(_near_other_names(local, CO_LOCATED_KM), CO_LOCATED_BONUS)
    counties = [(g, place) for g, place in local if place.kind == Kind.COUNTY]
    bonus.update(dict.fromkeys(_near_other_names(counties, NEIGHBOUR_COUNTIES_KM), CO_LOCATED_BONUS))
    return bonus


def _near_other_names(readings: Sequence[tuple[int, Place]], km: float) -> set[tuple[int, str]]:
    """(name, place id) of the readings that lie within ``km`` of a reading of another name (a grid of cells)."""
    if km <= 0 or len({group for group, _place in readings}) < 2:
        return set()
    cell = km / 111.0  # degrees of latitude; a degree of longitude shrinks with latitude, so
    # three cells either side are searched (enough up to 70 degrees north or south)
    grid: dict[tuple[int, int], list[tuple[int, Place]]] = {}
    for group, place in readings:
        grid.setdefault((int(place.lat // cell), int(place.lon // cell)), []).append((group, place))
    near: set[tuple[int, str]] = set()
    for (row, col), members in grid.items():
        nearby = [m for dr in (-1, 0, 1) for dc in range(-3, 4) for m in grid.get((row + dr, col + dc), ())]
        for group, place in members:
            if any(other != group and haversine_km(place.lat, place.lon, o.lat, o.lon) <= km for other, o in nearby):
                near.add((group, place.id))
    return near


#: Where a town or county lies: the ISO 3166-2 code of its admin-1 unit ("CA-ON"), "" when unknown.
Locate = Callable[[Place], str]


def _memo_keys(locate: Locate | None) -> Locate:
    """``_province_key`` with ``locate``, remembered per place for one article (the passes ask again and again)."""
    keys: dict[str, str] = {}

    def key(place: Place) -> str:
        if place.id not in keys:
            keys[place.id] = _province_key(place, locate)
        return keys[place.id]

    return key


def _province_key(place: Place, locate: Locate | None = None) -> str:
    """The admin-1 unit a place lies in or is ("US-TX"), "" for countries, regions and unplaced towns. A town's
    GeoNames code with a digit ("08" in Canada) is no province's code ("CA-ON"): ``locate`` finds the province it
    lies in (codes of letters are ISO codes already, "TX", or coarser units kept as they are, "ENG")."""
    if place.kind == Kind.ADMIN1:
        return place.admin1_code
    if place.kind in CONTAINED_KINDS and place.admin1_code and place.country_code:
        located = locate(place) if locate is not None and not place.admin1_code.isalpha() else ""
        return located or f"{place.country_code}-{place.admin1_code}"
    return ""


class _ProvinceVotes:
    """Where the article's names lie, province by province: each name spreads one vote over the provinces of
    its readings by their first-pass probabilities ("Mansfield", "Shreveport" and "DeSoto" all have readings in
    Louisiana; only some have readings in Texas). A name's reading then gets the share of the *other* names'
    votes that its province holds: local news names several places of one state without naming the state."""

    def __init__(self, ranked: Sequence[Sequence[Candidate]], locate: Locate | None = None) -> None:
        self.province_of = _memo_keys(locate)
        self.votes: list[dict[str, float]] = []
        self.totals: Counter[str] = Counter()
        for cands in ranked:
            if not cands:
                self.votes.append({})
                continue
            top = cands[0].score
            weights = [math.exp(c.score - top) for c in cands]
            total = sum(weights)
            vote: dict[str, float] = {}
            for cand, weight in zip(cands, weights, strict=True):
                key = self.province_of(cand.place)
                if key:
                    vote[key] = vote.get(key, 0.0) + weight / total
            self.votes.append(vote)
            self.totals.update(vote)
        self.voters = len(ranked)
        self.mass = [sum(v.values()) for v in self.votes]
        self.total_mass = sum(self.mass)

    def share(self, place: Place, own_index: int) -> float:
        """The other names' votes for this reading's province, as a share of their votes for provinces."""
        key = self.province_of(place)
        if not key or self.voters < 2:
            return 0.0
        others = self.totals[key] - self.votes[own_index].get(key, 0.0)
        # a share of the other names' votes cast for provinces at all (countries and regions cast none)
        return others / max(self.total_mass - self.mass[own_index], 1.0)

    def share_among(self, place: Place, neighbours: Sequence[int]) -> float:
        """The same share among some names only (those of the name's own sentences)."""
        key = self.province_of(place)
        if not key or not neighbours:
            return 0.0
        mass = sum(self.mass[n] for n in neighbours)
        return sum(self.votes[n].get(key, 0.0) for n in neighbours) / max(mass, 1.0)


def _prominent(place: Place) -> bool:
    """A capital, a city of WORLD_CITY_POPULATION, a province or a country."""
    return place.feature_code == "PPLC" or place.population >= WORLD_CITY_POPULATION or place.kind in STRONG_KINDS


def _vote_takers(hits: Sequence[NameHit], world_city: bool) -> set[str] | None:
    """The readings of a name that take the province votes: all of them (None), or for a name with a world-city
    reading (kept from its small namesakes' votes) its provinces, which the votes support only when the article's other
    names lie in them ("Ontario" beside Woodstock and Tillsonburg, not Ontario, California) -- unless the name also
    reads as a town of that country, which the votes cannot tell from its province ("Beirut", "Québec",
    "Tombouctou")."""
    if not world_city:
        return None
    city_countries = {h.place.country_code for h in hits if h.place.kind in SETTLEMENT_KINDS}
    return {h.place.id for h in hits if h.place.kind == Kind.ADMIN1 and h.place.country_code not in city_countries}


def _echoes(keys: Sequence[tuple], surfaces: Sequence[str]) -> list[bool]:
    """For each name (its sorted reading ids, its surface), whether it is a longer form of another name of the
    article that has all its readings and more ("Dublin City" of "Dublin City Council" beside "Dublin"): the
    same place named again, no evidence of its own about where the article is. (A demonym, "Russian" beside
    "Russia", is a name of its own: it stays evidence.)"""
    holders: dict[str, set[int]] = {}
    for index, key in enumerate(keys):
        for place_id in key:
            holders.setdefault(place_id, set()).add(index)
    words = [normalize_name(s) for s in surfaces]
    out = []
    for index, key in enumerate(keys):
        common = set.intersection(*(holders[p] for p in key)) if key else set()
        out.append(any(len(keys[other]) > len(key) and words[index].startswith(words[other] + " ")
                       for other in common - {index}))
    return out


def _one_country(candidates: Sequence[Candidate]) -> str:
    """The country every candidate of a name lies in, "" when they differ or one has none."""
    codes = {c.place.country_code for c in candidates}
    return codes.pop() if len(codes) == 1 else ""


def _softmax_top(scores: list[float]) -> float:
    top = max(scores)
    weights = [math.exp(s - top) for s in scores]
    return 1.0 / sum(weights)


def resolve(
    text: str,
    spans: Sequence[Span],
    *,
    make_part: Callable[[Place, str], Place],
    contains: Callable[[Place, Place], bool],
    distinct_places: bool = False,
    locate: Locate | None = None,
) -> list[Mention]:
    """Pick a place for every span.

    ``make_part`` turns (area, direction) into the directional part; ``contains(area, place)`` says
    whether an area's shape holds a place's point. ``distinct_places``: a place named twice is no nearby
    evidence for itself (French; off for English, where it moved LGL's e2e acc@161 from .745 to .744).
    ``locate`` gives the province a town lies in when its own code follows another scheme (see ``Locate``).
    """
    paid_in = currency_countries(text)
    groups: dict[tuple, list[int]] = {}
    for i, span in enumerate(spans):
        groups.setdefault(_sense_key(span), []).append(i)

    pair_bonus = _apposition_bonuses(text, spans, list(groups), contains)
    office = _office_bonuses(text, spans, list(groups))
    by_sentence: dict[int, set[int]] = {}
    for group_index, members in enumerate(groups.values()):
        for i in members:
            by_sentence.setdefault(spans[i].sentence, set()).add(group_index)
    neighbours = [sorted({n for i in members for n in by_sentence[spans[i].sentence]} - {group_index})
                  for group_index, members in enumerate(groups.values())]
    group_hits = [_usable_hits(spans[members[0]]) for members in groups.values()]
    colocated = _colocation_bonuses(group_hits)
    # a capital, a city of 250,000 or a province among the readings: a province named elsewhere does not pull the
    # name to a small namesake ("Paris", "Atlanta", "Nevada" in an article that also names Texas)
    world_cities = [any(_prominent(h.place) for h in hits) for hits in group_hits]
    takers = [_vote_takers(hits, world_city) for hits, world_city in zip(group_hits, world_cities, strict=True)]

    def rank(context: _Context | None, votes: _ProvinceVotes | None = None) -> dict[tuple, list[Candidate]]:
        ranked = {}
        for group_index, (key, members) in enumerate(groups.items()):
            span = spans[members[0]]
            cands = []
            hits, world_city = group_hits[group_index], world_cities[group_index]
            towns = [  # with the name type it is named by here: a town named by its primary name, or by the
                # same kind of name as the province ("Tombouctou", an alternate name of both)
                (h.place, h.name_type) for h in hits
                if h.place.kind in SETTLEMENT_KINDS and h.name_type in (NAME_PRIMARY, NAME_ALTERNATE)
                and h.place.population >= CITY_OVER_PROVINCE_POPULATION
            ]
            base: list[float] = []
            for hit in hits:
                score = prior(hit, span.text) + pair_bonus.get((group_index, hit.place.id), 0.0)
                score += colocated.get((group_index, hit.place.id), 0.0) + office.get((group_index, hit.place.id), 0.0)
                if hit.place.kind == Kind.ADMIN1 and any(
                    contains(hit.place, town) for town, town_type in towns
                    if town_type == NAME_PRIMARY or town_type <= hit.name_type
                ):
                    score -= PROVINCE_OF_ITS_TOWN_PENALTY  # "Kidal", "Gao": a province named after its own town
                if context is not None:
                    score += context.score(hit.place, group_index)
                base.append(score)
            # a world city keeps its namesakes from a province the article names only while it leads on the
            # other evidence; one that already lost to them ("Plymouth ... Massachusetts" in an American article)
            # leaves them to that province. (The province votes, weaker evidence, stay kept from all its names.)
            leader = hits[max(range(len(hits)), key=base.__getitem__)].place if hits else None
            named_province_ok = not world_city or (leader is not None and not _prominent(leader))
            voting = takers[group_index]
            for hit, score in zip(hits, base, strict=True):
                if context is not None and named_province_ok and context.in_named_province(hit.place, group_index):
                    score += PROVINCE_CONTEXT_BONUS  # "Williston ... Florida": the Williston in Florida
                if votes is not None and (voting is None or hit.place.id in voting):
                    score += PROVINCE_VOTE_BONUS * votes.share(hit.place, group_index)
                    score += SENTENCE_VOTE_BONUS * votes.share_among(hit.place, neighbours[group_index])
                if paid_in and hit.place.country_code in paid_in:
                    score += CURRENCY_BONUS  # "$765,000": an American, Canadian, Australian or New Zealand paper
                cands.append(Candidate(hit.place, score))
            ranked[key] = sorted(cands, key=lambda c: (-c.score, c.place.id))
        return ranked

    first = rank(None)
    keys = list(groups)
    echo = _echoes(keys, [spans[groups[k][0]].text for k in keys])
    context = _Context(
        [(spans[groups[k][0]], first[k][0].place, -1.0 if silent else _softmax_top([c.score for c in first[k]]))
         for k, silent in zip(keys, echo, strict=True)],
        ["" if silent else _one_country(first[k]) for k, silent in zip(keys, echo, strict=True)],
        distinct_places,
        locate,
    )
    votes = _ProvinceVotes([[] if silent else first[k] for k, silent in zip(keys, echo, strict=True)], locate)
    final = rank(context, votes)
    if context.add_provinces([final[k] for k in keys], echo):  # "Georgia": the country first, the state now
        final = rank(context, votes)
    mentions = []
    for key, members in groups.items():
        cands = final[key]
        share = _softmax_top([c.score for c in cands])
        margin = cands[0].score - cands[1].score if len(cands) > 1 else None
        name_types = {h.place.id: h.name_type for h in _usable_hits(spans[members[0]])}
        judged: dict[tuple, tuple[tuple[float, ...], float]] = {}
        for i in members:
            span = spans[i]
            place = cands[0].place
            if span.cue == "direction" and place.kind in PART_PARENT_KINDS:
                place = make_part(place, span.direction)
            key_of_member = (place.id, span.cue, span.embedded, span.text)
            if key_of_member not in judged:  # mentions of one name in one way share their evidence
                seen = evidence(place, share=share, margin=margin, mentions=len(members), cue=span.cue,
                                name_type=name_types.get(cands[0].place.id, NAME_PRIMARY), embedded=span.embedded,
                                zipf=word_zipf(span.text) if " " not in span.text else 0.0)
                judged[key_of_member] = (seen, calibrated(seen))
            seen, confidence = judged[key_of_member]
            mentions.append(
                Mention(
                    start=span.start,
                    end=span.end,
                    text=span.text,
                    sentence=span.sentence,
                    place=place,
                    confidence=confidence,
                    alternatives=tuple(cands[:MAX_ALTERNATIVES]),
                    cue="demonym"
                    if any(h.name_type == NAME_ADJECTIVE for h in span.hits) and span.cue == "adjective"
                    else span.cue,
                    evidence=seen,
                )
            )
    return sorted(mentions, key=lambda m: m.start)
