"""Date extraction stays linear on hostile text: long runs of date words, numbers and half-ranges.

A quadratic step would take minutes on these inputs; the timeout (not a timing assertion) catches it.
"""

from __future__ import annotations

import re

import pytest

from geo.text.document import make_document
from geo.time import date_document, find_dates, parse_published

HOSTILE = {
    "months": "March " * 100_000,
    "numbers": "2021 " * 100_000,
    "half ranges": "from 2019 to from March 31 to between " * 20_000,
    "shifts": "a month before the " * 50_000 + "incident.",
    "dashes": "2019-" * 100_000,
    "one long word": "x" * 1_000_000,
    "dated sentences": "The drone incident happened on 3 March 2024. A day before the drone incident, Gao. " * 10_000,
    "one sentence of dates and shifts": "on 3 March 2024 the incident, a day before the incident, " * 10_000,
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_is_read_in_linear_time(name: str) -> None:
    doc = make_document(HOSTILE[name])
    dates = find_dates(doc, parse_published("2025-04"))
    assert all(doc.text[d.start_char:d.end_char] == d.text for d in dates)


@pytest.mark.timeout(60)
def test_many_mentions_in_one_sentence_with_many_dates() -> None:
    from geo.model import Mention, Place

    place = Place(id="test:gao", name="Gao", kind="town", country_code="ML", lat=16.27, lon=-0.04)
    for text in ("In Gao on 3 March, " * 20_000 + "end.", "In Gao on 3 March and " * 20_000 + "end."):
        doc = make_document(text)  # one clause per date, then one clause holding them all
        sentence = doc.sentences[0].index
        mentions = [Mention(m.start(), m.end(), "Gao", sentence, place, 1.0) for m in re.finditer("Gao", text)]
        time = date_document(doc, mentions, "2025-04")
        assert len(time.events) == len(mentions) == 20_000
        assert all(event.source == "text" for event in time.events)
