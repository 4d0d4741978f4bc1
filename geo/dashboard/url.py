"""The dashboard's view in the page URL (``?place=ID&from=2025-02&to=2025-04``), so that a view can be shared.

Read once when a session starts; written after every run. Values are checked, never trusted: an unknown
place is ignored by the page, a date that cannot be read is dropped, long values are cut.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from geo.dashboard.timeline import Unit, Window
from geo.time import parse_published

#: Longest query value read (a place id is far shorter).
MAX_VALUE_CHARS = 300


@dataclass(frozen=True, slots=True)
class UrlView:
    """What a shared link asks for: a place, and a time window's first and last day."""

    place: str | None = None
    start: date | None = None
    end: date | None = None


def view_from_query(params: Mapping[str, str | list[str]]) -> UrlView:
    """The view a link's query parameters ask for (anything unreadable left out)."""
    def value(name: str) -> str:
        raw = params.get(name, "")
        text = raw[-1] if isinstance(raw, list) and raw else raw
        return text.strip()[:MAX_VALUE_CHARS] if isinstance(text, str) else ""

    start, end = parse_published(value("from")), parse_published(value("to"))
    return UrlView(place=value("place") or None, start=start.start if start else None,
                   end=end.end if end else None)


def view_query(place: str | None, window: Window | None, step: Unit) -> dict[str, str]:
    """The query parameters of a view: the selected place, the window by month (or day) when one is set."""
    query: dict[str, str] = {}
    if place:
        query["place"] = place
    if window is not None:
        fmt = "%Y-%m-%d" if step == "day" else "%Y-%m" if step != "year" else "%Y"
        query["from"], query["to"] = window.start.strftime(fmt), window.end.strftime(fmt)
    return query
