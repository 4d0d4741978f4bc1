"""geo.layers.table: one row per place, linked to the sentences that mention it; exports."""

from __future__ import annotations

import csv
import io
import json

from shapely.geometry import Point, box

from geo.layers import build_layers, country_mention_counts, layers_to_csv, layers_to_geojson, sentence_links
from geo.model import Mention, Place
from geo.text.document import make_document

MALI = Place("country:ML", "Mali", "country", "ML", 17.0, -4.0)
TIN = Place("gn:tin", "Tin Zaouatine", "town", "DZ", 19.9533, 2.9667)
AES = Place("group:aes", "Alliance of Sahel States", "group", "", 15.0, 0.0)


def shapes(place: Place):
    return Point(place.lon, place.lat) if place.kind == "town" else box(-12, 10, 4, 25)


def mentions_of(doc, names: dict[str, Place]) -> list[Mention]:
    out = []
    for surface, place in names.items():
        start = doc.text.find(surface)
        while start >= 0:
            sentence = next(s for s in doc.sentences if s.start <= start < s.end)
            out.append(Mention(start, start + len(surface), surface, sentence.index, place, 0.8))
            start = doc.text.find(surface, start + 1)
    return out


def parsed_docs():
    a = make_document("Mali and the AES met. A drone fell near Tin Zaouatine, close to Mali.",
                      title="First", doc_id="a")
    b = make_document("The AES answered Mali.", title="Second", doc_id="b")
    names = {"Mali": MALI, "Tin Zaouatine": TIN, "AES": AES}
    return [(a, mentions_of(a, names)), (b, mentions_of(b, names))]


def test_one_row_per_place_with_counts_and_sentences():
    gdf = build_layers(parsed_docs(), shape_for=shapes)
    assert list(gdf["place_id"]) == ["country:ML", "group:aes", "gn:tin"]  # kinds in order, points last
    row = gdf.set_index("place_id").loc["country:ML"]
    assert row["mentions"] == 3
    assert [(s["title"], s["sentence"]) for s in row["sentences"]] == [("First", 0), ("First", 1), ("Second", 0)]
    assert gdf.crs.to_epsg() == 4326
    assert gdf.set_index("place_id").loc["gn:tin"].geometry.equals(Point(2.9667, 19.9533))


def test_spans_are_offsets_within_the_sentence():
    doc, mentions = parsed_docs()[0]
    links = sentence_links(doc, mentions)
    for link in links["country:ML"] + links["gn:tin"]:
        for start, end in link["spans"]:
            assert link["text"][start:end] in {"Mali", "Tin Zaouatine"}


def test_two_mentions_in_one_sentence_share_an_entry():
    doc = make_document("Mali, Mali and Mali.")
    links = sentence_links(doc, mentions_of(doc, {"Mali": MALI}))
    assert len(links["country:ML"]) == 1
    assert links["country:ML"][0]["spans"] == [[0, 4], [6, 10], [15, 19]]


def test_place_without_shape_falls_back_to_its_point():
    gdf = build_layers(parsed_docs(), shape_for=lambda p: None)
    assert all(g.geom_type == "Point" for g in gdf.geometry)


def test_country_mention_counts_include_contained_places():
    gdf = build_layers(parsed_docs(), shape_for=shapes)
    assert country_mention_counts(gdf) == {"ML": 3, "DZ": 1}
    assert country_mention_counts(gdf, include_contained=False) == {"ML": 3}


def test_empty_input_gives_empty_table():
    gdf = build_layers([], shape_for=shapes)
    assert len(gdf) == 0 and "sentences" in gdf.columns
    assert json.loads(layers_to_geojson(gdf))["features"] == []


def test_geojson_export_keeps_sentences():
    data = json.loads(layers_to_geojson(build_layers(parsed_docs(), shape_for=shapes)))
    tin = next(f for f in data["features"] if f["id"] == "gn:tin")
    assert tin["geometry"] == {"type": "Point", "coordinates": [2.9667, 19.9533]}
    assert tin["properties"]["sentences"][0]["text"] == "A drone fell near Tin Zaouatine, close to Mali."


def test_csv_export_round_trips_sentences():
    rows = list(csv.DictReader(io.StringIO(layers_to_csv(build_layers(parsed_docs(), shape_for=shapes)))))
    assert [r["name"] for r in rows] == ["Mali", "Alliance of Sahel States", "Tin Zaouatine"]
    assert json.loads(rows[2]["sentences"])[0]["spans"] == [[18, 31]]
    assert rows[2]["geometry_wkt"] == "POINT (2.9667 19.9533)"


def test_layer_order_is_the_vocabulary_order_with_and_without_claims():
    """One kind order everywhere: a county sits before towns whether or not claims are drawn."""
    from geo.nlp.pipeline import parse_document
    from geo.vocabulary import KINDS

    doc = make_document("Malian authorities claim the drone was 10 kilometers within their territory near "
                        "Tin Zaouatine. Walker County and Houston sent no one.", doc_id="order")
    county = Place("us-county:48471", "Walker County", "county", "US", 30.74, -95.57)
    mentions = [m for m in parse_document(doc) if m.place.kind != "county"]
    start = doc.text.index("Walker County")
    mentions.append(Mention(start, start + len("Walker County"), "Walker County", 1, county, 0.9))
    parsed = [(doc, sorted(mentions, key=lambda m: m.start))]
    plain = build_layers(parsed, claims=False)
    with_claims = build_layers(parsed, claims=True)
    order = list(KINDS)
    for layers in (plain, with_claims):
        ranks = [order.index(k) for k in layers["kind"]]
        assert ranks == sorted(ranks), list(layers["kind"])
    assert "claim" in set(with_claims["kind"]) and "county" in set(with_claims["kind"])
    assert [k for k in with_claims["kind"] if k != "claim"] == list(plain["kind"])
    kinds = list(with_claims["kind"])
    assert kinds.index("county") < kinds.index("town") and kinds.index("claim") < kinds.index("county")


def test_csv_cells_never_start_a_formula():
    evil = Place("gn:evil", "=HYPERLINK(\"http://x\",\"y\")", "town", "@X", 10.0, -2.0)
    doc = make_document("Troops reached Evil town.", title="+cmd", doc_id="-doc")
    start = doc.text.index("Evil")
    rows = list(csv.reader(io.StringIO(layers_to_csv(build_layers(
        [(doc, [Mention(start, start + 4, "Evil", 0, evil, 0.9)])], shape_for=shapes)))))
    header, row = rows[0], rows[1]
    cells = dict(zip(header, row, strict=True))
    assert cells["name"] == "'=HYPERLINK(\"http://x\",\"y\")" and cells["country_code"] == "'@X"
    assert float(cells["lon"]) == -2.0  # numbers stay numbers
    numeric = {"lat", "lon", "mentions", "confidence"}
    assert all(not v.startswith(("=", "+", "-", "@")) for k, v in cells.items() if k not in numeric)


def test_layers_carry_event_times_of_their_sentences():
    """Each sentence link carries its event time (geo.time); GeoJSON and CSV give each place its span."""
    from geo.nlp.pipeline import parse_document
    from geo.settings import ARTICLES_DIR
    from geo.text.reading import read_documents

    (doc,), _ = read_documents([ARTICLES_DIR / "aes-recalls-ambassadors.txt"])
    layers = build_layers([(doc, parse_document(doc))], claims=False)
    tin = layers.set_index("name").loc["Tin Zaouatine"]
    (link,) = tin["sentences"]
    assert (link["event_start"], link["event_end"], link["event_source"]) == ("2025-03-31", "2025-04-01", "text")
    feature = next(f for f in json.loads(layers_to_geojson(layers))["features"]
                   if f["properties"]["name"] == "Tin Zaouatine")
    assert (feature["properties"]["event_start"], feature["properties"]["event_end"]) == ("2025-03-31", "2025-04-01")
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(layers_to_csv(layers)))}
    assert (rows["Tin Zaouatine"]["event_start"], rows["Tin Zaouatine"]["event_end"]) == ("2025-03-31", "2025-04-01")
