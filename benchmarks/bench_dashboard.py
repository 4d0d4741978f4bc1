"""Dashboard speed and memory, measured in a real browser (system chromium driven by Playwright).

    .venv/bin/python benchmarks/bench_dashboard.py [--runs 3] [--selections 6]

For each run: start ``streamlit run app.py`` on a free 127.0.0.1 port (chromium already open, so
its start is not counted) and measure
  * ready      – from process start until ``/_stcore/health`` answers,
  * first map  – from process start until the map iframe draws the places (Mali's shape),
  * selection  – from picking a place in the select box until its mentions are highlighted in the
                 text *and* the selection ring is drawn on the map (median and worst of N),
  * RSS        – resident memory of the server process (and children) after the selections.
The gazetteer cache must be built (``make gazetteer``). Requests leaving 127.0.0.1 are blocked.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
#: (typed into the Place box, the mark expected in the text)
SELECTIONS = [("Tin Zaouatine — town", "Tin Zaouatine"), ("Algiers — city", "Algiers"),
              ("Sahel — region", "Sahel"), ("Bamako — city", "Bamako"),
              ("Liptako-Gourma — region", "Liptako-Gourma"), ("Niamey — city", "Niamey")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    proc = psutil.Process(pid)
    return (proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))) / 2**20


def select(page: Page, typed: str, mark: str) -> float:
    """Seconds from choosing ``typed`` in the Place box to its marks in the text and ring on the map."""
    page.wait_for_selector(IDLE)
    page.locator("[data-testid='stSelectbox']").filter(has=page.locator("label", has_text="Place")).first.click()
    page.keyboard.type(typed)
    option = page.locator("[role='option']", has_text=typed).first
    option.wait_for()
    start = time.perf_counter()
    option.click()
    page.locator(".na-text mark.na-sel", has_text=mark).first.wait_for()
    page.frame_locator(MAP_IFRAME).locator("path.na-selected").first.wait_for(state="attached")
    return time.perf_counter() - start


def one_run(browser, n_selections: int) -> dict[str, float]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, NEWS_ATLAS_DB=str(Path(tmp) / "corrections.sqlite"))
        t0 = time.perf_counter()
        server = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "streamlit"), "run", "app.py", "--server.address", "127.0.0.1",
             "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                        break
                except OSError:
                    if server.poll() is not None:
                        raise RuntimeError("streamlit exited") from None
                    time.sleep(0.02)
            ready = time.perf_counter() - t0
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            outside: list[str] = []
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(url)
                       else (outside.append(r.request.url), r.abort()))
            page.goto(url)
            page.frame_locator(MAP_IFRAME).locator("path.na-id-country_ML").first.wait_for(state="visible",
                                                                                         timeout=60_000)
            first_map = time.perf_counter() - t0
            times = [select(page, *SELECTIONS[i % len(SELECTIONS)]) for i in range(n_selections)]
            page.wait_for_selector(IDLE)
            rss = rss_mb(server.pid)
            page.close()
            if outside:
                raise RuntimeError(f"requests left 127.0.0.1: {outside[:3]}")
        finally:
            server.terminate()
            server.wait(15)
    return {"ready_s": ready, "first_map_s": first_map, "selection_median_s": statistics.median(times),
            "selection_max_s": max(times), "rss_mb": rss}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--selections", type=int, default=6)
    args = parser.parse_args(argv)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        results = [one_run(browser, args.selections) for _ in range(args.runs)]
        browser.close()
    keys = ["ready_s", "first_map_s", "selection_median_s", "selection_max_s", "rss_mb"]
    print(f"dashboard benchmark: {args.runs} runs, {args.selections} selections each, "
          f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print("| run | " + " | ".join(keys) + " |")
    print("|---" * (len(keys) + 1) + "|")
    for i, r in enumerate(results, 1):
        print(f"| {i} | " + " | ".join(f"{r[k]:.2f}" if k != "rss_mb" else f"{r[k]:.0f}" for k in keys) + " |")
    med = {k: statistics.median(r[k] for r in results) for k in keys}
    print("| median | " + " | ".join(f"{med[k]:.2f}" if k != "rss_mb" else f"{med[k]:.0f}" for k in keys) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
