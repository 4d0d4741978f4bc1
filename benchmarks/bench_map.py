"""Static map: build time and file size for the seed articles, and for many copies of them.

Run: ``.venv/bin/python benchmarks/bench_map.py`` (prints a Markdown table). Stages are timed
separately: parsing (the lead's geoparser, warm gazetteer), the layers table, and the HTML.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.cli.parse import load_and_parse
from geo.geometry.borders import load_countries
from geo.layers.table import build_layers
from geo.render.webmap import render_html
from geo.settings import ARTICLES_DIR

REPEATS = 5


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def bench(paths: list[Path], label: str) -> dict:
    parse_s, layers_s, html_s, size = [], [], [], 0
    for _ in range(REPEATS):
        parsed, t_parse = timed(load_and_parse, paths)
        layers, t_layers = timed(build_layers, parsed[0])
        page, t_html = timed(render_html, layers, title="Benchmark")
        parse_s.append(t_parse)
        layers_s.append(t_layers)
        html_s.append(t_html)
        size = len(page.encode("utf-8"))
    return {"label": label, "articles": len(paths), "places": len(layers),
            "parse": statistics.median(parse_s), "layers": statistics.median(layers_s),
            "html": statistics.median(html_s), "size": size}


def main() -> None:
    seeds = sorted(ARTICLES_DIR.glob("*.txt"))
    load_countries()
    load_and_parse(seeds)  # warm the gazetteer and borders caches
    rows = [bench(seeds, "seed articles")]
    with tempfile.TemporaryDirectory() as tmp:
        copies = []
        for i in range(20):
            for seed in seeds:
                copy = Path(tmp) / f"{i:02d}-{seed.name}"
                copy.write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
                copies.append(copy)
        rows.append(bench(copies, "seed articles x20"))
    print(f"median of {REPEATS} runs, warm caches, {sys.platform}, Python {sys.version.split()[0]}\n")
    print("| input | articles | places | parse s | layers s | HTML s | total s | HTML size |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        total = r["parse"] + r["layers"] + r["html"]
        print(f"| {r['label']} | {r['articles']} | {r['places']} | {r['parse']:.3f} | {r['layers']:.3f} | "
              f"{r['html']:.3f} | {total:.3f} | {r['size'] / 1e6:.2f} MB |")


if __name__ == "__main__":
    main()
