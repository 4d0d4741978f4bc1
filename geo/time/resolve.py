"""A date expression's spec to the interval of days it denotes, ``(start, end)`` inclusive (pure functions).

Expressions counted from the publication date are resolved at its first and at its last possible day and
the two results joined: "late Monday" in an article known only as "2025-04" is every Monday from the one
on or before 1 April to the one on or before 30 April. A year-less date ("March 31") is its occurrence
that the tense of its clause points to ("will meet on Saturday": the next; "was held on March 31": the
latest that has begun); with no tense, a weekday or weekend ("on Saturday") is the latest one on or before
the reference, a year-less date the latest one begun, or the next one when that begins within
``FUTURE_WINDOW_DAYS`` and is nearer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from geo.time.calendar import (
    Interval,
    days,
    month_interval,
    months_interval,
    part_of,
    shift,
    week_start,
    whole_units,
    year_interval,
)
from geo.time.specs import Calendar, Relative, Shift, Span, Spec, Weekday, Weekend, Window

#: A year-less date with no tense may be read as its next occurrence only when that begins this many days after
#: the reference (and is nearer than the last one); a deadline ("until June") looks further ahead.
FUTURE_WINDOW_DAYS = 92
DEADLINE_WINDOW_DAYS = 183


@dataclass(frozen=True, slots=True)
class Context:
    """What an expression is resolved against: the publication date's days, the tense of its clause
    ("future", "past", "deadline" or ""), the previous date of the text (for "two days later") and the dated event it
    names (for "a month before the drone incident")."""

    reference: Interval | None
    tense: str = ""
    previous: Interval | None = None
    event: Interval | None = None


def resolve(spec: Spec, context: Context) -> Interval | None:
    """The days ``spec`` denotes in ``context``; None when it depends on something unknown."""
    try:
        return _resolve(spec, context)
    except (ValueError, OverflowError):  # dates beyond year 1..9999
        return None


def _resolve(spec: Spec, context: Context) -> Interval | None:
    if isinstance(spec, Calendar) and spec.year is not None:
        return calendar_interval(spec, spec.year)
    if isinstance(spec, Span):
        return _span(spec, context)
    if isinstance(spec, Shift):
        return _shift(spec, context)
    if context.reference is None:
        return None
    first, last = context.reference
    at_first = _at(spec, first, context.tense)
    at_last = at_first if last == first else _at(spec, last, context.tense)
    if at_first is None or at_last is None:
        return None
    return min(at_first[0], at_last[0]), max(at_first[1], at_last[1])


def calendar_interval(spec: Calendar, year: int) -> Interval:
    """The days of a calendar spec in ``year`` (parts early/mid/late applied)."""
    if spec.decade:
        interval, unit = (date(year, 1, 1), date(year + 9, 12, 31)), "decade"
    elif spec.season is not None:
        interval, unit = months_interval(year, spec.season, 3), "season"
    elif spec.quarter is not None:
        interval, unit = months_interval(year, 3 * spec.quarter - 2, 3), "quarter"
    elif spec.half is not None:
        interval, unit = months_interval(year, 6 * spec.half - 5, 6), "half"
    elif spec.month is not None and spec.day is not None:
        day = date(year, spec.month, spec.day)
        return day, day
    elif spec.month is not None:
        interval, unit = month_interval(year, spec.month), "month"
    else:
        interval, unit = year_interval(year), "year"
    return part_of(interval, spec.part, unit)


def _at(spec: Spec, day: date, tense: str) -> Interval | None:
    """The interval of a reference-dependent spec for one reference ``day``."""
    if isinstance(spec, Calendar):
        if spec.year_offset is not None:
            return _around_reference(calendar_interval(spec, day.year + spec.year_offset), spec.part, day)
        return _occurrence(spec, day, tense)
    if isinstance(spec, (Weekday, Weekend)):
        return _occurrence(spec, day, tense)
    if isinstance(spec, Relative):
        return _relative(spec, day)
    if isinstance(spec, Window):
        interval = shift(day, spec.first, spec.unit), shift(day, spec.last, spec.unit)
        return whole_units(interval, spec.unit) if spec.whole else interval
    return None


def _around_reference(interval: Interval, part: str, day: date) -> Interval:
    """ "earlier this year" is the year up to the reference day, "later this month" the month after it."""
    if part == "before":
        return interval[0], max(interval[0], min(day, interval[1]))
    if part == "after":
        return min(interval[1], max(day, interval[0])), interval[1]
    return interval


def _relative(spec: Relative, day: date) -> Interval:
    if spec.unit == "day":
        target = day + days(spec.offset)
        return target, target
    if spec.unit == "week":
        monday = week_start(day) + days(7 * spec.offset)
        interval = part_of((monday, monday + days(6)), spec.part, "week")
    else:
        first = shift(day.replace(day=1), spec.offset, "month")
        interval = part_of(month_interval(first.year, first.month), spec.part, "month")
    return _around_reference(interval, spec.part, day)


def _occurrences(spec: Calendar | Weekday | Weekend, day: date) -> list[Interval]:
    """Occurrences of a recurring spec around ``day``, in order: some ending before it, some after."""
    if isinstance(spec, Weekday):
        latest = day - days((day.weekday() - spec.weekday) % 7)
        return [(d, d) for d in (latest - days(7), latest, latest + days(7))]
    if isinstance(spec, Weekend):
        saturday = day - days((day.weekday() - 5) % 7)
        return [(s, s + days(1)) for s in (saturday - days(7), saturday, saturday + days(7))]
    found = []
    for year in range(day.year - 2, day.year + 2):
        try:
            found.append(calendar_interval(spec, year))
        except ValueError:  # 29 February of a common year
            continue
    return found


def _occurrence(spec: Calendar | Weekday | Weekend, day: date, tense: str) -> Interval | None:
    """The occurrence of a year-less date, a weekday or a weekend that the text means (see module doc)."""
    found = _occurrences(spec, day)
    begun = [o for o in found if o[0] <= day]
    ahead = [o for o in found if o[0] > day]
    latest, upcoming = (begun[-1] if begun else None), (ahead[0] if ahead else None)
    relation = spec.relation
    if relation == "last":
        ended = [o for o in found if o[1] < day]
        return ended[-1] if ended else None
    if relation == "next":
        return upcoming
    if latest is not None and latest[1] >= day:  # it contains the reference day
        return latest
    if relation == "this" and not tense:
        return upcoming if latest is None or _nearer(upcoming, latest, day) else latest
    if tense == "future":
        return upcoming
    if tense == "past" or isinstance(spec, (Weekday, Weekend)) or upcoming is None:  # "until Monday": the last
        return latest
    ahead_days = (upcoming[0] - day).days
    window = DEADLINE_WINDOW_DAYS if tense == "deadline" else FUTURE_WINDOW_DAYS
    if latest is None or (ahead_days <= window and ahead_days < (day - latest[1]).days):
        return upcoming
    return latest


def _nearer(upcoming: Interval | None, latest: Interval, day: date) -> bool:
    return upcoming is not None and (upcoming[0] - day) < (day - latest[1])


def _span(spec: Span, context: Context) -> Interval | None:
    """A range. When one end names its year, the other is its occurrence next to it ("December 28 to January
    3, 2025"); else the first end is resolved, and the last is its occurrence on or after it ("from Saturday
    until Sunday", "the night of March 31 to April 1")."""
    first_open, last_open = _depends_on_reference(spec.first), _depends_on_reference(spec.last)
    if first_open and not last_open:
        last = _resolve(spec.last, context)
        first = _resolve(spec.first, replace(context, reference=(last[1], last[1]), tense="past")) if last else None
    else:
        first = _resolve(spec.first, context)
        last = _resolve(spec.last, replace(context, reference=(first[0], first[0]), tense="future")) \
            if first and last_open else _resolve(spec.last, context)
    if first is None or last is None or first[0] > last[1]:
        return None
    return first[0], last[1]


def _depends_on_reference(spec: Spec) -> bool:
    """A year-less date or weekday: inside a range it is read against the range's end."""
    if isinstance(spec, Calendar):
        return spec.year is None and spec.year_offset is None
    return isinstance(spec, (Weekday, Weekend))


def _shift(spec: Shift, context: Context) -> Interval | None:
    """Units before or after the anchor; shifts counted in months or years cover the months or years touched."""
    if spec.anchor is not None:
        anchor = _resolve(spec.anchor, context)
    else:
        anchor = context.event if spec.event_words else context.previous
    if anchor is None:
        return None
    low, high, unit = spec.low, spec.high, spec.unit
    if unit == "hour":
        low, high, unit = low // 24, -(-high // 24), "day"
    if spec.sign < 0:
        interval = shift(anchor[0], -high, unit), shift(anchor[1], -low, unit)
    elif spec.sign > 0:
        interval = shift(anchor[0], low, unit), shift(anchor[1], high, unit)
    else:
        interval = anchor
    return whole_units(interval, unit)
