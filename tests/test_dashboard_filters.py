"""The dashboard's filters on the layers of the two seed articles (real gazetteer, real parse)."""

from __future__ import annotations

import geopandas as gpd
import pytest

from geo.dashboard.filters import PlaceFilters, country_options, filter_layers, group_options
from geo.layers import build_layers
from geo.nlp.pipeline import parse_document
from geo.text.articles import bundled_articles
from geo.text.document import make_document
from geo.text.reading import read_article


@pytest.fixture(scope="module")
def layers() -> gpd.GeoDataFrame:
    parsed = []
    for info in bundled_articles():
        doc = make_document(read_article(info.path), title=info.title, doc_id=info.path.name, published=info.date)
        parsed.append((doc, tuple(parse_document(doc))))
    return build_layers(parsed)


def test_no_filter_keeps_everything(layers: gpd.GeoDataFrame) -> None:
    assert filter_layers(layers, PlaceFilters()) is layers
    assert {"Countries", "Towns and cities", "Claimed areas"} <= set(group_options(layers))
    assert {"DZ", "ML", "NE"} <= set(country_options(layers))


def test_kind_groups_and_countries(layers: gpd.GeoDataFrame) -> None:
    cities = filter_layers(layers, PlaceFilters(groups=("Towns and cities",)))
    assert len(cities) and set(cities["kind"]) <= {"city", "town"}
    assert "Tin Zaouatine" in set(cities["name"]) and "Mali" not in set(cities["name"])
    algerian = filter_layers(layers, PlaceFilters(countries=("DZ",)))
    assert {"Algiers", "Tin Zaouatine", "Algeria"} <= set(algerian["name"]) and "Niamey" not in set(algerian["name"])


def test_one_article_keeps_its_sentences_and_counts(layers: gpd.GeoDataFrame) -> None:
    one = filter_layers(layers, PlaceFilters(articles=("algeria-closes-airspace.txt",)))
    assert "Tin Zaouatine" not in set(one["name"])  # named only in the other article
    mali = one[one["name"] == "Mali"].iloc[0]
    every = layers[layers["name"] == "Mali"].iloc[0]
    assert {link["doc_id"] for link in mali["sentences"]} == {"algeria-closes-airspace.txt"}
    assert 0 < mali["mentions"] < every["mentions"]


def test_confidence_floor(layers: gpd.GeoDataFrame) -> None:
    floor = float(layers["confidence"].median())
    sure = filter_layers(layers, PlaceFilters(min_confidence=floor))
    assert 0 < len(sure) < len(layers) and (sure["confidence"] >= floor).all()


def test_confident_only_keeps_what_clears_the_calibrated_bar(layers: gpd.GeoDataFrame) -> None:
    from geo.model import is_confident

    sure = filter_layers(layers, PlaceFilters(confident_only=True))
    places = sure[sure["kind"] != "claim"]
    assert len(places) and all(is_confident(c) for c in places["confidence"])
    assert len(sure) < len(layers) or all(is_confident(c) for c in layers["confidence"])


def test_uncertain_places_are_drawn_dashed(layers: gpd.GeoDataFrame) -> None:
    from geo.dashboard.map import base_map, place_layers
    from geo.model import is_confident

    unsure = layers[[not is_confident(c) and k != "claim" for c, k in zip(layers["confidence"], layers["kind"],
                                                                           strict=True)]]
    sure = layers[[is_confident(c) and k != "claim" for c, k in zip(layers["confidence"], layers["kind"],
                                                                     strict=True)]]
    assert len(unsure) and len(sure)  # the seeds have both
    for rows, dashed in ((unsure, True), (sure, False)):
        fmap = base_map()
        for group in place_layers(rows):
            group.add_to(fmap)
        assert ("4 3" in fmap.get_root().render()) is dashed
