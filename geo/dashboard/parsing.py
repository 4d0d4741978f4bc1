"""Parsing for the dashboard without freezing other readers: large texts go to a worker process.

Streamlit runs every session's script in a thread of one process, and Python runs one thread at a time:
a reader pasting megabytes would slow every other reader's clicks. Texts over IN_PROCESS_MAX_CHARS are
parsed in a separate worker process (one, so heavy pastes queue instead of multiplying); the session's
thread waits without holding the interpreter. Small texts, the common case, are parsed in-process.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from threading import Lock

from geo.model import Document, Mention
from geo.text.document import make_document

#: Texts up to this many characters are parsed in the server process (a few hundred ms at most).
IN_PROCESS_MAX_CHARS = 50_000

_pool: ProcessPoolExecutor | None = None
_pool_lock = Lock()


def parse_text(text: str, title: str, doc_id: str) -> tuple[Document, tuple[Mention, ...]]:
    """The Document and its resolved mentions (runs in whichever process calls it)."""
    from geo.nlp.pipeline import parse_document

    doc = make_document(text, title=title, doc_id=doc_id)
    return doc, tuple(parse_document(doc))


def _worker_pool() -> ProcessPoolExecutor:
    """The one worker process, started on first use ("spawn": no copy of the server's threads)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        return _pool


def parse_for_dashboard(text: str, title: str, doc_id: str) -> tuple[Document, tuple[Mention, ...]]:
    """Parse in-process when small, else in the worker process (errors are raised here either way)."""
    if len(text) <= IN_PROCESS_MAX_CHARS:
        return parse_text(text, title, doc_id)
    return _worker_pool().submit(parse_text, text, title, doc_id).result()
