"""Time: the publication date, the date expressions of an article, and when each mentioned thing happened.

    published = parse_published("2025-04")                  # PartialDate(2025, 4), precision "month"
    dates = find_dates(doc, published)                      # DateMention per expression, with its interval
    events = event_times(doc, mentions, dates, published)   # EventTime per mention ("text" or "published")
    doc_time = date_document(doc, mentions, "2025-04")      # all three at once
    doc_time.fields(), doc_time.mention_fields()            # the JSON fields outputs write

Modules: ``vocabulary`` (word tables per language), ``triggers`` (where a date may start; the sentence
filter), ``tokens``, ``grammar`` (expressions -> specs),
``specs``, ``resolve`` (specs -> intervals), ``calendar`` (date arithmetic), ``anchors`` (dated events),
``extract`` (``find_dates``), ``event`` (``event_times``), ``published``, ``records``, ``fields``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from geo.model import Document, Mention
from geo.time.event import event_times
from geo.time.extract import find_dates
from geo.time.fields import DocumentTimeFields, document_fields, event_fields
from geo.time.published import parse_published
from geo.time.records import DateMention, EventFields, EventTime, PartialDate
from geo.time.vocabulary import TIME_WORDS

__all__ = ["DateMention", "DocumentTime", "EventTime", "PartialDate", "date_document", "event_times", "find_dates",
           "parse_published"]


@dataclass(frozen=True, slots=True)
class DocumentTime:
    """The time of one document: publication date, date expressions, and one event time per mention."""

    published: PartialDate | None
    dates: tuple[DateMention, ...]
    events: tuple[EventTime, ...]

    def fields(self) -> DocumentTimeFields:
        """``{"published": ..., "dates": [...]}`` for the document's record."""
        return document_fields(self.published, self.dates)

    def mention_fields(self) -> list[EventFields]:
        """``{"event_start", "event_end", "event_source"}`` for each mention, in order."""
        return event_fields(self.events)


def date_document(doc: Document, mentions: Sequence[Mention], published: str | date | PartialDate | None,
                  *, language: str | None = None) -> DocumentTime:
    """Publication date, dates and event times of a parsed document in one call; dates are read in
    ``language`` (default: the document's), none in a language without a word table."""
    when = parse_published(published)
    language = language or doc.lang
    dates = find_dates(doc, when, language=language) if language in TIME_WORDS else ()
    return DocumentTime(when, dates, event_times(doc, mentions, dates, when))
