"""When the event reported around each place mention happened (``event_times``).

A mention takes the date that governs its clause: a date in its own clause first (clauses split at
``, ; : —`` outside dates), else the nearest date of its sentence, leaving out dates inside a relative
clause ("…, which Mali acquired in 2022, …") that the mention is not in; with no such date it takes the
publication date, marked ``"published"``. Linear: dates and clauses are found once per sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from geo.model import Document, Mention, Sentence
from geo.time.records import DateMention, EventTime, PartialDate

_CLAUSE_BREAK = re.compile(r"[,;:—–]|\s-\s")
#: Words that open a relative clause: a date after one of them, in its clause, is background to that clause.
_RELATIVE_PRONOUN = re.compile(r"\b(?:which|who|whom|whose)\b", re.IGNORECASE)


def event_times(doc: Document, mentions: Sequence[Mention], dates: Sequence[DateMention],
                published: PartialDate | None) -> tuple[EventTime, ...]:
    """The event time of each mention, in the order of ``mentions``."""
    by_sentence: dict[int, list[int]] = {}
    for number, found in enumerate(dates):
        by_sentence.setdefault(found.sentence, []).append(number)
    fallback = EventTime(published.start, published.end, "published") if published else EventTime(None, None, None)
    clauses: dict[int, _Clauses] = {}
    out = []
    for mention in mentions:
        numbers = by_sentence.get(mention.sentence)
        if not numbers or not 0 <= mention.sentence < len(doc.sentences):
            out.append(fallback)
            continue
        if mention.sentence not in clauses:
            clauses[mention.sentence] = _Clauses(doc.sentences[mention.sentence], [dates[n] for n in numbers])
        chosen = clauses[mention.sentence].governing(mention.start, mention.end)
        if chosen is None:
            out.append(fallback)
            continue
        found = dates[numbers[chosen]]
        out.append(EventTime(found.start, found.end, "text", numbers[chosen]))
    return tuple(out)


class _Clauses:
    """The clauses of one sentence, and which of its dates sit in which clause."""

    def __init__(self, sentence: Sentence, dates: list[DateMention]) -> None:
        self.dates = dates
        inside = [(d.start_char, d.end_char) for d in dates]
        self.breaks = [sentence.start + m.start() for m in _CLAUSE_BREAK.finditer(sentence.text)
                       if not any(s <= sentence.start + m.start() < e for s, e in inside)]
        self.clause_of_date = [self.clause(d.start_char) for d in dates]
        self.background = [self._in_relative_clause(sentence, d, c) for d, c in zip(dates, self.clause_of_date,
                                                                                   strict=True)]

    def clause(self, offset: int) -> int:
        """The number of the clause holding the character at ``offset``."""
        return sum(1 for b in self.breaks if b < offset)

    def _in_relative_clause(self, sentence: Sentence, found: DateMention, clause: int) -> bool:
        start = self.breaks[clause - 1] if clause > 0 else sentence.start
        return _RELATIVE_PRONOUN.search(sentence.text, start - sentence.start, found.start_char - sentence.start) \
            is not None

    def governing(self, start: int, end: int) -> int | None:
        """The index (into this sentence's dates) of the date governing a mention at ``[start, end)``."""
        clause = self.clause(start)

        def distance(n: int) -> int:
            found = self.dates[n]
            return max(0, found.start_char - end, start - found.end_char)

        own = [n for n, c in enumerate(self.clause_of_date) if c == clause]
        if own:
            return min(own, key=distance)
        others = [n for n, c in enumerate(self.clause_of_date) if not self.background[n]]
        return min(others, key=distance) if others else None
