"""Acceptance on the two seed articles against ../shared/seeds/time_gold.json (read, never copied).

Every gold expression is found (a found date overlaps it in its sentence) and its interval lies inside the
gold range; the listed places of that sentence (the real pipeline's mentions, matched by surface) carry that
interval as their event time, from the text; no ``not_dates`` string is read as a date.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from geo.nlp.pipeline import parse_document
from geo.text.articles import bundled_articles
from geo.text.document import make_document
from geo.time import date_document

GOLD = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "time_gold.json"
pytestmark = pytest.mark.skipif(not GOLD.exists(), reason="shared/seeds/time_gold.json is not beside this checkout")


def _gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8")) if GOLD.exists() else {"articles": {}}


def _cases() -> list[tuple[str, dict]]:
    return [(name, item) for name, article in _gold()["articles"].items() for item in article["dates"]]


@pytest.fixture(scope="module")
def seeds() -> dict:
    """Each seed article: its document, mentions and time (dates, event times), from the real pipeline."""
    out = {}
    for info in bundled_articles():
        doc = make_document(info.path.read_text(encoding="utf-8"), title=info.title, doc_id=info.path.name)
        mentions = parse_document(doc)
        out[info.path.name] = (doc, mentions, date_document(doc, mentions, info.date))
    return out


def _sentence(doc, contains: str):
    found = [s for s in doc.sentences if contains in s.text]
    assert len(found) == 1, f"{contains!r} is in {len(found)} sentences"
    return found[0]


@pytest.mark.parametrize("article", sorted(_gold()["articles"]))
def test_publication_date_matches_the_gold(seeds, article: str) -> None:
    assert seeds[article][2].fields()["published"] == _gold()["articles"][article]["published"]


@pytest.mark.parametrize(("article", "item"), _cases(), ids=lambda v: v if isinstance(v, str) else v["expression"])
def test_expression_is_found_inside_the_gold_range(seeds, article: str, item: dict) -> None:
    doc, mentions, time = seeds[article]
    sentence = _sentence(doc, item["sentence_contains"])
    offset = sentence.text.find(item["expression"])
    assert offset >= 0, f"{item['expression']!r} is not in its sentence"
    start, end = sentence.start + offset, sentence.start + offset + len(item["expression"])
    found = [d for d in time.dates if d.start_char < end and start < d.end_char]
    assert found, f"{item['expression']!r} not found; dates of the article: {[d.text for d in time.dates]}"
    interval = found[0]
    low, high = date.fromisoformat(item["start"]), date.fromisoformat(item["end"])
    assert low <= interval.start <= interval.end <= high, (interval.text, interval.start, interval.end)

    for place in item["places"]:
        surfaces = (place, f"{place}'s", f"{place}’s")
        carriers = [(m, e) for m, e in zip(mentions, time.events, strict=True)
                    if m.sentence == sentence.index and m.text in surfaces]
        assert carriers, f"{place!r} is not a mention of the sentence"
        for mention, event in carriers:
            assert (event.start, event.end, event.source) == (interval.start, interval.end, "text"), mention.text


@pytest.mark.parametrize("article", sorted(_gold()["articles"]))
def test_no_trap_is_read_as_a_date(seeds, article: str) -> None:
    doc, _, time = seeds[article]
    for trap in _gold()["articles"][article]["not_dates"]:
        start = doc.text.find(trap)
        assert start >= 0, f"{trap!r} is not in {article}"
        while start >= 0:
            end = start + len(trap)
            assert not [d.text for d in time.dates if d.start_char < end and start < d.end_char], trap
            start = doc.text.find(trap, end)


def test_fields_have_the_fixed_names(seeds) -> None:
    doc, mentions, time = next(iter(seeds.values()))
    fields = time.fields()
    assert set(fields) == {"published", "dates"}
    assert all(set(d) == {"text", "start_char", "end_char", "start", "end", "granularity"} for d in fields["dates"])
    assert all(doc.text[d["start_char"]:d["end_char"]] == d["text"] for d in fields["dates"])
    per_mention = time.mention_fields()
    assert len(per_mention) == len(mentions)
    assert all(set(f) == {"event_start", "event_end", "event_source"} for f in per_mention)
    assert {f["event_source"] for f in per_mention} <= {"text", "published"}
