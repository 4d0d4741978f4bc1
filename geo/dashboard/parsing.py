"""Parsing for the dashboard without freezing other readers: large texts go to a worker process.

The layers table of large articles is built there too.

Streamlit runs every session's script in a thread of one process, and Python runs one thread at a time:
a reader pasting megabytes would slow every other reader's clicks. Texts over IN_PROCESS_MAX_CHARS are
parsed in a separate worker process (one, so heavy pastes queue instead of multiplying); the session's
thread waits without holding the interpreter. Small texts, the common case, are parsed in-process.
"""

from __future__ import annotations

import logging
import multiprocessing
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import geopandas as gpd

from geo.dashboard.state import Article
from geo.model import Document, Mention
from geo.text.document import make_document

#: Texts up to this many characters are parsed in the server process (a few hundred ms at most).
IN_PROCESS_MAX_CHARS = 50_000
#: Parsed once when the server starts (``warm_up_parsing``), in each language read, so that the first article a
#: reader opens does not pay for what the parser and the claims load on first use (~0.3 s).
WARM_UP_TEXTS = (
    ("en", "Jordan Smith said the drone came down 20 km north of Kidal, inside Mali, on Monday."),
    ("fr", "Selon Jean Dupont, le drone est tombé à 20 km au nord de Kidal, au Mali, lundi."),
)

_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def parse_text(text: str, title: str, doc_id: str, published: str = "") -> tuple[Document, tuple[Mention, ...]]:
    """The Document and its resolved mentions (runs in whichever process calls it)."""
    from geo.nlp.pipeline import parse_document

    doc = make_document(text, title=title, doc_id=doc_id, published=published)
    return doc, tuple(parse_document(doc))


def warm_up_parsing() -> None:
    """Parse the warm-up texts and look for their claims: loads the gazetteer, word lists, borders and the
    claims' grammar in this process."""
    for lang, text in WARM_UP_TEXTS:
        doc, mentions = parse_text(text, f"warm-up ({lang})", f"warm-up-{lang}")
        _layers([(doc, mentions)], places=False)


def warm_up_in_background() -> threading.Thread:
    """``warm_up_parsing`` in a daemon thread; a failure is logged (the first real parse reports it to the
    reader), never raised in the server."""
    def run() -> None:
        try:
            warm_up_parsing()
        except Exception as err:  # a warm-up must not take the server down
            logging.getLogger(__name__).warning("parser warm-up failed: %s", err)

    thread = threading.Thread(target=run, name="warm-up-parsing", daemon=True)
    thread.start()
    return thread


def _ready() -> bool:
    return True


def _worker_pool() -> ProcessPoolExecutor:
    """The one worker process, started on first use ("spawn": no copy of the server's threads).

    A spawned process re-imports the parent's ``__main__``; under Streamlit that is the app script, which
    must not run again in the worker. So the worker is started while ``__main__`` names this module.
    """
    global _pool
    with _pool_lock:
        if _pool is None:
            pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
            main = sys.modules["__main__"]
            sys.modules["__main__"] = sys.modules[__name__]
            try:
                pool.submit(_ready).result()  # starts the worker now, with the harmless __main__
            finally:
                sys.modules["__main__"] = main
            _pool = pool
        return _pool


def parse_for_dashboard(text: str, title: str, doc_id: str,
                        published: str = "") -> tuple[Document, tuple[Mention, ...]]:
    """Parse in-process when small, else in the worker process (errors are raised here either way)."""
    if len(text) <= IN_PROCESS_MAX_CHARS:
        return parse_text(text, title, doc_id, published)
    return _worker_pool().submit(parse_text, text, title, doc_id, published).result()


def _layers(parsed: list[tuple[Document, tuple[Mention, ...]]], places: bool = True) -> gpd.GeoDataFrame:
    from geo.layers import build_layers

    return build_layers(parsed, places=places)


def layers_for_dashboard(parsed: list[tuple[Document, tuple[Mention, ...]]], *,
                         places: bool = True) -> gpd.GeoDataFrame:
    """The layers table of the parsed articles (without ``places``: their claims only); built in the worker
    process when their text is large (claims are looked for in every sentence)."""
    if sum(len(doc.text) for doc, _mentions in parsed) <= IN_PROCESS_MAX_CHARS:
        return _layers(parsed, places)
    return _worker_pool().submit(_layers, parsed, places).result()


def _save(store_dir: Path, article: Article) -> None:
    from geo.dashboard.saved import save_article

    save_article(store_dir, article)


def save_for_dashboard(store_dir: Path, article: Article) -> None:
    """Keep the reader's article in the store: in-process when small, else in the worker process (the save
    parses it again). Raises geo.dashboard.saved.SaveError when the store cannot take it."""
    if len(article.text) <= IN_PROCESS_MAX_CHARS:
        _save(store_dir, article)
    else:
        _worker_pool().submit(_save, store_dir, article).result()
