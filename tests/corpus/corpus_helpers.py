"""Helpers of the corpus tests: real dev articles sampled at test time, the Dask command.

The dev articles are read from ``../shared/eval`` beside the checkout (never copied into the repository).
Under CI (CI=true) a missing Dask or missing dev data fails the tests instead of skipping them.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from geo.settings import PROJECT_ROOT

EVAL_DIR = PROJECT_ROOT.parent / "shared" / "eval"


def unavailable(reason: str) -> None:
    """Skip on a developer's machine, fail under CI: CI must run every corpus test."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the corpus tests must run, not skip)")
    pytest.skip(reason)


def require_dask() -> Path:
    """The venv's ``dask`` command (Dask distributed must be installed)."""
    try:
        import distributed  # noqa: F401
    except ImportError as err:
        unavailable(f"Dask distributed is not installed ({err})")
    exe = Path(sys.executable).parent / "dask"
    if not exe.exists():
        unavailable(f"no dask command beside {sys.executable}")
    return exe


def sample_eval(n_lgl: int, n_trnews: int, *, seed: int = 12) -> list[dict]:
    """``n`` articles of each dev corpus, id and text only, with dates spread over 2024."""
    rows: list[dict] = []
    rng = random.Random(seed)
    for name, n in (("lgl.jsonl", n_lgl), ("trnews.jsonl", n_trnews)):
        path = EVAL_DIR / name
        if not path.exists():
            unavailable(f"dev articles not found: {path}")
        lines = path.read_text(encoding="utf-8").splitlines()
        for line in rng.sample(lines, n):
            record = json.loads(line)
            rows.append({"id": record["id"], "text": record["text"],
                         "date": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "source": name})
    return rows


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@dataclass
class Cluster:
    address: str
    scheduler: subprocess.Popen
    workers: list[subprocess.Popen]


def client_for(address: str):
    from distributed import Client

    return Client(address, timeout="30s", set_as_default=False)
