"""geo.render.webmap: escaping everywhere text is shown, offline assets, size of the seed map."""

from __future__ import annotations

import json
import re
from pathlib import Path

import folium
import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from geo.cli.map import write_map
from geo.layers.table import build_layers
from geo.model import Mention, Place
from geo.render.escape import escape_text, highlight
from geo.render.popups import excerpt, legend_html, popup_html, tooltip_text
from geo.render.view import view_bounds
from geo.render.webmap import build_map, render_html
from geo.settings import ARTICLES_DIR
from geo.text.document import make_document

#: Payloads that broke folium maps before (see DESIGN.md): each must come out as inert text.
HOSTILE = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=window.__pwned=1>",
    "`+(window.__pwned=1)+`",
    "${window.__pwned=1}",
    "\\u0060\\x3c\\",
    "</script><script>window.__pwned=1</script>",
    "\"'><svg onload=window.__pwned=1>",
]
PAYLOAD = " ".join(HOSTILE)


def countries() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"iso_a2": ["ML", "DZ"]}, geometry=[box(-12, 10, 4, 25), box(-8, 19, 12, 37)],
                            crs="EPSG:4326")


def hostile_layers() -> gpd.GeoDataFrame:
    """An article whose title, text and place names all carry the payloads."""
    text = f"{PAYLOAD} Tin Zaouatine {PAYLOAD}. Then Mali {PAYLOAD}."
    doc = make_document(text, title=f"Title {PAYLOAD}", doc_id="hostile")
    town = Place("gn:evil", f"Tin Zaouatine {PAYLOAD}", "town", "DZ", 19.95, 2.97)
    area = Place("region:evil", f"Mali {PAYLOAD}", "region", "", 17.0, -4.0)
    mentions = []
    for surface, place in (("Tin Zaouatine", town), ("Mali", area)):
        start = text.index(surface)
        sentence = next(s for s in doc.sentences if s.start <= start < s.end)
        mentions.append(Mention(start, start + len(surface), surface, sentence.index, place, 0.9))
    return build_layers([(doc, mentions)], shape_for=lambda p: Point(p.lon, p.lat) if p.kind == "town"
                        else box(-10, 12, 2, 22))


@pytest.mark.parametrize("payload", HOSTILE)
def test_escape_text_leaves_nothing_active(payload):
    out = escape_text(payload)
    assert not set(out) & set("<>\"'`$\\")
    assert "${" not in out and "</" not in out


def test_escape_text_keeps_plain_text():
    assert escape_text("Tin Zaouatine, Mali’s north") == "Tin Zaouatine, Mali’s north"


def test_every_piece_of_text_is_escaped():
    row = next(hostile_layers().itertuples())
    pieces = [popup_html(row), tooltip_text(row), legend_html({"DZ": 1}, [f"kind {PAYLOAD}"])]
    for piece in pieces:
        assert not set(piece) & set("`$\\")
        for payload in HOSTILE:
            assert payload not in piece
        assert "<script" not in piece and "<img" not in piece and "<svg" not in piece


def test_rendered_page_contains_no_payload():
    page = render_html(hostile_layers(), title=f"Atlas {PAYLOAD}", countries=countries())
    for payload in HOSTILE:
        assert payload not in page
    # escaped forms are there: in the title, popups, tooltips and layer names
    assert "<title>Atlas &lt;script&gt;" in page
    assert page.count("&lt;img src=x onerror=window.__pwned=1&gt;") >= 4
    # no script element was opened or closed by the text
    assert len(re.findall(r"<script\b", page)) == page.count("</script>")
    assert "${" not in page and "<img" not in page and "<svg" not in page


def test_popup_highlights_the_mention_and_names_the_article():
    row = next(r for r in hostile_layers().itertuples() if r.kind == "town")
    popup = popup_html(row)
    assert "<mark>Tin Zaouatine</mark>" in popup
    assert 'class="na-src">Title &lt;script&gt;' in popup
    assert "Algeria (DZ)" in popup and "19.9500° N, 2.9700° E" in popup


def test_highlight_and_excerpt():
    assert highlight("a <b> c", [[2, 5]]) == "a <mark>&lt;b&gt;</mark> c"
    assert highlight("abcdef", [[1, 3], [2, 4]]) == "a<mark>bc</mark><mark>d</mark>ef"
    text, spans = excerpt("x" * 1000 + "Mali" + "y" * 1000, [[1000, 1004]], limit=100)
    assert text.startswith("…") and text.endswith("…") and len(text) == 102
    assert text[spans[0][0]:spans[0][1]] == "Mali"


def test_offline_page_has_no_remote_asset():
    for threshold in (300, 0):  # without and with the clustering script
        page = render_html(hostile_layers(), title="t", countries=countries(), cluster_threshold=threshold)
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
        assert not re.search(r"cdn\.|jsdelivr|cdnjs|code\.jquery|bootstrapcdn|tile\.openstreetmap", page)
        assert page.count('src="data:text/javascript;base64,') == (1 if threshold else 2)
        assert ("L.markerClusterGroup" in page) == (threshold == 0)
        assert "window.NewsAtlas" in page and 'id="na-data"' in page


def test_osm_tiles_only_when_asked():
    page = render_html(hostile_layers(), title="t", tiles="osm", countries=countries())
    assert "tile.openstreetmap.org" in page
    with pytest.raises(ValueError):
        build_map(hostile_layers(), tiles="google", countries=countries())


def test_assets_set_on_the_instance_not_the_class():
    before = list(folium.Map.default_js)
    fmap = build_map(hostile_layers(), countries=countries())
    assert folium.Map.default_js == before
    assert all(url.startswith("data:") for _, url in fmap.default_js)


def page_data(page: str) -> dict:
    """The JSON object a rendered page draws from."""
    start = page.index('id="na-data">') + len('id="na-data">')
    return json.loads(page[start:page.index("</script>", start)])


def test_page_data_holds_every_place_borders_and_escaped_text():
    layers = hostile_layers()
    data = page_data(render_html(layers, title="t", countries=countries()))
    assert len(data["places"]) == len(layers) and len(data["borders"]["features"]) == 2
    point = next(p for p in data["places"] if "pt" in p)
    area = next(p for p in data["places"] if "pt" not in p)
    assert point["pt"] == [19.95, 2.97] and point["f"].startswith("#") and point["r"] > 0
    assert area["e"][0] == "P" and area["s"]["color"].startswith("#")
    assert data["groups"] == ["Regions", "Towns and cities"]
    for place in data["places"]:
        assert "na-place" in place["c"]
        for key in ("n", "p", "h"):
            assert "<script" not in place[key] and "`" not in place[key] and "${" not in place[key]


def test_view_fits_places_but_not_whole_russia():
    gdf = gpd.GeoDataFrame({"lat": [60.0, 19.95], "lon": [100.0, 2.97]},
                           geometry=[box(20, 41, 180, 82), Point(2.97, 19.95)], crs="EPSG:4326")
    (south, west), (north, east) = view_bounds(gdf)
    assert south < 19.95 < north and west < 2.97 < east
    assert east < 110  # Russia counted by its point, not its 160° of longitude


def test_seed_map_is_self_contained_and_small(tmp_path: Path):
    out = write_map(sorted(ARTICLES_DIR.glob("*.txt")), tmp_path / "atlas.html", title="Seed")
    page = out.read_text(encoding="utf-8")
    assert out.stat().st_size <= 1_300_000
    popups = " ".join(p["p"] for p in page_data(page)["places"])
    assert "Tin Zaouatine" in page and "<mark>Tin Zaouatine</mark>" in popups
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)


def test_one_country_name_on_the_static_map_the_dashboard_table_and_claim_labels():
    """Russia is "Russia" everywhere (not "Russian Federation" on the map); Algeria reads the same in a
    claim's label, the map's popups and the dashboard's places table."""
    from geo.dashboard.state import places_frame
    from geo.nlp.pipeline import parse_document

    text = ("Algiers has maintained that the drone violated its airspace by more than two kilometers near "
            "Tin Zaouatine, Algeria. Russia and Algeria talked.")
    doc = make_document(text, title="names", doc_id="names")
    layers = build_layers([(doc, parse_document(doc))])
    html = render_html(layers, title="names")
    table = places_frame(layers)
    claim_labels = [c["label"] for c in layers["claim"] if isinstance(c, dict)]
    assert any(label.startswith("Algeria:") and "inside Algeria" in label for label in claim_labels), claim_labels
    countries = dict(zip(layers["country_code"], table["Country"], strict=True))
    assert countries["RU"] == "Russia (RU)" and countries["DZ"] == "Algeria (DZ)"
    assert "Russia (RU)" in html and "Algeria (DZ)" in html
    assert "Russian Federation" not in html and "Russian Federation" not in " ".join(table["Country"])
