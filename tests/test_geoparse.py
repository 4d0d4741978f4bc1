"""Recognition and resolution on sentences written for these tests (general mechanisms, not seed words)."""

from __future__ import annotations

import pytest

from geo.nlp.pipeline import geoparse


def tagged(text: str) -> dict[str, tuple[str, str, str]]:
    return {m.text: (m.name, m.kind, m.country_code) for m in geoparse(text)}


def test_offsets_surfaces_and_fields() -> None:
    text = "Fighting spread from Gao to Kidal, officials in Bamako said."
    mentions = geoparse(text)
    assert [m.text for m in mentions] == ["Gao", "Kidal", "Bamako"]
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.country_code == "ML" and 0 < m.confidence <= 1 and m.alternatives
        assert m.alternatives[0].place.id == m.place_id


def test_possessives_multiword_and_hyphenated_names() -> None:
    found = tagged("Burkina Faso's junta met envoys in Fada N'Gourma and Tin-Zaouatine; Chad's army waited.")
    assert found["Burkina Faso"][0] == "Burkina Faso"
    assert found["Chad"][1] == "country"
    assert "Tin-Zaouatine" in found


@pytest.mark.parametrize(
    ("sentence", "surface", "direction", "country"),
    [
        ("Clashes continued in northern Niger on Tuesday.", "northern Niger", "north", "NE"),
        ("Refugees fled eastern Chad.", "eastern Chad", "east", "TD"),
        ("Drought hit the southern region of Morocco.", "southern region of Morocco", "south", "MA"),
        ("Rains flooded Kenya's western provinces.", "Kenya's western provinces", "west", "KE"),
        ("Aid reached south-eastern Nigeria.", "south-eastern Nigeria", "southeast", "NG"),
        ("Troops patrolled central Mali.", "central Mali", "central", "ML"),
    ],
)
def test_directional_parts_of_any_country(sentence: str, surface: str, direction: str, country: str) -> None:
    mention = next(m for m in geoparse(sentence) if m.text.replace("’", "'") == surface)
    assert mention.kind == "part" and mention.country_code == country
    assert mention.place_id.startswith(f"part:{direction}:")


def test_demonyms_and_groups() -> None:
    found = tagged("Nigerien and Nigerian troops joined ECOWAS and the African Union in a North African summit.")
    assert found["Nigerien"][2] == "NE" and found["Nigerian"][2] == "NG"
    assert found["ECOWAS"][1] == "group" and found["African Union"][1] == "group"
    assert found["North African"][1] == "region"


@pytest.mark.parametrize(
    "text",
    [
        "General Amadou Diallo met the University board on Monday in March.",
        "Observers said Both sides agreed. President Salif Keita said Keita would stay.",
        "International Reactions\nThe Alliance said nothing.",
        "We are ready, said Commander Moussa Traore.",
    ],
)
def test_capitalised_words_that_are_not_places(text: str) -> None:
    assert geoparse(text) == [] or all(m.kind in ("country",) for m in geoparse(text)), tagged(text)


def test_niger_beside_its_neighbours_is_the_country() -> None:
    assert tagged("Mali, Burkina Faso and Niger left the bloc.")["Niger"][1] == "country"


def test_niger_beside_nigerian_places_is_niger_state() -> None:
    found = tagged("Bandits attacked villages in Niger, near Minna and Kontagora, Nigerian police said.")
    assert found["Niger"][1:] == ("admin1", "NG")


def test_tripoli_beside_libya_and_beside_lebanon() -> None:
    assert tagged("Militias clashed in Tripoli as Libya's rivals met.")["Tripoli"][2] == "LY"
    assert tagged("Protests in Tripoli and Beirut shook Lebanon.")["Tripoli"][2] == "LB"


def test_georgia_beside_tbilisi_is_the_country_and_beside_atlanta_the_state() -> None:
    assert tagged("Georgia's parliament in Tbilisi voted.")["Georgia"][1] == "country"
    assert tagged("Storms hit Atlanta and Savannah, Georgia officials said.")["Georgia"][1:] == ("admin1", "US")


def test_one_sense_per_name_per_article() -> None:
    mentions = geoparse("Paris, Texas, is small. Dallas is near. Paris has a tower replica.")
    senses = {m.place_id for m in mentions if m.text == "Paris"}
    assert len(senses) == 1


def test_press_abbreviations_and_initials() -> None:
    found = tagged("He moved from Lexington, Ky., to the U.S. capital.")
    assert found["Ky."][0] == "Kentucky" and found["U.S."][2] == "US"


def test_one_local_byline_does_not_pull_world_capitals() -> None:
    found = tagged(
        "Russian drones struck Kharkiv and Odesa. In Washington, Senator Graham of South Carolina spoke. "
        "Paris and Berlin welcomed the move. Jane Doe, a reporter in Springfield, Illinois, contributed."
    )
    assert found["Paris"][2] == "FR" and found["Berlin"][2] == "DE"
    assert found["Washington"][1] == "city" and found["Springfield"][2] == "US"


def test_local_news_prefers_the_nearby_namesake() -> None:
    found = tagged("Police in Lexington and Frankfort, Ky., said the Paris man was arrested in Bourbon County.")
    assert found["Paris"][2] == "US"


@pytest.mark.parametrize(
    ("text", "not_places"),
    [
        ("Jordan Smith scored twice for the Wildcats.", {"Jordan"}),
        ("Chad Johnson signed with the club on Monday.", {"Chad"}),
        ("Paris Hilton arrived late; Georgia Brown left early.", {"Paris", "Georgia"}),
        ("Officials met Israel Katz in the capital.", {"Israel"}),
    ],
)
def test_given_name_and_surname_is_a_person(text: str, not_places: set[str]) -> None:
    assert not_places.isdisjoint(tagged(text))


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Jordan Valley farmers sold their crops.", "Jordan"),
        ("Troops crossed from Jordan into Syria.", "Jordan"),
        ("Georgia Power raised its rates in Atlanta.", "Atlanta"),
    ],
)
def test_place_names_beside_generic_words_stay_places(text: str, place: str) -> None:
    assert place in tagged(text)


@pytest.mark.parametrize(
    ("text", "place", "country"),
    [
        ("Greer, South Carolina, is growing fast.", "Greer", "US"),  # apposition at the sentence start
        ("Rogersville residents voted on Tuesday.", "Rogersville", "US"),  # a place modifying "residents"
        ("Oxford City Council said the signs were stolen.", "Oxford", "GB"),  # institution named after it
        ("Walker County Judge Danny Pierce lifted the burn ban.", "Walker County", "US"),  # the place's official
    ],
)
def test_sentence_initial_places_with_a_cue(text: str, place: str, country: str) -> None:
    assert tagged(text)[place][2] == country


def test_sentence_initial_name_counts_when_the_article_names_it_again() -> None:
    text = "Rogersville approved the budget. Taxes in Rogersville will rise next year."
    assert [m.text for m in geoparse(text)] == ["Rogersville", "Rogersville"]
    assert [m.text for m in geoparse("Rogersville approved the budget on Monday.")] == []


def test_commerce_department_is_not_the_town_of_commerce() -> None:
    assert "Commerce" not in tagged("Commerce Department officials said exports fell.")


def test_two_names_whose_readings_lie_together_support_each_other() -> None:
    """Henry County alone is any of ten; beside Paris it is the one that holds Paris, Tennessee. Every Henry County
    is in the US, so the article is about the US, and Paris is then the Paris of that Henry County."""
    alone = {m.text: m for m in geoparse("The Henry County fair opened on Friday.")}
    together = {m.text: m for m in geoparse("All residents of Paris and Henry County will receive a letter.")}
    assert abs(together["Henry County"].lat - 36.33) < 0.2 and abs(together["Henry County"].lon + 88.3) < 0.2
    assert abs(alone["Henry County"].lat - 36.33) > 1  # without its neighbour it was another Henry County
    assert together["Paris"].country_code == "US" and abs(together["Paris"].lat - 36.3) < 0.2
    assert geoparse("Leaders met in Paris and Berlin.")[0].country_code == "FR"  # a capital without such context
