"""Accuracy and speed of the geoparser on the dev corpora (scored by ../shared/eval/score.py).

Run: .venv/bin/python benchmarks/eval_geoparser.py [CORPUS ...]   (default: trnews lgl)
Writes predictions to out/pred-CORPUS.jsonl, prints score.py's report and articles per second.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT))


def predict(corpus: str) -> tuple[Path, float, int]:
    from geo.gazetteer import load_gazetteer
    from geo.nlp.pipeline import parse_document
    from geo.text.document import make_document

    gazetteer = load_gazetteer()
    rows = [json.loads(line) for line in (EVAL / f"{corpus}.jsonl").read_text().split("\n") if line.strip()]
    out = ROOT / "out" / f"pred-{corpus}.jsonl"
    out.parent.mkdir(exist_ok=True)
    started = time.perf_counter()
    preds = []
    for row in rows:
        mentions = parse_document(make_document(row["text"]), gazetteer)
        preds.append({"id": row["id"], "mentions": [
            {"start": m.start, "end": m.end, "lat": m.lat, "lon": m.lon, "text": m.text, "name": m.name,
             "kind": m.kind} for m in mentions]})
    elapsed = time.perf_counter() - started
    out.write_text("".join(json.dumps(p) + "\n" for p in preds))
    return out, elapsed, len(rows)


def main() -> None:
    for corpus in sys.argv[1:] or ["trnews", "lgl"]:
        out, elapsed, n = predict(corpus)
        print(f"== {corpus}: {n} articles in {elapsed:.2f} s = {n / elapsed:.0f} articles/s")
        subprocess.run([sys.executable, str(EVAL / "score.py"), str(EVAL / f"{corpus}.jsonl"), str(out)],
                       check=True)


if __name__ == "__main__":
    main()
