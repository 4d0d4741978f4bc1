"""geo.dashboard.state and geo.dashboard.map: inputs, table, click-to-place, views, map layers."""

from __future__ import annotations

import folium
import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from geo.dashboard.map import focus_view, place_layers, view_for_bounds
from geo.dashboard.state import (
    article_from_paste,
    article_from_upload,
    candidate_places,
    index_places,
    place_at,
    places_frame,
)
from geo.model import Candidate, Mention, Place
from geo.text.reading import ArticleError

ROWS = [
    {"place_id": "country:ML", "name": "Mali", "kind": "country", "country_code": "ML", "lat": 17.0, "lon": -4.0,
     "mentions": 3, "confidence": 0.99, "sentences": [{"doc_id": "a"}, {"doc_id": "b"}],
     "geometry": box(-12, 10, 4, 25)},
    {"place_id": "region:sahel", "name": "Sahel", "kind": "region", "country_code": "", "lat": 15.0, "lon": 0.0,
     "mentions": 1, "confidence": 1.0, "sentences": [{"doc_id": "a"}], "geometry": box(-17, 12, 40, 18)},
    {"place_id": "gn:2460596", "name": "Bamako", "kind": "city", "country_code": "ML", "lat": 12.65, "lon": -8.0,
     "mentions": 1, "confidence": 0.9, "sentences": [{"doc_id": "a"}], "geometry": Point(-8.0, 12.65)},
    {"place_id": "gn:other-bamako", "name": "Bamako", "kind": "city", "country_code": "XX", "lat": 0.0,
     "lon": 100.0, "mentions": 1, "confidence": 0.5, "sentences": [{"doc_id": "b"}], "geometry": Point(100.0, 0.0)},
]


@pytest.fixture()
def layers() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(ROWS, geometry="geometry", crs="EPSG:4326")


def test_uploads_and_pastes_become_articles_or_clear_errors():
    article = article_from_upload("a.html", b"<html><script>x()</script><h1>Rain in Gao</h1><p>Gao.</p></html>")
    assert article.text == "Rain in Gao\nGao." and article.title == "Rain in Gao" and article.origin == "upload"
    with pytest.raises(ArticleError, match="binary"):
        article_from_upload("b.txt", b"\x00\x01")
    with pytest.raises(ArticleError, match="not UTF-8"):
        article_from_upload("c.txt", "é".encode("latin-1"))
    with pytest.raises(ArticleError, match="5,000,000 bytes"):
        article_from_upload("d.txt", b"a" * 5_000_001)
    with pytest.raises(ArticleError, match="empty"):
        article_from_paste("  \n")
    pasted = article_from_paste("Floods in Mopti.\nMore text.", "  ")
    assert pasted.title == "Floods in Mopti." and pasted.doc_id.startswith("pasted/")
    assert article_from_paste("Floods in Mopti.\nMore text.").doc_id == pasted.doc_id


def test_places_frame_columns(layers):
    frame = places_frame(layers, corrected_ids={"gn:2460596"})
    assert list(frame.columns) == ["Place", "Kind", "Country", "Coordinates", "Mentions", "Articles", "Confidence",
                                   "Corrected"]
    assert frame["Articles"].tolist() == [2, 1, 1, 1]
    assert frame["Coordinates"][2] == "12.6500° N, 8.0000° W"
    assert frame["Corrected"].tolist() == [False, False, True, False]


def test_click_resolved_by_tooltip_then_geometry(layers):
    assert place_at(layers, 12.7, -8.1, "Bamako · city") == "gn:2460596"  # the Bamako near the click
    assert place_at(layers, 0.1, 100.1, "Bamako · city") == "gn:other-bamako"
    assert place_at(layers, 15.0, 20.0, "Sahel · region") == "region:sahel"
    # a stale tooltip far from the click is ignored: the smallest area under the click wins
    assert place_at(layers, 20.0, -5.0, "Bamako · city") == "country:ML"
    assert place_at(layers, 15.0, -5.0, None) == "country:ML"  # the smaller of two areas
    assert place_at(layers, 15.0, 20.0, None) == "region:sahel"
    assert place_at(layers, 12.66, -8.01, None) == "gn:2460596"
    assert place_at(layers, -50.0, -50.0, None) is None
    assert place_at(layers, None, None, "Mali · country") is None


def test_candidates_current_first_then_alternatives_then_search():
    mali = Place("country:ML", "Mali", "country", "ML", 17.0, -4.0)
    gn = Place("admin1:GN-ML", "Mali", "admin1", "GN", 12.0, -12.0)
    found = Place("gn:1", "Mali", "town", "GN", 12.1, -12.2)
    m = Mention(0, 4, "Mali", 0, mali, 0.9, (Candidate(mali, 9.0), Candidate(gn, 5.0)))
    assert [p.id for p in candidate_places(m, [gn, found])] == ["country:ML", "admin1:GN-ML", "gn:1"]


def test_views_fit_places():
    center, zoom = view_for_bounds(10.0, -12.0, 25.0, 4.0)
    assert center[1] == pytest.approx(-4.0) and 10 < center[0] < 25 and 3 <= zoom <= 6
    assert view_for_bounds(-80, -180, 80, 180)[1] == 2
    row = type("Row", (), {"geometry": Point(2.9667, 19.9533), "lat": 19.9533, "lon": 2.9667})()
    assert focus_view(row) == ([19.9533, 2.9667], 5)
    huge = type("Row", (), {"geometry": box(20, 40, 180, 80), "lat": 60.0, "lon": 90.0})()
    assert focus_view(huge) == ([60.0, 90.0], 3)


def test_place_layers_one_places_layer_escaped_and_a_ring_on_the_selection(layers):
    layers.loc[3, "name"] = "<img src=x onerror=alert(1)>"
    layers.loc[2, "name"] = "</script><script>alert(2)</script>"
    groups = place_layers(layers, selected="gn:2460596")
    names = [g.layer_name for g in groups]
    assert names == ["Mentions per country", "Places", "Selected place"]
    fmap = folium.Map(tiles=None)
    for g in groups:
        g.add_to(fmap)
    html = fmap.get_root().render()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "</script><script>alert(2)" not in html
    assert "na-id-gn_2460596" in html and "na-selected" in html


def test_places_payload_clusters_many_points_and_keeps_each_tooltip(layers):
    import json

    from geo.dashboard.map import CLUSTER_MIN_POINTS, places_payload

    data = json.loads(places_payload(layers))
    points = [row for row in layers.itertuples() if row.geometry.geom_type == "Point"]
    assert len(data["points"]) == len(points) and data["cluster_min"] == CLUSTER_MIN_POINTS
    assert len(data["areas"]["features"]) == len(layers) - len(points)
    tips = {p[4] for p in data["points"]} | {f["properties"]["tip"] for f in data["areas"]["features"]}
    assert all(f"<b>{row.name}</b>" in " ".join(tips) for row in points if "<" not in row.name)


def test_place_index_labels_written_forms_and_the_claims_after_the_places(layers):
    index = index_places(layers.iloc[:3], {"gn:2460596": {"Bamako", "BAMAKO", "Bamakó"}}, ["country:ML"])
    assert index.ids == ("country:ML", "region:sahel", "gn:2460596") and index.corrected == {"country:ML"}
    assert index.labels["country:ML"] == "Mali — country, ML (3 mentions)"
    assert index.labels["gn:2460596"] == "Bamako — city, ML (1 mention)"  # written as named: said once
    assert index.rows["region:sahel"].name == "Sahel"
    more = index.with_rows(layers.iloc[3:])
    assert more.ids[-1] == "gn:other-bamako" and more.labels["gn:other-bamako"].startswith("Bamako — city, XX")
    assert len(index.ids) == 3, "the kept index is not changed"
