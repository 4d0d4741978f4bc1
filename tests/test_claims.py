"""Spatial claims: phrasings, units, negatives, anchors around the world, the seed article's two claims,
and their way into the GeoJSON export and the static map."""

from __future__ import annotations

import json
import math

import pytest
import shapely
from shapely.geometry import Point

from geo.claims import Claim, claims_rows, extract_claims
from geo.claims.geometry import ANCHOR_BORDER_KM, VICINITY_KM, border_line, drawn_bounds
from geo.geometry.borders import country_shape
from geo.geometry.metric import local_crs
from geo.geometry.metric import to_crs as _apply
from geo.layers.table import layers_frame
from geo.nlp.pipeline import parse_document
from geo.settings import ARTICLES_DIR
from geo.text.document import make_document
from geo.text.quantities import find_distances

SEED = ARTICLES_DIR / "aes-recalls-ambassadors.txt"
TIN_ZAOUATINE = (2.9667, 19.9533)  # lon, lat


def claims_of(text: str, **kwargs) -> list[Claim]:
    doc = make_document(text, doc_id="t")
    return extract_claims(doc, parse_document(doc), **kwargs)


def band_distances(claim: Claim, a: str, b: str, centre: tuple[float, float]) -> tuple[float, float, float]:
    """(min, max) km from the a–b border over the claim's geometry, and its farthest km from ``centre``."""
    fwd, _ = local_crs(*centre)
    geom = _apply(fwd, claim.geometry)
    line = _apply(fwd, border_line(a, b))
    coords = shapely.points(shapely.get_coordinates(geom))
    far = max(shapely.distance(coords, line)) / 1000
    return geom.distance(line) / 1000, far, max(shapely.distance(coords, Point(0, 0))) / 1000


# --- phrasings, units and anchors ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "relation", "claimant", "territory", "counterpart", "anchor", "drawn"),
    [
        ("Algiers has maintained that the drone violated its airspace by more than two kilometers near "
         "Tin Zaouatine.", "inside", "DZ", "DZ", "ML", "Tin Zaouatine", (2, 5)),
        ("Malian authorities claim the drone was 10 kilometers within their territory near Tin Zaouatine.",
         "inside", "ML", "ML", "DZ", "Tin Zaouatine", (9, 11)),
        ("Israeli troops pushed 3 km inside Lebanon from the Israeli border near Metula, Lebanese officials said.",
         "inside", "LB", "LB", "IL", "Metula", (2.7, 3.3)),
        ("Ukraine's army said its forces advanced 12 km into Russia near Sudzha.",
         "inside", "UA", "RU", "UA", "Sudzha", (10.8, 13.2)),
        ("Pakistan said the Indian jets entered its airspace by at least 5 miles near Lahore.",
         "inside", "PK", "PK", "IN", "Lahore", (8.04672, 20.1168)),
        ("Venezuelan troops moved 2 miles beyond the Colombian border near Cúcuta.",
         "beyond", "", "CO", "VE", "Cúcuta", (2.8968, 3.5406)),
        ("The camp lies within 10 km of the Turkish border near Kilis.",
         "from_border", "", "", "TR", "Kilis", (0, 10)),
        ("According to Syrian officials, the shell landed about 5 kilometres from the border near Kilis.",
         "from_border", "SY", "", "SY", "Kilis", (4, 6)),
        ("The village lies 800 meters inside Bhutan from the Chinese border.",
         "inside", "", "BT", "CN", None, (0.72, 0.88)),
        ("Thailand says the Cambodian soldiers were 2 km inside Thai territory.",
         "inside", "TH", "TH", "KH", None, (1.8, 2.2)),
    ],
)
def test_border_claims(text: str, relation: str, claimant: str, territory: str, counterpart: str,
                       anchor: str | None, drawn: tuple[float, float]) -> None:
    (claim,) = claims_of(text)
    assert claim.relation == relation
    assert claim.claimant.code == claimant
    assert (claim.territory, claim.counterpart) == (territory, counterpart)
    assert (claim.anchor.name if claim.anchor else None) == anchor
    assert claim.drawn_km == pytest.approx(drawn, abs=1e-3)
    assert claim.geometry.is_valid and not claim.geometry.is_empty
    if territory:
        shape = country_shape(territory)
        outside = claim.geometry.difference(shape.buffer(1e-6)).area
        assert outside < 1e-4 * claim.geometry.area, "band lies inside its territory"
    ref = (claim.anchor.lon, claim.anchor.lat) if claim.anchor else claim.geometry.centroid.coords[0]
    a, b = (territory, counterpart) if territory else (claim.counterpart, _other(claim))
    near, far, reach = band_distances(claim, a, b, ref)
    assert near >= drawn[0] - 0.05 and far <= drawn[1] + 0.05
    assert far >= drawn[1] - 0.5, "the band reaches its stated depth"
    if claim.anchor:
        assert VICINITY_KM <= claim.vicinity_km and reach <= claim.vicinity_km + 0.05
    assert text[claim.start - 0:claim.end] == claim.text  # one-sentence document: offsets are the text's


def _other(claim: Claim) -> str:
    from geo.claims.geometry import neighbours

    return min(neighbours(claim.counterpart), key=lambda c: claim.geometry.distance(country_shape(c)))


@pytest.mark.parametrize(
    ("text", "claimant", "anchor", "direction", "drawn"),
    [
        ("The fire was burning 20 miles north of Denver.", "", "Denver", "north", (28.9682, 35.4056)),
        ("A stray shell fell 15 km south-west of Kharkiv, Ukrainian officials said.", "UA", "Kharkiv",
         "southwest", (13.5, 16.5)),
        ("The floods reached 40 km east of Dhaka.", "", "Dhaka", "east", (36, 44)),
        ("The convoy was stopped 3 km from Rafah.", "", "Rafah", "", (2.7, 3.3)),
        ("The base is within 5 miles of Denver.", "", "Denver", "", (0, 8.04672)),
    ],
)
def test_place_claims(text: str, claimant: str, anchor: str, direction: str, drawn: tuple[float, float]) -> None:
    (claim,) = claims_of(text)
    assert claim.relation == "from_place"
    assert claim.claimant.code == claimant
    assert claim.anchor is not None and claim.anchor.name.replace("ḩ", "h") == anchor
    assert claim.direction == direction
    assert claim.drawn_km == pytest.approx(drawn, abs=1e-3)
    fwd, _ = local_crs(claim.anchor.lon, claim.anchor.lat)
    geom = _apply(fwd, claim.geometry)
    dists = shapely.distance(shapely.points(shapely.get_coordinates(geom)), Point(0, 0)) / 1000
    assert geom.distance(Point(0, 0)) / 1000 >= drawn[0] - 0.05
    assert max(dists) <= drawn[1] + 0.05
    if direction:
        bearing = {"north": 0, "east": 90, "southwest": 225}[direction]
        c = geom.centroid
        got = math.degrees(math.atan2(c.x, c.y)) % 360
        assert min(abs(got - bearing), 360 - abs(got - bearing)) < 5


@pytest.mark.parametrize(
    "text",
    [
        "Ten kilometers of road were paved last year in Kenya.",
        "10 kilometers of road were paved near Tin Zaouatine.",
        "She won a 5 km race in Nairobi.",
        "He ran 10 km in Kenya.",
        "The wall is 700 kilometres long.",
        "The 300-kilometre pipeline from Algeria to Spain opened.",
        "A 2 km stretch of the border with Mali was fenced.",
        "The drone flew 40 miles before it crashed in Mali.",
        "Troops were seen 5 km into Malian territory.",  # no border, no town: nothing honest to draw
        "The drone came down near Tin Zaouatine.",  # "near" without a distance, unless near=True
    ],
)
def test_no_claim(text: str) -> None:
    assert claims_of(text) == []


def test_near_buffer_on_request() -> None:
    (claim,) = claims_of("The drone came down near Tin Zaouatine, Algeria said.", near=True)
    assert claim.relation == "near" and claim.claimant.code == "DZ"
    assert "10 km" in claim.label and claim.drawn_km == (0.0, 10.0)
    fwd, _ = local_crs(claim.anchor.lon, claim.anchor.lat)
    assert _apply(fwd, claim.geometry).area / 1e6 == pytest.approx(math.pi * 100, rel=0.01)


def test_drawn_bounds_state_the_cap() -> None:
    (more,) = find_distances("more than two kilometers")
    (exact,) = find_distances("10 kilometers")
    (upto,) = find_distances("up to 3 km")
    assert drawn_bounds(more) == (2.0, 5.0)
    assert drawn_bounds(exact) == (9.0, 11.0)
    assert drawn_bounds(upto) == (0.0, 3.0)


def test_capital_far_from_the_border_is_no_anchor() -> None:
    # Algiers is the claimant and lies far from any land border: the band runs along the whole border
    (claim,) = claims_of("The drone from Mali violated Algeria's airspace by 3 km, officials in Algiers said.")
    assert claim.anchor is None and (claim.territory, claim.counterpart) == ("DZ", "ML")
    assert "whole shared border" in " ".join(claim.notes)
    assert claim.geometry.length > 2 * border_line("DZ", "ML").length - 1  # both edges of the whole border
    # no town and no neighbour named: no border to draw, so no claim
    assert claims_of("The drone violated Algeria's airspace by 3 km, officials in Algiers said.") == []


# --- the seed article -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_claims() -> list[Claim]:
    text = SEED.read_text(encoding="utf-8")
    doc = make_document(text, doc_id=SEED.name)
    return extract_claims(doc, parse_document(doc))


def test_seed_has_two_claims(seed_claims: list[Claim]) -> None:
    assert [(c.claimant.name, c.claimant.surface, c.territory) for c in seed_claims] == [
        ("Algeria", "Algiers", "DZ"), ("Mali", "Malian authorities", "ML")]
    algeria, mali = seed_claims
    assert algeria.sentence_text.startswith("Algiers has maintained")
    assert algeria.text == "violated its airspace by more than two kilometers"
    assert mali.sentence_text.startswith("In contrast, Malian authorities claim")
    assert mali.text == "10 kilometers within their territory"
    assert algeria.quantity == "more than two kilometers (more than 2 km)"
    assert all(c.anchor is not None and c.anchor.name == "Tin Zaouatine" for c in seed_claims)
    assert all("anchor Tin Zaouatine taken from sentence 4" in " ".join(c.notes) for c in seed_claims)


def test_seed_algerian_band(seed_claims: list[Claim]) -> None:
    claim = seed_claims[0]
    assert claim.geometry.difference(country_shape("DZ").buffer(1e-6)).area < 1e-9
    near, far, reach = band_distances(claim, "DZ", "ML", TIN_ZAOUATINE)
    assert near == pytest.approx(2.0, abs=0.05)  # begins at 2 km: "more than two kilometers"
    assert far == pytest.approx(5.0, abs=0.05)  # the stated visual cap
    assert reach <= 30.05


def test_seed_malian_band(seed_claims: list[Claim]) -> None:
    claim = seed_claims[1]
    assert claim.geometry.difference(country_shape("ML").buffer(1e-6)).area < 1e-9
    near, far, reach = band_distances(claim, "ML", "DZ", TIN_ZAOUATINE)
    assert near == pytest.approx(9.0, abs=0.05) and far == pytest.approx(11.0, abs=0.05)  # 10 km ± 10%
    assert reach <= 30.05
    assert ANCHOR_BORDER_KM >= 30


def test_seed_geojson_and_map() -> None:
    from geo.layers import build_layers, layers_to_geojson
    from geo.render.webmap import render_html

    text = SEED.read_text(encoding="utf-8")
    doc = make_document(text, title="AES <seed>", doc_id=SEED.name)
    layers = build_layers([(doc, parse_document(doc))])
    features = json.loads(layers_to_geojson(layers))["features"]
    claims = [f for f in features if f["properties"]["kind"] == "claim"]
    assert [f["properties"]["claimant"] for f in claims] == ["Algeria", "Mali"]
    for f in claims:
        props = f["properties"]
        assert props["sentence"] and props["quantity"] and props["label"] and props["color"]
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert claims[0]["properties"]["color"] != claims[1]["properties"]["color"]
    html = render_html(layers, title="seed")
    for f in claims:
        assert f["properties"]["color"] in html
    assert "Claims, by claimant" in html and "na-claim" in html


def test_claim_strings_are_escaped_on_the_map() -> None:
    from geo.layers.table import build_layers
    from geo.render.webmap import render_html

    text = ("Algiers has maintained that the drone <img src=x onerror=alert(1)> ${x} `y` violated its airspace "
            "by more than two kilometers near Tin Zaouatine.")
    doc = make_document(text, title="<script>t</script>", doc_id="hostile")
    layers = build_layers([(doc, parse_document(doc))])
    assert "claim" in set(layers["kind"])
    html = render_html(layers, title="hostile")
    assert "<img src=x" not in html and "${x}" not in html and "<script>t</script>" not in html


def test_claims_frame_schema() -> None:
    doc = make_document("Malian authorities claim the drone was 10 kilometers within their territory near "
                        "Tin Zaouatine.", doc_id="m")
    frame = layers_frame(claims_rows([(doc, parse_document(doc))]))
    assert list(frame["kind"]) == ["claim"] and frame.crs.to_epsg() == 4326
    row = frame.iloc[0]
    (link,) = row["sentences"]
    spans = [link["text"][s:e] for s, e in link["spans"]]
    assert spans == ["Malian authorities", "10 kilometers within their territory"]


def test_only_texts_giving_a_distance_are_parsed_for_claims() -> None:
    """``may_hold_claims`` lets the dashboard skip parsing an article for claims: it must be true for every
    text that has one (English and French), and false for a text that gives no distance."""
    from geo.claims import may_hold_claims

    with_claims = [SEED.read_text(encoding="utf-8"),
                   (ARTICLES_DIR / "rappel-des-ambassadeurs-aes.txt").read_text(encoding="utf-8"),
                   "Thailand says the Cambodian soldiers were 2 km inside Thai territory.",
                   "Les autorités maliennes affirment que le drone se trouvait à dix kilomètres à l'intérieur de leur "
                   "territoire, près de Tin Zaouatine."]
    for text in with_claims:
        doc = make_document(text, doc_id="t")
        assert extract_claims(doc, parse_document(doc)), text[:60]
        assert may_hold_claims(text), text[:60]
    assert not may_hold_claims("The drone came down near Tin Zaouatine, Algeria said, and Mali denied it.")
    assert not may_hold_claims("Le drone s'est écrasé près de Tin Zaouatine, selon Alger.")


def test_claims_without_places_are_the_claim_rows_of_the_whole_table() -> None:
    """The dashboard asks for an article's claims only (the store has its places): the same rows, no place
    shape looked up."""
    from geo.layers import build_layers

    doc = make_document(SEED.read_text(encoding="utf-8"), title="AES", doc_id=SEED.name)
    parsed = [(doc, parse_document(doc))]
    looked_up: list[str] = []
    only = build_layers(parsed, places=False, shape_for=lambda place: looked_up.append(place.id))
    whole = build_layers(parsed)
    assert not looked_up and set(only["kind"]) == {"claim"}
    claims = whole[whole["kind"] == "claim"].reset_index(drop=True)
    assert list(only["place_id"]) == list(claims["place_id"]) and len(only) == 2
    assert all(a.equals(b) for a, b in zip(only.geometry, claims.geometry, strict=True))


def test_the_dashboard_warm_up_loads_the_parser_and_logs_a_failure(monkeypatch, caplog):
    from geo.dashboard import parsing

    parsing.warm_up_in_background().join(60)  # the real warm-up: parses and looks for claims, raises nothing

    def broken(*_args, **_kwargs):
        raise OSError("gazetteer unreadable")

    monkeypatch.setattr(parsing, "parse_text", broken)
    with caplog.at_level("WARNING"):
        thread = parsing.warm_up_in_background()
        thread.join(10)
    assert not thread.is_alive() and "parser warm-up failed: gazetteer unreadable" in caplog.text
