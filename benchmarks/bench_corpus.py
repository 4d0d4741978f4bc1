"""Corpus store benchmark: ingest speed with 1 and 2 Dask workers, memory, store size, re-ingest, queries.

Builds corpora of N articles sampled from the real dev articles in ../shared/eval (LGL and TR-News; each
copy gets its own id, dates spread over 2023-2024), ingests each into a fresh store with a LocalCluster of
1 and 2 single-threaded worker processes (the compaction at the end included), ingests it again unchanged,
and times three warm DuckDB queries on the largest store. Prints a markdown table.

    .venv/bin/python benchmarks/bench_corpus.py --sizes 10000 100000
    .venv/bin/python benchmarks/bench_corpus.py --queries-only STORE     # the query timings of a built store
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.corpus import ingest, open_store
from geo.corpus.export import export
from geo.corpus.query import Filters
from geo.settings import PROJECT_ROOT

EVAL_DIR = PROJECT_ROOT.parent / "shared" / "eval"
FIRST_DAY, DAYS = date(2023, 1, 1), 730


def build_corpus(n: int, path: Path, *, seed: int = 2026) -> Path:
    """``n`` articles drawn from the dev sets, each copy with its own id and a date in 2023-2024."""
    texts = []
    for name in ("lgl.jsonl", "trnews.jsonl"):
        with open(EVAL_DIR / name, encoding="utf-8") as handle:
            texts += [(json.loads(line)["id"], json.loads(line)["text"]) for line in handle if line.strip()]
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            source_id, text = texts[rng.randrange(len(texts))]
            day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
            out.write(json.dumps({"id": f"{source_id}#{i}", "text": text, "date": day.isoformat(),
                                  "source": source_id.split("-")[0]}, ensure_ascii=False) + "\n")
    return path


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def timed(fn: Callable[[], object], runs: int = 5) -> float:
    """Median seconds of ``runs`` calls after one warm-up call."""
    fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def quiet(_: str) -> None:
    pass


def machine_busy_seconds() -> float:
    """CPU-seconds the whole machine has been busy (every process of every session: /proc/stat)."""
    with open("/proc/stat", encoding="ascii") as handle:
        fields = [int(v) for v in handle.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    """CPU-seconds of this process and of its children that have ended (the LocalCluster's workers)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--dir", type=Path, help="working folder (default: a temporary one, removed after)")
    parser.add_argument("--queries-only", type=Path, metavar="STORE", help="only time the queries on this store")
    args = parser.parse_args()
    if args.queries_only:
        with tempfile.TemporaryDirectory() as scratch:
            print(query_table(args.queries_only, Path(scratch)))
        return 0
    work = args.dir or Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    work.mkdir(parents=True, exist_ok=True)
    rows, largest = [], None
    try:
        for n in args.sizes:
            corpus = build_corpus(n, work / f"corpus-{n}.jsonl")
            for workers in args.workers:
                store = work / f"store-{n}-w{workers}"
                shutil.rmtree(store, ignore_errors=True)
                load = os.getloadavg()[0]
                busy, own = machine_busy_seconds(), own_cpu_seconds()
                first = ingest([str(corpus)], store, workers=workers, batch_size=args.batch_size, progress=False,
                               report=quiet)
                others = (machine_busy_seconds() - busy - (own_cpu_seconds() - own)) / first.seconds
                again = ingest([str(corpus)], store, workers=workers, batch_size=args.batch_size, progress=False,
                               report=quiet)
                assert first.parsed == n and again.skipped == n and again.parsed == 0, (first, again)
                rss = max(first.peak_rss_mb.values(), default=0.0)
                rows.append((n, workers, first.seconds, first.compact_seconds, n / first.seconds,
                             n / first.task_cpu_seconds, rss, folder_mb(store) / n * 1000, again.seconds, load,
                             others))
                print(f"{n:,} articles, {workers} worker(s): {first.line()}", file=sys.stderr)
                largest = store
        print("| articles | workers | ingest s (end to end) | of which compaction s | articles/s "
              "| articles per worker CPU-second | peak RSS per worker | store MB per 1,000 articles "
              "| re-ingest unchanged s | load avg at start | other sessions' CPU during the ingest (cores) |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for n, w, secs, compact_s, rate, per_cpu, rss, size, again_s, load, others in rows:
            print(f"| {n:,} | {w} | {secs:.1f} | {compact_s:.1f} | {rate:,.0f} | {per_cpu:,.0f} | {rss:.0f} MB "
                  f"| {size:.2f} | {again_s:.1f} | {load:.1f} | {others:.2f} |")
        if largest is not None:
            print()
            print(query_table(largest, work))
    finally:
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def query_table(store_dir: Path, work: Path) -> str:
    """Warm latencies (median of 5) of the three reference queries on ``store_dir``."""
    with open_store(store_dir, corrections=False) as store:
        month = Filters(start=date(2024, 3, 1), end=date(2024, 3, 31))
        place = str(store.places(limit=1)["place_id"].iloc[0])  # the most mentioned place: the largest answers
        n_articles = len(store.articles(place=place))
        timings = [
            ("top 20 places in one month (2024-03)", timed(lambda: store.places(month, limit=20))),
            (f"articles for one place ({place}, {n_articles:,} articles)", timed(lambda: store.articles(place=place))),
            (f"one place's mentions as GeoJSON ({place})",
             timed(lambda: export(store, "geojson", work / "one-place.geojson", what="mentions",
                                  filters=Filters(place=place)))),
        ]
        stats = store.stats()
    files = ", ".join(f"{t} {n}" for t, n in stats["parts"].items())
    lines = [f"Queries on {store_dir.name} ({stats['articles']:,} articles, {stats['mentions']:,} mentions; files: "
             f"{files}; load average {os.getloadavg()[0]:.1f}), warm, median of 5:", "", "| query | seconds |",
             "|---|---|"]
    lines += [f"| {name} | {secs:.3f} |" for name, secs in timings]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
