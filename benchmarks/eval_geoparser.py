"""Accuracy and speed of the geoparser on the dev corpora (scored by ../shared/eval/score.py, plus the views below).

Run: .venv/bin/python benchmarks/eval_geoparser.py [CORPUS ...] [--reliability] [--errors N]
(default corpora: trnews lgl). Writes predictions to out/pred-CORPUS.jsonl, prints score.py's report, then
one table with, per corpus:

* overlap / exact F1 and acc@161 (score.py's figures, recomputed here and checked against it);
* **area-aware accuracy**: acc@161, except that a mention whose gold feature is an area (GeoNames class A:
  a country, a province, a district) also counts when the gold point lies inside the shape we resolved it to
  and that shape is not a coarser level than the gold feature (a country does not count for a province in
  it, nor a province for a district; a directional part counts at its parent's level). Issue 3 found that
  acc@161 puts an area at GeoNames' conventional point, so a right Canada or Russia counted as a miss;
* **end to end**: the share of *all* gold toponyms with coordinates that were found (overlap) and resolved
  within 161 km (score.py's ``e2e_acc161``), and the same share with the area-aware rule.

``--reliability`` adds the reliability table of the confidence (each predicted mention is right when it
overlaps a gold toponym and is right by the area-aware rule; wrong when it is resolved wrongly or overlaps
no gold toponym; mentions of gold toponyms without coordinates are left out) and the share right at or
above ``geo.settings.CONFIDENT_MIN``. ``--errors N`` lists N wrong resolutions and N false positives.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT))

from geo.model import Mention  # noqa: E402

KM = 161.0
#: GeoNames feature codes of class A by administrative level (lower = coarser).
COUNTRY_CODES = {"PCL", "PCLI", "PCLD", "PCLS", "PCLIX", "PCLF", "PCLH", "TERR"}
#: Confidence bins of the reliability table.
BINS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001)


def gold_level(top: dict) -> int | None:
    """Administrative level of a class-A gold feature (0 country, 1 ADM1, 2 ADM2, 3 below), None otherwise."""
    if top.get("fclass") != "A":
        return None
    code = str(top.get("fcode") or "")
    if code in COUNTRY_CODES:
        return 0
    if code.startswith("ADM") and code[3:4].isdigit():
        return min(int(code[3]), 3)
    return 3  # ADMD, ZN...: below the first level


def resolved_level(place_id: str, kind: str) -> int | None:
    """Level of a resolved area (-1 groups and regions, 0 countries, 1 admin-1, 2 counties/districts)."""
    from geo.geometry.shapes import parse_part_id

    part = parse_part_id(place_id)
    if part is not None:
        parent = part[1]
        kind = parent.split(":", 1)[0]
        kind = {"group": "group", "region": "region", "country": "country", "admin1": "admin1"}.get(kind, kind)
    return {"group": -1, "region": -1, "country": 0, "admin1": 1, "county": 2, "district": 2}.get(kind)


def inside_area(mention: Mention, top: dict) -> bool:
    """Whether the gold point lies inside the shape we resolved an area mention to, at the gold's level."""
    from shapely.geometry import Point

    from geo.geometry.shapes import shape_for

    level = gold_level(top)
    if level is None or (not mention.place.is_area and mention.kind not in ("county", "district")):
        return False
    ours = resolved_level(mention.place_id, mention.kind)
    if ours is None or ours < level:
        return False
    shape = shape_for(mention.place)
    return shape.geom_type != "Point" and bool(shape.contains(Point(top["lon"], top["lat"])))


@dataclass
class Tally:
    """Counts of one corpus."""

    gold: int = 0
    gold_coords: int = 0
    predicted: int = 0
    exact_tp: int = 0
    overlap_tp: int = 0
    resolved: int = 0
    within: int = 0
    area_aware: int = 0
    #: (confidence, right?) of every predicted mention whose truth is known
    judged: list[tuple[float, bool]] = field(default_factory=list)
    #: (mention, right?) of the same mentions
    labelled: list[tuple[Mention, bool]] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    false_pos: list[str] = field(default_factory=list)


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    from geo.geometry.metric import haversine_km

    return haversine_km(lat1, lon1, lat2, lon2)


def tally(rows: Sequence[dict], predictions: Sequence[list[Mention]]) -> Tally:
    """Score predictions against gold the way score.py matches them (greedy, first overlapping mention)."""
    t = Tally()
    for row, mentions in zip(rows, predictions, strict=True):
        gold = row["toponyms"]
        t.gold += len(gold)
        t.predicted += len(mentions)
        t.exact_tp += len({(g["start"], g["end"]) for g in gold} & {(m.start, m.end) for m in mentions})
        used: dict[int, dict] = {}
        for top in gold:
            t.gold_coords += top.get("lat") is not None
            hit = next((i for i, m in enumerate(mentions) if i not in used
                        and m.start < top["end"] and top["start"] < m.end), None)
            if hit is None:
                continue
            used[hit] = top
            t.overlap_tp += 1
            if top.get("lat") is None:
                continue
            m = mentions[hit]
            t.resolved += 1
            km = haversine(top["lat"], top["lon"], m.lat, m.lon)
            near = km <= KM
            right = near or inside_area(m, top)
            t.within += near
            t.area_aware += right
            t.judged.append((m.confidence, right))
            t.labelled.append((m, right))
            if not right:
                t.wrong.append(f"{row['id']}: {m.text!r} -> {m.name} ({m.kind}, {m.country_code}) "
                               f"conf {m.confidence:.2f}; gold {top.get('gaz_name')} {top.get('fcode')} "
                               f"{top.get('country')} {km:.0f} km")
        for i, m in enumerate(mentions):
            if i not in used:
                t.judged.append((m.confidence, False))
                t.labelled.append((m, False))
                context = row["text"][max(0, m.start - 40): m.end + 40].replace("\n", " ")
                t.false_pos.append(f"{row['id']}: {m.text!r} -> {m.name} ({m.kind}) conf {m.confidence:.2f}"
                                   f" | {context}")
    return t


def f1(tp: int, predicted: int, gold: int) -> float:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def summary(t: Tally) -> dict[str, float]:
    return {
        "overlap_f1": f1(t.overlap_tp, t.predicted, t.gold),
        "exact_f1": f1(t.exact_tp, t.predicted, t.gold),
        "acc161": t.within / t.resolved if t.resolved else 0.0,
        "area_aware": t.area_aware / t.resolved if t.resolved else 0.0,
        "e2e_acc161": t.within / t.gold_coords if t.gold_coords else 0.0,
        "e2e_area_aware": t.area_aware / t.gold_coords if t.gold_coords else 0.0,
    }


def reliability(judged: list[tuple[float, bool]]) -> list[tuple[float, float, int, float]]:
    """(low, high, mentions, share right) per confidence bin."""
    out = []
    for low, high in itertools.pairwise(BINS):
        inside = [right for conf, right in judged if low <= conf < high]
        out.append((low, min(high, 1.0), len(inside), sum(inside) / len(inside) if inside else float("nan")))
    return out


def share_right_from(judged: list[tuple[float, bool]], threshold: float) -> tuple[float, int, int]:
    """(share right, mentions kept, mentions in all) at or above a confidence threshold."""
    kept = [right for conf, right in judged if conf >= threshold]
    return (sum(kept) / len(kept) if kept else float("nan")), len(kept), len(judged)


def predict(corpus: str) -> tuple[list[dict], list[list[Mention]], Path, float]:
    from geo.gazetteer import load_gazetteer
    from geo.nlp.pipeline import parse_document
    from geo.text.document import make_document

    gazetteer = load_gazetteer()
    rows = [json.loads(line) for line in (EVAL / f"{corpus}.jsonl").read_text().split("\n") if line.strip()]
    out = ROOT / "out" / f"pred-{corpus}.jsonl"
    out.parent.mkdir(exist_ok=True)
    started = time.perf_counter()
    predictions = [parse_document(make_document(row["text"]), gazetteer) for row in rows]
    elapsed = time.perf_counter() - started
    out.write_text("".join(json.dumps({"id": row["id"], "mentions": [
        {"start": m.start, "end": m.end, "lat": m.lat, "lon": m.lon, "text": m.text, "name": m.name,
         "kind": m.kind, "place_id": m.place_id, "confidence": round(m.confidence, 4)} for m in mentions]}) + "\n"
        for row, mentions in zip(rows, predictions, strict=True)))
    return rows, predictions, out, elapsed


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpora", nargs="*", default=["trnews", "lgl"])
    parser.add_argument("--reliability", action="store_true", help="print the confidence reliability table")
    parser.add_argument("--errors", type=int, default=0, help="list this many errors of each type")
    args = parser.parse_args(argv)
    from geo.settings import CONFIDENT_MIN

    results: dict[str, Tally] = {}
    for corpus in args.corpora:
        rows, predictions, out, elapsed = predict(corpus)
        print(f"== {corpus}: {len(rows)} articles in {elapsed:.2f} s = {len(rows) / elapsed:.0f} articles/s")
        report = subprocess.run([sys.executable, str(EVAL / "score.py"), str(EVAL / f"{corpus}.jsonl"), str(out)],
                                check=True, capture_output=True, text=True).stdout
        print(report.strip())
        results[corpus] = t = tally(rows, predictions)
        official = json.loads(report)
        mine = summary(t)
        if abs(official.get("acc161", 0) - round(mine["acc161"], 3)) > 0.0015:
            print(f"warning: acc@161 {mine['acc161']:.3f} differs from score.py's {official['acc161']}")
        for line in (t.wrong[: args.errors] + t.false_pos[: args.errors]):
            print("  ", line)
    print("\n| corpus | overlap F1 | exact F1 | acc@161 | area-aware | e2e acc@161 | e2e area-aware |")
    print("|---|---|---|---|---|---|---|")
    for corpus, t in results.items():
        s = summary(t)
        print(f"| {corpus} | {s['overlap_f1']:.3f} | {s['exact_f1']:.3f} | {s['acc161']:.3f} | "
              f"{s['area_aware']:.3f} | {s['e2e_acc161']:.3f} | {s['e2e_area_aware']:.3f} |")
    if args.reliability:
        judged_all = [j for t in results.values() for j in t.judged]
        names = list(results)
        print("\n| confidence | " + " | ".join(f"{c}: mentions, right" for c in names) + " | all: mentions, right |")
        print("|---|" + "---|" * (len(names) + 1))
        tables = [reliability(results[c].judged) for c in names] + [reliability(judged_all)]
        for k, (low, high, _, _) in enumerate(tables[-1]):
            cells = [f"{tab[k][2]}, {tab[k][3]:.3f}" if tab[k][2] else "0, –" for tab in tables]
            print(f"| {low:.2f}–{high:.2f} | " + " | ".join(cells) + " |")
        for c in [*names, "all"]:
            judged = judged_all if c == "all" else results[c].judged
            share, kept, total = share_right_from(judged, CONFIDENT_MIN)
            print(f"{c}: at or above {CONFIDENT_MIN}: {kept} of {total} mentions ({kept / total:.1%}), "
                  f"{share:.3f} right; below: {total - kept}")


if __name__ == "__main__":
    main()
