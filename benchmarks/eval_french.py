"""Accuracy of the geoparser on French: the French dev set (benchmarks/french_dev.jsonl), scored by
../shared/eval/score.py (overlap F1; acc@161 km = resolution within tolerance).

Run: .venv/bin/python benchmarks/eval_french.py [GOLD.jsonl ...] [-v]
Each text's language is detected (geo.text.language), as for any article; -v lists misses and extras.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
sys.path.insert(0, str(ROOT))


def predict(gold: Path) -> tuple[Path, float, list[dict], list[dict]]:
    from geo.gazetteer import load_gazetteer
    from geo.nlp.pipeline import parse_document
    from geo.text.document import make_document

    gazetteer = load_gazetteer()
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    preds = []
    for row in rows:
        doc = make_document(row["text"], doc_id=row["id"])
        mentions = parse_document(doc, gazetteer)
        preds.append({"id": row["id"], "lang": doc.lang, "mentions": [
            {"start": m.start, "end": m.end, "lat": m.lat, "lon": m.lon, "text": m.text, "name": m.name,
             "kind": m.kind, "place_id": m.place_id} for m in mentions]})
    elapsed = time.perf_counter() - started
    out = ROOT / "out" / f"pred-{gold.stem}.jsonl"
    out.parent.mkdir(exist_ok=True)
    out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8")
    return out, elapsed, rows, preds


def area_tolerance(rows: list[dict], preds: list[dict]) -> tuple[int, int]:
    """(right, scored) over gold toponyms with a point matched by overlap (score.py's greedy matching): right
    when within 161 km, or, for a predicted area (country, region, admin-1, part), when the gold point lies in
    the area's drawn shape. A second reading of "resolution within tolerance" for places that are areas."""
    from shapely.geometry import Point

    from geo.geometry.shapes import shape_by_id
    from geo.vocabulary import is_area_kind

    score = _scorer()
    right = scored = 0
    for row, pred in zip(rows, preds, strict=True):
        for t, m in matched(row, pred)[0]:
            if m is None or t["lat"] is None:
                continue
            scored += 1
            if score.hav(t["lat"], t["lon"], m["lat"], m["lon"]) <= 161:
                right += 1
            elif is_area_kind(m["kind"]):
                shape = shape_by_id(m["place_id"])
                right += bool(shape is not None and shape.contains(Point(t["lon"], t["lat"])))
    return right, scored


def matched(row: dict, pred: dict) -> tuple[list[tuple[dict, dict | None]], set[int]]:
    """Each gold toponym of a passage with the first unused predicted mention overlapping it (or None), and
    the indices of the predicted mentions so used."""
    used: set[int] = set()
    pairs: list[tuple[dict, dict | None]] = []
    for t in row["toponyms"]:
        hit = next((i for i, m in enumerate(pred["mentions"]) if i not in used
                    and m["start"] < t["end"] and t["start"] < m["end"]), None)
        if hit is not None:
            used.add(hit)
        pairs.append((t, pred["mentions"][hit] if hit is not None else None))
    return pairs, used


def _scorer() -> ModuleType:
    """The shared ../shared/eval/score.py, as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("score", SCORER)
    assert spec is not None and spec.loader is not None
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    return score


def report(rows: list[dict], preds: list[dict]) -> None:
    """Gold toponyms missed (or resolved beyond 161 km) and predictions matching no gold toponym."""
    score = _scorer()
    for row, pred in zip(rows, preds, strict=True):
        pairs, used = matched(row, pred)
        for t, m in pairs:
            if m is None:
                print(f"  {row['id']} MISSED  {t['name']!r}")
                continue
            if t["lat"] is not None and score.hav(t["lat"], t["lon"], m["lat"], m["lon"]) > 161:
                km = score.hav(t["lat"], t["lon"], m["lat"], m["lon"])
                print(f"  {row['id']} FAR     {t['name']!r} -> {m['name']} ({m['kind']}) {km:.0f} km")
        for i, m in enumerate(pred["mentions"]):
            if i not in used:
                print(f"  {row['id']} EXTRA   {m['text']!r} -> {m['name']} ({m['kind']})")


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "-v"]
    for gold in [Path(a) for a in args] or [ROOT / "benchmarks" / "french_dev.jsonl"]:
        out, elapsed, rows, preds = predict(gold)
        langs = sorted({p["lang"] for p in preds})
        print(f"== {gold.name}: {len(rows)} passages in {elapsed:.2f} s; detected languages: {', '.join(langs)}")
        subprocess.run([sys.executable, str(SCORER), str(gold), str(out)], check=True)
        right, scored = area_tolerance(rows, preds)
        print(f"within tolerance (161 km, or the gold point inside a predicted area's shape): "
              f"{right}/{scored} = {right / max(scored, 1):.3f}")
        if "-v" in sys.argv:
            report(rows, preds)


if __name__ == "__main__":
    main()
