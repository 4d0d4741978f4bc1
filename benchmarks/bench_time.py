"""What date extraction adds to geoparsing: parse time of the dev corpora with and without geo.time.

Run: .venv/bin/python benchmarks/bench_time.py [--rounds 3]   (needs ../shared/eval/*.jsonl beside the checkout)

Per corpus, after one warm-up pass (gazetteer loaded, name cache filled): ``rounds`` passes of
make_document + parse_document alone, and as many of the same followed by date_document (publication
date from the record's ``dltime``, date expressions, event times), interleaved; the best pass of each is
reported (the machine is shared), and the date step's own time inside the passes with dates. Times are
CPU seconds of this process (``time.process_time``): on a machine shared with other work they move less
than wall-clock times; nothing here waits on I/O.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.nlp.pipeline import parse_document, warm_up  # noqa: E402
from geo.text.document import make_document  # noqa: E402
from geo.time import date_document  # noqa: E402

CORPORA = ("trnews", "lgl")


def one_pass(records: list[dict], gazetteer, *, with_dates: bool) -> tuple[float, float, int]:
    """(CPU seconds, CPU seconds in the date step, dates found) for one pass over the records."""
    dated = 0.0
    count = 0
    started = time.process_time()
    for record in records:
        doc = make_document(record["text"])
        mentions = parse_document(doc, gazetteer)
        if with_dates:
            clock = time.process_time()
            count += len(date_document(doc, mentions, record.get("dltime") or None).dates)
            dated += time.process_time() - clock
    return time.process_time() - started, dated, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    gazetteer = warm_up()
    print("| corpus | articles | parse only, s | parse + dates, s | date step, s | added | dates found |")
    print("|---|---|---|---|---|---|---|")
    for name in CORPORA:
        path = ROOT.parent / "shared" / "eval" / f"{name}.jsonl"
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
        one_pass(records, gazetteer, with_dates=True)  # warm-up: name cache, shapes, dateparser
        plain, dated = [], []
        for _ in range(args.rounds):
            plain.append(one_pass(records, gazetteer, with_dates=False))
            dated.append(one_pass(records, gazetteer, with_dates=True))
        best_plain = min(p[0] for p in plain)
        best_dated = min(dated, key=lambda d: d[0])
        step = min(d[1] for d in dated)
        print(f"| {name} | {len(records)} | {best_plain:.2f} | {best_dated[0]:.2f} | {step:.3f} | "
              f"{100 * step / best_plain:.1f} % | {best_dated[2]} |")


if __name__ == "__main__":
    main()
