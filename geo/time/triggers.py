"""Where a date may start: word sets derived from a language's word table, and the sentence filter.

Every date expression holds a year, a capitalised month or weekday, a holiday, "yesterday"-like word, a
season, or a unit or time of day next to a word that dates it ("three days ago", "last week"). Sentences
with none of these are never tokenised (``sentence_filter``); inside a sentence, the grammar tries only
tokens that may open a date, and some only before certain words ("the" before "1990s", "from" before a
month). Built once per word table, from ``geo.time.vocabulary`` alone.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from geo.time.vocabulary import TimeWords

MIN_YEAR, MAX_YEAR = 1000, 2099
#: The readers of a date's core (``geo.time.grammar``), in the order they are tried.
CORE_READERS = ("weekday", "calendar", "year", "decade", "season", "quarter", "deictic", "holiday", "deictic_span",
                "relation", "recent", "weekend", "this_unit")
#: Punctuation turned into spaces before a sentence is split into words for the sentence filter.
_PUNCTUATION_TO_SPACE = str.maketrans(dict.fromkeys("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~’‘“”–—…«»", " "))


def sentence_filter(words: TimeWords) -> Callable[[str], bool]:
    """``may_hold_date`` for one word table, with its sets bound once (it runs on every sentence)."""
    tables = word_tables(words)
    needed, unit_words, context = tables.needed, tables.unit_words, tables.context

    def may_hold(text: str) -> bool:
        found = text.translate(_PUNCTUATION_TO_SPACE).split()
        return not needed.isdisjoint(found) or (not unit_words.isdisjoint(found) and not context.isdisjoint(found))

    return may_hold


def may_hold_date(text: str, words: TimeWords) -> bool:
    """Whether ``text`` may hold a date: a year's four digits ("2021", "2025-04-07", "1990s", "Q1 2025"), a
    capitalised month or weekday, "yesterday", a season, a holiday; or a unit or a time of day ("days",
    "morning") with a word that dates it ("ago", "last", "before", "early"…). Sentences that may not are
    not tokenised at all; this costs one C-level translate, one split and a few set tests per sentence."""
    return sentence_filter(words)(text)


@dataclass(frozen=True, slots=True)
class WordTables:
    """Word sets derived once from a word table, read by the sentence filter and the grammar's scan."""

    triggers: frozenset[str]  # words an expression can start with
    after_number: frozenset[str]  # what follows a day or a count that starts a date ("31 March", "3 days")
    follow: dict[str, frozenset[str]]  # triggers that start one only before one of these words ("the 1990s")
    follow_numeric: frozenset[str]  # triggers of ``follow`` that may also come before a number ("from 2019")
    capital_only: frozenset[str]  # triggers that count only capitalised (months, weekdays, holidays)
    count_starts: frozenset[str]  # words a counted expression starts with ("two", "a", "several", "days", "the")
    needed: frozenset[str]  # words and years that may make a date on their own, as written (not "may")
    unit_words: frozenset[str]  # units and times of day: a date only with a word of ``context``
    context: frozenset[str]
    core_readers: dict[str, tuple[str, ...]]  # a date's first word -> the core readers that may read it
    kind_readers: dict[str, tuple[str, ...]]  # the same by kind of token (numbers, ordinals, decades)


_BUILT: dict[int, WordTables] = {}


def word_tables(words: TimeWords) -> WordTables:
    """The tables of ``words`` (built once per table)."""
    found = _BUILT.get(id(words))
    if found is None:
        needed = frozenset({*_cases({*words.months, *words.weekdays, *(max(k, key=len) for k in words.holidays)},
                                    lower=not words.capitalised_names),
                            *_cases({*words.deictic_days, *words.deictic_spans, *words.seasons, *words.weekend_words}),
                            *(str(year) for year in range(MIN_YEAR, MAX_YEAR + 1)),
                            *(f"{decade}s" for decade in range(MIN_YEAR, MAX_YEAR + 1, 10)), "Q1", "Q2", "Q3", "Q4"})
        unit_words = frozenset(_cases({*words.units, *words.times_of_day}))
        context = frozenset(_cases({*words.before_words, *words.later_words, *words.ago_words, *words.relations,
                                    *words.next_day_words, *words.same_words, *words.parts, *words.part_nouns,
                                    *words.vague_parts, *words.ordinals, *words.half_words, *words.quarter_words,
                                    *words.recent_words, *words.window_words, *words.coming_words,
                                    *words.ago_openers[:1]}))
        triggers = frozenset({  # units start an expression only in the plural ("days ago"), times of day never
            *words.months, *words.weekdays, *words.deictic_days, *words.relations, *words.parts,
            *words.seasons, *(u for u in words.units if u.endswith("s")), *words.numbers, *words.vague_counts,
            *words.range_openers, *words.recent_words, *words.vague_parts, *words.part_nouns, *words.determiners,
            *words.deictic_spans, *(key[0] for key in words.holidays), "q1", "q2", "q3", "q4",
            *words.ago_openers[:1],
        })
        after_number = frozenset({*words.months, *words.units, *words.of_words, *words.range_joiners})
        after_determiner = frozenset({*words.weekdays, *words.units, *words.ordinals, *words.parts, *words.part_nouns,
                                *words.times_of_day,
                                *words.seasons, *words.weekend_words, *words.relations, *words.next_day_words,
                                *words.same_words, *words.months, *words.vague_counts, *words.numbers,
                                *words.deictic_days, *(key[0] for key in words.holidays)})
        after_opener = frozenset({*words.months, *words.weekdays, *words.parts, *words.part_nouns, "the",
                                  *words.deictic_days, *words.relations, *(key[0] for key in words.holidays)})
        after_unit = frozenset({*words.ago_words, *words.later_words, *words.before_words})
        follow: dict[str, frozenset[str]] = {}
        for word in {*words.numbers, *words.vague_counts}:
            follow[word] = after_number | frozenset(words.units) | frozenset(words.vague_counts)
        for word in words.range_openers:
            follow[word] = after_opener
        for word in words.units:
            if word.endswith("s"):
                follow[word] = after_unit
        for word in words.determiners & triggers:
            follow[word] = after_determiner
        if words.ago_openers:  # "il" opens a date only in "il y a"
            follow[words.ago_openers[0]] = frozenset(words.ago_openers[1:2])
        follow_numeric = frozenset({*words.range_openers, "the"} & set(follow))
        capital_only = frozenset({*words.months, *words.weekdays, *(key[0] for key in words.holidays)}
                                 - {*words.relations, *words.units, *words.numbers}) if words.capitalised_names \
            else frozenset()
        first_words: dict[str, Collection[str]] = {
            "weekday": words.weekdays, "calendar": words.months, "season": words.seasons,
            "quarter": {*words.ordinals, "q1", "q2", "q3", "q4"}, "deictic": {*words.deictic_days, *words.units},
            "holiday": {key[0] for key in words.holidays}, "deictic_span": words.deictic_spans,
            "relation": words.relations, "recent": words.recent_words, "weekend": words.weekend_words,
            "this_unit": words.units}
        core_readers: dict[str, tuple[str, ...]] = {}
        for reader in CORE_READERS:
            for word in first_words.get(reader, ()):
                core_readers[word] = (*core_readers.get(word, ()), reader)
        kind_readers = {"number": ("calendar", "year"), "ordinal": ("calendar",), "decade": ("decade",)}
        count_starts = frozenset({*words.numbers, *words.vague_counts, *words.units, "the", "that"})
        found = _BUILT[id(words)] = WordTables(triggers, after_number, follow, follow_numeric, capital_only,
                                             count_starts, needed, unit_words, context, core_readers, kind_readers)
    return found


def _cases(words: set[str], *, lower: bool = True) -> set[str]:
    """The forms a word is written in: "Monday", "MONDAY" (and "monday" when ``lower``)."""
    return {form for word in words for form in ((word,) if lower else ()) + (word.capitalize(), word.upper())}
