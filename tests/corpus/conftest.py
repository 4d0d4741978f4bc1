"""Fixtures of the corpus tests: real dev articles sampled at test time, a real Dask cluster in subprocesses."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus_helpers import Cluster, client_for, require_dask, sample_eval, write_jsonl

from geo.settings import PROJECT_ROOT


@pytest.fixture(scope="session")
def eval_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """240 sampled dev articles (180 LGL, 60 TR-News) as JSONL in a temporary folder."""
    return write_jsonl(tmp_path_factory.mktemp("eval") / "sample.jsonl", sample_eval(180, 60))


@pytest.fixture(scope="session")
def dask_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """``dask scheduler`` on 127.0.0.1 and two ``dask worker --nthreads 1`` processes, started here."""
    exe = require_dask()
    folder = tmp_path_factory.mktemp("dask")
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    scheduler_file = folder / "scheduler.json"
    logs = [open(folder / name, "w") for name in ("scheduler.log", "worker-0.log", "worker-1.log")]
    started: list[subprocess.Popen] = []

    def start(*argv: str, log: int) -> subprocess.Popen:
        proc = subprocess.Popen([str(exe), *argv], cwd=PROJECT_ROOT, env=env, stdout=logs[log],
                                stderr=subprocess.STDOUT, start_new_session=True)
        started.append(proc)
        return proc

    try:
        scheduler = start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                          "--scheduler-file", str(scheduler_file), log=0)
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            assert scheduler.poll() is None, (folder / "scheduler.log").read_text()
            time.sleep(0.1)
        time.sleep(0.2)
        address = json.loads(scheduler_file.read_text())["address"]
        workers = [start("worker", address, "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
                         "--host", "127.0.0.1", "--name", f"w{i}", log=1 + i) for i in range(2)]
        with client_for(address) as client:
            client.wait_for_workers(2, timeout=90)
        yield Cluster(address, scheduler, workers)
    finally:
        for proc in reversed(started):  # only the process groups started above
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in started:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        for log in logs:
            log.close()
