"""When the event reported around each place mention happened (``event_times``).

A mention takes the date that governs its clause (clauses split at ``, ; : — –`` outside dates): a date of
its own clause first (the nearest), else the date of the nearest clause before it ("In January 2025,
Niger's minister announced…"), else of the nearest clause after it; dates inside a relative clause
("…, which Mali acquired in 2022, …") govern only that clause. With no governing date, the publication
date, marked ``"published"``. Linear: each sentence is split once, each mention is placed by bisection.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
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
    per_sentence: dict[int, _Clauses | EventTime] = {}  # a sentence's clauses, or the one date that governs it
    out = []
    for mention in mentions:
        numbers = by_sentence.get(mention.sentence)
        if not numbers or not 0 <= mention.sentence < len(doc.sentences):
            out.append(fallback)
            continue
        known = per_sentence.get(mention.sentence)
        if known is None:
            sentence = doc.sentences[mention.sentence]
            if len(numbers) == 1 and not _RELATIVE_PRONOUN.search(sentence.text):
                found = dates[numbers[0]]  # one date and no relative clause: it governs the whole sentence
                known = EventTime(found.start, found.end, "text", numbers[0])
            else:
                known = _Clauses(sentence, [dates[n] for n in numbers])
            per_sentence[mention.sentence] = known
        if isinstance(known, EventTime):
            out.append(known)
            continue
        chosen = known.governing(mention.start, mention.end)
        if chosen is None:
            out.append(fallback)
            continue
        found = dates[numbers[chosen]]
        out.append(EventTime(found.start, found.end, "text", numbers[chosen]))
    return tuple(out)


class _Clauses:
    """The clauses of one sentence and the dates in each (dates in text order, as ``find_dates`` gives them)."""

    def __init__(self, sentence: Sentence, dates: list[DateMention]) -> None:
        self.dates = dates
        self.breaks = _breaks_outside(sentence, dates)
        pronouns = [sentence.start + m.start() for m in _RELATIVE_PRONOUN.finditer(sentence.text)]
        self.by_clause: dict[int, list[int]] = {}  # clause -> its dates (indices), in text order
        self.free_by_clause: dict[int, list[int]] = {}  # the same without dates after a relative pronoun
        for n, found in enumerate(dates):
            clause = self.clause(found.start_char)
            self.by_clause.setdefault(clause, []).append(n)
            clause_start = self.breaks[clause - 1] if clause > 0 else sentence.start
            if bisect_left(pronouns, clause_start) == bisect_left(pronouns, found.start_char):
                self.free_by_clause.setdefault(clause, []).append(n)
        self.governing_clauses = sorted(self.free_by_clause)
        self.starts_by_clause: dict[int, list[int]] = {}  # filled on first use

    def clause(self, offset: int) -> int:
        """The number of the clause holding the character at ``offset``."""
        return bisect_left(self.breaks, offset)

    def governing(self, start: int, end: int) -> int | None:
        """The index (into this sentence's dates) of the date governing a mention at ``[start, end)``."""
        clause = self.clause(start)
        if clause in self.by_clause:
            return self._nearest(clause, start, end)
        position = bisect_right(self.governing_clauses, clause)
        if position > 0:  # the nearest clause before, its last date
            return self.free_by_clause[self.governing_clauses[position - 1]][-1]
        if position < len(self.governing_clauses):  # the nearest clause after, its first date
            return self.free_by_clause[self.governing_clauses[position]][0]
        return None

    def _nearest(self, clause: int, start: int, end: int) -> int:
        numbers = self.by_clause[clause]
        if clause not in self.starts_by_clause:
            self.starts_by_clause[clause] = [self.dates[n].start_char for n in numbers]
        position = bisect_left(self.starts_by_clause[clause], start)
        candidates = numbers[max(0, position - 1):position + 1]
        return min(candidates, key=lambda n: max(0, self.dates[n].start_char - end, start - self.dates[n].end_char))


def _breaks_outside(sentence: Sentence, dates: list[DateMention]) -> list[int]:
    """Offsets of the clause breaks of a sentence that are not inside a date ("March 31, 2025")."""
    breaks, k = [], 0
    for match in _CLAUSE_BREAK.finditer(sentence.text):
        offset = sentence.start + match.start()
        while k < len(dates) and dates[k].end_char <= offset:
            k += 1
        if k < len(dates) and dates[k].start_char <= offset:
            continue
        breaks.append(offset)
    return breaks
