"""Reading articles (the I/O edge): bytes of a .txt, .md or .html file to article text.

Errors a reader can fix (binary, not UTF-8, empty, too large) raise ``ArticleError`` with a one-line message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

from geo.model import Document
from geo.settings import MAX_UPLOAD_BYTES
from geo.text.document import ArticleError, make_document

__all__ = ["ArticleError", "article_title", "decode_article", "html_to_text", "markdown_to_text", "read_article",
           "read_documents"]


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


def article_title(path: Path, text: str) -> str:
    """Title from data/articles/articles.json when the file is listed there, else the first line."""
    from geo.text.articles import bundled_titles

    return bundled_titles().get(path.name) or (text.strip().splitlines() or [path.name])[0][:120]


def read_documents(paths: Iterable[Path]) -> tuple[list[Document], list[tuple[Path, str]]]:
    """Article files as Documents (titled, ``doc_id`` = file name), and the (path, reason) of those unread."""
    docs, problems = [], []
    for path in paths:
        try:
            text = read_article(path)
        except (OSError, ArticleError) as err:
            problems.append((path, str(err)))
            continue
        docs.append(make_document(text, title=article_title(path, text), doc_id=path.name))
    return docs, problems
