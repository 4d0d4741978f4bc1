"""Turning raw article input (txt, md, html bytes or str) into a Document with sentence offsets."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from geo.model import Document, Sentence
from geo.settings import MAX_TEXT_CHARS, MAX_UPLOAD_BYTES


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


# --- reading files (the I/O edge) -------------------------------------------------------------

def decode_article(data: bytes, *, filename: str = "article.txt") -> str:
    """Decode uploaded bytes to article text; HTML is reduced to its visible text.

    Raises ArticleError with a message fit for a reader on binary, non-UTF-8, empty or oversized input.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise ArticleError(f"{filename}: {len(data):,} bytes; the limit is {MAX_UPLOAD_BYTES:,} bytes (5 MB)")
    if b"\x00" in data[:65536]:
        raise ArticleError(f"{filename}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ArticleError(f"{filename}: not UTF-8 text (byte {err.start} cannot be decoded)") from None
    suffix = Path(filename).suffix.lower()
    if suffix in {".html", ".htm"} or (
        suffix not in {".txt", ".md"} and re.match(r"\s*<(!doctype|html)", text, re.IGNORECASE)
    ):
        text = html_to_text(text)
    elif suffix == ".md":
        text = markdown_to_text(text)
    if not text.strip():
        raise ArticleError(f"{filename}: contains no text")
    return text


def read_article(path: Path | str) -> str:
    """Read an article file (.txt, .md, .html) from disk."""
    path = Path(path)
    return decode_article(path.read_bytes(), filename=path.name)


class _TextExtractor(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object"})
    _BLOCK = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "section",
            "article",
            "header",
            "footer",
            "blockquote",
            "title",
            "ul",
            "ol",
            "table",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._SKIP:
            self._skip_depth += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip_depth:
            self._skip_depth -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page: scripts, styles and other non-text elements dropped."""
    extractor = _TextExtractor()
    extractor.feed(markup)
    extractor.close()
    lines = (re.sub(r"[ \t\f\v]+", " ", line).strip() for line in "".join(extractor.parts).splitlines())
    return "\n".join(line for line in lines if line)


def markdown_to_text(markup: str) -> str:
    """Plain text of Markdown: heading marks, emphasis and link targets removed."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markup)
    text = re.sub(r"^\s{0,3}(#{1,6}|>|[-*+]\s)\s*", "", text, flags=re.MULTILINE)
    return re.sub(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
