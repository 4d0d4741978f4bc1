"""Publication dates from metadata: "2025-04", "2025-04-07", "April 2025", ISO datetimes -> ``PartialDate``.

ISO 8601 forms (a year, year-month, a date, a datetime with or without zone) are read by a regular
expression, as written (the local date of a datetime, not converted to UTC). Then the date grammar of
the text (``geo.time.grammar``) is tried: a month with its year, or a full date, written in English
("April 2025", "7:58 AM ET, Sat January 3, 2015"). Anything else goes to dateparser (English and French,
absolute dates only: "7 avril 2025", "07/04/2025"), whose ``period`` gives the precision; a result whose
year is not written in the string (dateparser fills it from today) is refused. dateparser costs about
0.7 ms a string, the grammar a few microseconds. Unknown or unreadable: None. Strings are read once
(``lru_cache``): a corpus repeats its dates.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any

from geo.time.grammar import find_expressions
from geo.time.records import PartialDate
from geo.time.specs import Calendar
from geo.time.tokens import tokenize
from geo.time.vocabulary import time_words

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?"
                  r"(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?")
_BASIC = re.compile(r"(\d{4})(\d{2})(\d{2})")
#: Longer strings are no date (and are not handed to dateparser).
MAX_DATE_CHARS = 80
#: Languages dateparser tries for non-ISO strings.
DATEPARSER_LANGUAGES = ("en", "fr")


def parse_published(value: str | date | PartialDate | None) -> PartialDate | None:
    """The publication date written in ``value`` with its precision; None when unknown or unreadable."""
    if value is None or isinstance(value, PartialDate):
        return value
    if isinstance(value, datetime):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, date):
        return PartialDate(value.year, value.month, value.day)
    return _parse_text(value.strip())


@lru_cache(maxsize=4096)
def _parse_text(text: str) -> PartialDate | None:
    if not text or len(text) > MAX_DATE_CHARS:
        return None
    iso = _ISO.fullmatch(text) or _BASIC.fullmatch(text)
    if iso is not None:
        return _partial(*(int(g) if g else None for g in iso.groups()[:3]))
    return _with_grammar(text) or _with_dateparser(text)


def _with_grammar(text: str) -> PartialDate | None:
    """The first written month-and-year or full date of ``text``, read by the English date grammar."""
    for expression in find_expressions(tokenize(text), time_words("en")):
        spec = expression.spec
        if isinstance(spec, Calendar) and spec.year is not None and spec.month is not None \
                and spec.season is None and spec.quarter is None and spec.half is None and not spec.part:
            return _partial(spec.year, spec.month, spec.day)
    return None


def _partial(year: int | None, month: int | None = None, day: int | None = None) -> PartialDate | None:
    if year is None:
        return None
    try:
        return PartialDate(year, month, day)
    except ValueError:
        return None


@cache
def _dateparser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(languages=list(DATEPARSER_LANGUAGES),
                          settings={"PARSERS": ["custom-formats", "absolute-time"], "PREFER_DAY_OF_MONTH": "first",
                                    "REQUIRE_PARTS": ["year"]})


def _with_dateparser(text: str) -> PartialDate | None:
    try:
        data = _dateparser().get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd input; a bad date is simply unknown
        return None
    found = data["date_obj"]
    if found is None or not _writes_year(text, found.year):
        return None
    period = data["period"]
    if period == "year":
        return _partial(found.year)
    if period == "month":
        return _partial(found.year, found.month)
    return _partial(found.year, found.month, found.day)


def _writes_year(text: str, year: int) -> bool:
    """The year (four digits, or two after an apostrophe or a separator) is written in ``text``."""
    if re.search(rf"(?<!\d){year}(?!\d)", text):
        return True
    return re.search(rf"(?<=[/.\-’' ]){year % 100:02d}(?!\d)", text) is not None
