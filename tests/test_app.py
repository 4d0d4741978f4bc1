"""The dashboard's logic through streamlit.testing.v1.AppTest (no browser)."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from geo import settings
from geo.corpus.query import read_corrections
from geo.corrections import CorrectionStore, article_key
from geo.dashboard.static import STATIC_URL
from geo.settings import ARTICLES_DIR, PROJECT_ROOT, STATIC_DIR
from geo.text.articles import bundled_articles

APP = str(PROJECT_ROOT / "app.py")
TIN = "supplement:tin-zaouatine-dz"
TIN_SENTENCE = "was destroyed during the night of March 31 to April 1 near <mark>Tin Zaouatine</mark>"


@pytest.fixture()
def db(tmp_path, monkeypatch):
    path = tmp_path / "corrections.sqlite"
    monkeypatch.setattr(settings, "corrections_db", path)
    monkeypatch.setattr(settings, "corpus_store", tmp_path / "store")  # the reader's saved articles
    return path


def start(db) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def map_args(at: AppTest) -> tuple[str, dict]:
    """The st_folium component's instance id (changes only on remount) and its arguments."""
    (component,) = at.get("component_instance")
    assert component.proto.component_name.endswith("st_folium")
    return component.proto.id, json.loads(component.proto.json_args)


def saved_ids() -> list[str]:
    """Ids of the articles the dashboard saved in the store (pastes and uploads)."""
    from geo.corpus import open_store
    from geo.dashboard.saved import SAVED_SOURCES

    with open_store(settings.corpus_store_path(), corrections=False) as store:
        frame = store.sql("SELECT article_id FROM articles WHERE list_contains(?, source)",
                          [list(SAVED_SOURCES.values())])
    return list(frame["article_id"])


def html_text(at: AppTest) -> str:
    return "".join(h.proto.body for h in at.get("html"))


def test_loads_bundled_articles_with_map_text_table_and_downloads(db):
    at = start(db)
    assert f"{len(bundled_articles())} articles" in at.caption[0].value
    place = at.selectbox(key="place")
    assert place.value is None and any(o.startswith("Tin Zaouatine — town, DZ") for o in place.options)
    _id, args = map_args(at)
    places_file = re.search(r'"(/app/static/places-[0-9a-f]+\.json)"', args["feature_group"])  # fetched by the map
    assert places_file, "the places are a file the map fetches"
    places = (STATIC_DIR / places_file.group(1).removeprefix(STATIC_URL + "/")).read_text(encoding="utf-8")
    assert "na-id-supplement_tin-zaouatine-dz" in places
    assert "na-id-country_ML" in places
    assert "na-id-country_ML" not in args["feature_group"], "not in every map message"
    for link in args["js_links"] + args["css_links"]:  # offline: inline, or files this server hands out
        assert link.startswith("data:") or (STATIC_DIR / link.removeprefix(STATIC_URL + "/")).is_file(), link
    borders = re.search(r'"(/app/static/borders-[0-9a-f]+\.json)"', args["script"])
    assert borders and (STATIC_DIR / borders.group(1).removeprefix(STATIC_URL + "/")).is_file(), "borders served"
    assert "openstreetmap" not in args["script"].lower()
    assert '<mark class="na-m' in html_text(at) and ' na-sel"' not in html_text(at)
    assert [b.label for b in at.get("download_button")] == [
        "Map (self-contained HTML)", "Places (GeoJSON)", "Places (CSV)"]
    assert not at.dataframe, "the places table is built when its expander is opened"
    at.session_state["places_table_box"] = True
    at.run()
    table = at.dataframe[0].value
    assert list(table.columns[:7]) == ["Place", "Kind", "Country", "Coordinates", "Mentions", "Articles",
                                       "Confidence"]
    assert "Tin Zaouatine" in set(table["Place"])


def test_selecting_a_place_links_text_sentences_and_map_without_remount(db):
    at = start(db)
    before_id, before = map_args(at)
    at.selectbox(key="place").set_value(TIN).run()
    assert not at.exception
    assert at.subheader[0].value == "Tin Zaouatine"
    body = html_text(at)
    assert TIN_SENTENCE in body
    assert 'class="na-m na-k-town na-sel"' in body
    assert at.selectbox(key="shown_doc").value == "aes-recalls-ambassadors.txt"
    after_id, after = map_args(at)
    assert after_id == before_id, "the base map must not be remounted when selecting"
    assert after["script"] == before["script"]
    assert after["center"] == pytest.approx([19.9533, 2.9667], abs=0.01) and after["zoom"] >= 5
    assert "na-selected" in after["feature_group"] and "na-selected" not in before["feature_group"]


def test_a_map_click_selects_the_place_under_it(db):
    at = start(db)
    at.session_state["pending_click"] = (36.75, 3.05, "Algiers · city")
    at.run()
    assert at.selectbox(key="place").value == "gn:2507480"
    at.session_state["pending_click"] = (-60.0, -100.0, None)  # the sea: selection kept
    at.run()
    assert at.selectbox(key="place").value == "gn:2507480"


def test_pasted_articles_and_bad_input(db):
    at = start(db)
    at.text_area(key="paste_text").set_value("   \n ")
    at.button(key="paste_add").click().run()
    assert any("empty" in e.value for e in at.error)
    hostile = ("<html><head><script>alert(1)</script></head><body><h1>Storm over Niamey</h1>"
               "<p>Rain hit Niamey <img src=x onerror=alert(2)> and Zinder.</p></body></html>")
    at.text_area(key="paste_text").set_value(hostile)
    at.button(key="paste_add").click().run()
    assert not at.exception and not at.error
    assert f"{len(bundled_articles()) + 1} articles" in at.caption[0].value
    (pasted,) = saved_ids()  # kept in the store
    at.selectbox(key="shown_doc").set_value(pasted).run()
    body = html_text(at)
    shown = re.sub(r"<[^>]+>", "", body)  # the text as read (the heading line is the text's first line)
    assert "Storm over Niamey" in shown and "alert(1)" not in body and "<img" not in body
    assert any(o.startswith("Zinder") for o in at.selectbox(key="place").options)


def test_filtering_out_the_selected_place_resets_it(db):
    at = start(db)
    at.selectbox(key="place").set_value(TIN).run()
    at.multiselect(key="f_countries").set_value(["ML"]).run()  # Tin Zaouatine is in Algeria
    assert not at.exception
    assert at.selectbox(key="place").value is None
    assert "places hidden" in at.caption[0].value


def test_correction_applies_persists_and_survives_a_new_session(db):
    at = start(db)
    at.selectbox(key="place").set_value(TIN).run()
    assert f"fix-q-{TIN}" not in at.session_state, "the correction pickers are built when their box is opened"
    at.session_state["fix_box"] = True
    at.run()
    at.text_input(key=f"fix-q-{TIN}").set_value("Tinzaouaten").run()
    assert any(o.startswith("Tinzaouaten — town, ML") for o in at.selectbox(key=f"fix-to-{TIN}").options)
    at.selectbox(key=f"fix-to-{TIN}").set_value("gn:2476086").run()
    at.button(key="fix-apply").click().run()
    assert not at.exception
    assert at.selectbox(key="place").value == "gn:2476086"
    assert 'na-sel na-fix' in html_text(at)
    text = (ARTICLES_DIR / "aes-recalls-ambassadors.txt").read_text(encoding="utf-8")
    (span, place_id), = CorrectionStore(db).for_article(article_key(text)).items()
    assert text[span[0]:span[1]] == "Tin Zaouatine" and place_id == "gn:2476086"

    again = start(db)  # a new session (as after a restart): the correction is applied again
    labels = again.selectbox(key="place").options
    assert any(o.startswith("Tinzaouaten — town, ML") for o in labels)
    assert not any(o.startswith("Tin Zaouatine") for o in labels)
    for sha, first, last, _place in read_corrections(db):  # every mention corrected (English and French)
        again.button(key=f"undo-{sha[:12]}-{first}-{last}").click().run()  # from the corrections list
    assert any(o.startswith("Tin Zaouatine") for o in again.selectbox(key="place").options)
    assert CorrectionStore(db).count() == 0


def test_a_corrupt_corrections_database_leaves_the_map_with_a_warning(tmp_path, monkeypatch):
    from geo import settings

    path = tmp_path / "corrections.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    monkeypatch.setattr(settings, "corrections_db", path)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Corrections are off" in w.value for w in at.warning)
    assert "places" in at.caption[0].value


def test_the_article_language_is_shown_and_other_languages_get_a_notice(db):
    at = start(db)
    german = ("Die Regierung in Bamako hat am Montag neue Gespräche mit den Nachbarländern angekündigt, "
              "nachdem die Lage im Norden des Landes sich weiter verschlechtert hatte.")
    at.text_area(key="paste_text").set_value(german)
    at.button(key="paste_add").click().run()
    (pasted,) = saved_ids()
    at.selectbox(key="shown_doc").set_value(pasted).run()
    assert not at.exception
    assert any("only English and French are parsed" in w.value for w in at.warning), [w.value for w in at.warning]
    french = next(a.path.name for a in bundled_articles() if a.path.name.startswith("rappel"))
    at.selectbox(key="shown_doc").set_value(french).run()
    assert any("Language: French (fr)" in c.value for c in at.caption), [c.value for c in at.caption]
