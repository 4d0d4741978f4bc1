"""The dashboard's timeline: mention counts per day, week, month or year from the layers' dated sentences,
and the time window that filters the map, the place list and the text highlights.

A sentence link (geo.model.SentenceLink) carries the event time of its mentions (geo.time): an interval
``[event_start, event_end]``. A link is in a window when its interval overlaps the window; a place is in
it when one of its links is. Undated links (no date in the text and no publication date) are kept or
dropped as the reader chooses. Counts put a mention in the bucket where its interval starts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from typing import Literal

import geopandas as gpd
import pandas as pd

from geo.model import SentenceLink

Unit = Literal["day", "week", "month", "year"]

#: Where a mention's time comes from (geo.time), and how the chart names and colours it
#: (inside the window, outside it).
SOURCES = ("text", "published")
SOURCE_LABELS = {"text": "dated by the text", "published": "dated by the publication date"}
SOURCE_COLORS = {"text": ("#1f4e79", "#cfd8e3"), "published": ("#79a6d2", "#e8edf3")}

#: The finest bucket that still gives at most this many bars.
MAX_BUCKETS = 130


@dataclass(frozen=True, slots=True)
class Window:
    """Dates from ``start`` to ``end`` inclusive; ``keep_undated`` keeps links with no known time."""

    start: date
    end: date
    keep_undated: bool = True

    def holds(self, link: SentenceLink) -> bool:
        """Whether the link's event interval overlaps the window (or it is undated and those are kept)."""
        start, end = link_interval(link)
        if start is None or end is None:
            return self.keep_undated
        return start <= self.end and end >= self.start


def link_interval(link: SentenceLink) -> tuple[date | None, date | None]:
    """The link's event interval as dates (None, None when undated or unreadable)."""
    try:
        start, end = link.get("event_start"), link.get("event_end")
        return (date.fromisoformat(start), date.fromisoformat(end)) if start and end else (None, None)
    except ValueError:
        return None, None


def dated_mentions(layers: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per dated sentence link: place_id, kind, start, end, source ("text" or "published"),
    mentions (marked spans)."""
    rows = []
    for place_id, kind, links in zip(layers["place_id"], layers["kind"], layers["sentences"], strict=True):
        for link in links:
            start, end = link_interval(link)
            if start is not None:
                rows.append((place_id, kind, start, end, link.get("event_source") or "text",
                             max(1, len(link.get("spans") or ()))))
    return pd.DataFrame(rows, columns=["place_id", "kind", "start", "end", "source", "mentions"])


def time_span(dated: pd.DataFrame) -> tuple[date, date] | None:
    """The first start and the last end of the dated links; None when none is dated."""
    if dated.empty:
        return None
    return min(dated["start"]), max(dated["end"])


def bucket_unit(span: tuple[date, date]) -> Unit:
    """Day, week, month or year: the finest that gives at most MAX_BUCKETS buckets over ``span``."""
    days = (span[1] - span[0]).days + 1
    if days <= MAX_BUCKETS:
        return "day"
    if days <= 7 * MAX_BUCKETS:
        return "week"
    if days <= 31 * MAX_BUCKETS:
        return "month"
    return "year"


def window_step(span: tuple[date, date]) -> Unit:
    """The step of the time window's bounds: days over two months at most, else months (years past 50)."""
    days = (span[1] - span[0]).days + 1
    return "day" if days <= 62 else "month" if days <= 50 * 366 else "year"


def bucket_start(day: date, unit: Unit) -> date:
    """The first day of the bucket holding ``day`` (weeks start on Monday)."""
    if unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return date(day.year, 1, 1)


def bucket_end(start: date, unit: Unit) -> date:
    """The last day of the bucket that starts on ``start``."""
    if unit == "day":
        return start
    if unit == "week":
        return start + timedelta(days=6)
    if unit == "month":
        following = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return date(start.year, 12, 31)


def buckets(span: tuple[date, date], unit: Unit) -> list[date]:
    """The start of every bucket from the one holding ``span[0]`` to the one holding ``span[1]``."""
    out, current = [], bucket_start(span[0], unit)
    while current <= span[1]:
        out.append(current)
        current = bucket_end(current, unit) + timedelta(days=1)
    return out


def counts(dated: pd.DataFrame, unit: Unit, span: tuple[date, date] | None = None) -> pd.DataFrame:
    """Mentions per bucket and source (``bucket``, ``source``, ``mentions``): every bucket of the span listed
    for both sources ("text": dated by the text, "published": by the article's date), empty ones at 0."""
    span = span or time_span(dated)
    if span is None:
        return pd.DataFrame({"bucket": [], "source": [], "mentions": []})
    keyed = dated.assign(bucket=[bucket_start(d, unit) for d in dated["start"]])
    per = keyed.groupby(["bucket", "source"])["mentions"].sum()
    every = [(b, source) for b in buckets(span, unit) for source in SOURCES]
    return pd.DataFrame({"bucket": [b for b, _ in every], "source": [src for _, src in every],
                         "mentions": [int(per.get((b, src), 0)) for b, src in every]})


def in_window(layers: gpd.GeoDataFrame, window: Window | None) -> gpd.GeoDataFrame:
    """The layers rows with a link in ``window``, each keeping only those links (in date order) and its
    mention count reduced to them; None means no window: every row, links put in date order."""
    kept_rows, kept_links, kept_counts = [], [], []
    for i, (links, n) in enumerate(zip(layers["sentences"], layers["mentions"], strict=True)):
        inside = [link for link in links if window is None or window.holds(link)]
        if not inside and (links or window is not None):
            continue
        kept_rows.append(i)
        kept_links.append(in_date_order(inside))
        kept_counts.append(int(n) if window is None or len(inside) == len(links)
                           else sum(max(1, len(link.get("spans") or ())) for link in inside))
    out = layers.iloc[kept_rows].copy()
    out["sentences"] = kept_links
    out["mentions"] = kept_counts
    return out.reset_index(drop=True)


def in_date_order(links: Iterable[SentenceLink]) -> list[SentenceLink]:
    """Links by event start (undated last), ties in their given order."""
    return sorted(links, key=lambda link: (link_interval(link)[0] is None, link_interval(link)[0] or date.min))


def window_keys(layers: gpd.GeoDataFrame, window: Window | None) -> set[tuple[str, int, str]]:
    """(doc_id, sentence, place_id) of every link in the window: which text mentions stay highlighted."""
    return {(str(link.get("doc_id", "")), int(link.get("sentence", -1)), str(pid))
            for pid, links in zip(layers["place_id"], layers["sentences"], strict=True)
            for link in links if window is None or window.holds(link)}


def describe(window: Window | None, span: tuple[date, date] | None, unit: Unit) -> str:
    """"All dates (2021 – Apr 2025)" or "Feb 2025 – Apr 2025": the window as the page states it."""
    def label(day: date) -> str:
        return {"day": f"{day:%d %b %Y}", "week": f"week of {day:%d %b %Y}", "month": f"{day:%b %Y}",
                "year": f"{day:%Y}"}[unit]

    if window is None:
        return f"All dates ({label(span[0])} – {label(span[1])})" if span else "No dated mentions"
    return f"{label(window.start)} – {label(window.end)}"


def interval_label(link: SentenceLink) -> str:
    """"31 Mar 2025 – 1 Apr 2025", "Jul 2024", "2023", with "(published)" when the time is the article's date."""
    start, end = link_interval(link)
    if start is None or end is None:
        return ""
    if start == end:
        text = f"{start.day} {start:%b %Y}"
    elif start.day == 1 and end == bucket_end(start, "month"):
        text = f"{start:%b %Y}"
    elif start == date(start.year, 1, 1) and end == date(start.year, 12, 31):
        text = f"{start:%Y}"
    else:
        text = f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"
    return text + (" (published)" if link.get("event_source") == "published" else "")


def option_labels(starts: Sequence[date], unit: Unit) -> dict[date, str]:
    """Labels of bucket starts (the time window's From/To boxes)."""
    fmt = {"day": "%d %b %Y", "week": "%d %b %Y", "month": "%b %Y", "year": "%Y"}[unit]
    return {d: d.strftime(fmt) for d in starts}


#: The timeline's bar area (pixels high) and the most axis labels it shows.
CHART_HEIGHT_PX = 96
AXIS_LABELS = 5


def timeline_chart(per_bucket: pd.DataFrame, window: Window | None, unit: Unit) -> str:
    """Mentions per bucket as bars (plain HTML boxes: no chart library for the page to load and run),
    stacked by where their time comes from; the buckets inside ``window`` dark, the others pale. Each bar
    says what it counts when hovered."""
    starts = sorted(set(per_bucket["bucket"]))
    if not starts:
        return ""
    by_bucket = {(b, src): int(n) for b, src, n in zip(per_bucket["bucket"], per_bucket["source"],
                                                       per_bucket["mentions"], strict=True)}
    labels = option_labels(starts, unit)
    tallest = max(sum(by_bucket.get((b, src), 0) for src in SOURCES) for b in starts) or 1
    bars = []
    width = 100 / len(starts)
    for x, start in enumerate(starts):
        inside = window is None or (window.start <= bucket_end(start, unit) and start <= window.end)
        bottom = 0.0
        for src in SOURCES:  # the text's dates at the bottom
            n = by_bucket.get((start, src), 0)
            if not n:
                continue
            height = n / tallest * 100
            what = (f"{labels[start]}: {n:,} mention{'s' if n != 1 else ''} {SOURCE_LABELS[src]}"
                    + ("" if inside else " (outside the window)"))
            color = SOURCE_COLORS[src][0 if inside else 1]
            bars.append(f'<i style="left:{(x + 0.1) * width:.3f}%;width:max({0.8 * width:.3f}%,1px);'
                        f'bottom:{bottom:.2f}%;height:{height:.2f}%;background:{color}" title="{escape(what)}"></i>')
            bottom += height
    ticks = sorted({round(k * (len(starts) - 1) / (AXIS_LABELS - 1)) for k in range(AXIS_LABELS)})
    axis_fmt = "%b %Y" if unit in ("day", "week", "month") else "%Y"
    axis = "".join(f'<span style="left:{(x + 0.5) * width:.2f}%">{starts[x].strftime(axis_fmt)}</span>'
                   for x in ticks)
    totals = {src: sum(by_bucket.get((b, src), 0) for b in starts) for src in SOURCES}
    summary = (f"Mentions per {unit}, {labels[starts[0]]} to {labels[starts[-1]]}: "
               + ", ".join(f"{totals[src]:,} {SOURCE_LABELS[src]}" for src in SOURCES))
    return (f'<figure class="na-timeline" role="img" aria-label="{escape(summary)}">'
            f'<div class="na-timeline-max">{tallest:,}</div>'
            f'<div class="na-timeline-bars">{"".join(bars)}</div>'
            f'<div class="na-timeline-axis">{axis}</div></figure>')


#: The timeline's look (with the page's other styles).
TIMELINE_CSS = f"""
.na-timeline {{ margin: 0; position: relative; padding-top: 14px; }}
.na-timeline-bars {{ position: relative; height: {CHART_HEIGHT_PX}px; border-bottom: 1px solid #888; }}
.na-timeline-bars i {{ position: absolute; display: block; }}
.na-timeline-max {{ position: absolute; top: 0; left: 0; font-size: 11px; color: #555; }}
.na-timeline-axis {{ position: relative; height: 18px; font-size: 11px; color: #444; }}
.na-timeline-axis span {{ position: absolute; top: 2px; transform: translateX(-50%); white-space: nowrap; }}
.na-timeline-axis span:first-child {{ transform: none; }}
.na-timeline-axis span:last-child {{ transform: translateX(-100%); }}
"""


def chart_caption(unit: Unit) -> str:
    """What the chart's bars and colours count."""
    return (f"Bars: mentions per {unit} — dark blue dated by the text, light blue by the article's publication "
            "date; pale bars lie outside the time window. The number is the tallest bar's.")
