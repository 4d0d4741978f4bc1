"""Shared fixtures: the real gazetteer (built once into .cache by `make`), and a throwaway copy of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geo.gazetteer import Gazetteer, load_gazetteer
from geo.gazetteer.store import INDEX_FILENAME, ensure_index


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture()
def index_copy(tmp_path: Path) -> Path:
    """A private copy of the built index in its own cache dir, for tests that change or break it."""
    source = ensure_index()
    target = tmp_path / "cache" / INDEX_FILENAME
    target.parent.mkdir()
    shutil.copyfile(source, target)
    return target
