"""The bundled seed articles and their metadata (data/articles/articles.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from geo.settings import ARTICLES_DIR


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    path: Path
    title: str
    source: str
    date: str
    lang: str = ""  # ISO 639-1, "" when not given (then detected)


@cache
def bundled_articles() -> tuple[ArticleInfo, ...]:
    """The articles shipped in data/articles, in the order of the metadata file."""
    meta = json.loads((ARTICLES_DIR / "articles.json").read_text(encoding="utf-8"))
    return tuple(ArticleInfo(ARTICLES_DIR / m["file"], m["title"], m.get("source", ""), m.get("date", ""),
                             m.get("lang", "")) for m in meta)


def bundled_titles() -> dict[str, str]:
    return {a.path.name: a.title for a in bundled_articles()}


def bundled_languages() -> dict[str, str]:
    """Languages of the bundled articles by file name ("fr"), where the metadata gives one."""
    return {a.path.name: a.lang for a in bundled_articles() if a.lang}


def bundled_dates() -> dict[str, str]:
    """Publication dates of the bundled articles by file name ("2025-04")."""
    return {a.path.name: a.date for a in bundled_articles() if a.date}
