"""The static map in a real browser (system chromium), with the network blocked.

The seed map must render borders and every place of the seed gold, and clicking Tin Zaouatine must
show its sentence; a hostile article must render as text without running any of its scripts.
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


def open_offline(browser: Browser, path: Path) -> tuple[Page, list[str], list[str]]:
    """Open ``path`` with every non-file request blocked; returns the page, blocked URLs, dialogs."""
    page = browser.new_page(viewport={"width": 1400, "height": 850})
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
    page.wait_for_selector(".leaflet-overlay-pane path.na-place")
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
