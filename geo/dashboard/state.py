"""Pure helpers behind the dashboard: articles from the reader's input, the places table, linking
a map click back to a place, and the options offered when correcting a mention."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from geo.corrections import article_key
from geo.gazetteer.normalize import normalize_name
from geo.model import Document, Mention, Place
from geo.render.style import country_label, format_coords
from geo.settings import MAX_UPLOAD_BYTES
from geo.text.reading import ArticleError, decode_article, first_line_title, looks_like_web_page
from geo.time import parse_published


@dataclass(frozen=True, slots=True)
class Article:
    """An article the reader is looking at: bundled, uploaded or pasted."""

    doc_id: str  # unique within a session: "bundled/…", "upload/…", "pasted/…"
    title: str
    text: str
    origin: str  # bundled | upload | pasted
    published: str = ""  # publication date as written ("2025-04", "2025-04-07"); "" when unknown

    @property
    def sha(self) -> str:
        return article_key(self.text)


def article_from_upload(name: str, data: bytes) -> Article:
    """An uploaded ``.txt``/``.md``/``.html`` file as an Article (HTML reduced to its text).

    Raises ``ArticleError`` with a reader-facing message for binary, non-UTF-8, empty or oversized
    files.
    """
    head = data[:4096].decode("utf-8", "ignore").lstrip("\ufeff")
    if len(data) <= MAX_UPLOAD_BYTES and b"\x00" not in data[:65536] and looks_like_web_page(head, name):
        from geo.text.webpage import read_web_page

        page = read_web_page(data, filename=name)
        when = parse_published(page.date) if page.date else None
        title = page.title.strip() or first_line_title(page.text, name)
        return Article(f"upload/{name}/{article_key(page.text)[:12]}", title, page.text, "upload",
                       when.iso() if when else "")
    text = decode_article(data, filename=name)
    return Article(f"upload/{name}/{article_key(text)[:12]}", first_line_title(text, name), text, "upload")


def article_from_paste(text: str, title: str = "", published: str = "") -> Article:
    """Pasted text as an Article; a pasted HTML page is reduced to its text like an upload. ``published``
    is the publication date the reader typed (any common form: "2025-04-07", "7 April 2025", "2025-04")."""
    if not text or not text.strip():
        raise ArticleError("The pasted text is empty: paste an article first.")
    when = parse_published(published) if published.strip() else None
    if published.strip() and when is None:
        raise ArticleError(f"The publication date {published.strip()[:40]!r} is not a date I can read: "
                           "write it like 2025-04-07, 7 April 2025 or 2025-04.")
    decoded = decode_article(text.encode("utf-8"), filename="pasted text")
    title = title.strip() or first_line_title(decoded, "Pasted article")
    return Article(f"pasted/{article_key(decoded)[:12]}", title, decoded, "pasted", when.iso() if when else "")


# --- the places table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceIndex:
    """The places of a view by id, in map order, with their Place-box labels and the ids a reader corrected:
    built once per view (thousands of rows), not on every rerun."""

    ids: tuple[str, ...]
    rows: dict[str, Any]
    labels: dict[str, str]
    corrected: frozenset[str] = frozenset()

    def with_rows(self, extra: pd.DataFrame) -> PlaceIndex:
        """This index and ``extra``'s rows after it (the shown article's claims)."""
        more = _rows_by_id(extra)
        return PlaceIndex((*self.ids, *more), {**self.rows, **more},
                          {**self.labels, **{pid: place_label(row) for pid, row in more.items()}}, self.corrected)


def _rows_by_id(layers: pd.DataFrame) -> dict[str, Any]:
    return {str(row.place_id): row for row in layers.itertuples(index=False)}


def index_places(layers: pd.DataFrame, written: dict[str, set[str]] | None = None,
                 corrected: Iterable[str] = ()) -> PlaceIndex:
    """The PlaceIndex of a layers table; ``written``: the words the articles wrote for each place."""
    written = written or {}
    rows = _rows_by_id(layers)
    labels = {pid: place_label(row, written.get(pid, ())) for pid, row in rows.items()}
    return PlaceIndex(tuple(rows), rows, labels, frozenset(corrected))


def place_label(row: Any, written: Iterable[str] = ()) -> str:
    """Select-box label of a layers row: ``Tin Zaouatine — town, DZ (1 mention)``; with the words the
    articles wrote for it when they differ from its name (``Dūmā … · written “Douma”``) and its name
    without accents, so that typing either finds it (the box searches its labels)."""
    n = int(row.mentions)
    country = f", {row.country_code}" if row.country_code else ""
    label = f"{row.name} — {row.kind}{country} ({n} mention{'s' if n != 1 else ''})"
    folded = normalize_name(row.name)
    other = sorted({w.strip() for w in written if w.strip() and normalize_name(w) != folded}, key=str.casefold)
    if other:
        shown = ", ".join(f"“{w}”" for w in other[:3]) + (f" +{len(other) - 3}" if len(other) > 3 else "")
        label += f" · written {shown}"
    if folded != row.name.casefold() and folded.isascii():
        label += f" · {folded}"
    return label


def written_forms(parsed: Iterable[tuple[Any, Any, Sequence[Mention]]]) -> dict[str, set[str]]:
    """The words each place was written as in the parsed articles (place id -> surfaces)."""
    forms: dict[str, set[str]] = {}
    for _article, _doc, mentions in parsed:
        for m in mentions:
            forms.setdefault(m.place.id, set()).add(m.text)
    return forms


def places_frame(layers: gpd.GeoDataFrame, corrected_ids: Iterable[str] = ()) -> pd.DataFrame:
    """The places table shown to the reader, one row per place, in the layers' order."""
    corrected = set(corrected_ids)
    return pd.DataFrame(
        {
            "Place": layers["name"].astype(str),
            "Kind": layers["kind"].astype(str),
            "Country": [country_label(str(code)) for code in layers["country_code"]],
            "Coordinates": [format_coords(lat, lon) for lat, lon in zip(layers["lat"], layers["lon"], strict=True)],
            "Mentions": layers["mentions"].astype(int),
            "Articles": (layers["articles"].astype(int) if "articles" in layers  # counted by the store
                         else [len({s["doc_id"] for s in links}) for links in layers["sentences"]]),
            "Confidence": layers["confidence"].astype(float),
            "Corrected": [pid in corrected for pid in layers["place_id"]],
        }
    )


# --- linking a map click to a place -------------------------------------------------------------


#: Longest tooltip text read from a map click (a place's is its name and kind): longer ones are ignored.
MAX_TOOLTIP_CHARS = 1_000
_KIND_TOKEN = re.compile(r"[\w-]+")


def tooltip_parts(tooltip: str | None) -> tuple[str, str] | None:
    """(name, kind) from a clicked layer's tooltip text "Name · kind"; None when it is not one.

    Split at the last "·" (a kind has none): linear, whatever the click value holds.
    """
    if not tooltip or len(tooltip) > MAX_TOOLTIP_CHARS:
        return None
    name, sep, kind = tooltip.rpartition("·")
    kind = kind.strip()
    if not sep or not _KIND_TOKEN.fullmatch(kind):
        return None
    return name.strip(), kind


def place_at(layers: gpd.GeoDataFrame, lat: float | None, lon: float | None,
             tooltip: str | None = None, *, tolerance_deg: float = 3.0) -> str | None:
    """The place a map click was on: ``lat``/``lon`` of the click and the clicked layer's tooltip
    text (``Name · kind``) as st_folium reports them.

    The tooltip names the layer; the click point breaks ties and guards against a tooltip left
    over from an earlier click (st_folium keeps the last one it saw). Without a usable tooltip the
    smallest area containing the click wins, else the nearest point within ``tolerance_deg``.
    """
    if lat is None or lon is None or len(layers) == 0:
        return None
    click = Point(float(lon), float(lat))
    rows = list(layers.itertuples(index=False))
    parts = tooltip_parts(tooltip)
    if parts:
        named = [r for r in rows if r.name == parts[0] and r.kind == parts[1]]
        near = [r for r in named if _distance(r.geometry, click) <= tolerance_deg]
        if near:
            return min(near, key=lambda r: _distance(r.geometry, click)).place_id
    points = [r for r in rows if r.geometry.geom_type == "Point" and r.geometry.distance(click) <= tolerance_deg]
    areas = [r for r in rows if r.geometry.geom_type != "Point" and r.geometry.covers(click)]
    if points and (not areas or min(r.geometry.distance(click) for r in points) < 0.5):
        return min(points, key=lambda r: r.geometry.distance(click)).place_id
    if areas:
        return min(areas, key=lambda r: r.geometry.area).place_id
    return None


def places_at(layers: gpd.GeoDataFrame, lat: float | None, lon: float | None, tooltip: str | None = None,
              *, limit: int = 8) -> list[str]:
    """Every place under a map click: the one ``place_at`` picks first, then the other areas that cover the
    click, smallest first (a click inside Mali is also in the Sahel and the AES). At most ``limit``."""
    first = place_at(layers, lat, lon, tooltip)
    if first is None or lat is None or lon is None:
        return []
    click = Point(float(lon), float(lat))
    covering = [r for r in layers.itertuples(index=False)
                if r.place_id != first and r.geometry.geom_type != "Point" and r.geometry.covers(click)]
    return [first, *(r.place_id for r in sorted(covering, key=lambda r: r.geometry.area))][:limit]


def _distance(geom: Any, click: Point) -> float:
    return 0.0 if geom.geom_type != "Point" and geom.covers(click) else float(geom.distance(click))


# --- mentions and corrections -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MentionRef:
    """One mention of a place, with the article it belongs to."""

    doc_id: str
    title: str
    sha: str
    mention: Mention
    sentence: str


def mentions_of(parsed: Sequence[tuple[Article, Document, Sequence[Mention]]], place_id: str) -> list[MentionRef]:
    """Every mention of ``place_id`` across the articles, in article then text order."""
    out = []
    for article, doc, mentions in parsed:
        by_index = {s.index: s.text for s in doc.sentences}
        out += [MentionRef(article.doc_id, article.title, article.sha, m, by_index.get(m.sentence, ""))
                for m in mentions if m.place.id == place_id]
    return out


def mention_label(ref: MentionRef, *, width: int = 90) -> str:
    """``"Mali" in <title>: …sentence…`` for the correction picker."""
    sentence = ref.sentence if len(ref.sentence) <= width else ref.sentence[: width - 1] + "…"
    return f"“{ref.mention.text}” in {ref.title[:50]}: {sentence}"


def candidate_places(mention: Mention, search_hits: Iterable[Place] = ()) -> list[Place]:
    """Places a mention can be corrected to: its alternatives, then gazetteer search hits; no repeats,
    its current place first."""
    seen: dict[str, Place] = {mention.place.id: mention.place}
    for place in [c.place for c in mention.alternatives] + list(search_hits):
        seen.setdefault(place.id, place)
    return list(seen.values())


def candidate_label(place: Place, scores: dict[str, float] | None = None) -> str:
    """``Mali — admin1, GN · 12.1000° N, 12.3000° W · score 7.8``."""
    country = f", {place.country_code}" if place.country_code else ""
    score = f" · score {scores[place.id]:.1f}" if scores and place.id in scores else ""
    return f"{place.name} — {place.kind}{country} · {format_coords(place.lat, place.lon)}{score}"


@dataclass(frozen=True, slots=True)
class CorrectionRow:
    """One stored correction of an article the reader has open, as the corrections list shows it."""

    doc_id: str
    title: str
    sha: str
    start: int
    end: int
    surface: str
    place_id: str  # NOT_A_PLACE for "not a place"
    label: str


def correction_rows(articles: Iterable[tuple[Article, dict[tuple[int, int], str]]],
                    place_name: Any) -> list[CorrectionRow]:
    """Every correction of the open articles (``(article, {(start, end): place_id})``), in text order,
    labelled ``“Tin Zaouatine” in <title> → Tinzaouaten`` or ``→ not a place``. ``place_name(id)`` names a
    place id (None when unknown)."""
    from geo.corrections import NOT_A_PLACE

    rows = []
    for article, fixes in articles:
        for (start, end), place_id in sorted(fixes.items()):
            surface = article.text[start:end] if 0 <= start < end <= len(article.text) else "?"
            target = "not a place" if place_id == NOT_A_PLACE else (place_name(place_id) or place_id)
            rows.append(CorrectionRow(article.doc_id, article.title, article.sha, start, end, surface, place_id,
                                      f"“{surface[:60]}” in {article.title[:50]} → {target}"))
    return rows
