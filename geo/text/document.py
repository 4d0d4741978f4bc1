"""Article text to a Document: lines, sentences and headings with their offsets (pure functions)."""

from __future__ import annotations

import re

from geo.model import Document, Sentence
from geo.settings import MAX_TEXT_CHARS


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
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9À-Ý])")
_TERMINAL = tuple(".!?…:;\"'”’)")


def make_document(text: str, *, title: str = "", doc_id: str = "") -> Document:
    """Split ``text`` into sentences (lines first, then sentence punctuation) with offsets.

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
    return Document(text=text, sentences=tuple(sentences), title=title, doc_id=doc_id)


def _split_line(line: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(line):
        word = re.search(r"([\w.]+)[.]$", line[start : match.start() + 1])
        if word and match.group().startswith(".") and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        if word and len(word.group(1)) == 1 and word.group(1).isupper():  # initials: "J. Smith"
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(line)))
    return spans


def _strip_span(line: str, start: int, end: int) -> tuple[int, int]:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return start, end


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    words = re.findall(r"[^\W\d_][\w'’-]*", stripped)
    if not words or len(words) > 12 or stripped.endswith(_TERMINAL[:5]):
        return False
    capitalised = sum(w[0].isupper() for w in words if len(w) > 3 or w[0].isupper())
    long_words = sum(1 for w in words if len(w) > 3 or w[0].isupper())
    return long_words > 0 and capitalised / long_words >= 0.6
