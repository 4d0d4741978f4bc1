"""Article text to a Document: lines, sentences and headings with their offsets (pure functions)."""

from __future__ import annotations

import itertools
import re

from geo.model import Document, Sentence
from geo.settings import MAX_TEXT_CHARS
from geo.text.language import detect_language


class ArticleError(ValueError):
    """An article that cannot be read: empty, binary, not UTF-8, or too large."""


_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "st",
        "mt",
        "ft",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "gov",
        "sen",
        "rep",
        "pres",
    ]
)
#: The end of a sentence: a run of end punctuation (matched only from its first character, possessively,
#: so a run of 60,000 dots is read once), closing quotes or brackets, then space and a capital or digit.
_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’)\]]*+(?=\s+[\"'“‘(\[]?[A-Z0-9À-Ý])")
#: The word (letters, digits, inner dots) that ends with the dot of a sentence end: "U.S.", "Mr.", "J.".
_WORD_BEFORE_DOT = re.compile(r"[\w.]+\.$")
#: Characters before a sentence-ending dot searched for an abbreviation or an initial: longer words are
#: neither, so the search stays bounded (the splitter is linear in the line's length).
ABBREVIATION_WINDOW = 16
_TERMINAL = tuple(".!?…:;\"'”’)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: A heading has at most this many words, and this share of its longer words capitalised.
HEADING_MAX_WORDS, HEADING_CAPITALS_SHARE = 12, 0.6


def make_document(text: str, *, title: str = "", doc_id: str = "", published: str = "", lang: str = "") -> Document:
    """Split ``text`` into sentences (lines first, then sentence punctuation) with offsets.

    ``lang`` is the article's language (ISO 639-1) when known; "" detects it (``geo.text.language``).

    A short line without end punctuation whose words are mostly capitalised is a heading.
    """
    if not isinstance(text, str):
        raise ArticleError("article text must be a string")
    if len(text) > MAX_TEXT_CHARS:
        raise ArticleError(f"article is {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}")
    sentences: list[Sentence] = []
    for line in re.finditer(r"[^\n\r\u2028\u2029]+", text):
        line_text = line.group()
        if not line_text.strip():
            continue
        heading = _looks_like_heading(line_text)
        for start, end in _split_line(line_text):
            start, end = _strip_span(line_text, start, end)
            if start < end:
                sentences.append(
                    Sentence(len(sentences), line.start() + start, line.start() + end, line_text[start:end], heading)
                )
    lang = lang.strip().lower() or detect_language(text)
    return Document(text=text, sentences=tuple(sentences), title=title, doc_id=doc_id, published=published,
                    lang=lang)


def _split_line(line: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of one line; linear in its length."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(line):
        word = _word_before_dot(line, start, match.start() + 1)
        if word and match.group().startswith(".") and word.lower().rstrip(".") in _ABBREVIATIONS:
            continue
        if word and len(word) == 1 and word.isupper():  # initials: "J. Smith"
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(line)))
    return spans


def _word_before_dot(line: str, start: int, dot_end: int) -> str:
    """The word ending with the dot at ``dot_end - 1`` (not reaching back before ``start``), without that
    dot; "" when there is none or it is longer than ABBREVIATION_WINDOW (then it is no abbreviation)."""
    lo = max(start, dot_end - ABBREVIATION_WINDOW)
    found = _WORD_BEFORE_DOT.search(line, lo, dot_end)
    if found is None:
        return ""
    if found.start() == lo and lo > start and _WORD_BEFORE_DOT.match(line[lo - 1] + "."):
        return ""  # the word goes on before the window: too long to be an abbreviation or an initial
    return found.group()[:-1]


def _strip_span(line: str, start: int, end: int) -> tuple[int, int]:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return start, end


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    if stripped.endswith(_TERMINAL[:5]):
        return False
    # a heading has few words: no need to read past the thirteenth
    words = [m.group() for m in itertools.islice(_WORD.finditer(stripped), HEADING_MAX_WORDS + 1)]
    if not words or len(words) > HEADING_MAX_WORDS:
        return False
    capitalised = sum(w[0].isupper() for w in words if len(w) > 3 or w[0].isupper())
    long_words = sum(1 for w in words if len(w) > 3 or w[0].isupper())
    return long_words > 0 and capitalised / long_words >= HEADING_CAPITALS_SHARE
