"""Sentence text to tokens with document offsets: words, numbers, ordinals, decades, punctuation.

``tokenize`` returns the tokens of a text as parallel sequences (``Tokens``): one ``findall`` pass, C-level
transposes and running sums for the offsets, and each distinct token text read once per process
(``_READINGS``); this costs about half of what one object per token does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, chain
from operator import itemgetter
from typing import Literal

TokenKind = Literal["word", "number", "ordinal", "decade", "punct", "other"]
#: What a token's text alone says: lower case without a possessive, kind, value, capitalised.
Reading = tuple[str, TokenKind, int | None, bool]

#: The spaces before a token, then the token: a word or number with its inner separators ("5,000", "2.5",
#: "Mali’s"), else one other character. Each alternative starts with a different class of character and
#: its repeats cannot overlap: linear time.
_SPACED_TOKEN = re.compile(r"(\s*)(\w+(?:[.,]\d+)*(?:[’']\w+)?|\S)")
_ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th|er|re|ère|e|ème)", re.IGNORECASE)  # "31st"; French "1er", "2e"
_DECADE = re.compile(r"(\d{3}0)[’']?s")
_READINGS: dict[str, Reading] = {}
MAX_READINGS = 100_000


@dataclass(frozen=True, slots=True)
class Token:
    """One token: ``text`` at ``[start, end)`` of the document; ``low`` is lower case without a possessive."""

    text: str
    low: str
    start: int
    end: int
    kind: TokenKind
    value: int | None = None  # numbers, ordinals ("31st" -> 31) and decades ("1990s" -> 1990)

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True, slots=True)
class Tokens:
    """The tokens of one text as parallel sequences (index ``i`` is the ``i``-th token). ``starts`` and
    ``ends`` count from the text's start; ``offset`` is that start in the document."""

    texts: Sequence[str]
    lows: Sequence[str]
    kinds: Sequence[TokenKind]
    values: Sequence[int | None]
    capitalised: Sequence[bool]
    starts: Sequence[int]
    ends: Sequence[int]
    offset: int = 0

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, i: int) -> Token:
        return Token(self.texts[i], self.lows[i], self.starts[i] + self.offset, self.ends[i] + self.offset,
                     self.kinds[i], self.values[i])


def tokenize(text: str, offset: int = 0) -> Tokens:
    """Tokens of ``text``; document offsets are ``offset`` (the sentence's start) plus their own."""
    pieces = _SPACED_TOKEN.findall(text)
    if not pieces:
        return Tokens((), (), (), (), (), (), (), offset)
    texts = list(map(itemgetter(1), pieces))
    readings = list(map(_READINGS.get, texts))
    if None in readings:  # words not seen before
        readings = [reading or _remember(word) for reading, word in zip(readings, texts, strict=True)]
    lows, kinds, values, capitalised = zip(*readings, strict=True)
    # the matches tile the text: running sums of the lengths of space runs and tokens are their bounds
    bounds = list(accumulate(map(len, chain.from_iterable(pieces))))
    return Tokens(texts, lows, kinds, values, capitalised, bounds[0::2], bounds[1::2], offset)


def _remember(text: str) -> Reading:
    reading = read(text)
    if len(_READINGS) < MAX_READINGS:
        _READINGS[text] = reading
    return reading


def read(text: str) -> Reading:
    """(lower case without a possessive, kind, value, capitalised) of one token's text."""
    low = text.lower()
    capitalised = text[:1].isupper()
    if len(low) > 2 and low[-2] in "’'" and low[-1] == "s":
        low = low[:-2]
    if low.isalpha():
        return low, "word", None, capitalised
    if low[0].isdigit():
        if low.isdigit():
            return low, "number", int(low) if len(low) <= 9 else None, capitalised
        if ordinal := _ORDINAL.fullmatch(low):
            return low, "ordinal", int(ordinal.group(1)), capitalised
        if decade := _DECADE.fullmatch(low):
            return low, "decade", int(decade.group(1)), capitalised
    elif len(text) == 1 and not text.isalnum():
        return low, "punct", None, capitalised
    return low, "other", None, capitalised
