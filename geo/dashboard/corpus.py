"""The dashboard's reads of the corpus store: every aggregation runs in DuckDB (geo.corpus.query), so a
rerun costs the same with 2 or 10,000 articles; Python receives at most ``MAP_PLACES_MAX`` place rows, one
page of sentences and one article's marks.

``View`` is what the reader chose (time window, kinds, countries, articles, confidence); ``View.filters``
turns it into the store's ``Filters``. A ``StoreReader`` wraps one open store for all sessions: DuckDB
connections are not shared between threads, so its queries take turns (each is a few milliseconds to a
tenth of a second).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import pandas as pd

from geo.corpus.query import CorpusStore, Filters
from geo.dashboard.timeline import Window
from geo.model import Mention, Place, SentenceLink
from geo.settings import CONFIDENT_MIN
from geo.vocabulary import KINDS, kind_group

T = TypeVar("T")

#: Most places drawn on the map and listed in the place box (the most mentioned first); the caption says
#: how many more the filters match.
MAP_PLACES_MAX = 3000
#: Sentences of the selected place shown per page.
SENTENCES_PAGE = 25
#: Articles offered in the article box (newest first among those the selection or filters match).
ARTICLES_LISTED = 200
#: Mentions offered in the correction picker.
CORRECTABLE_MAX = 200


@dataclass(frozen=True, slots=True)
class View:
    """The reader's filters. Empty collections mean "any"."""

    window: Window | None = None
    groups: tuple[str, ...] = ()  # kind groups (geo.vocabulary.kind_group): "Countries", "Cities and towns"…
    countries: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    min_confidence: float = 0.0
    confident_only: bool = False

    @property
    def active(self) -> bool:
        """Whether a filter other than the time window is on."""
        return bool(self.groups or self.countries or self.articles or self.sources or self.langs
                    or self.min_confidence > 0 or self.confident_only)

    def filters(self, **overrides: Any) -> Filters:
        """The store's filters for this view (``overrides`` replace fields, e.g. ``place=ID``)."""
        kinds = tuple(k for k in KINDS if kind_group(k) in self.groups) if self.groups else ()
        floor = max(self.min_confidence, CONFIDENT_MIN if self.confident_only else 0.0)
        base = Filters(start=self.window.start if self.window else None,
                       end=self.window.end if self.window else None,
                       keep_undated=self.window.keep_undated if self.window else False,
                       kinds=kinds, countries=self.countries, articles=self.articles, sources=self.sources,
                       langs=self.langs, min_confidence=floor)
        return replace(base, **overrides)

    def without_time(self) -> View:
        return replace(self, window=None)


@dataclass
class StoreReader:
    """One corpus store opened for the dashboard (shared by all sessions; queries take turns)."""

    root: Path
    store: CorpusStore
    lock: threading.RLock = field(default_factory=threading.RLock)

    @classmethod
    def open(cls, root: Path, corrections: Path | None = None) -> StoreReader:
        from geo.corpus import open_store

        return cls(Path(root), open_store(root, corrections=corrections if corrections else False))

    def run(self, action: Callable[[CorpusStore], T]) -> T:
        with self.lock:
            return action(self.store)

    def sql(self, query: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        return self.run(lambda s: s.sql(query, list(params)))

    @property
    def version(self) -> str:
        """Changes when the store or the corrections change (the key of the app's caches)."""
        return self.run(lambda s: s.version)


# --- the map's places -------------------------------------------------------------------------------


def place_rows(reader: StoreReader, view: View, *, limit: int = MAP_PLACES_MAX) -> gpd.GeoDataFrame:
    """One row per place under the view (the most mentioned ``limit``): the layers table's columns but the
    sentences (``sentences`` is empty; ``articles`` counts them), with the stored shape."""
    filters = view.filters()
    frame = reader.run(lambda s: s.places(filters, limit=limit))
    frame["country_code"] = frame["country_code"].fillna("")
    frame["mentions"] = frame["mentions"].astype(int)
    frame["articles"] = frame["articles"].astype(int)
    frame["sentences"] = [[] for _ in range(len(frame))]
    return frame.reset_index(drop=True)


def count_places(reader: StoreReader, view: View) -> int:
    """How many places the view matches (the map draws at most MAP_PLACES_MAX of them)."""
    where, params = view.filters().where()
    return int(reader.sql(f"SELECT count(DISTINCT place_id) AS n FROM mentions m WHERE {where}", params)["n"][0])


def totals(reader: StoreReader) -> dict[str, int]:
    """Articles, mentions and places in the whole store."""
    row = reader.sql("SELECT (SELECT count(*) FROM articles) AS articles, count(*) AS mentions, "
                     "count(DISTINCT place_id) AS places FROM mentions").iloc[0]
    return {k: int(row[k]) for k in ("articles", "mentions", "places")}


def option_values(reader: StoreReader, view: View) -> tuple[list[str], list[str]]:
    """The kind groups and the country codes present under the view's time window (the filter boxes'
    options: a filter never hides its own options)."""
    where, params = view.without_time().filters().where() if view.window is None else \
        View(window=view.window).filters().where()
    frame = reader.sql(f"SELECT DISTINCT kind, country_code FROM mentions m WHERE {where}", params)
    from geo.render.style import group_rank

    groups = sorted({kind_group(str(k)) for k in frame["kind"]}, key=group_rank)
    countries = sorted({str(c) for c in frame["country_code"] if isinstance(c, str) and c})
    return groups, countries


def article_facets(reader: StoreReader, *, limit: int = 200) -> tuple[list[str], list[str]]:
    """The sources (the ``limit`` with most articles) and the languages of the store's articles."""
    sources = reader.sql("SELECT source FROM articles WHERE source IS NOT NULL AND source <> '' GROUP BY source "
                         "ORDER BY count(*) DESC, source LIMIT ?", [int(limit)])
    langs = reader.sql("SELECT DISTINCT lang FROM articles WHERE lang IS NOT NULL AND lang <> '' ORDER BY lang")
    return [str(s) for s in sources["source"]], [str(x) for x in langs["lang"]]


def written_forms(reader: StoreReader, place_ids: Sequence[str]) -> dict[str, set[str]]:
    """The words the articles wrote for each place (the place box searches them)."""
    if not place_ids:
        return {}
    frame = reader.sql("SELECT place_id, list(DISTINCT surface) AS forms FROM mentions "
                       "WHERE list_contains(?, place_id) GROUP BY place_id", [list(place_ids)])
    return {str(pid): {str(f) for f in forms} for pid, forms in zip(frame["place_id"], frame["forms"], strict=True)}


def corrected_places(reader: StoreReader, place_ids: Sequence[str]) -> set[str]:
    """The places among ``place_ids`` with a mention a reader corrected."""
    if not place_ids:
        return set()
    frame = reader.sql("SELECT DISTINCT place_id FROM mentions WHERE corrected AND list_contains(?, place_id)",
                       [list(place_ids)])
    return {str(p) for p in frame["place_id"]}


# --- the timeline -----------------------------------------------------------------------------------


def dated_mentions(reader: StoreReader, view: View) -> pd.DataFrame:
    """Mentions under the view's other filters (not its window) grouped by event interval and source:
    ``start``, ``end``, ``source``, ``mentions`` (geo.dashboard.timeline.counts reads them)."""
    where, params = view.without_time().filters().where()
    frame = reader.sql(f"""
        SELECT event_start AS start, event_end AS "end", coalesce(event_source, 'text') AS source,
               count(*) AS mentions
        FROM mentions m WHERE {where} AND event_start IS NOT NULL AND event_end IS NOT NULL
        GROUP BY ALL""", params)
    for column in ("start", "end"):
        frame[column] = [pd.Timestamp(d).date() for d in frame[column]]
    frame["mentions"] = frame["mentions"].astype(int)
    return frame


# --- a place's sentences ----------------------------------------------------------------------------


def sentence_page(reader: StoreReader, view: View, place_id: str, page: int = 0, *,
                  size: int = SENTENCES_PAGE) -> tuple[list[SentenceLink], int]:
    """One page of the place's sentences under the view, in date order (undated last), and how many there
    are in all. Each is a SentenceLink with its event time."""
    where, params = view.filters(place=place_id).where()
    frame = reader.sql(f"""
        WITH s AS (
            SELECT m.article_id, m.sentence, any_value(m.sentence_text) AS text,
                   list([m.start - m.sentence_start, m."end" - m.sentence_start] ORDER BY m.start) AS spans,
                   min(m.event_start) AS event_start, max(m.event_end) AS event_end,
                   arg_min(m.event_source, m.start) AS event_source
            FROM mentions m WHERE {where} GROUP BY m.article_id, m.sentence)
        SELECT s.*, a.title, a.date, count(*) OVER () AS total
        FROM s JOIN articles a USING (article_id)
        ORDER BY s.event_start NULLS LAST, a.date NULLS LAST, s.article_id, s.sentence
        LIMIT ? OFFSET ?""", [*params, int(size), int(page) * int(size)])
    links: list[SentenceLink] = []
    for row in frame.to_dict("records"):
        links.append(SentenceLink(
            title=str(row["title"] or row["article_id"]), doc_id=str(row["article_id"]),
            sentence=int(row["sentence"]), text=str(row["text"] or ""),
            spans=[[int(s), int(e)] for s, e in row["spans"]],
            event_start=_iso(row["event_start"]), event_end=_iso(row["event_end"]),
            event_source=row["event_source"] if isinstance(row["event_source"], str) else None))
    if links:
        return links, int(frame["total"].iloc[0])
    if page == 0:
        return [], 0
    total = reader.sql(f"SELECT count(*) AS n FROM (SELECT DISTINCT article_id, sentence FROM mentions m "
                       f"WHERE {where})", params)
    return [], int(total["n"][0])


# --- articles ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article of the store, as the text pane shows it."""

    article_id: str
    title: str
    text: str
    published: str
    lang: str
    source: str
    sha: str
    n_mentions: int = 0

    @property
    def doc_id(self) -> str:
        return self.article_id


def article(reader: StoreReader, article_id: str) -> StoredArticle | None:
    frame = reader.sql("SELECT article_id, title, text, published, lang, source, text_sha256, n_mentions "
                       "FROM articles WHERE article_id = ?", [article_id])
    if frame.empty:
        return None
    row = frame.iloc[0]
    return StoredArticle(str(row["article_id"]), str(row["title"] or row["article_id"]), str(row["text"] or ""),
                         _text(row["published"]), _text(row["lang"]), _text(row["source"]), str(row["text_sha256"]),
                         int(row["n_mentions"] or 0))


def article_choices(reader: StoreReader, view: View, place_id: str | None = None,
                    limit: int = ARTICLES_LISTED) -> pd.DataFrame:
    """Articles for the article box, newest first: those mentioning ``place_id`` under the view, or every
    article with a mention under it (every article when nothing is filtered); ``article_id``, ``title``,
    ``published``, and ``total`` (all of them)."""
    if place_id is None and not view.active and view.window is None:  # every article, those with no place too
        return reader.sql("""
            SELECT article_id, title, published, count(*) OVER () AS total FROM articles
            ORDER BY date DESC NULLS LAST, article_id LIMIT ?""", [int(limit)])
    where, params = view.filters(place=place_id or "").where()
    return reader.sql(f"""
        WITH hits AS (SELECT DISTINCT article_id FROM mentions m WHERE {where})
        SELECT a.article_id, a.title, a.published, count(*) OVER () AS total
        FROM articles a SEMI JOIN hits USING (article_id)
        ORDER BY a.date DESC NULLS LAST, a.article_id LIMIT ?""", [*params, int(limit)])


def saved_articles(reader: StoreReader, sources: Sequence[str]) -> pd.DataFrame:
    """The reader's saved articles (uploads and pastes: their ``source``), oldest first."""
    return reader.sql("SELECT article_id, title, source FROM articles WHERE list_contains(?, source) "
                      "ORDER BY ingested_at, article_id", [list(sources)])


def article_marks(reader: StoreReader, article_id: str, view: View | None = None) -> list[Mention]:
    """The article's mentions (corrections applied) as Mentions for ``highlight_article``; with ``view``,
    only those it keeps (the time window, kinds, countries, confidence)."""
    where, params = (view.filters(articles=(), article=article_id) if view else Filters(article=article_id)).where()
    frame = reader.sql(f"""
        SELECT start, "end", surface, sentence, place_id, place_name, kind, country_code, lat, lon, confidence,
               cue, corrected
        FROM mentions m WHERE {where} ORDER BY start""", params)
    return [Mention(int(r["start"]), int(r["end"]), str(r["surface"]), int(r["sentence"]),
                    Place(str(r["place_id"]), str(r["place_name"]), str(r["kind"]), _text(r["country_code"]),
                          float(r["lat"]), float(r["lon"])),
                    float(r["confidence"]), cue=str(r["cue"] or "name"))
            for r in frame.to_dict("records")]


def corrected_spans(reader: StoreReader, article_id: str) -> set[tuple[int, int]]:
    frame = reader.sql('SELECT start, "end" FROM mentions WHERE article_id = ? AND corrected', [article_id])
    return {(int(s), int(e)) for s, e in zip(frame["start"], frame["end"], strict=True)}


@dataclass(frozen=True, slots=True)
class MentionRow:
    """One mention of a place, as the correction picker offers it."""

    doc_id: str
    title: str
    sha: str
    mention: Mention
    sentence: str


def mentions_of(reader: StoreReader, place_id: str, view: View | None = None,
                limit: int = CORRECTABLE_MAX) -> tuple[list[MentionRow], int]:
    """The place's mentions under the view (newest articles first, at most ``limit``: what the reader sees is
    what a correction changes) and how many there are in all."""
    where, params = (view or View()).filters(place=place_id).where()
    frame = reader.sql(f"""
        SELECT m.article_id, a.title, m.text_sha256, m.start, m."end", m.surface, m.sentence, m.sentence_text,
               m.place_name, m.kind, m.country_code, m.lat, m.lon, m.confidence, count(*) OVER () AS total
        FROM mentions m JOIN articles a USING (article_id) WHERE {where}
        ORDER BY a.date DESC NULLS LAST, m.article_id, m.start LIMIT ?""", [*params, int(limit)])
    rows = [MentionRow(str(r["article_id"]), str(r["title"] or r["article_id"]), str(r["text_sha256"]),
                       Mention(int(r["start"]), int(r["end"]), str(r["surface"]), int(r["sentence"]),
                               Place(place_id, str(r["place_name"]), str(r["kind"]), _text(r["country_code"]),
                                     float(r["lat"]), float(r["lon"])), float(r["confidence"])),
                       str(r["sentence_text"] or ""))
            for r in frame.to_dict("records")]
    return rows, int(frame["total"].iloc[0]) if len(frame) else 0


def articles_by_sha(reader: StoreReader, shas: Sequence[str]) -> dict[str, StoredArticle]:
    """The store's articles with these text hashes (the corrections list names and quotes them)."""
    if not shas:
        return {}
    frame = reader.sql("SELECT article_id, title, text, published, lang, source, text_sha256 FROM articles "
                       "WHERE list_contains(?, text_sha256)", [list(shas)])
    return {str(r["text_sha256"]): StoredArticle(str(r["article_id"]), str(r["title"] or r["article_id"]),
                                                 str(r["text"] or ""), _text(r["published"]), _text(r["lang"]),
                                                 _text(r["source"]), str(r["text_sha256"]))
            for r in frame.to_dict("records")}


def _iso(value: Any) -> str | None:
    """A date as "2025-04-07" (DuckDB gives dates or timestamps); None when missing."""
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date().isoformat()


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
