"""Settings: paths and limits in one typed place, read from the environment once, at import.

As in osmnx, a program changes a setting by assigning it (``geo.settings.cache_folder = Path(...)``);
code reads settings when it runs, so the change holds from the next call on. The environment is
read here and nowhere else:

* ``NEWS_ATLAS_CACHE``: folder for the built gazetteer index, imported dumps and derived caches
  (default ``<project>/.cache``);
* ``NEWS_ATLAS_DB``: the dashboard's corrections database (default ``<cache folder>/corrections.sqlite``);
* ``NEWS_ATLAS_STORE``: the default corpus store, where the dashboard also keeps the reader's uploads and
  pastes (default ``<cache folder>/store``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

PROJECT_ROOT: Final = Path(__file__).resolve().parent.parent
DATA_DIR: Final = PROJECT_ROOT / "data"
ARTICLES_DIR: Final = DATA_DIR / "articles"
BOUNDARIES_DIR: Final = DATA_DIR / "boundaries"
GAZETTEER_DATA_DIR: Final = DATA_DIR / "gazetteer"
ASSETS_DIR: Final = DATA_DIR / "assets"
#: Files the dashboard's server hands to browsers (Streamlit serves it at /app/static; geo.dashboard.static).
STATIC_DIR: Final = PROJECT_ROOT / "static"
REGIONS_FILE: Final = DATA_DIR / "regions.yaml"
WATER_FILE: Final = DATA_DIR / "water.yaml"

#: Folder of the built index, imported GeoNames dumps and derived caches.
cache_folder: Path = Path(os.environ.get("NEWS_ATLAS_CACHE") or PROJECT_ROOT / ".cache")
#: The corrections database; None means ``<cache_folder>/corrections.sqlite``.
corrections_db: Path | None = Path(os.environ["NEWS_ATLAS_DB"]) if os.environ.get("NEWS_ATLAS_DB") else None
#: The default corpus store; None means ``<cache_folder>/store``.
corpus_store: Path | None = Path(os.environ["NEWS_ATLAS_STORE"]) if os.environ.get("NEWS_ATLAS_STORE") else None

#: Largest article accepted, in characters, by every entry point (library, CLI, dashboard, corpus).
MAX_TEXT_CHARS: Final = 5_000_000
#: Largest article file accepted for upload or reading, in bytes (so at most MAX_TEXT_CHARS characters).
MAX_UPLOAD_BYTES: Final = 5_000_000
#: Most place mentions kept per article (the first ones in text order); readers are told when it is reached.
MAX_MENTIONS_PER_ARTICLE: Final = 5_000
#: Most sentences listed for one place in the dashboard (a popup lists fewer: geo.render.popups).
MAX_SENTENCES_SHOWN: Final = 100
#: Confidence (geo.nlp.confidence, calibrated) from which a resolved mention is "confident": on each dev corpus
#: (TR-News, LGL) at least 95 % of the mentions at or above it are right (within 161 km, or the gold point inside
#: the resolved area); chosen by ``benchmarks/calibrate_confidence.py``, shown by ``benchmarks/eval_geoparser.py
#: --reliability``. Maps may hide or dim what falls below (``geo.model.is_confident``).
CONFIDENT_MIN: Final = 0.943


def cache_dir() -> Path:
    """The cache folder now in effect (``cache_folder``)."""
    return cache_folder


def corpus_store_path() -> Path:
    """The default corpus store (``python -m geo corpus ... `` without --store; ``make run`` fills it)."""
    return corpus_store if corpus_store is not None else cache_folder / "store"


def corrections_db_path() -> Path:
    """The corrections database now in effect (``corrections_db``, else in the cache folder)."""
    return corrections_db if corrections_db is not None else cache_folder / "corrections.sqlite"
