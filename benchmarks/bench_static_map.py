"""Static map at scale: file size and the time Chromium takes to open it offline, for N news articles.

Run: ``.venv/bin/python benchmarks/bench_static_map.py`` (default N = 706 2000 10000; ``--sizes 10000``).
Prints a Markdown table. Articles are sampled with replacement from ``../shared/eval/lgl.jsonl`` and
``trnews.jsonl`` (seeded); each copy is its own article (id ``<source id>#<n>``) with a publication month
drawn from 2023-01..2025-12, so places carry real event times from ``geo.time``. Every distinct text is
geoparsed once and its mentions reused by its copies (geoparsing is ``bench_geoparse.py``'s business);
building the layers table and the page is timed here. The seed articles' map is measured too.

"Open" is the time from navigation to the map's script marking the map ready (places, list, time control
drawn: ``data-na-ready``), in headless Debian chromium with every network request blocked (a blocked
request is an error); median of ``--runs`` fresh pages.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.cli.parse import load_and_parse
from geo.layers.table import build_layers
from geo.model import Document, Mention
from geo.nlp.pipeline import parse_document
from geo.render.webmap import render_html
from geo.settings import ARTICLES_DIR, PROJECT_ROOT
from geo.text.document import make_document

EVAL = PROJECT_ROOT.parent / "shared" / "eval"
SOURCES = (EVAL / "lgl.jsonl", EVAL / "trnews.jsonl")
CHROMIUM = "/usr/bin/chromium"
MONTHS = [f"{y}-{m:02d}" for y in (2023, 2024, 2025) for m in range(1, 13)]


def load_sources() -> list[tuple[Document, list[Mention]]]:
    """Every evaluation article, geoparsed once."""
    parsed = []
    for source in SOURCES:
        with source.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    record = json.loads(line)
                    doc = make_document(record["text"], title=record.get("title", ""), doc_id=str(record["id"]))
                    parsed.append((doc, parse_document(doc)))
    return parsed


def sample(parsed: list[tuple[Document, list[Mention]]], n: int, seed: int = 13):
    """``n`` articles drawn with replacement, each a copy with its own id and publication month."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        doc, mentions = parsed[i] if n <= len(parsed) and i < len(parsed) else rng.choice(parsed)
        copy = dataclasses.replace(doc, doc_id=f"{doc.doc_id}#{i}", published=rng.choice(MONTHS))
        out.append((copy, mentions))
    return out


def open_times(path: Path, runs: int, width: int = 1280, height: int = 800) -> list[float]:
    """Seconds from navigation to ``data-na-ready``, one fresh page per run, network blocked."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        for _ in range(runs):
            page = browser.new_page(viewport={"width": width, "height": height})
            blocked: list[str] = []

            def route(r, blocked=blocked):
                if r.request.url.startswith("file://"):
                    r.continue_()
                else:
                    blocked.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            start = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_selector(".leaflet-container[data-na-ready]", state="attached", timeout=120_000)
            times.append(time.perf_counter() - start)
            if blocked:
                raise RuntimeError(f"the map asked the network for {blocked[:3]}")
            page.close()
        browser.close()
    return times


def measure(label: str, parsed, out: Path, runs: int) -> dict:
    start = time.perf_counter()
    layers = build_layers(parsed)
    t_layers = time.perf_counter() - start
    start = time.perf_counter()
    page = render_html(layers, title=f"News Atlas: {label}")
    t_html = time.perf_counter() - start
    out.write_text(page, encoding="utf-8")
    opened = open_times(out, runs)
    return {"label": label, "articles": len(parsed), "places": len(layers),
            "points": int((layers.geometry.geom_type == "Point").sum()), "layers": t_layers, "html": t_html,
            "size": out.stat().st_size, "open": statistics.median(opened), "open_max": max(opened)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[706, 2000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        seeds, _ = load_and_parse(sorted(ARTICLES_DIR.glob("*.txt")))
        rows.append(measure("seed articles", seeds, Path(tmp) / "seeds.html", args.runs))
        sources = load_sources()
        for n in args.sizes:
            rows.append(measure(f"{n:,} sampled articles", sample(sources, n), Path(tmp) / f"n{n}.html", args.runs))
    print(f"{sys.platform}, Python {sys.version.split()[0]}, chromium open time: median of {args.runs} fresh "
          "pages (max in brackets), network blocked\n")
    print("| input | articles | places | points | layers s | HTML s | HTML size | open in chromium s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['label']} | {r['articles']:,} | {r['places']:,} | {r['points']:,} | {r['layers']:.2f} | "
              f"{r['html']:.2f} | {r['size'] / 1e6:.2f} MB | {r['open']:.2f} ({r['open_max']:.2f}) |")


if __name__ == "__main__":
    main()
