"""The dashboard's map engine, folium (st_folium) against st.pydeck_chart, on the same places, in a real browser.

    .venv/bin/python benchmarks/bench_map_engines.py [--sizes 1000 10000] [--repeat 5] [--dir /work/dash-bench]
        [--screenshots docs/screenshots] [--out benchmarks/results/map_engines.json]

Needs pydeck (not a requirement of the project: ``.venv/bin/pip install pydeck``) and system chromium.

Each store (``DIR/store-N``, as bench_dashboard builds them) is opened by two one-map Streamlit pages
(benchmarks/map_engines/): ``folium_page.py`` draws the places exactly as app.py does (``base_map``,
``place_layers`` with the cached ``places_payload``, st_folium with its click values, the click resolved by
``places_at``); ``pydeck_page.py`` draws the same rows, shapes and colours as deck.gl layers (GeoJsonLayer for
borders, shading and areas, ScatterplotLayer for points; no basemap) with ``on_select="rerun"``. Both pages
write "Selected: NAME" after a selection. Both servers run at once and the engines take turns, so a change of
load hits both. Measured, ``--repeat`` times each:

  * open      – a new tab (new browser context: nothing cached) from ``goto`` until the map has drawn its places
                and a frame has been painted: folium, the markercluster bubbles (or the places' paths) in the
                map frame; pydeck, the frame after the WebGL draw call of the points layer (instance count =
                the points, counted by a hook on WebGL2's draw calls);
  * selection – a click on a country far from any point (its screen position from the view: Web Mercator
                at the same zoom) until the page shows its name; two countries in turn;
  * bytes     – websocket bytes received per open and per selection (sent too), HTTP bytes per open (the
                Streamlit frontend, the map component's or deck.gl's bundle), and the map's own data;
  * RSS       – the server process's resident memory at the end.
Requests leaving 127.0.0.1 are blocked and reported. WebGL runs on the CPU (Mesa llvmpipe through ANGLE; the
machine has no GPU): with SwiftShader, Chromium's fallback, one hover pick on the full map took 8 s and no click
on an area reached the server. Prints a Markdown table with the load average and saves everything as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]
from playwright.sync_api import Browser, FloatRect, Page, Route, ViewportSize, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks" / "map_engines"))  # as the pages import it

from shared import SELECTED, Places, click_targets, deck, load_places, screen_xy  # noqa: E402

from geo.dashboard.map import CLUSTER_MIN_POINTS  # noqa: E402

ENGINES = ("folium", "pydeck")
CHROMIUM = "/usr/bin/chromium"
#: WebGL on Mesa's llvmpipe (ANGLE over EGL): SwiftShader, the fallback, is too slow for deck.gl's picking.
GL_ARGS = ["--use-gl=angle", "--use-angle=gl-egl", "--ignore-gpu-blocklist"]
ARGS = ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", *GL_ARGS]
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
DECK = "[data-testid='stDeckGlJsonChart']"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}
TIMEOUT_MS = 180_000
#: A click that sends nothing to the server within this many seconds was lost (seen with SwiftShader: most likely
#: deck.gl's pointer-down pick kept the page busy past the tap time); it is clicked again, at most MAX_LOST_CLICKS
#: times, and counted.
LOST_CLICK_S, MAX_LOST_CLICKS = 5.0, 3
#: Marks the first painted frame after deck.gl drew ``want`` instances (the points layer) in one call.
DRAW_HOOK = """
(() => {
  const want = WANT;
  const gl = window.WebGL2RenderingContext && WebGL2RenderingContext.prototype;
  if (!gl) { return; }
  for (const name of ["drawArraysInstanced", "drawElementsInstanced"]) {
    const draw = gl[name];
    gl[name] = function (...args) {
      const result = draw.apply(this, args);
      if (args[args.length - 1] === want && !window.__naDrawCall) {
        window.__naDrawCall = performance.now();
        requestAnimationFrame(() => { window.__naDrawn = performance.now(); });
      }
      return result;
    };
  }
})();
"""


@dataclass
class Traffic:
    """Bytes a page exchanged since the last ``reset``: websocket frames both ways, HTTP (encoded) received."""

    ws_in: int = 0
    ws_out: int = 0
    http_in: int = 0
    outside: list[str] = field(default_factory=list)

    def reset(self) -> None:
        self.ws_in = self.ws_out = self.http_in = 0

    def count_ws(self, ws: Any) -> None:
        ws.on("framereceived", lambda payload: self._add("ws_in", payload))
        ws.on("framesent", lambda payload: self._add("ws_out", payload))

    def _add(self, name: str, payload: str | bytes) -> None:
        size = len(payload.encode("utf-8")) if isinstance(payload, str) else len(payload)
        setattr(self, name, getattr(self, name) + size)

    def count_http(self, event: dict[str, Any]) -> None:
        self.http_in += int(event.get("encodedDataLength", 0))


@dataclass
class Server:
    engine: str
    process: subprocess.Popen[bytes]
    url: str


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def servers(store: Path, cache: Path) -> Iterator[dict[str, Server]]:
    """Both pages' Streamlit servers on ``store``, stopped on exit."""
    started: dict[str, Server] = {}
    env = dict(os.environ, NEWS_ATLAS_STORE=str(store), NEWS_ATLAS_CACHE=str(cache))
    try:
        for engine in ENGINES:
            port = free_port()
            process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(ROOT / "benchmarks" / "map_engines" /
                                                              f"{engine}_page.py"),
                 "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
                 "--browser.gatherUsageStats", "false"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            started[engine] = Server(engine, process, f"http://127.0.0.1:{port}")
        for server in started.values():
            wait_healthy(server)
        yield started
    finally:
        for server in started.values():
            server.process.terminate()
        for server in started.values():
            server.process.wait(15)


def wait_healthy(server: Server) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2):
                return
        except OSError:
            if server.process.poll() is not None:
                raise RuntimeError(f"the {server.engine} page's server exited") from None
            time.sleep(0.1)
    raise RuntimeError(f"the {server.engine} page's server did not start")


def rss_mb(pid: int) -> float:
    proc = psutil.Process(pid)
    return (proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))) / 2**20


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def new_page(browser: Browser, server: Server, points: int) -> tuple[Page, Traffic]:
    """A tab in a fresh context (empty cache), counting its traffic and refusing requests off 127.0.0.1."""
    page = browser.new_page(viewport=VIEWPORT)
    traffic = Traffic()
    page.add_init_script(DRAW_HOOK.replace("WANT", str(int(points))))

    def local_only(route: Route) -> None:
        if route.request.url.startswith((server.url, "data:")):
            route.continue_()
        else:
            traffic.outside.append(route.request.url)
            route.abort()

    page.route("**/*", local_only)
    page.on("websocket", traffic.count_ws)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.on("Network.loadingFinished", traffic.count_http)
    return page, traffic


def wait_drawn(page: Page, engine: str, points: int) -> None:
    """Until the map has drawn its places and a frame has been painted since."""
    if engine == "folium":
        marker = ".marker-cluster" if points > CLUSTER_MIN_POINTS else "path.na-place"
        page.frame_locator(MAP_IFRAME).locator(marker).first.wait_for(state="attached", timeout=TIMEOUT_MS)
        map_frame(page).evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    else:
        page.wait_for_function("() => window.__naDrawn !== undefined", polling="raf", timeout=TIMEOUT_MS)


def map_frame(page: Page) -> Any:
    for frame in page.frames:
        if "streamlit_folium" in frame.url:
            return frame
    raise RuntimeError("no map frame")


def open_map(browser: Browser, server: Server, points: int) -> tuple[Page, Traffic, float]:
    """A new tab on the page until its map is drawn (seconds), and until the script is idle (traffic)."""
    page, traffic = new_page(browser, server, points)
    start = time.perf_counter()
    page.goto(server.url)
    wait_drawn(page, server.engine, points)
    seconds = time.perf_counter() - start
    page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
    page.locator(".st-key-selected").first.wait_for(timeout=TIMEOUT_MS)
    return page, traffic, seconds


def map_box(page: Page, engine: str) -> FloatRect:
    """The map's drawing area on the page (pixels)."""
    if engine == "folium":
        box = page.frame_locator(MAP_IFRAME).locator("#map_div").first.bounding_box()
    else:
        box = page.locator(f"{DECK} canvas").first.bounding_box()
    if box is None:
        raise RuntimeError(f"no {engine} map on the page")
    return box


def select(page: Page, traffic: Traffic, target: tuple[str, float, float], places: Places,
           box: FloatRect) -> tuple[float, int, int, int]:
    """Seconds from a click on ``target`` until the page names it, websocket bytes in and out meanwhile, and how
    many clicks were lost first (nothing sent to the server within LOST_CLICK_S: each is clicked again and the
    time counted from the click that got through)."""
    name, lat, lon = target
    x, y = screen_xy(lat, lon, places.center, places.zoom, box["width"], box["height"])
    page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
    page.mouse.move(box["x"] + x, box["y"] + y)
    page.wait_for_timeout(300)  # the hover's tooltip (and deck.gl's hover pick) is not part of the click
    shown = page.locator(".st-key-selected", has_text=f"{SELECTED}{name}").first
    for lost in range(MAX_LOST_CLICKS + 1):
        traffic.reset()
        start = time.perf_counter()
        page.mouse.click(box["x"] + x, box["y"] + y)
        while time.perf_counter() - start < LOST_CLICK_S and not traffic.ws_out and not shown.is_visible():
            page.wait_for_timeout(20)
        if traffic.ws_out or shown.is_visible():
            shown.wait_for(timeout=60_000)
            seconds = time.perf_counter() - start
            page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
            return seconds, traffic.ws_in, traffic.ws_out, lost
    raise RuntimeError(f"{MAX_LOST_CLICKS + 1} clicks on {name} sent nothing to the server")


def visible_targets(places: Places, box: FloatRect, margin: float = 60) -> list[tuple[str, float, float]]:
    """Click targets inside the map, away from its edges (zoom buttons, scale, attribution)."""
    found = []
    for name, lat, lon in click_targets(places):
        x, y = screen_xy(lat, lon, places.center, places.zoom, box["width"], box["height"])
        if margin < x < box["width"] - margin and margin < y < box["height"] - margin:
            found.append((name, lat, lon))
    return found


def tab_stops(page: Page, limit: int = 3000) -> dict[str, int]:
    """The map's keyboard stops: Tab from the top of the page until focus leaves the map, counted by kind
    ("path": a place's shape in Leaflet's SVG, which Chromium makes focusable as Leaflet 1.9 listens to its focus
    for the tooltip)."""
    page.evaluate("() => { if (document.activeElement) { document.activeElement.blur(); } }")
    stops: dict[str, int] = {}
    first = None
    for _ in range(limit):
        page.keyboard.press("Tab")
        label = page.evaluate("""(deck) => {
          let el = document.activeElement, inMap = false;
          if (el && el.tagName === "IFRAME") {
            inMap = true;
            el = el.contentDocument ? el.contentDocument.activeElement : el;
          } else if (el && el.closest(deck)) {
            inMap = true;
          }
          if (!el || el === document.body) { return "body"; }
          const name = (el.getAttribute("aria-label") || el.getAttribute("title") || "").trim();
          return (inMap ? "map: " : "") + el.tagName.toLowerCase() + (name ? " " + name.slice(0, 30) : "");
        }""", DECK)
        if label == first or (stops and not label.startswith("map: ")):
            break
        first = first or label
        if label.startswith("map: "):
            kind = label.removeprefix("map: ")
            kind = "path" if kind.startswith("path") else kind
            stops[kind] = stops.get(kind, 0) + 1
    return stops


def gl_renderer(browser: Browser) -> str:
    page = browser.new_page()
    try:
        return str(page.evaluate("""() => { const g = document.createElement("canvas").getContext("webgl2");
          if (!g) { return "no WebGL2"; }
          const d = g.getExtension("WEBGL_debug_renderer_info");
          return d ? g.getParameter(d.UNMASKED_RENDERER_WEBGL) : "WebGL2"; }"""))
    finally:
        page.close()


def summary(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 3), "worst": round(max(values), 3)}


def measure_store(browser: Browser, store: Path, places: Places, repeat: int, cache: Path,
                  shots: Path | None, log: Callable[[str], None]) -> dict[str, Any]:
    """Both engines on one store, taking turns; see the module docstring."""
    points = int((places.rows.geometry.geom_type == "Point").sum())
    result: dict[str, Any] = {e: {"open_s": [], "open_ws_in": [], "open_http_in": [], "select_s": [],
                                  "select_ws_in": [], "select_ws_out": [], "lost_clicks": 0, "load": []}
                              for e in ENGINES}
    outside: list[str] = []
    with servers(store, cache) as running:
        for engine, server in running.items():  # first opens: the servers read the store and build the map
            load = load_average()
            page, traffic, seconds = open_map(browser, server, points)
            result[engine]["cold_open_s"] = round(seconds, 3)
            result[engine]["cold_load"] = load
            outside += traffic.outside
            page.close()
        for i in range(repeat):
            for engine, server in running.items():
                load = load_average()
                page, traffic, seconds = open_map(browser, server, points)
                result[engine]["open_s"].append(round(seconds, 3))
                result[engine]["open_ws_in"].append(traffic.ws_in)
                result[engine]["open_http_in"].append(traffic.http_in)
                result[engine]["load"].append(load)
                outside += traffic.outside
                log(f"  {store.name} {engine} open {i + 1}: {seconds:.2f} s, ws {traffic.ws_in / 1e6:.2f} MB, "
                    f"http {traffic.http_in / 1e6:.2f} MB, load {load}")
                page.close()
        pages = {engine: open_map(browser, server, points) for engine, server in running.items()}
        boxes = {engine: map_box(page, engine) for engine, (page, _t, _s) in pages.items()}
        targets = [t for t in visible_targets(places, boxes["folium"]) if t in visible_targets(places, boxes["pydeck"])]
        if len(targets) < 2:
            raise RuntimeError(f"fewer than two countries to click in the first view: {targets}")
        for i in range(repeat):
            target = targets[i % 2]
            for engine, (page, traffic, _s) in pages.items():
                load = load_average()
                seconds, ws_in, ws_out, lost = select(page, traffic, target, places, boxes[engine])
                result[engine]["lost_clicks"] += lost
                result[engine]["select_s"].append(round(seconds, 3))
                result[engine]["select_ws_in"].append(ws_in)
                result[engine]["select_ws_out"].append(ws_out)
                result[engine]["load"].append(load)
                log(f"  {store.name} {engine} select {target[0]}: {seconds:.2f} s, ws in {ws_in / 1e3:.0f} kB, "
                    f"out {ws_out / 1e3:.0f} kB, {lost} lost clicks, load {load}")
        for engine, (page, traffic, _s) in pages.items():
            result[engine]["tab_stops"] = tab_stops(page)
            outside += traffic.outside
            page.close()
        if shots:
            for engine, server in running.items():
                page, _traffic, _s = open_map(browser, server, points)
                page.mouse.move(2, 2)
                page.wait_for_timeout(1000)
                path = shots / f"map-engine-{engine}-{store.name.removeprefix('store-')}.png"
                path.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(path))
                page.close()
        for engine, server in running.items():
            result[engine]["rss_mb"] = round(rss_mb(server.process.pid), 1)
    for engine in ENGINES:
        r = result[engine]
        r["open"] = summary(r["open_s"])
        r["select"] = summary(r["select_s"])
        r["load_range"] = [min(r["load"]), max(r["load"])]
    result["targets"] = [t[0] for t in targets[:2]]
    result["points"] = points
    result["areas"] = len(places.rows) - points
    result["folium_places_payload_bytes"] = len(places.payload.encode("utf-8"))
    spec = deck(places).to_json()
    result["pydeck_json_bytes"] = len(spec.encode("utf-8"))
    result["pydeck_json_compact_bytes"] = len(json.dumps(json.loads(spec), separators=(",", ":")).encode("utf-8"))
    result["folium_render_s"], result["pydeck_to_json_s"] = server_work(places)
    result["outside_requests"] = sorted(set(outside))
    return result


def server_work(places: Places, repeat: int = 3) -> tuple[float, float]:
    """Seconds each engine's page spends on every rerun turning the map into its message (median of ``repeat``):
    folium, what st_folium renders (the base map's script, header and HTML, and each place layer's script);
    pydeck, ``Deck.to_json`` (st.pydeck_chart calls it on every run)."""
    from streamlit_folium import _get_feature_group_string, _get_header, _get_html, _get_map_string

    from geo.dashboard.map import base_map, place_layers

    def folium_message() -> None:
        fmap = base_map()
        fmap.get_root().render()
        _get_html(fmap), _get_header(fmap), _get_map_string(fmap)
        for idx, group in enumerate(place_layers(places.rows, payload=places.payload)):
            _get_feature_group_string(group, map=fmap, idx=idx)

    chart = deck(places)
    times: dict[str, list[float]] = {"folium": [], "pydeck": []}
    for _ in range(repeat):
        for name, work in (("folium", folium_message), ("pydeck", chart.to_json)):
            start = time.perf_counter()
            work()
            times[name].append(time.perf_counter() - start)
    return round(statistics.median(times["folium"]), 3), round(statistics.median(times["pydeck"]), 3)


def table(results: dict[int, dict[str, Any]]) -> str:
    lines = ["| articles (places) | engine | open s (median / worst) | selection s (median / worst) | "
             "clicks lost | per open: websocket / HTTP MB | per selection: websocket in / out kB | "
             "server RSS MB | load (1 min) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for n, res in results.items():
        for engine in ENGINES:
            r = res[engine]
            ws_in, http_in = statistics.median(r["open_ws_in"]) / 1e6, statistics.median(r["open_http_in"]) / 1e6
            sel_in, sel_out = max(r["select_ws_in"]) / 1e3, max(r["select_ws_out"]) / 1e3
            lines.append(
                f"| {n:,} ({res['points']:,} points, {res['areas']:,} areas) | {engine} | "
                f"{r['open']['median']:.2f} / {r['open']['worst']:.2f} | "
                f"{r['select']['median']:.2f} / {r['select']['worst']:.2f} | {r['lost_clicks']} | "
                f"{ws_in:.2f} / {http_in:.2f} | {sel_in:.0f} / {sel_out:.0f} | "
                f"{r['rss_mb']:.0f} | {r['load_range'][0]:.2f}–{r['load_range'][1]:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dir", type=Path, default=Path("/work/dash-bench"),
                        help="folder holding store-N (benchmarks/bench_dashboard.py builds them)")
    parser.add_argument("--screenshots", type=Path,
                        help="save each engine's first view of the largest store here (1280 px wide)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "map_engines.json")
    parser.add_argument("--cache", type=Path, default=Path(os.environ.get("NEWS_ATLAS_CACHE") or ROOT / ".cache"),
                        help="the project's cache folder (simplified borders)")
    args = parser.parse_args(argv)
    try:
        import pydeck  # type: ignore[import-untyped]
    except ImportError:
        print("this benchmark needs pydeck (not a project requirement): .venv/bin/pip install pydeck",
              file=sys.stderr)
        return 2
    stores = {n: args.dir / f"store-{n}" for n in args.sizes}
    missing = [str(s) for s in stores.values() if not (s / "store.json").exists()]
    if missing:
        print(f"no store at {', '.join(missing)}: build them with benchmarks/bench_dashboard.py --dir {args.dir}",
              file=sys.stderr)
        return 2
    command = " ".join([".venv/bin/python", "benchmarks/bench_map_engines.py", *(argv or sys.argv[1:])])
    load_start = os.getloadavg()
    started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    results: dict[int, dict[str, Any]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        renderer = gl_renderer(browser)
        print(f"WebGL: {renderer}", file=sys.stderr)
        for n, store in stores.items():
            places = load_places(store)
            shots = args.screenshots if n == max(stores) else None  # the largest store's
            results[n] = measure_store(browser, store, places, args.repeat, args.cache, shots,
                                       lambda line: print(line, file=sys.stderr, flush=True))
        browser.close()
    load_end = os.getloadavg()
    head = (f"map engines: {args.repeat} of each per store and engine, {os.cpu_count()} CPUs, load average "
            f"{load_start[0]:.2f} / {load_start[1]:.2f} / {load_start[2]:.2f} at start and {load_end[0]:.2f} / "
            f"{load_end[1]:.2f} / {load_end[2]:.2f} at end, chromium WebGL on {renderer}, Python "
            f"{platform.python_version()}, pydeck {pydeck.__version__}")
    print(head)
    print(table(results))
    for n, res in results.items():
        stops = {e: res[e]["tab_stops"] for e in ENGINES}
        print(f"{n:,} articles: clicked {' and '.join(res['targets'])}; requests off 127.0.0.1: "
              f"{res['outside_requests'] or 'none'}; Tab stops in the map: "
              + "; ".join(f"{e} {sum(stops[e].values())} ({', '.join(f'{k} ×{v}' for k, v in stops[e].items())})"
                          for e in ENGINES))
        print(f"{n:,} articles: server work per rerun to build the map message (median of 3, this process): folium "
              f"{res['folium_render_s']:.2f} s, pydeck {res['pydeck_to_json_s']:.2f} s; folium's places payload "
              f"{res['folium_places_payload_bytes'] / 1e6:.2f} MB; pydeck's JSON "
              f"{res['pydeck_json_bytes'] / 1e6:.2f} MB as sent (indent=2), "
              f"{res['pydeck_json_compact_bytes'] / 1e6:.2f} MB compact")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"command": command, "started": started, "summary": head,
                                    "load_start": load_start, "load_end": load_end, "cpus": os.cpu_count(),
                                    "webgl": renderer, "chromium_args": ARGS,
                                    "results": {str(n): r for n, r in results.items()}}, indent=1) + "\n",
                        encoding="utf-8")
    print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
