"""The dashboard's timeline in a real browser (system chromium), at 1280 and 1920 px: the time window filters
the map, the place list and the text highlights; "Show all dates" restores them; a place's sentences are
listed in date order with their dates. Offline: every non-local request is blocked and must not happen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_dashboard import SHOTS, TIN_CSS, Server, choose, idle, open_dashboard

from geo.gazetteer import load_gazetteer
from geo.render.style import place_css_id
from geo.text.articles import bundled_articles

pytestmark = pytest.mark.e2e

BUNDLED = len(bundled_articles())

OLD_NEWS = "Officials recalled the past.\nIn March 2023, the army withdrew from Ansongo after an attack."


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    server = Server(tmp_path_factory.mktemp("db-time") / "corrections.sqlite").start()
    yield server
    server.stop()


def css_of(name: str) -> str:
    place = load_gazetteer().lookup(name, limit=1)[0].place
    return f"path.na-id-{place_css_id(place.id)}"


def paste_dated(page: Page, text: str, published: str, *, attempts: int = 3) -> None:
    """Open the paste box (a rerun may fold it between the check and the typing: then again) and add."""
    date_box = page.get_by_role("textbox", name="Publication date (optional)")
    for attempt in range(attempts):
        idle(page)
        if not date_box.is_visible():
            page.get_by_text("Paste an article").click()
        try:
            date_box.fill(published, timeout=10_000)
            break
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
    add = page.get_by_role("button", name="Add pasted article")
    page.get_by_label("Article text").fill(text)
    idle(page)
    add.click()


def window_caption(page: Page):
    return page.locator(".st-key-timeline [data-testid='stCaptionContainer']").last


@pytest.mark.parametrize("width", [1280, 1920])
def test_time_window_february_to_april_2025(browser: Browser, server: Server, width: int) -> None:
    s = open_dashboard(browser, server, width=width)
    page, frame = s.page, s.map
    try:
        paste_dated(page, OLD_NEWS, "2025-04-10")
        summary = page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first
        expect(summary).to_contain_text(f"{BUNDLED + 1} articles")
        ansongo, niamey = css_of("Ansongo"), css_of("Niamey")
        for css in (TIN_CSS, niamey, ansongo):
            expect(frame.locator(css)).to_have_count(1)
        expect(page.locator(".st-key-timeline")).to_be_visible()
        expect(window_caption(page)).to_contain_text("All dates")

        choose(page, "From", "Feb 2025")
        expect(window_caption(page)).to_contain_text("Feb 2025 – Apr 2025")  # the span ends in April 2025
        expect(frame.locator(ansongo)).to_have_count(0)  # named only about March 2023
        expect(frame.locator(TIN_CSS)).to_have_count(1)
        expect(frame.locator(niamey)).to_have_count(1)
        # the text keeps its marks only for mentions inside the window
        choose(page, "Article", "Officials recalled")
        expect(page.locator(".na-text")).to_contain_text("Ansongo")
        expect(page.locator(".na-text mark", has_text="Ansongo")).to_have_count(0)
        idle(page)
        page.locator(".st-key-timeline").scroll_into_view_if_needed()
        page.mouse.move(5, 5)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"dashboard-time-window-{width}.png"))

        page.get_by_role("button", name="Show all dates").click()
        expect(window_caption(page)).to_contain_text("All dates")
        expect(frame.locator(ansongo)).to_have_count(1)
        expect(page.locator(".na-text mark", has_text="Ansongo")).to_have_count(1)
    finally:
        page.close()
        server.forget_saved_articles()
    assert s.outside == [], "the dashboard tried to reach the network"


@pytest.mark.parametrize("width", [1280, 1920])
def test_a_place_lists_its_sentences_in_date_order(browser: Browser, server: Server, width: int) -> None:
    s = open_dashboard(browser, server, width=width)
    page = s.page
    try:
        choose(page, "Place", "Niger —")
        dates = page.locator(".na-selected-sentences .na-when")
        expect(dates.first).to_have_text("Jan 2025")  # "In January 2025, Niger ..." comes first
        labels = dates.all_inner_texts()
        assert labels[-1].endswith("(published)"), labels  # the undated sentences: April 2025, last
        assert any("Feb 2025" in label and "Mar 2025" in label for label in labels), labels
    finally:
        page.close()
    assert s.outside == []
