"""The date expressions of a document, each resolved to its interval (``find_dates``)."""

from __future__ import annotations

from dataclasses import replace

from geo.model import Document
from geo.time.anchors import DatedDate, EventIndex
from geo.time.calendar import Interval
from geo.time.grammar import Expression, find_expressions
from geo.time.records import DateMention, Granularity, PartialDate
from geo.time.resolve import Context, resolve
from geo.time.specs import Calendar, Shift, granularity_of, kind_of
from geo.time.tokens import Tokens, tokenize
from geo.time.triggers import sentence_filter
from geo.time.vocabulary import TimeWords, time_words


def find_dates(doc: Document, published: PartialDate | None = None, *, language: str = "en") -> tuple[DateMention, ...]:
    """Every date expression of ``doc`` that can be resolved, in text order.

    Dates are resolved in text order against the publication date (the previous date for "two days
    later"); then shifts from a named event ("a month before the drone incident") against the date the
    article gives that event. Expressions that need an unknown reference are left out.
    """
    words = time_words(language)
    reference = (published.start, published.end) if published is not None else None
    found: list[tuple[int, Expression]] = []
    tokens_by_sentence: dict[int, Tokens] = {}
    may_hold = sentence_filter(words)
    for sentence in doc.sentences:
        if not may_hold(sentence.text):
            continue
        tokens = tokenize(sentence.text, sentence.start)
        expressions = find_expressions(tokens, words)
        if expressions:
            tokens_by_sentence[sentence.index] = tokens
            found.extend((sentence.index, expression) for expression in expressions)
    resolved: dict[int, Interval] = {}
    previous: Interval | None = None
    sentence_year: tuple[int, int] | None = None  # (sentence, year) of the last date naming its year
    for number, (where, expression) in enumerate(found):
        if _names_event(expression):
            continue
        spec = expression.spec
        if isinstance(spec, Calendar) and sentence_year is not None and sentence_year[0] == where \
                and _year_left_open(spec, reference):
            spec = replace(spec, year=sentence_year[1])
        interval = resolve(spec, Context(reference, expression.tense, previous))
        if interval is not None:
            resolved[number] = previous = interval
            if kind_of(spec) == "absolute" and interval[0].year == interval[1].year:
                sentence_year = where, interval[0].year
    if any(_names_event(expression) for _, expression in found):
        _resolve_event_shifts(found, resolved, tokens_by_sentence, reference, words)
    return tuple(
        DateMention(text=doc.text[e.start_char:e.end_char], start_char=e.start_char, end_char=e.end_char,
                    sentence=sentence, start=resolved[n][0], end=resolved[n][1],
                    granularity=_granularity(e), kind=kind_of(e.spec))
        for n, (sentence, e) in enumerate(found) if n in resolved
    )


def _year_left_open(spec: Calendar, reference: Interval | None) -> bool:
    """A year-less date ("late August") whose year the publication date does not settle (none, or only its
    year known): it takes the year of a date written before it in its sentence ("the 2020 rainy season")."""
    if spec.year is not None or spec.year_offset is not None or spec.relation:
        return False
    if reference is None:
        return True
    first, last = reference
    return resolve(spec, Context((first, first))) != resolve(spec, Context((last, last)))


def _names_event(expression: Expression) -> bool:
    return isinstance(expression.spec, Shift) and bool(expression.spec.event_words)


def _granularity(expression: Expression) -> Granularity:
    return granularity_of(expression.spec)  # type: ignore[return-value]


def _resolve_event_shifts(found: list[tuple[int, Expression]], resolved: dict[int, Interval],
                          tokens_by_sentence: dict[int, Tokens], reference: Interval | None,
                          words: TimeWords) -> None:
    """Resolve "a month before the drone incident" against the dates of the sentences naming the event."""
    index = EventIndex()
    by_sentence: dict[int, list[DatedDate]] = {}
    for number, interval in resolved.items():
        sentence, expression = found[number]
        by_sentence.setdefault(sentence, []).append(DatedDate(sentence, expression.start_char, interval))
    spans: dict[int, list[tuple[int, int]]] = {}
    for sentence, expression in found:
        spans.setdefault(sentence, []).append((expression.start_char, expression.end_char))
    for sentence, dates in by_sentence.items():
        index.add_sentence(sentence, tokens_by_sentence[sentence], dates, spans[sentence], words)
    for number, (sentence, expression) in enumerate(found):
        if not _names_event(expression):
            continue
        assert isinstance(expression.spec, Shift)
        event = index.event_date(expression.spec.event_words, sentence, exclude=expression.start_char)
        shifted = resolve(expression.spec, Context(reference, expression.tense, event=event)) if event else None
        if shifted is not None:
            resolved[number] = shifted
