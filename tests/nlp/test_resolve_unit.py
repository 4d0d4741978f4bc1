"""geo.nlp.resolve on a fixture gazetteer built in the test: priors, context, one sense per name."""

from __future__ import annotations

import pytest

from geo.model import Place
from geo.nlp.recognize import recognize
from geo.nlp.resolve import prior, resolve
from geo.text.document import make_document
from tests.fixture_gazetteer import sahel_gazetteer


def _part(area: Place, direction: str) -> Place:
    return Place(f"part:{direction}:{area.id}", f"{direction} {area.name}", "part", area.country_code, area.lat,
                 area.lon)


def _contains(area: Place, place: Place) -> bool:
    return area.country_code == place.country_code


def resolved(text: str) -> dict[str, str]:
    """Surface -> chosen place id for every mention of ``text``."""
    doc = make_document(text)
    mentions = resolve(text, recognize(doc, sahel_gazetteer()), make_part=_part, contains=_contains)
    return {m.text: m.place.id for m in mentions}


def test_capital_and_population_win_without_context() -> None:
    assert resolved("Talks opened in Paris on Monday.")["Paris"] == "gn:2988507"


def test_apposition_and_nearby_places_choose_the_small_town() -> None:
    assert resolved("A storm hit Paris, Texas, on Monday.")["Paris"] == "gn:4717560"
    assert resolved("Storms hit Dallas before they reached Paris.")["Paris"] == "gn:4717560"


def test_town_beats_the_province_named_after_it() -> None:
    assert resolved("Soldiers entered Gao after a week.")["Gao"] == "gn:2457163"


def test_one_sense_per_name_per_article() -> None:
    doc = make_document("Dallas and Paris met. Then Paris answered.")
    mentions = resolve(doc.text, recognize(doc, sahel_gazetteer()), make_part=_part, contains=_contains)
    assert {m.place.id for m in mentions if m.text == "Paris"} == {"gn:4717560"}


def test_directional_part_is_made_from_the_area() -> None:
    assert resolved("Attacks went on in northern Mali.")["northern Mali"] == "part:north:country:ML"


def test_confidence_and_alternatives() -> None:
    doc = make_document("Talks opened in Paris.")
    (mention,) = resolve(doc.text, recognize(doc, sahel_gazetteer()), make_part=_part, contains=_contains)
    assert 0.5 < mention.confidence <= 1.0
    assert [c.place.id for c in mention.alternatives] == ["gn:2988507", "gn:4717560"]


def test_prior_is_finite_for_any_population() -> None:
    from geo.gazetteer.store import NAME_PRIMARY, NameHit

    odd = Place("gn:x", "X", "town", "ML", 0.0, 0.0, population=-1)
    assert prior(NameHit(odd, NAME_PRIMARY), "X") > 0


def _town(pid: str, name: str, state: str, lat: float, lon: float, population: int) -> Place:
    return Place(pid, name, "town", "US", lat, lon, population=population, admin1_code=state, feature_code="PPL")


def _spans_of(text: str, readings: dict[str, list[Place]]) -> list:
    from geo.gazetteer.store import NAME_PRIMARY, NameHit
    from geo.nlp.recognize import Span

    return [Span(text.index(name), text.index(name) + len(name), name, 0,
                 tuple(NameHit(p, NAME_PRIMARY) for p in places)) for name, places in readings.items()]


def test_the_province_most_other_names_lie_in_wins_an_ambiguous_town(monkeypatch) -> None:
    """Local news names several towns of one state without the state: "Millbrook" (invented names, two
    states, the bigger one far from the others) goes where "Oakdale" and "Pine Ridge" most likely lie."""
    import geo.nlp.resolve as resolve_module

    text = "Buses from Millbrook, Oakdale and Pine Ridge were late."
    readings = {
        "Millbrook": [_town("t:mA", "Millbrook", "AA", 45.0, -97.0, 30_000),
                      _town("t:mB", "Millbrook", "BB", 35.0, -97.0, 5_000)],
        "Oakdale": [_town("t:oB", "Oakdale", "BB", 40.0, -100.0, 3_000),
                    _town("t:oC", "Oakdale", "CC", 30.0, -80.0, 2_000)],
        "Pine Ridge": [_town("t:pB", "Pine Ridge", "BB", 40.0, -94.0, 2_000)],
    }

    def chosen() -> str:
        mentions = resolve(text, _spans_of(text, readings), make_part=_part, contains=_contains)
        return next(m.place.id for m in mentions if m.text == "Millbrook")

    assert chosen() == "t:mB"
    monkeypatch.setattr(resolve_module, "PROVINCE_VOTE_BONUS", 0.0)
    assert chosen() == "t:mB"  # the names share a sentence: its own votes decide too
    monkeypatch.setattr(resolve_module, "SENTENCE_VOTE_BONUS", 0.0)
    assert chosen() == "t:mA"  # the bigger namesake without the votes


def test_province_votes_are_shares_of_the_other_names_province_votes() -> None:
    from geo.model import Candidate
    from geo.nlp.resolve import _ProvinceVotes

    country = Place("country:ZZ", "Zedland", "country", "ZZ", 0.0, 0.0)
    votes = _ProvinceVotes([
        [Candidate(_town("a", "A", "BB", 0, 0, 1), 5.0)],
        [Candidate(_town("b", "B", "BB", 0, 0, 1), 5.0), Candidate(_town("c", "B", "CC", 0, 0, 1), 5.0)],
        [Candidate(country, 9.0)],  # a country casts no province vote
    ])
    assert votes.share(_town("x", "X", "BB", 0, 0, 1), 0) == 0.5
    assert votes.share(_town("x", "X", "BB", 0, 0, 1), 1) == 1.0
    assert votes.share(country, 0) == 0.0


def test_the_names_of_ones_own_sentence_vote_more(monkeypatch) -> None:
    """Two names in one sentence with one state in common go there (invented names; the article's other
    names, in a fourth state, are left out of the whole-article vote here to show the sentence's own)."""
    import geo.nlp.resolve as resolve_module

    text = "Clinics in Elmwood or in Riverbend took calls. Hollis and Dunmore and Kesterton said so."
    readings = {
        "Elmwood": [_town("t:eA", "Elmwood", "AA", 45.0, -97.0, 9_000),
                    _town("t:eB", "Elmwood", "BB", 35.0, -80.0, 6_000)],
        "Riverbend": [_town("t:rB", "Riverbend", "BB", 30.0, -100.0, 5_000),
                      _town("t:rC", "Riverbend", "CC", 25.0, -70.0, 6_000)],
        "Hollis": [_town("t:h", "Hollis", "DD", 40.0, -120.0, 2_000)],
        "Dunmore": [_town("t:d", "Dunmore", "DD", 41.0, -121.0, 2_000)],
        "Kesterton": [_town("t:k", "Kesterton", "DD", 42.0, -119.0, 2_000)],
    }

    def chosen() -> tuple[str, str]:
        found = {m.text: m.place.id for m in resolve(text, _spans_of(text, readings), make_part=_part,
                                                     contains=_contains)}
        return found["Elmwood"], found["Riverbend"]

    monkeypatch.setattr(resolve_module, "PROVINCE_VOTE_BONUS", 0.0)
    assert chosen() == ("t:eB", "t:rB")
    monkeypatch.setattr(resolve_module, "SENTENCE_VOTE_BONUS", 0.0)
    assert chosen() == ("t:eA", "t:rC")  # the bigger namesakes


def _city_and_state(name: str) -> list[Place]:
    return [Place(f"t:{name}:city", name, "city", "US", 40.0, -75.0, population=900_000, admin1_code="ZZ",
                  feature_code="PPL"),
            Place(f"t:{name}:state", name, "admin1", "US", 43.0, -75.0, admin1_code="US-ZZ", feature_code="ADM1")]


@pytest.mark.parametrize("text, kind", [
    ("Former Marlow Gov. Jane Roe spoke.", "admin1"),
    ("The Marlow Legislature met on Monday.", "admin1"),
    ("Marlow's premier resigned.", "admin1"),
    ("Marlow Mayor Jane Roe spoke.", "city"),
    ("The Marlow city council voted.", "city"),
])
def test_an_office_after_a_name_chooses_the_state_or_the_town(text: str, kind: str) -> None:
    """(An invented name that is both a big city and its state.)"""
    mentions = resolve(text, _spans_of(text, {"Marlow": _city_and_state("Marlow")}), make_part=_part,
                       contains=_contains)
    assert mentions[0].place.kind == kind


def test_a_name_whose_readings_another_name_has_is_no_evidence_of_its_own() -> None:
    """"Marlow City Council" beside "Marlow" (invented): "Marlow City", an alternate name of a foreign capital
    only, names the same place as "Marlow" and must not pull it abroad; the nearby towns decide."""
    from geo.nlp.resolve import _echoes

    capital = Place("t:cap", "Marlow", "city", "XX", 50.0, 10.0, population=1_500_000, feature_code="PPLC")
    town = _town("t:town", "Marlow", "OH", 40.1, -83.1, 40_000)
    text = "Marlow City Council met. Marlow police, Brenton and Kelby officials spoke."
    readings = {
        "Marlow City": [capital],
        "Marlow": [capital, town],
        "Brenton": [_town("t:b", "Brenton", "OH", 40.0, -83.0, 900_000)],
        "Kelby": [_town("t:k", "Kelby", "OH", 39.9, -83.0, 20_000)],
    }
    spans = _spans_of(text, readings)
    spans[1] = type(spans[1])(text.index("Marlow police"), text.index("Marlow police") + 6, "Marlow", 1,
                              spans[1].hits)
    found = {m.text: m.place.id for m in resolve(text, spans, make_part=_part, contains=_contains)}
    assert found["Marlow"] == "t:town"
    assert _echoes([("t:cap",), ("t:cap", "t:town"), ("t:b",)], ["Marlow City", "Marlow", "Brenton"]) == [
        True, False, False]
    assert _echoes([("t:cap",), ("t:cap", "t:town")], ["Marlovian", "Marlow"]) == [False, False]  # a demonym


def test_a_mid_sized_foreign_namesake_does_not_keep_a_town_from_its_states_votes(monkeypatch) -> None:
    """"Harwell" (invented) is also a foreign town of 180,000: the article's other names, all in one state,
    still bring the Harwell of that state (the exemption is for world cities of 250,000 and more)."""
    import geo.nlp.resolve as resolve_module

    text = "The Harwell police chief met officers from Tully and Brisco."
    readings = {
        "Harwell": [Place("t:gb", "Harwell", "city", "GB", 53.0, -1.0, population=180_000, admin1_code="ENG"),
                    _town("t:tx", "Harwell", "TX", 32.5, -97.0, 60_000),
                    _town("t:la", "Harwell", "LA", 32.0, -93.7, 5_000)],
        "Tully": [_town("t:t", "Tully", "LA", 30.5, -91.0, 3_000)],
        "Brisco": [_town("t:b", "Brisco", "LA", 29.9, -90.0, 3_000)],
    }

    def chosen() -> str:
        return resolve(text, _spans_of(text, readings), make_part=_part, contains=_contains)[0].place.id

    assert chosen() == "t:la"
    monkeypatch.setattr(resolve_module, "WORLD_CITY_POPULATION", 100_000)
    assert chosen() != "t:la"


def test_a_world_city_that_already_lost_leaves_its_namesakes_to_the_named_province(monkeypatch) -> None:
    """"Harbury" (invented) is a foreign city of 300,000 and two American towns; the article is American and
    names the state of the smaller town: that town, though a world city kept them from the named province
    while it led."""
    import geo.nlp.resolve as resolve_module

    text = "Settlers landed at Harbury. Later the Mayland governor came."
    readings = {
        "Harbury": [Place("t:far", "Harbury", "city", "GB", 50.4, -4.1, population=300_000, admin1_code="ENG"),
                    _town("t:a", "Harbury", "AA", 41.7, -73.0, 12_000),
                    _town("t:b", "Harbury", "MB", 41.9, -70.7, 7_500)],
        "Mayland": [Place("t:mb", "Mayland", "admin1", "US", 42.3, -71.8, admin1_code="US-MB", feature_code="ADM1")],
    }
    monkeypatch.setattr(resolve_module, "PROVINCE_VOTE_BONUS", 0.0)  # the named province alone decides
    monkeypatch.setattr(resolve_module, "SENTENCE_VOTE_BONUS", 0.0)
    found = {m.text: m.place.id for m in resolve(text, _spans_of(text, readings), make_part=_part,
                                                 contains=_contains)}
    assert found["Harbury"] == "t:b"
    monkeypatch.setattr(resolve_module, "_prominent", lambda place: True)  # as if the world city still led
    found = {m.text: m.place.id for m in resolve(text, _spans_of(text, readings), make_part=_part,
                                                 contains=_contains)}
    assert found["Harbury"] != "t:b"


def test_a_two_name_article_uses_its_unsure_leaders_as_context(monkeypatch) -> None:
    """"Harwick police ... the Morland medical examiner" (invented): neither name's first reading is sure
    (Morland is also a foreign city and two towns), yet the state leads Morland and brings Harwick home."""
    import geo.nlp.resolve as resolve_module

    text = "Harwick police found the car. The Morland medical examiner said so."
    readings = {
        "Harwick": [Place("t:eg", "Harwick", "city", "EG", 31.2, 29.9, population=5_000_000, admin1_code="06"),
                    _town("t:mb", "Harwick", "MB", 38.8, -77.1, 150_000),
                    _town("t:zz", "Harwick", "ZZ", 31.3, -92.4, 48_000)],
        "Morland": [Place("t:st", "Morland", "admin1", "US", 37.5, -78.8, admin1_code="US-MB", feature_code="ADM1"),
                    Place("t:za", "Morland", "city", "ZA", -28.5, 26.8, population=120_000, admin1_code="03"),
                    _town("t:m1", "Morland", "QQ", 47.5, -92.5, 8_500),
                    _town("t:m2", "Morland", "RR", 45.0, -100.0, 8_000),
                    _town("t:m3", "Morland", "SS", 35.0, -110.0, 8_000),
                    _town("t:m4", "Morland", "TT", 33.0, -85.0, 8_000),
                    _town("t:m5", "Morland", "UU", 44.0, -70.0, 8_000),
                    _town("t:m6", "Morland", "VV", 47.0, -120.0, 8_000)],
    }

    def chosen() -> str:
        return resolve(text, _spans_of(text, readings), make_part=_part, contains=_contains)[0].place.id

    monkeypatch.setattr(resolve_module, "PROVINCE_VOTE_BONUS", 0.0)  # (the votes alone would do it too)
    monkeypatch.setattr(resolve_module, "SENTENCE_VOTE_BONUS", 0.0)
    assert chosen() == "t:mb"
    monkeypatch.setattr(resolve_module, "CONTEXT_MIN_CONFIDENCE", 0.5)
    assert chosen() == "t:eg"


def test_a_province_that_leads_only_after_the_context_still_counts_as_named(monkeypatch) -> None:
    """"Varlonia" (invented) is first a country, then, beside an American town, the American state: the town's
    reading in that state then gets the named province's bonus, as if the state had led from the start."""
    import geo.nlp.resolve as resolve_module

    monkeypatch.setattr(resolve_module, "PROVINCE_VOTE_BONUS", 0.0)
    monkeypatch.setattr(resolve_module, "SENTENCE_VOTE_BONUS", 0.0)
    text = "Brackton firefighters were sent to help. Varlonia paid."
    readings = {
        "Brackton": [_town("t:bQ", "Brackton", "QQ", 45.0, -97.0, 12_000),
                     _town("t:bV", "Brackton", "VR", 35.0, -80.0, 6_000)],
        "Varlonia": [Place("country:VL", "Varlonia", "country", "VL", 10.0, 20.0, feature_code="PCLI"),
                     Place("admin1:US-VR", "Varlonia", "admin1", "US", 36.0, -81.0, admin1_code="US-VR")],
    }
    found = {m.text: m.place.id for m in resolve(text, _spans_of(text, readings), make_part=_part,
                                                 contains=_contains)}
    assert found == {"Brackton": "t:bV", "Varlonia": "admin1:US-VR"}


def test_provinces_added_after_the_context_only_once_and_only_leaders() -> None:
    from geo.model import Candidate
    from geo.nlp.resolve import _Context

    state = Place("admin1:US-VR", "Varlonia", "admin1", "US", 36.0, -81.0, admin1_code="US-VR")
    town = _town("t:b", "Brackton", "VR", 35.0, -80.0, 6_000)
    context = _Context([])
    assert context.add_provinces([[Candidate(state, 9.0)], [Candidate(town, 5.0)]], [False, False])
    assert context.provinces == {"US-VR": 0}
    assert not context.add_provinces([[Candidate(state, 9.0)]], [False])  # already named
    other = Place("admin1:US-QQ", "Quill", "admin1", "US", 40.0, -90.0, admin1_code="US-QQ")
    assert not _Context([]).add_provinces([[Candidate(other, 9.0)]], [True])  # an echo names nothing new


@pytest.mark.parametrize("text, countries", [
    ("The council approved $765,000 for parking.", {"US", "CA", "AU", "NZ"}),
    ("Tickets cost £12 and the roof £2m.", {"GB"}),
    ("A loan of US$2 billion was signed.", set()),  # the sign of reports from elsewhere
    ("It cost $5 here and £4 there.", set()),  # two signs: no one country
    ("No money was mentioned.", set()),
])
def test_an_articles_one_currency_sign_gives_its_countries(text: str, countries: set[str]) -> None:
    from geo.nlp.resolve import currency_countries

    assert currency_countries(text) == countries


@pytest.mark.parametrize("amount, chosen", [("$40,000", "t:kUS"), ("£40,000", "t:kGB"), ("40,000", "t:kGB")])
def test_the_currency_sign_chooses_between_namesakes_of_like_size(amount: str, chosen: str) -> None:
    """"Kelverton" (invented): an English town a little bigger than an American one."""
    text = f"Kelverton council spent {amount} on the park."
    readings = {"Kelverton": [Place("t:kGB", "Kelverton", "town", "GB", 52.0, -1.0, population=30_000),
                              _town("t:kUS", "Kelverton", "OH", 40.0, -83.0, 20_000)]}
    (mention,) = resolve(text, _spans_of(text, readings), make_part=_part, contains=_contains)
    assert mention.place.id == chosen


def test_a_town_coded_in_another_scheme_lies_in_the_province_its_point_is_in() -> None:
    """GeoNames codes a Canadian town's province "08", Natural Earth's province is "CA-ON": ``locate`` says which
    province the town lies in, so the province the article names counts for it (invented names and codes)."""
    text = "Kelby council met on Monday. Quillshire paid for it."
    small = Place("t:k07", "Kelby", "town", "ZZ", 10.0, 10.0, population=5_000, admin1_code="07")
    big = Place("t:k09", "Kelby", "town", "ZZ", 10.0, 20.0, population=9_000, admin1_code="09")
    readings = {"Kelby": [small, big],
                "Quillshire": [Place("admin1:ZZ-QS", "Quillshire", "admin1", "ZZ", 20.0, 15.0, admin1_code="ZZ-QS")]}

    def chosen(locate) -> str:
        mentions = resolve(text, _spans_of(text, readings), make_part=_part, contains=_contains, locate=locate)
        return next(m.place.id for m in mentions if m.text == "Kelby")

    assert chosen(None) == "t:k09"
    assert chosen(lambda place: "ZZ-QS" if place.admin1_code == "07" else "") == "t:k07"


def test_admin1_code_at_reads_numeric_codes_by_the_point_and_leaves_letter_codes() -> None:
    from geo.geometry.borders import admin1_code_at

    assert admin1_code_at("CA", "08", 44.5, -79.5) == "CA-ON"  # a point north of Lake Ontario
    assert admin1_code_at("CA", "08", 0.0, 0.0) == ""  # no Canadian province holds it
    assert admin1_code_at("GB", "ENG", 52.0, -1.0) == ""  # a nation, coarser than Natural Earth's units


def test_a_province_reading_takes_the_votes_even_beside_a_world_city() -> None:
    """"Varnshire" (invented) is a province and a big American city: beside two towns of the province and two
    American towns of other states, the province, which the votes support, wins."""
    text = "Varnshire budget: Dellow and Perrin complain, and so do Brisco and Tallow."
    readings = {
        "Varnshire": [Place("admin1:ZZ-VS", "Varnshire", "admin1", "ZZ", 52.0, -70.0, admin1_code="ZZ-VS"),
                      _town("c:v", "Varnshire", "CA", 34.0, -117.6, 8_000_000)],
        "Dellow": [Place("t:d", "Dellow", "town", "ZZ", 45.1, -80.2, population=3_000, admin1_code="VS")],
        "Perrin": [Place("t:p", "Perrin", "town", "ZZ", 44.9, -79.8, population=3_000, admin1_code="VS")],
        "Brisco": [_town("t:b", "Brisco", "GA", 33.0, -84.0, 3_000)],
        "Tallow": [_town("t:t", "Tallow", "TX", 31.0, -97.0, 3_000)],
    }
    mentions = resolve(text, _spans_of(text, readings), make_part=_part, contains=_contains)
    assert next(m.place.id for m in mentions if m.text == "Varnshire") == "admin1:ZZ-VS"


def test_vote_takers_of_a_name_with_a_world_city() -> None:
    from geo.gazetteer.store import NAME_PRIMARY, NameHit
    from geo.nlp.resolve import _vote_takers

    province = Place("admin1:ZZ-VS", "Varnshire", "admin1", "ZZ", 45.0, -80.0, admin1_code="ZZ-VS")
    foreign_city = _town("c:v", "Varnshire", "CA", 34.0, -117.6, 2_500_000)
    own_town = Place("t:z", "Varnshire", "town", "ZZ", 45.0, -80.0, population=9_000)
    town = _town("t:v", "Varnshire", "OH", 40.0, -83.0, 2_000)
    hits = [NameHit(p, NAME_PRIMARY) for p in (province, foreign_city, town)]
    assert _vote_takers(hits, world_city=False) is None  # all of them
    assert _vote_takers(hits, world_city=True) == {"admin1:ZZ-VS"}  # the small namesake stays kept from them
    assert _vote_takers([*hits, NameHit(own_town, NAME_PRIMARY)], world_city=True) == set()  # town or province?


def _county(pid: str, name: str, state: str, lat: float, lon: float) -> Place:
    return Place(pid, name, "county", "US", lat, lon, admin1_code=state)


def test_two_county_names_take_the_readings_that_border_each_other(monkeypatch) -> None:
    """"Harlow County and Dunmore County" (invented; each in two states): the two whose centroids lie 50 km apart,
    neighbours, not the first in the index's order. The province votes and the nearby evidence, which would also
    tell here, are set aside."""
    import geo.nlp.resolve as resolve_module

    monkeypatch.setattr(resolve_module, "NEARBY_BONUS", 0.0)
    monkeypatch.setattr(resolve_module, "PROVINCE_VOTE_BONUS", 0.0)
    monkeypatch.setattr(resolve_module, "SENTENCE_VOTE_BONUS", 0.0)
    text = "Harlow County and Dunmore County share a bridge."
    readings = {
        "Harlow County": [_county("a:h", "Harlow County", "BB", 35.0, -80.0),
                          _county("z:h", "Harlow County", "AA", 40.0, -90.0)],
        "Dunmore County": [_county("a:d", "Dunmore County", "CC", 30.0, -100.0),
                           _county("z:d", "Dunmore County", "AA", 40.4, -90.3)],
    }

    def chosen() -> set[str]:
        return {m.place.id for m in resolve(text, _spans_of(text, readings), make_part=_part, contains=_contains)}

    assert chosen() == {"z:h", "z:d"}
    monkeypatch.setattr(resolve_module, "NEIGHBOUR_COUNTIES_KM", 0.0)
    assert chosen() == {"a:h", "a:d"}  # without it, the index's order
