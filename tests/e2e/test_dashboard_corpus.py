"""The dashboard on a corpus of real news (issue 14), in Chromium at 1280 and 1920 px, offline: the map clusters
hundreds of points, a filter narrows the map in the store's query engine, a selection pages through its
sentences in date order, and the keyboard does not walk through the map's places.

The store holds real news from ``../shared/eval`` (TR-News and part of LGL, each text with a date) plus the
bundled articles; built once per module with the corpus ingest.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from test_dashboard import (
    SHOTS,
    Server,
    Session,
    choose,
    expect_choice,
    idle,
    map_tab_stops,
    open_dashboard,
    pick,
    summary,
)

from geo.corpus import ingest
from geo.settings import ARTICLES_DIR, PROJECT_ROOT

pytestmark = pytest.mark.e2e

EVAL = PROJECT_ROOT.parent / "shared" / "eval"
#: Real news: the 118 TR-News world-news texts and the first 200 LGL local-news ones, each with a date in
#: 2023-2024 (about 700 distinct places, 300+ of them points).
CORPORA = (("trnews.jsonl", 118), ("lgl.jsonl", 200))
ARTICLES = sum(n for _name, n in CORPORA) + 3  # and the bundled ones


@pytest.fixture(scope="module")
def corpus_server(tmp_path_factory) -> Iterator[Server]:
    if not (EVAL / "lgl.jsonl").exists():
        pytest.fail(f"{EVAL} is missing: the corpus browser test reads the shared evaluation articles")
    folder = tmp_path_factory.mktemp("corpus")
    rng = random.Random(14)
    lines = []
    for name, n in CORPORA:
        for line in (EVAL / name).read_text(encoding="utf-8").splitlines()[:n]:
            record = json.loads(line)
            day = date(2023, 1, 1) + timedelta(days=rng.randrange(730))
            lines.append(json.dumps({"id": record["id"], "text": record["text"], "date": day.isoformat(),
                                     "source": name.split(".")[0]}))
    corpus = folder / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    server = Server(folder / "corrections.sqlite")
    summary_ = ingest([str(corpus), str(ARTICLES_DIR)], server.store, workers=0, progress=False)
    assert summary_.failed == 0
    yield server.start()
    server.stop()


@pytest.fixture(params=[1280, 1920])
def corpus_session(request, browser: Browser, corpus_server: Server) -> Iterator[Session]:
    s = open_dashboard(browser, corpus_server, width=request.param)
    s.page.width = request.param  # type: ignore[attr-defined]
    yield s
    s.page.close()
    assert s.outside == [], "the dashboard tried to reach the network"


def test_hundreds_of_places_are_clustered_and_the_keyboard_skips_them(corpus_session: Session) -> None:
    page, frame = corpus_session.page, corpus_session.map
    expect(summary(page)).to_contain_text(f"{ARTICLES} articles")
    expect(frame.locator(".marker-cluster").first).to_be_visible()  # points past 300 are clustered
    stops = map_tab_stops(page)  # pressing Tab, as a reader does (focus listeners make shapes stops too)
    assert len(stops) <= 5, stops  # zoom in/out and the attribution: no place and no cluster
    assert not any("na-place" in stop or "marker-cluster" in stop for stop in stops), stops
    SHOTS.mkdir(parents=True, exist_ok=True)
    idle(page)
    page.mouse.move(5, 5)
    page.screenshot(path=str(SHOTS / f"dashboard-corpus-{page.width}.png"))  # type: ignore[attr-defined]


def test_a_country_filter_and_a_paged_selection(corpus_session: Session) -> None:
    page, frame = corpus_session.page, corpus_session.map
    pick(page, "Countries", "Syria (SY)")
    expect(summary(page)).to_contain_text("filters on")
    expect(frame.locator("path.na-id-country_SY")).to_have_count(1)
    expect(frame.locator("path.na-id-country_US")).to_have_count(0)
    expect(frame.locator(".marker-cluster")).to_have_count(0)  # a few dozen points: none clustered
    idle(page)
    # a mark on the places' layers themselves (the map keeps them while the places are the same)
    frame.locator("body").evaluate("() => { window.naPlaces.places.holder.getLayers()[0].probe = 'kept'; }")
    choose(page, "Place", "Syria — country")
    expect_choice(page, "Place", "Syria")
    expect(frame.locator("path.na-selected")).not_to_have_count(0)
    # the places did not change (the article beside the map may have): the map reused their layers
    assert frame.locator("body").evaluate("() => window.naPlaces.places.holder.getLayers()[0].probe") == "kept"
    pager = page.get_by_text("in date order")
    expect(pager).to_contain_text("Sentences 1–25 of")
    dates = page.locator(".na-selected-sentences .na-when").all_inner_texts()
    assert len(dates) == 25
    page.get_by_role("button", name="Later →").click()
    expect(pager).to_contain_text("Sentences 26–")
    expect(page.locator(".na-text mark.na-sel").first).to_be_visible()  # the article shown names Syria
    idle(page)
    page.mouse.move(5, 5)
    page.screenshot(path=str(SHOTS / f"dashboard-corpus-syria-{page.width}.png"))  # type: ignore[attr-defined]


def test_the_corpus_store_path_can_be_changed_in_the_page(corpus_session: Session, tmp_path: Path) -> None:
    page = corpus_session.page
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("Corpus store").click()
    sidebar.get_by_role("textbox", name="Store folder").fill(str(tmp_path / "nowhere"))
    page.keyboard.press("Enter")
    idle(page)
    sidebar.get_by_role("button", name="Open this store").click()
    expect(sidebar.get_by_text("no corpus store here")).to_be_visible()
    expect(page.get_by_text("Open a corpus store in the sidebar")).to_be_visible()
