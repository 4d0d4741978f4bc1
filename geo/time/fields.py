"""The time fields every output writes: ``published``, ``dates`` and, per mention, ``event_*``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

from geo.time.records import DateFields, DateMention, EventFields, EventTime, PartialDate


class DocumentTimeFields(TypedDict):
    """A document's time fields: its publication date ("2025-04", "2025-04-07" or None) and its dates."""

    published: str | None
    dates: list[DateFields]


def published_field(published: PartialDate | None) -> str | None:
    return published.iso() if published is not None else None


def document_fields(published: PartialDate | None, dates: Sequence[DateMention]) -> DocumentTimeFields:
    return DocumentTimeFields(published=published_field(published), dates=[d.as_dict() for d in dates])


def event_fields(events: Sequence[EventTime]) -> list[EventFields]:
    """``event_start``, ``event_end``, ``event_source`` of each mention, in the order given."""
    return [event.as_dict() for event in events]
