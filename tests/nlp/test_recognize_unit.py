"""geo.nlp.recognize on a fixture gazetteer built in the test: each rule alone, no 47 MB index."""

from __future__ import annotations

import pytest

from geo.nlp.recognize import recognize
from geo.text.document import make_document
from geo.vocabulary import Kind
from tests.fixture_gazetteer import FixtureGazetteer, record, sahel_gazetteer


def spans(text: str) -> list[tuple[str, str, str]]:
    """(surface, cue, direction) of every span recognised in ``text``."""
    return [(s.text, s.cue, s.direction) for s in recognize(make_document(text), sahel_gazetteer())]


def test_longest_name_first_and_several_words() -> None:
    assert spans("Troops left Burkina Faso for Tin Zaouatine on Monday.") == [
        ("Burkina Faso", "name", ""), ("Tin Zaouatine", "name", "")]


def test_alternate_spelling_and_demonym() -> None:
    assert spans("Malian troops reached Tinzaouaten.") == [("Malian", "adjective", ""), ("Tinzaouaten", "name", "")]
    # a one-word alternate spelling of a small place names it only in a longer name: "Tin-Zaouatene" is two words
    assert ("Tin-Zaouatene", "name", "") in spans("Malian troops reached Tin-Zaouatene.")


@pytest.mark.parametrize("text, surface, direction", [
    ("Fighting spread in northern Mali last week.", "northern Mali", "north"),
    ("They fled to the north-eastern region of Mali.", "north-eastern region of Mali", "northeast"),
    ("Attacks hit Mali's central regions.", "Mali's central regions", "central"),
])
def test_directional_parts(text: str, surface: str, direction: str) -> None:
    assert (surface, "direction", direction) in spans(text)


def test_person_cues_veto_small_places() -> None:
    assert spans("Minister Keita said the talks would go on.") == []
    assert spans("Keita said the talks would go on in Bamako.") == [("Bamako", "name", "")]
    # a surname seen in a person's full name earlier is that person later
    assert ("Keita", "name", "") not in spans("Ibrahim Keita visited Gao. Later Keita rested.")


def test_common_words_need_a_locative_cue() -> None:
    assert spans("The Bath towels were wet.") == []
    assert spans("The storm reached the spa in Bath on Sunday.") == [("Bath", "name", "")]


def test_abbreviations_only_as_recorded() -> None:
    assert ("US", "abbreviation", "") in spans("Officials from the US arrived.")
    assert spans("Officials from the UK arrived.") == []


def test_an_abbreviated_word_also_finds_the_names_written_out() -> None:
    # invented places: one "Mount Orrin" has "Mt Orrin" as an alternate, the other only its full name
    gazetteer = FixtureGazetteer([
        record("gn:mo1", "Mount Orrin", Kind.TOWN, "US", 40.0, -90.0, 3_000, admin1_code="IL",
               alt_names=["Mt Orrin"]),
        record("gn:mo2", "Mount Orrin", Kind.TOWN, "US", 41.0, -75.0, 9_000, admin1_code="PA"),
        record("gn:so", "Saint Orrin", Kind.ADMIN1, "DM", 15.4, -61.3, admin1_code="DM-99"),
        record("gn:sh", "Halvey", Kind.TOWN, "US", 35.0, -80.0, 1_000, admin1_code="NC", alt_names=["Saint Tobin"]),
    ])
    found = {s.text: {h.place.id for h in s.hits}
             for s in recognize(make_document("The team from Mt. Orrin met St. Orrin and St. Tobin fans."), gazetteer)}
    assert found["Mt. Orrin"] == {"gn:mo1", "gn:mo2"}
    # only towns and counties, by their own name: no province, no other place's alternate name
    assert "St. Orrin" not in found and "St. Tobin" not in found


def test_a_final_abbreviation_is_not_written_out() -> None:
    from geo.nlp.recognize import _written_out

    assert _written_out("mt orrin") == "mount orrin"
    assert _written_out("main st") == "main st"
    assert _written_out("orrin") == "orrin"


def test_a_county_opening_a_longer_name_is_the_county() -> None:
    """"Brackwater County Environmental Health" (invented): an office named after the county names it, as a
    province opening a name does ("Tennessee Senior Olympics")."""
    gazetteer = FixtureGazetteer([
        record("county:US-QQ-1", "Brackwater County", Kind.COUNTY, "US", 40.0, -90.0, admin1_code="QQ"),
        record("gn:br", "Brackwater", Kind.TOWN, "US", 40.1, -90.1, 2_000, admin1_code="QQ"),
    ])
    found = [s.text for s in recognize(make_document(
        "Crews called Brackwater County Environmental Health on Monday."), gazetteer)]
    assert found == ["Brackwater County"]


@pytest.mark.parametrize("text", [
    "State Rep. Ann Lowe, R-Dallas, voted no.",
    "The bill of Sen. Ann Lowe (D-Dallas) passed.",
])
def test_a_legislators_party_tag_names_the_home_town(text: str) -> None:
    assert spans(text) == [("Dallas", "name", "")]


def test_a_capital_letter_and_hyphen_elsewhere_is_no_party_tag() -> None:
    assert spans("The D-Dallas line opened.") == []  # not after a comma or a bracket: one name, not the town


def test_two_towns_joined_by_a_hyphen_are_two_names() -> None:
    """"Brackton-Dellow" (invented): a school district or a metro area named after two towns names both; a name
    the index knows whole ("Orrin-Vale") stays one, and so does a pair inside a longer name."""
    gazetteer = FixtureGazetteer([
        record("gn:b", "Brackton", Kind.TOWN, "US", 40.0, -90.0, 3_000, admin1_code="IL"),
        record("gn:d", "Dellow", Kind.TOWN, "US", 40.1, -90.2, 2_000, admin1_code="IL"),
        record("gn:o", "Orrin", Kind.TOWN, "US", 35.0, -80.0, 2_000, admin1_code="NC"),
        record("gn:ov", "Orrin-Vale", Kind.TOWN, "US", 36.0, -80.2, 9_000, admin1_code="NC"),
        record("gn:v", "Vale", Kind.TOWN, "US", 37.0, -81.0, 2_000, admin1_code="VA"),
    ])

    def found(text: str) -> list[str]:
        return [s.text for s in recognize(make_document(text), gazetteer)]

    assert found("The Brackton-Dellow students moved to a new building.") == ["Brackton", "Dellow"]
    assert found("A fire hit Orrin-Vale on Monday.") == ["Orrin-Vale"]
    assert "Dellow" not in found("The Brackton-Dellow Rotary Club met.")
