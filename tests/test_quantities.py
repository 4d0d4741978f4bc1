"""Distances in words or digits with units, and their honest bounds."""

from __future__ import annotations

import pytest

from geo.text.quantities import bounds, describe_bounds, find_distances, parse_number


@pytest.mark.parametrize(
    ("text", "number"),
    [("10", 10), ("1,200", 1200), ("2.5", 2.5), ("two", 2), ("twenty-five", 25), ("three hundred", 300),
     ("two and a half", 2.5), ("a dozen", 12), ("half a", 0.5), ("5 thousand", 5000),
     ("one thousand two hundred", 1200)],
)
def test_parse_number(text: str, number: float) -> None:
    assert parse_number(text) == pytest.approx(number)


def test_parse_number_rejects_words() -> None:
    assert parse_number("several") is None
    assert parse_number("") is None


@pytest.mark.parametrize(
    ("text", "surface", "unit", "qualifier", "lo", "hi"),
    [
        ("violated its airspace by more than two kilometers,", "more than two kilometers", "km", "more", 2, None),
        ("was 10 kilometers within", "10 kilometers", "km", "", 10, 10),
        ("10 km", "10 km", "km", "", 10, 10),
        ("some 300 kilometres away", "some 300 kilometres", "km", "about", 240, 360),
        ("5 miles north", "5 miles", "mi", "", 8.04672, 8.04672),
        ("at least 12 nautical miles", "at least 12 nautical miles", "nmi", "least", 22.224, None),
        ("up to 12 NM", "up to 12 NM", "nmi", "upto", 0, 22.224),
        ("less than 3 miles", "less than 3 miles", "mi", "less", 0, 4.828032),
        ("nearly 20 kilometres", "nearly 20 kilometres", "km", "nearly", 16, 20),
        ("about 3.5km", "about 3.5km", "km", "about", 2.8, 4.2),
        ("between 5 and 8 km", "between 5 and 8 km", "km", "range", 5, 8),
        ("10-15 km", "10-15 km", "km", "range", 10, 15),
        ("two to three miles", "two to three miles", "mi", "range", 3.218688, 4.828032),
        ("1,200 m", "1,200 m", "m", "", 1.2, 1.2),
        ("three hundred metres", "three hundred metres", "m", "", 0.3, 0.3),
        ("800 meters", "800 meters", "m", "", 0.8, 0.8),
        ("a mile", "a mile", "mi", "", 1.609344, 1.609344),
        ("half a kilometre", "half a kilometre", "km", "", 0.5, 0.5),
        ("over 40 km", "over 40 km", "km", "more", 40, None),
        ("twenty-five km", "twenty-five km", "km", "", 25, 25),
    ],
)
def test_find_distances(text: str, surface: str, unit: str, qualifier: str, lo: float, hi: float | None) -> None:
    (d,) = find_distances(text)
    assert (d.surface, d.unit, d.qualifier) == (surface, unit, qualifier)
    assert text[d.start:d.end] == surface
    assert d.min_km == pytest.approx(lo)
    assert d.max_km == (None if hi is None else pytest.approx(hi))


@pytest.mark.parametrize("text", ["$5m deal", "a 5 million budget", "in 2025 the army", "two men", "10 percent"])
def test_no_distance(text: str) -> None:
    assert find_distances(text) == []


def test_several_distances_in_order() -> None:
    found = find_distances("It flew 5 km, then another 3 miles, then 200 m.")
    assert [d.unit for d in found] == ["km", "mi", "m"]


@pytest.mark.parametrize(
    ("lo", "hi", "words"),
    [(2, None, "more than 2 km"), (10, 10, "10 km"), (0, 5, "up to 5 km"), (2.5, 4, "2.5–4 km")],
)
def test_describe_bounds(lo: float, hi: float | None, words: str) -> None:
    assert describe_bounds(lo, hi) == words


def test_bounds_range_is_ordered() -> None:
    assert bounds(5, "", low_km=8) == (5, 8)
