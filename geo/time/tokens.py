"""Sentence text to tokens with document offsets: words, numbers, ordinals, decades, punctuation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

TokenKind = Literal["word", "number", "ordinal", "decade", "punct", "other"]

#: A word or number with its inner separators ("5,000", "2.5", "Mali’s"), else one other character. Each
#: alternative starts with a different class of character and its repeats cannot overlap: linear time.
_TOKEN = re.compile(r"\w+(?:[.,]\d+)*(?:[’']\w+)?|\S")
_ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)", re.IGNORECASE)
_DECADE = re.compile(r"(\d{3}0)[’']?s")
_POSSESSIVE = ("’s", "'s")


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


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of ``text``; offsets are shifted by ``offset`` (the sentence's start in the document)."""
    return [_token(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


def _token(text: str, start: int, end: int) -> Token:
    low = text.lower()
    if low.endswith(_POSSESSIVE) and len(low) > 2:
        low = low[:-2]
    if low.isdigit():
        return Token(text, low, start, end, "number", int(low) if len(low) <= 9 else None)
    if ordinal := _ORDINAL.fullmatch(low):
        return Token(text, low, start, end, "ordinal", int(ordinal.group(1)))
    if decade := _DECADE.fullmatch(low):
        return Token(text, low, start, end, "decade", int(decade.group(1)))
    if low.isalpha():
        return Token(text, low, start, end, "word")
    if len(text) == 1 and not text.isalnum():
        return Token(text, low, start, end, "punct")
    return Token(text, low, start, end, "other")
