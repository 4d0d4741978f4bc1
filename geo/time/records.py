"""Typed records of the time stage: partial dates, date mentions in text, the event time of a mention."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypedDict

Precision = Literal["year", "month", "day"]
#: How fine the period an expression names is (the interval may be wider when its reference is vague).
Granularity = Literal["day", "week", "month", "season", "quarter", "half", "year", "decade"]
#: Where an event time comes from: a date expression of the text, or the publication date.
EventSource = Literal["text", "published"]


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day ("2025", "2025-04", "2025-04-07")."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is out of range")
        if self.month is None and self.day is not None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is out of range")
        if self.day is not None and self.month is not None:
            date(self.year, self.month, self.day)  # raises ValueError for 31 April

    @property
    def precision(self) -> Precision:
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    @property
    def start(self) -> date:
        """The first day it may be."""
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> date:
        """The last day it may be."""
        if self.month is None:
            return date(self.year, 12, 31)
        return date(self.year, self.month, self.day or calendar.monthrange(self.year, self.month)[1])

    def iso(self) -> str:
        """"2025", "2025-04" or "2025-04-07"."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


class DateFields(TypedDict):
    """A date expression as the outputs write it (the ``dates`` entries)."""

    text: str
    start_char: int
    end_char: int
    start: str
    end: str
    granularity: str


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression of a document and the interval it denotes, ``[start, end]`` inclusive.

    ``text == doc.text[start_char:end_char]``. ``kind`` says how it was resolved: ``absolute`` (it names
    its year), ``partial`` (year from the publication date), ``relative`` (counted from the publication
    date), ``range`` (two dates), ``anchored`` (counted from another dated event or date of the article).
    """

    text: str
    start_char: int
    end_char: int
    sentence: int
    start: date
    end: date
    granularity: Granularity
    kind: str

    def as_dict(self) -> DateFields:
        return DateFields(text=self.text, start_char=self.start_char, end_char=self.end_char,
                          start=self.start.isoformat(), end=self.end.isoformat(), granularity=self.granularity)


class EventFields(TypedDict):
    """The time fields of one mention."""

    event_start: str | None
    event_end: str | None
    event_source: EventSource | None


@dataclass(frozen=True, slots=True)
class EventTime:
    """When what a mention's sentence reports happened: a date of the text, else the publication date.

    All None when neither is known. ``date`` is the index of the governing DateMention (source ``text``).
    """

    start: date | None
    end: date | None
    source: EventSource | None
    date: int | None = None

    def as_dict(self) -> EventFields:
        return EventFields(event_start=self.start.isoformat() if self.start else None,
                           event_end=self.end.isoformat() if self.end else None, event_source=self.source)
