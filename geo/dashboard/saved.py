"""The reader's uploads and pastes, kept in the corpus store (``settings.corpus_store_path()``) so that they
survive a reload or a restart, until the reader deletes them.

An article is saved as one JSONL record through the corpus ingest (parsed once more there, in this process:
the dashboard calls ``save_article`` from its worker process for large texts). Its store id is the
dashboard's ``doc_id`` and its ``source`` says where it came from, so that bundled and CLI-ingested articles
of the same store are not listed as the reader's.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from geo.dashboard.state import Article

T = TypeVar("T")

#: ``source`` of the articles the dashboard saved, by origin ("upload" or "pasted").
SAVED_SOURCES = {"upload": "dashboard upload", "pasted": "dashboard paste"}
#: How long a save or delete waits for another writer of the store (seconds).
LOCK_WAIT_S = 20.0


class SaveError(RuntimeError):
    """The store could not take the article (told to the reader; the article stays open in the session)."""


def save_article(store_dir: Path, article: Article) -> None:
    """Store ``article`` (an unchanged one is skipped by the ingest)."""
    from geo.corpus.driver import ingest

    record = {"id": article.doc_id, "text": article.text, "title": article.title,
              "date": article.published or None, "source": SAVED_SOURCES.get(article.origin, "dashboard")}
    line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    problems: list[str] = []
    summary = _with_lock(lambda: ingest(["-"], store_dir, workers=0, progress=False, report=problems.append,
                                        stdin=io.BytesIO(line)))
    if summary.failed:
        raise SaveError(f"the article could not be saved: {'; '.join(problems)[:300]}")


def saved_articles(store_dir: Path) -> list[Article]:
    """The reader's saved articles, oldest first ([] when there is no store yet)."""
    from geo.corpus import open_store

    if not (store_dir / "store.json").exists():
        return []
    origin = {source: key for key, source in SAVED_SOURCES.items()}
    with open_store(store_dir, corrections=False) as store:
        rows = store.sql("SELECT article_id, title, published, source, text FROM articles "
                         "WHERE list_contains(?, source) ORDER BY ingested_at, article_id",
                         [list(SAVED_SOURCES.values())])
    return [Article(str(r.article_id), str(r.title or r.article_id), str(r.text or ""), origin[str(r.source)],
                    str(r.published) if isinstance(r.published, str) else "")
            for r in rows.itertuples(index=False)]


def delete_article(store_dir: Path, doc_id: str) -> int:
    """Remove a saved article from the store; returns the rows removed."""
    from geo.corpus.store import Store

    store = Store.open(store_dir)

    def delete() -> int:
        with store.lock():
            return store.delete_articles([doc_id])

    return _with_lock(delete)


def _with_lock(action: Callable[[], T]) -> T:
    """``action()``, tried again while another writer holds the store's lock (up to LOCK_WAIT_S)."""
    from geo.corpus.store import StoreError

    deadline = time.monotonic() + LOCK_WAIT_S
    while True:
        try:
            return action()
        except StoreError as err:
            if "another ingest is writing" not in str(err) or time.monotonic() > deadline:
                raise SaveError(str(err)) from None
            time.sleep(0.2)
