"""The dashboard in a real browser: `streamlit run app.py` on 127.0.0.1, driven by system chromium.

Every request that does not go to the local server is blocked and recorded; each test asserts none
was attempted (the dashboard works offline). Readiness is polled (`/_stcore/health`, then the app's
script state), never slept for. Screenshots land in docs/screenshots/dashboard*.png.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Frame, FrameLocator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from geo.dashboard.saved import delete_article, saved_articles
from geo.settings import PROJECT_ROOT
from geo.text.articles import bundled_articles

pytestmark = pytest.mark.e2e

SHOTS = PROJECT_ROOT / "docs" / "screenshots"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
TIN_SENTENCE = "was destroyed during the night of March 31 to April 1 near Tin Zaouatine"
TIN_CSS = "path.na-id-supplement_tin-zaouatine-dz"
STARTUP_TIMEOUT_S = 60

UPLOAD = (b"Floods in Mopti and Timbuktu\n"
          b"Heavy rain flooded Timbuktu on Tuesday, officials in Mopti said, and roads to Kidal were cut.\n")

#: The articles the dashboard opens with (data/articles).
BUNDLED = len(bundled_articles())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A `streamlit run app.py` process on a free local port, with its own corrections database."""

    db: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def store(self) -> Path:
        """The corpus store where this server keeps the readers' uploads and pastes."""
        return self.db.parent / "store"

    def forget_saved_articles(self) -> None:
        """Delete every upload and paste the readers saved, so the next test starts from the bundled ones."""
        for article in saved_articles(self.store):
            delete_article(self.store, article.doc_id)

    def start(self) -> Server:
        env = dict(os.environ, NEWS_ATLAS_DB=str(self.db), NEWS_ATLAS_STORE=str(self.store))
        log = self.db.parent / f"streamlit-{self.port}.log"
        with log.open("wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
                 "--server.port", str(self.port), "--server.headless", "true",
                 "--browser.gatherUsageStats", "false"],
                cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {log.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.05)  # polling interval, not a wait for readiness
        raise TimeoutError("streamlit did not become healthy")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@dataclass
class Session:
    page: Page
    outside: list[str]

    @property
    def map(self) -> FrameLocator:
        return self.page.frame_locator(MAP_IFRAME)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    server = Server(tmp_path_factory.mktemp("db") / "corrections.sqlite").start()
    yield server
    server.stop()


def open_dashboard(browser: Browser, server: Server, *, path: str = "/", width: int = 1280) -> Session:
    """A fresh page on the dashboard (``path`` may carry a query), every non-local request blocked, once the
    first map is drawn."""
    page = browser.new_page(viewport={"width": width, "height": 1000}, accept_downloads=True)
    page.set_default_timeout(60_000)
    outside: list[str] = []

    def route(r):
        if r.request.url.startswith(server.url):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(server.url + path)
    page.wait_for_selector(IDLE)
    page.frame_locator(MAP_IFRAME).locator("path.na-place").first.wait_for(state="attached")
    return Session(page, outside)


@pytest.fixture(params=[1280, 1920])
def session(request, browser, server) -> Iterator[Session]:
    """The dashboard at a laptop's and a wide screen's window width (each test runs at both)."""
    s = open_dashboard(browser, server, width=request.param)
    yield s
    s.page.close()
    server.forget_saved_articles()
    assert s.outside == [], "the dashboard tried to reach the network"


def selectbox(page: Page, label: str):
    return page.locator("[data-testid='stSelectbox']").filter(
        has=page.locator("label", has_text=re.compile(rf"^{re.escape(label)}$")))


def choose(page: Page, label: str, typed: str, *, attempts: int = 3) -> float:
    """Pick the first option of a select box matching ``typed`` (as a reader would, by typing); returns the
    monotonic time of the click on the option.

    A rerun still in flight can replace the open list; then the list is closed and opened again.
    """
    for attempt in range(attempts):
        idle(page)
        selectbox(page, label).click()
        page.keyboard.type(typed)
        option = page.locator("[role='option']", has_text=typed).first
        try:
            option.wait_for(state="visible", timeout=5_000)
            clicked = time.monotonic()
            option.click(timeout=5_000)
            return clicked
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")
    raise AssertionError("no attempt left")


def pick(page: Page, label: str, option: str, *, attempts: int = 3) -> None:
    """Add ``option`` (its whole text) to the sidebar's multiselect ``label`` (opening "Filter the map" if it
    is closed) by keyboard, as a reader would: type it, step down to it, Enter. Waits until the chosen chip
    stays after the rerun; a rerun in flight can swallow the choice, then it is made again."""
    sidebar = page.locator("[data-testid='stSidebar']")
    box = sidebar.locator("[data-testid='stMultiSelect']").filter(has_text=label)
    chip = box.locator(f"[data-tag][aria-label={json.dumps(option)}]")
    for attempt in range(attempts):
        idle(page)
        if chip.count():  # an earlier attempt's choice arrived late
            return
        if not box.is_visible():
            sidebar.locator("[data-testid='stExpander']", has_text="Filter the map").locator("summary").click()
            expect(box).to_be_visible()
        box.scroll_into_view_if_needed()
        box.locator("input").focus()
        page.keyboard.type(option)
        try:
            page.get_by_role("option", name=option, exact=True).wait_for(state="visible", timeout=5_000)
            offered = page.get_by_role("option").all_inner_texts()  # the first is the active one
            for _ in range(offered.index(option) if option in offered else 0):
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")  # (a mouse click can land on a list that is being re-rendered)
            page.keyboard.press("Escape")
            chip.wait_for(state="visible", timeout=5_000)
            idle(page)
            page.wait_for_timeout(500)
            idle(page)
            if chip.count():
                return
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
        page.keyboard.press("Escape")
    raise AssertionError(f"{option!r} could not be chosen in {label!r}")


def map_frame(page: Page) -> Frame:
    """The map's frame (for scripts run inside it; ``Session.map`` locates elements in it)."""
    return next(f for f in page.frames if "streamlit_folium" in f.url)


def map_tab_stops(page: Page, *, limit: int = 60) -> list[str]:
    """What the Tab key stops on in the map, from its container until focus leaves the map (as a reader
    with a keyboard meets them): each stop's tag and class."""
    frame = map_frame(page)
    frame.locator(".leaflet-container").first.focus()
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        where = frame.evaluate("() => document.hasFocus() && document.activeElement !== document.body"
                               " ? document.activeElement.tagName + '.' + (document.activeElement.getAttribute("
                               "'class') || '') : null")
        if where is None:
            break
        stops.append(where)
    return stops


def expect_choice(page: Page, label: str, text: str) -> None:
    """The select box ``label`` shows an option containing ``text``."""
    expect(page.get_by_role("combobox", name=label, exact=True)).to_have_value(re.compile(re.escape(text)))


def summary(page: Page):
    """The page's caption under the title: "N articles · N places · N mentions …"."""
    return page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first


def idle(page: Page) -> None:
    page.wait_for_selector(IDLE)


def shot(page: Page, name: str) -> None:
    """A screenshot of the page's top; the wide window's get the width in their name (dashboard-1920.png)."""
    width = (page.viewport_size or {}).get("width", 1280)
    if width != 1280 and not name.endswith(f"-{width}.png"):
        name = name.removesuffix(".png") + f"-{width}.png"
    SHOTS.mkdir(parents=True, exist_ok=True)
    idle(page)
    page.mouse.move(5, 5)  # no hover tooltip left on the map
    page.evaluate("document.querySelector(\"[data-testid='stMain']\")?.scrollTo(0, 0); window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / name), full_page=False)


# --- the tests ------------------------------------------------------------------------------------


def test_loads_with_bundled_articles_and_map_shows_places(session):
    page = session.page
    expect(summary(page)).to_contain_text(f"{BUNDLED} articles")  # the bundled ones, from the corpus store
    expect_choice(page, "Article", "AES recalls ambassadors")
    choose(page, "Article", "Algeria closes airspace to Mali aircraft")
    expect(page.locator(".na-text")).to_contain_text("airspace")
    places = session.map.locator("path.na-place")
    assert places.count() >= 15
    for css in (TIN_CSS, "path.na-id-gn_2507480", "path.na-id-country_ML", "path.na-id-region_sahel"):
        assert session.map.locator(css).count() >= 1, css
    expect(session.map.locator(".leaflet-naBorders-pane path")).not_to_have_count(0)  # borders fetched
    assert session.map.locator(".leaflet-naBorders-pane path").count() > 50, "borders drawn"
    expect(page.locator(".na-text mark").first).to_be_visible()
    shot(page, "dashboard.png")


def test_selecting_tin_zaouatine_shows_sentence_highlight_and_focus(session):
    page = session.page
    choose(page, "Place", "Tin Zaouatine")
    expect(page.locator(".na-selected-sentences")).to_contain_text(TIN_SENTENCE)
    mark = page.locator(".na-text mark.na-sel")
    expect(mark).to_have_count(1)
    expect(mark).to_have_text("Tin Zaouatine")
    expect_choice(page, "Article", "AES recalls ambassadors")
    expect(session.map.locator("path.na-selected")).to_have_count(1)
    # the map was not remounted: the same Leaflet instance moved to the place
    assert session.map.locator(".leaflet-container").count() == 1
    shot(page, "dashboard-selected.png")


def test_clicking_a_place_on_the_map_selects_it(session):
    page = session.page
    session.map.locator("path.na-id-gn_2507480").click()  # Algiers
    expect_choice(page, "Place", "Algiers")
    expect(page.locator(".na-selected-sentences")).to_contain_text("Algiers")
    expect(page.locator(".na-text mark.na-sel").first).to_have_text("Algiers")


def test_uploading_a_text_file_adds_its_places(session):
    page = session.page
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
        files=[{"name": "floods.txt", "mimeType": "text/plain", "buffer": UPLOAD}])
    expect(summary(page)).to_contain_text(f"{BUNDLED + 1} articles")
    choose(page, "Place", "Timbuktu")
    expect(page.locator(".na-selected-sentences")).to_contain_text("Heavy rain flooded Timbuktu")
    expect_choice(page, "Article", "Floods in Mopti and Timbuktu")
    shot(page, "dashboard-upload.png")


def test_bad_uploads_get_clear_messages(session):
    page = session.page
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(files=[
        {"name": "photo.txt", "mimeType": "text/plain", "buffer": b"\x89PNG\r\n\x1a\n\x00\x00\x00"},
        {"name": "latin1.txt", "mimeType": "text/plain", "buffer": "Mali, déjà".encode("latin-1")},
        {"name": "page.html", "mimeType": "text/html",
         "buffer": b"<html><script>window.__pwned=1</script><p>Bamako <img src=x onerror=window.__pwned=2></p>"},
    ])
    expect(page.get_by_text("photo.txt: looks like a binary file")).to_be_visible()
    expect(page.get_by_text("latin1.txt: not UTF-8 text")).to_be_visible()
    expect(summary(page)).to_contain_text(f"{BUNDLED + 1} articles")
    choose(page, "Article", "Bamako")
    expect(page.locator(".na-text")).to_contain_text("Bamako")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    # empty pasted text
    idle(page)
    add = page.get_by_role("button", name="Add pasted article")
    if not add.is_visible():
        page.get_by_text("Paste an article").click()
    expect(add).to_be_visible()
    idle(page)
    add.click()
    expect(page.get_by_text("The pasted text is empty")).to_be_visible(timeout=15_000)


def test_html_download_opens_as_a_working_map(session, browser, tmp_path):
    page = session.page
    with page.expect_download() as info:
        page.get_by_role("button", name="Map (self-contained HTML)").click()
    path = tmp_path / "map.html"
    info.value.save_as(path)
    assert path.stat().st_size > 100_000
    offline = browser.new_page()
    blocked: list[str] = []
    offline.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
                  else (blocked.append(r.request.url), r.abort()))
    offline.goto(path.as_uri())
    offline.wait_for_selector(f".leaflet-overlay-pane {TIN_CSS}")
    assert offline.locator(".leaflet-overlay-pane path.na-place").count() >= 15
    offline.locator(TIN_CSS).first.click()
    expect(offline.locator(".leaflet-popup-content")).to_contain_text(TIN_SENTENCE)
    offline.close()
    assert blocked == []


def test_correction_survives_a_server_restart(browser, tmp_path):
    db = tmp_path / "corrections.sqlite"
    first = Server(db).start()
    try:
        s = open_dashboard(browser, first)
        page = s.page
        choose(page, "Place", "Tin Zaouatine")
        page.get_by_text("Correct “Tin Zaouatine”").click()
        page.get_by_label("Search the gazetteer for another place").fill("Tinzaouaten")
        page.keyboard.press("Enter")
        choose(page, "Correct place", "Tinzaouaten")
        page.get_by_role("button", name="Apply correction").click()
        expect_choice(page, "Place", "Tinzaouaten")
        expect(page.locator(".na-text mark.na-sel.na-fix")).to_have_text("Tin Zaouatine")
        expect(s.map.locator("path.na-id-gn_2476086")).to_have_count(1)
        shot(page, "dashboard-correction.png")
        page.close()
        assert s.outside == []
    finally:
        first.stop()

    second = Server(db).start()  # a new process on the same database
    try:
        s = open_dashboard(browser, second)
        page = s.page
        expect(s.map.locator("path.na-id-gn_2476086")).to_have_count(1)
        assert s.map.locator(TIN_CSS).count() == 0
        choose(page, "Place", "Tinzaouaten")
        expect(page.locator(".na-text mark.na-sel.na-fix")).to_have_text("Tin Zaouatine")
        expect(page.locator(".na-selected-sentences")).to_contain_text(TIN_SENTENCE)
        page.close()
        assert s.outside == []
    finally:
        second.stop()


HOSTILE_TITLE = "![beacon](http://127.0.0.1:9/beacon.png) [link](http://example.com/x) $x^2$ :red[red] **bold**"


def paste(page: Page, text: str, title: str = "") -> None:
    """Open the paste box (if closed), fill it and add the article. A rerun that lands meanwhile (the store
    changed under the page) can close the box again: then it is opened and filled again."""
    add = page.get_by_role("button", name="Add pasted article")
    for attempt in range(3):
        idle(page)
        if not add.is_visible():
            page.get_by_text("Paste an article").click()
        expect(add).to_be_visible()
        try:
            if title:
                page.get_by_label("Title (optional)").fill(title, timeout=15_000)
            page.get_by_label("Article text").fill(text, timeout=15_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    idle(page)
    add.click()


def test_markdown_in_a_pasted_title_is_shown_as_text(session):
    page = session.page
    paste(page, "Troops reached Bamako on Monday.", HOSTILE_TITLE)
    sidebar = page.locator("[data-testid='stSidebar']")
    caption = sidebar.locator("[data-testid='stCaptionContainer']", has_text="Pasted:")
    expect(caption).to_be_visible()
    shown = caption.inner_text().replace("\u2060", "")  # word joiners keep URLs from becoming links
    assert shown == f"Pasted: {HOSTILE_TITLE}", shown
    assert page.locator("img[src*='beacon']").count() == 0
    assert page.locator("a[href*='example.com']").count() == 0
    assert page.locator(".katex").count() == 0
    assert "color" not in caption.inner_html() and "<strong>" not in caption.inner_html()


def test_a_worst_case_paste_does_not_freeze_another_session(browser, server):
    """While one reader pastes a megabyte of pathological text, another reader's selection still answers
    within 5 s (a frozen server would take as long as the parse; the bound leaves room for a loaded
    machine: 2 s was exceeded at a load of 5-10 on 2 cores with no freeze, the same as the code before)."""
    first, second = open_dashboard(browser, server), open_dashboard(browser, server)
    try:
        quiet = choose(second.page, "Place", "Algiers")
        expect(second.page.locator(".na-selected-sentences")).to_contain_text("Algiers")
        print(f"selection with no paste under way: {time.monotonic() - quiet:.2f} s")
        worst = ("Mr. Abc Mali. " * 80_000)[:1_000_000]
        paste(first.page, worst, "worst case")
        started = choose(second.page, "Place", "Tin Zaouatine")
        expect(second.page.locator(".na-selected-sentences")).to_contain_text(TIN_SENTENCE, timeout=5_000)
        answered = time.monotonic() - started
        print(f"selection while the worst case is parsed: {answered:.2f} s")
        assert answered < 5.0, answered
        summary = first.page.locator("[data-testid='stCaptionContainer']", has_text="articles ·")
        expect(summary).to_contain_text(f"{BUNDLED + 1} articles", timeout=60_000)
        expect(first.page.get_by_text("only its first 5,000 place mentions are mapped")).to_be_visible()
    finally:
        first.page.close()
        second.page.close()
        server.forget_saved_articles()
    assert first.outside == [] and second.outside == []


@pytest.mark.parametrize("width", [1280, 1920])
def test_every_control_fits_the_window(browser: Browser, server: Server, width: int) -> None:
    """At a laptop's and a wide screen's width, with a place selected and the filters open, every control
    of the page is inside the window (none cut off, no sideways scrolling) and the map and the text keep a
    readable width. The tests on a `session` run at both widths too; the server-restart and worst-case-paste
    tests at 1280 px."""
    s = open_dashboard(browser, server, width=width)
    page = s.page
    try:
        choose(page, "Place", "Tin Zaouatine")
        expect(page.locator(".na-selected-sentences")).to_be_visible()
        sidebar = page.locator("[data-testid='stSidebar']")
        sidebar.locator("[data-testid='stExpander']", has_text="Filter the map").locator("summary").click()
        page.locator(".st-key-places_table_box summary").click()  # the table is built when opened
        expect(page.locator(".st-key-places_table_box [data-testid='stDataFrame']")).to_be_visible(timeout=30_000)
        controls = {
            "place box": selectbox(page, "Place"), "article box": selectbox(page, "Article"),
            "map": page.locator(MAP_IFRAME), "text": page.locator(".na-text"),
            "sentences": page.locator(".na-selected-sentences"),
            "correction": page.locator("[data-testid='stExpander']", has_text="Correct “").first,
            "timeline": page.locator(".st-key-timeline"),
            "table": page.locator("[data-testid='stDataFrame']").first,
            "download": page.get_by_role("button", name="Places (GeoJSON)"),
            "store": sidebar.get_by_text("Corpus store"), "upload": sidebar.locator("[data-testid='stFileUploader']"),
            "kinds": sidebar.locator("[data-testid='stMultiSelect']").filter(has_text="Kinds of place"),
            "countries": sidebar.locator("[data-testid='stMultiSelect']").filter(has_text="Countries"),
            "confidence": sidebar.locator("[data-testid='stSlider']"),
            "base map": sidebar.locator("[data-testid='stRadio']"),
        }
        for name, control in controls.items():
            control.scroll_into_view_if_needed()
            box = control.bounding_box()
            assert box is not None and box["width"] > 0, name
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (name, box)
        overflow = page.evaluate("() => { const m = document.querySelector(\"[data-testid='stMain']\");"
                                 " return [document.documentElement.scrollWidth - innerWidth,"
                                 " m.scrollWidth - m.clientWidth]; }")
        assert overflow[0] <= 0 and overflow[1] <= 0, overflow  # no sideways scrolling
        map_box, text_box = page.locator(MAP_IFRAME).bounding_box(), page.locator(".na-text").bounding_box()
        assert map_box is not None and text_box is not None
        assert map_box["width"] >= 420 and text_box["width"] >= 340, (map_box, text_box)
        assert map_box["x"] + map_box["width"] <= text_box["x"], "map and text side by side"
        shot(page, f"dashboard-layout-{width}.png")
        page.close()
    finally:
        assert s.outside == []
