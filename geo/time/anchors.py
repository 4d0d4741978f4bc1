"""The dated event a shift names: "a month before the drone incident" -> the date of the drone's downing.

The event's words ("drone", "incident") are looked up in the sentences that carry a resolved date; the
sentence sharing most of them (at least half; its head noun counts double) wins, earlier sentences first,
then the nearer; in it, the date nearest the matched word. Each word's list of dated sentences is read at most
``MAX_POSTINGS`` entries deep, so the look-up stays linear in the article's length.
"""

from __future__ import annotations

from bisect import bisect_left
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
    starts_by_sentence: dict[int, list[int]] = field(default_factory=dict)
    postings: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))

    def add_sentence(self, sentence: int, tokens: Tokens, dates: list[DatedDate],
                     expressions: list[tuple[int, int]], words: TimeWords) -> None:
        """Index one sentence that carries ``dates``: the first offset of each word outside its date
        ``expressions`` (a shift's own "the disaster" is not the disaster's date)."""
        self.dates_by_sentence[sentence] = dates
        self.starts_by_sentence[sentence] = [d.start_char for d in dates]
        seen: set[str] = set()
        spans = sorted(expressions)
        k = 0  # the first expression not ending before the current token (both in text order)
        for kind, low, start_in_sentence in zip(tokens.kinds, tokens.lows, tokens.starts, strict=True):
            offset = start_in_sentence + tokens.offset
            while k < len(spans) and spans[k][1] <= offset:
                k += 1
            if kind == "word" and len(low) > 2 and not (k < len(spans) and spans[k][0] <= offset):
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
        candidates = [s for s in scores if matched[s] >= needed
                      and (len(self.dates_by_sentence[s]) > 1 or self.dates_by_sentence[s][0].start_char != exclude)]
        if not candidates:
            return None
        best = max(candidates, key=lambda s: (scores[s], s <= sentence, -abs(s - sentence)))
        dates = self.dates_by_sentence[best]  # in text order: the nearest is next to the word's place
        position = bisect_left(self.starts_by_sentence[best], offsets[best])
        near = [d for d in dates[max(0, position - 2):position + 2] if d.start_char != exclude]
        return min(near, key=lambda d: abs(d.start_char - offsets[best])).interval
