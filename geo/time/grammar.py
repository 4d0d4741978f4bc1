"""Date expressions in the tokens of one sentence: which words, and what they say (a ``Spec``).

A left-to-right scan tries, at each token that can open a date, every form below and keeps the longest;
every form reads a bounded number of tokens (an event's noun phrase at most ``MAX_EVENT_WORDS``), so the
scan is linear in the sentence's length. All words come from ``geo.time.vocabulary``.

* calendar dates: "31 March 2025", "March 31, 2025", "March 31", "July 2024", "in May", "2021",
  "the 1990s", "the summer of 2012", "the first half of 2024", "Q1 2025", "2025-04-07", "March last year"
* parts: "mid-April 2024", "early 2013", "late last year", "the end of March", "earlier this year"
* counted from the reference (publication): "yesterday", "late Monday", "last week", "this month",
  "three days ago", "the past two weeks", "in recent days", "over the weekend"
* ranges: "from 2019 to 2021", "between July 25 and July 27", "July 25-27", "the night of March 31 to April 1"
* shifts: "a month before the drone incident", "two days after March 3", "a week later", "the next day"

Not dates: bare numbers, counts and measures ("5,000-strong", "2000 troops", "10 kilometers"), names
with a number ("Vision 2030", "TB2"), clock times alone ("10 a.m."), month words that are not dated
("May" the verb, "April Ryan"), named days ("Good Friday").
"""

from __future__ import annotations

import calendar
from collections.abc import Collection
from dataclasses import dataclass, replace
from itertools import compress
from operator import or_

from geo.time.specs import Calendar, Relative, Shift, Span, Spec, Weekday, Weekend, Window
from geo.time.tokens import Tokens
from geo.time.triggers import MAX_YEAR, MIN_YEAR, word_tables
from geo.time.vocabulary import TimeWords
from geo.vocabulary import ADDRESS_DIRECTIONS

#: Tokens read after "before"/"after" for the event it names ("the drone incident").
MAX_EVENT_WORDS = 6
#: Tokens read before (then after) an expression for the tense of its clause ("will meet on Saturday").
TENSE_LOOKBACK, TENSE_LOOKAHEAD = 6, 8
#: The most name words between a house number and its street word ("1424 John Bragg Highway").
_ADDRESS_NAME_WORDS = 3
_NUMBER_JOINERS = frozenset({"and", "&", "-", "–", "or", "to", "et", "ou"})
#: Bare years before this need a temporal word before them ("in 1885"); later ones stand alone ("2021 coup").
FREE_YEAR_FROM = 1900
_DASHES = frozenset({"-", "–", "—"})
_NUMERIC = frozenset({"number", "ordinal", "decade"})
_DAY_OR_COUNT = frozenset({"number", "ordinal"})
#: The core readers whose span takes a "the" before the date ("the 1990s", "the summer of 2012").
_KEEPS_THE = frozenset({"decade", "season", "quarter", "deictic", "relation", "weekend", "this_unit"})
_CLAUSE_ENDS = frozenset({".", ",", ";", ":", "!", "?", "(", ")", "“", "”", '"'})
_OFFSETS = {"last": -1, "this": 0, "next": 1}

#: Vague counts, in units, of plural units with no number: "days ago", "weeks before the vote".
_VAGUE_UNITS: dict[str, tuple[int, int]] = {"hour": (1, 23), "day": (2, 9), "week": (2, 8), "month": (2, 11),
                                             "year": (2, 9), "decade": (2, 5)}
#: "in recent days/weeks/months/years": a window back from the reference, in units.
_RECENT: dict[str, int] = {"day": 10, "week": 8, "month": 12, "year": 10}
#: "the coming days/weeks/months": a window forward from the reference, in units.
_COMING: dict[str, int] = {"day": 10, "week": 8, "month": 12, "year": 5}

Match = tuple[Spec, int]  # what was read and the index of the token after it
Found = tuple[Spec, int, int]  # what was read, the token after it, the first token of its span


@dataclass(frozen=True, slots=True)
class Expression:
    """A date expression: its spec, token range ``[first, last)``, character offsets, and the tense of its
    clause ("future" after "will", "past" after "was" or "-ed", else "")."""

    spec: Spec
    first: int
    last: int
    start_char: int
    end_char: int
    tense: str


def find_expressions(tokens: Tokens, words: TimeWords) -> list[Expression]:
    """Every date expression of one sentence's tokens, left to right, none overlapping."""
    return _Grammar(tokens, words).scan()


class _Grammar:
    """The date grammar over the tokens of one sentence (see the module docstring)."""

    def __init__(self, tokens: Tokens, words: TimeWords) -> None:
        self.n = len(tokens)
        self.texts, self.lows, self.kinds, self.values = tokens.texts, tokens.lows, tokens.kinds, tokens.values
        self.caps, self.starts, self.ends, self.offset = tokens.capitalised, tokens.starts, tokens.ends, tokens.offset
        self.w = words
        tables = word_tables(words)
        self.triggers, self.after_number, self.count_starts = tables.triggers, tables.after_number, tables.count_starts
        self.follow, self.follow_numeric, self.capital_only = tables.follow, tables.follow_numeric, tables.capital_only
        self.lower_names = not words.capitalised_names  # French "31 mars", "lundi"
        self.core_readers, self.kind_readers = tables.core_readers, tables.kind_readers
        self.phrases: dict[int, Found | None] = {}

    # --- helpers ---------------------------------------------------------------------------------------

    def low(self, i: int) -> str:
        return self.lows[i] if 0 <= i < self.n else ""

    def is_word(self, i: int, group: Collection[str]) -> bool:
        return 0 <= i < self.n and self.lows[i] in group

    def scan(self) -> list[Expression]:
        found: list[Expression] = []
        opens = map(or_, map(self.triggers.__contains__, self.lows), map(_NUMERIC.__contains__, self.kinds))
        candidates = compress(range(self.n), opens)  # C-level loops: most tokens open nothing
        done = 0  # tokens before this one belong to an expression found
        for i in candidates:
            if i < done:
                continue
            low = self.lows[i]
            if low in self.capital_only and not self.caps[i]:  # "may", "march", "new": not a date in lower case
                continue
            allowed = self.follow.get(low)  # "the", "from", "two", "days": only before a word that goes on a date
            if allowed is not None and not (i + 1 < self.n and (self.lows[i + 1] in allowed or (
                    low in self.follow_numeric and self.kinds[i + 1] in _NUMERIC))):
                continue
            if self.kinds[i] in _DAY_OR_COUNT and len(low) != 4 and not (  # not a year: "31 March", "3 days"
                    i + 1 < self.n and self.lows[i + 1] in self.after_number):
                continue
            match = self.expression(i)
            if match is None:
                continue
            spec, done, first = match
            found.append(Expression(spec, first, done, self.starts[first] + self.offset,
                                    self.ends[done - 1] + self.offset,
                                    self.tense(first, done) if _needs_tense(spec) else ""))
        return found

    def expression(self, i: int) -> Found | None:
        """The longest expression starting at token ``i``."""
        best = self.range(i)
        low = self.lows[i]
        others: list[Found | None] = [self.phrase(i)]
        if low in self.count_starts or self.kinds[i] == "number":  # "two days ago", "the next day"
            others.append(self.counted(i))
        if low in self.w.vague_parts:  # "earlier this year"
            others.append(self.vague_part(i))
        if self.w.ago_openers or self.w.relations_follow:  # French word order: "il y a trois jours"
            others.append(self.relation_after(i))
        for match in others:
            if match is not None and (best is None or match[1] > best[1]):
                best = match
        return best

    def tense(self, first: int, end: int) -> str:
        """The tense of the expression's clause: "future" or "past" from the verbs before it (else the words
        after it, up to a comma), "" when both or neither; "deadline" after "until"/"by"; a purpose ("elections
        for the autumn", not "responsibility for the Dec. 10 bombings") looks ahead."""
        before = self.low(first - 1) if self.low(first - 1) != "the" else self.low(first - 2)
        if before in self.w.deadline_words:
            return "deadline"
        if before in self.w.purpose_words and not self.modifies_noun(end):  # "was scheduled for": either side
            return "" if set(self.lows[self.clause_before(first):first]) & self.w.past_auxiliaries else "future"
        for window, suffixes in ((range(self.clause_before(first), first), True),
                                 (range(end, self.clause_after(end)), False)):
            if {self.lows[k] for k in window} & self.w.future_auxiliaries:  # "will be held"
                return "future"
            tenses = {self.tense_of(k, suffixes=suffixes) for k in window} - {""}
            if len(tenses) == 1:
                return tenses.pop()
            if tenses:  # "was scheduled for": a past plan, its date either side
                return ""
        return ""

    def modifies_noun(self, end: int) -> bool:
        """The expression is used as an adjective: a lower-case content word follows ("Dec. 10 bombings")."""
        return end < self.n and self.kinds[end] == "word" and not self.caps[end] \
            and self.lows[end] not in self.w.phrase_stops and self.lows[end] not in self.w.temporal_cues

    def clause_before(self, first: int) -> int:
        """The first token of the clause words read before token ``first``."""
        start = first
        while start > max(0, first - TENSE_LOOKBACK) and self.texts[start - 1] not in _CLAUSE_ENDS:
            start -= 1
        return start

    def clause_after(self, end: int) -> int:
        """The end of the clause words read from token ``end`` on."""
        stop = end
        while stop < min(self.n, end + TENSE_LOOKAHEAD) and self.texts[stop] not in _CLAUSE_ENDS:
            stop += 1
        return stop

    def tense_of(self, k: int, *, suffixes: bool) -> str:
        """The tense token ``k`` marks; past forms by their ending ("-ed") only when ``suffixes``, and not
        inside a compound ("coal-fired")."""
        low = self.lows[k]
        if low in self.w.future_cues:
            return "future"
        if low in self.w.past_cues:
            return "past"
        if suffixes and self.kinds[k] == "word" and not self.caps[k] and len(low) > 4 \
                and low.endswith(self.w.past_suffixes) and low not in self.w.not_past \
                and not (k > 0 and self.texts[k - 1] in _DASHES and self.ends[k - 1] == self.starts[k]):
            return "past"
        return ""

    def cued(self, i: int) -> bool:
        """A temporal word ("in", "since", "early") comes right before token ``i`` (or before its "the")."""
        j = i - 1
        if self.low(j) == "the":
            j -= 1
        return self.is_word(j, self.w.temporal_cues)

    def name_before(self, i: int) -> bool:
        """Token ``i`` follows a capitalised word inside a sentence ("Vision 2030", "Arab Spring")."""
        j = i - 1
        if j <= 0 or self.kinds[j] != "word" or not self.caps[j]:
            return False
        low = self.lows[j]
        return low not in self.w.months and low not in self.w.temporal_cues and low not in self.w.weekdays \
            and self.texts[j - 1] not in _CLAUSE_ENDS - {","}

    def name_after(self, j: int) -> bool:
        """A capitalised word that is no date word follows: "April Ryan", "Friday Prayers"."""
        if not (0 <= j < self.n) or self.kinds[j] != "word" or not self.caps[j]:
            return False
        low = self.lows[j]
        return low not in self.w.months and low not in self.w.weekdays and low not in self.w.temporal_cues

    # --- numbers -----------------------------------------------------------------------------------------

    def day_at(self, i: int) -> int | None:
        """A day of the month: "31", "31st"."""
        if not (0 <= i < self.n):
            return None
        value, kind = self.values[i], self.kinds[i]
        if value is None or not 1 <= value <= 31:
            return None
        if kind == "ordinal" or (kind == "number" and len(self.texts[i]) <= 2):
            return value
        return None

    def year_at(self, i: int) -> int | None:
        """A four-digit year in a calendar context (after a month, in a range)."""
        if 0 <= i < self.n and self.kinds[i] == "number" and len(self.lows[i]) == 4:
            value = self.values[i]
            if value is not None and MIN_YEAR <= value <= MAX_YEAR:
                return value
        return None

    def count_at(self, i: int) -> tuple[int, int, int] | None:
        """A count before a unit: "two", "a", "48", "a few", "several", "a couple of" -> (low, high, next)."""
        low = self.low(i)
        if low in ("a", "an") and self.low(i + 1) in self.w.vague_counts:  # a few, a couple of
            lo, hi = self.w.vague_counts[self.low(i + 1)]
            return lo, hi, i + 2 + (self.low(i + 2) in self.w.of_words)
        if low in self.w.vague_counts:
            lo, hi = self.w.vague_counts[low]
            return lo, hi, i + 1
        if low in self.w.numbers:
            value, j = self.w.numbers[low], i + 1
            if self.low(j) in _DASHES and self.low(j + 1) in self.w.numbers:  # twenty-four
                value, j = value + self.w.numbers[self.low(j + 1)], j + 2
            return value, value, j
        if 0 <= i < self.n and self.kinds[i] == "number":
            digits = self.values[i]
            if digits is not None and 0 < digits <= 999:
                return digits, digits, i + 1
        return None

    def unit_at(self, i: int, *, plural_only: bool = False, singular_only: bool = False) -> str | None:
        low = self.low(i)
        if low not in self.w.units:
            return None
        plural = low.endswith("s")
        if (plural_only and not plural) or (singular_only and plural):
            return None
        return self.w.units[low]

    # --- single dates --------------------------------------------------------------------------------------

    def phrase(self, i: int) -> Found | None:
        """One date with its modifiers: "the night of March 31", "late Monday", "mid-April 2024" (each token's
        reading is kept: ranges and shifts ask again)."""
        if i not in self.phrases:
            self.phrases[i] = self.read_phrase(i)
        return self.phrases[i]

    def read_phrase(self, i: int) -> Found | None:
        j, part, keep_lead = i, "", False
        if self.low(j) == "the":
            j += 1
        if self.is_word(j, self.w.times_of_day) and self.low(j + 1) in self.w.of_words:  # the night of
            j, keep_lead = j + 2, True
        elif self.is_word(j, self.w.parts) and self.unit_at(j + 1, plural_only=True) == "hour" \
                and self.low(j + 2) in self.w.of_words:  # the early hours of
            j, keep_lead = j + 3, True
        if self.is_word(j, self.w.parts):  # early / mid / late
            part, j, keep_lead = self.w.parts[self.low(j)], j + 1, True
            if self.low(j) in _DASHES:
                j += 1
        elif self.is_word(j, self.w.part_nouns) and (self.low(j + 1) in self.w.of_words or self.low(j + 1) in _DASHES):
            part, j, keep_lead = self.w.part_nouns[self.low(j)], j + 2, True  # the end of March, end-March
            if self.low(j) == "the":
                j += 1
        core_the = j > 0 and self.low(j - 1) == "the"
        cued = bool(part) or keep_lead or self.cued(j)
        core = self.core(j, cued=cued, the=core_the, part=part)
        if core is None:
            return None
        spec, k, core_keeps_the = core
        spec_with_part = _with_part(spec, part)
        if spec_with_part is None:
            return None
        if self.is_word(k, self.w.times_of_day) and _is_day(spec_with_part):  # Monday night, yesterday morning
            k += 1
        first = i if keep_lead or (core_keeps_the and core_the) else j
        return spec_with_part, k, first

    def core(self, i: int, *, cued: bool, the: bool, part: str) -> tuple[Spec, int, bool] | None:
        """The date itself: (spec, next token, whether a "the" right before it belongs to its span)."""
        if i >= self.n:
            return None
        readers = self.core_readers.get(self.lows[i], ()) + self.kind_readers.get(self.kinds[i], ())
        for reader in readers:  # in CORE_READERS order: the first that reads a date
            match = self.read_core(reader, i, cued, the, part)
            if match is not None:
                return match[0], match[1], reader in _KEEPS_THE
        return None

    def read_core(self, reader: str, i: int, cued: bool, the: bool, part: str) -> Match | None:
        if reader == "weekday":
            return self.weekday(i)
        if reader == "calendar":
            return self.calendar(i, cued)
        if reader == "year":
            return self.year(i, cued)
        if reader == "decade":
            return self.decade(i)
        if reader == "season":
            return self.season(i, cued)
        if reader == "quarter":
            return self.quarter(i, the)
        if reader == "deictic":
            return self.deictic(i, the)
        if reader == "holiday":
            return self.holiday(i, cued)
        if reader == "deictic_span":
            return self.deictic_span(i)
        if reader == "relation":
            return self.relation(i, the)
        if reader == "recent":
            return self.recent(i)
        if reader == "weekend":
            return self.weekend(i, the)
        return self.this_unit(i, the, part)

    def month_at(self, i: int) -> tuple[int, int, bool] | None:
        """A month name: (month, next token, whether it is an abbreviation)."""
        if not (0 <= i < self.n) or not (self.caps[i] or self.lower_names) or self.lows[i] not in self.w.months:
            return None
        abbreviation = self.lows[i] in self.w.month_abbreviations
        j = i + 1
        if abbreviation and self.low(j) == "." and self.starts[j] == self.ends[i]:
            j += 1
        return self.w.months[self.lows[i]], j, abbreviation

    def calendar(self, i: int, cued: bool) -> Match | None:
        """Day, month and year in either order, or some of them: "31 March 2025", "March 31", "July 2024"."""
        month = self.month_at(i)
        if month is not None:
            m, j, abbreviation = month
            day = self.day_at(j)
            if day is not None and self.year_at(j) is None:
                return self.dated(m, day, j + 1)
            year, k = self.year_after(j)
            if year is not None:
                return Calendar(year, m), k
            if abbreviation:
                return None
            offset = self.year_relation(j)
            if offset is not None:
                return Calendar(None, m, year_offset=offset), j + 2
            if cued and not self.name_after(j):
                return Calendar(None, m), j
            return None
        day = self.day_at(i)
        if day is not None:
            month = self.month_at(i + 1 + (self.low(i + 1) in self.w.of_words))
            return self.dated(month[0], day, month[1]) if month is not None else None
        return self.iso_date(i)

    def dated(self, month: int, day: int, j: int) -> Match | None:
        """A day of a month, then maybe its year ("March 31, 2025", "March 3 last year")."""
        year, k = self.year_after(j)
        offset = self.year_relation(k) if year is None else None
        spec = Calendar(year, month, day, year_offset=offset)
        if not _valid(spec):
            return None
        return spec, k + (2 if offset is not None else 0)

    def iso_date(self, i: int) -> Match | None:
        """ "2025-04-07" written in the text."""
        year = self.year_at(i)
        if year is None or i + 4 >= self.n or self.low(i + 1) != "-" or self.low(i + 3) != "-" \
                or self.ends[i + 4] - self.starts[i] != 10:
            return None
        month, day = self.values[i + 2], self.values[i + 4]
        if month is None or day is None or not 1 <= month <= 12:
            return None
        spec = Calendar(year, month, day)
        return (spec, i + 5) if _valid(spec) else None

    def year_after(self, j: int) -> tuple[int | None, int]:
        """A year right after a month or a day ("March 31, 2025", "July of 2024"): (year or None, next)."""
        if self.year_at(j) is not None:
            return self.year_at(j), j + 1
        if self.low(j) in ("," , *self.w.of_words) and self.year_at(j + 1) is not None:
            return self.year_at(j + 1), j + 2
        return None, j

    def year_relation(self, j: int) -> int | None:
        """ "last year", "this year", "next year" at token ``j``: the year offset."""
        if self.low(j) in _OFFSETS and self.unit_at(j + 1, singular_only=True) == "year":
            return _OFFSETS[self.low(j)]
        return None

    def year(self, i: int, cued: bool) -> Match | None:
        """A bare year: "in 2023", "a 2021 coup", "2024 saw"; not a count, a measure or part of a name."""
        year = self.year_at(i)
        if year is None:
            return None
        nxt = self.low(i + 1)
        if nxt in self.w.count_nouns or (nxt in _DASHES and self.low(i + 2) in self.w.count_nouns):
            return None
        if self.house_number(i):
            return None
        if not cued:
            prev = self.low(i - 1)
            if prev in self.w.quantity_cues or (prev == "." and self.low(i - 2) in self.w.quantity_cues):
                return None  # about 2000, No. 2021
            if year < FREE_YEAR_FROM or self.name_before(i):
                return None
            if i > 1 and self.texts[i - 1] in _DASHES | {"/"} and self.ends[i - 1] == self.starts[i] \
                    and self.kinds[i - 2] in ("number", "other"):
                return None  # part of a code: 123-2021
        return Calendar(year), i + 1

    def house_number(self, i: int, joined: bool = True) -> bool:
        """The number at ``i`` opens a street address, so it is no year: "1000 W. California Street", "the 1300
        block", "1424 John Bragg Highway", "1146 and 1160 W. Avenue P", "12 rue de la Paix"."""
        j = i + 1
        if (self.low(i - 1) in self.w.year_prepositions or self.low(i - 1) in self.w.determiners) \
                and self.low(j) != "block":
            return False  # "by 2023 Main Street had changed", "the 2021 Street Festival"; not "the 1300 block"
        if joined and self.low(j) in _NUMBER_JOINERS and self.kinds[min(j + 1, self.n - 1)] == "number":
            return self.house_number(j + 1, joined=False)  # "at 1146 and 1160 W. Avenue P"
        if self.low(j) in ADDRESS_DIRECTIONS:  # "W.", "NE"
            j += 2 if self.low(j + 1) == "." else 1
        for _ in range(_ADDRESS_NAME_WORDS + 1):  # the street's name, then its street word
            if self.low(j) in self.w.address_words:
                return True
            if not (j < self.n and self.caps[j] and self.kinds[j] == "word"):
                return False
            j += 1
        return False

    def decade(self, i: int) -> Match | None:
        """ "the 1990s"."""
        if 0 <= i < self.n and self.kinds[i] == "decade":
            value = self.values[i]
            if value is not None and MIN_YEAR <= value <= MAX_YEAR:
                return Calendar(value, decade=True), i + 1
        return None

    def season(self, i: int, cued: bool) -> Match | None:
        """ "the summer of 2012", "summer 2012", "in the spring", "spring next year"; not "the Arab Spring"."""
        if not self.is_word(i, self.w.seasons) or self.name_before(i):
            return None
        first_month = self.w.seasons[self.low(i)]
        year, j = self.year_after(i + 1)
        if year is not None:
            return Calendar(year, season=first_month), j
        offset = self.year_relation(i + 1)
        if offset is not None:
            return Calendar(None, season=first_month, year_offset=offset), i + 3
        if self.modifies_noun(i + 1):  # "fall cleanup", "winter performances"
            return None
        if (cued and self.low(i - 1) == "the") or (self.low(i - 1) in self.w.season_cues and not self.caps[i]):
            return Calendar(None, season=first_month), i + 1  # "during the winter", "since fall"; not "to fall"
        return None

    def quarter(self, i: int, the: bool) -> Match | None:
        """ "the first quarter of 2025", "the second half of last year", "Q3 2024"."""
        low = self.low(i)
        if len(low) == 2 and low[0] == "q" and low[1] in "1234" and self.year_at(i + 1) is not None:
            return Calendar(self.year_at(i + 1), quarter=int(low[1])), i + 2
        if low not in self.w.ordinals or not the:
            return None
        number, j = self.w.ordinals[low], i + 1
        if self.is_word(j, self.w.quarter_words) and number <= 4:
            quarter, half = number, None
        elif self.is_word(j, self.w.half_words) and number <= 2:
            quarter, half = None, number
        else:
            return None
        j += 1
        if self.low(j) not in self.w.of_words:
            return None
        year, k = self.year_after(j)
        if year is not None:
            return Calendar(year, quarter=quarter, half=half), k
        offset = self.year_relation(j + 1)
        if offset is not None:
            return Calendar(None, quarter=quarter, half=half, year_offset=offset), j + 3
        if self.low(j + 1) == "the" and self.unit_at(j + 2, singular_only=True) == "year":
            return Calendar(None, quarter=quarter, half=half, year_offset=0), j + 3
        return None

    def weekday(self, i: int) -> Match | None:
        """ "Monday", "Monday, April 7" (a date then); not "Good Friday" or "Friday Prayers"."""
        if not (0 <= i < self.n) or not (self.caps[i] or self.lower_names) or self.lows[i] not in self.w.weekdays:
            return None
        if self.is_word(i - 1, self.w.named_day_words) and self.caps[i - 1]:
            return None
        dated = self.calendar(i + 1 + (self.low(i + 1) == ","), True)
        if dated is not None and isinstance(dated[0], Calendar) and dated[0].day is not None:
            return dated
        if self.name_after(i + 1):
            return None
        return Weekday(self.w.weekdays[self.lows[i]]), i + 1

    def deictic(self, i: int, the: bool) -> Match | None:
        """ "today", "yesterday", "tomorrow", "tonight", "the day before yesterday"."""
        low = self.low(i)
        if low in self.w.deictic_days:
            return Relative("day", self.w.deictic_days[low]), i + 1
        if the and low == "day" and self.low(i + 1) in ("before", "after") and self.low(i + 2) in self.w.deictic_days:
            sign = self.w.before_words[self.low(i + 1)]
            return Relative("day", self.w.deictic_days[self.low(i + 2)] + sign), i + 3
        return None

    def holiday(self, i: int, cued: bool) -> Match | None:
        """A fixed-date holiday, capitalised: "Christmas Eve", "New Year's Day", "at Christmas" (a year-less
        date); one word needs a temporal word before it or a year after it (not "a Christmas market")."""
        if not (0 <= i < self.n) or not self.caps[i]:
            return None
        for length in (3, 2, 1):
            key = tuple(self.low(i + k) for k in range(length))
            if key not in self.w.holidays or not all(self.caps[i + k] for k in range(length)) \
                    or self.name_after(i + length):  # not "Christmas Island"
                continue
            month, day = self.w.holidays[key]
            year = self.year_at(i + length)
            if year is not None:
                return Calendar(year, month, day), i + length + 1
            if length > 1 or (cued and not self.modifies_noun(i + 1)):
                return Calendar(None, month, day), i + length
        return None

    def deictic_span(self, i: int) -> Match | None:
        """ "overnight" as an adverb ("shelled the city overnight"), not "an overnight curfew"."""
        low = self.low(i)
        if low not in self.w.deictic_spans or self.low(i - 1) in self.w.determiners:
            return None
        first, last = self.w.deictic_spans[low]
        return Window(first, last, "day"), i + 1

    def relation(self, i: int, the: bool) -> Match | None:
        """ "last week", "this month", "next year", "last Monday", "last summer", "last night"; with "the" (or
        "coming"): a window, "the past week", "the past two years", "the coming days"."""
        low = self.low(i)
        if low not in self.w.relations:
            return None
        if the or low == "coming":
            return self.window(i)
        relation = self.w.relations[low]
        if low not in _OFFSETS:  # "past", "previous" only open windows or shifts
            return None
        j = i + 1
        if low == "this" and self.low(j) in self.w.window_words:  # "this past weekend": the last one
            low, relation, j = "last", "last", j + 1
        if j < self.n and self.caps[j]:
            if self.low(j) in self.w.weekdays:
                return Weekday(self.w.weekdays[self.low(j)], relation), j + 1
            month = self.month_at(j)
            if month is not None and not month[2]:
                return Calendar(None, month[0], relation=relation), month[1]
        nxt = self.low(j)
        if nxt in self.w.seasons:
            return Calendar(None, season=self.w.seasons[nxt], relation=relation), j + 1
        if nxt in self.w.weekend_words:
            return Weekend(relation), j + 1
        if nxt in self.w.times_of_day:
            if relation == "last":
                return Window(-1, 0, "day"), j + 1
            return (Relative("day", 0), j + 1) if relation == "this" else None
        unit = self.unit_at(j, singular_only=True)
        if unit == "year":
            return Calendar(None, year_offset=_OFFSETS[low]), j + 1
        if unit in ("week", "month"):
            return Relative(unit, _OFFSETS[low]), j + 1
        return None

    def window(self, i: int) -> Match | None:
        """ "the past week", "the last 24 hours", "the past two years", "the coming days"."""
        low = self.low(i)
        count = self.count_at(i + 1)
        hi, j = 1, i + 1
        if count is not None:
            _, hi, j = count
        unit = self.unit_at(j)
        if unit is None:
            return None
        plural = self.low(j).endswith("s")
        if count is None and plural:  # the coming days, the past months
            hi = _COMING.get(unit, 2) if low in self.w.coming_words else _RECENT.get(unit, 2)
        elif count is None and low not in self.w.window_words and low != "coming":
            return None  # "the next day" is a shift
        if unit == "hour":
            unit, hi = "day", max(1, -(-hi // 24))
        if low in self.w.coming_words:
            return Window(0, hi, unit), j + 1
        if low in self.w.window_words:
            return Window(-hi, 0, unit), j + 1
        return None

    def recent(self, i: int) -> Match | None:
        """ "in recent days", "recent weeks": a window back from the reference."""
        if not self.is_word(i, self.w.recent_words):
            return None
        unit = self.unit_at(i + 1, plural_only=True)
        if unit is None or unit not in _RECENT:
            return None
        return Window(-_RECENT[unit], 0, unit), i + 2

    def weekend(self, i: int, the: bool) -> Match | None:
        """ "over the weekend", "at the weekend"."""
        if the and self.is_word(i, self.w.weekend_words) and (self.cued(i) or self.low(i - 2) in ("over", "at")):
            return Weekend(), i + 1
        return None

    def this_unit(self, i: int, the: bool, part: str) -> Match | None:
        """ "the year", "the month" after a part: "the end of the year" (the reference's)."""
        unit = self.unit_at(i, singular_only=True)
        if not (the and part) or unit is None:
            return None
        if unit == "year":
            return Calendar(None, year_offset=0), i + 1
        if unit in ("week", "month"):
            return Relative(unit, 0), i + 1
        return None

    def vague_part(self, i: int) -> Found | None:
        """ "earlier this year", "later this month", "earlier in the week": before or after the reference."""
        if not self.is_word(i, self.w.vague_parts):
            return None
        j = i + 1
        if self.low(j) == "this":
            j += 1
        elif self.low(j) == "in" and self.low(j + 1) == "the":
            j += 2
        else:
            return None
        unit = self.unit_at(j, singular_only=True)
        part = self.w.vague_parts[self.low(i)]
        if unit == "year":
            return Calendar(None, year_offset=0, part=part), j + 1, i
        if unit in ("week", "month"):
            return Relative(unit, 0, part), j + 1, i
        return None

    def relation_after(self, i: int) -> Found | None:
        """Word orders English lacks: the ago-phrase before its count ("il y a trois jours") and the relation
        after its unit, weekday or month ("la semaine dernière", "l'année prochaine", "jeudi prochain",
        "mars dernier")."""
        openers = self.w.ago_openers
        if openers and tuple(self.low(i + k) for k in range(len(openers))) == openers:
            count = self.count_at(i + len(openers))
            unit = self.unit_at(count[2]) if count is not None else None
            if count is None or unit is None:
                return None
            lo, hi, j = count
            if unit == "hour":
                return Window(-1, 0, "day"), j + 1, i
            if unit == "week" and lo == hi:
                return Window(-7 * hi - 3, -7 * lo + 3, "day", granularity="week"), j + 1, i
            return Window(-hi, -lo, unit, whole=unit in ("month", "year") and lo == hi), j + 1, i
        if not self.w.relations_follow:
            return None
        first, j = i, i
        if self.low(j) in self.w.determiners:
            j += 1
        low = self.low(j)
        if low[:2] in ("l'", "l’"):  # "l'année dernière": one token
            low = low[2:]
        relation = self.w.relations.get(self.low(j + 1))
        offset = _OFFSETS.get(relation or "")
        if offset is None:
            return None
        if low in self.w.weekdays and j == i:
            return Weekday(self.w.weekdays[low], relation or ""), j + 2, first
        month = self.month_at(j) if j == i else None
        if month is not None and not month[2] and relation != "this":
            return Calendar(None, month[0], relation=relation or ""), j + 2, first
        unit = self.w.units.get(low)
        if unit == "year":
            return Calendar(None, year_offset=offset), j + 2, first
        if unit in ("week", "month"):
            return Relative(unit, offset), j + 2, first
        return None

    # --- counted: ago, later, before/after an anchor ------------------------------------------------------

    def counted(self, i: int) -> Found | None:
        """ "three days ago", "a week later", "a month before the drone incident", "the next day"."""
        low = self.low(i)
        if low == "the" or (low == "that" and self.low(i + 1) in self.w.same_words):
            return self.the_unit(i)
        count = self.count_at(i)
        if count is not None:
            lo, hi, j = count
            unit = self.unit_at(j)
        else:
            j, unit = i, self.unit_at(i, plural_only=True)
            if unit is not None:
                lo, hi = _VAGUE_UNITS[unit]
        if unit is None:
            return None
        k = j + 1
        nxt = self.low(k)
        if nxt in self.w.ago_words:
            if unit == "hour":
                return Window(-1, 0, "day"), k + 1, i
            if unit == "week" and lo == hi:
                return Window(-7 * hi - 3, -7 * lo + 3, "day", granularity="week"), k + 1, i
            return Window(-hi, -lo, unit, whole=unit in ("month", "year") and lo == hi), k + 1, i
        if nxt in self.w.later_words and nxt != "before" and self.low(k + 1) not in ("this", "that", "in"):
            return Shift(lo, hi, unit, self.w.later_words[nxt]), k + 1, i
        return self.anchored(lo, hi, unit, k, i)

    def the_unit(self, i: int) -> Found | None:
        """ "the next day", "the following week", "the day before the vote", "the same day"."""
        j = i + 1
        low = self.low(j)
        if low in self.w.same_words and self.unit_at(j + 1) == "day":
            return Shift(0, 0, "day", 0), j + 2, i
        if low in self.w.next_day_words:
            unit = self.unit_at(j + 1, singular_only=True)
            if unit is None or unit == "hour":
                return None
            if self.w.next_day_words[low] > 0 and self.low(i - 1) in self.w.window_prepositions:
                return Window(0, 1, unit), j + 2, i  # "over the next year": from the reference on
            return Shift(1, 1, unit, self.w.next_day_words[low]), j + 2, i
        unit = self.unit_at(j, singular_only=True)
        if unit is None or unit == "hour":
            return None
        return self.anchored(1, 1, unit, j + 1, i)

    def anchored(self, lo: int, hi: int, unit: str, k: int, first: int) -> Found | None:
        """Units before/after what follows token ``k``: a date, an event's noun phrase, or nothing (the
        previous date of the text)."""
        low = self.low(k)
        if low not in self.w.before_words:
            return None
        sign, j = self.w.before_words[low], k + 1
        if low in ("prior", "ahead"):  # prior to, ahead of
            if self.low(j) not in ("to", "of"):
                return None
            j += 1
        if j >= self.n or self.texts[j] in _CLAUSE_ENDS:
            return Shift(lo, hi, unit, sign), j, first
        if self.low(j) == "that" and self.low(j + 1) in ("", ".", ",", ";"):
            return Shift(lo, hi, unit, sign), j + 1, first
        dated = self.range(j) or self.phrase(j)
        if dated is not None and not isinstance(dated[0], Shift) and dated[2] in (j, j + 1):
            end = dated[1]
            if self.low(j) in self.w.event_determiners:  # the March 3 attack: the span takes the noun phrase
                end = self.noun_phrase_end(end, j + MAX_EVENT_WORDS)
            return Shift(lo, hi, unit, sign, anchor=dated[0]), end, first
        low_j = self.low(j)
        elided = next((d for d in self.w.elided_determiners if low_j.startswith(d) and len(low_j) > len(d)), "")
        if low_j not in self.w.event_determiners and not elided:  # "the drone incident", not "reports emerged"
            return None
        words: list[str] = [self.w.stem(low_j[len(elided):])] if elided else []  # "l'incident du drone"
        m = j + 1
        while m < self.n and m - j < MAX_EVENT_WORDS:
            low = self.lows[m]
            if (self.kinds[m] == "punct" and low not in _DASHES) or low in self.w.phrase_stops \
                    or (words and low.endswith("ed")):  # a verb ends the noun phrase
                break
            if low not in self.w.determiners and len(low) > 2:
                words.append(self.w.stem(low))
            m += 1
        while m > j + 1 and self.lows[m - 1] in self.w.determiners | _DASHES:
            m -= 1
        if not words:
            return None
        return Shift(lo, hi, unit, sign, event_words=tuple(words)), m, first

    def noun_phrase_end(self, m: int, limit: int) -> int:
        """The end of the lower-case nouns going on from token ``m`` (at most to ``limit``)."""
        while m < min(self.n, limit) and self.kinds[m] == "word" and not self.caps[m] \
                and self.lows[m] not in self.w.phrase_stops and not self.lows[m].endswith("ed"):
            m += 1
        return m

    # --- ranges ------------------------------------------------------------------------------------------

    def range(self, i: int) -> Found | None:
        """Two dates joined: "from 2019 to 2021", "between July 25 and 27", "25-27 July", "2021-22"."""
        opener = self.low(i) if self.low(i) in self.w.range_openers else ""
        j = i + bool(opener)
        days = self.day_range(j)
        if days is not None:
            return days[0], days[1], i
        first = self.phrase(j) or (self.bare_year(j) if opener else None)
        if first is None or not _rangeable(first[0]):
            return None
        spec, k, start = first
        start = i if opener else start
        joiner = self.low(k)
        if joiner not in self.w.range_joiners or (joiner == "and") != (opener == "between"):
            return None
        last = self.phrase(k + 1) or self.bare_year(k + 1)
        if last is not None and _rangeable(last[0]) and last[2] == k + 1:
            return Span(spec, _inherit(last[0], spec)), last[1], start
        last_day = self.day_at(k + 1)
        if isinstance(spec, Calendar) and spec.day is not None and last_day is not None and last_day > spec.day:
            year, end = self.year_after(k + 2)  # July 25-27, 2024
            first_spec = spec if year is None else replace(spec, year=year)
            return Span(first_spec, replace(first_spec, day=last_day)), end, start
        if isinstance(spec, Calendar) and _is_year(spec) and joiner in _DASHES and k + 1 < self.n \
                and self.kinds[k + 1] == "number" and len(self.texts[k + 1]) == 2 and spec.year is not None \
                and self.values[k + 1] == (spec.year + 1) % 100:  # 2021-22
            return Span(spec, Calendar(spec.year + 1)), k + 2, start
        return None

    def bare_year(self, i: int) -> Found | None:
        """A year inside a range, where the range itself says it is a date ("from 1998 to 2002")."""
        year = self.year_at(i)
        if year is None or self.low(i + 1) in self.w.count_nouns:
            return None
        return Calendar(year), i + 1, i

    def day_range(self, i: int) -> Match | None:
        """ "25-27 July 2024", "25 to 27 July"."""
        first_day = self.day_at(i)
        if first_day is None or self.low(i + 1) not in self.w.range_joiners:
            return None
        last_day = self.day_at(i + 2)
        month = self.month_at(i + 3 + (self.low(i + 3) in self.w.of_words))
        if last_day is None or month is None or first_day >= last_day:
            return None
        year, end = self.year_after(month[1])
        first, last = Calendar(year, month[0], first_day), Calendar(year, month[0], last_day)
        if not (_valid(first) and _valid(last)):
            return None
        return Span(first, last), end


def _needs_tense(spec: Spec) -> bool:
    """Whether the tense of its clause can change what ``spec`` denotes (year-less dates, weekdays, ranges)."""
    if isinstance(spec, Calendar):
        return spec.year is None and spec.year_offset is None
    if isinstance(spec, Span):
        return _needs_tense(spec.first) or _needs_tense(spec.last)
    if isinstance(spec, Shift):
        return spec.anchor is not None and _needs_tense(spec.anchor)
    return isinstance(spec, (Weekday, Weekend))


def _is_day(spec: Spec) -> bool:
    return isinstance(spec, Weekday) or (isinstance(spec, Relative) and spec.unit == "day") or (
        isinstance(spec, Calendar) and spec.day is not None)


def _is_year(spec: Calendar) -> bool:
    return spec.month is None and not spec.decade and spec.season is None and spec.quarter is None \
        and spec.half is None


def _rangeable(spec: Spec) -> bool:
    return isinstance(spec, (Calendar, Weekday)) or (isinstance(spec, Relative) and spec.unit == "day")


def _valid(spec: Calendar) -> bool:
    if spec.month is None or spec.day is None:
        return True
    return spec.day <= calendar.monthrange(spec.year or 2024, spec.month)[1]  # 29 February: a leap year


def _with_part(spec: Spec, part: str) -> Spec | None:
    """Apply early/mid/late to the spec it modifies (a day keeps its day: "late Monday")."""
    if not part or _is_day(spec) or isinstance(spec, Weekend):
        return spec
    if isinstance(spec, (Calendar, Relative)):
        return replace(spec, part=part)
    return None


def _inherit(last: Spec, first: Spec) -> Spec:
    """The second date of a range takes the year it leaves out from the first: "March 2019 to June"."""
    if not (isinstance(last, Calendar) and isinstance(first, Calendar)) or last.year is not None \
            or first.year is None or last.year_offset is not None or last.relation:
        return last
    year = first.year
    if last.month is not None and first.month is not None and last.month < first.month:
        year += 1
    return replace(last, year=year)
