"""Date expressions on the dev set: precision/recall (exact and overlapping spans) and intervals inside gold.

Run: .venv/bin/python benchmarks/eval_time.py [benchmarks/time_dev.jsonl] [--engine rules|dateparser]
         [--split all|tuning|blind] [-v]

Each line of the dev set: {"id", "published", "text", "dates": [{"expression", "start", "end"}], "not_dates",
"split"}. Exact precision counts found expressions whose span is exactly a gold one.
A gold expression's span is its first occurrence in the text. ``rules`` is geo.time.find_dates;
``dateparser`` is dateparser.search.search_dates (relative base: the first day of the publication date,
past preferred), each hit widened to the period dateparser reports, for comparison.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.text.document import make_document  # noqa: E402
from geo.time import find_dates, parse_published  # noqa: E402
from geo.time.calendar import month_end  # noqa: E402


@dataclass(frozen=True)
class Found:
    start_char: int
    end_char: int
    text: str
    start: date
    end: date


def rules(text: str, published: str) -> list[Found]:
    dates = find_dates(make_document(text), parse_published(published))
    return [Found(d.start_char, d.end_char, d.text, d.start, d.end) for d in dates]


def with_dateparser(text: str, published: str) -> list[Found]:
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    when = parse_published(published)
    base = datetime.combine(when.start, datetime.min.time()) if when else datetime(2000, 1, 1)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
    hits = search_dates(text, languages=["en"], settings=settings) or []
    parser = DateDataParser(languages=["en"], settings=settings)
    out, cursor = [], 0
    for surface, found in hits:
        start = text.find(surface, cursor)
        if start < 0:
            continue
        cursor = start + len(surface)
        period = parser.get_date_data(surface)["period"] or "day"
        day = found.date()
        first, last = day, day
        if period == "month":
            first, last = day.replace(day=1), month_end(day.year, day.month)
        elif period == "year":
            first, last = date(day.year, 1, 1), date(day.year, 12, 31)
        out.append(Found(start, start + len(surface), surface, first, last))
    return out


def read_records(path: Path, split: str) -> list[dict]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in records if split == "all" or r.get("split", "tuning") == split]


def evaluate(records: list[dict], engine: str, verbose: bool) -> dict[str, float]:
    find = rules if engine == "rules" else with_dateparser
    gold_total = predicted_total = exact = overlap_gold = overlap_pred = inside = traps_hit = traps = 0
    seconds = 0.0
    for record in records:
        text = record["text"]
        clock = time.perf_counter()
        found = find(text, record["published"])
        seconds += time.perf_counter() - clock
        predicted_total += len(found)
        matched_predictions: set[int] = set()
        for item in record["dates"]:
            gold_total += 1
            start = text.find(item["expression"])
            end = start + len(item["expression"])
            low, high = date.fromisoformat(item["start"]), date.fromisoformat(item["end"])
            hits = [n for n, f in enumerate(found) if f.start_char < end and start < f.end_char]
            exact_hit = any(found[n].start_char == start and found[n].end_char == end for n in hits)
            exact += exact_hit
            if hits:
                overlap_gold += 1
                matched_predictions.update(hits)
                best = found[hits[0]]
                ok = low <= best.start <= best.end <= high
                inside += ok
                if verbose and (not ok or not exact_hit):
                    print(f"  {record['id']}: {item['expression']!r} -> {best.text!r} {best.start}..{best.end} "
                          f"(gold {low}..{high}){'' if ok else '  OUTSIDE'}")
            elif verbose:
                print(f"  {record['id']}: MISSED {item['expression']!r}")
        overlap_pred += len(matched_predictions)
        for trap in record["not_dates"]:
            traps += 1
            start = text.find(trap)
            end = start + len(trap)
            hit = [f.text for f in found if f.start_char < end and start < f.end_char]
            traps_hit += bool(hit)
            if verbose and hit:
                print(f"  {record['id']}: NOT A DATE {trap!r} read as {hit}")
        if verbose:
            extra = [f.text for n, f in enumerate(found) if n not in matched_predictions]
            if extra:
                print(f"  {record['id']}: extra {extra}")
    return {
        "gold": gold_total, "predicted": predicted_total,
        "exact_precision": exact / predicted_total if predicted_total else 0.0,
        "exact_recall": exact / gold_total if gold_total else 0.0,
        "overlap_precision": overlap_pred / predicted_total if predicted_total else 0.0,
        "overlap_recall": overlap_gold / gold_total if gold_total else 0.0,
        "inside_gold": inside / overlap_gold if overlap_gold else 0.0,
        "not_dates_read_as_dates": traps_hit, "not_dates": traps, "ms_per_text": 1000 * seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=ROOT / "benchmarks" / "time_dev.jsonl")
    parser.add_argument("--engine", choices=["rules", "dateparser"], default="rules")
    parser.add_argument("--split", choices=["all", "tuning", "blind"], default="all",
                        help="tuning: written with the rules; blind: written after, scored before any change")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss, span difference and extra")
    args = parser.parse_args()
    records = read_records(args.path, args.split)
    scores = evaluate(records, args.engine, args.verbose)
    scores["ms_per_text"] /= max(1, len(records))
    print(f"{args.engine}, {args.split}: {scores['gold']} gold expressions, {scores['predicted']} found, "
          f"{len(records)} texts")
    print("| span match | precision | recall |\n|---|---|---|")
    print(f"| exact | {scores['exact_precision']:.3f} | {scores['exact_recall']:.3f} |")
    print(f"| overlap | {scores['overlap_precision']:.3f} | {scores['overlap_recall']:.3f} |")
    print(f"intervals inside gold (found expressions): {scores['inside_gold']:.3f}; "
          f"not-dates read as dates: {scores['not_dates_read_as_dates']}/{scores['not_dates']}; "
          f"{scores['ms_per_text']:.2f} ms per text")


if __name__ == "__main__":
    main()
