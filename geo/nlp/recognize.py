"""Finding place mentions in text: spans of capitalised words that the gazetteer knows, filtered by context.

General mechanisms, no list of article words:
* candidate spans are runs of capitalised tokens (with "of", "de", "al"... inside), matched longest first;
* a match inside a longer capitalised run ("University of Pretoria", "Ibrahim Kane") is kept only when the
  place is prominent (a country, region, group, admin-1 unit or a city of 100,000+);
* common English words (by word frequency, from the ``wordfreq`` data) need a prominent place or a
  locative cue ("in", "near"...) to count; sentence-initial words and headings need a prominent place;
* person cues (a title before, "said" after, a surname seen in a person's name) veto small places;
* directional phrases ("northern Mali", "the northern region of Mali", "Mali's northern regions")
  become parts of their place.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Generic, NamedTuple, Protocol, TypeVar, runtime_checkable

from wordfreq import zipf_frequency

from geo.gazetteer.normalize import fold_spelling, normalize_name, strip_article
from geo.gazetteer.store import NAME_ABBREVIATION, NAME_ADJECTIVE, NAME_FOLDED, NAME_PRIMARY, NameHit
from geo.model import Document
from geo.nlp.lexicon import (
    BEARER_AFTER,
    BEARER_NOUNS,
    CALENDAR_WORDS,
    ENGLISH,
    EVENT_NOUNS,
    FEATURE_WORDS,
    FUNCTION_WORDS,
    INSTITUTION_WORDS,
    LEXICONS,
    NAME_ABBREVIATION_WORDS,
    NAME_ABBREVIATIONS,
    OFFICE_WORDS,
    PLACE_PREFIXES,
    SPEECH_VERBS,
    WATER_MODIFIED_NOUNS,
    Lexicon,
)
from geo.nlp.person_names import given_names, looks_like_full_name
from geo.settings import MAX_MENTIONS_PER_ARTICLE
from geo.vocabulary import (
    CENTRAL,
    CONTAINER_KINDS,
    COUNTRYLIKE_KINDS,
    DIRECTION_WORD_PATTERN,
    DIRECTION_WORDS,
    DIRECTION_WORDS_BY_LANGUAGE,
    DIRECTIONS,
    FRENCH_DIRECTION_ADJECTIVE_PATTERN,
    FRENCH_DIRECTION_NOUN_PATTERN,
    LOCAL_KINDS,
    PART_PARENT_KINDS,
    SETTLEMENT_KINDS,
    STRONG_KINDS,
    Kind,
    direction_of,
)

T = TypeVar("T")

MAX_SPAN_TOKENS = 7
PROMINENT_POPULATION = 100_000
#: Zipf frequency (wordfreq, English) from which a capitalised word is also an ordinary word.
COMMON_WORD_ZIPF = 3.6
#: For cities of 100,000+ only words this common need a locative cue (names like "Atlanta" are frequent too).
BIG_CITY_COMMON_ZIPF = 4.9

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_DIR_BEFORE = re.compile(
    rf"(?:\b(?P<dir1>{DIRECTION_WORD_PATTERN})\s+(?:{ENGLISH.area_noun_pattern})\s+of\s+(?:the\s+)?"
    rf"|\b(?P<dir2>{DIRECTION_WORD_PATTERN})\s+)$",
    re.IGNORECASE,
)
_DIR_AFTER = re.compile(rf"^['’]s\s+(?P<dir>{DIRECTION_WORD_PATTERN})\s+{ENGLISH.area_noun_pattern}\b",
                        re.IGNORECASE)
_APOSTROPHES = ("'", "’")
#: French: "le nord du Mali", "dans l'est du Burkina Faso", "la région nord du Mali", "les régions du nord du
#: Mali", "le Nord-Mali" (dir1: the direction noun; every form must reach the place itself).
_FR_OF = r"(?:du|des|de\s+la|de\s+l['’]|de|d['’])\s*"
_DIR_BEFORE_FR = re.compile(
    rf"(?:\b(?P<dir1>{FRENCH_DIRECTION_NOUN_PATTERN})\s+{_FR_OF}"
    rf"|\b(?P<dir2>{FRENCH_DIRECTION_NOUN_PATTERN})[-‐])$",
    re.IGNORECASE,
)
#: French: "le Nord malien", "l'Est tchadien": a direction noun right before a demonym adjective.
_DIR_BEFORE_ADJECTIVE_FR = re.compile(
    rf"\b(?:le|du|au|l['’]|dans\s+le|vers\s+le)\s*(?P<dir>{FRENCH_DIRECTION_NOUN_PATTERN})\s+$", re.IGNORECASE
)
#: French: a distance right before "au nord de" ("à 20 km au nord de Gao"): a bearing from the place.
_DISTANCE_BEFORE_FR = re.compile(
    r"(?:\d|\b(?:km|kilom[èe]tres?|m[èe]tres?|milles?))\s+(?:au|à\s+l['’])\s*$", re.IGNORECASE
)
#: French: "le Sahel central", "la Libye orientale": a direction adjective right after the place.
_DIR_AFTER_FR = re.compile(rf"^\s+(?P<dir>{FRENCH_DIRECTION_ADJECTIVE_PATTERN})\b", re.IGNORECASE)
#: French: the noun before "de"/"du" that restricts a name's reading ("la région de Kidal", "le fleuve Niger").
_KIND_CUE_FR = re.compile(r"\b(?P<cue>[\w-]+)\s+(?:du\s+|des\s+|de\s+la\s+|de\s+l['’]|de\s+|d['’])?$", re.IGNORECASE)
#: Kinds a cue may fall back from: a "région de X" or "ville de X" the index lacks keeps X's other readings.
_FALLBACK_CUE_KINDS = SETTLEMENT_KINDS | {Kind.ADMIN1}
#: From this Zipf frequency a word is so common ("we", "both", "march") that only a country,
#: region, group or admin-1 unit may be named by it.
VERY_COMMON_ZIPF = 5.2
#: Only a name whose last word is rarer than this (Zipf) is looked up by its folded spelling ("Qamishli").
FOLD_MAX_ZIPF = 2.5
#: A sentence's first word this common is an ordinary word and joins no name ("One Edmonton resident"); "London"
#: (5.3) still opens one.
OPENER_SKIP_ZIPF = 5.5
#: From this Zipf frequency a word is always an ordinary word ("The", "And"), whatever it names.
ALWAYS_A_WORD_ZIPF = 6.0
#: A one-word name known only as an alternate spelling counts only below this frequency ("We" for Hue).
ALTERNATE_NAME_MAX_ZIPF = 3.0
#: At a sentence start or in a heading, a word this common is an ordinary word: small places / big places.
OPENER_WORD_ZIPF, BIG_OPENER_WORD_ZIPF = 3.0, 4.0
#: A common word after a locative cue ("in Mobile") names a small place only below this frequency.
LOCATIVE_RESCUE_MAX_ZIPF = 4.5
#: Cities this large are named by their name even when it is also a common word ("London", "Paris").
HUGE_POPULATION = 1_000_000
#: A sentence with more than SHOUTING_MIN_WORDS words, over this share of them in capitals, is shouting.
SHOUTING_CAPITALS_SHARE, SHOUTING_MIN_WORDS = 0.6, 3
#: Longest token looked up in the word list.
LONGEST_WORD_CHARS = 64
#: Word frequencies kept per process.
WORD_FREQUENCY_CACHE_SIZE = 100_000
#: Characters before or after a place searched for a direction ("the northern region of Mali").
DIRECTION_WINDOW_CHARS = 60


class PlaceIndex(Protocol):
    """What the recogniser asks of a gazetteer (``geo.gazetteer.Gazetteer`` answers it)."""

    def candidates(self, norm: str) -> tuple[NameHit, ...]:
        """Places a normalised name refers to."""
        ...

    def extends(self, norm: str) -> bool:
        """Whether some longer name starts with these words."""
        ...


@runtime_checkable
class LowercaseNames(Protocol):
    """A place index that also knows names written in lower case (French demonyms: "l'armée malienne")."""

    def starts_lowercase_name(self, norm: str) -> bool:
        """Whether a lower-case name starts with this word."""
        ...

    def lowercase_candidates(self, norm: str) -> tuple[NameHit, ...]:
        """The places a lower-case name refers to (none when ``norm`` is no such name)."""
        ...

    def extends(self, norm: str) -> bool:
        """Whether some longer name starts with these words."""
        ...


class Token(NamedTuple):
    """A word of the text with its offsets (a named tuple: articles have thousands, made fast)."""

    start: int
    end: int
    text: str

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()


@dataclass(frozen=True, slots=True)
class Span:
    """A recognised surface with the gazetteer entries it may refer to."""

    start: int
    end: int
    text: str
    sentence: int
    hits: tuple[NameHit, ...]
    cue: str = "name"  # name | adjective | abbreviation | direction
    direction: str = ""
    #: A sentence-initial word kept only if the article names the same place elsewhere (one sense per article).
    tentative: bool = False
    #: Inside a longer capitalised name ("Texas Department of Transportation", "U.S. Census Bureau").
    embedded: bool = False


def tokenize(text: str, offset: int = 0) -> list[Token]:
    return [Token(m.start() + offset, m.end() + offset, m.group()) for m in _TOKEN.finditer(text)]


def tokenize_range(text: str, start: int, end: int) -> list[Token]:
    """The words of ``text[start:end]`` with offsets into ``text`` (no copy of the slice)."""
    return [Token(*m.span(), m.group()) for m in _TOKEN.finditer(text, start, end)]


@lru_cache(maxsize=WORD_FREQUENCY_CACHE_SIZE)
def word_zipf(word: str) -> float:
    """How common ``word`` is in English (Zipf scale, 0 to ~8); 0 for anything longer than a real word."""
    if len(word) > LONGEST_WORD_CHARS:
        return 0.0  # a 10-million-letter "word" is no word, and the word list would choke on it
    return zipf_frequency(word.lower(), "en")


@lru_cache(maxsize=WORD_FREQUENCY_CACHE_SIZE)
def french_word_zipf(word: str) -> float:
    """How common ``word`` is in French (wordfreq's French list, Zipf scale); 0 past LONGEST_WORD_CHARS."""
    if len(word) > LONGEST_WORD_CHARS:
        return 0.0
    return zipf_frequency(word.lower(), "fr")


#: The word-frequency function of each parsed language.
WORD_ZIPF = {"en": word_zipf, "fr": french_word_zipf}


def is_prominent(hit: NameHit) -> bool:
    kind = hit.place.kind
    return kind in STRONG_KINDS or hit.place.population >= PROMINENT_POPULATION


def _joinable(text: str, left: Token, right: Token) -> bool:
    """Tokens belong to one name when separated by a single space, hyphen, apostrophe or initial's dot."""
    gap = text[left.end : right.start]
    if gap in (" ", "-", "'", "’", "‐", "–"):
        return True
    if gap not in (".", ". "):
        return False
    return (len(left.text) == 1 and left.text.isupper()) or left.text in NAME_ABBREVIATIONS


def _is_elided(text: str, tok: Token, elided: frozenset[str]) -> bool:
    """An elided article or preposition ("L'", "d'", "Qu'") before a word: no part of a place's name."""
    return text[tok.end : tok.end + 1] in _APOSTROPHES and tok.text.lower() in elided


def _capitalised_runs(
    text: str, tokens: list[Token], lex: Lexicon = ENGLISH, zipf: Callable[[str], float] = word_zipf
) -> list[int]:
    """For each token, the id of the capitalised run it belongs to (-1 for lowercase tokens)."""
    run_ids, run, prev_cap = [-1] * len(tokens), -1, None
    connectors, elided = lex.connectors, lex.elided
    party = _party_tag_starts(text, tokens, lex)
    for i, tok in enumerate(tokens):
        if (i == 0 and zipf(tok.text) >= (lex.opener_skip_zipf or OPENER_SKIP_ZIPF)
                and not (len(tok.text) > 1 and tok.text.isupper())):
            continue  # "One Edmonton resident": a capitalised opener is an ordinary word ("US" is no "us")
        if elided and _is_elided(text, tok, elided):
            continue  # "L'Algérie", "D'Alger": the article is no part of the name
        if party and tok.start in party:
            prev_cap = None
            continue  # "Ray Miller, D-Columbus": the party's letter is no part of the home town's name
        if tok.capitalised or (tok.text[0].isdigit() and prev_cap is not None):
            if prev_cap is None or tok.text in CALENDAR_WORDS or tokens[prev_cap].text in CALENDAR_WORDS or (
                not _joinable(text, tokens[prev_cap], tok)
                and not (
                    i >= 2
                    and prev_cap == i - 2
                    and tokens[i - 1].text.lower() in connectors
                    and _joinable(text, tokens[i - 2], tokens[i - 1])
                    and _joinable(text, tokens[i - 1], tok)
                )
            ):
                run += 1
            run_ids[i] = run
            prev_cap = i
        elif tok.text.lower() not in connectors:
            prev_cap = None
    return run_ids


#: The abbreviated words of names as written, also in capitals ("Mt", "MT").
_ABBREVIATED_WORDS = NAME_ABBREVIATIONS | {word.upper() for word in NAME_ABBREVIATIONS}
#: A one-letter party tag before a hyphen and a capital, after a comma or a bracket ("D-Columbus,", "(R-Elbow Lake)").
_PARTY_TAG = re.compile(r"(?:\(|, )([A-Z])-(?=[A-Z])")


def _party_tag_starts(text: str, tokens: list[Token], lex: Lexicon) -> frozenset[int]:
    """Where a legislator's party letter stands among the tokens ("D-Day" and "X-Files" follow no comma that way)."""
    if not lex.party_tags or not tokens or text.find("-", tokens[0].start, tokens[-1].end) < 0:
        return frozenset()
    found = _PARTY_TAG.finditer(text, max(0, tokens[0].start - 2), tokens[-1].end)
    return frozenset(m.start(1) for m in found if m.group(1) in lex.party_tags)


def _split_place_pairs(text: str, tokens: list[Token], runs: list[int], gazetteer: PlaceIndex, shouting: bool,
                       lex: Lexicon) -> list[int]:
    """A run of exactly two names joined by a hyphen splits there ("Fargo-Moorhead", "Logan-Rogersville": two
    towns, each a name of its own), unless the index knows the whole ("Winston-Salem", "Athens-Clarke County");
    a run going on after the second name is another name ("Middlesex-London Health Unit")."""
    out = runs
    if not tokens or text.find("-", tokens[0].start, tokens[-1].end) < 0:
        return runs
    for k in range(len(tokens) - 1):
        if runs[k] < 0 or runs[k + 1] != runs[k] or text[tokens[k].end : tokens[k + 1].start] != "-":
            continue
        first = k
        while first > 0 and out[first - 1] == out[k]:
            first -= 1
        last = k + 1
        while last + 1 < len(tokens) and out[last + 1] == out[k]:
            last += 1
        left = _longest_match(text, tokens, first, gazetteer, shouting, lex)
        right = _longest_match(text, tokens, k + 1, gazetteer, shouting, lex) if left and left[0] == k else None
        if right is None or right[0] != last:  # "Middlesex-London Health Unit" stays one name
            continue
        if out is runs:
            out = list(runs)
        new_id = max(out) + 1
        for m in range(k + 1, len(tokens)):
            if out[m] != runs[k]:
                break
            out[m] = new_id
    return out


def _surface_end(text: str, tokens: list[Token], j: int) -> int:
    """End offset of a span ending at token j, keeping the dot of initials like "U.S."."""
    end = tokens[j].end
    if len(tokens[j].text) == 1 and tokens[j].text.isupper() and text[end : end + 1] == ".":
        return end + 1
    return end


def _case_ok(surface_tokens: list[Token], hit_types: set[int], shouting: bool, lowercase_ends: bool = False) -> bool:
    first, last = surface_tokens[0], surface_tokens[-1]
    if not (first.capitalised and (last.capitalised or (lowercase_ends and len(surface_tokens) > 1))):
        return False
    all_caps = all(t.text.isupper() for t in surface_tokens)
    if all_caps and len("".join(t.text for t in surface_tokens)) <= 4 and not shouting:
        # short capitals are abbreviations: only names recorded as such (AES, UK, U.S.) count
        return NAME_ABBREVIATION in hit_types or any(len(t.text) == 1 for t in surface_tokens)
    return True


def recognize(
    doc: Document, gazetteer: PlaceIndex, *, limit: int = MAX_MENTIONS_PER_ARTICLE, lexicon: Lexicon | None = None
) -> list[Span]:
    """All place spans of a document, in text order, not overlapping; at most ``limit`` (the first ones):
    recognition stops there, so a hostile text costs no more than an article with that many places.

    ``lexicon`` gives the context words of the article's language (default: ``doc.lang``'s, else English);
    ``gazetteer`` should then read names in that language (``geo.gazetteer.languages.language_index``).
    """
    text = doc.text
    lex = lexicon or LEXICONS.get(doc.lang, ENGLISH)
    zipf = WORD_ZIPF.get(lex.lang, word_zipf)
    lowercase_names = gazetteer if isinstance(gazetteer, LowercaseNames) else None
    spans: list[Span] = []
    person_tokens: set[str] = set()
    lowercase_words = frozenset(m.group() for m in re.finditer(r"\b[a-z]+\b", text))
    memory = _ArticleMemory(person_tokens, lowercase_words, _Bearers(text), _Lazy(text, standalone_words))
    for sentence in doc.sentences:
        tokens = tokenize_range(text, sentence.start, sentence.end)
        if not tokens:
            continue
        letters = [t for t in tokens if t.text[0].isalpha()]
        shouting = (bool(letters) and sum(t.text.isupper() for t in letters) / len(letters) > SHOUTING_CAPITALS_SHARE
                    and len(letters) > SHOUTING_MIN_WORDS)
        unreliable_case = sentence.is_heading or shouting
        runs = _split_place_pairs(text, tokens, _capitalised_runs(text, tokens, lex, zipf), gazetteer, shouting, lex)
        run_sizes: dict[int, int] = {}
        for r in runs:
            if r >= 0:
                run_sizes[r] = run_sizes.get(r, 0) + 1
        view = _SentenceView(text, tokens, runs, run_sizes, sentence.index, unreliable_case, lex, zipf)
        found: list[Span] = []
        i = 0
        while i < len(tokens) and len(spans) + len(found) < limit:
            if runs[i] < 0:
                lower = _lowercase_name(view, i, lowercase_names) if lowercase_names is not None else None
                if lower is not None:
                    found.append(_with_direction(text, lower[1], sentence.start, sentence.end, lex))
                    i = lower[0] + 1
                    continue
                i += 1
                continue
            match = _longest_match(text, tokens, i, gazetteer, shouting, lex)
            if match is None:
                i += 1
                continue
            j, end, hits = match
            if lex.kind_cues:
                hits = _kind_cue_readings(text, tokens[i].start, hits, lex)
                if not hits:
                    i = j + 1
                    continue  # "le fleuve Niger": a river, not the country
            cues = _MatchCues(
                sentence_start=i == 0 and _is_sentence_initial(text, sentence.start, tokens[0]),
                apposition=_apposition_follows(text, tokens, j, end, gazetteer, shouting, lex),
            )
            span = _judge(view, _Match(i, j, end, hits), cues, memory)
            if span is not None:
                if run_sizes[runs[i]] > j - i + 1:
                    span = Span(span.start, span.end, span.text, span.sentence, span.hits, span.cue,
                                span.direction, span.tentative, embedded=True)
                found.append(_with_direction(text, span, sentence.start, sentence.end, lex))
            i = j + 1
        _remember_person_names(tokens, runs, found, person_tokens, gazetteer, unreliable_case, lex)
        spans += found + _places_inside_group_names(text, tokens, found, sentence.index, gazetteer)
        if len(spans) >= limit:
            break
    spans = [s for s in spans if not _is_person_reference(s, person_tokens)]
    if lex.lang == "en":
        spans = _shared_kind_noun(doc, spans, gazetteer)
    return _drop_overlaps(_settle_tentative(spans))[:limit]


#: A plural kind noun that a list of names shares ("Eastland and Callahan counties": Callahan County).
_SHARED_KIND_NOUN = re.compile(r"\b(?:[Cc]ounties|[Pp]arishes)\b")
#: One name of such a list ("Otter Tail", "St. Clair", "DeKalb").
_LIST_NAME = r"(?:St\.\s)?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:[ -][A-Z][a-z]+)?"
#: The list before the noun: names separated by commas, "and", "or", ending where the noun starts.
_NAME_LIST_TAIL = re.compile(
    rf"(?:{_LIST_NAME}(?:,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+))+{_LIST_NAME}\s+$")
#: Characters looked at before a plural kind noun for its list of names.
SHARED_NOUN_WINDOW = 200


def _shared_kind_noun(doc: Document, spans: list[Span], gazetteer: PlaceIndex) -> list[Span]:
    """Each name of a list that ends in a plural kind noun names a unit of that kind: "Clarke, Madison, Oconee
    and Oglethorpe counties" names four counties, not the towns of Madison or Clarke. The names the index
    knows with the noun ("Madison County", "De Soto Parish" for "DeSoto parishes" too) replace (or join) the
    recognised spans."""
    text = doc.text
    added: list[Span] = []
    for noun in _SHARED_KIND_NOUN.finditer(text):
        window_start = max(0, noun.start() - SHARED_NOUN_WINDOW)
        tail = _NAME_LIST_TAIL.search(text, window_start, noun.start())
        if tail is None:
            continue
        suffix = "county" if noun.group()[0] in "Cc" else "parish"
        for name in re.finditer(_LIST_NAME, text[tail.start() : tail.end()]):
            start, end = tail.start() + name.start(), tail.start() + name.end()
            words = name.group().split()
            hits: tuple[NameHit, ...] = ()
            while words and not hits:  # "In Clarke": the name is the last word
                hits = _unit_readings(gazetteer, " ".join(words), suffix)
                if not hits:
                    start += len(words[0]) + 1
                    words = words[1:]
            if hits:
                sentence = next((s for s in doc.sentences if s.start <= start < s.end), None)
                if sentence is not None:
                    added.append(Span(start, end, text[start:end], sentence.index, hits))
    if not added:
        return spans
    taken = [(a.start, a.end) for a in added]
    kept = [s for s in spans if not any(s.start < e and b < s.end for b, e in taken)]
    return sorted(kept + added, key=lambda s: s.start)


def _unit_readings(gazetteer: PlaceIndex, name: str, suffix: str) -> tuple[NameHit, ...]:
    """The counties (parishes) called ``name`` + the kind noun, also written with its particle apart
    ("DeSoto" -> "De Soto Parish")."""
    hits = tuple(h for h in gazetteer.candidates(normalize_name(f"{name} {suffix}")) if h.place.kind == Kind.COUNTY)
    if not hits:
        apart = re.sub(r"^(De|La|Le|Du|Van)(?=[A-Z])", r"\1 ", name)
        if apart != name:
            hits = tuple(h for h in gazetteer.candidates(normalize_name(f"{apart} {suffix}"))
                         if h.place.kind == Kind.COUNTY)
    return hits


#: What follows a dateline's place in capitals: an optional ", State abbreviation", then a dash ("NEWARK --").
_DATELINE_AFTER = re.compile(r"(?:,\s*[A-Z][A-Za-z]{0,3}\.(?:\s?[A-Z][A-Za-z]{0,3}\.)?)?\s+(?:-{1,3}|[–—])\s")
#: Words between a relation and a given name ("a horse called Chester").
_NAMING_VERBS = frozenset({"named", "called", "dubbed", "nicknamed"})
#: After a given name: what only follows a person or an animal: ", who", ", a 6-year-old", "said", "'s father",
#: "herself".
_AFTER_BEARER = re.compile(
    rf"(?:{BEARER_AFTER}|\s+(?:{'|'.join(sorted(SPEECH_VERBS))})\b"
    rf"|['’]s\s+(?:{'|'.join(sorted(BEARER_NOUNS))})\b|\s+(?:herself|himself)\b)")
#: Characters looked at before a name for a cue.
BEARER_WINDOW = 40
#: Cues that make a given name a person even when it also names a country or a big city ("Georgia").
STRONG_BEARER_CUES = 2


class _Bearers:
    """How many cues an article gives that a given name is a person or an animal there, counted on demand per
    name: "her dog Rex", "a boy named Tyler", "Rex, a four-year-old beagle", "Tyler said", "said Tyler.",
    "Tyler's father" (a name followed by another capitalised word is part of a longer name and counts not).
    The given names' positions are gathered in one pass on first use, so any number of names costs one pass."""

    __slots__ = ("_counts", "_positions", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._counts: dict[str, int] = {}
        self._positions: dict[str, list[tuple[int, int]]] | None = None

    def cues(self, word: str) -> int:
        """Cues for the capitalised given name ``word`` ("Tyler"); 0 for a word that is no given name."""
        key = word.lower()
        if key not in self._counts:
            self._counts[key] = self._count(key) if key in given_names() else 0
        return self._counts[key]

    def _index(self) -> dict[str, list[tuple[int, int]]]:
        if self._positions is None:
            given = given_names()
            positions: dict[str, list[tuple[int, int]]] = {}
            text = self._text
            for m in _LONE_NAME.finditer(text):
                if m.start() and text[m.start() - 1].isalnum():
                    continue  # inside a word
                key = m.group().lower()
                if key in given:
                    positions.setdefault(key, []).append((m.start(), m.end()))
            self._positions = positions
        return self._positions

    def _count(self, key: str) -> int:
        text, count = self._text, 0
        for start, end in self._index().get(key, ()):
            before = text[max(0, start - BEARER_WINDOW) : start].lower().replace(",", " ").split()
            if before and before[-1] in _NAMING_VERBS:
                before = before[:-1]
            if before and before[-1] in BEARER_NOUNS:
                count += 1  # "her dog Rex", "a horse called Chester", "their dog, Chester"
            elif before and before[-1] in SPEECH_VERBS and text[end : end + 1] in ".,;":
                count += 1  # "said Tyler."
            elif _AFTER_BEARER.match(text, end):
                count += 1
        return count


#: A capitalised word that no capitalised word follows (the first word of "Tyler Smith" is part of a longer name).
_LONE_NAME = re.compile(r"[A-Z][a-z]+\b(?![ -][A-Z])")  # no \b in front: the engine skips to capitals


_LONE_WORD = re.compile(r"\b([A-Z][a-z]+)\b(?![ -][A-Z])")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[ -]$")


def standalone_words(text: str) -> frozenset[str]:
    """Capitalised words written alone somewhere in the text, no capitalised word beside them (lower case)."""
    found = set()
    for m in _LONE_WORD.finditer(text):
        before = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if before is None or not before.group(1)[0].isupper():
            found.add(m.group(1).lower())
    return frozenset(found)


def _settle_tentative(spans: list[Span]) -> list[Span]:
    """Keep a tentative sentence-initial name only when the article also names it where case is reliable."""
    confirmed = {normalize_name(s.text) for s in spans if not s.tentative and s.cue == "name"}
    return [replace(s, tentative=False) for s in spans if not s.tentative or normalize_name(s.text) in confirmed]


def _apposition_follows(
    text: str, tokens: list[Token], j: int, end: int, gazetteer: PlaceIndex, shouting: bool, lex: Lexicon = ENGLISH
) -> bool:
    """True when ", <state or country>" follows the match ("Greer, South Carolina", "Lexington, Ky.")."""
    if text[end : end + 2] != ", " or j + 1 >= len(tokens) or tokens[j + 1].start != end + 2:
        return False
    after = _longest_match(text, tokens, j + 1, gazetteer, shouting, lex)
    return after is not None and any(h.place.kind in CONTAINER_KINDS for h in after[2])


def _is_person_reference(span: Span, person_tokens: set[str]) -> bool:
    """A lone word seen as a person's surname anywhere in the article ("Keita said") is that person."""
    return (
        " " not in span.text
        and span.text.lower() in person_tokens
        and not any(h.place.kind in STRONG_KINDS for h in span.hits)
    )


def _places_inside_group_names(
    text: str, tokens: list[Token], spans: list[Span], sentence: int, gazetteer: PlaceIndex
) -> list[Span]:
    """Regions and countries named inside a group's full name ("Economic Community of West African States").

    They are mentions of their own, nested in the group's span.
    """
    starts = [t.start for t in tokens]
    nested = []
    for span in [s for s in spans if s.cue == "name"]:
        if not all(h.place.kind == Kind.GROUP for h in span.hits) or " " not in span.text:
            continue
        first = bisect.bisect_left(starts, span.start)  # the span's tokens, found without scanning the sentence
        inner = [t for t in tokens[first:bisect.bisect_right(starts, span.end)] if t.end <= span.end]
        i = 1
        while i < len(inner):
            for j in range(len(inner) - 1, i - 1, -1):
                surface = text[inner[i].start : inner[j].end]
                hits = tuple(
                    h for h in gazetteer.candidates(normalize_name(surface))
                    if h.place.kind in (Kind.COUNTRY, Kind.REGION)
                )
                if hits and inner[i].capitalised:
                    cue = "adjective" if all(h.name_type == NAME_ADJECTIVE for h in hits) else "name"
                    nested.append(Span(inner[i].start, inner[j].end, surface, sentence, hits, cue))
                    i = j
                    break
            i += 1
    return nested


def _is_sentence_initial(text: str, sentence_start: int, token: Token) -> bool:
    """True when only quotes, dashes or brackets stand between the sentence start and the token (only the
    sentence's first token can be: any earlier token is a word)."""
    return not re.search(r"\w", text[sentence_start : token.start])


def _longest_match(
    text: str, tokens: list[Token], i: int, gazetteer: PlaceIndex, shouting: bool, lex: Lexicon = ENGLISH
) -> tuple[int, int, tuple[NameHit, ...]] | None:
    """The longest gazetteer name starting at token i: grows one token at a time while some name
    continues with these words (the index records every name's word prefixes); in languages with elision
    also across an apostrophe ("N'Djamena", "Côte d'Ivoire", "Fada N'Gourma")."""
    best = None
    j = i
    lowercase_ends = lex.lowercase_name_ends
    abbreviated = False
    while True:
        end = _surface_end(text, tokens, j)
        norm = normalize_name(text[tokens[i].start : end])
        surface_tokens = tokens[i : j + 1]
        found = gazetteer.candidates(norm)
        abbreviated = abbreviated or tokens[j].text in _ABBREVIATED_WORDS
        written_out = _written_out(norm) if abbreviated else norm
        if written_out != norm:  # "Mt. Pleasant": also every Mount Pleasant
            found = _merged(found, tuple(h for h in gazetteer.candidates(written_out)
                                         if h.place.kind in LOCAL_KINDS and h.name_type == NAME_PRIMARY))
        folded = norm
        if not found and word_zipf(tokens[j].text) < FOLD_MAX_ZIPF:  # "Russell" is no transliteration
            folded = fold_spelling(norm)
            if folded != norm:
                # "Qamishli" for "Al Qāmishlī": only names that fold to it, never another place's own name
                found = tuple(h for h in gazetteer.candidates(folded) if h.name_type == NAME_FOLDED)
        hits = _abbreviation_dot(text, end, surface_tokens, found)
        if not shouting and len(norm) <= 4 and all(t.text.isupper() for t in surface_tokens):
            hits = tuple(h for h in hits if h.name_type == NAME_ABBREVIATION) or hits  # "PA", "AES"
        strong_end = lowercase_ends and any(h.place.kind in STRONG_KINDS for h in hits)  # "Union africaine"
        if hits and _case_ok(surface_tokens, {h.name_type for h in hits}, shouting, strong_end):
            last = surface_tokens[-1].text
            if (text[end : end + 1] == "." and all(h.name_type == NAME_ABBREVIATION for h in hits)
                    and not (last.isupper() and len(last) > 1)):
                end += 1  # "Ky." keeps its dot; "EU." and "USA." end before the sentence's full stop
            best = (j, end, hits)
        if not (
            j + 1 < len(tokens)
            and j - i + 1 < MAX_SPAN_TOKENS
            and _joinable(text, tokens[j], tokens[j + 1])
            and (gazetteer.extends(norm) or (folded != norm and gazetteer.extends(folded))
                 or (written_out != norm and gazetteer.extends(written_out))
                 or (bool(lex.elided) and _apostrophe_ahead(text, tokens, j)))
        ):
            return best
        j += 1


def _apostrophe_ahead(text: str, tokens: list[Token], j: int) -> bool:
    """An apostrophe right after token j ("N'Djamena"), or after a one-letter word next ("Côte d'Ivoire")."""
    if text[tokens[j].end : tokens[j].end + 1] in _APOSTROPHES:
        return True
    nxt = tokens[j + 1]
    return len(nxt.text) == 1 and text[nxt.end : nxt.end + 1] in _APOSTROPHES


@lru_cache(maxsize=WORD_FREQUENCY_CACHE_SIZE)
def _written_out(norm: str) -> str:
    """A normalised name with its abbreviated words written out ("mt pleasant" -> "mount pleasant"); a last
    word stays as it is ("main st" is no saint)."""
    words = norm.split(" ")
    if len(words) < 2 or not any(w in NAME_ABBREVIATION_WORDS for w in words[:-1]):
        return norm
    return " ".join([NAME_ABBREVIATION_WORDS.get(w, w) for w in words[:-1]] + words[-1:])


def _merged(hits: tuple[NameHit, ...], more: tuple[NameHit, ...]) -> tuple[NameHit, ...]:
    """Two look-ups' hits, each place once with the stronger of its name types."""
    if not hits or not more:
        return hits or more
    best: dict[str, NameHit] = {}
    for hit in hits + more:
        if hit.place.id not in best or hit.name_type < best[hit.place.id].name_type:
            best[hit.place.id] = hit
    return tuple(best.values())


def _abbreviation_dot(
    text: str, end: int, surface_tokens: list[Token], hits: tuple[NameHit, ...]
) -> tuple[NameHit, ...]:
    """Mixed-case abbreviations ("Ky.", "W.Va.") count only with their dot, and then only as abbreviations."""
    if not any(h.name_type == NAME_ABBREVIATION for h in hits) or all(t.text.isupper() for t in surface_tokens):
        return hits
    if text[end : end + 1] == ".":
        return tuple(h for h in hits if h.name_type == NAME_ABBREVIATION)
    return tuple(h for h in hits if h.name_type != NAME_ABBREVIATION)


@dataclass(frozen=True, slots=True)
class _SentenceView:
    """One sentence as the recogniser sees it: document text, tokens and their capitalised runs."""

    text: str  # the whole document's text (token offsets are document offsets)
    tokens: list[Token]
    runs: list[int]  # run id of each token (-1: not capitalised)
    run_sizes: dict[int, int]  # tokens per run
    index: int  # the sentence's index in the document
    unreliable_case: bool  # a heading or a shouting line: capitals say nothing
    lex: Lexicon = ENGLISH  # the context words of the article's language
    zipf: Callable[[str], float] = word_zipf  # how common a word is in that language


@dataclass(frozen=True, slots=True)
class _Match:
    """A gazetteer name found at tokens i..j, ending at ``end``, with its readings."""

    i: int
    j: int
    end: int
    hits: tuple[NameHit, ...]


@dataclass(frozen=True, slots=True)
class _MatchCues:
    """Where the match stands: at the sentence start; before ", <state or country>"."""

    sentence_start: bool
    apposition: bool


class _Lazy(Generic[T]):
    """Something computed from the article's text on first use (most articles never need it)."""

    __slots__ = ("_make", "_text", "_value")

    def __init__(self, text: str, make: Callable[[str], T]) -> None:
        self._text, self._make = text, make
        self._value: T | None = None

    @property
    def value(self) -> T:
        if self._value is None:
            self._value = self._make(self._text)
        return self._value


@dataclass(frozen=True, slots=True)
class _ArticleMemory:
    """What the article has shown so far: surnames of people, words it writes in lower case."""

    person_tokens: set[str]
    lowercase_words: frozenset[str]
    #: given names the article gives a person or an animal ("her dog Rex", "Tyler said"), with their cue counts
    bearers: _Bearers | None = None
    #: capitalised words the article also writes alone, between lower-case words ("Putin said"); computed on use
    standalone: _Lazy[frozenset[str]] | None = None


def _judge(view: _SentenceView, match: _Match, cues: _MatchCues, memory: _ArticleMemory) -> Span | None:
    """Keep or drop a gazetteer match given its context; returns the span or None."""
    text, tokens, runs, run_sizes = view.text, view.tokens, view.runs, view.run_sizes
    i, j, end, hits = match.i, match.j, match.end, match.hits
    sentence, unreliable_case, lex = view.index, view.unreliable_case, view.lex
    sentence_start, apposition = cues.sentence_start, cues.apposition
    person_tokens, lowercase_words = memory.person_tokens, memory.lowercase_words
    start = tokens[i].start
    surface = text[start:end]
    big = any(is_prominent(h) for h in hits)
    n_tokens = j - i + 1
    embedded = run_sizes[runs[i]] > n_tokens and not _possessive_after(text, end)
    prev_word = tokens[i - 1].text.lower() if i > 0 else ""
    next_word = tokens[j + 1].text.lower() if j + 1 < len(tokens) else ""
    # a lower-case content word right after the name: the name modifies it ("Arab countries", "the Atlanta area")
    # ("in Alpine villages"; not "in Alpine recently", "in Alpine south of", "the Pentagon announced")
    # (English only: French adjectives follow the noun, and FUNCTION_WORDS are English)
    modifier = (lex.lang == "en" and j + 1 < len(tokens) and text[end : tokens[j + 1].start] == " "
                and tokens[j + 1].text.islower()
                and next_word not in FUNCTION_WORDS and next_word not in DIRECTION_WORDS
                and not next_word.endswith(("ly", "ed")))
    event = (prev_word == "of" and i > 1 and tokens[i - 2].text.lower() in EVENT_NOUNS) or (
        next_word in EVENT_NOUNS and modifier)  # "the anniversary of Independence", "Independence celebrations"
    cue = "name"
    if all(h.name_type == NAME_ADJECTIVE for h in hits):
        cue = "adjective"
    elif all(h.name_type == NAME_ABBREVIATION for h in hits):
        cue = "abbreviation"
    if cue != "name":
        return Span(start, end, surface, sentence, hits, cue)
    if surface.isupper() and len(surface) > 2 and _DATELINE_AFTER.match(text, end):
        return Span(start, end, surface, sentence, hits, cue)  # "ATLANTA -", "CHARLESTON, W.Va. --": a dateline
    if n_tokens == 1 and surface.lower() in DIRECTION_WORDS_BY_LANGUAGE.get(lex.lang, DIRECTION_WORDS):
        return None  # "Western allies", "Central government": a direction word alone names no place
    if n_tokens == 1 and _first_name_of_person(text, tokens, runs, j):
        return None  # "Jordan Smith", "Chad Johnson", "Paris Hilton": a given name, not the place
    strong = any(h.place.kind in STRONG_KINDS for h in hits)
    countryish = any(h.place.kind in COUNTRYLIKE_KINDS for h in hits)
    zipf = view.zipf(surface) if n_tokens == 1 else 0.0
    alternate_only = all(h.name_type != NAME_PRIMARY for h in hits)
    bearer_cues = memory.bearers.cues(surface) if n_tokens == 1 and memory.bearers is not None else 0
    if bearer_cues >= STRONG_BEARER_CUES:
        return None  # "said Georgia.", "Georgia's father": the skater, not the country
    if countryish:
        if embedded and lex.countries_in_names and _inside_longer_name(tokens, runs, i, j, lex):
            return None  # "France Télévisions", "Jeune Afrique": the country's name is part of another name
        return None if embedded and prev_word in lex.titles else Span(start, end, surface, sentence, hits, cue)
    if any(h.place.kind == Kind.WATER for h in hits):
        water = tuple(h for h in hits if h.place.kind == Kind.WATER)
        if n_tokens > 1 and not embedded and len(water) == len(hits):
            return Span(start, end, surface, sentence, hits, cue)  # "Red Sea", "Lake Victoria", "Indian Ocean"
        if prev_word == "the" and not embedded and (not modifier or next_word in WATER_MODIFIED_NOUNS):
            return Span(start, end, surface, sentence, water, cue)  # "the Atlantic", "the Mediterranean coast"
        hits = tuple(h for h in hits if h.place.kind != Kind.WATER)  # "Pacific islands", "Atlantic City"
        if not hits:
            return None
        big = any(is_prominent(h) for h in hits)
        alternate_only = all(h.name_type != NAME_PRIMARY for h in hits)
    huge = any(h.place.population >= HUGE_POPULATION for h in hits)
    if bearer_cues and not (strong or huge):
        return None  # "her dog Rex ... Rex ran": a given name the article gives a person or an animal
    if event and not strong:
        return None  # "Independence celebrations", "the anniversary of Unity": a holiday, not the town
    coordinated = next_word in ("and", "or") and j + 2 < len(tokens) and tokens[j + 2].capitalised
    if (prev_word == "the" and not strong and not modifier and not coordinated and not embedded
            and text[end : end + 1] != "-" and tokens[j].text.lower() not in FEATURE_WORDS
            and all(h.place.kind in SETTLEMENT_KINDS for h in hits) and not any(
            normalize_name(h.place.name).startswith("the ") for h in hits)):
        return None  # "the White House", "the Pentagon": a town's name after "the" is a building or an institution
    speaker = _speaker_follows(tokens, j, lex) and prev_word not in lex.locative_cues and not (
        lex.capitals_speak and any(h.place.feature_code == "PPLC" for h in hits)
    )
    if prev_word in lex.titles or speaker or (surface.lower() in person_tokens and not strong):
        return None  # "General Maiga", "Kane said", a surname seen before
    opens_name = i == 0 or runs[i - 1] != runs[i]
    # "Tennessee Senior Olympics", "Georgia Bureau", but not "Vladimir Putin" when "Putin" also stands alone
    # a county's full name opening a longer one names the county too ("Hall County Environmental Health")
    if embedded and not _embedding_allows(text, tokens, runs, i, j, big, lex) and not (
            (strong or (n_tokens > 1 and any(h.place.kind == Kind.COUNTY for h in hits))) and opens_name
            and not _first_name_of_a_person(tokens, runs, run_sizes, j, n_tokens, memory)):
        return None  # "Ibrahim Kane", "Vladimir Putin", but "Texas Department of ...", "University of Pretoria",
        # and a province opening a name ("Tennessee Senior Olympics"): named after it, it names it
    # a spelling of the place's own name ("Mayadin" for "Al Mayādīn"), not a foreign name that is an English word
    if n_tokens == 1 and alternate_only and (
            zipf >= (lex.alternate_name_max_zipf or ALTERNATE_NAME_MAX_ZIPF)
            or (lex.alternates_need_prominence and not (big or _own_spelling(surface, hits)))):
        return None  # "We" (an alternate name of Hue), "Part" (of Perth): foreign spellings that are words
    if zipf >= ALWAYS_A_WORD_ZIPF or (zipf >= VERY_COMMON_ZIPF and not huge):
        return None  # "We", "Both", "March", "City": ordinary words first
    if strong or huge:
        return Span(start, end, surface, sentence, hits, cue)
    if apposition and not unreliable_case:
        return Span(start, end, surface, sentence, hits, cue)  # "Greer, South Carolina"
    opens_institution = sentence_start and embedded and _institution_follows(tokens, runs, i, j, lex)
    opener_zipf = BIG_OPENER_WORD_ZIPF if big else OPENER_WORD_ZIPF
    if ((sentence_start and n_tokens == 1) or unreliable_case) and (zipf >= opener_zipf or not big):
        if opens_institution and big and zipf < (lex.big_city_common_zipf or BIG_CITY_COMMON_ZIPF):
            return Span(start, end, surface, sentence, hits, cue)  # "Oxford City Council has said..."
        common_word_zipf = lex.common_word_zipf or COMMON_WORD_ZIPF
        if unreliable_case or zipf >= ((lex.big_city_common_zipf or BIG_CITY_COMMON_ZIPF) if big else common_word_zipf):
            return None  # "Both", "Observers"; a big city's name ("CHARLESTON, W.Va.") may open a sentence
        if zipf >= common_word_zipf:  # "Vancouver has seen...": a big city whose name is also a frequent word
            return Span(start, end, surface, sentence, hits, cue, tentative=True)  # kept if named again
        if next_word in lex.place_modified_nouns or opens_institution:
            return Span(start, end, surface, sentence, hits, cue)  # "DeKalb residents", "Oxford City Council"
        return Span(start, end, surface, sentence, hits, cue, tentative=True)  # kept if named again
    if n_tokens == 1 and surface.lower() in lowercase_words:
        zipf = max(zipf, VERY_COMMON_ZIPF)  # the article itself uses it as an ordinary word
    common = (lex.big_city_common_zipf or BIG_CITY_COMMON_ZIPF) if big else (lex.common_word_zipf or COMMON_WORD_ZIPF)
    if zipf >= common and not (
        prev_word in lex.locative_cues and (big or zipf < (lex.locative_rescue_max_zipf or LOCATIVE_RESCUE_MAX_ZIPF))
        and not modifier
    ):
        return None  # "Mobile", "Bath", "Nice" need "in", "near"... before them
    return Span(start, end, surface, sentence, hits, cue)


def _first_name_of_a_person(tokens: list[Token], runs: list[int], run_sizes: dict[int, int], j: int, n_tokens: int,
                            memory: _ArticleMemory) -> bool:
    """A two-word name whose second word the article also writes alone is a person ("Vladimir Putin", "Putin
    said"); "Tennessee Senior Olympics", "Georgia Bureau" are not."""
    return (run_sizes[runs[j]] == n_tokens + 1 and j + 1 < len(tokens) and memory.standalone is not None
            and tokens[j + 1].text.lower() in memory.standalone.value)


def _own_spelling(surface: str, hits: tuple[NameHit, ...]) -> bool:
    """Whether a one-word alternate name is a place's own name without its article ("Mayadin" for "Al Mayādīn")."""
    norm = normalize_name(surface)
    return any(strip_article(normalize_name(h.place.name)) == norm for h in hits)


def _embedding_allows(
    text: str, tokens: list[Token], runs: list[int], i: int, j: int, big: bool, lex: Lexicon = ENGLISH
) -> bool:
    """Whether a match inside a longer capitalised run still names the place.

    It does when the run goes on with an institution ("Texas Department", "Richmond Police") or the
    match follows "of" ("University of Pretoria"); a big city or admin-1 unit also counts in the middle
    of a name; a match right beside another unknown capitalised word is a person's name.
    """
    run = runs[i]
    at_start = i == 0 or runs[i - 1] != run
    at_end = j + 1 >= len(tokens) or runs[j + 1] != run
    if at_start and _institution_follows(tokens, runs, i, j, lex):
        return True  # "Dublin City Manager", "Gainesville Environmental Services", "Ohio Coalition"
    before = tokens[i - 1].text.lower() if i > 0 else ""
    if at_end and i > 0 and (
        before in lex.connectors or before in DIRECTION_WORDS_BY_LANGUAGE.get(lex.lang, DIRECTION_WORDS)
        or before in PLACE_PREFIXES
    ):
        return True  # "University of Pretoria", "North Texas", "Metro Nashville", "Downtown Greer"
    return big and not at_start and not at_end


def _institution_follows(tokens: list[Token], runs: list[int], i: int, j: int, lex: Lexicon = ENGLISH) -> bool:
    """True when the capitalised name that starts at token i goes on with an institution or an office."""
    rest = [tokens[k].text.lower() for k in range(j + 1, len(tokens)) if runs[k] == runs[i]]
    return any(word in lex.institution_words or word in lex.office_words for word in rest)


def _inside_longer_name(tokens: list[Token], runs: list[int], i: int, j: int, lex: Lexicon) -> bool:
    """True when the match opens a capitalised run that goes on right after it ("France Télévisions"), or
    closes one right after a capitalised word that is no connector or direction ("Jeune Afrique")."""
    at_start = i == 0 or runs[i - 1] != runs[i]
    if at_start:
        return j + 1 < len(tokens) and runs[j + 1] == runs[i]
    at_end = j + 1 >= len(tokens) or runs[j + 1] != runs[i]
    before = tokens[i - 1]
    return at_end and before.capitalised and before.text.lower() not in lex.connectors \
        and before.text.lower() not in DIRECTION_WORDS_BY_LANGUAGE.get(lex.lang, DIRECTION_WORDS)


def _speaker_follows(tokens: list[Token], j: int, lex: Lexicon) -> bool:
    """A verb of speech after the match, past an auxiliary in French ("Kane said", "Kane a déclaré")."""
    if j + 1 >= len(tokens):
        return False
    word = tokens[j + 1].text.lower()
    if word in lex.speech_verbs:
        return True
    return word in lex.auxiliaries and j + 2 < len(tokens) and tokens[j + 2].text.lower() in lex.speech_verbs


def _first_name_of_person(text: str, tokens: list[Token], runs: list[int], j: int) -> bool:
    """True when token j is a given name followed, in the same name, by a surname ("Jordan Smith")."""
    if j + 1 >= len(tokens) or runs[j + 1] != runs[j] or runs[j] < 0:
        return False
    following = tokens[j + 1].text.lower()
    if text[tokens[j].end : tokens[j + 1].start] != " " or following in INSTITUTION_WORDS or following in OFFICE_WORDS:
        return False  # "Paris Junior College", "Alexandria Police Spokeswoman": an institution, no person
    return looks_like_full_name(tokens[j].text, tokens[j + 1].text)


def _possessive_after(text: str, end: int) -> bool:
    return text[end : end + 2] in ("'s", "’s")


def _remember_person_names(
    tokens: list[Token],
    runs: list[int],
    spans: list[Span],
    person_tokens: set[str],
    gazetteer: PlaceIndex,
    unreliable_case: bool,
    lex: Lexicon = ENGLISH,
) -> None:
    """Remember the surname of every 2-4 word capitalised run that is not a place ("Ibrahim Kane").

    A later bare "Kane" or "Modi" in the article is then that person, not a place. Runs that hold a
    recognised place, acronyms, or end in a province or big city ("Team Alberta") are not names.
    """
    if unreliable_case:
        return
    covered = {(s.start, s.end) for s in spans}
    by_run: dict[int, list[Token]] = {}
    for tok, r in zip(tokens, runs, strict=True):
        if r >= 0:
            by_run.setdefault(r, []).append(tok)
    for run_tokens in by_run.values():
        words = [t for t in run_tokens if t.text.lower() not in lex.connectors]
        if len(words) < 2 or any((t.start, t.end) in covered for t in words):
            continue
        if any(t.text.isupper() and len(t.text) > 1 for t in words):
            continue
        names = [t.text for t in words if t.text.lower() not in lex.titles]
        if names and any(
            h.place.kind in STRONG_KINDS or h.place.population >= PROMINENT_POPULATION
            for h in gazetteer.candidates(normalize_name(names[-1]))
        ):
            continue  # "Team Alberta", "Washington-Moscow route": a province or big city closing a name
        if 2 <= len(names) <= 4:
            person_tokens.add(names[-1].lower())  # "Andrew Brunson" -> a later bare "Brunson" is him


#: Words before a lower-case demonym that make it a noun ("en français", "le français"), not an adjective.
_NOUN_MARKERS_FR = frozenset("le la les l un une des du au aux en de d".split())
#: Characters before a French name searched for a cue noun ("la région de", "le fleuve").
KIND_CUE_WINDOW_CHARS = 40


def _lowercase_name(view: _SentenceView, i: int, index: LowercaseNames) -> tuple[int, Span] | None:
    """A name written in lower case starting at token i ("malienne", "sud-africains", "zone des trois
    frontières"): (its last token, its span) or None. A demonym right after an article or "en" is a noun
    (the language: "en français"), not the country."""
    tokens, text = view.tokens, view.text
    first = tokens[i]
    if not first.text[0].islower() or not index.starts_lowercase_name(normalize_name(first.text)):
        return None
    best: tuple[int, tuple[NameHit, ...]] | None = None
    j = i
    while True:
        norm = normalize_name(text[first.start : tokens[j].end])
        hits = index.lowercase_candidates(norm)
        if hits:
            best = (j, hits)
        if not (j + 1 < len(tokens) and j - i + 1 < MAX_SPAN_TOKENS and _joinable(text, tokens[j], tokens[j + 1])
                and index.extends(norm)):
            break
        j += 1
    if best is None:
        return None
    j, hits = best
    adjective = all(h.name_type == NAME_ADJECTIVE for h in hits)
    if adjective and i > 0 and tokens[i - 1].text.lower() in _NOUN_MARKERS_FR:
        return None
    end = tokens[j].end
    cue = "adjective" if adjective else "name"
    return j, Span(first.start, end, text[first.start : end], view.index, hits, cue)


def _kind_cue_readings(text: str, start: int, hits: tuple[NameHit, ...], lex: Lexicon) -> tuple[NameHit, ...]:
    """The readings a cue noun before the name allows ("la région de Kidal": the region; "la ville de
    Tombouctou": the town); all of them without a cue; none for a river or a mountain the index lacks."""
    cue = _KIND_CUE_FR.search(text[max(0, start - KIND_CUE_WINDOW_CHARS) : start])
    allowed = lex.kind_cues.get(cue.group("cue").lower()) if cue else None
    if allowed is None:
        return hits
    kept = tuple(h for h in hits if h.place.kind in allowed)
    if kept or allowed.isdisjoint(_FALLBACK_CUE_KINDS):
        return kept
    return hits


def _with_direction(text: str, span: Span, sent_start: int, sent_end: int, lex: Lexicon = ENGLISH) -> Span:
    """Extend a country/admin-1/region span to a directional part when the text says one."""
    if lex.lang == "fr":
        return _with_french_direction(text, span, sent_start, sent_end)
    if not any(h.place.kind in PART_PARENT_KINDS and h.name_type != NAME_ADJECTIVE for h in span.hits):
        return span
    window_start = max(sent_start, span.start - DIRECTION_WINDOW_CHARS)
    before = _DIR_BEFORE.search(text[window_start : span.start])
    if before:
        group = "dir1" if before.group("dir1") else "dir2"
        word = before.group(group).lower()
        if word.endswith("ern") or word in DIRECTIONS[CENTRAL].words or group == "dir1":
            start = window_start + before.start(group)
            return Span(
                start, span.end, text[start : span.end], span.sentence, span.hits, "direction", _direction(word)
            )
    after = _DIR_AFTER.match(text[span.end : min(sent_end, span.end + DIRECTION_WINDOW_CHARS)])
    if after:
        word = after.group("dir").lower().replace(" ", "-")
        end = span.end + after.end()
        return Span(span.start, end, text[span.start : end], span.sentence, span.hits, "direction", _direction(word))
    return span


def _with_french_direction(text: str, span: Span, sent_start: int, sent_end: int) -> Span:
    """French directional parts: "le nord du Mali", "l'est du Burkina Faso", "dans le centre du Mali", "les
    régions du nord du Mali", "le Nord-Mali", "le Sahel central", and with a demonym "le Nord malien"."""
    parents = [h for h in span.hits if h.place.kind in PART_PARENT_KINDS]
    if not parents:
        return span
    window_start = max(sent_start, span.start - DIRECTION_WINDOW_CHARS)
    before_text = text[window_start : span.start]
    if all(h.name_type == NAME_ADJECTIVE for h in parents):
        before = _DIR_BEFORE_ADJECTIVE_FR.search(before_text)
        if before is None:
            return span
        start = window_start + before.start("dir")
        word = before.group("dir")
    else:
        before = _DIR_BEFORE_FR.search(before_text)
        after = _DIR_AFTER_FR.match(text[span.end : min(sent_end, span.end + DIRECTION_WINDOW_CHARS)])
        if before is not None and _DISTANCE_BEFORE_FR.search(before_text[: before.start()]):
            before = None  # "à 20 km au nord de Gao": a direction from the place, not a part of it
        if before is not None:
            group = "dir1" if before.group("dir1") else "dir2"
            start, word = window_start + before.start(group), before.group(group)
        elif after is not None:
            end = span.end + after.end()
            return Span(span.start, end, text[span.start : end], span.sentence, span.hits, "direction",
                        direction_of(after.group("dir"), CENTRAL, lang="fr"))
        else:
            return span
    return Span(start, span.end, text[start : span.end], span.sentence, span.hits, "direction",
                direction_of(word, CENTRAL, lang="fr"))


def _direction(word: str) -> str:
    """Canonical direction of "north-eastern", "northern", "south east"... ("central" if unknown)."""
    return direction_of(word, CENTRAL)


def _drop_overlaps(spans: list[Span]) -> list[Span]:
    """Spans in text order without partial overlaps; a span nested in a group's name is kept."""
    kept: list[Span] = []
    offsets: set[tuple[int, int]] = set()
    outer: Span | None = None
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if outer is not None and span.start < outer.end:
            nested_in_group = span.end <= outer.end and all(h.place.kind == Kind.GROUP for h in outer.hits)
            if not nested_in_group or (span.start, span.end) in offsets:
                continue
        else:
            outer = span
        kept.append(span)
        offsets.add((span.start, span.end))
    return kept
