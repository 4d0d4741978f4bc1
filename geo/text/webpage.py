"""Saved web pages: main text, title, URL and site with trafilatura, publication date with htmldate.

Everything runs offline: both libraries get the page's markup, never a URL to fetch. Used for every saved
page: ``geo parse``, ``geo map``, dashboard uploads and pastes (through ``geo.text.reading``) and corpus ingest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from geo.settings import MAX_TEXT_CHARS
from geo.text.document import ArticleError
from geo.text.htmltext import html_to_text

#: Largest saved page read, in bytes.
MAX_PAGE_BYTES = 20_000_000


@dataclass(frozen=True, slots=True)
class WebArticle:
    """What a saved page yields: the article text and whatever metadata the page carries."""

    text: str
    title: str = ""
    url: str = ""
    site: str = ""
    date: date | None = None
    lang: str = ""


def read_web_page(data: bytes | str, *, filename: str = "page.html") -> WebArticle:
    """The main text and metadata of a saved HTML page.

    trafilatura finds the article body (navigation, footers and scripts dropped) and the title, canonical
    URL and site name; htmldate finds the publication date. When trafilatura finds no body (very short
    pages), the page's visible text is used instead. Raises ArticleError for binary or empty pages.
    """
    markup = _decode(data, filename)
    import trafilatura

    doc = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False, include_tables=True,
                                      include_formatting=False, include_images=False)
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        text = html_to_text(markup).strip()
    if not text:
        raise ArticleError(f"{filename}: the page contains no text")
    if len(text) > MAX_TEXT_CHARS:
        raise ArticleError(f"{filename}: {len(text):,} characters of text; the limit is {MAX_TEXT_CHARS:,}")
    return WebArticle(
        text=text,
        title=_clean(getattr(doc, "title", None)),
        url=_clean(getattr(doc, "url", None)),
        site=_clean(getattr(doc, "sitename", None)) or _clean(getattr(doc, "hostname", None)),
        date=publication_date(markup),
        lang=_clean(getattr(doc, "language", None)),
    )


def publication_date(markup: str) -> date | None:
    """The page's original publication date (htmldate), or None when it names none."""
    if not re.search(r"<[A-Za-z!]", markup):  # never let htmldate take the text for a URL to download
        return None
    from htmldate import find_date

    found = find_date(markup, original_date=True, outputformat="%Y-%m-%d", extensive_search=False)
    try:
        return date.fromisoformat(found) if found else None
    except ValueError:
        return None


def _decode(data: bytes | str, filename: str) -> str:
    if isinstance(data, str):
        return data
    if len(data) > MAX_PAGE_BYTES:
        raise ArticleError(f"{filename}: {len(data):,} bytes; the limit is {MAX_PAGE_BYTES:,}")
    if b"\x00" in data[:65536]:
        raise ArticleError(f"{filename}: looks like a binary file, not a web page")
    charset = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
    encoding = charset.group(1).decode("ascii") if charset else "utf-8"
    try:
        return data.decode("utf-8-sig" if encoding.lower() in {"utf-8", "utf8"} else encoding)
    except (LookupError, UnicodeDecodeError):
        return data.decode("utf-8", errors="replace")


def _clean(value: object) -> str:
    return re.sub(r"\s+", " ", value).strip() if isinstance(value, str) else ""
