"""Worst-case inputs, stage by stage: every text stage must grow at most linearly with its input.

Run: .venv/bin/python benchmarks/bench_adversarial.py [--sizes 10000,100000,1000000] [--repeat 3]

For each pathological input (runs of dots, initials, one long line of one name, many distinct names,
long tokens) at 10 KB, 100 KB and 1 MB it times each stage on its own: sentence splitting, recognition,
resolution, the layers table, the dashboard's highlighted text and the map-click tooltip match. It prints
a Markdown table and the ratio 1 MB / 100 KB per stage (linear: about 10; the issue's bound: 15).
Articles are capped at ``geo.settings.MAX_MENTIONS_PER_ARTICLE`` mentions, so stages after recognition
see at most that many.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.dashboard.highlight import highlight_article  # noqa: E402
from geo.dashboard.state import place_at  # noqa: E402
from geo.geometry.shapes import area_contains, directional_place  # noqa: E402
from geo.layers import build_layers  # noqa: E402
from geo.nlp.pipeline import warm_up  # noqa: E402
from geo.nlp.recognize import recognize  # noqa: E402
from geo.nlp.resolve import resolve  # noqa: E402
from geo.text.document import make_document  # noqa: E402


def distinct_town_names(gazetteer: Any, limit: int = 60_000) -> list[str]:
    """Names of distinct small towns from the index (one-word and multi-word, capitalised)."""
    db = sqlite3.connect(f"file:{gazetteer.path}?mode=ro", uri=True)
    rows = db.execute("SELECT DISTINCT name FROM places WHERE kind = 'town' AND name GLOB '[A-Z]*' "
                      "AND length(name) BETWEEN 4 AND 14 LIMIT ?", (limit,)).fetchall()
    db.close()
    return [r[0] for r in rows]


def inputs(size: int, towns: list[str]) -> dict[str, str]:
    """The pathological texts, each about ``size`` characters."""
    def fill(unit: str) -> str:
        return (unit * (size // len(unit) + 1))[:size]

    many, total, i = [], 0, 0
    while total < size:
        piece = f"Troops reached {towns[i % len(towns)]}. "
        many.append(piece)
        total += len(piece)
        i += 1
    return {
        "dots": "Mali" + "." * (size - 4),
        "initials": fill("Mr. Abc "),
        "one name, one line": fill("Mali "),
        "many distinct names": "".join(many)[:size],
        "long token": "Mali " + "A" * (size - 5),
        "group names, one line": fill("the Alliance of Sahel States and the Economic Community of West African "
                                      "States "),
        "exclamations and ellipses": fill("Mali!!! … ?! "),
    }


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - started


def run_stages(text: str, gazetteer: Any, repeat: int = 1) -> dict[str, float]:
    """Seconds per stage for one text: the best of ``repeat`` runs."""
    runs = [_run_stages(text, gazetteer) for _ in range(repeat)]
    return {stage: min(run[stage] for run in runs) for stage in runs[0]}


def _run_stages(text: str, gazetteer: Any) -> dict[str, float]:
    doc, t_split = timed(lambda: make_document(text, title="bench", doc_id="bench"))
    spans, t_recognise = timed(lambda: recognize(doc, gazetteer))
    mentions, t_resolve = timed(lambda: resolve(doc.text, spans, make_part=directional_place,
                                                contains=area_contains))
    layers, t_layers = timed(lambda: build_layers([(doc, mentions)]))
    _html, t_highlight = timed(lambda: highlight_article(text, mentions, title="bench"))
    tooltip = "<b>" + "a" * (len(text) // 10) + " · " * (len(text) // 30) + "</b>"
    _hit, t_tooltip = timed(lambda: place_at(layers, 17.0, -4.0, tooltip))
    return {"split": t_split, "recognise": t_recognise, "resolve": t_resolve, "layers": t_layers,
            "highlight": t_highlight, "tooltip": t_tooltip, "mentions": float(len(mentions))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3, help="runs per input; the best time is kept")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    gazetteer = warm_up()
    towns = distinct_town_names(gazetteer)
    stages = ["split", "recognise", "resolve", "layers", "highlight", "tooltip"]
    print("| input | size | mentions | " + " | ".join(f"{s} s" for s in stages) + " |")
    print("|---|---|---|" + "---|" * len(stages))
    results: dict[str, dict[int, dict[str, float]]] = {}
    for size in sizes:
        for name, text in inputs(size, towns).items():
            row = run_stages(text, gazetteer, args.repeat)
            results.setdefault(name, {})[size] = row
            cells = " | ".join(f"{row[s]:.3f}" for s in stages)
            print(f"| {name} | {size:,} | {int(row['mentions']):,} | {cells} |", flush=True)
    if len(sizes) >= 2:
        small, big = sizes[-2], sizes[-1]
        print(f"\nratio {big:,} / {small:,} characters (time; sub-millisecond stages shown as '-'):\n")
        print("| input | " + " | ".join(stages) + " |")
        print("|---|" + "---|" * len(stages))
        for name, by_size in results.items():
            ratios = []
            for s in stages:
                a, b = by_size[small][s], by_size[big][s]
                ratios.append("-" if b < 0.001 else f"{b / max(a, 1e-4):.1f}")
            print(f"| {name} | " + " | ".join(ratios) + " |")


if __name__ == "__main__":
    main()
