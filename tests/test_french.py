"""French articles (issue 16): the language of each article, French recognition through the same mechanisms
(exonyms, elision, demonyms in four forms, cues, directional parts), French claims and dates, the French seed
story against its gold (tests/fixtures/seed_fr_gold.json), and "lang" in the outputs. Real gazetteer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import Point

from geo.claims import extract_claims
from geo.cli.main import main
from geo.gazetteer import load_gazetteer
from geo.gazetteer.languages import language_index, read_demonyms_fr, read_names
from geo.geometry.borders import country_shape
from geo.geometry.metric import haversine_km
from geo.geometry.shapes import shape_for
from geo.model import Mention
from geo.nlp.pipeline import geoparse, parse_document
from geo.settings import ARTICLES_DIR
from geo.text.document import make_document
from geo.text.language import detect_language, is_parsed
from geo.text.quantities import find_distances
from geo.time import find_dates, parse_published

FR_SEED = ARTICLES_DIR / "rappel-des-ambassadeurs-aes.txt"
EN_SEED = ARTICLES_DIR / "aes-recalls-ambassadors.txt"
GOLD = json.loads((Path(__file__).parent / "fixtures" / "seed_fr_gold.json").read_text(encoding="utf-8"))
TIN_ZAOUATINE = (2.9667, 19.9533)  # lon, lat


def fr(text: str) -> list[Mention]:
    return geoparse(text, lang="fr")


def by_text(mentions: list[Mention]) -> dict[str, Mention]:
    return {m.text: m for m in mentions}


# --- language ---------------------------------------------------------------------------------------------


def test_language_of_articles() -> None:
    assert detect_language(FR_SEED.read_text(encoding="utf-8")) == "fr"
    assert detect_language(EN_SEED.read_text(encoding="utf-8")) == "en"
    german = ("Die Bundesregierung hat am Montag beschlossen, die Botschaft in Bamako vorübergehend zu schließen, "
              "teilte das Auswärtige Amt mit.")
    assert detect_language(german) == "de" and not is_parsed("de")


def test_short_texts_fall_back_to_a_parsed_language() -> None:
    assert detect_language("Bamako") == "en"  # a name alone is no evidence of French
    assert detect_language("Tin Zaouatine, Kidal, Gao") == "en"
    assert detect_language("Le nord du Mali") == "fr"
    assert detect_language("Attaque à Gao") == "fr"
    assert detect_language("   ") == "en"


def test_document_language_given_or_detected() -> None:
    assert make_document("Des combats ont eu lieu près de Kidal, selon l'armée malienne.").lang == "fr"
    assert make_document("Des combats ont eu lieu près de Kidal.", lang="EN").lang == "en"


def test_other_languages_get_no_half_results(capsys) -> None:
    text = ("Die Bundesregierung hat am Montag beschlossen, die Botschaft in Bamako vorübergehend zu schließen, "
            "teilte das Auswärtige Amt in Berlin mit.")
    doc = make_document(text)
    assert doc.lang == "de" and parse_document(doc) == []


# --- the failures listed in the issue ---------------------------------------------------------------------


def test_la_cote_d_ivoire_is_the_country() -> None:
    found = by_text(fr("La Côte d'Ivoire a fermé sa frontière avec le Burkina Faso."))
    assert found["Côte d'Ivoire"].country_code == "CI" and found["Côte d'Ivoire"].kind == "country"
    assert not any(m.country_code == "FR" for m in found.values())  # not La Rochelle


def test_tombouctou_is_the_town_and_la_region_de_kidal_the_region() -> None:
    mentions = fr("Les habitants de Tombouctou ont fui. Des combats ont eu lieu dans la région de Kidal. "
                  "La région de Tombouctou est la plus vaste du pays.")
    town, kidal, region = mentions
    assert (town.text, town.kind, town.country_code) == ("Tombouctou", "town", "ML")
    assert haversine_km(town.lat, town.lon, 16.77, -3.01) < 10
    assert (kidal.text, kidal.kind, kidal.place.id) == ("Kidal", "admin1", "admin1:ML-8")
    assert (region.text, region.kind) == ("Tombouctou", "admin1")


def test_elision_and_french_names() -> None:
    found = by_text(fr("L'Algérie a protesté. Le ministre d'Algérie est arrivé, mais c'est qu'Alger décide. "
                       "Des frappes près de Tinzaouatène ont inquiété la Mauritanie, la Côte d'Ivoire et Ménaka."))
    assert [m.text for m in found.values()] == ["Algérie", "Alger", "Tinzaouatène", "Mauritanie", "Côte d'Ivoire",
                                                "Ménaka"]
    assert found["Algérie"].country_code == "DZ" and found["Alger"].name == "Algiers"
    assert found["Tinzaouatène"].place.kind == "town" and haversine_km(
        found["Tinzaouatène"].lat, found["Tinzaouatène"].lon, 19.95, 2.97) < 15
    assert found["Mauritanie"].country_code == "MR" and found["Ménaka"].country_code == "ML"


def test_lower_case_demonyms_in_four_forms() -> None:
    found = by_text(fr("L'armée malienne, les autorités maliennes, le gouvernement algérien, les soldats "
                       "burkinabè et les militaires maliens. Le président nigérien a reçu le ministre nigérian."))
    assert {t: (m.country_code, m.cue) for t, m in found.items()} == {
        "malienne": ("ML", "demonym"), "maliennes": ("ML", "demonym"), "algérien": ("DZ", "demonym"),
        "burkinabè": ("BF", "demonym"), "maliens": ("ML", "demonym"), "nigérien": ("NE", "demonym"),
        "nigérian": ("NG", "demonym")}


def test_a_demonym_used_as_a_noun_is_no_place() -> None:
    assert fr("Le communiqué a été publié en français et en anglais.") == []


def test_french_directional_parts() -> None:
    found = by_text(fr("Les violences dans le nord du Mali et dans le centre du Mali ont gagné le Nord malien "
                       "puis l'est du Burkina Faso et le nord-est du Nigeria."))
    parts = {t: (m.kind, m.place.id) for t, m in found.items()}
    assert parts == {
        "nord du Mali": ("part", "part:north:country:ML"), "centre du Mali": ("part", "part:central:country:ML"),
        "Nord malien": ("part", "part:north:country:ML"), "est du Burkina Faso": ("part", "part:east:country:BF"),
        "nord-est du Nigeria": ("part", "part:northeast:country:NG")}
    north = shape_for(found["nord du Mali"].place)
    assert north.contains(Point(1.41, 18.44)) and not north.contains(Point(-8.0, 12.65))  # Kidal, not Bamako


def test_a_bearing_from_a_town_is_no_part() -> None:
    (gao,) = fr("Un poste a été attaqué à 20 km au nord de Gao.")
    assert gao.text == "Gao" and gao.kind == "city"


def test_river_cue_keeps_the_country_out() -> None:
    assert [m.text for m in fr("Le fleuve Niger traverse Bamako.")] == ["Bamako"]


def test_french_persons_are_not_places() -> None:
    found = by_text(fr("Le Premier ministre, le général Abdoulaye Maïga, est arrivé à Gao. Maïga a déclaré "
                       "que Bamako affirme sa souveraineté, selon Jeune Afrique. France Télévisions l'a interrogé."))
    assert set(found) == {"Gao", "Bamako"}


def test_english_reads_the_index_alone() -> None:
    gazetteer = load_gazetteer()
    assert language_index(gazetteer, "en") is gazetteer
    assert language_index(gazetteer, "fr") is language_index(gazetteer, "fr")  # built once


# --- French names data ------------------------------------------------------------------------------------


def test_french_tables_name_real_places() -> None:
    gazetteer = load_gazetteer()
    demonyms = read_demonyms_fr()
    assert demonyms["maliennes"] == "ML" and demonyms["nigérian"] == "NG" and demonyms["nigérien"] == "NE"
    assert all(gazetteer.get(f"country:{code}") is not None for code in set(demonyms.values()))
    assert all(gazetteer.get(place_id) is not None for place_id, _name, _type in read_names())


def test_a_demonym_for_two_countries_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "d.csv"
    table.write_text("country_code,masculine,feminine,masculine_plural,feminine_plural\n"
                     "CG,congolais,congolaise,congolais,congolaises\nCD,congolais,congolaise,congolais,congolaises\n",
                     encoding="utf-8")
    with pytest.raises(ValueError, match="congolais"):
        read_demonyms_fr(table)


# --- claims, distances and dates --------------------------------------------------------------------------


def claims_fr(text: str) -> list:
    doc = make_document(text, doc_id="t", lang="fr")
    return extract_claims(doc, parse_document(doc))


def test_french_distances() -> None:
    found = [(d.surface, d.min_km, d.max_km) for d in find_distances(
        "sur plus de deux kilomètres, à 9,5 km, près de 1 400 kilomètres, une vingtaine de kilomètres, "
        "entre 5 et 8 km, plus de 2 000 personnes", "fr")]
    assert found == [("plus de deux kilomètres", 2.0, None), ("9,5 km", 9.5, 9.5),
                     ("près de 1 400 kilomètres", 1120.0, 1400.0), ("une vingtaine de kilomètres", 16.0, 24.0),
                     ("entre 5 et 8 km", 5.0, 8.0)]


def test_inside_the_malian_territory() -> None:
    (claim,) = claims_fr("Bamako affirme que le drone se trouvait à 10 kilomètres à l'intérieur du territoire "
                         "malien, près de Tinzaouatène.")
    assert (claim.relation, claim.claimant.code, claim.territory, claim.counterpart) == ("inside", "ML", "ML", "DZ")
    assert claim.geometry.difference(country_shape("ML").buffer(1e-6)).area < 1e-9


@pytest.mark.parametrize(
    ("text", "relation", "claimant", "territory", "counterpart", "place"),
    [
        ("Le camp se trouve à 5 km de la frontière algérienne, côté malien, près de Tessalit, selon l'armée "
         "malienne.", "from_border", "ML", "ML", "DZ", None),
        ("Des hommes armés ont attaqué un poste à 20 km au nord de Gao, selon l'armée malienne.",
         "from_place", "ML", "", "", "Gao"),
        ("Alger affirme que l'appareil avait pénétré de deux kilomètres dans l'espace aérien algérien près de "
         "Tin Zaouatine.", "inside", "DZ", "DZ", "ML", None),
    ],
)
def test_french_claims(text: str, relation: str, claimant: str, territory: str, counterpart: str,
                       place: str | None) -> None:
    (claim,) = claims_fr(text)
    assert (claim.relation, claim.claimant.code, claim.territory) == (relation, claimant, territory)
    if counterpart:
        assert claim.counterpart == counterpart
    if place:
        assert claim.anchor is not None and claim.anchor.name == place


def test_a_length_is_no_claim() -> None:
    assert claims_fr("Les travaux ont porté sur 30 km de route près de Gao.") == []


def test_french_dates() -> None:
    doc = make_document("Il y a trois jours, une attaque a visé Gao. La semaine dernière, le convoi est parti le "
                        "1er avril. Jeudi prochain, les ministres se réuniront. En mai 2024, tout a changé. "
                        "Mais il arrive que mai soit chaud.", lang="fr")
    found = {d.text: (d.start.isoformat(), d.end.isoformat())
             for d in find_dates(doc, parse_published("2025-04-07"), language="fr")}
    assert found == {"Il y a trois jours": ("2025-04-04", "2025-04-04"),
                     "La semaine dernière": ("2025-03-31", "2025-04-06"),
                     "1er avril": ("2025-04-01", "2025-04-01"),
                     "Jeudi prochain": ("2025-04-10", "2025-04-10"),
                     "mai 2024": ("2024-05-01", "2024-05-31")}


# --- the French seed story --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> tuple:
    from geo.text.reading import read_documents

    (doc,), problems = read_documents([FR_SEED])
    assert not problems
    return doc, parse_document(doc)


def _satisfies(mention: Mention, entity: dict) -> bool:
    if "iso" in entity:
        return mention.place.kind == "country" and mention.country_code == entity["iso"]
    if "tol_km" in entity:
        return haversine_km(mention.lat, mention.lon, entity["lat"], entity["lon"]) <= entity["tol_km"]
    shape = shape_for(mention.place)
    return all(shape.contains(Point(lon, lat)) for lat, lon in entity["inside"]) and not any(
        shape.contains(Point(lon, lat)) for lat, lon in entity.get("outside", []))


@pytest.mark.parametrize("entity", GOLD["entities"], ids=lambda e: e["name"])
def test_seed_fr_every_surface(seed: tuple, entity: dict) -> None:
    doc, mentions = seed
    assert doc.lang == "fr" and doc.published == "2025-04"
    for surface in entity["surfaces"]:
        found = [m for m in mentions if m.text == surface]
        assert found, f"{surface!r} not recognised"
        assert all(_satisfies(m, entity) for m in found), [(m.text, m.name, m.kind) for m in found]


def test_seed_fr_no_trap(seed: tuple) -> None:
    _doc, mentions = seed
    assert not {m.text for m in mentions} & set(GOLD["traps"])


def test_seed_fr_claims_on_both_sides_of_the_border(seed: tuple) -> None:
    doc, mentions = seed
    claims = extract_claims(doc, mentions)
    assert [(c.claimant.name, c.claimant.surface, c.territory, c.counterpart, c.text) for c in claims] == [
        (g["claimant"], g["surface"], g["territory"], g["counterpart"], g["text"]) for g in GOLD["claims"]]
    for claim, gold in zip(claims, GOLD["claims"], strict=True):
        assert claim.anchor is not None and claim.anchor.name == "Tin Zaouatine"
        assert claim.drawn_km == pytest.approx(tuple(gold["drawn_km"]), abs=0.01)
        # the whole band lies in the claimed country, within reach of Tin Zaouatine
        assert claim.geometry.difference(country_shape(gold["territory"]).buffer(1e-6)).area < 1e-9
        assert not claim.geometry.intersects(country_shape(gold["counterpart"]).buffer(-1e-6))
        assert claim.geometry.distance(Point(*TIN_ZAOUATINE)) < 0.3  # degrees: about 30 km


def test_seed_fr_dates(seed: tuple) -> None:
    doc, _mentions = seed
    found = {d.text: (d.start.isoformat(), d.end.isoformat())
             for d in find_dates(doc, parse_published(doc.published), language=doc.lang)}
    for gold in GOLD["dates"]:
        assert found.get(gold["text"]) == (gold["start"], gold["end"])


# --- lang in the outputs ----------------------------------------------------------------------------------


def test_cli_json_says_the_language(capsys) -> None:
    status = main(["parse", str(FR_SEED), str(EN_SEED), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert status == 0 and [r["lang"] for r in out] == ["fr", "en"] and "notice" not in out[0]


def test_cli_notice_for_a_language_not_parsed(tmp_path: Path, capsys) -> None:
    article = tmp_path / "de.txt"
    article.write_text("Die Bundesregierung hat am Montag beschlossen, die Botschaft in Bamako vorübergehend zu "
                       "schließen, teilte das Auswärtige Amt in Berlin mit.", encoding="utf-8")
    main(["parse", str(article), "--format", "json"])
    out, err = capsys.readouterr()
    (record,) = json.loads(out)
    assert record["lang"] == "de" and record["mentions"] == [] and "only English and French" in record["notice"]
    assert "German" in err
    main(["parse", str(article)])
    assert "only English and French are parsed" in capsys.readouterr().out


def test_jsonl_records_carry_lang(tmp_path: Path) -> None:
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps({"id": 1, "text": "Des soldats maliens ont été tués près de Kidal."}) + "\n"
                   + json.dumps({"id": 2, "text": "Clashes near Gao.", "lang": "en"}) + "\n", encoding="utf-8")
    assert main(["parse", "--jsonl", str(src), "--out", str(dst)]) == 0
    rows = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert [r["lang"] for r in rows] == ["fr", "en"]
    assert [m["text"] for m in rows[0]["mentions"]] == ["maliens", "Kidal"]


def test_layers_sentences_carry_lang() -> None:
    from geo.layers import build_layers, layers_to_geojson

    doc = make_document("Des combats ont eu lieu près de Kidal, selon l'armée malienne.", doc_id="k")
    features = json.loads(layers_to_geojson(build_layers([(doc, parse_document(doc))])))["features"]
    assert {s["lang"] for f in features for s in f["properties"]["sentences"]} == {"fr"}
