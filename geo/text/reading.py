"""Reading articles (the I/O edge): bytes of a .txt, .md or .html file to article text.

Errors a reader can fix (binary, not UTF-8, empty, too large) raise ``ArticleError`` with a one-line message.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path

from geo.model import Document
from geo.settings import MAX_UPLOAD_BYTES
from geo.text.document import ArticleError, make_document
from geo.text.htmltext import html_to_text

__all__ = [
    "ArticleError",
    "article_title",
    "decode_article",
    "first_line_title",
    "html_to_text",
    "looks_like_web_page",
    "markdown_to_text",
    "read_article",
    "read_documents",
]


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
    if looks_like_web_page(text, filename):
        from geo.text.webpage import read_web_page  # trafilatura: the article body, not the page's chrome

        text = read_web_page(text, filename=filename).text
    elif suffix == ".md":
        text = markdown_to_text(text)
    if not text.strip():
        raise ArticleError(f"{filename}: contains no text")
    return text


def read_article(path: Path | str) -> str:
    """Read an article file (.txt, .md, .html) from disk."""
    path = Path(path)
    return decode_article(path.read_bytes(), filename=path.name)


def markdown_to_text(markup: str) -> str:
    """Plain text of Markdown: heading marks, emphasis and link targets removed."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markup)
    text = re.sub(r"^\s{0,3}(#{1,6}|>|[-*+]\s)\s*", "", text, flags=re.MULTILINE)
    return re.sub(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1", r"\2", text)


def first_line_title(text: str, fallback: str, *, limit: int = 120) -> str:
    """The first non-empty line of ``text``, stripped; past ``limit`` characters it is cut at the last
    word boundary (never mid-word) and ends with "…". ``fallback`` when there is no such line."""
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        if len(line) <= limit:
            return line
        cut = line[: limit - 1]
        space = cut.rfind(" ")
        return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:-–—") + "…"
    return fallback


def looks_like_web_page(text: str, filename: str) -> bool:
    """A saved web page, whatever its name says: .html/.htm, or any other file (a page saved as .txt
    included; Markdown excepted) that starts with ``<!doctype`` or ``<html``."""
    suffix = Path(filename).suffix.lower()
    if suffix in {".html", ".htm"}:
        return True
    return suffix != ".md" and re.match(r"\s*(<\?xml[^>]*>\s*)?<(!doctype|html)", text, re.IGNORECASE) is not None


def article_title(path: Path, text: str) -> str:
    """Title from data/articles/articles.json when the file is listed there, else the first line."""
    from geo.text.articles import bundled_titles

    return bundled_titles().get(path.name) or first_line_title(text, path.name)


#: The path that stands for standard input.
STDIN = Path("-")


def _bundled_date(path: Path) -> str:
    """The publication date data/articles/articles.json gives a bundled article ("" for other files)."""
    from geo.text.articles import bundled_dates

    return bundled_dates().get(path.name, "")


def _bundled_language(path: Path) -> str:
    """The language data/articles/articles.json gives a bundled article ("" for other files: detected)."""
    from geo.text.articles import bundled_languages

    return bundled_languages().get(path.name, "")


def read_documents(paths: Iterable[Path]) -> tuple[list[Document], list[tuple[Path, str]]]:
    """Article files as Documents (titled, ``doc_id`` = file name; ``-`` reads standard input), and the
    (path, reason) of those unread."""
    docs, problems = [], []
    for path in paths:
        try:
            if path == STDIN:
                text = decode_article(sys.stdin.buffer.read(MAX_UPLOAD_BYTES + 1), filename="<stdin>")
                docs.append(make_document(text, title=article_title(Path("stdin"), text), doc_id="stdin"))
                continue
            text = read_article(path)
        except (OSError, ArticleError) as err:
            problems.append((path, str(err)))
            continue
        docs.append(make_document(text, title=article_title(path, text), doc_id=path.name,
                                  published=_bundled_date(path), lang=_bundled_language(path)))
    return docs, problems
