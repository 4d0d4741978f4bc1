"""The sentence filter: sentences that cannot hold a date are never tokenised (geo.time.triggers)."""

from __future__ import annotations

import pytest

from geo.time.triggers import may_hold_date
from geo.time.vocabulary import ENGLISH


@pytest.mark.parametrize("text", [
    "The rains came in May.", "It happened in 2021.", "Monday’s attack.", "the 1990s", "Output fell in Q3 2024.",
    "Results came out on 2025-04-03.", "mid-April", "two years ago", "the past week", "Yesterday, troops left.",
    "in the summer", "the last 24 hours", "A month before the drone incident, chiefs met.",
])
def test_may_hold_a_date(text: str) -> None:
    assert may_hold_date(text, ENGLISH)


@pytest.mark.parametrize("text", [
    "Officials may close the border.", "The mayor spoke.", "He is 22 years old.", "The 5,000-strong force.",
    "Bayraktar TB2 drones flew 10 kilometers.", "It took hours.", "",
])
def test_cannot_hold_a_date(text: str) -> None:
    assert not may_hold_date(text, ENGLISH)
