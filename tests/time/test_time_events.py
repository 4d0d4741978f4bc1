"""Event times of place mentions: the date governing their clause, else the publication date (geo.time.event)."""

from __future__ import annotations

from datetime import date

from geo.model import Document, Mention, Place
from geo.text.document import make_document
from geo.time import date_document, event_times, find_dates, parse_published


def _mentions(doc: Document, *surfaces: str) -> list[Mention]:
    """Mentions at the first occurrence of each surface (the place itself does not matter here)."""
    out = []
    for surface in surfaces:
        start = doc.text.index(surface)
        sentence = next(s.index for s in doc.sentences if s.start <= start < s.end)
        place = Place(id=f"test:{surface}", name=surface, kind="town", country_code="", lat=0.0, lon=0.0)
        out.append(Mention(start, start + len(surface), surface, sentence, place, 1.0))
    return out


def _events(text: str, published: str | None, *surfaces: str) -> dict[str, tuple[str | None, str | None, str | None]]:
    doc = make_document(text)
    mentions = _mentions(doc, *surfaces)
    time = date_document(doc, mentions, published)
    return {m.text: tuple(e.as_dict().values()) for m, e in zip(mentions, time.events, strict=True)}  # type: ignore[misc]


def test_own_clause_first_then_the_clause_before_then_after() -> None:
    events = _events("In January 2025, troops left Gao, and on 3 March they entered Kidal.", "2025-04",
                     "Gao", "Kidal")
    assert events["Kidal"] == ("2025-03-03", "2025-03-03", "text")
    assert events["Gao"] == ("2025-01-01", "2025-01-31", "text")  # its clause has none: the clause before


def test_a_fronted_date_governs_the_main_clause() -> None:
    events = _events("A month before the drone incident, chiefs from Mali and Niger met in Niamey. "
                     "The drone was shot down on April 1.", "2025-04", "Mali", "Niger", "Niamey")
    assert set(events.values()) == {("2025-03-01", "2025-03-31", "text")}  # a month before 1 April


def test_a_relative_clause_keeps_its_date_to_itself() -> None:
    events = _events("Mali, which acquired the drones in 2022, closed its border with Niger.", "2025-04-07",
                     "Mali", "Niger")
    assert events["Niger"] == ("2025-04-07", "2025-04-07", "published")
    assert events["Mali"] == ("2025-04-07", "2025-04-07", "published")
    events = _events("The drones, which Mali acquired in 2022, were Turkish.", "2025-04-07", "Mali")
    assert events["Mali"] == ("2022-01-01", "2022-12-31", "text")


def test_the_clause_after_when_none_before() -> None:
    events = _events("Gao, the main town, was attacked on Monday, the army said.", "2025-04-09", "Gao")
    assert events["Gao"] == ("2025-04-07", "2025-04-07", "text")


def test_no_date_in_the_sentence_falls_back_to_the_publication_date() -> None:
    events = _events("Fighting spread to Kidal. It began in Gao on Monday.", "2025-04", "Kidal", "Gao")
    assert events["Kidal"] == ("2025-04-01", "2025-04-30", "published")
    assert events["Gao"] == ("2025-03-31", "2025-04-28", "text")


def test_nothing_known_gives_nulls() -> None:
    events = _events("Fighting spread to Kidal on Monday.", None, "Kidal")
    assert events["Kidal"] == (None, None, None)


def test_event_times_follow_the_order_of_the_mentions() -> None:
    doc = make_document("Troops reached Gao in 2013. Kidal fell on 3 March 2025.")
    mentions = _mentions(doc, "Kidal", "Gao")
    published = parse_published("2025-04-07")
    events = event_times(doc, mentions, find_dates(doc, published), published)
    assert [(e.start, e.source) for e in events] == [(date(2025, 3, 3), "text"), (date(2013, 1, 1), "text")]
    assert [e.date for e in events] == [1, 0]


def test_document_fields() -> None:
    doc = make_document("Troops reached Gao on Monday.")
    mentions = _mentions(doc, "Gao")
    time = date_document(doc, mentions, "2025-04")
    assert time.fields() == {"published": "2025-04", "dates": [
        {"text": "Monday", "start_char": 22, "end_char": 28, "start": "2025-03-31", "end": "2025-04-28",
         "granularity": "day"}]}
    assert time.mention_fields() == [{"event_start": "2025-03-31", "event_end": "2025-04-28", "event_source": "text"}]
    assert date_document(doc, mentions, None).fields() == {"published": None, "dates": []}
