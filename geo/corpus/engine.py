"""Where batches run: a Dask cluster (local or given by address), or this process (``workers=0``).

A ``LocalCluster`` gets one single-threaded worker process per core; ``--scheduler ADDRESS`` uses an
existing cluster, whose workers must import ``geo`` (start them from the checkout with PYTHONPATH set)
and see the store's folder at the same path. Each worker loads the gazetteer once, when it starts
(``WarmUpPlugin``); a task that dies with its worker is run again by the scheduler.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

try:  # the plugin base class; the in-process engine works without Dask
    from distributed import WorkerPlugin
except ImportError:  # pragma: no cover - dask is in requirements.txt
    WorkerPlugin = object  # type: ignore[assignment,misc]

Job = tuple[str, tuple, dict]  # (task key, args, kwargs)


class EngineError(RuntimeError):
    """The cluster cannot be reached or its workers cannot run News Atlas."""


class WarmUpPlugin(WorkerPlugin):
    """Loads the gazetteer, word list and borders once in each worker process, as it starts."""

    name = "news-atlas-warm-up"

    def setup(self, worker: Any) -> None:
        from geo.nlp.pipeline import warm_up

        warm_up()


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class InProcess:
    """Runs the batches one after another in this process (debugging, tiny inputs, tests)."""

    workers = 0
    slots = 1

    def map(self, fn: Callable[..., Any], jobs: Iterable[Job]) -> Iterator[tuple[str, Any, BaseException | None]]:
        from geo.nlp.pipeline import warm_up

        warm_up()
        for key, args, kwargs in jobs:
            yield key, fn(*args, **kwargs), None


class DaskEngine:
    """Submits batches to a Dask client, keeping a few per worker in flight (the input is streamed)."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.workers = len(client.scheduler_info().get("workers", {}))
        self.slots = 2 * max(1, sum(client.nthreads().values())) + 1

    def map(self, fn: Callable[..., Any], jobs: Iterable[Job]) -> Iterator[tuple[str, Any, BaseException | None]]:
        from distributed import as_completed

        pending = as_completed(loop=self.client.loop)
        keys: dict[str, str] = {}
        for key, args, kwargs in jobs:
            while pending.count() >= self.slots:
                yield _outcome(next(pending), keys)
            future = self.client.submit(fn, *args, key=key, pure=False, retries=1, **kwargs)
            keys[future.key] = key
            pending.add(future)
        for future in pending:
            yield _outcome(future, keys)


def _outcome(future: Any, keys: dict[str, str]) -> tuple[str, Any, BaseException | None]:
    key = keys.pop(future.key, str(future.key))
    try:
        return key, future.result(), None
    except Exception as err:  # KilledWorker after repeated deaths, or a failure writing the parts
        return key, None, err
    finally:
        future.release()


@contextmanager
def open_engine(*, workers: int | None = None, scheduler: str | None = None) -> Iterator[InProcess | DaskEngine]:
    """The engine for an ingest: this process (``workers=0``), a cluster at ``scheduler``, or a local one."""
    if workers == 0 and not scheduler:
        yield InProcess()
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError as err:  # pragma: no cover - dask is in requirements.txt
        raise EngineError(f"Dask is not installed ({err}); pip install -r requirements.txt") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s", set_as_default=False)
        except (OSError, TimeoutError) as err:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler} ({err})") from None
        with client:
            _register(client, scheduler)
            yield DaskEngine(client)
        return
    n = workers or default_workers()
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster, set_as_default=False) as client:
        _register(client, "the local cluster")
        yield DaskEngine(client)


def _register(client: Any, where: str) -> None:
    if not client.scheduler_info().get("workers"):
        client.wait_for_workers(1, timeout=60)
    try:
        client.register_plugin(WarmUpPlugin(), name=WarmUpPlugin.name)
    except Exception as err:
        raise EngineError(f"the workers of {where} cannot run News Atlas ({type(err).__name__}: {err}); "
                          "start them from the checkout with PYTHONPATH=. so that they can import geo") from None
