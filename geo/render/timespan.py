"""When a place is on the map: the event times of its mentions as merged day intervals.

A place's time is the union of its sentences' ``event_start``/``event_end`` (``geo.time``, ISO days). The
static map's time control shows a place when any of its intervals overlaps the selected range; a place
with no dated sentence has no interval and is always shown. Days are counted from 1970-01-01, as
JavaScript's ``Date`` does, so the page compares plain integers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

_EPOCH = date(1970, 1, 1).toordinal()


def day_number(value: object) -> int | None:
    """Days from 1970-01-01 of an ISO date (``2025-04-01``); None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal() - _EPOCH
    except ValueError:
        return None


def iso_day(day: int) -> str:
    """The ISO date of a day number (``day_number``'s inverse)."""
    return date.fromordinal(day + _EPOCH).isoformat()


def merge_intervals(intervals: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Sorted, overlapping or touching intervals joined: ``[[0, 5], [3, 9], [10, 12]]`` → ``[[0, 12]]``."""
    merged: list[list[int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def place_intervals(sentences: Iterable[Mapping[str, Any]] | None) -> list[list[int]]:
    """The merged day intervals of a place's sentences (``[]`` when none is dated). A sentence with only
    one end known counts as that one day; an end before its start is swapped."""
    spans = []
    for link in sentences or ():
        start, end = day_number(link.get("event_start")), day_number(link.get("event_end"))
        if start is None and end is None:
            continue
        start = end if start is None else start
        end = start if end is None else end
        assert start is not None and end is not None
        spans.append((min(start, end), max(start, end)))
    return merge_intervals(spans)


def overlaps(intervals: Iterable[Iterable[int]], start: int, end: int) -> bool:
    """Whether any interval overlaps ``[start, end]`` (inclusive days); the page applies the same rule."""
    return any(s <= end and e >= start for s, e in intervals)


#: Share of interval starts (ends) left before (after) the time control's range: a few stray dates ("in 1300")
#: do not stretch the slider over centuries (a range cannot reach them; "Show all dates" shows them).
DOMAIN_TRIM = 0.05


def time_domain(all_intervals: Iterable[list[list[int]]], trim: float = DOMAIN_TRIM) -> list[int] | None:
    """``[first day, last day]`` of the time control: from the ``trim`` quantile of the intervals' starts to
    the ``1 - trim`` quantile of their ends (the extremes when there are few); None when nothing is dated."""
    starts, ends = [], []
    for intervals in all_intervals:
        for s, e in intervals:
            starts.append(s)
            ends.append(e)
    if not starts:
        return None
    starts.sort()
    ends.sort()
    cut = int(len(starts) * trim)
    first, last = starts[cut], ends[len(ends) - 1 - cut]
    return [first, last] if first <= last else [starts[0], ends[-1]]
