"""Calendar arithmetic on ``datetime.date``: periods, their parts, shifts (pure functions)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

Interval = tuple[date, date]

#: Months of each part of a year (early, mid, late 2013; the beginning, the end of 2023), years of each part
#: of a decade (the early 1990s). "beginning" and "end" are narrower than "early" and "late".
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "beginning": (1, 2), "end": (11, 12)}
_DECADE_PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9), "beginning": (0, 2), "end": (7, 9)}
#: Days of each part of a month (early, mid-, late April) and of a week (early next week).
_MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31), "beginning": (1, 10), "end": (21, 31)}
_WEEK_PARTS = {"early": (0, 2), "mid": (1, 3), "late": (3, 6), "beginning": (0, 2), "end": (3, 6)}
_THIRDS = ("early", "mid", "late")
MIN_YEAR, MAX_YEAR = 1, 9998


def days(n: int) -> timedelta:
    return timedelta(days=n)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def month_interval(year: int, month: int) -> Interval:
    return date(year, month, 1), month_end(year, month)


def year_interval(year: int) -> Interval:
    return date(year, 1, 1), date(year, 12, 31)


def months_interval(year: int, first_month: int, count: int) -> Interval:
    """``count`` whole months from ``first_month`` of ``year`` (may run into the next year: winter)."""
    last_year, last_month = divmod(year * 12 + first_month - 1 + count - 1, 12)
    return date(year, first_month, 1), month_end(last_year, last_month + 1)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (earlier when negative), clamped to the month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - days(day.weekday())


def part_of(interval: Interval, part: str, unit: str) -> Interval:
    """The early, mid or late part of a period (its unit says how to cut it); other parts leave it whole."""
    start, end = interval
    if unit == "month" and part in _MONTH_PARTS:
        first, last = _MONTH_PARTS[part]
        return start.replace(day=first), min(end, start.replace(day=min(last, end.day)))
    if unit == "year" and part in _YEAR_PARTS:
        first, last = _YEAR_PARTS[part]
        return date(start.year, first, 1), month_end(start.year, last)
    if unit == "decade" and part in _DECADE_PARTS:
        first, last = _DECADE_PARTS[part]
        return date(start.year + first, 1, 1), date(start.year + last, 12, 31)
    if unit == "week" and part in _WEEK_PARTS:
        first, last = _WEEK_PARTS[part]
        return start + days(first), start + days(last)
    part = {"beginning": "early", "end": "late"}.get(part, part)
    if part in _THIRDS:  # seasons, quarters, halves: thirds by days
        length = (end - start).days + 1
        third = length // 3
        index = _THIRDS.index(part)
        return start + days(index * third), end if index == 2 else start + days((index + 1) * third - 1)
    return interval


def whole_units(interval: Interval, unit: str) -> Interval:
    """Widen an interval to the calendar months or years it touches (for shifts counted in them, decades in
    years)."""
    start, end = interval
    if unit == "month":
        return start.replace(day=1), month_end(end.year, end.month)
    if unit in ("year", "decade"):
        return date(start.year, 1, 1), date(end.year, 12, 31)
    return interval


def shift(day: date, amount: int, unit: str) -> date:
    """``day`` moved by ``amount`` units (day, week, month, year, decade)."""
    if unit == "day":
        return day + days(amount)
    if unit == "week":
        return day + days(7 * amount)
    if unit == "month":
        return add_months(day, amount)
    if unit == "year":
        return add_years(day, amount)
    if unit == "decade":
        return add_years(day, 10 * amount)
    raise ValueError(f"unknown unit {unit!r}")


def valid_year(year: int) -> bool:
    return MIN_YEAR < year < MAX_YEAR
