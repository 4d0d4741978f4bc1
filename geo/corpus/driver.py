"""``ingest``: stream articles into a corpus store, in batches run by Dask workers.

Nothing lost, nothing twice:

* an article already stored with the same id and text hash is skipped;
* an article stored before under the same id with another text is parsed again and written with the new
  run number; queries take each id's latest run, and at the end of the ingest the older rows are removed
  from their parts (``Store.drop_superseded``), so the parts hold one version per article;
* a task writes its mentions and places parts, then its articles part, each atomically: a batch counts as
  stored only once its articles part exists, and the next ingest deletes mentions parts left without one;
* parts are named by a hash of the batch's ids and text hashes, so a task Dask runs again (its worker died)
  overwrites its own parts; an interrupted ingest run again skips what was committed and does the rest;
* at the end the batch parts are compacted into a few large sorted files (geo.corpus.compact), put in
  place through a journal that the next ingest finishes if this one dies in the middle.
"""

from __future__ import annotations

import functools
import itertools
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from geo.corpus.batch import BatchResult, batch_key, process_batch
from geo.corpus.compact import compact
from geo.corpus.engine import Job, open_engine
from geo.corpus.inputs import Problem, read_inputs
from geo.corpus.records import InputRecord
from geo.corpus.store import Store
from geo.corrections import article_key
from geo.gazetteer import load_gazetteer

#: Articles per task, and the most characters of text one task gets.
BATCH_SIZE = 500
BATCH_CHARS = 4_000_000

Report = Callable[[str], None]


@dataclass(slots=True)
class IngestSummary:
    """Counts of one ingest. ``read`` = ``parsed`` + ``skipped`` + ``failed``."""

    store: str = ""
    run: int = 0
    workers: int = 0
    read: int = 0
    parsed: int = 0
    replaced: int = 0
    skipped: int = 0
    failed: int = 0
    malformed: int = 0
    parse_errors: int = 0
    warnings: int = 0
    missing_inputs: int = 0
    mentions: int = 0
    batches: int = 0
    seconds: float = 0.0
    task_seconds: float = 0.0  # wall time inside tasks, summed over batches
    task_cpu_seconds: float = 0.0  # CPU time of the worker processes inside tasks
    compact_seconds: float = 0.0  # the compaction at the end (included in seconds)
    worker_pids: list[int] = field(default_factory=list)
    peak_rss_mb: dict[int, float] = field(default_factory=dict)  # per worker process (pid)

    def as_dict(self) -> dict:
        return asdict(self)

    def line(self) -> str:
        """The one-line summary printed at the end."""
        rate = f", {self.parsed / self.seconds:,.0f} articles/s" if self.seconds and self.parsed else ""
        return (f"read {self.read:,}: parsed {self.parsed:,} ({self.mentions:,} mentions, {self.replaced:,} "
                f"replacing an older text), skipped {self.skipped:,} already in the store, failed {self.failed:,} "
                f"({self.malformed:,} malformed, {self.parse_errors:,} parse errors) in {self.seconds:.1f} s"
                f"{rate} [{self.workers or 'no'} Dask workers] -> {self.store}")


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def ingest(inputs: Iterable[str], store_dir: Path | str, *, workers: int | None = None, scheduler: str | None = None,
           batch_size: int = BATCH_SIZE, progress: bool = True, report: Report = _stderr,
           stdin: IO[bytes] | None = None) -> IngestSummary:
    """Geoparse every article of ``inputs`` into the store at ``store_dir`` (created if new).

    ``workers=0`` runs in this process; otherwise a local Dask cluster of ``workers`` processes (default: one
    per core), or the cluster at ``scheduler``. Malformed records are reported through ``report`` with their
    file and line, and skipped.
    """
    started = time.perf_counter()
    store = Store.open(Path(store_dir).resolve(), create=True)
    summary = IngestSummary(store=str(store.root))
    with store.lock():
        store.remove_leftovers()
        store.verify_parts()
        store.drop_superseded()
        known = store.current_versions()
        load_gazetteer()  # builds the place index once here rather than in every worker at once
        run = summary.run = store.begin_run()
        ingested_at = datetime.now(UTC)
        replacing: set[str] = set()
        bar = _progress_bar(progress)
        if report is _stderr and not bar.disable:  # problem lines above the bar, not through it
            report = functools.partial(bar.write, file=sys.stderr)
        batches = _batches(read_inputs(inputs, stdin=stdin), known, replacing, summary, report,
                           batch_size=batch_size, tick=bar.update)
        first = next(batches, None)
        if first is not None:  # no cluster is started when nothing is new
            with open_engine(workers=workers, scheduler=scheduler) as engine:
                summary.workers = engine.workers
                jobs = (_job(batch, store=str(store.root), run=run, ingested_at=ingested_at)
                        for batch in itertools.chain([first], batches))
                sizes: dict[str, list[InputRecord]] = {}
                for key, result, error in engine.map(process_batch, _remember(jobs, sizes)):
                    records = sizes.pop(key, [])
                    _collect(summary, key, records, result, error, replacing, report)
                    bar.update(len(records))
                    bar.set_postfix(read=summary.read, skipped=summary.skipped, failed=summary.failed, refresh=False)
        bar.close()
        store.drop_superseded()
        summary.compact_seconds = compact(store).seconds
        summary.seconds = round(time.perf_counter() - started, 3)
        kept = {k: v for k, v in summary.as_dict().items() if k not in {"worker_pids", "peak_rss_mb", "store"}}
        store.finish_run(kept)
    return summary


def _batches(items: Iterator[InputRecord | Problem], known: dict[str, str], replacing: set[str],
             summary: IngestSummary, report: Report, *, batch_size: int,
             tick: Callable[[int], object] = lambda _: None) -> Iterator[list[tuple[InputRecord, str]]]:
    """Batches of new or changed articles; duplicates, unchanged articles and malformed records are counted
    (and ``tick``ed: the progress bar counts every article done, stored or not)."""
    first_seen: dict[str, str] = {}
    batch: list[tuple[InputRecord, str]] = []
    chars = 0
    for item in items:
        if isinstance(item, Problem):
            report(str(item))
            if item.kind == "record":
                summary.read += 1
                summary.failed += 1
                summary.malformed += 1
                tick(1)
            elif item.kind == "warning":
                summary.warnings += 1
            else:
                summary.missing_inputs += 1
            continue
        summary.read += 1
        if item.article_id in first_seen:
            report(str(Problem(item.origin, f"duplicate id {item.article_id[:80]!r} "
                                            f"(first at {first_seen[item.article_id]})")))
            summary.failed += 1
            summary.malformed += 1
            tick(1)
            continue
        first_seen[item.article_id] = item.origin
        sha = article_key(item.text)
        stored = known.get(item.article_id)
        if stored == sha:
            summary.skipped += 1
            tick(1)
            continue
        if stored is not None:
            replacing.add(item.article_id)
        batch.append((item, sha))
        chars += len(item.text)
        if len(batch) >= batch_size or chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def _job(batch: list[tuple[InputRecord, str]], *, store: str, run: int, ingested_at: datetime) -> Job:
    key = batch_key([(record.article_id, sha) for record, sha in batch])
    records = [record for record, _ in batch]
    shas = [sha for _, sha in batch]
    return (f"news-atlas-batch-{key}-r{run}", (records, shas),
            {"store": store, "run": run, "batch": key, "ingested_at": ingested_at})


def _remember(jobs: Iterator[Job], sizes: dict[str, list[InputRecord]]) -> Iterator[Job]:
    for job in jobs:
        sizes[job[0]] = job[1][0]
        yield job


def _collect(summary: IngestSummary, key: str, records: list[InputRecord], result: BatchResult | None,
             error: BaseException | None, replacing: set[str], report: Report) -> None:
    summary.batches += 1
    if result is None:
        reason = f"the batch could not be stored ({type(error).__name__}: {str(error)[:200]})"
        for record in records:
            report(f"{record.origin or record.article_id}: failed: {reason}")
        summary.failed += len(records)
        summary.parse_errors += len(records)
        return
    for origin, reason in result.failures:
        report(f"{origin}: failed: {reason}")
    summary.failed += len(result.failures)
    summary.parse_errors += len(result.failures)
    summary.parsed += len(result.stored)
    summary.replaced += sum(1 for article_id in result.stored if article_id in replacing)
    summary.mentions += result.mentions
    summary.task_seconds = round(summary.task_seconds + result.seconds, 3)
    summary.task_cpu_seconds = round(summary.task_cpu_seconds + result.cpu_seconds, 3)
    if result.pid and result.pid not in summary.worker_pids:
        summary.worker_pids.append(result.pid)
    if result.pid:
        summary.peak_rss_mb[result.pid] = round(max(summary.peak_rss_mb.get(result.pid, 0.0), result.peak_rss_mb), 1)


def _progress_bar(enabled: bool):
    from tqdm import tqdm

    return tqdm(desc="ingest", unit=" articles", file=sys.stderr, disable=None if enabled else True,
                mininterval=1.0, dynamic_ncols=True)
