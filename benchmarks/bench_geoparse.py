"""Geoparser speed and memory: articles per second on one core over TR-News, once the gazetteer is loaded.

Run: .venv/bin/python benchmarks/bench_geoparse.py [--passes N]   (needs ../shared/eval/trnews.jsonl beside it)
Two passes: the first one fills the per-process name cache, the second is the steady state. With --passes N,
N warm passes and the fastest one's CPU seconds (on a shared machine the fastest is the least disturbed).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.nlp.pipeline import parse_document, warm_up  # noqa: E402
from geo.text.document import make_document  # noqa: E402


def main() -> None:
    passes = int(sys.argv[sys.argv.index("--passes") + 1]) if "--passes" in sys.argv else 1
    corpus = ROOT.parent / "shared" / "eval" / "trnews.jsonl"
    texts = [json.loads(line)["text"] for line in corpus.read_text().split("\n") if line.strip()]
    proc = psutil.Process()
    t = time.perf_counter()
    gazetteer = warm_up()  # gazetteer, wordfreq list, borders: what "loaded" means here
    load_s = time.perf_counter() - t
    rss_loaded = proc.memory_info().rss / 2**20
    rows = []
    labels = ["first pass (name cache empty, shapes composed on first use)", "second pass (warm)"]
    labels += [f"warm pass {k}" for k in range(3, passes + 2)]
    for label in labels:
        t, cpu = time.perf_counter(), time.process_time()
        mentions = sum(len(parse_document(make_document(text), gazetteer)) for text in texts)
        wall = time.perf_counter() - t
        rows.append((label, len(texts) / wall, mentions, time.process_time() - cpu))
    print(f"TR-News: {len(texts)} articles, {sum(map(len, texts)):,} characters; "
          f"loading gazetteer + wordfreq + borders {load_s * 1000:.0f} ms")
    print("| pass | articles/s | mentions | CPU s |\n|---|---|---|---|")
    for label, rate, mentions, cpu in rows:
        print(f"| {label} | {rate:.0f} | {mentions} | {cpu:.2f} |")
    if passes > 1:
        print(f"fastest warm pass: {min(row[3] for row in rows[1:]):.3f} CPU s over {passes} warm passes")
    print(f"resident memory: {rss_loaded:.0f} MB after loading the gazetteer, "
          f"{proc.memory_info().rss / 2**20:.0f} MB after parsing (peak {peak_mb():.0f} MB)")


def peak_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


if __name__ == "__main__":
    main()
