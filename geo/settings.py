"""Paths and defaults, in one place. Override the cache location with NEWS_ATLAS_CACHE."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
ARTICLES_DIR = DATA_DIR / "articles"
BOUNDARIES_DIR = DATA_DIR / "boundaries"
GAZETTEER_DATA_DIR = DATA_DIR / "gazetteer"
REGIONS_FILE = DATA_DIR / "regions.yaml"

#: Largest article accepted, in characters (10 MB of text).
MAX_TEXT_CHARS = 10_000_000


def cache_dir() -> Path:
    """Directory holding the built gazetteer index and imported GeoNames dumps."""
    return Path(os.environ.get("NEWS_ATLAS_CACHE", PROJECT_ROOT / ".cache"))
