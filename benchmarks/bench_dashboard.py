"""Dashboard speed and memory on corpus stores of 2, 1,000 and 10,000 articles, in a real browser (system
chromium driven by Playwright), offline.

    .venv/bin/python benchmarks/bench_dashboard.py [--sizes 2 1000 10000] [--repeat 10] [--dir /tmp/dash-bench]

Stores: 2 = the two English bundled articles; 1,000 and 10,000 = the corpus benchmark's articles
(``bench_corpus.build_corpus``: real LGL and TR-News texts, dates over 2023-2024), ingested once into ``--dir``
and reused by later runs. For each store a ``streamlit run app.py`` server is started on it
(``NEWS_ATLAS_STORE``), the page opened once to warm its caches, then, ``--repeat`` times each:
  * first visit – a new tab in a new browser profile (empty HTTP cache), from ``goto`` until the map has
                 drawn its places (a ``path.na-place``) and the script is idle; the server has answered this
                 view once (its caches are warm);
  * page open  – the same, in the profile of a returning reader (the browser keeps Streamlit's ~100 script
                 chunks, served as immutable, and the map component's files);
  * filter     – from ticking or unticking "Only places the parser is sure of" until the map's places layer
                 has been replaced (st_folium's feature-group script changed) and the script is idle;
  * selection  – from choosing a place in the Place box until its marks are highlighted in the text and the
                 selection ring is drawn on the map; the places are the store's most mentioned. Timed in the
                 page (pointer press to the first frame after both are in the DOM) and, for comparison, by
                 the driver (Playwright's click call, which first waits for the option to be stable);
  * RSS        – resident memory of the server process (and children) at the end.
The browser resolves no host but 127.0.0.1 (requests leaving it fail and are reported); nothing is routed
through Playwright, as routing turns Chromium's HTTP cache off. Prints a markdown table (median and worst).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil
from playwright.sync_api import Browser, BrowserContext, Frame, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

CHROMIUM = "/usr/bin/chromium"
#: Offline: the browser resolves no host name but the local server's (and nothing is routed, see new_context).
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", OFFLINE]
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
SURE = "Only places the parser is sure of"


def build_store(n: int, folder: Path) -> Path:
    """The store of ``n`` articles in ``folder`` (built once)."""
    from geo.corpus import ingest
    from geo.text.articles import bundled_articles

    store = folder / f"store-{n}"
    if (store / "store.json").exists():
        return store
    folder.mkdir(parents=True, exist_ok=True)
    if n == 2:
        source = folder / "seeds-2"
        shutil.rmtree(source, ignore_errors=True)
        source.mkdir()
        english = [a for a in bundled_articles() if a.lang != "fr"][:2]
        meta = [{"file": a.path.name, "title": a.title, "date": a.date, "source": a.source} for a in english]
        for a in english:
            shutil.copy(a.path, source / a.path.name)
        (source / "articles.json").write_text(json.dumps(meta), encoding="utf-8")
        ingest([str(source)], store, workers=0, progress=False)
    else:
        from bench_corpus import build_corpus

        corpus = build_corpus(n, folder / f"corpus-{n}.jsonl")
        ingest([str(corpus)], store, workers=2, progress=False)
    return store


def top_places(store: Path, k: int) -> list[tuple[str, str, str]]:
    """(name, kind, place id) of the store's ``k`` most mentioned points and areas (each selected in turn)."""
    from geo.corpus import open_store

    with open_store(store, corrections=False) as s:
        frame = s.sql("SELECT any_value(place_name) AS name, any_value(kind) AS kind, place_id, count(*) AS n "
                      "FROM mentions GROUP BY place_id ORDER BY n DESC, place_id LIMIT ?", [k])
    return list(zip(frame["name"], frame["kind"], frame["place_id"], strict=True))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    proc = psutil.Process(pid)
    return (proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))) / 2**20


def map_frame(page: Page) -> Frame:
    for frame in page.frames:
        if "streamlit_folium" in frame.url:
            return frame
    raise RuntimeError("no map frame")


def places_script(page: Page) -> str:
    """The key of the places the map shows (the address of their file): changes once new places are drawn
    (geo.dashboard.map's ``_Keeper``)."""
    return map_frame(page).evaluate("(window.naPlaces && window.naPlaces.places && window.naPlaces.places.shown) || ''")


def new_context(browser: Browser, url: str, outside: list[str]) -> BrowserContext:
    """A browser profile (its own HTTP cache) that notes every request leaving ``url``. Such requests fail
    anyway: the browser resolves no host but 127.0.0.1 (OFFLINE). No request routing, which would turn the
    HTTP cache off: a returning reader's browser keeps Streamlit's scripts (served as immutable)."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    context.on("request", lambda r: None if r.url.startswith((url, "data:", "blob:", "about:"))
               else outside.append(r.url))
    return context


def open_page(context: BrowserContext, url: str) -> tuple[Page, float]:
    """A new tab on the dashboard in ``context``; seconds until the map has drawn its places and the script
    is idle."""
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.frame_locator(MAP_IFRAME).locator("path.na-place").first.wait_for(state="attached", timeout=120_000)
    page.wait_for_selector(IDLE, timeout=120_000)
    return page, time.perf_counter() - start


def change_filter(page: Page) -> float:
    """Seconds from toggling the "sure of" filter until the map's places layer is replaced."""
    page.wait_for_selector(IDLE)
    before = places_script(page)
    box = page.locator("[data-testid='stSidebar'] [data-testid='stCheckbox']", has_text=SURE)
    start = time.perf_counter()
    box.locator("label").click()
    deadline = start + 60
    while places_script(page) == before and time.perf_counter() < deadline:
        time.sleep(0.01)
    page.wait_for_selector(IDLE, timeout=60_000)
    return time.perf_counter() - start


#: Installed in the page and the map frame before a selection: the time (ms since the epoch, the frames' clocks
#: share it) of the pointer press, and of the first frame after the selected place's marks (page) or a new ring
#: (map frame) entered the DOM.
WATCH_PAGE = """id => { const w = window.__naSel = {down: 0, mark: 0};
  const now = () => performance.timeOrigin + performance.now();
  document.addEventListener('pointerdown', () => { if (!w.down) w.down = now(); }, {capture: true, once: true});
  const found = () => document.querySelector(`.na-text mark.na-sel[data-place="${CSS.escape(id)}"]`);
  const obs = new MutationObserver(() => { if (!w.mark && found()) { obs.disconnect();
      requestAnimationFrame(() => { w.mark = now(); }); } });
  obs.observe(document.body, {childList: true, subtree: true, attributes: true, attributeFilter: ['class']}); }"""
WATCH_MAP = """() => { const w = window.__naRing = {ring: 0};
  const now = () => performance.timeOrigin + performance.now();
  document.querySelectorAll('path.na-selected').forEach(p => p.dataset.stale = '1');
  const fresh = () => document.querySelector('path.na-selected:not([data-stale])');
  const obs = new MutationObserver(() => { if (!w.ring && fresh()) { obs.disconnect();
      requestAnimationFrame(() => { w.ring = now(); }); } });
  obs.observe(document.body, {childList: true, subtree: true}); }"""


def select(page: Page, name: str, kind: str, place_id: str) -> tuple[float, float]:
    """Choosing ``name — kind`` in the Place box: seconds until its marks are highlighted in the text and its
    ring is drawn on the map, (in the page: from the pointer press to the first frame after both entered the
    DOM; as the driver sees it: from Playwright's click call, which first waits for the option to be stable,
    to both found). The previous selection's marks and ring stay in the page until the rerun replaces them, so
    the marks are waited for by their place id and the ring must be a new one."""
    typed = f"{name} — {kind}"
    option = page.locator("[role='option']", has_text=typed).first
    for attempt in range(3):  # a rerun still in flight can replace the open list: then open it again
        page.wait_for_selector(IDLE)
        page.locator("[data-testid='stSelectbox']").filter(has=page.locator("label", has_text="Place")).first.click()
        page.keyboard.type(typed)
        try:
            option.wait_for(timeout=30_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                failure = Path(tempfile.gettempdir()) / "bench-dashboard-select-failure.png"
                page.screenshot(path=str(failure))
                raise RuntimeError(f"{typed!r} is not among the Place box's options (page: {failure})") from None
            page.keyboard.press("Escape")
    frame = map_frame(page)
    frame.evaluate(WATCH_MAP)
    page.evaluate(WATCH_PAGE, place_id)
    start = time.perf_counter()
    option.click()
    page.locator(f".na-text mark.na-sel[data-place={json.dumps(place_id)}]").first.wait_for(timeout=60_000)
    page.frame_locator(MAP_IFRAME).locator("path.na-selected:not([data-stale])").first.wait_for(
        state="attached", timeout=60_000)
    seen = time.perf_counter() - start
    page.wait_for_function("() => window.__naSel.mark > 0", timeout=60_000)
    frame.wait_for_function("() => window.__naRing.ring > 0", timeout=60_000)
    down, mark = page.evaluate("() => [window.__naSel.down, window.__naSel.mark]")
    ring = frame.evaluate("() => window.__naRing.ring")
    page.wait_for_selector(IDLE)
    return (max(mark, ring) - down) / 1000, seen


def measure(browser, store: Path, repeat: int, shots: Path | None = None) -> dict[str, float]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    places = top_places(store, repeat)
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, NEWS_ATLAS_DB=str(Path(tmp) / "corrections.sqlite"), NEWS_ATLAS_STORE=str(store))
        server = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "streamlit"), "run", "app.py", "--server.address", "127.0.0.1",
             "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        outside: list[str] = []
        try:
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                        break
                except OSError:
                    if server.poll() is not None:
                        raise RuntimeError("streamlit exited") from None
                    time.sleep(0.05)
            first_context = new_context(browser, url, outside)
            page, cold = open_page(first_context, url)  # warms the server's caches
            page.close()
            first_context.close()
            first_visits, opens = [], []
            for _ in range(repeat):  # a reader's first visit: an empty browser cache
                context = new_context(browser, url, outside)
                page, seconds = open_page(context, url)
                first_visits.append(seconds)
                context.close()
            reader = new_context(browser, url, outside)  # a returning reader: the browser's cache kept
            page, _ = open_page(reader, url)
            page.close()
            for _ in range(repeat):
                page, seconds = open_page(reader, url)
                opens.append(seconds)
                page.close()
            page, _ = open_page(reader, url)
            if shots:
                screenshot(page, shots / f"dashboard-{store.name}.png")
            page.locator("[data-testid='stSidebar'] [data-testid='stExpander']", has_text="Filter the map").click()
            change_filter(page)  # the first toggle and back: both views seen once
            if shots:
                screenshot(page, shots / f"dashboard-{store.name}-sure-only.png")
            change_filter(page)
            filters = [change_filter(page) for _ in range(repeat)]
            if repeat % 2:
                change_filter(page)  # the filter off again: every place can be selected
            timed = [select(page, *places[i % len(places)]) for i in range(repeat)]
            selections, seen = [t[0] for t in timed], [t[1] for t in timed]
            rss = rss_mb(server.pid)
            page.close()
            reader.close()
            if outside:
                raise RuntimeError(f"requests left 127.0.0.1: {outside[:3]}")
        finally:
            server.terminate()
            server.wait(15)
    return {"cold_open": cold, "first_med": statistics.median(first_visits), "first_max": max(first_visits),
            "open_med": statistics.median(opens), "open_max": max(opens),
            "filter_med": statistics.median(filters), "filter_max": max(filters),
            "select_med": statistics.median(selections), "select_max": max(selections),
            "driver_select_med": statistics.median(seen), "driver_select_max": max(seen), "rss_mb": rss}


def screenshot(page: Page, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    page.wait_for_selector(IDLE)
    page.mouse.move(5, 5)
    page.wait_for_timeout(500)  # the map's tiles of borders settle
    page.screenshot(path=str(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "news-atlas-dash-bench")
    parser.add_argument("--screenshots", type=Path, help="save each store's first view and filtered view here")
    args = parser.parse_args(argv)
    stores = {n: build_store(n, args.dir) for n in args.sizes}
    load0 = os.getloadavg()[0]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        results = {n: measure(browser, store, args.repeat, args.screenshots) for n, store in stores.items()}
        browser.close()
    print(f"dashboard benchmark: {args.repeat} of each per store, {os.cpu_count()} CPUs, "
          f"load average {load0:.2f} at start and {os.getloadavg()[0]:.2f} at end, Python {sys.version.split()[0]}")
    keys = ["cold_open", "first_med", "first_max", "open_med", "open_max", "filter_med", "filter_max",
            "select_med", "select_max", "driver_select_med", "driver_select_max", "rss_mb"]
    print("| articles | cold open s | first visit s (median / worst) | open s (median / worst) | "
          "filter s (median / worst) | selection s (median / worst) | selection, driver's clock s | server RSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    for n, r in results.items():
        print(f"| {n:,} | {r['cold_open']:.2f} | {r['first_med']:.2f} / {r['first_max']:.2f} | "
              f"{r['open_med']:.2f} / {r['open_max']:.2f} | "
              f"{r['filter_med']:.2f} / {r['filter_max']:.2f} | {r['select_med']:.2f} / {r['select_max']:.2f} | "
              f"{r['driver_select_med']:.2f} / {r['driver_select_max']:.2f} | {r['rss_mb']:.0f} |")
    print(json.dumps({str(n): {k: round(r[k], 3) for k in keys} for n, r in results.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
