"""geo.nlp.resolve on a fixture gazetteer built in the test: priors, context, one sense per name."""

from __future__ import annotations

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
