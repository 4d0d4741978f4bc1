"""The dashboard's view in the page URL, so that a view can be shared:
``?place=ID&from=2025-02&to=2025-04&country=ML&country=NE&kind=Countries&lang=en&source=…&article=ID&only=1``
(``conf=0.5`` the lowest confidence, ``sure=1`` only confident places, ``undated=0`` drop undated places), and
the map's position, ``map=lat,lon,zoom``, which the map writes itself in the browser (geo.dashboard.map).

Read once when a session starts; written after every run. Values are checked, never trusted: an unknown
place, country, kind, language, source or article is left out by the page (``UrlView.known``), a date or a
number that cannot be read is dropped, long values and long lists are cut.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date

from geo.dashboard.timeline import Unit, Window
from geo.time import parse_published

#: Longest query value read (a place id is far shorter).
MAX_VALUE_CHARS = 300
#: Most values read from one repeated parameter (``country=ML&country=NE…``).
MAX_LIST_VALUES = 50
_COUNTRY_CODE = re.compile(r"[A-Z]{2}")
#: The parameter holding the map's position, ``lat,lon,zoom``, and the zooms it may ask for.
MAP_PARAM = "map"
MAP_ZOOMS = (2, 18)


@dataclass(frozen=True, slots=True)
class UrlView:
    """What a shared link asks for: a place, a time window's first and last day, and the filters."""

    place: str | None = None
    start: date | None = None
    end: date | None = None
    keep_undated: bool | None = None  # None: the page's default
    groups: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    article: str | None = None  # the article shown beside the map
    only_article: bool = False  # "only the article shown"
    min_confidence: float = 0.0
    confident_only: bool = False
    map_view: tuple[tuple[float, float], int] | None = None  # ((lat, lon), zoom) where the map was left

    def known(self, *, groups: Collection[str], countries: Collection[str], langs: Collection[str],
              sources: Collection[str]) -> UrlView:
        """The view with only the filter values the store has (the filter boxes' options)."""
        return replace(self, groups=tuple(g for g in self.groups if g in groups),
                       countries=tuple(c for c in self.countries if c in countries),
                       langs=tuple(x for x in self.langs if x in langs),
                       sources=tuple(s for s in self.sources if s in sources))


def view_from_query(params: Mapping[str, str | list[str]]) -> UrlView:
    """The view a link's query parameters ask for (each name with its values, the last one counting for a
    single value; anything unreadable left out)."""
    def all_of(name: str) -> list[str]:
        raw = params.get(name, [])
        texts = raw if isinstance(raw, list) else [raw]
        return [text.strip()[:MAX_VALUE_CHARS] for text in texts[-MAX_LIST_VALUES:] if isinstance(text, str)]

    def value(name: str) -> str:
        found = all_of(name)
        return found[-1] if found else ""

    def values(name: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v for v in all_of(name) if v))

    def flag(name: str) -> bool | None:
        text = value(name).lower()
        return True if text in ("1", "true", "yes") else False if text in ("0", "false", "no") else None

    start, end = parse_published(value("from")), parse_published(value("to"))
    return UrlView(place=value("place") or None, start=start.start if start else None,
                   end=end.end if end else None, keep_undated=flag("undated"),
                   groups=values("kind"),
                   countries=tuple(c for c in values("country") if _COUNTRY_CODE.fullmatch(c)),
                   langs=values("lang"), sources=values("source"), article=value("article") or None,
                   only_article=bool(flag("only")), min_confidence=_fraction(value("conf")),
                   confident_only=bool(flag("sure")), map_view=_map_view(value(MAP_PARAM)))


def view_query(place: str | None, window: Window | None, step: Unit, filters: UrlView | None = None
               ) -> dict[str, str | list[str]]:
    """The query parameters of a view: the selected place, the window by month (or day) when one is set,
    and the filters that are on (``filters``: its place and dates are not read)."""
    query: dict[str, str | list[str]] = {}
    if place:
        query["place"] = place
    if window is not None:
        fmt = "%Y-%m-%d" if step == "day" else "%Y-%m" if step != "year" else "%Y"
        query["from"], query["to"] = window.start.strftime(fmt), window.end.strftime(fmt)
        if not window.keep_undated:
            query["undated"] = "0"
    if filters is None:
        return query
    for name, chosen in (("kind", filters.groups), ("country", filters.countries), ("lang", filters.langs),
                         ("source", filters.sources)):
        if chosen:
            query[name] = list(chosen)
    if filters.article:
        query["article"] = filters.article
    if filters.only_article:
        query["only"] = "1"
    if filters.min_confidence > 0:
        query["conf"] = f"{filters.min_confidence:g}"
    if filters.confident_only:
        query["sure"] = "1"
    return query


def _fraction(text: str) -> float:
    """A number in 0…1 rounded to the slider's step (0 for anything else)."""
    try:
        number = float(text)
    except ValueError:
        return 0.0
    return round(min(max(number, 0.0), 1.0) * 20) / 20 if math.isfinite(number) else 0.0


def _map_view(text: str) -> tuple[tuple[float, float], int] | None:
    """``lat,lon,zoom`` as ((lat, lon), zoom), the zoom held to MAP_ZOOMS; None for anything else."""
    parts = text.split(",")
    if len(parts) != 3:
        return None
    try:
        lat, lon, zoom = float(parts[0]), float(parts[1]), float(parts[2])
    except ValueError:
        return None
    if not (math.isfinite(zoom) and -90 <= lat <= 90 and -180 <= lon <= 180):  # (NaN fails the comparisons)
        return None
    return (lat, lon), int(min(max(round(zoom), MAP_ZOOMS[0]), MAP_ZOOMS[1]))
