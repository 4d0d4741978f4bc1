"""Ingest on a real Dask cluster: the same rows as the local path, a killed worker loses nothing, and
a second ingest of the same input adds nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from corpus_helpers import Cluster, client_for, require_dask

from geo.cli.main import main
from geo.settings import PROJECT_ROOT

#: Columns that legitimately differ between two stores holding the same articles.
VOLATILE = ["ingested_at", "origin"]


def table(store: Path, name: str) -> pd.DataFrame:
    frame = pd.read_parquet(store / name)
    frame = frame.drop(columns=[c for c in VOLATILE if c in frame.columns])
    keys = {"articles": ["article_id"], "mentions": ["article_id", "start", "end"], "places": ["place_id"]}[name]
    return frame.sort_values(keys).reset_index(drop=True)


def ingest_cli(*argv: str) -> dict:
    """Run ``python -m geo corpus ingest ... --json`` in a subprocess; its JSON summary."""
    proc = subprocess.run([sys.executable, "-m", "geo", "corpus", "ingest", *argv, "--json", "--no-progress"],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def local_store(tmp_path_factory: pytest.TempPathFactory, eval_jsonl: Path) -> Path:
    """The sample ingested by the default engine: a LocalCluster of two single-threaded processes."""
    require_dask()
    store = tmp_path_factory.mktemp("local") / "store"
    summary = ingest_cli(str(eval_jsonl), "--store", str(store), "--workers", "2", "--batch-size", "40")
    assert summary["workers"] == 2 and summary["parsed"] == 240 and summary["failed"] == 0
    return store


def test_scheduler_gives_the_rows_of_the_local_path(local_store: Path, dask_cluster: Cluster, eval_jsonl: Path,
                                                    tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    store = tmp_path / "store"
    status = main(["corpus", "ingest", str(eval_jsonl), "--store", str(store), "--scheduler", dask_cluster.address,
                   "--batch-size", "40", "--json", "--no-progress"])
    summary = json.loads(capsys.readouterr().out)
    assert status == 0 and summary["workers"] == 2 and summary["parsed"] == 240 and summary["batches"] == 6
    assert len(summary["worker_pids"]) == 2  # both workers took batches
    for name in ("articles", "mentions", "places"):
        pd.testing.assert_frame_equal(table(store, name), table(local_store, name))


def test_worker_killed_mid_ingest_still_gives_a_complete_store(local_store: Path, dask_cluster: Cluster,
                                                               eval_jsonl: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    proc = subprocess.Popen([sys.executable, "-m", "geo", "corpus", "ingest", str(eval_jsonl), "--store", str(store),
                             "--scheduler", dask_cluster.address, "--batch-size", "20", "--json", "--no-progress"],
                            cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = None
    try:
        with client_for(dask_cluster.address) as client:
            deadline = time.monotonic() + 120
            while killed is None and proc.poll() is None and time.monotonic() < deadline:
                busy = sorted(addr for addr, keys in client.processing().items()
                              if any(str(k).startswith("news-atlas-batch-") for k in keys))
                if busy and any((store / "articles").glob("part-*.parquet")):
                    # a worker in the middle of a batch, after a first batch was committed
                    killed = client.run(os.getpid, workers=busy[:1])[busy[0]]
                    os.kill(killed, signal.SIGKILL)
                time.sleep(0.02)
            out, err = proc.communicate(timeout=300)
            client.wait_for_workers(2, timeout=90)  # the nanny restarts the killed worker for the next tests
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert killed is not None, "no batch was seen running: nothing was killed"
    summary = json.loads(out)
    assert summary["parsed"] == 240 and summary["failed"] == 0
    for name in ("articles", "mentions"):
        got = table(store, name).drop(columns=["batch"])
        want = table(local_store, name).drop(columns=["batch"])
        pd.testing.assert_frame_equal(got, want)
    assert not list(store.rglob(".tmp-*"))


def test_second_ingest_of_the_same_input_adds_nothing(dask_cluster: Cluster, eval_jsonl: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture) -> None:
    store = tmp_path / "store"
    args = ["corpus", "ingest", str(eval_jsonl), "--store", str(store), "--scheduler", dask_cluster.address,
            "--batch-size", "60", "--json", "--no-progress"]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    before = {p.relative_to(store): p.stat().st_mtime_ns for p in store.rglob("part-*.parquet")}
    assert main(args) == 0
    second = json.loads(capsys.readouterr().out)
    after = {p.relative_to(store): p.stat().st_mtime_ns for p in store.rglob("part-*.parquet")}
    assert first["parsed"] == 240 and second["parsed"] == 0 and second["skipped"] == 240 and second["read"] == 240
    assert after == before
    assert len(pd.read_parquet(store / "articles")) == 240


def test_missing_dask_fails_under_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` now raises ImportError
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        require_dask()
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        require_dask()
