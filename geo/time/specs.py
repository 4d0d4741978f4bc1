"""What a date expression says before it is resolved to days: one small record per kind of expression.

The grammar (``geo.time.grammar``) writes these; ``geo.time.resolve`` turns them into intervals.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Calendar:
    """A period of the calendar: "31 March 2025", "July 2024", "2021", "the summer of 2012", "mid-April".

    ``year`` None: take the year from the reference — ``year_offset`` years from it ("March last year",
    "the first half of next year") or, when that is None too, the occurrence nearest it ("March 31").
    Only one of ``season`` (its first month), ``quarter``, ``half`` and ``decade`` is set.
    ``relation`` ("last", "this", "next") picks the occurrence of a year-less period ("last summer").
    """

    year: int | None
    month: int | None = None
    day: int | None = None
    season: int | None = None
    quarter: int | None = None
    half: int | None = None
    decade: bool = False
    part: str = ""  # early | mid | late | beginning | end | before | after ("earlier this year": before the reference)
    year_offset: int | None = None
    relation: str = ""


@dataclass(frozen=True, slots=True)
class Weekday:
    """A day of the week: "Monday", "late Monday", "last Saturday", "next Friday"."""

    weekday: int  # 0 Monday .. 6 Sunday
    relation: str = ""


@dataclass(frozen=True, slots=True)
class Weekend:
    """Saturday and Sunday: "over the weekend", "last weekend"."""

    relation: str = ""


@dataclass(frozen=True, slots=True)
class Relative:
    """A day, week or month counted from the reference: "yesterday", "last week", "earlier this month"."""

    unit: str  # day | week | month
    offset: int
    part: str = ""


@dataclass(frozen=True, slots=True)
class Window:
    """Units counted from the reference: "the past week" [-1, 0] weeks, "three days ago" [-3, -3] days."""

    first: int
    last: int
    unit: str  # day | week | month | year | decade: what first and last count
    whole: bool = False  # widen to the whole calendar months or years touched ("two years ago" = that year)
    granularity: str = ""  # when finer or coarser than ``unit`` ("a week ago" counts days, is a week)


@dataclass(frozen=True, slots=True)
class Span:
    """From one date to another: "from 2019 to 2021", "the night of March 31 to April 1"."""

    first: Spec
    last: Spec


@dataclass(frozen=True, slots=True)
class Shift:
    """Some units before or after an anchor: "a month before the drone incident", "two days later".

    The anchor is ``anchor`` when the phrase writes a date ("two days after March 3"), else the dated
    event whose words are ``event_words`` ("drone", "incident"), else (no words) the previous date of
    the text. ``low``..``high`` units: "a month" is 1..1, "several days" 2..9.
    """

    low: int
    high: int
    unit: str  # hour | day | week | month | year | decade
    sign: int  # -1 before, +1 after, 0 the same day
    anchor: Spec | None = None
    event_words: tuple[str, ...] = ()


Spec = Calendar | Weekday | Weekend | Relative | Window | Span | Shift


def granularity_of(spec: Spec) -> str:
    """The unit an expression names: "day" for "late Monday", "month" for "mid-April 2024"."""
    if isinstance(spec, Calendar):
        if spec.day is not None:
            return "day"
        if spec.month is not None:
            return "month"
        if spec.season is not None:
            return "season"
        if spec.quarter is not None:
            return "quarter"
        if spec.half is not None:
            return "half"
        return "decade" if spec.decade else "year"
    if isinstance(spec, Weekday):
        return "day"
    if isinstance(spec, Weekend):
        return "week"
    if isinstance(spec, Relative):
        return spec.unit
    if isinstance(spec, Window):
        return spec.granularity or spec.unit
    if isinstance(spec, Span):
        order = ("day", "week", "month", "season", "quarter", "half", "year", "decade")
        return min(granularity_of(spec.first), granularity_of(spec.last), key=order.index)
    return "day" if spec.unit == "hour" else spec.unit


def kind_of(spec: Spec) -> str:
    """How an expression is resolved: absolute, partial, relative, range or anchored."""
    if isinstance(spec, Calendar):
        if spec.year is not None:
            return "absolute"
        return "partial" if spec.year_offset is None else "relative"
    if isinstance(spec, Span):
        return "range"
    if isinstance(spec, Shift):
        return "anchored"
    return "relative"
