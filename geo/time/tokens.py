"""Sentence text to tokens with document offsets: words, numbers, ordinals, decades, punctuation.

``tokenize`` returns the tokens of a text as parallel lists (``Tokens``): built by list comprehensions
over one regular-expression pass, with each distinct token text read once per process (``_READINGS``),
this costs about half of what one object per token does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

TokenKind = Literal["word", "number", "ordinal", "decade", "punct", "other"]
#: What a token's text alone says: lower case without a possessive, kind, value, capitalised.
Reading = tuple[str, TokenKind, int | None, bool]

#: A word or number with its inner separators ("5,000", "2.5", "Mali’s"), else one other character. Each
#: alternative starts with a different class of character and its repeats cannot overlap: linear time.
_TOKEN = re.compile(r"\w+(?:[.,]\d+)*(?:[’']\w+)?|\S")
_ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)", re.IGNORECASE)
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
    """The tokens of one text, as parallel lists (index ``i`` is the ``i``-th token)."""

    texts: list[str]
    lows: list[str]
    kinds: list[TokenKind]
    values: list[int | None]
    capitalised: list[bool]
    starts: list[int]
    ends: list[int]

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, i: int) -> Token:
        return Token(self.texts[i], self.lows[i], self.starts[i], self.ends[i], self.kinds[i], self.values[i])


def tokenize(text: str, offset: int = 0) -> Tokens:
    """Tokens of ``text``; offsets are shifted by ``offset`` (the sentence's start in the document)."""
    matches = list(_TOKEN.finditer(text))
    texts = [match.group() for match in matches]
    readings = [_READINGS.get(word) or _remember(word) for word in texts]
    starts = [match.start() + offset for match in matches]
    ends = [start + len(word) for start, word in zip(starts, texts, strict=True)]
    return Tokens(texts, [r[0] for r in readings], [r[1] for r in readings], [r[2] for r in readings],
                  [r[3] for r in readings], starts, ends)


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
