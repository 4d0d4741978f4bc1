"""Publication dates from metadata strings, with their precision (geo.time.published)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from geo.time import PartialDate, parse_published


@pytest.mark.parametrize(
    ("value", "expected", "precision"),
    [
        ("2025", PartialDate(2025), "year"),
        ("2025-04", PartialDate(2025, 4), "month"),
        ("2025-04-07", PartialDate(2025, 4, 7), "day"),
        ("2025-04-07T23:30:00-05:00", PartialDate(2025, 4, 7), "day"),  # the local date, as written
        ("2025-04-07 10:00:00Z", PartialDate(2025, 4, 7), "day"),
        ("2025-04-07T10:00:00.123456+0200", PartialDate(2025, 4, 7), "day"),
        (" 20250407 ", PartialDate(2025, 4, 7), "day"),
        ("April 2025", PartialDate(2025, 4), "month"),
        ("7 April 2025", PartialDate(2025, 4, 7), "day"),
        ("Apr 7, 2025", PartialDate(2025, 4, 7), "day"),
        ("7 avril 2025", PartialDate(2025, 4, 7), "day"),
        ("7:58 AM ET, Sat January 3, 2015", PartialDate(2015, 1, 3), "day"),
    ],
)
def test_parse_published(value: str, expected: PartialDate, precision: str) -> None:
    found = parse_published(value)
    assert found == expected
    assert found is not None and found.precision == precision


@pytest.mark.parametrize("value", [None, "", "   ", "unknown", "yesterday", "April 7", "2025-13", "2025-02-30",
                                   "x" * 500])
def test_unknown_or_unreadable_stays_none(value: str | None) -> None:
    assert parse_published(value) is None


def test_dates_and_partial_dates_pass_through() -> None:
    assert parse_published(date(2024, 2, 29)) == PartialDate(2024, 2, 29)
    assert parse_published(datetime(2024, 2, 29, 23, 59)) == PartialDate(2024, 2, 29)
    assert parse_published(PartialDate(2024, 2)) == PartialDate(2024, 2)


def test_partial_date_interval_and_iso() -> None:
    assert (PartialDate(2024, 2).start, PartialDate(2024, 2).end) == (date(2024, 2, 1), date(2024, 2, 29))
    assert (PartialDate(2025).start, PartialDate(2025).end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert [PartialDate(2025).iso(), PartialDate(2025, 4).iso(), PartialDate(2025, 4, 7).iso()] == [
        "2025", "2025-04", "2025-04-07"]
    with pytest.raises(ValueError):
        PartialDate(2025, 4, 31)
    with pytest.raises(ValueError):
        PartialDate(2025, None, 3)
