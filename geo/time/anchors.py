"""The dated event a shift names: "a month before the drone incident" -> the date of the drone's downing.

The event's words ("drone", "incident") are looked up in the sentences that carry a resolved date; the
sentence sharing most of them (at least half; its head noun counts double) wins, earlier sentences first,
then the nearer; in it, the date nearest the matched word. Each word's list of dated sentences is read at most
``MAX_POSTINGS`` entries deep, so the look-up stays linear in the article's length.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from geo.time.calendar import Interval
from geo.time.tokens import Tokens
from geo.time.vocabulary import TimeWords

#: Dated sentences read per event word.
MAX_POSTINGS = 64


@dataclass(frozen=True, slots=True)
class DatedDate:
    """A resolved date of the article, where it is, and its interval."""

    sentence: int
    start_char: int
    interval: Interval


@dataclass(slots=True)
class EventIndex:
    """Where each word occurs among the sentences that carry a resolved date."""

    dates_by_sentence: dict[int, list[DatedDate]] = field(default_factory=dict)
    postings: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))

    def add_sentence(self, sentence: int, tokens: Tokens, dates: list[DatedDate],
                     expressions: list[tuple[int, int]], words: TimeWords) -> None:
        """Index one sentence that carries ``dates``: the first offset of each word outside its date
        ``expressions`` (a shift's own "the disaster" is not the disaster's date)."""
        self.dates_by_sentence[sentence] = dates
        seen: set[str] = set()
        for kind, low, start_in_sentence in zip(tokens.kinds, tokens.lows, tokens.starts, strict=True):
            offset = start_in_sentence + tokens.offset
            if kind == "word" and len(low) > 2 and not any(start <= offset < end for start, end in expressions):
                word = words.stem(low)
                if word not in seen:
                    seen.add(word)
                    self.postings[word].append((sentence, offset))

    def event_date(self, words: tuple[str, ...], sentence: int, exclude: int = -1) -> Interval | None:
        """The date of the event named by ``words`` in a sentence of the article (not the date starting at
        ``exclude``), or None when no dated sentence shares a word with it."""
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, int] = defaultdict(int)
        offsets: dict[int, int] = {}
        for word in dict.fromkeys(words):
            weight = 2.0 if word == words[-1] else 1.0  # the head noun
            for found_sentence, offset in self.postings.get(word, [])[:MAX_POSTINGS]:
                scores[found_sentence] += weight
                matched[found_sentence] += 1
                offsets.setdefault(found_sentence, offset)
        needed = (len(set(words)) + 1) // 2  # at least half the event's words
        candidates = [s for s, score in scores.items() if matched[s] >= needed
                      and any(d.start_char != exclude for d in self.dates_by_sentence[s])]
        if not candidates:
            return None
        best = max(candidates, key=lambda s: (scores[s], s <= sentence, -abs(s - sentence)))
        dates = [d for d in self.dates_by_sentence[best] if d.start_char != exclude]
        return min(dates, key=lambda d: abs(d.start_char - offsets[best])).interval
