"""The corpus: ingest articles with Dask into a GeoParquet store, query it with DuckDB.

>>> from geo.corpus import open_store          # doctest: +SKIP
>>> store = open_store("corpus/")              # doctest: +SKIP
>>> store.places(kinds=("city", "town"), start=date(2025, 4, 1)).head()   # doctest: +SKIP

Heavy modules (Dask, DuckDB, geopandas) load on first use, not when this package is imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geo.corpus.driver import IngestSummary
    from geo.corpus.query import CorpusStore

__all__ = ["ingest", "open_store"]


def open_store(path: Path | str, *, corrections: Path | str | bool | None = None) -> CorpusStore:
    """Open a corpus store for queries: ``.places()``, ``.articles()``, ``.mentions()``, ``.stats()``, ``.sql()``."""
    from geo.corpus.query import open_store as _open_store

    return _open_store(path, corrections=corrections)


def ingest(inputs: list[str], store: Path | str, **options: Any) -> IngestSummary:
    """Geoparse ``inputs`` into the store (see geo.corpus.driver.ingest for the options)."""
    from geo.corpus.driver import ingest as _ingest

    return _ingest(inputs, store, **options)
