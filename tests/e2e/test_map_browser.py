"""The static map in a real browser (system chromium), with the network blocked.

The seed map must render borders and every place of the seed gold, and clicking Tin Zaouatine must
show its sentence; a hostile article must render as text without running any of its scripts. The time
control, the layer list (collapse, search, group toggles) and clustering are driven as a reader would,
at window widths 1280 and 1920; no test lets a request leave the machine.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from shapely.geometry import Point

from geo.cli.map import write_map
from geo.cli.parse import load_and_parse
from geo.layers.table import build_layers
from geo.render.style import place_css_id
from geo.settings import ARTICLES_DIR, PROJECT_ROOT

pytestmark = pytest.mark.e2e

GOLD = PROJECT_ROOT.parent / "shared" / "seeds" / "gold.json"
SCREENSHOT = PROJECT_ROOT / "docs" / "screenshots" / "seed-map.png"
SEEDS = sorted(ARTICLES_DIR.glob("*.txt"))

HOSTILE_ARTICLE = """Atlas <script>window.__pwned=1</script> `${window.__pwned=2}` \\u003c </script>
A drone fell near Tin Zaouatine <img src=x onerror="window.__pwned=3;alert(3)"> in Mali.
Officials in Bamako said `+(window.__pwned=4)+` and ${alert(5)} and \\u0060 \\x3c\\ .
Niamey: </script><script>window.__pwned=6</script>.
Algeria replied: "'><svg onload=window.__pwned=7>.
"""


@pytest.fixture(scope="module")
def seed_map(tmp_path_factory) -> Path:
    return write_map(SEEDS, tmp_path_factory.mktemp("map") / "seed.html", title="News Atlas: the seed articles")


@pytest.fixture(scope="module")
def seed_layers():
    parsed, _ = load_and_parse(SEEDS)
    return build_layers(parsed)


def open_offline(browser: Browser, path: Path, width: int = 1400,
                 height: int = 850) -> tuple[Page, list[str], list[str]]:
    """Open ``path`` with every non-file request blocked; returns the page, blocked URLs, dialogs."""
    page = browser.new_page(viewport={"width": width, "height": height})
    blocked: list[str] = []
    dialogs: list[str] = []

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector(".leaflet-container[data-na-ready] path.na-place", state="attached")
    return page, blocked, dialogs


def visible_paths(page: Page, selector: str) -> int:
    """Number of SVG paths matching ``selector`` that have a drawn outline and a non-empty box."""
    return page.evaluate(
        """sel => [...document.querySelectorAll(sel)].filter(p => {
              const d = p.getAttribute('d') || ''; const b = p.getBoundingClientRect();
              return d.length > 4 && b.width > 0 && b.height > 0; }).length""",
        selector,
    )


def gold_rows(layers) -> dict[str, str]:
    """Map each seed gold entity to the place id of the layer that represents it."""
    found: dict[str, str] = {}
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    for article in gold["articles"].values():
        for entity in article["entities"]:
            for row in layers.itertuples():
                if _matches(entity, row):
                    found[entity["name"]] = row.place_id
                    break
    return found


def _matches(entity: dict, row) -> bool:
    if "iso" in entity:
        return row.kind == "country" and row.country_code == entity["iso"]
    if "lat" in entity:
        return row.kind in {"city", "town"} and Point(row.lon, row.lat).distance(
            Point(entity["lon"], entity["lat"])) < entity["tol_km"] / 111
    inside = [Point(lon, lat) for lat, lon in entity.get("inside", [])]
    outside = [Point(lon, lat) for lat, lon in entity.get("outside", [])]
    return (row.geometry.geom_type != "Point" and all(row.geometry.contains(p) for p in inside)
            and not any(row.geometry.contains(p) for p in outside))


def test_seed_map_offline_borders_and_every_gold_place(browser, seed_map, seed_layers):
    page, blocked, dialogs = open_offline(browser, seed_map)
    assert blocked == [] and dialogs == []
    borders = visible_paths(page, ".leaflet-overlay-pane path:not(.na-place)")
    assert borders > 50, "country borders should be drawn"
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    names = {e["name"] for a in gold["articles"].values() for e in a["entities"]}
    found = gold_rows(seed_layers)
    assert sorted(names - set(found)) == [], "gold places without a layer"
    # the first view is on the story (the Sahel), not on the box of everything
    view = page.evaluate("(() => { const b = newsAtlas.map.getBounds(); return [b.getWest(), b.getEast(), "
                         "b.getSouth(), b.getNorth()]; })()")
    assert view[0] < 2.97 < view[1] and view[2] < 19.95 < view[3], "Tin Zaouatine is in the first view"
    russia = seed_layers[seed_layers["name"] == "Russia"].iloc[0]
    assert view[2] > -25.7, "Pretoria (25.7° S) does not stretch the first view"
    assert not (view[0] < russia.lon < view[1] and view[2] < russia.lat < view[3]), "nor does Russia"
    page.evaluate("newsAtlas.map.setView([10, 20], 2, {animate: false})")
    for name, place_id in found.items():
        assert visible_paths(page, f"path.na-id-{place_css_id(place_id)}") >= 1, f"{name} is not drawn"
    page.close()


def test_clicking_tin_zaouatine_shows_its_sentence(browser, seed_map, seed_layers):
    tin = gold_rows(seed_layers)["Tin Zaouatine"]
    page, blocked, _ = open_offline(browser, seed_map)
    page.locator(f"path.na-id-{place_css_id(tin)}").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Tin Zaouatine" in popup.locator(".na-name").inner_text()
    assert "was destroyed during the night of March 31 to April 1 near Tin Zaouatine" in popup.inner_text()
    assert popup.locator("mark", has_text="Tin Zaouatine").count() >= 1
    assert "AES recalls ambassadors" in popup.locator(".na-src").first.inner_text()
    assert blocked == []
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    page.close()


def test_hostile_article_renders_as_text(browser, tmp_path):
    article = tmp_path / "hostile.txt"
    article.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    out = write_map([article], tmp_path / "hostile.html")
    page, blocked, dialogs = open_offline(browser, out)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    # open every popup and tooltip: their HTML is only parsed then
    places = page.locator("path.na-place")
    assert places.count() >= 2
    for i in range(places.count()):
        page.evaluate("""i => { const p = document.querySelectorAll('path.na-place')[i];
            p.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
            p.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: p.getBoundingClientRect().x + 1,
                                                    clientY: p.getBoundingClientRect().y + 1})); }""", i)
        assert page.evaluate("typeof window.__pwned") == "undefined"
    text = page.locator(".leaflet-popup-content").last.inner_text()
    assert "<img src=x onerror=" in text or "<script>" in text, "the payload should show as text"
    assert "<script>window.__pwned=1</script>" in page.locator(".na-title h1").inner_text()
    assert page.title().startswith("Atlas <script>")
    assert visible_paths(page, ".leaflet-overlay-pane path:not(.na-place)") > 50, "map must not be blank"
    assert dialogs == [] and blocked == []
    page.close()


# --- time control, layer list, clustering -----------------------------------------------------------

WIDTHS = [1280, 1920]
HEIGHT = {1280: 800, 1920: 1080}
#: An article whose places are dated 2023 only (Djibo; Ouagadougou's other mention, in the title, is undated).
ARTICLE_2023 = ("Protests in Ouagadougou\n\nIn March 2023, thousands of protesters marched in Ouagadougou, "
                "and a convoy was attacked near Djibo.\n")
#: An article with no date at all (no publication date either): its town is undated.
ARTICLE_UNDATED = "Talks in Kidal\n\nElders met in Kidal to discuss the water supply.\n"


@pytest.fixture(scope="module")
def dated_map(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The seed articles plus one dated 2023, and the place id of each place name."""
    folder = tmp_path_factory.mktemp("dated")
    extra, undated = folder / "ouagadougou-2023.txt", folder / "kidal-undated.txt"
    extra.write_text(ARTICLE_2023, encoding="utf-8")
    undated.write_text(ARTICLE_UNDATED, encoding="utf-8")
    paths = [*SEEDS, extra, undated]
    parsed, _ = load_and_parse(paths)
    ids = {row.name: place_css_id(row.place_id) for row in build_layers(parsed).itertuples()}
    return write_map(paths, folder / "dated.html", title="Seeds and a 2023 article"), ids


def drawn(page: Page, css_id: str) -> bool:
    return visible_paths(page, f"path.na-id-{css_id}") >= 1


def set_months(page: Page, start: str, end: str) -> None:
    page.locator(".na-time-from").fill(start)
    page.locator(".na-time-to").fill(end)


@pytest.mark.parametrize("width", WIDTHS)
def test_time_range_keeps_feb_apr_2025_and_hides_2023_only_places(browser, dated_map, width):
    path, ids = dated_map
    page, blocked, _ = open_offline(browser, path, width, HEIGHT[width])
    label = page.locator(".na-time-label")
    assert label.inner_text() == "When: all dates"
    assert page.locator(".na-time-all").is_disabled()
    for name in ("Tin Zaouatine", "Niamey", "Djibo", "Ouagadougou"):
        assert drawn(page, ids[name]), f"{name} should show before any filter"
    set_months(page, "2025-02", "2025-04")
    assert label.inner_text() == "When: Feb 2025 – Apr 2025"
    page.wait_for_function(f"!document.querySelector('path.na-id-{ids['Djibo']}')")
    assert drawn(page, ids["Tin Zaouatine"]) and drawn(page, ids["Niamey"])
    assert not drawn(page, ids["Djibo"]) and not drawn(page, ids["Ouagadougou"])
    assert drawn(page, ids["Kidal"]), "an undated place stays on the map"
    assert page.locator(".na-time-note").inner_text().startswith("1 undated place is always shown")
    # the list greys the hidden places and counts what is shown
    count = page.locator(".na-panel-count").inner_text()
    shown, total = (int(n) for n in count.replace(" shown", "").split(" of "))
    assert shown == total - 2
    # a 2023 range: the reverse
    set_months(page, "2023-01", "2023-12")
    page.wait_for_function(f"!!document.querySelector('path.na-id-{ids['Djibo']}')")
    assert not drawn(page, ids["Tin Zaouatine"]) and not drawn(page, ids["Niamey"])
    assert drawn(page, ids["Kidal"])
    # show all restores everything
    page.locator(".na-time-all").click()
    assert label.inner_text() == "When: all dates"
    for name in ("Tin Zaouatine", "Niamey", "Djibo", "Ouagadougou"):
        assert drawn(page, ids[name]), f"{name} should show again"
    assert blocked == []
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_slider_moves_the_range(browser, dated_map, width):
    path, ids = dated_map
    page, blocked, _ = open_offline(browser, path, width, HEIGHT[width])
    slider = page.locator(".na-time-slider-from")
    slider.focus()
    page.keyboard.press("End")  # from = the last month: only what happens then
    assert page.locator(".na-time-label").inner_text().startswith("When: Apr 2025")
    assert not drawn(page, ids["Djibo"]) and drawn(page, ids["Algiers"])
    assert blocked == []
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_layer_list_collapses_searches_and_toggles_groups(browser, dated_map, width):
    path, ids = dated_map
    page, blocked, _ = open_offline(browser, path, width, HEIGHT[width])
    body = page.locator(".na-panel-body")
    assert body.is_visible(), "the list is open on a wide window"
    page.locator(".na-panel-head").click()
    assert not body.is_visible()
    page.locator(".na-panel-head").click()
    assert body.is_visible()
    # search: case and accents do not matter
    items = page.locator(".na-item:visible .na-item-name")
    page.locator(".na-search").fill("NIAMÉY")
    page.wait_for_function("document.querySelectorAll('.na-item').length === 1")
    assert items.all_inner_texts() == ["Niamey"]
    page.locator(".na-search").fill("zaouat")
    page.wait_for_function("[...document.querySelectorAll('.na-item .na-item-name')].map(e => e.textContent)"
                           ".join('|') === 'Tin Zaouatine'")
    assert items.all_inner_texts() == ["Tin Zaouatine"]
    page.locator(".na-search").fill("")
    page.wait_for_function("document.querySelectorAll('.na-item').length > 10")
    # a group toggle hides every place of its group, and only those
    countries = page.get_by_role("checkbox", name="Show Countries", exact=True)
    on_map = page.locator("path.na-country")  # in the page (a shape off screen is there, clipped)
    assert on_map.count() == 8 and visible_paths(page, "path.na-country") >= 5
    countries.uncheck()
    assert on_map.count() == 0
    assert drawn(page, ids["Tin Zaouatine"]) and visible_paths(page, "path.na-region") >= 1
    countries.check()
    assert on_map.count() == 8
    # one place's box
    row = page.locator(".na-item", has_text="Niamey")
    row.locator(".na-item-toggle").uncheck()
    assert not drawn(page, ids["Niamey"])
    row.locator(".na-item-toggle").check()
    assert drawn(page, ids["Niamey"])
    assert blocked == []
    page.close()


def test_layer_list_and_legend_start_collapsed_on_a_small_window(browser, seed_map):
    page, blocked, _ = open_offline(browser, seed_map, 600, 700)
    assert not page.locator(".na-panel-body").is_visible()
    assert page.locator(".na-legend-box").get_attribute("open") is None
    page.locator(".na-panel-head").click()
    assert page.locator(".na-panel-body").is_visible()
    assert blocked == []
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_place_picked_in_the_list_is_shown_even_outside_the_dates(browser, dated_map, width):
    path, ids = dated_map
    page, blocked, _ = open_offline(browser, path, width, HEIGHT[width])
    set_months(page, "2023-01", "2023-12")
    page.wait_for_function(f"!document.querySelector('path.na-id-{ids['Tin Zaouatine']}')")
    page.locator(".na-item-name", has_text="Tin Zaouatine").click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Tin Zaouatine" in popup.locator(".na-name").inner_text()
    assert drawn(page, ids["Tin Zaouatine"])
    box = page.locator(f"path.na-id-{ids['Tin Zaouatine']}").bounding_box()
    assert box and 0 < box["x"] < width and 0 < box["y"] < HEIGHT[width], "the picked place is in view"
    page.locator(".leaflet-popup-close-button").click()
    page.wait_for_function(f"!document.querySelector('path.na-id-{ids['Tin Zaouatine']}')")
    assert blocked == []
    page.close()


@pytest.fixture(scope="module")
def lgl_map(tmp_path_factory) -> tuple[Path, int]:
    """A map of the LGL evaluation articles (real news, more than CLUSTER_THRESHOLD towns) and its points."""
    from geo.nlp.pipeline import parse_document
    from geo.render.webmap import render_html
    from geo.text.document import make_document

    lgl = PROJECT_ROOT.parent / "shared" / "eval" / "lgl.jsonl"
    with lgl.open(encoding="utf-8") as lines:  # not splitlines(): texts hold U+2028
        records = [json.loads(line) for line in lines if line.strip()]
    docs = [make_document(r["text"], title=r.get("title", ""), doc_id=r["id"]) for r in records]
    layers = build_layers([(doc, parse_document(doc)) for doc in docs])
    out = tmp_path_factory.mktemp("lgl") / "lgl.html"
    out.write_text(render_html(layers, title="LGL"), encoding="utf-8")
    return out, int((layers.geometry.geom_type == "Point").sum())


@pytest.mark.parametrize("width", WIDTHS)
def test_clusters_past_the_threshold_only(browser, lgl_map, seed_map, width):
    from geo.render.webmap import CLUSTER_THRESHOLD

    path, points = lgl_map
    assert points > CLUSTER_THRESHOLD
    page, blocked, _ = open_offline(browser, path, width, HEIGHT[width])
    page.wait_for_selector(".marker-cluster")
    clusters = page.locator(".marker-cluster").count()
    dots = page.locator(".leaflet-naPoints-pane path.na-place").count()
    assert clusters >= 5 and dots < points
    # clicking a cluster zooms in and opens it up
    before = page.evaluate("newsAtlas.map.getZoom()")
    page.locator(".marker-cluster").first.click()
    page.wait_for_function(f"newsAtlas.map.getZoom() > {before}")
    assert blocked == []
    page.close()
    page, blocked, _ = open_offline(browser, seed_map, width, HEIGHT[width])
    assert page.locator(".marker-cluster").count() == 0
    assert page.locator(".leaflet-naPoints-pane path.na-place").count() == 6
    assert blocked == []
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_of_the_seed_map_and_a_time_window(browser, seed_map, seed_layers, width):
    """The README's pictures: the seed map as it opens, and filtered to February–March 2025 (before the
    articles' publication month: what they say happened earlier)."""
    page, blocked, _ = open_offline(browser, seed_map, width, HEIGHT[width])
    shots = PROJECT_ROOT / "docs" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"static-map-{width}.png"))
    set_months(page, "2025-02", "2025-03")
    assert page.locator(".na-time-label").inner_text() == "When: Feb 2025 – Mar 2025"
    ids = {r.name: place_css_id(r.place_id) for r in seed_layers.itertuples()}
    assert drawn(page, ids["Tin Zaouatine"]) and drawn(page, ids["Niamey"])
    assert page.locator(f"path.na-id-{ids['Pretoria']}").count() == 0, "only dated April 2025"
    page.locator(".na-time-to").blur()
    page.screenshot(path=str(shots / f"static-map-feb-mar-2025-{width}.png"))
    assert blocked == []
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_tab_skips_the_places_drawn_and_reaches_the_list(browser, seed_map, width):
    """Tab from the map does not walk through every place drawn (Chromium makes a shape with a tooltip a tab
    stop): the keyboard reaches places through the layer list's search box and buttons."""
    page, blocked, _ = open_offline(browser, seed_map, width, HEIGHT[width])
    page.locator(".leaflet-container").first.focus()
    stops = []
    for _ in range(80):
        page.keyboard.press("Tab")
        stop = page.evaluate("() => document.activeElement === document.body ? null : "
                             "document.activeElement.tagName.toLowerCase() + '.' + "
                             "(document.activeElement.getAttribute('class') || '')")
        if stop is None or stop in stops[:1]:
            break
        stops.append(stop)
    assert stops, "Tab reaches something on the page"
    assert not [s for s in stops if s.startswith("path")], stops
    assert any("na-search" in s or s.startswith("input") for s in stops), stops  # the layer list's search
    assert blocked == []
    page.close()
