"""Split acc@161 by the gold toponym's feature code: areas (countries, provinces, continents) vs points.

Run after eval_geoparser.py: .venv/bin/python benchmarks/diagnose_resolution.py trnews
Area gold points are GeoNames' conventional points; ours are shape centroids, so large areas can be
"wrong" by hundreds of km while naming the right country. This shows how much of the error that is.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT))

from geo.geometry.metric import haversine_km  # noqa: E402

AREA_CODES = {"PCLI", "PCLD", "PCLS", "PCLIX", "ADM1", "CONT", "RGN"}


def main(corpus: str) -> None:
    gold = [json.loads(line) for line in (EVAL / f"{corpus}.jsonl").read_text().split("\n") if line.strip()]
    pred = {r["id"]: r for r in map(json.loads, (ROOT / "out" / f"pred-{corpus}.jsonl").read_text().splitlines())}
    hits, totals = Counter(), Counter()
    for doc in gold:
        mentions = pred[doc["id"]]["mentions"]
        used: set[int] = set()
        for top in doc["toponyms"]:
            match = next((i for i, m in enumerate(mentions) if i not in used
                          and m["start"] < top["end"] and top["start"] < m["end"]), None)
            if match is None or top.get("lat") is None:
                continue
            used.add(match)
            group = "areas (country, admin-1, continent)" if top.get("fcode") in AREA_CODES else "points"
            ok = haversine_km(top["lat"], top["lon"], mentions[match]["lat"], mentions[match]["lon"]) <= 161
            hits[group] += ok
            totals[group] += 1
    print(f"| {corpus} | resolved | acc@161 |\n|---|---|---|")
    for group in sorted(totals):
        print(f"| {group} | {totals[group]} | {hits[group] / totals[group]:.3f} |")


if __name__ == "__main__":
    for name in sys.argv[1:] or ["trnews", "lgl"]:
        main(name)
