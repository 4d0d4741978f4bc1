"""The area-aware accuracy of benchmarks/eval_geoparser.py: an area counts when its shape holds the gold
point of a class-A gold feature at the same level or finer (never a country for a province in it)."""

from __future__ import annotations

import sys

from geo.model import Mention, Place
from geo.settings import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
import eval_geoparser

CANADA = Place(id="country:CA", name="Canada", kind="country", country_code="CA", lat=56.1, lon=-106.3)
# GeoNames' points: Canada 60.1 N -113.6 E (660 km from our centroid), Alberta 52.3 N -113.5 E
GOLD_CANADA = {"fclass": "A", "fcode": "PCLI", "lat": 60.10867, "lon": -113.64258}
GOLD_ALBERTA = {"fclass": "A", "fcode": "ADM1", "lat": 52.28333, "lon": -113.5}
GOLD_TOWN = {"fclass": "P", "fcode": "PPL", "lat": 53.55, "lon": -113.47}


def mention(place: Place) -> Mention:
    return Mention(start=0, end=6, text=place.name, sentence=0, place=place, confidence=1.0)


def test_a_country_counts_when_its_shape_holds_the_gold_point() -> None:
    assert eval_geoparser.inside_area(mention(CANADA), GOLD_CANADA)


def test_a_coarser_area_or_a_point_gold_never_counts() -> None:
    assert not eval_geoparser.inside_area(mention(CANADA), GOLD_ALBERTA)  # Canada holds Alberta's point
    assert not eval_geoparser.inside_area(mention(CANADA), GOLD_TOWN)


def test_tally_reports_both_views() -> None:
    row = {"id": "x", "text": "Canada", "toponyms": [{"start": 0, "end": 6, **GOLD_CANADA}]}
    summary = eval_geoparser.summary(eval_geoparser.tally([row], [[mention(CANADA)]]))
    assert summary["acc161"] == 0.0 and summary["area_aware"] == 1.0 and summary["e2e_area_aware"] == 1.0
