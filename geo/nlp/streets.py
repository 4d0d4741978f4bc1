"""Streets and numbered roads ("Hutcheson Road", "319 Main St.", "Highway 403"), placed at the town they lie in.

No gazetteer holds streets, but news names them ("a shooting on Dean Woods Road") and readers expect them on
the map. A street is a run of one to three capitalised words (or an ordinal, "40th") closed by a thoroughfare
word (``STREET_WORDS``), or a road class with a number ("Highway 403", "County Road 43", "I-95"). It is drawn
at the town it lies in: the settlement named right after it (", Edmonton"), else the settlement or county the
article names most; an article that names none leaves its streets out (they could be anywhere).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from geo.gazetteer.normalize import normalize_name
from geo.model import Mention, Place
from geo.nlp.confidence import calibrated
from geo.nlp.recognize import word_zipf
from geo.vocabulary import LOCAL_KINDS, STREET_WORDS, Kind

#: Road classes followed by a number ("Highway 403", "FM 678", "I-95").
ROAD_CLASSES = ("Highway", "Route", "Interstate", "County Road", "State Road", "State Route", "Farm Road", "FM",
                "CR", "SR", "US", "I-")
#: Capitalised words that open a sentence or a name but are no part of a street's name.
NOT_NAME_WORDS = frozenset(
    "The A An In On At Of And Or But For From To By With Near Off Along Across When While After Before If As Then "
    "So Yet Since Until Both Each Every This That These Those His Her Their Its Our My Your".split())
#: Words that close a street's name but also an organisation's ("United Way"): the name before them must be
#: no common English word (Zipf frequency below COMMON_NAME_ZIPF).
AMBIGUOUS_STREET_WORDS = frozenset({"Way", "Close", "Drive", "Lane", "Terrace"})
COMMON_NAME_ZIPF = 4.5

#: A street word or a numbered road class: found first, then the name before it is read backwards (fast: these
#: words are rare, while a pattern that starts at every capitalised word would try them all).
#: Street words and road classes as plain words: the regex engine scans for these fast; what must come after
#: each is checked at the spot by the patterns below.
_CANDIDATE = re.compile("|".join(re.escape(w) for w in sorted({*STREET_WORDS, *ROAD_CLASSES}, key=len, reverse=True)))
#: A road class with its number ("Highway 403", "I-95"), at the spot.
_NUMBERED = re.compile(rf"(?:{'|'.join(re.escape(c) for c in ROAD_CLASSES)})[ ]?[0-9]{{1,4}}\b(?!-?[A-Za-z])")
#: A dotted street word may end the sentence ("319 Main St. Traffic..."); a plain one must not go on into a longer
#: name ("Wall Street Journal").
_DOTTED_END = re.compile(r"(?=\s|$|[,;:)])")
_PLAIN_END = re.compile(r"(?![\w-])(?!\s+[A-Z][a-z])")
#: A name word before a street word: a capitalised word (maybe with a dot) or an ordinal ("40th").
_NAME_WORD = re.compile(r"(?:[A-Z][A-Za-z'’]*\.?|[0-9]+(?:st|nd|rd|th))")
#: Most name words before a street word.
MAX_NAME_WORDS = 3
#: Characters looked at before a street word for its name.
NAME_WINDOW = 60
#: Kinds a place named right after a street (", Enfield") may be of to place the street there.
APPOSITION_KINDS = LOCAL_KINDS | {Kind.ADMIN1}
#: A settlement named right after a street (", Edmonton"): characters searched after the street.
APPOSITION = re.compile(r"^,\s+")


@dataclass(frozen=True, slots=True)
class Street:
    """A street found in the text: offsets, surface and its sentence."""

    start: int
    end: int
    text: str
    sentence: int


def _name_start(text: str, low: int, high: int) -> int | None:
    """Where the one to three name words right before ``high`` begin (space or hyphen apart), None if none."""
    start, at, words = None, high, 0
    while words < MAX_NAME_WORDS and at - 1 > low and text[at - 1] in " -":
        left = at - 1
        begin = left
        while begin > low and not text[begin - 1].isspace() and text[begin - 1] != "-":
            begin -= 1
        if begin == left or not _NAME_WORD.fullmatch(text, begin, left):
            break
        start, at, words = begin, begin, words + 1
    return start


def find_streets(text: str, sentences: Sequence[tuple[int, int, int]]) -> list[Street]:
    """Streets of ``text`` within its sentences (index, start, end), in text order."""
    found: list[Street] = []
    starts = [start for _, start, _ in sentences]
    for match in _CANDIDATE.finditer(text):  # one pass over the text; each street word then finds its sentence
        begin, end = match.span()
        if begin and (text[begin - 1].isalnum() or text[begin - 1] in "_-"):
            continue  # inside a word
        at = bisect.bisect_right(starts, begin) - 1
        if at < 0 or end > sentences[at][2]:
            continue
        index, start, _ = sentences[at]
        numbered = _NUMBERED.match(text, begin)
        if numbered:
            found.append(Street(begin, numbered.end(), numbered.group(), index))
            continue
        word = match.group()
        if word not in STREET_WORDS or not (_DOTTED_END if word.endswith(".") else _PLAIN_END).match(text, end):
            continue
        s, e = _name_start(text, max(start, begin - NAME_WINDOW), begin), end
        if s is None:
            continue
        if s > start and (text[s - 1].isalnum() or text[s - 1] in "'’"):
            continue  # the name began inside a word
        words = text[s:e].split()
        while len(words) > 1 and words[0] in NOT_NAME_WORDS:  # "The Main Street" -> "Main Street"
            s += len(words[0]) + 1
            words = words[1:]
        if len(words) < 2:
            continue
        if words[-1] in AMBIGUOUS_STREET_WORDS and len(words) == 2 and word_zipf(words[0]) >= COMMON_NAME_ZIPF:
            continue  # "United Way", "One Way", "Test Drive"
        found.append(Street(s, e, text[s:e], index))
    return found


def home_place(mentions: Sequence[Mention]) -> Place | None:
    """The settlement or county the article names most (the first of equals), None when it names none."""
    local = [m for m in mentions if m.kind in LOCAL_KINDS]
    if not local:
        return None
    counts = Counter(m.place_id for m in local)
    best = max(counts.values())
    return next(m.place for m in local if counts[m.place_id] == best)


def place_streets(text: str, streets: Sequence[Street], mentions: Sequence[Mention],
                  evidence: tuple[float, ...]) -> list[Mention]:
    """Mentions for the streets, each at the town it lies in (see the module docstring); ``evidence`` is a
    street's for the calibrated confidence (geo.nlp.confidence)."""
    confidence = calibrated(evidence)
    home = home_place(mentions)
    by_start = {m.start: m for m in mentions}
    out = []
    for street in streets:
        after = APPOSITION.match(text[street.end : street.end + 4])
        town = by_start.get(street.end + after.end()) if after else None
        anchor = town.place if town is not None and town.kind in APPOSITION_KINDS else home
        if anchor is None:
            continue
        place = Place(id=f"street:{normalize_name(street.text)}@{anchor.id}", name=f"{street.text}, {anchor.name}",
                      kind=Kind.ROAD, country_code=anchor.country_code, lat=anchor.lat, lon=anchor.lon,
                      source=f"street in {anchor.id}", admin1_code=anchor.admin1_code)
        out.append(Mention(start=street.start, end=street.end, text=street.text, sentence=street.sentence,
                           place=place, confidence=confidence, cue="street", evidence=evidence))
    return out
