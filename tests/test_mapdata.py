"""The static map's data: place times, encoded shapes, the popup budget, the first view, safe JSON."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import MultiPolygon, Point, Polygon, box

from geo.cli.parse import load_and_parse
from geo.layers.table import build_layers
from geo.render.mapdata import encode_geometry, script_json, sentence_limit
from geo.render.timespan import day_number, iso_day, merge_intervals, overlaps, place_intervals, time_domain
from geo.render.view import focus_bounds, view_bounds
from geo.settings import ARTICLES_DIR


@pytest.fixture(scope="module")
def seed_layers():
    parsed, _ = load_and_parse(sorted(ARTICLES_DIR.glob("*.txt")))
    return build_layers(parsed)


def decode(encoded: list, decimals: int) -> list:
    """Python twin of atlas.js's decoder, for the round trip."""
    scale = 10**decimals

    def line(flat):
        out, x, y = [], 0, 0
        for i in range(0, len(flat), 2):
            x, y = x + flat[i], y + flat[i + 1]
            out.append((x / scale, y / scale))
        return out

    kind, parts = encoded
    return {"P": lambda: [line(r) for r in parts], "MP": lambda: [[line(r) for r in p] for p in parts]}[kind]()


def test_day_numbers_are_javascript_days():
    assert day_number("1970-01-01") == 0 and day_number("2025-04-01") == 20179
    assert iso_day(20179) == "2025-04-01"
    assert day_number(None) is None and day_number("April") is None and day_number("2025-13-01") is None


def test_place_intervals_merge_and_skip_undated():
    sentences = [{"event_start": "2025-04-01", "event_end": "2025-04-30"},
                 {"event_start": "2025-03-31", "event_end": "2025-04-01"},
                 {"event_start": None, "event_end": None},
                 {"event_start": "2023-01-01", "event_end": "2023-12-31"},
                 {"event_start": "2024-06-01"}]  # one end only: that day
    got = place_intervals(sentences)
    assert [[iso_day(s), iso_day(e)] for s, e in got] == [
        ["2023-01-01", "2023-12-31"], ["2024-06-01", "2024-06-01"], ["2025-03-31", "2025-04-30"]]
    assert place_intervals([{"text": "no time"}]) == [] and place_intervals(None) == []
    assert merge_intervals([(0, 5), (6, 9), (20, 21)]) == [[0, 9], [20, 21]]


def test_overlap_rule():
    feb, apr = day_number("2025-02-01"), day_number("2025-04-30")
    tin = place_intervals([{"event_start": "2025-03-31", "event_end": "2025-04-01"}])
    only_2023 = place_intervals([{"event_start": "2023-01-01", "event_end": "2023-12-31"}])
    assert overlaps(tin, feb, apr) and not overlaps(only_2023, feb, apr)


def test_time_domain_drops_stray_years():
    normal = [[[day_number(f"2025-0{m}-01"), day_number(f"2025-0{m}-28")]] for m in range(1, 10)] * 20
    stray = [[[day_number("1000-01-01"), day_number("1000-12-31")]]]
    first, last = time_domain(normal + stray)
    assert iso_day(first) == "2025-01-01" and iso_day(last) == "2025-09-28"
    assert time_domain([[], []]) is None
    assert time_domain(stray) == stray[0][0]


def test_seed_times_on_real_articles(seed_layers):
    times = {r.name: place_intervals(r.sentences) for r in seed_layers.itertuples()}
    feb, apr = day_number("2025-02-01"), day_number("2025-04-30")
    assert overlaps(times["Tin Zaouatine"], feb, apr) and overlaps(times["Niamey"], feb, apr)
    assert place_intervals([]) == []  # a place with no dated sentence: always shown


def test_an_article_with_no_date_gives_undated_places():
    from geo.nlp.pipeline import parse_document
    from geo.text.document import make_document

    doc = make_document("Talks in Kidal\n\nElders met in Kidal to discuss the water supply.\n", doc_id="kidal")
    layers = build_layers([(doc, parse_document(doc))])
    kidal = next(r for r in layers.itertuples() if r.name == "Kidal")
    assert place_intervals(kidal.sentences) == []


def test_encoded_shapes_round_trip():
    square = box(-12.3456, 10.0, 4.25, 25.5)
    holed = Polygon(square.exterior.coords, [box(0, 15, 1, 16).exterior.coords])
    for geom in (square, holed, MultiPolygon([square, box(20, 20, 21, 21)])):
        encoded = encode_geometry(geom, 3)
        numbers = json.dumps(encoded[1]).replace("[", " ").replace("]", " ").replace(",", " ").split()
        assert numbers and all(n.lstrip("-").isdigit() for n in numbers)  # integers only
        back = decode(encoded, 3)
        rings = back if geom.geom_type == "Polygon" else back[0]
        assert all(round(x, 3) == x and round(y, 3) == y for x, y in rings[0])
        rebuilt = Polygon(rings[0], rings[1:]) if geom.geom_type == "Polygon" else MultiPolygon(
            [Polygon(p[0], p[1:]) for p in back])
        assert rebuilt.symmetric_difference(geom).area < 0.01
    assert encode_geometry(Point(1, 2), 3) is None


def test_popups_share_a_sentence_budget():
    assert sentence_limit([5, 10, 3]) == 40
    assert sentence_limit([100] * 100, budget=3000) == 30
    assert sentence_limit([100] * 10_000, budget=3000) == 1  # never below one sentence each


def test_first_view_is_where_most_mentions_are(seed_layers):
    (south, west), (north, east) = focus_bounds(seed_layers)
    for name in ("Tin Zaouatine", "Niamey", "Bamako", "Algiers"):
        row = next(r for r in seed_layers.itertuples() if r.name == name)
        assert south < row.lat < north and west < row.lon < east, name
    assert east < 30 and north < 40, "Turkey, Russia and France must not widen the first view"
    (_, _), (_, all_east) = view_bounds(seed_layers)
    assert all_east > 40  # the box of everything does reach them


def test_first_view_ignores_one_far_mention():
    import geopandas as gpd

    sahel = [Point(2.97 + i * 0.1, 19.95) for i in range(20)]
    gdf = gpd.GeoDataFrame({"lat": [p.y for p in sahel] + [60.0], "lon": [p.x for p in sahel] + [100.0],
                            "mentions": [5] * 20 + [1]}, geometry=[*sahel, box(20, 41, 180, 82)], crs="EPSG:4326")
    (_, _), (north, east) = focus_bounds(gdf)
    assert east < 10 and north < 25


def test_script_json_cannot_close_its_script():
    text = script_json({"p": "</script><script>alert(1)</script><!-- x", "n": "a\u2028b"})
    assert "</" not in text and "<!--" not in text
    assert json.loads(text) == {"p": "</script><script>alert(1)</script><!-- x", "n": "a\u2028b"}


def test_shading_spreads_over_large_counts():
    from geo.render.style import SHADE_BREAKS, shade_breaks, shade_classes, shade_color

    assert shade_breaks({"ML": 26, "DZ": 28}) == SHADE_BREAKS
    counts = {"US": 704, "GB": 89, "FR": 15, "NE": 2, "ML": 1}
    breaks = shade_breaks(counts)
    assert breaks[0] == 1 and list(breaks) == sorted(set(breaks)) and len(breaks) == len(SHADE_BREAKS)
    colours = {code: shade_color(n, breaks) for code, n in counts.items()}
    assert len(set(colours.values())) >= 4, "the counts fall in different classes, not all in the darkest"
    labels = dict((color, label) for label, color in shade_classes(counts, breaks))
    assert labels[colours["US"]].endswith("+") and labels[colours["ML"]].startswith("1")
