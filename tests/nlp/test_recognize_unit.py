"""geo.nlp.recognize on a fixture gazetteer built in the test: each rule alone, no 47 MB index."""

from __future__ import annotations

import pytest

from geo.nlp.recognize import recognize
from geo.text.document import make_document
from tests.fixture_gazetteer import sahel_gazetteer


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
